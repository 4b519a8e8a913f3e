package dev.iptriage.testing;

import dev.iptriage.mmdb.MmdbWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small databases in the GeoIP2 schemas, written with the project's own MMDB writer, for unit
 * tests. Known answers: 8.8.8.0/24 Mountain View US / AS15169; 81.2.69.0/24 London GB / AS20712;
 * 2001:4860::/32 US / AS15169; 10.0.0.0/8 an internal site (only in the City fixture, as a
 * private-range record); 203.0.113.0/24 a record whose names carry HTML/JS/CSV payloads.
 */
public final class Fixtures {
    /** A fixed build date, 2026-11-01. */
    public static final Instant BUILT = Instant.parse("2026-11-01T00:00:00Z");

    /** Text that must stay text in every output (HTML, CSV formula, terminal escape). */
    public static final String HOSTILE_CITY = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

    /** A CSV formula payload used as an AS organization. */
    public static final String HOSTILE_ORG = "=HYPERLINK(\"http://evil.example/\",\"click\")";

    private Fixtures() {}

    /** Writes a GeoLite2-City-like database and returns its path. */
    public static Path city(Path dir) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-City")
                .languages(List.of("en", "de"))
                .description("en", "iptriage test fixture (City)")
                .buildEpoch(BUILT.getEpochSecond())
                .build();
        insert(
                w,
                "8.8.8.0",
                24,
                city(
                        "Mountain View",
                        "Mountain View",
                        "US",
                        "United States",
                        "Vereinigte Staaten",
                        "NA",
                        "North America",
                        "CA",
                        "California",
                        "94043",
                        37.386,
                        -122.0838));
        insert(
                w,
                "81.2.69.0",
                24,
                city(
                        "London",
                        "London",
                        "GB",
                        "United Kingdom",
                        "Vereinigtes Königreich",
                        "EU",
                        "Europe",
                        "ENG",
                        "England",
                        null,
                        51.5142,
                        -0.0931));
        insert(w, "2001:4860::", 32, country("US", "United States", 37.751, -97.822));
        insert(
                w,
                "203.0.113.0",
                24,
                city(HOSTILE_CITY, null, "ZZ", "=1+1", null, "EU", "Europe", null, null, "@SUM(A1)", 1.0, 2.0));
        insert(w, "10.0.0.0", 8, ordered("site", "hq", "owner", "netops"));
        return write(w, dir.resolve("GeoLite2-City.mmdb"));
    }

    /** Writes a GeoLite2-ASN-like database and returns its path. */
    public static Path asn(Path dir) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-ASN")
                .languages(List.of("en"))
                .buildEpoch(BUILT.getEpochSecond())
                .build();
        insert(w, "8.8.0.0", 16, asn(3356, "Level 3 Parent, LLC"));
        insert(w, "8.8.8.0", 24, asn(15169, "Google LLC"));
        insert(w, "81.2.64.0", 18, asn(20712, "Andrews & Arnold Ltd"));
        insert(w, "2001:4860::", 32, asn(15169, "Google LLC"));
        insert(w, "203.0.113.0", 24, asn(64496, HOSTILE_ORG));
        insert(w, "1.1.1.0", 24, asn(13335, "Cloudflare, Inc."));
        return write(w, dir.resolve("GeoLite2-ASN.mmdb"));
    }

    /** A flat-schema database like ip-location-db's (country_code, city, latitude...). */
    public static Path flat(Path dir) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("dbip-city-flat")
                .buildEpoch(BUILT.getEpochSecond())
                .build();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("country_code", "FR");
        r.put("state1", "Île-de-France");
        r.put("city", "Paris");
        r.put("postcode", "75001");
        r.put("latitude", 48.8566f);
        r.put("longitude", 2.3522f);
        r.put("timezone", "Europe/Paris");
        insert(w, "2.2.0.0", 16, r);
        return write(w, dir.resolve("flat.mmdb"));
    }

    /** Inserts a network given as text (test data only; parsed by the JDK from a literal). */
    public static void insert(MmdbWriter w, String address, int prefix, Object value) {
        try {
            w.insert(InetAddress.getByName(address).getAddress(), prefix, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the database. */
    public static Path write(MmdbWriter w, Path file) {
        try {
            w.write(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> asn(long number, String org) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autonomous_system_number", new MmdbWriter.Uint32(number));
        m.put("autonomous_system_organization", org);
        return m;
    }

    static Map<String, Object> names(String en, String de) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("en", en);
        if (de != null) {
            m.put("de", de);
        }
        return m;
    }

    /**
     * A map of keys and values in this order. Map.of's order changes from one JVM to the next, and
     * with it the bytes of the files: tests that damage a file at seeded places would not be repeatable.
     */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static Map<String, Object> country(String iso, String name, double lat, double lon) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("continent", ordered("code", "NA", "names", names("North America", "Nordamerika")));
        m.put("country", ordered("iso_code", iso, "names", names(name, null)));
        Map<String, Object> loc = new LinkedHashMap<>();
        loc.put("accuracy_radius", new MmdbWriter.Uint16(1000));
        loc.put("latitude", lat);
        loc.put("longitude", lon);
        m.put("location", loc);
        return m;
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    static Map<String, Object> city(
            String city,
            String cityDe,
            String iso,
            String country,
            String countryDe,
            String contCode,
            String cont,
            String subIso,
            String sub,
            String postal,
            double lat,
            double lon) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("city", Map.of("names", names(city, cityDe)));
        m.put("continent", ordered("code", contCode, "names", names(cont, null)));
        m.put("country", ordered("iso_code", iso, "names", names(country, countryDe)));
        Map<String, Object> loc = new LinkedHashMap<>();
        loc.put("accuracy_radius", new MmdbWriter.Uint16(20));
        loc.put("latitude", lat);
        loc.put("longitude", lon);
        loc.put("time_zone", "Etc/UTC");
        m.put("location", loc);
        if (postal != null) {
            m.put("postal", Map.of("code", postal));
        }
        m.put("registered_country", ordered("iso_code", iso, "names", names(country, null)));
        if (sub != null) {
            m.put("subdivisions", List.of(ordered("iso_code", subIso, "names", names(sub, null))));
        }
        return m;
    }
}
