package dev.iptriage.spark.bench;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Network;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * bench/spark-bench.sh's peer: the UDF Spark users usually write around MaxMind's GeoIP2-java, done
 * well (one static {@link DatabaseReader} per database and JVM, memory-mapped, with a {@link
 * CHMCache}; {@code tryCity}/{@code tryAsn} rather than an exception per unknown address; no DNS:
 * only IP literals reach {@link InetAddress#getByName}). It returns the CLI's default columns but
 * the address and status, typed as such a UDF types them.
 */
public final class GeoIp2Udf implements UDF1<String, Row> {
    private static final long serialVersionUID = 1L;

    /** What the UDF returns. */
    public static final StructType RETURN_TYPE = new StructType()
            .add("city", DataTypes.StringType)
            .add("country", DataTypes.StringType)
            .add("postal_code", DataTypes.StringType)
            .add("latitude", DataTypes.DoubleType)
            .add("longitude", DataTypes.DoubleType)
            .add("asn", DataTypes.LongType)
            .add("as_org", DataTypes.StringType)
            .add("network", DataTypes.StringType);

    // volatile, asn set first: a task thread that sees city set sees asn too
    private static volatile DatabaseReader city;
    private static volatile DatabaseReader asn;

    private final String cityPath;
    private final String asnPath;

    public GeoIp2Udf(String cityPath, String asnPath) {
        this.cityPath = cityPath;
        this.asnPath = asnPath;
    }

    /** For {@code spark.udf().register(name, udf, type)}. */
    public static DataType returnType() {
        return RETURN_TYPE;
    }

    private static synchronized void open(String cityPath, String asnPath) {
        if (city == null) {
            try {
                asn = new DatabaseReader.Builder(local(asnPath))
                        .withCache(new CHMCache())
                        .build();
                city = new DatabaseReader.Builder(local(cityPath))
                        .withCache(new CHMCache())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The path as given when it exists on this node, else the copy shipped with --files. */
    private static File local(String path) {
        File f = new File(path);
        return f.isFile() ? f : new File(SparkFiles.get(f.getName()));
    }

    @Override
    public Row call(String ip) throws Exception {
        if (ip == null) {
            return null;
        }
        InetAddress addr = address(ip, cityPath, asnPath);
        if (addr == null) {
            return RowFactory.create(null, null, null, null, null, null, null, null);
        }
        String cityName = null;
        String country = null;
        String postal = null;
        Double lat = null;
        Double lon = null;
        Long number = null;
        String org = null;
        Network network = null;
        Optional<AsnResponse> a = asn.tryAsn(addr);
        if (a.isPresent()) {
            number = a.get().autonomousSystemNumber();
            org = a.get().autonomousSystemOrganization();
            network = a.get().network();
        }
        Optional<CityResponse> c = city.tryCity(addr);
        if (c.isPresent()) {
            CityResponse r = c.get();
            cityName = r.city().name();
            country = r.country().name();
            postal = r.postal().code();
            lat = r.location().latitude();
            lon = r.location().longitude();
            if (network == null) {
                network = r.traits().network();
            }
        }
        return RowFactory.create(
                cityName, country, postal, lat, lon, number, org, network == null ? null : network.toString());
    }

    /**
     * The same UDF with a small answer: the country's ISO code (from the City database, as such a UDF
     * gets it) and the AS number, for the bench's narrow jobs ({@code NARROW=1}).
     */
    public static final class CountryAsn implements UDF1<String, Row> {
        private static final long serialVersionUID = 1L;

        /** What the UDF returns. */
        public static final StructType RETURN_TYPE =
                new StructType().add("country_iso", DataTypes.StringType).add("asn", DataTypes.LongType);

        private final String cityPath;
        private final String asnPath;

        public CountryAsn(String cityPath, String asnPath) {
            this.cityPath = cityPath;
            this.asnPath = asnPath;
        }

        @Override
        public Row call(String ip) throws Exception {
            if (ip == null) {
                return null;
            }
            InetAddress addr = address(ip, cityPath, asnPath);
            if (addr == null) {
                return RowFactory.create(null, null);
            }
            Optional<AsnResponse> a = asn.tryAsn(addr);
            Optional<CityResponse> c = city.tryCity(addr);
            return RowFactory.create(
                    c.map(r -> r.country().isoCode()).orElse(null),
                    a.map(AsnResponse::autonomousSystemNumber).orElse(null));
        }
    }

    /** The address to look up (the readers opened on first use); null when {@code ip} is no IP literal. */
    private static InetAddress address(String ip, String cityPath, String asnPath) {
        if (city == null) {
            open(cityPath, asnPath);
        }
        return literal(ip.strip());
    }

    /** The address of an IP literal; null for anything else (never a DNS lookup). */
    static InetAddress literal(String s) {
        if (s.isEmpty() || s.indexOf('%') >= 0) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                    return null;
                }
                if (Integer.parseInt(p) > 255) {
                    return null;
                }
            }
        } else if (!s.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == ':' || ch == '.')) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
