package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record of a published schema with a value of the wrong type anywhere in the schema gives the
 * same status whatever columns and language are asked for: the whole known schema is checked, not
 * just the paths to the columns read.
 */
class StatusWholeSchemaCliTest {
    @TempDir
    static Path dir;

    static String city;
    static String asn;

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> cityRecord(Object lat, Object deName) {
        return map(
                "city", map("names", map("en", "London", "de", deName)),
                "country", map("iso_code", "GB", "names", map("en", "United Kingdom")),
                "location", map("latitude", lat, "longitude", -0.09, "time_zone", "Europe/London"));
    }

    @BeforeAll
    static void databases() {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoIP2-City")
                .languages(List.of("en", "de"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Fixtures.insert(w, "1.0.0.0", 24, cityRecord(51.5, "London"));
        Fixtures.insert(w, "2.0.0.0", 24, cityRecord("51.5", "London")); // latitude a string
        Fixtures.insert(w, "3.0.0.0", 24, cityRecord(51.5, new MmdbWriter.Uint32(5))); // names.de a number
        city = Fixtures.write(w, dir.resolve("GeoIP2-City.mmdb")).toString();
        MmdbWriter a = MmdbWriter.builder()
                .databaseType("GeoLite2-ASN")
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Fixtures.insert(
                a,
                "1.0.0.0",
                24,
                map("autonomous_system_number", new MmdbWriter.Uint32(15169), "autonomous_system_organization", "G"));
        Fixtures.insert(
                a, "2.0.0.0", 24, map("autonomous_system_number", "=15169", "autonomous_system_organization", "G"));
        asn = Fixtures.write(a, dir.resolve("GeoLite2-ASN.mmdb")).toString();
    }

    /** The ip,status pairs of an enrich run. */
    private static List<String> statuses(String db, String fields, String lang) {
        List<String> args = new ArrayList<>(List.of("enrich", "-q", "--db", db, "--fields", fields));
        if (lang != null) {
            args.addAll(List.of("--lang", lang));
        }
        Cli.Result r = Cli.run("1.0.0.1\n2.0.0.1\n3.0.0.1\n", args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isIn(ExitCodes.OK, ExitCodes.RECORD_ERRORS);
        return r.out()
                .lines()
                .skip(1)
                // the status up to its first comma; an error's cell is CSV-quoted when it quotes a key
                .map(l -> l.split(",", 2)[0] + ","
                        + l.split(",", 2)[1].replaceFirst("^\"", "").split(",", 2)[0])
                .toList();
    }

    @Test
    void theStatusOfACityRecordIsTheSameForEveryColumnSetAndLanguage() {
        List<String> expected = statuses(city, "ip,status", null);
        assertThat(expected).hasSize(3);
        assertThat(expected.get(0)).isEqualTo("1.0.0.1,ok");
        assertThat(expected.get(1)).startsWith("2.0.0.1,error:");
        assertThat(expected.get(2)).startsWith("3.0.0.1,error:");
        for (String fields : List.of("ip,status,latitude", "ip,status,city", "ip,status,country", "all")) {
            for (String lang : new String[] {null, "en", "de", "fr"}) {
                assertThat(statuses(city, fields, lang))
                        .as(fields + " --lang " + lang)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void anAsnStoredAsAStringIsAnErrorEvenWhenTheAsnIsNotAsked() {
        List<String> expected = statuses(asn, "ip,status", null);
        assertThat(expected.get(0)).isEqualTo("1.0.0.1,ok");
        assertThat(expected.get(1)).startsWith("2.0.0.1,error:");
        assertThat(expected.get(2)).isEqualTo("3.0.0.1,not_found");
        for (String fields : List.of("ip,status,asn", "ip,status,as_org", "all")) {
            assertThat(statuses(asn, fields, null)).as(fields).isEqualTo(expected);
        }
    }

    /** The run's summary counts the error rows in words that agree with the number. */
    @Test
    void theSummaryOfErrorRowsAgreesInNumber() {
        Cli.Result one = Cli.run("2.0.0.1\n", "enrich", "-q", "--db", asn, "--fields", "ip,status");
        assertThat(one.err()).contains("iptriage: 1 row has status error; first: ");
        Cli.Result two = Cli.run("2.0.0.1\n2.0.0.2\n", "enrich", "-q", "--db", asn, "--fields", "ip,status");
        assertThat(two.err()).contains("iptriage: 2 rows have status error; first: ");
    }
}
