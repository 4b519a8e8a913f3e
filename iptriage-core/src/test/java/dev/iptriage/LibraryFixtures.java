package dev.iptriage;

import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The databases the library tests use beside {@link Fixtures}' City, ASN and flat ones: the GeoIP2
 * kinds the typed parts read (ISP, Connection-Type, Domain, Anonymous-IP, an IPv4-only file), a
 * Country file with a damaged record, and a custom file whose values have other types than the
 * GeoIP2 schemas' (text numbers, 0/1 flags) and keys of its own.
 */
final class LibraryFixtures {
    private LibraryFixtures() {}

    /** A public network whose record in {@link #damagedCountry} is not a record (status error). */
    static final String DAMAGED = "5.5.5.0";

    /** A public network only the custom file has. */
    static final String CUSTOM_ONLY = "45.0.0.0";

    /** The anonymizer network (1.2.3.0/24) of the IPv4-only Anonymous-IP file. */
    static final String ANONYMOUS = "1.2.3.0";

    /** All files, in the order of precedence the tests use. */
    static List<Path> all(Path dir) {
        return List.of(
                Fixtures.city(dir),
                Fixtures.asn(dir),
                isp(dir),
                connectionType(dir),
                domain(dir),
                anonymousIp(dir),
                damagedCountry(dir),
                Fixtures.flat(dir),
                custom(dir));
    }

    static Path isp(Path dir) {
        MmdbWriter w = writer("GeoIP2-ISP");
        Fixtures.insert(
                w,
                "81.2.69.0",
                24,
                map(
                        "autonomous_system_number",
                        new MmdbWriter.Uint32(20712),
                        "autonomous_system_organization",
                        "Andrews & Arnold Ltd",
                        "isp",
                        "Andrews & Arnold",
                        "organization",
                        "A&A Customers"));
        Fixtures.insert(w, "9.9.9.0", 24, map("isp", "Quad9", "organization", "Quad9"));
        return Fixtures.write(w, dir.resolve("GeoIP2-ISP.mmdb"));
    }

    static Path connectionType(Path dir) {
        MmdbWriter w = writer("GeoIP2-Connection-Type");
        Fixtures.insert(w, "81.2.69.0", 24, map("connection_type", "Cable/DSL"));
        Fixtures.insert(w, "2001:4860::", 32, map("connection_type", "Corporate"));
        return Fixtures.write(w, dir.resolve("GeoIP2-Connection-Type.mmdb"));
    }

    static Path domain(Path dir) {
        MmdbWriter w = writer("GeoIP2-Domain");
        Fixtures.insert(w, "81.2.69.0", 24, map("domain", "aa.net.uk"));
        return Fixtures.write(w, dir.resolve("GeoIP2-Domain.mmdb"));
    }

    /** IPv4 only: an IPv6 lookup there finds nothing and says nothing about a network. */
    static Path anonymousIp(Path dir) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoIP2-Anonymous-IP")
                .ipVersion(4)
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Fixtures.insert(w, ANONYMOUS, 24, map("is_anonymous", true, "is_anonymous_vpn", true));
        Fixtures.insert(w, "1.2.4.0", 24, map("is_anonymous", true, "is_tor_exit_node", true));
        Fixtures.insert(w, "1.2.5.0", 24, map()); // Anonymous-IP files may hold empty records
        return Fixtures.write(w, dir.resolve("GeoIP2-Anonymous-IP.mmdb"));
    }

    static Path damagedCountry(Path dir) {
        MmdbWriter w = writer("GeoLite2-Country");
        Fixtures.insert(w, DAMAGED, 24, "not a record");
        Fixtures.insert(
                w,
                "9.9.9.0",
                24,
                map("country", map("iso_code", "CH", "names", map("en", "Switzerland", "de", "Schweiz"))));
        return Fixtures.write(w, dir.resolve("GeoLite2-Country.mmdb"));
    }

    /**
     * A custom file (no published schema): built-in columns by their flat keys, with values of
     * other types than the GeoIP2 schemas', and keys of its own (custom columns).
     */
    static Path custom(Path dir) {
        MmdbWriter w = writer("Internal-Ranges");
        Fixtures.insert(
                w,
                "10.20.0.0",
                16,
                map(
                        "site",
                        "lab",
                        "asn",
                        "AS64512",
                        "as_org",
                        "Lab Net",
                        "latitude",
                        "48.85",
                        "longitude",
                        2.35,
                        "accuracy_radius",
                        "5",
                        "is_anonymous",
                        new MmdbWriter.Uint16(0),
                        "tags",
                        map("team", "blue", "ports", List.of(new MmdbWriter.Uint16(22), new MmdbWriter.Uint16(443)))));
        Fixtures.insert(
                w,
                CUSTOM_ONLY,
                8,
                map(
                        "site",
                        "edge",
                        "asn",
                        new MmdbWriter.Uint32(64513),
                        "postal_code",
                        new MmdbWriter.Uint32(75001),
                        "time_zone",
                        "Europe/Paris",
                        "is_hosting_provider",
                        "true",
                        "isp",
                        "Edge ISP"));
        Fixtures.insert(w, "45.1.0.0", 16, map("site", "odd", "asn", "not a number", "latitude", "north"));
        return Fixtures.write(w, dir.resolve("Internal-Ranges.mmdb"));
    }

    private static MmdbWriter writer(String type) {
        return MmdbWriter.builder()
                .databaseType(type)
                .languages(List.of("en"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
    }

    /** A map of keys and values in this order (the bytes of the files stay the same from run to run). */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
