package dev.iptriage.cli;

import static dev.iptriage.cli.ReportHtml.between;
import static dev.iptriage.cli.ReportHtml.cells;
import static dev.iptriage.cli.ReportHtml.rows;
import static dev.iptriage.cli.ReportHtml.sectionIds;
import static dev.iptriage.testing.dns.DnsTestWorld.LISTED_ERROR_254;
import static dev.iptriage.testing.dns.DnsTestWorld.LISTED_SBL;
import static dev.iptriage.testing.dns.DnsTestWorld.LISTED_SBL_DROP;
import static dev.iptriage.testing.dns.DnsTestWorld.LISTED_XBL_PBL;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_CONFIRMED;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_FORGED;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_HTML;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_NXDOMAIN;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_SERVFAIL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code iptriage report --ptr --dnsbl --cymru} against the DNS servers of {@link DnsTestWorld} on
 * loopback: the page says what was sent where, counts each source's answers and shows the listings.
 */
class ReportDnsTest {
    /** Ten distinct addresses, 13 lines: see the world's table for what each one answers. */
    static final String INPUT = String.join(
                    "\n",
                    PTR_CONFIRMED,
                    PTR_CONFIRMED,
                    PTR_CONFIRMED,
                    PTR_FORGED,
                    PTR_NXDOMAIN,
                    PTR_SERVFAIL,
                    PTR_HTML,
                    LISTED_SBL,
                    LISTED_SBL,
                    LISTED_XBL_PBL,
                    LISTED_ERROR_254,
                    LISTED_SBL_DROP,
                    "10.0.0.1")
            + "\n";

    @TempDir
    static Path dir;

    @DnsWorld
    static DnsTestWorld world;

    static String city;
    static String asn;

    @BeforeAll
    static void start() {
        city = Fixtures.city(dir).toString();
        asn = Fixtures.asn(dir).toString();
    }

    @Test
    void thePageShowsWhatWasSentTheAnswersAndTheListings() throws Exception {
        Path html = dir.resolve("r.html");
        Path charts = dir.resolve("charts");
        Cli.Result r = Cli.run(
                INPUT,
                "report",
                "--db",
                city,
                "--db",
                asn,
                "--ptr",
                "--dnsbl",
                "--cymru",
                "--resolver",
                world.resolver(),
                "--no-cache",
                "-o",
                html.toString(),
                "--charts",
                charts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // the run summary on stderr still says what was sent
        assertThat(r.err()).contains("ptr: 9 distinct addresses looked up via DNS resolver " + world.resolver());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        String markup = page.replaceAll("(?s)<script.*?</script>", "").replaceAll("(?s)<style>.*?</style>", "");

        assertThat(sectionIds(markup)).containsExactly("facts", "map-section", "tops", "online", "missing", "rows");
        String sent = between(markup, "<h3 id=\"sent\">Sent over the network</h3>", "</table>");
        assertThat(sent)
                .contains("<tr><th>ptr</th><td>DNS resolver " + world.resolver() + "</td><td class=\"n\">9</td>")
                .contains("<tr><th>dnsbl</th><td>DNS resolver " + world.resolver() + " for zen.spamhaus.org</td>"
                        + "<td class=\"n\">9</td>")
                .contains("<tr><th>cymru</th><td>DNS resolver " + world.resolver()
                        + " for origin.asn.cymru.com (Team Cymru)</td><td class=\"n\">9</td>");
        // the header, then one row per source; 10.0.0.1 was not sent (the column before the last, with its reason);
        // no repeats
        assertThat(rows(sent)).hasSize(4);
        assertThat(rows(sent).subList(1, 4))
                .allMatch(row -> row.endsWith("<td class=\"n\">1 (private or reserved 1)</td><td class=\"n\">0</td>"));
        assertThat(markup).doesNotContain("Sent (online source");

        String online = between(markup, "<section id=\"online\">", "</section>");
        assertThat(online)
                .contains("<tr><th>Source</th><th>Addresses</th><th>ok</th><th>nxdomain</th><th>servfail</th>"
                        + "<th>skipped</th><th>error</th><th>failed</th></tr>")
                // ok: PTR_CONFIRMED, PTR_FORGED, PTR_HTML; servfail: PTR_SERVFAIL; the 1.2.4.x have no name
                .contains("<tr><th>ptr</th>" + cells(10, 3, 5, 1, 1, 0, 1) + "</tr>")
                // listed: 3; error: 127.255.255.254 (a public resolver's answer), never a listing
                .contains("<tr><th>dnsbl</th>" + cells(10, 3, 5, 0, 1, 1, 1) + "</tr>")
                .contains("<tr><th>cymru</th>" + cells(10, 9, 0, 0, 1, 0, 0) + "</tr>")
                .contains("<tr><td>ptr</td><th>fcrdns</th>" + cells(3) + "<td class=\"n\">30.0%</td>" + cells(1, 2)
                        + "</tr>");

        String listings = between(markup, "<div class=\"top\" id=\"listings\">", "</div>");
        assertThat(listings)
                .contains("3 of 10 distinct addresses (30.0%) are listed at least once, with 4 sightings (30.8%)."
                        + " 1 address could not be checked")
                .contains("<tr><td>zen.spamhaus.org:SBL</td>" + cells(2) + "<td class=\"n\">20.0%</td>" + cells(3))
                .contains("<tr><td>zen.spamhaus.org:DROP</td>" + cells(1))
                .contains("<tr><td>zen.spamhaus.org:PBL-ISP</td>" + cells(1))
                .contains("<tr><td>zen.spamhaus.org:XBL</td>" + cells(1));
        assertThat(rows(listings)).hasSize(5); // the header and four listings

        // the hostile PTR name is in the table's data, inert (dnsjava writes the parentheses as \( \))
        String data = between(page, "<script type=\"application/json\" id=\"report-data\">", "</script>");
        assertThat(data).contains("\\u003cscript\\u003ealert\\\\(1\\\\)\\u003c/script\\u003e.evil.test");
        assertThat(markup).doesNotContain("<script>alert(1)");

        BufferedImage chart = ImageIO.read(charts.resolve("listings.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(1000);
        assertThat(world.queriesRevealing("10.0.0.1")).isEmpty();
    }

    @Test
    void withoutOnlineSourcesThereIsNoOnlineSectionAndNoListingsChart() throws Exception {
        Path html = dir.resolve("offline.html");
        Path charts = dir.resolve("offline-charts");
        Cli.Result r = Cli.run(
                INPUT, "report", "--db", city, "--db", asn, "-o", html.toString(), "--charts", charts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String markup = Files.readString(html, StandardCharsets.UTF_8)
                .replaceAll("(?s)<script.*?</script>", "")
                .replaceAll("(?s)<style>.*?</style>", "");
        assertThat(sectionIds(markup)).containsExactly("facts", "map-section", "tops", "missing", "rows");
        assertThat(markup).doesNotContain("Sent over the network", "DNS blocklist", "Online sources");
        try (var files = Files.list(charts)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("asns.png", "countries.png");
        }
    }

    /**
     * Two ways to the same answers: the report of the input with the sources, and the report of what
     * {@code enrich -u} wrote with them (CSV and JSON Lines), which looks nothing up, show the same
     * answers and listings, and the same columns in the table.
     */
    @ParameterizedTest
    @ValueSource(strings = {"csv", "jsonl"})
    void aReportOfAnEnrichedFileShowsTheSameAnswersAndListings(String format) throws Exception {
        String[] online = {"--ptr", "--dnsbl", "--cymru", "--resolver", world.resolver(), "--no-cache"};
        Path direct = dir.resolve("direct-" + format + ".html");
        Cli.Result r = Cli.run(INPUT, concat(List.of("report", "--db", city, "-o", direct.toString()), online));
        assertThat(r.code()).as(r.err()).isZero();
        Path rows = dir.resolve("rows." + format);
        r = Cli.run(INPUT, concat(List.of("enrich", "-u", "--db", city, "-o", rows.toString()), online));
        assertThat(r.code()).as(r.err()).isZero();
        Path fromFile = dir.resolve("from-" + format + ".html");
        r = Cli.run("", "report", rows.toString(), "-o", fromFile.toString());
        assertThat(r.code()).as(r.err()).isZero();

        String a = markup(direct);
        String b = markup(fromFile);
        assertThat(between(b, "<section id=\"online\">", "</section>"))
                .isEqualTo(between(a, "<section id=\"online\">", "</section>"))
                .contains("<tr><th>dnsbl</th>" + cells(10, 3, 5, 0, 1, 1, 1) + "</tr>");
        assertThat(between(b, "<div class=\"top\" id=\"listings\">", "</div>"))
                .isEqualTo(between(a, "<div class=\"top\" id=\"listings\">", "</div>"))
                .contains("3 of 10 distinct addresses");
        // nothing was sent to make the second report
        assertThat(b).doesNotContain("Sent over the network");
        String columns = "\"ptr\",\"fcrdns\",\"ptr_status\",\"dnsbl\",\"dnsbl_status\",\"origin_asn\"";
        assertThat(Files.readString(fromFile)).contains(columns);

        // an enriched file without the sources' columns: no online section, no listings
        Path plain = dir.resolve("plain." + format);
        assertThat(Cli.run(INPUT, "enrich", "-u", "--db", city, "-o", plain.toString())
                        .code())
                .isZero();
        Path plainHtml = dir.resolve("plain-" + format + ".html");
        assertThat(Cli.run("", "report", plain.toString(), "-o", plainHtml.toString())
                        .code())
                .isZero();
        assertThat(sectionIds(markup(plainHtml))).containsExactly("facts", "map-section", "tops", "missing", "rows");
        assertThat(markup(plainHtml)).doesNotContain("DNS blocklist");
    }

    private static String[] concat(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** The page without scripts, data and styles. */
    private static String markup(Path html) throws java.io.IOException {
        return Files.readString(html, StandardCharsets.UTF_8)
                .replaceAll("(?s)<script.*?</script>", "")
                .replaceAll("(?s)<style>.*?</style>", "");
    }
}
