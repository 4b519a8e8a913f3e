package dev.iptriage.sink.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.model.Field;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.report.DatabaseFact;
import dev.iptriage.sink.report.ReportAggregator;
import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.Rows;
import dev.iptriage.sink.report.RunFacts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        // the only script elements are ours: 2 data blocks and 3 hashed scripts
        Matcher m = Pattern.compile("<script[ >]").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        assertThat(n).isEqualTo(5);
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
        assertThat(n).isEqualTo(3);
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
