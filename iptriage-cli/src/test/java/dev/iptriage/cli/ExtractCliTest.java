package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extract} and {@code enrich --from MODE} as a user runs them. */
class ExtractCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT =
            "C2 at 1.1.1[.]1 and hxxp://5[.]6[.]7[.]8/x; again 1.1.1.1, version 6.1.1.0\n" + "no address here\n";
    private static final String ACCESS = """
            8.8.8.8 - - [07/Dec/2016:11:05:07 +0100] "GET /a HTTP/1.1" 404 5 "-" "curl/8"
            8.8.8.8 - - [07/Dec/2016:11:06:07 +0100] "GET /b?q=1 HTTP/1.1" 200 5 "-" "curl/8"
            81.2.69.160 - - [07/Dec/2016:11:07:07 +0100] "POST /a HTTP/1.1" 200 5 "-" "=cmd|' /C calc'!A0"
            """;

    @TempDir
    static Path dir;

    static String asn;

    @BeforeAll
    static void databases() {
        asn = Fixtures.asn(dir).toString();
    }

    @Test
    void plainUniqueAndCount() {
        assertThat(Cli.run(REPORT, "extract").out().lines()).containsExactly("1.1.1.1", "5.6.7.8", "1.1.1.1");
        assertThat(Cli.run(REPORT, "extract", "-u").out().lines()).containsExactly("1.1.1.1", "5.6.7.8");
        Cli.Result c = Cli.run(REPORT, "extract", "--count");
        assertThat(c.code()).isZero();
        assertThat(c.out().lines()).containsExactly("2\t1.1.1.1", "1\t5.6.7.8");
        assertThat(c.err()).contains("2 lines: 3 addresses on 1 line, 1 line without an address");
        assertThat(Cli.run(REPORT, "extract", "--no-refang").out().lines()).containsExactly("1.1.1.1");
    }

    @Test
    void defangedIpv6OfTheIssueIsFound() {
        // issue 12, item 10: "[:]" beside a colon was missed
        String text = "2001:db8[:]:1\n2001[:]4860[:]4860[:][:]8888\nC2 at 2001[:]db8[:][:]7\n";
        Cli.Result r = Cli.run(text, "extract");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).containsExactly("2001:db8::1", "2001:4860:4860::8888", "2001:db8::7");
    }

    @Test
    void jsonlHasSourceLineIpAndContext() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, ACCESS);
        Cli.Result r = Cli.run("", "extract", "--from", "nginx", "-f", "jsonl", log.toString());
        List<JsonNode> rows = r.out().lines().map(ExtractCliTest::json).toList();
        assertThat(rows).hasSize(3);
        JsonNode second = rows.get(1);
        assertThat(second.get("source").asText()).isEqualTo(log.toString());
        assertThat(second.get("line").asInt()).isEqualTo(2);
        assertThat(second.get("ip").asText()).isEqualTo("8.8.8.8");
        assertThat(second.get("time").asText()).isEqualTo("2016-12-07T10:06:07Z");
        assertThat(second.get("status").asInt()).isEqualTo(200);
        assertThat(second.get("path").asText()).isEqualTo("/b");
        assertThat(second.get("role").asText()).isEqualTo("client");
        JsonNode unique = json(Cli.run("", "extract", "--from", "nginx", "-u", "-f", "jsonl", log.toString())
                .out()
                .lines()
                .findFirst()
                .orElseThrow());
        assertThat(unique.get("count").asInt()).isEqualTo(2);
        assertThat(unique.get("status_codes").toString()).isEqualTo("{\"200\":1,\"404\":1}");
        assertThat(unique.get("first_seen").asText()).isEqualTo("2016-12-07T10:05:07Z");
        assertThat(unique.get("last_seen").asText()).isEqualTo("2016-12-07T10:06:07Z");
    }

    @Test
    void enrichFromAutoUniqueGivesContextColumnsAndSaysWhatItChose() {
        // the sighting columns come with a --fields that names default (or all), not with a plain list
        Cli.Result r =
                Cli.run(ACCESS, "enrich", "--db", asn, "--from", "auto", "--unique", "--fields", "ip,asn,default");
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("ip,asn,status,as_org,network,city,country,postal_code,latitude,longitude,count,first_seen,"
                        + "last_seen,roles,status_codes,top_paths,user_agents");
        assertThat(lines.get(1))
                .startsWith("8.8.8.8,15169,ok,Google LLC,8.8.8.0/24,,,,,,2,2016-12-07T10:05:07Z,2016-12-07T10:06:07Z,");
        // the hostile agent sits inside a JSON object cell, which starts with '{' and is never a formula
        assertThat(lines.get(2)).startsWith("81.2.69.160,").contains(",\"{\"\"=cmd|");
        assertThat(r.err()).contains("--from auto: -: nginx (3 of the first 3 lines are nginx lines)");
        Cli.Result table =
                Cli.run(ACCESS, "enrich", "--db", asn, "--from", "nginx", "-u", "-f", "table", "--fields", "ip,all");
        assertThat(table.out()).contains("200 (1), 404 (1)", "/a (1), /b (1)", "client (2)");
        Cli.Result rows = Cli.run(REPORT, "enrich", "--db", asn, "--from", "text", "--fields", "ip,asn", "-f", "jsonl");
        assertThat(rows.out().lines()).hasSize(3).first().asString().isEqualTo("{\"ip\":\"1.1.1.1\",\"asn\":13335}");
    }

    @Test
    void joinModeKeepsTheRowsOwnColumns() {
        String csv = "when,src_ip,action\n2024-01-01,8.8.8.8,deny\n2024-01-02,-,allow\n";
        Cli.Result r =
                Cli.run(csv, "enrich", "--db", asn, "--from", "csv:src_ip", "--keep-columns", "--fields", "ip,asn");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines())
                .containsExactly(
                        "when,src_ip,action,ip,asn", "2024-01-01,8.8.8.8,deny,8.8.8.8,15169", "2024-01-02,-,allow,,");
        assertThat(Cli.run(csv, "enrich", "--db", asn, "--keep-columns").code()).isEqualTo(2);
        Cli.Result missing = Cli.run(csv, "enrich", "--db", asn, "--from", "csv:dst_ip");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no column 'dst_ip'", "src_ip");
    }

    /**
     * A chosen CSV cell or JSON field that holds no address is an {@code invalid} row with its text, in
     * input order, as the same values read as a list give (an empty cell as a blank list line: a row
     * without {@code -u}, none with it).
     */
    @Test
    void aChosenFieldWithNoAddressIsAnInvalidRowAsInListMode() {
        String cells = "8.8.8.8\nbogus\n010.1.1.1\n\n=cmd|x\n";
        String csv = "time,src_ip\n"
                + String.join("\n", cells.lines().map(c -> "1," + c).toList()) + "\n";
        String jsonl = String.join(
                        "\n",
                        cells.lines()
                                .map(c -> "{\"src_ip\":\"" + c.replace("\"", "\\\"") + "\"}")
                                .toList())
                + "\n";
        for (String unique : new String[] {"-n", "-u"}) {
            // "-n" is not an option of its own: stands for no -u
            List<String> extra = unique.equals("-u") ? List.of("-u") : List.of();
            Cli.Result list = Cli.run(cells, args(extra, "--from", "list"));
            Cli.Result byCsv = Cli.run(csv, args(extra, "--from", "csv:src_ip"));
            Cli.Result byJson = Cli.run(jsonl, args(extra, "--from", "jsonl:src_ip"));
            assertThat(byCsv.out()).as(unique).isEqualTo(list.out());
            assertThat(byJson.out()).as(unique).isEqualTo(list.out());
            assertThat(byCsv.code()).isEqualTo(list.code());
        }
        assertThat(Cli.run(csv, args(List.of(), "--from", "csv:src_ip")).out().lines())
                .containsExactly(
                        "ip,status", "8.8.8.8,ok", "bogus,invalid", "010.1.1.1,invalid", ",invalid", "'=cmd|x,invalid");
        // JSON lines that are not objects, lack the field or hold no string: invalid rows, the reason on stderr
        String odd = "{\"src_ip\":5}\nnot json\n{\"x\":1}\n{\"src_ip\":\"8.8.8.8\"}\n";
        Cli.Result r = Cli.run(odd, args(List.of(), "--from", "jsonl:src_ip"));
        assertThat(r.out().lines())
                .containsExactly(
                        "ip,status", "5,invalid", "not json,invalid", "\"{\"\"x\"\":1}\",invalid", "8.8.8.8,ok");
        Cli.Result x = Cli.run(odd, "extract", "--from", "jsonl:src_ip");
        assertThat(x.out().lines()).containsExactly("8.8.8.8");
        assertThat(x.err())
                .contains("3 lines with no address in the chosen field (first: -:1: '5' (field 'src_ip' is"
                        + " a number, not a string))");
        assertThat(Cli.run(csv, "extract", "--from", "csv:src_ip").err())
                .contains("3 lines with no address in the chosen field (first: -:3: 'bogus' (");
    }

    private static String[] args(List<String> extra, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("enrich", "--db", asn, "--fields", "ip,status"));
        a.addAll(extra);
        a.addAll(List.of(more));
        a.add("-");
        return a.toArray(String[]::new);
    }

    @Test
    void badModeIsAUsageError() {
        Cli.Result r = Cli.run("", "extract", "--from", "xml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown input mode 'xml'", "csv:COLUMN");
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }
}
