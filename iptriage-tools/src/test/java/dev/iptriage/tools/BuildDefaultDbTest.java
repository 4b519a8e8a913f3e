package dev.iptriage.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole build on tiny stand-ins for the four npm packages, read back with MaxMind's reader. */
class BuildDefaultDbTest {
    @TempDir
    Path dir;

    static Map<?, ?> lookup(Reader reader, String ip) throws IOException {
        return reader.get(InetAddress.getByAddress(IpText.parse(ip)), Map.class);
    }

    private static void pkg(Path dir, String name, String version, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("package.json"), "{\"name\":\"" + name + "\",\"version\":\"" + version + "\"}");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
    }

    /** A topology (absolute positions) with a square per country and one per seeded territory. */
    private static String topology() {
        List<String> arcs = new ArrayList<>();
        List<String> geometries = new ArrayList<>();
        Map<String, double[]> countries = Map.of(
                "840",
                new double[] {-100, 40},
                "036",
                new double[] {134, -25},
                "250",
                new double[] {2, 46},
                "578",
                new double[] {14, 64},
                "528",
                new double[] {5.5, 52},
                "554",
                new double[] {172, -42});
        for (Map.Entry<String, double[]> c : countries.entrySet()) {
            List<String> parts = new ArrayList<>();
            parts.add("[[" + square(arcs, c.getValue()[0], c.getValue()[1], 2) + "]]");
            for (CountryPoints.Seed s : CountryPoints.SEEDS) {
                if (s.parent().equals(numericToAlpha2(c.getKey()))) {
                    parts.add("[[" + square(arcs, s.lon(), s.lat(), 0.1) + "]]");
                }
            }
            geometries.add("{\"type\":\"MultiPolygon\",\"id\":\"" + c.getKey() + "\",\"arcs\":" + parts + "}");
        }
        List<String> ioc = new ArrayList<>();
        for (CountryPoints.Seed s : CountryPoints.SEEDS) {
            if (s.parent().equals("name:Indian Ocean Ter.")) {
                ioc.add("[[" + square(arcs, s.lon(), s.lat(), 0.1) + "]]");
            }
        }
        geometries.add(
                "{\"type\":\"MultiPolygon\",\"properties\":{\"name\":\"Indian Ocean Ter.\"},\"arcs\":" + ioc + "}");
        return "{\"type\":\"Topology\",\"objects\":{\"countries\":{\"type\":\"GeometryCollection\",\"geometries\":"
                + geometries + "}},\"arcs\":" + arcs + "}";
    }

    private static String numericToAlpha2(String numeric) {
        return Map.of("840", "US", "036", "AU", "250", "FR", "578", "NO", "528", "NL", "554", "NZ")
                .get(numeric);
    }

    private static int square(List<String> arcs, double lon, double lat, double half) {
        arcs.add(String.format(
                Locale.ROOT,
                "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]",
                lon - half,
                lat - half,
                lon + half,
                lat - half,
                lon + half,
                lat + half,
                lon - half,
                lat + half,
                lon - half,
                lat - half));
        return arcs.size() - 1;
    }

    private Path build(String name) throws IOException {
        Path src = dir.resolve("src");
        if (!Files.exists(src)) {
            pkg(
                    src.resolve("country"),
                    BuildDefaultDb.COUNTRY_PACKAGE,
                    "2.3.2026061719",
                    Map.of(
                            "geo-whois-asn-country-ipv4.csv",
                            "1.0.0.0,1.0.0.255,AU\n8.8.8.0,8.8.8.255,US\n8.8.8.4,8.8.8.4,FR\n"
                                    + "192.168.0.0,192.168.255.255,AU\n",
                            "geo-whois-asn-country-ipv6.csv",
                            "2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,US\n"
                                    + "2002::,2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff,AU\n"));
            pkg(
                    src.resolve("asn"),
                    BuildDefaultDb.ASN_PACKAGE,
                    "2.3.2026061620",
                    Map.of(
                            "asn-ipv4.csv",
                            "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n8.8.8.0,8.8.8.255,15169,Google LLC\n",
                            "asn-ipv6.csv",
                            "2001::,2001::ffff:ffff:ffff:ffff:ffff:ffff,6939,Hurricane Electric LLC\n"
                                    + "2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC\n"));
            pkg(src.resolve("atlas"), BuildDefaultDb.ATLAS_PACKAGE, "2.0.2", Map.of("countries-10m.json", topology()));
            pkg(
                    src.resolve("iso"),
                    BuildDefaultDb.ISO_CODES_PACKAGE,
                    "7.14.0",
                    Map.of(
                            "codes.json",
                            "[[\"US\",\"USA\",\"840\"],[\"AU\",\"AUS\",\"036\"],[\"FR\",\"FRA\",\"250\"],"
                                    + "[\"NO\",\"NOR\",\"578\"],[\"NL\",\"NLD\",\"528\"],[\"NZ\",\"NZL\",\"554\"]]"));
        }
        Path out = dir.resolve(name);
        BuildDefaultDb.main(new String[] {
            "--country-package", src.resolve("country").toString(),
            "--asn-package", src.resolve("asn").toString(),
            "--atlas-package", src.resolve("atlas").toString(),
            "--iso-codes-package", src.resolve("iso").toString(),
            "--out", out.toString()
        });
        return out;
    }

    @Test
    void buildsCountryDatabase() throws IOException {
        Path out = build("out");
        try (Reader r = new Reader(out.resolve(BuildDefaultDb.COUNTRY_FILE).toFile())) {
            assertThat(r.getMetadata().databaseType()).isEqualTo("iptriage-Default-Country");
            assertThat(r.getMetadata().ipVersion()).isEqualTo(6);
            assertThat(r.getMetadata().languages()).containsExactly("en");
            assertThat(r.getMetadata().buildEpoch().longValueExact()).isEqualTo(1781722800L);
            assertThat(r.getMetadata().description().get("en")).contains(BuildDefaultDb.COORDINATES_NOTE);

            Map<?, ?> us = lookup(r, "8.8.8.8");
            assertThat(us.keySet().stream().map(Object::toString).toList())
                    .containsExactlyInAnyOrder("continent", "country", "location", "registered_country");
            assertThat(us.get("country")).isEqualTo(Map.of("iso_code", "US", "names", Map.of("en", "United States")));
            assertThat(us.get("registered_country")).isEqualTo(us.get("country"));
            assertThat(us.get("continent")).isEqualTo(Map.of("code", "NA", "names", Map.of("en", "North America")));
            Map<?, ?> loc = (Map<?, ?>) us.get("location");
            assertThat((Double) loc.get("latitude")).isEqualTo(40.0);
            assertThat((Double) loc.get("longitude")).isEqualTo(-100.0);
            assertThat((Integer) loc.get("accuracy_radius")).isBetween(150, 300);

            assertThat(((Map<?, ?>) lookup(r, "8.8.8.4").get("country")).get("iso_code"))
                    .isEqualTo("FR");
            assertThat(lookup(r, "::ffff:8.8.8.8")).isEqualTo(us);
            assertThat(lookup(r, "2001:4860:4860::8888")).isEqualTo(us);
            assertThat(((Map<?, ?>) lookup(r, "1.0.0.1").get("continent")).get("code"))
                    .isEqualTo("OC");
            assertThat(lookup(r, "192.168.1.1")).isNull();
            assertThat(lookup(r, "2002:c0a8:101::1")).isNull();
        }
    }

    @Test
    void buildsAsnDatabaseAndManifest() throws IOException {
        Path out = build("out");
        try (Reader r = new Reader(out.resolve(BuildDefaultDb.ASN_FILE).toFile())) {
            assertThat(r.getMetadata().databaseType()).isEqualTo("iptriage-Default-ASN");
            assertThat(lookup(r, "1.0.0.1"))
                    .isEqualTo(Map.of(
                            "autonomous_system_number", 13335L, "autonomous_system_organization", "Cloudflare, Inc."));
            assertThat(lookup(r, "2002:808:808::1")).isEqualTo(lookup(r, "8.8.8.8"));
            assertThat(lookup(r, "2001::1")).isNull();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(out.resolve(BuildDefaultDb.MANIFEST_FILE))) {
            p.load(in);
        }
        assertThat(p)
                .containsEntry("data.date", "2026-06-17")
                .containsEntry("build.epoch", "1781722800")
                .containsEntry("country.source", "@ip-location-db/geo-whois-asn-country@2.3.2026061719")
                .containsEntry("country.license", "CC0-1.0")
                .containsEntry("asn.source", "@ip-location-db/asn@2.3.2026061620")
                .containsEntry("asn.data_date", "2026-06-16")
                .containsEntry("asn.license", "CC-BY-4.0")
                .containsEntry("country.rows_excluded.ipv4", "1")
                .containsEntry("country.rows_overriding.ipv4", "1")
                .containsEntry("asn.rows_excluded.ipv6", "1")
                .containsEntry("country.records", "3")
                .containsEntry("country.sha256", BuildDefaultDb.sha256(out.resolve(BuildDefaultDb.COUNTRY_FILE)))
                .containsEntry("asn.sha256", BuildDefaultDb.sha256(out.resolve(BuildDefaultDb.ASN_FILE)))
                .containsKeys("asn.attribution", "country.attribution", "country.coordinates.source");
        assertThat(p.getProperty("asn.attribution")).contains("RouteViews", "NRO", "DB-IP", "CC BY 4.0");
    }

    @Test
    void rebuildIsByteIdentical() throws IOException {
        Path a = build("a");
        Path b = build("b");
        for (String f : List.of(BuildDefaultDb.COUNTRY_FILE, BuildDefaultDb.ASN_FILE, BuildDefaultDb.MANIFEST_FILE)) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
    }

    @Test
    void refusesMissingOrWrongPackages() throws IOException {
        build("out");
        Path src = dir.resolve("src");
        assertThatThrownBy(() -> BuildDefaultDb.main(new String[] {"--out", dir.toString()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> BuildDefaultDb.main(new String[] {
                    "--country-package", src.resolve("asn").toString(),
                    "--asn-package", src.resolve("asn").toString(),
                    "--atlas-package", src.resolve("atlas").toString(),
                    "--iso-codes-package", src.resolve("iso").toString(),
                    "--out", dir.resolve("x").toString()
                }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("expected @ip-location-db/geo-whois-asn-country");
    }
}
