package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status and the network of a row do not depend on the columns asked for, nor on which
 * database lacks the address: the commands of the "right answers in every corner" issue.
 */
class StatusAndNetworkCliTest {
    @TempDir
    static Path dir;

    static String city;
    static String asn;
    /** An ASN database that has only 1.1.1.0/24, so 8.8.8.8 is only in the City database. */
    static String smallAsn;

    @BeforeAll
    static void databases() {
        city = Fixtures.city(dir).toString();
        asn = Fixtures.asn(dir).toString();
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-ASN")
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Fixtures.insert(
                w,
                "1.1.1.0",
                24,
                Map.of(
                        "autonomous_system_number",
                        new MmdbWriter.Uint32(13335),
                        "autonomous_system_organization",
                        "CF"));
        smallAsn = Fixtures.write(w, dir.resolve("small-asn.mmdb")).toString();
    }

    private static List<String> lines(String stdin, String... args) {
        Cli.Result r = Cli.run(stdin, args);
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().lines().toList();
    }

    @Test
    void statusAloneIsTheStatusOfTheDefaultColumns() {
        String in = "8.8.8.8\n2001:4860::1\n9.9.9.9\n10.1.2.3\n192.0.2.1\nnope\n";
        List<String> expected = List.of(
                "ip,status",
                "8.8.8.8,ok",
                "2001:4860::1,ok",
                "9.9.9.9,not_found",
                "10.1.2.3,private",
                "192.0.2.1,reserved",
                "nope,invalid");
        assertThat(lines(in, "enrich", "--db", city, "--db", asn, "--fields", "ip,status"))
                .containsExactlyElementsOf(expected);
        assertThat(lines(in, "enrich", "--db", asn, "--fields", "ip,status")).containsExactlyElementsOf(expected);
        assertThat(lines(in, "enrich", "--db", city, "--fields", "ip,status", "-f", "jsonl"))
                .first()
                .isEqualTo("{\"ip\":\"8.8.8.8\",\"status\":\"ok\"}");
        assertThat(lines("8.8.8.8\n", "enrich", "--db", city, "--db", asn, "--fields", "ip,status,ip_class"))
                .containsExactly("ip,status,ip_class", "8.8.8.8,ok,Public");
        assertThat(lines(
                        "8.8.8.8\n8.8.8.8\n", "enrich", "--db", city, "--db", asn, "--fields", "ip,status,count", "-u"))
                .containsExactly("ip,status,count", "8.8.8.8,ok,2");
        assertThat(lines("8.8.8.8\n", "enrich", "--db", city, "--db", asn, "--fields", "ip,status", "-u"))
                .containsExactly("ip,status,count", "8.8.8.8,ok,1");
    }

    /** Without -u every row is one sighting: count 1 per row, and the counts add up to -u's. */
    @Test
    void aCountWithoutUniqueIsOnePerRow() {
        String in = "8.8.8.8\n8.8.8.8\nnope\n10.1.2.3\n";
        assertThat(lines(in, "enrich", "--db", asn, "--fields", "ip,count"))
                .containsExactly("ip,count", "8.8.8.8,1", "8.8.8.8,1", "nope,1", "10.1.2.3,1");
        assertThat(lines(in, "enrich", "--db", asn, "--fields", "ip,count", "-f", "jsonl"))
                .containsExactly(
                        "{\"ip\":\"8.8.8.8\",\"count\":1}",
                        "{\"ip\":\"8.8.8.8\",\"count\":1}",
                        "{\"ip\":\"nope\",\"count\":1}",
                        "{\"ip\":\"10.1.2.3\",\"count\":1}");
        long sum = lines(in, "enrich", "--db", asn, "--fields", "ip,count", "-u").stream()
                .skip(1)
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1)))
                .sum();
        assertThat(sum).isEqualTo(in.lines().count());
    }

    /**
     * With -u, a field's invalid texts are kept cut to 256 characters, at most --max-distinct of them:
     * the sightings of the others are counted, said on stderr and exit 5, as for addresses.
     */
    @Test
    void invalidTextsWithUniqueAreCutAndTheirOverflowIsCounted() {
        String longText = "x".repeat(5000);
        String csv = "ip\n8.8.8.8\n" + longText + "\nbad1\nbad2\nbad1\nbad3\nbad4\n";
        Cli.Result r = Cli.run(
                csv,
                "enrich",
                "--db",
                asn,
                "--from",
                "csv:ip",
                "--fields",
                "ip,status,count",
                "-u",
                "--max-distinct",
                "3");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.RECORD_ERRORS);
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "ip,status,count",
                        "8.8.8.8,ok,1",
                        "x".repeat(256) + ",invalid,1",
                        "bad1,invalid,2",
                        "bad2,invalid,1");
        assertThat(r.err())
                .contains(
                        "2 sightings were not counted: more than --max-distinct distinct addresses (or invalid texts)");
    }

    /** The log and field modes too: each row without -u is one sighting (an invalid cell as well). */
    @Test
    void aCountWithoutUniqueIsOnePerRowInFieldAndLogModes() {
        String csv = "ip,who\n8.8.8.8,a\nnope,b\n8.8.8.8,c\n";
        assertThat(lines(csv, "enrich", "--db", asn, "--from", "csv:ip", "--fields", "ip,status,count"))
                .containsExactly("ip,status,count", "8.8.8.8,ok,1", "nope,invalid,1", "8.8.8.8,ok,1");
        String nginx = "10.1.2.3 - - [06/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl/8.0\"\n"
                + "10.1.2.3 - - [06/Dec/2026:10:00:01 +0000] \"GET /x HTTP/1.1\" 404 5 \"-\" \"curl/8.0\"\n";
        assertThat(lines(nginx, "enrich", "--db", asn, "--from", "nginx", "--fields", "ip,count"))
                .containsExactly("ip,count", "10.1.2.3,1", "10.1.2.3,1");
        assertThat(lines(csv, "enrich", "--db", asn, "--from", "csv:ip", "--fields", "ip,count", "-f", "jsonl"))
                .containsExactly(
                        "{\"ip\":\"8.8.8.8\",\"count\":1}",
                        "{\"ip\":\"nope\",\"count\":1}",
                        "{\"ip\":\"8.8.8.8\",\"count\":1}");
    }

    @Test
    void theNetworkComesFromAnotherDatabaseWhenTheAsnDatabaseLacksTheAddress() {
        // the ASN database's network wins where it has the address ...
        assertThat(lines("1.1.1.1\n", "enrich", "--db", city, "--db", smallAsn, "--fields", "ip,status,network"))
                .containsExactly("ip,status,network", "1.1.1.1,ok,1.1.1.0/24");
        // ... else the first database's that has it, whatever the order of --db
        for (List<String> order : List.of(List.of(city, smallAsn), List.of(smallAsn, city))) {
            assertThat(lines(
                            "8.8.8.8\n10.1.2.3\n",
                            "enrich",
                            "--db",
                            order.get(0),
                            "--db",
                            order.get(1),
                            "--fields",
                            "ip,status,asn,network,city"))
                    .containsExactly(
                            "ip,status,asn,network,city",
                            "8.8.8.8,ok,,8.8.8.0/24,Mountain View",
                            "10.1.2.3,private,,10.0.0.0/8,");
        }
        assertThat(lines("10.1.2.3\n", "enrich", "--db", asn, "--db", city, "--fields", "ip,network", "-f", "jsonl"))
                .containsExactly("{\"ip\":\"10.1.2.3\",\"network\":\"10.0.0.0/8\"}");
    }

    @Test
    void aRowOfOneEmptyCellIsNotAnEmptyLine() {
        // CSV readers skip empty lines, so an empty one-column row is written as ""
        Cli.Result r = Cli.run("8.8.8.8\n1.1.1.1\n", "enrich", "--db", asn, "--fields", "city");
        assertThat(r.out()).isEqualTo("city\n\"\"\n\"\"\n");
        assertThat(Cli.run("8.8.8.8\n", "enrich", "--db", asn, "--fields", "asn")
                        .out())
                .isEqualTo("asn\n15169\n");
    }
}
