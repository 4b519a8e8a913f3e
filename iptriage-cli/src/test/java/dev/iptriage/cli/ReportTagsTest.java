package dev.iptriage.cli;

import static dev.iptriage.cli.ReportHtml.between;
import static dev.iptriage.cli.ReportHtml.cells;
import static dev.iptriage.cli.ReportHtml.rows;
import static dev.iptriage.cli.ReportHtml.sectionIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code iptriage report} of an enrich output with the lists' and scanners' columns ({@code enrich
 * --list}): CSV (the lists as JSON text in cells) and JSON Lines (the lists as JSON arrays) give the
 * same section, with the counts written here.
 */
class ReportTagsTest {
    private static final String FEODO = "{\"list\":\"feodo\",\"network\":\"198.51.100.1\",\"date\":\"2026-12-01\","
            + "\"kind\":\"blocklist\",\"malware\":\"QakBot\"}";
    private static final String LEVEL1 =
            "{\"list\":\"firehol_level1\",\"network\":\"198.51.100.0/24\",\"date\":\"2026-12-02\",\"kind\":\"blocklist\"}";
    private static final String LEVEL1_BOGON = "{\"list\":\"firehol_level1\",\"network\":\"10.0.0.0/8\","
            + "\"date\":\"2026-12-02\",\"kind\":\"blocklist\",\"bogon\":true}";
    private static final String MISP = "{\"list\":\"misp-scanners\",\"network\":\"198.51.100.2/32\","
            + "\"date\":\"2026-11-30\",\"kind\":\"warninglist\"}";

    /**
     * Five addresses, 15 sightings: ip, status, count, dnsbl, tags, tag_details, scanner,
     * scanner_evidence (JSON values; null: no value).
     */
    private static final List<List<String>> ROWS = List.of(
            List.of(
                    "198.51.100.1",
                    "ok",
                    "5",
                    "[]",
                    "[\"feodo\",\"firehol_level1\"]",
                    "[" + FEODO + "," + LEVEL1 + "]",
                    "",
                    "[]"),
            // a research scanner on a warninglist: known benign, not listed
            List.of(
                    "198.51.100.2",
                    "ok",
                    "3",
                    "[]",
                    "[\"misp-scanners\"]",
                    "[" + MISP + "]",
                    "Censys, Inc.",
                    "[\"cidr\",\"ptr\"]"),
            // a scanner on a blocklist and a DNS blocklist: the callout
            List.of(
                    "198.51.100.3",
                    "ok",
                    "2",
                    "[\"zen.spamhaus.org:XBL\"]",
                    "[\"firehol_level1\"]",
                    "[" + LEVEL1 + "]",
                    "Shodan",
                    "[\"ptr\"]"),
            // FireHOL level1 covers 10.0.0.0/8: a bogon match, counted apart
            List.of("10.0.0.1", "private", "4", "[]", "[\"firehol_level1\"]", "[" + LEVEL1_BOGON + "]", "", "[]"),
            List.of("198.51.100.5", "ok", "1", "[]", "[]", "[]", "", "[]"));

    private static final List<String> HEADER =
            List.of("ip", "status", "count", "dnsbl", "tags", "tag_details", "scanner", "scanner_evidence");

    @TempDir
    Path dir;

    private Path write(String format) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        if (format.equals("csv")) {
            b.append(String.join(",", HEADER)).append('\n');
            for (List<String> r : ROWS) {
                List<String> cells = new ArrayList<>();
                for (String c : r) {
                    cells.add(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
                }
                b.append(String.join(",", cells)).append('\n');
            }
        } else {
            for (List<String> r : ROWS) {
                List<String> members = new ArrayList<>();
                for (int i = 0; i < HEADER.size(); i++) {
                    String v = r.get(i);
                    String json = i == 2 || v.startsWith("[") ? v : v.isEmpty() ? "null" : "\"" + v + "\"";
                    members.add("\"" + HEADER.get(i) + "\":" + json);
                }
                b.append('{').append(String.join(",", members)).append("}\n");
            }
        }
        Path p = dir.resolve("rows." + format);
        Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "jsonl"})
    void aReportOfAnEnrichedFileShowsTheListsTheScannersAndTheCallout(String format) throws Exception {
        Path html = dir.resolve("r.html");
        Path charts = dir.resolve("charts");
        Cli.Result r =
                Cli.run("", "report", write(format).toString(), "-o", html.toString(), "--charts", charts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String page = markup(html);
        assertThat(sectionIds(page))
                .containsExactly("facts", "map-section", "tops", "tags", "online", "missing", "rows");
        String section = between(page, "<section id=\"tags\"><h2>Lists and scanners</h2>", "</section>");
        // 3 addresses on a list (not the bogon match), 5 + 3 + 2 = 10 of 15 sightings
        assertThat(section)
                .contains("3 of 5 distinct addresses (60.0%) are on at least one list, with 10 sightings (66.7%).")
                .contains("<tr><td>firehol_level1</td><td>blocklist</td>" + cells(2) + "<td class=\"n\">40.0%</td>"
                        + cells(7) + "</tr>")
                .contains("<tr><td>feodo</td><td>blocklist</td>" + cells(1) + "<td class=\"n\">20.0%</td>" + cells(5))
                .contains("<tr><td>misp-scanners</td><td>warninglist</td>" + cells(1))
                .contains("1 private, reserved or bogon address is in a public list")
                .contains("<tr><td>firehol_level1</td>" + cells(1, 4) + "</tr>")
                // scanners: 198.51.100.2 and .3, 3 + 2 = 5 of 15 sightings
                .contains("2 of 5 distinct addresses (40.0%) are known scanners")
                .contains("with 5 sightings: 33.3% of all sightings.")
                .contains("<tr><td>Censys, Inc.</td><td>cidr, ptr</td>" + cells(3) + "<td class=\"n\">20.0%</td>"
                        + cells(1) + "</tr>")
                .contains("<tr><td>Shodan</td><td>ptr</td>" + cells(2))
                .contains("1 address is both a known scanner and on a blocklist")
                .contains("<tr><td>198.51.100.3</td><td>Shodan</td><td>firehol_level1, zen.spamhaus.org:XBL</td>"
                        + cells(2) + "</tr>");
        assertThat(rows(between(section, "<h3>Lists</h3>", "</table>"))).hasSize(4); // header and three lists
        assertThat(rows(between(section, "id=\"listed-scanners\">", "</table>")))
                .hasSize(2);
        try (var files = Files.list(charts)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("asns.png", "countries.png", "listings.png", "scanners.png", "tags.png");
        }
        assertThat(ImageIO.read(charts.resolve("tags.png").toFile()).getWidth()).isEqualTo(1000);
        assertThat(ImageIO.read(charts.resolve("scanners.png").toFile()).getWidth())
                .isEqualTo(1000);
        // the table has the columns
        assertThat(Files.readString(html)).contains("\"tags\",\"tag_details\",\"scanner\",\"scanner_evidence\"");
    }

    @Test
    void csvAndJsonLinesGiveTheSameSection() throws Exception {
        Path a = dir.resolve("a.html");
        Path b = dir.resolve("b.html");
        assertThat(Cli.run("", "report", write("csv").toString(), "-o", a.toString())
                        .code())
                .isZero();
        assertThat(Cli.run("", "report", write("jsonl").toString(), "-o", b.toString())
                        .code())
                .isZero();
        assertThat(between(markup(b), "<section id=\"tags\">", "</section>"))
                .isEqualTo(between(markup(a), "<section id=\"tags\">", "</section>"));
    }

    /** Only scanner columns (enrich --fields ip,status,scanner): the scanners, no lists, no callout. */
    @Test
    void scannersWithoutListsHaveNoCallout() throws Exception {
        Path in = dir.resolve("s.csv");
        Files.writeString(in, "ip,status,scanner\n198.51.100.2,ok,\"Censys, Inc.\"\n198.51.100.9,ok,\n");
        Path html = dir.resolve("s.html");
        assertThat(Cli.run("", "report", in.toString(), "-o", html.toString()).code())
                .isZero();
        String section = between(markup(html), "<section id=\"tags\">", "</section>");
        assertThat(section)
                .contains("1 of 2 distinct addresses (50.0%) is a known scanner")
                .doesNotContain("id=\"tags-top\"", "listed-scanners");
    }

    /** The page without scripts, data and styles. */
    private static String markup(Path html) throws java.io.IOException {
        return Files.readString(html, StandardCharsets.UTF_8)
                .replaceAll("(?s)<script.*?</script>", "")
                .replaceAll("(?s)<style>.*?</style>", "");
    }
}
