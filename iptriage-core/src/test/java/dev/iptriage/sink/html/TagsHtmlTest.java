package dev.iptriage.sink.html;

import static dev.iptriage.sink.report.Rows.detail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.sink.report.ListFact;
import dev.iptriage.sink.report.ReportAggregator;
import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.Rows;
import dev.iptriage.sink.report.RunFacts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The page's lists and scanners: the sections, the lists used, and hostile names kept inert. */
class TagsHtmlTest {
    /** A page of three addresses with {@code text} in every name, the warninglist's kind ending in {@code kind}. */
    private static String render(String text, String kind, List<ListFact> lists) throws IOException {
        ReportAggregator a = ReportAggregator.forColumns(Rows.TAGGED, ReportAggregator.Limits.defaults());
        a.add(Rows.tagged(
                "198.51.100.7",
                "ok",
                6,
                List.of("zen.spamhaus.org:XBL " + text),
                List.of("drop " + text, "misp " + text),
                List.of(
                        detail("drop " + text, "blocklist", false),
                        detail("misp " + text, "warninglist" + kind, false)),
                "Org " + text,
                List.of("ptr " + text)));
        a.add(Rows.tagged(
                "10.0.0.1",
                "private",
                2,
                null,
                List.of("level1 " + text),
                List.of(detail("level1 " + text, "blocklist", true))));
        a.add(Rows.tagged("198.51.100.8", "ok", 2, null, List.of(), List.of(), "", List.of()));
        ReportData d = a.result(new RunFacts(
                "t", List.of("in"), 10, a.statuses(), List.of(), Instant.EPOCH, List.of(), List.of(), lists));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlReport.write(d, new HtmlReport.Options(Optional.empty(), 25, Optional.empty()), out);
        return out.toString(StandardCharsets.UTF_8)
                .replaceAll("(?s)<script>.*?</script>", "<script>LIB</script>")
                .replaceAll("(?s)<script type=\"application/json\".*?</script>", "")
                .replaceAll("(?s)<style>.*?</style>", "");
    }

    @Test
    void theSectionShowsListsBogonsScannersTheirShareAndTheCallout() throws IOException {
        String page = render(
                "x",
                "",
                List.of(new ListFact(
                        "drop x",
                        "spamhaus-drop",
                        "https://www.spamhaus.org/drop/",
                        "2026-12-01T00:00:00Z",
                        "Spamhaus DROP terms",
                        1234,
                        0)));
        String lists = between(page, "<h3 id=\"lists\">Lists used</h3>", "</table>");
        assertThat(lists)
                .contains("<th>List</th><th>Date</th><th>Source</th><th>Licence</th><th>Entries</th></tr>")
                .contains("<tr><th>drop x</th><td>2026-12-01T00:00:00Z</td><td>https://www.spamhaus.org/drop/</td>"
                        + "<td>Spamhaus DROP terms</td><td class=\"n\">1,234</td></tr>");
        assertThat(page).contains("<li>drop x: Spamhaus DROP terms</li>");

        String section = between(page, "<section id=\"tags\"><h2>Lists and scanners</h2>", "</section>");
        assertThat(section)
                .contains("1 of 3 distinct addresses (33.3%) is on at least one list, with 6 sightings (60.0%).")
                .contains("<tr><td>drop x</td><td>blocklist</td><td class=\"n\">1</td><td class=\"n\">33.3%</td>"
                        + "<td class=\"n\">6</td></tr>")
                .contains("<h3 id=\"bogons\">Bogon matches in public lists</h3>")
                .contains("1 private, reserved or bogon address is in a public list")
                .contains("<tr><td>level1 x</td><td class=\"n\">1</td><td class=\"n\">2</td></tr>")
                .contains("1 of 3 distinct addresses (33.3%) is a known scanner")
                .contains("with 6 sightings: 60.0% of all sightings.")
                .contains("<tr><td>Org x</td><td>ptr x</td><td class=\"n\">6</td><td class=\"n\">60.0%</td>"
                        + "<td class=\"n\">1</td></tr>")
                // the warninglist is no listing: the callout names the blocklist and the DNS listing
                .contains("1 address is both a known scanner and on a blocklist")
                .contains("<tr><td>198.51.100.7</td><td>Org x</td><td>drop x, zen.spamhaus.org:XBL x</td>"
                        + "<td class=\"n\">6</td></tr>");
    }

    @Test
    void hostileListScannerAndTagTextNeverBecomesMarkup() throws IOException {
        String payload = HtmlReportTest.PAYLOAD;
        String page = render(
                payload, " " + payload, List.of(new ListFact(payload, payload, payload, payload, payload, 1, 2)));
        for (String bad : List.of("<img", "onerror=alert(2)>", "<script>alert")) {
            assertThat(page.contains(bad)).as("page contains %s", bad).isFalse();
        }
        String section = between(page, "<section id=\"tags\">", "</section>");
        String escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;";
        assertThat(section)
                .contains("<td>drop " + escaped)
                .contains("<td>Org " + escaped)
                .contains("<td>ptr " + escaped)
                .contains("<td>warninglist " + escaped)
                .contains("<td>level1 " + escaped)
                .contains("zen.spamhaus.org:XBL " + escaped)
                .contains("&lt;img src=x onerror=alert(2)&gt;&amp;amp;");
        assertThat(between(page, "<h3 id=\"lists\">Lists used</h3>", "</table>"))
                .contains("<th>Bad lines (skipped)</th>")
                .contains("<tr><th>" + escaped)
                .doesNotContain("<img");
    }

    private static String between(String s, String start, String end) {
        int i = s.indexOf(start);
        assertThat(i).as("no " + start).isNotNegative();
        int j = s.indexOf(end, i + start.length());
        return s.substring(i + start.length(), j);
    }
}
