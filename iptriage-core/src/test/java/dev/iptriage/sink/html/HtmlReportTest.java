package dev.iptriage.sink.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.model.Field;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.report.DatabaseFact;
import dev.iptriage.sink.report.ReportAggregator;
import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.Rows;
import dev.iptriage.sink.report.RunFacts;
import dev.iptriage.sink.report.SentFact;
import dev.iptriage.sources.SourceStats;
import dev.iptriage.sources.SourceStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlReportTest {
    static final String PAYLOAD = "</script><script>alert(1)</script>\u2028\"'><img src=x onerror=alert(2)>&amp;";

    static String render(String text, Optional<String> tiles) throws IOException {
        ReportAggregator a = ReportAggregator.create(ReportAggregator.COLUMNS, ReportAggregator.Limits.defaults());
        a.add(Rows.of(
                "1.2.3.4",
                "ok",
                3,
                Map.of(
                        Field.ASN,
                        64496L,
                        Field.AS_ORG,
                        text,
                        Field.CITY,
                        text,
                        Field.COUNTRY,
                        text,
                        Field.COUNTRY_ISO,
                        "ZZ",
                        Field.LATITUDE,
                        1.0,
                        Field.LONGITUDE,
                        2.0)));
        a.add(new Row(text, "invalid", new Object[0], 1));
        ReportData d = a.result(new RunFacts(
                text,
                List.of(text),
                4,
                a.statuses(),
                List.of(new DatabaseFact(text, text, Instant.EPOCH, text)),
                Instant.EPOCH,
                List.of(text)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlReport.write(d, new HtmlReport.Options(tiles, 25, Optional.empty()), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hostileTextNeverBecomesMarkup() throws IOException {
        String html = render(PAYLOAD, Optional.empty());
        String own = ownMarkup(html);
        for (String bad : List.of("<img", "onerror=alert(2)>", "<script>alert")) {
            assertThat(own.contains(bad)).as("page contains %s", bad).isFalse();
        }
        for (String good : List.of("&lt;img src=x onerror=alert(2)&gt;", "&amp;amp;", "&quot;&#39;&gt;")) {
            assertThat(own.contains(good)).as("page lacks %s", good).isTrue();
        }
        // the only script elements are ours: 2 data blocks and 4 hashed scripts (Leaflet, its clusters, the order of
        // --sort, the page's)
        Matcher m = Pattern.compile("<script[ >]").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        assertThat(n).isEqualTo(6);
        String json = between(html, "<script type=\"application/json\" id=\"report-data\">", "</script>");
        assertThat(json)
                .contains("\\u003c/script\\u003e", "\\u2028", "\\u0026amp;")
                .doesNotContain("<", ">", "&");
    }

    @Test
    void policyAllowsExactlyTheInlinedScriptsAndNoOrigin() throws IOException {
        String html = render("x", Optional.empty());
        String csp = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"")
                .replace("&#39;", "'");
        assertThat(csp).startsWith("default-src 'none'; script-src 'sha256-").doesNotContain("unsafe-eval", "http");
        assertThat(csp.split(";")[1]).doesNotContain("unsafe-inline");
        Matcher scripts =
                Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int n = 0;
        while (scripts.find()) {
            assertThat(csp).contains(Assets.cspHash(scripts.group(1)));
            n++;
        }
        assertThat(n).isEqualTo(4);
        assertThat(html.contains("url(images/"))
                .as("relative image in the style sheets")
                .isFalse();
        assertThat(ownMarkup(html).contains("src=\"http")).as("a remote source").isFalse();
        assertThat(ownMarkup(html).contains("href=\"http")).as("a link").isFalse();
    }

    @Test
    void tilesAreTheOnlyOriginAllowed() throws IOException {
        String html = render("x", Optional.of("https://{s}.tile.example.org/{z}/{x}/{y}.png"));
        String csp = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"")
                .replace("&#39;", "'");
        assertThat(csp).contains("img-src data: https://*.tile.example.org;");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "https://tile.example.org/{z}/{x}/{y}.png, https://tile.example.org",
        "https://{s}.tile.example.org/{z}/{x}/{y}.png, https://*.tile.example.org",
        "http://localhost:8080/{z}/{x}/{y}.png, http://localhost:8080"
    })
    void tileOrigins(String template, String origin) {
        assertThat(HtmlReport.origin(template)).isEqualTo(origin);
    }

    @Test
    void attributionOfTheDatabasesIsShown() throws IOException {
        String html = render("IP to ASN Lite by DB-IP (https://db-ip.com), CC BY 4.0", Optional.empty());
        assertThat(between(html, "<footer>", "</footer>"))
                .contains("IP to ASN Lite by DB-IP (https://db-ip.com), CC BY 4.0", "Natural Earth")
                .contains("<a href=\"https://db-ip.com\" rel=\"noreferrer\">IP Geolocation by DB-IP</a>");
    }

    /** A report of rows with --ptr and --dnsbl columns, with {@code text} in a PTR name, a listing and the facts. */
    static String renderOnline(String text) throws IOException {
        ReportAggregator a = ReportAggregator.forColumns(Rows.ONLINE, ReportAggregator.Limits.defaults());
        String xbl = "zen.spamhaus.org:XBL";
        a.add(Rows.online("1.2.3.1", "ok", 5, text, true, "ok", List.of(text, xbl), "ok"));
        a.add(Rows.online("1.2.3.2", "ok", 2, "forged.example", false, "ok", null, "nxdomain"));
        a.add(Rows.online("1.2.3.5", "ok", 1, null, null, "nxdomain", null, "timeout"));
        a.add(Rows.online("10.0.0.1", "private", 1, null, null, "skipped", null, "skipped"));
        Map<String, Long> traffic = new LinkedHashMap<>();
        traffic.put("DNS queries", 7L);
        traffic.put("retries", 1L);
        traffic.put("cache hits", 2L);
        List<SentFact> sent = List.of(
                SentFact.of(new SourceStats(
                        "ptr",
                        "DNS resolver 127.0.0.1:5353 " + text,
                        1, // of the 3 answered, 2 came from the cache: not sent
                        1,
                        Map.of(SourceStatus.OK, 2L, SourceStatus.NXDOMAIN, 1L, SourceStatus.SKIPPED, 1L),
                        4,
                        traffic,
                        orderedMap("private or reserved", 1L, "answered from the cache", 2L))),
                new SentFact(
                        "dnsbl",
                        "DNS resolver 127.0.0.1:5353 for zen.spamhaus.org",
                        3,
                        Map.of("DNS queries", 3L),
                        3,
                        0,
                        orderedMap("private or reserved", 1L, "network lines", 2L)));
        ReportData d = a.result(new RunFacts(
                "t", List.of("in"), 9, a.statuses(), List.of(), Instant.EPOCH, List.of(text), sent, List.of()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlReport.write(d, new HtmlReport.Options(Optional.empty(), 25, Optional.empty()), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Long> orderedMap(String k1, Long v1, String k2, Long v2) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void onlineSourcesShowWhatWasSentTheirAnswersAndTheListings() throws IOException {
        String own = ownMarkup(renderOnline("host.example"));
        String sent = between(own, "<h3 id=\"sent\">Sent over the network</h3>", "</table>");
        assertThat(sent)
                .contains("<th>Source</th><th>Asked via</th><th>Addresses sent</th><th>DNS queries</th><th>Retries</th>"
                        + "<th>Cache hits</th><th>Not sent</th>"
                        + "<th>Answers reused for later repeats</th>")
                // the addresses the cache answered are not sent, and among those not sent with their reason
                .contains("<tr><th>ptr</th><td>DNS resolver 127.0.0.1:5353 host.example</td><td class=\"n\">1</td>"
                        + "<td class=\"n\">7</td><td class=\"n\">1</td><td class=\"n\">2</td>"
                        + "<td class=\"n\">3 (private or reserved 1, answered from the cache 2)</td>"
                        + "<td class=\"n\">4</td></tr>")
                // a source that does not count retries: an empty cell, not 0; each reason for not sending
                .contains("<tr><th>dnsbl</th><td>DNS resolver 127.0.0.1:5353 for zen.spamhaus.org</td>"
                        + "<td class=\"n\">3</td><td class=\"n\">3</td><td></td><td></td>"
                        + "<td class=\"n\">3 (private or reserved 1, network lines 2)</td><td class=\"n\">0</td></tr>");
        String listings = between(own, "<div class=\"top\" id=\"listings\">", "</div>");
        assertThat(listings)
                .contains("<h3>DNS blocklist listings</h3>")
                .contains("1 of 4 distinct addresses (25.0%) is listed at least once, with 5 sightings (55.6%)."
                        + " 1 address could not be checked")
                .contains("<tr><td>host.example</td><td class=\"n\">1</td><td class=\"n\">25.0%</td>"
                        + "<td class=\"n\">5</td></tr>")
                .contains("<tr><td>zen.spamhaus.org:XBL</td><td class=\"n\">1</td>");
        String online = between(own, "<section id=\"online\">", "</section>");
        assertThat(online)
                .contains("<tr><th>Source</th><th>Addresses</th><th>ok</th><th>nxdomain</th><th>timeout</th>"
                        + "<th>skipped</th><th>failed</th></tr>")
                .contains("<tr><th>ptr</th><td class=\"n\">4</td><td class=\"n\">2</td><td class=\"n\">1</td>"
                        + "<td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">0</td></tr>")
                .contains("<tr><th>dnsbl</th><td class=\"n\">4</td><td class=\"n\">1</td><td class=\"n\">1</td>"
                        + "<td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">1</td></tr>")
                .contains("<tr><td>ptr</td><th>fcrdns</th><td class=\"n\">2</td><td class=\"n\">50.0%</td>"
                        + "<td class=\"n\">1</td><td class=\"n\">1</td></tr>")
                .contains("<tr><td>ptr</td><th>ptr</th><td class=\"n\">2</td><td class=\"n\">50.0%</td>"
                        + "<td></td><td></td></tr>");
        // the order of the sections: the online sources' answers after the top tables
        assertThat(sectionIds(own)).containsExactly("facts", "map-section", "tops", "online", "missing", "rows");
        // the table has the sources' columns
        assertThat(between(renderOnline("host.example"), "id=\"report-data\">", "</script>"))
                .contains("\"ptr\",\"fcrdns\",\"ptr_status\",\"dnsbl\",\"dnsbl_status\"");
    }

    @Test
    void hostileNamesAndListingsStayTextInTheOnlineSections() throws IOException {
        String hostile = PAYLOAD + "\u001b[2J\u202etxt.exe\u009b";
        String html = renderOnline(hostile);
        // the markup without the data block (JSON: its text is escaped there, and shown by textContent)
        String own =
                ownMarkup(html).replaceAll("(?s)<script type=\"application/json\" id=\"report-data\">.*?</script>", "");
        for (String bad : List.of("<img", "onerror=alert(2)>", "<script>alert", "\u001b", "\u202e", "\u009b")) {
            assertThat(own.contains(bad)).as("page contains %s", bad).isFalse();
        }
        String escaped = "&lt;img src=x onerror=alert(2)&gt;&amp;amp;\ufffd[2J\ufffdtxt.exe\ufffd";
        assertThat(between(own, "<div class=\"top\" id=\"listings\">", "</div>"))
                .contains(escaped);
        assertThat(between(own, "<h3 id=\"sent\">", "</table>")).contains(escaped);
        assertThat(between(own, "<section id=\"facts\">", "</section>")).contains(escaped); // the note
        assertThat(between(html, "id=\"report-data\">", "</script>"))
                .contains("\\u003cimg src=x onerror=alert(2)\\u003e")
                .doesNotContain("<", ">", "&");
    }

    /** Without online columns the page is what it was: no empty panel, no sent table. */
    @Test
    void aReportWithoutOnlineSourcesHasNoOnlineSections() throws IOException {
        String own = ownMarkup(render("x", Optional.empty()));
        assertThat(sectionIds(own)).containsExactly("facts", "map-section", "tops", "missing", "rows");
        assertThat(own).doesNotContain("Sent over the network", "DNS blocklist", "id=\"listings\"", "Online sources");
        assertThat(between(own, "<section id=\"tops\">", "</section>"))
                .contains("<h3>Countries</h3>", "<h3>Autonomous systems</h3>", "<h3>Cities</h3>", "<h3>Networks</h3>")
                .doesNotContainPattern("<h3>(?!Countries|Autonomous systems|Cities|Networks)");
    }

    private static List<String> sectionIds(String html) {
        Matcher m = Pattern.compile("<section id=\"([^\"]+)\"").matcher(html);
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The page without the inlined libraries and style sheets (their text is not ours). */
    private static String ownMarkup(String html) {
        return html.replaceAll("(?s)<script>.*?</script>", "<script>LIB</script>")
                .replaceAll("(?s)<style>.*?</style>", "");
    }

    private static String between(String s, String start, String end) {
        int i = s.indexOf(start);
        assertThat(i).as("no " + start).isNotNegative();
        int j = s.indexOf(end, i + start.length());
        return s.substring(i + start.length(), j);
    }
}
