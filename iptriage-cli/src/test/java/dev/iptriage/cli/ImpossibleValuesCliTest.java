package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coordinates that are not finite or out of range, and AS numbers outside 0..2^32-1 or not of an
 * integer type, are errors naming the key and the value, whatever columns are asked for; {@code db
 * verify} reports them in the published schemas. An AS number of another integer type than the
 * schema's uint32 (int32, uint64) is read, as MaxMind's readers do.
 */
class ImpossibleValuesCliTest {
    @TempDir
    static Path dir;

    static String city;
    static String asn;
    static String custom;

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> located(double lat, double lon) {
        return map("country", map("iso_code", "GB"), "location", map("latitude", lat, "longitude", lon));
    }

    private static MmdbWriter writer(String type) {
        return MmdbWriter.builder()
                .databaseType(type)
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
    }

    @BeforeAll
    static void databases() {
        MmdbWriter c = writer("GeoIP2-City");
        Fixtures.insert(c, "1.0.0.0", 24, located(51.5, -0.1));
        Fixtures.insert(c, "2.0.0.0", 24, located(Double.NaN, -0.1));
        Fixtures.insert(c, "3.0.0.0", 24, located(51.5, Double.POSITIVE_INFINITY));
        Fixtures.insert(c, "4.0.0.0", 24, located(91.5, 0));
        Fixtures.insert(c, "5.0.0.0", 24, located(-90, 180)); // the edges are fine
        city = Fixtures.write(c, dir.resolve("GeoIP2-City.mmdb")).toString();
        MmdbWriter a = writer("GeoLite2-ASN");
        Fixtures.insert(a, "1.0.0.0", 24, map("autonomous_system_number", new MmdbWriter.Uint32(4294967295L)));
        Fixtures.insert(a, "2.0.0.0", 24, map("autonomous_system_number", new MmdbWriter.Int32(-7)));
        Fixtures.insert(
                a,
                "3.0.0.0",
                24,
                map("autonomous_system_number", new MmdbWriter.Uint128(BigInteger.ONE.shiftLeft(70))));
        Fixtures.insert(a, "4.0.0.0", 24, map("autonomous_system_number", new MmdbWriter.Int32(15169)));
        Fixtures.insert(a, "5.0.0.0", 24, map("autonomous_system_number", 15169.0));
        Fixtures.insert(
                a, "6.0.0.0", 24, map("autonomous_system_number", new MmdbWriter.Uint64(BigInteger.valueOf(15169))));
        Fixtures.insert(
                a, "7.0.0.0", 24, map("autonomous_system_number", new MmdbWriter.Uint64(BigInteger.ONE.shiftLeft(32))));
        asn = Fixtures.write(a, dir.resolve("GeoLite2-ASN.mmdb")).toString();
        MmdbWriter g = writer("Acme-Sites");
        Fixtures.insert(g, "1.0.0.0", 24, map("site", "hq", "latitude", 51.5, "longitude", 10.0));
        Fixtures.insert(g, "2.0.0.0", 24, map("site", "x", "latitude", 91.5, "longitude", 10.0));
        Fixtures.insert(g, "3.0.0.0", 24, map("site", "y", "latitude", 1.0, "longitude", 500.0));
        Fixtures.insert(g, "4.0.0.0", 24, map("site", "z", "asn", new MmdbWriter.Int32(-7)));
        custom = Fixtures.write(g, dir.resolve("acme.mmdb")).toString();
    }

    /** The rows for 1.0.0.1, 2.0.0.1... {@code n}.0.0.1. */
    private static List<String> rows(String db, String fields, int n) {
        StringBuilder in = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            in.append(i).append(".0.0.1\n");
        }
        Cli.Result r = Cli.run(in.toString(), "enrich", "-q", "--db", db, "--fields", fields);
        assertThat(r.code()).as(r.err()).isIn(ExitCodes.OK, ExitCodes.RECORD_ERRORS);
        return r.out().lines().skip(1).toList();
    }

    private static void expectStatuses(String db, List<String> columnSets, String... expected) {
        for (String fields : columnSets) {
            List<String> rows = rows(db, fields, expected.length);
            assertThat(rows).as(fields).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                String row = rows.get(i);
                String ip = (i + 1) + ".0.0.1,";
                if (expected[i].equals("ok") || expected[i].equals("not_found")) {
                    assertThat(row).as(fields).startsWith(ip + expected[i]);
                } else {
                    // the CSV cell, unquoted
                    assertThat(row.replace(ip + "\"", ip).replace("\"\"", "\""))
                            .as(fields)
                            .startsWith(ip + "error:")
                            .contains(expected[i]);
                }
            }
        }
    }

    @Test
    void impossibleCoordinatesAreErrorsWhateverTheColumns() {
        expectStatuses(
                city,
                List.of("ip,status", "ip,status,latitude,longitude", "ip,status,country_iso"),
                "ok",
                "has NaN under \"latitude\" where a GeoIP2-City record has a latitude, a finite number from -90 to 90",
                "has Infinity under \"longitude\" where a GeoIP2-City record has a longitude",
                "has 91.5 under \"latitude\"",
                "ok");
        assertThat(rows(city, "ip,latitude,longitude", 5).get(4)).isEqualTo("5.0.0.1,-90.0,180.0");
    }

    @Test
    void asNumbersOutsideUint32OrNotIntegersAreErrors() {
        expectStatuses(
                asn,
                List.of("ip,status", "ip,status,asn"),
                "ok",
                "has -7 under \"autonomous_system_number\" where a GeoLite2-ASN record has an AS number, an"
                        + " integer from 0 to 4294967295",
                "has 1180591620717411303424 under \"autonomous_system_number\" where a GeoLite2-ASN record has an"
                        + " AS number, an integer from 0 to 4294967295",
                "ok",
                "has a double under \"autonomous_system_number\" where a GeoLite2-ASN record has an integer",
                "ok",
                "has 4294967296 under \"autonomous_system_number\"");
    }

    @Test
    void asNumbersOfAnyIntegerTypeAreRead() {
        assertThat(rows(asn, "ip,asn", 7))
                .containsExactly(
                        "1.0.0.1,4294967295",
                        "2.0.0.1,",
                        "3.0.0.1,",
                        "4.0.0.1,15169",
                        "5.0.0.1,",
                        "6.0.0.1,15169",
                        "7.0.0.1,");
    }

    @Test
    void aFileOfAnotherTypeHasItsCoordinatesAndAsNumbersChecked() {
        expectStatuses(
                custom,
                List.of("ip,status", "ip,status,latitude", "ip,status,asn"),
                "ok",
                "has 91.5 under \"latitude\" where a latitude, a finite number from -90 to 90",
                "has 500.0 under \"longitude\"",
                "has -7 under \"asn\"",
                "not_found");
    }

    @Test
    void dbVerifyReportsThem() {
        Cli.Result v = Cli.run("", "db", "verify", city);
        assertThat(v.code()).as(v.out() + v.err()).isEqualTo(ExitCodes.INPUT);
        assertThat(v.out()).contains("NaN under \"latitude\"").contains("(and 2 more problems)");
        v = Cli.run("", "db", "verify", asn);
        assertThat(v.code()).as(v.out() + v.err()).isEqualTo(ExitCodes.INPUT);
        assertThat(v.out()).contains("under \"autonomous_system_number\"").contains("(and 3 more problems)");
    }
}
