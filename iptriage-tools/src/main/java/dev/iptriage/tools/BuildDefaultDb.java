package dev.iptriage.tools;

import dev.iptriage.mmdb.MmdbWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the embedded default database ({@code iptriage-country.mmdb}, {@code iptriage-asn.mmdb} and
 * {@code manifest.properties}) from unpacked npm packages; {@code scripts/build-default-db.sh} fetches
 * the pinned versions and runs it.
 *
 * <pre>
 * BuildDefaultDb --country-package DIR   @ip-location-db/geo-whois-asn-country (CC0-1.0)
 *                --asn-package DIR       @ip-location-db/asn (CC BY 4.0)
 *                --atlas-package DIR     world-atlas (Natural Earth, public domain; ISC)
 *                --iso-codes-package DIR i18n-iso-countries (MIT; numeric to alpha-2 codes)
 *                --out DIR               where the three files are written
 * </pre>
 *
 * The output depends only on the inputs (and the JDK's CLDR English country names): {@code
 * build_epoch} is the later of the two data snapshots.
 */
public final class BuildDefaultDb {
    static final String COUNTRY_FILE = "iptriage-country.mmdb";
    static final String ASN_FILE = "iptriage-asn.mmdb";
    static final String MANIFEST_FILE = "manifest.properties";
    static final String COUNTRY_TYPE = "iptriage-Default-Country";
    static final String ASN_TYPE = "iptriage-Default-ASN";
    static final String COUNTRY_PACKAGE = "@ip-location-db/geo-whois-asn-country";
    static final String ASN_PACKAGE = "@ip-location-db/asn";
    static final String ATLAS_PACKAGE = "world-atlas";
    static final String ISO_CODES_PACKAGE = "i18n-iso-countries";
    static final String COORDINATES_NOTE =
            "country-level coordinates (a representative point per country), not city positions";
    static final String ASN_ATTRIBUTION = "RouteViews (https://www.routeviews.org/), the NRO"
            + " (https://www.nro.net/) and IP to ASN Lite by DB-IP (https://db-ip.com), merged by"
            + " ip-location-db (https://github.com/sapics/ip-location-db); licensed under CC BY 4.0"
            + " (https://creativecommons.org/licenses/by/4.0/)";
    /** The link DB-IP asks web pages that show its data to carry (DBIP-LICENSE in the asn package). */
    static final String ASN_ATTRIBUTION_HTML = "<a href='https://db-ip.com'>IP Geolocation by DB-IP</a>";

    static final String COUNTRY_ATTRIBUTION = "geo-whois-asn-country by ip-location-db"
            + " (https://github.com/sapics/ip-location-db), CC0-1.0, built from GeoFeed, RIR whois and"
            + " RIR ASN data (statistics data of the NRO, https://www.nro.net/)";
    static final String NAMES_SOURCE =
            "English short names from Unicode CLDR data as shipped in the JDK, with iptriage overrides";
    static final String COORDINATES_SOURCE = "computed by iptriage from Natural Earth 1:10m Admin 0"
            + " country boundaries (https://www.naturalearthdata.com/, public domain) as packaged in";

    private BuildDefaultDb() {}

    /** Command-line entry point; see the class documentation for the arguments. */
    public static void main(String[] args) throws IOException {
        Map<String, Path> opts = options(args);
        SourcePackage country = SourcePackage.open(opts.get("--country-package"), COUNTRY_PACKAGE);
        SourcePackage asn = SourcePackage.open(opts.get("--asn-package"), ASN_PACKAGE);
        SourcePackage atlas = SourcePackage.open(opts.get("--atlas-package"), ATLAS_PACKAGE);
        SourcePackage iso = SourcePackage.open(opts.get("--iso-codes-package"), ISO_CODES_PACKAGE);
        Path out = opts.get("--out");
        Files.createDirectories(out);

        Instant snapshot = later(country.snapshot(), asn.snapshot());
        Map<String, CountryLocation> locations = CountryPoints.compute(
                TopoJson.read(atlas.file("countries-10m.json"), "countries"),
                CountryPoints.numericToAlpha2(iso.file("codes.json")));

        CountryDb.Result c = CountryDb.build(country, locations, snapshot, out.resolve(COUNTRY_FILE), atlas);
        AsnDb.Result a = AsnDb.build(asn, snapshot, out.resolve(ASN_FILE));

        Manifest m = new Manifest("iptriage embedded default database; written by iptriage-tools BuildDefaultDb"
                        + " (scripts/build-default-db.sh), do not edit")
                .put("data.date", date(snapshot))
                .put("build.epoch", snapshot.getEpochSecond());
        countrySources(m, country, atlas);
        c.stats().forEach((k, v) -> m.put("country." + k, v));
        m.put("country.sha256", sha256(out.resolve(COUNTRY_FILE)));
        asnSources(m, asn);
        a.stats().forEach((k, v) -> m.put("asn." + k, v));
        m.put("asn.sha256", sha256(out.resolve(ASN_FILE)));
        m.write(out.resolve(MANIFEST_FILE));
        System.err.print(m.text());
    }

    /** Adds the country database's sources, versions, dates, licences and attribution. */
    private static void countrySources(Manifest m, SourcePackage country, SourcePackage atlas) throws IOException {
        m.put("country.file", COUNTRY_FILE)
                .put("country.database_type", COUNTRY_TYPE)
                .put("country.source", country.spec())
                .put("country.source.name", country.name())
                .put("country.source.version", country.version())
                .put("country.data_date", date(country.snapshot()))
                .put("country.license", "CC0-1.0")
                .put("country.attribution", COUNTRY_ATTRIBUTION)
                .put("country.names.source", NAMES_SOURCE)
                .put("country.names.license", "Unicode-3.0")
                .put("country.continents.source", "iptriage table (GeoIP2 continent codes)")
                .put("country.coordinates", COORDINATES_NOTE)
                .put("country.coordinates.source", COORDINATES_SOURCE + " " + atlas.spec())
                .put("country.coordinates.license", "public domain (Natural Earth); world-atlas packaging ISC");
    }

    /** Adds the ASN database's sources, versions, dates, licence and attribution. */
    private static void asnSources(Manifest m, SourcePackage asn) throws IOException {
        m.put("asn.file", ASN_FILE)
                .put("asn.database_type", ASN_TYPE)
                .put("asn.source", asn.spec())
                .put("asn.source.name", asn.name())
                .put("asn.source.version", asn.version())
                .put("asn.data_date", date(asn.snapshot()))
                .put("asn.license", "CC-BY-4.0")
                .put("asn.attribution", ASN_ATTRIBUTION)
                .put("asn.attribution.html", ASN_ATTRIBUTION_HTML);
    }

    /** Returns the country database's metadata description (English). */
    static String countryDescription(SourcePackage country, SourcePackage atlas) {
        return "iptriage default country database: country per network from " + country.spec()
                + " (CC0-1.0), continents and English names added by iptriage; " + COORDINATES_NOTE
                + ", computed from Natural Earth boundaries (public domain, via " + atlas.spec()
                + "); accuracy_radius covers the country, capped at " + CountryLocation.MAX_RADIUS_KM + " km";
    }

    /** Returns the ASN database's metadata description (English). */
    static String asnDescription(SourcePackage asn) {
        return "iptriage default ASN database: autonomous system per network from " + asn.spec() + ": "
                + ASN_ATTRIBUTION;
    }

    private static Map<String, Path> options(String[] args) {
        Set<String> known = new TreeSet<>(
                List.of("--country-package", "--asn-package", "--atlas-package", "--iso-codes-package", "--out"));
        Map<String, Path> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                throw usage("unknown option or missing value: " + args[i]);
            }
            opts.put(args[i], Path.of(args[++i]));
        }
        if (!opts.keySet().equals(known)) {
            known.removeAll(opts.keySet());
            throw usage("missing " + known);
        }
        return opts;
    }

    private static IllegalArgumentException usage(String why) {
        return new IllegalArgumentException(why + "; usage: BuildDefaultDb --country-package DIR --asn-package DIR"
                + " --atlas-package DIR --iso-codes-package DIR --out DIR");
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String date(Instant i) {
        return i.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** Returns the SHA-256 of a file as lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A writer for one of the two databases, with the shared settings. */
    static MmdbWriter writer(String type, String description, Instant snapshot) {
        return MmdbWriter.builder()
                .databaseType(type)
                .ipVersion(6)
                .languages(List.of("en"))
                .description("en", description)
                .buildEpoch(snapshot.getEpochSecond())
                .aliasIpv4InIpv6(true)
                .build();
    }
}
