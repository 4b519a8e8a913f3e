package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.iptriage.testing.Fixtures;
import dev.iptriage.text.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iptriage serve}'s page in Debian's Chromium: paste and upload, the streamed rows in counters, panels and a
 * virtual table, sorting and filtering, the map, the address detail, the exports (the CSV byte for byte as {@code
 * enrich -u -f csv} writes it), cancel. Every test also checks that the page only talked to its server, showed no
 * dialog and logged no error.
 */
class ServePageTest {
    @TempDir
    static Path dir;

    static ServePages pages;

    /** Addresses of every kind the fixtures know, the hostile ones too; 8.8.8.8 twice. */
    static final String MIX = String.join(
                    "\n",
                    "8.8.8.8",
                    "203.0.113.9",
                    "10.0.0.1",
                    "81.2.69.160",
                    "8.8.8.8",
                    "1.1.1.1",
                    "8.8.4.4",
                    "2001:4860::1",
                    "not an address")
            + "\n";

    @BeforeAll
    static void start() throws Exception {
        pages = new ServePages(dir, 256L << 20);
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void pastedAddressesStreamIntoCountersPanelsAndTheTableAsText() {
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        Object history = page.evaluate("() => history.length");
        ServePages.paste(page, "8.8.8.8\n203.0.113.9\n10.0.0.1\n81.2.69.160\n8.8.8.8\n");
        assertThat(ServePages.counter(page, "sightings")).isEqualTo(5);
        assertThat(ServePages.counter(page, "addresses")).isEqualTo(4);
        assertThat(ServePages.counter(page, "ok")).isEqualTo(2);
        assertThat(ServePages.column(page, "ip")).containsExactly("8.8.8.8", "203.0.113.9", "10.0.0.1", "81.2.69.160");
        assertThat(ServePages.column(page, "count")).containsExactly("2", "1", "1", "1");
        assertThat(page.locator("#table tbody").textContent()).contains(Fixtures.HOSTILE_CITY, Fixtures.HOSTILE_ORG);
        assertThat(page.locator("[data-panel='country'] li").allTextContents())
                .contains("United States1", "United Kingdom1");
        assertThat(page.locator("[data-panel='org'] li").allTextContents()).contains(Fixtures.HOSTILE_ORG + "1");
        assertThat(page.locator("#table img, #table script, #panels img, #panels script, #map img[src^='x']")
                        .count())
                .as("no markup made from data")
                .isZero();
        // the marks the benchmark reads, in order
        Object marks = page.evaluate("() => ['iptriage:start', 'iptriage:first-row', 'iptriage:complete']"
                + ".map(m => performance.getEntriesByName(m).length)");
        assertThat(marks).isEqualTo(List.of(1, 1, 1));
        // nothing in the URL, the history or browser storage
        assertThat(page.url()).isEqualTo(pages.base() + "/");
        assertThat(page.evaluate("() => [history.length, localStorage.length, sessionStorage.length, document.cookie]"))
                .isEqualTo(List.of(history, 0, 0, ""));
        pages.assertClean(w);
        page.close();
    }

    @Test
    void uploadedLogsPlainAndGzipAreReadAsLogs() throws IOException {
        String log = String.join(
                        "\n",
                        "8.8.8.8 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl/8.5\"",
                        "81.2.69.160 - - [10/Oct/2026:13:55:37 +0000] \"GET /admin HTTP/1.1\" 404 153 \"-\" \"x\"",
                        "8.8.8.8 - - [10/Oct/2026:13:56:01 +0000] \"POST /login HTTP/1.1\" 302 0 \"-\" \"curl/8.5\"")
                + "\n";
        Path plain = dir.resolve("access.log");
        Files.writeString(plain, log);
        Path gz = dir.resolve("access.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(log.getBytes(StandardCharsets.UTF_8));
        }
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        for (Path file : List.of(plain, gz)) {
            page.setInputFiles("#file", file);
            page.click("#run");
            ServePages.waitDone(page);
            assertThat(ServePages.counter(page, "sightings"))
                    .as(file.toString())
                    .isEqualTo(3);
            assertThat(ServePages.counter(page, "addresses")).isEqualTo(2);
            assertThat(ServePages.column(page, "ip")).containsExactly("8.8.8.8", "81.2.69.160");
            assertThat(ServePages.column(page, "first_seen"))
                    .hasSize(2)
                    .allSatisfy(s -> assertThat(s).startsWith("2026-10-10"));
        }
        pages.assertClean(w);
        page.close();
    }

    @Test
    void headersSortNumbersAsNumbersAndAddressesInAddressOrderAndTheFilterNarrows() {
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        page.fill("#text", MIX);
        page.selectOption("#from", "list");
        page.focus("#text");
        page.keyboard().press("Control+Enter"); // runs, as Enrich does
        ServePages.waitDone(page);
        ServePages.sort(page, "ip", true);
        assertThat(ServePages.column(page, "ip"))
                .containsExactly(
                        "1.1.1.1",
                        "8.8.4.4",
                        "8.8.8.8",
                        "10.0.0.1",
                        "81.2.69.160",
                        "203.0.113.9",
                        "2001:4860::1",
                        "not an address");
        assertThat(page.locator("#table thead th").first().getAttribute("aria-sort"))
                .isEqualTo("ascending");
        ServePages.sort(page, "asn", true);
        // numerically (as text 13335 < 15169 < 20712 < 3356), missing values last
        assertThat(ServePages.column(page, "asn"))
                .containsExactly("3356", "13335", "15169", "15169", "20712", "64496", "", "");
        ServePages.sort(page, "asn", false);
        assertThat(ServePages.column(page, "asn"))
                .containsExactly("64496", "20712", "15169", "15169", "13335", "3356", "", "");
        // ties by the address, ascending in both directions, as --sort: 8.8.8.8 before 2001:4860::1
        assertThat(ServePages.column(page, "ip").subList(2, 4)).containsExactly("8.8.8.8", "2001:4860::1");
        page.fill("#filter", "google");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('2')");
        assertThat(ServePages.column(page, "ip")).containsExactly("8.8.8.8", "2001:4860::1");
        page.keyboard().press("Escape");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('8')");
        assertThat(page.inputValue("#filter")).isEmpty();
        pages.assertClean(w);
        page.close();
    }

    @Test
    void aHundredThousandAddressesKeepTheDomSmallAndStillSortAndFilter() throws IOException {
        int count = 100_000;
        List<String> ips = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            long v = 0x02000000L + i * 37L; // 2.0.0.0 upwards: none in the fixtures
            String ip = (v >> 24) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
            ips.add(ip);
            text.append(ip).append('\n');
        }
        Path list = Files.writeString(dir.resolve("100k.txt"), text);
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        page.setInputFiles("#file", list);
        page.click("#run");
        ServePages.waitDone(page);
        assertThat(ServePages.counter(page, "addresses")).isEqualTo(count);
        assertThat(page.locator("tr").count()).as("rows in the DOM").isLessThan(200);
        ServePages.sort(page, "ip", false);
        List<String> desc = ips.stream()
                .sorted(Comparator.comparingLong(ServePageTest::v4).reversed())
                .toList();
        assertThat(ServePages.column(page, "ip")).startsWith(desc.subList(0, 5).toArray(String[]::new));
        // scroll to the end: the last rows are there, the DOM still small
        page.focus("#grid");
        page.keyboard().press("End");
        page.waitForSelector("#table tbody tr.cursor");
        assertThat(ServePages.column(page, "ip")).endsWith(desc.get(count - 1));
        assertThat(page.locator("tr").count()).isLessThan(200);
        String needle = "2.1.2";
        List<String> matching = desc.stream().filter(ip -> ip.contains(needle)).toList();
        page.fill("#filter", needle);
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('"
                + String.format(java.util.Locale.US, "%,d", matching.size()) + "')");
        assertThat(ServePages.column(page, "ip")).startsWith(matching.get(0), matching.get(1));
        pages.assertClean(w);
        page.close();
    }

    /**
     * The page's CSV cells (made from the JSON text the server sent) equal the CLI's ({@code CellText.csv} of the
     * value) for random numbers of every magnitude, hostile text and lists; its address order equals the numeric
     * order of the addresses: two ways, one answer.
     */
    @Test
    void thePagesCsvCellsAndAddressOrderEqualTheJavaOnes() throws Exception {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        List<Object> values = new ArrayList<>();
        // whole characters (a lone surrogate would not survive the trip through Playwright)
        String[] alphabet = {
            "=",
            "+",
            "-",
            "@",
            "\t",
            "\r",
            "\n",
            "\"",
            "'",
            ",",
            "#",
            ";",
            "a",
            "Z",
            "0",
            "9",
            ".",
            "\u0000",
            "\u001b",
            "\u007f",
            "\u0085",
            "\u009b",
            "\u061c",
            "\u200e",
            "\u2028",
            "\u202e",
            "\u2066",
            "\u00e9",
            "\ud83d\ude00"
        };
        for (int i = 0; i < 400; i++) {
            double m = rnd.nextDouble() * Math.pow(10, rnd.nextInt(-12, 14)) * (rnd.nextBoolean() ? 1 : -1);
            values.add(
                    switch (i % 4) {
                        case 0 -> m;
                        case 1 -> (double) Math.round(m);
                        case 2 -> rnd.nextLong(-1L << 40, 1L << 40);
                        default -> {
                            StringBuilder b = new StringBuilder();
                            int len = rnd.nextInt(0, 8);
                            for (int k = 0; k < len; k++) {
                                b.append(rnd.nextInt(12) == 0 ? " " : alphabet[rnd.nextInt(alphabet.length)]);
                            }
                            yield rnd.nextInt(5) == 0 ? List.of(b.toString(), "x") : b.toString();
                        }
                    });
        }
        values.addAll(
                List.of(true, false, "-12.5", "+1", "=1+1", "@SUM(A1)", "-", "1e5", 1.0E-5, 1.0E10, -0.0, 5e-324));
        // the guard's edges: a lone "=", apostrophes before a formula start (guarded once more) or before text (not)
        values.addAll(List.of("=", "'", "''", "'=x", "''=x", "'-5", "'-x", "'s-Hertogenbosch", "''@a", "'+"));
        List<String> raws = values.stream().map(Json::toJson).toList();
        List<String> expected = values.stream()
                .map(v ->
                        dev.iptriage.text.CellText.csv(v instanceof List<?> l ? dev.iptriage.text.FrozenJson.of(l) : v))
                .toList();
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ips.add(
                    switch (i % 3) {
                        case 0 ->
                            rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(3) + "." + rnd.nextInt(256);
                        case 1 ->
                            java.net.InetAddress.getByAddress(new byte[] {
                                        32,
                                        1,
                                        13,
                                        (byte) 184,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        (byte) rnd.nextInt(3),
                                        0,
                                        (byte) rnd.nextInt(256)
                                    })
                                    .getHostAddress()
                                    .replaceAll("(^|:)0(:0)+(:|$)", "::")
                                    .replaceAll(":::+", "::");
                        default -> "64:ff9b::" + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".1.2";
                    });
        }
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        Object got = page.evaluate(
                "async ([raws, ips]) => { const d = await import('/data.js'); const o = globalThis.iptriageOrder;"
                        + " return [raws.map(d.csvCellOfRaw), ips.slice().sort((a, b) =>"
                        + " o.compareAddresses(o.addressKey(a), o.addressKey(b)) || (a < b ? -1 : a > b ? 1 : 0))]; }",
                List.of(raws, ips));
        List<?> both = (List<?>) got;
        List<?> cells = (List<?>) both.get(0);
        for (int i = 0; i < values.size(); i++) {
            assertThat(cells.get(i))
                    .as("JSON %s: page %s, CLI %s", codes(raws.get(i)), codes(cells.get(i)), codes(expected.get(i)))
                    .isEqualTo(expected.get(i));
        }
        List<String> byNumber = ips.stream()
                .sorted(Comparator.comparing((String ip) -> ip.contains(":") ? 1 : 0)
                        .thenComparing(ServePageTest::addressBytes, java.util.Arrays::compareUnsigned)
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        assertThat(both.get(1)).isEqualTo(byNumber);
        pages.assertClean(w);
        page.close();
    }

    private static String codes(Object s) {
        return String.valueOf(s).chars().mapToObj(Integer::toHexString).toList().toString();
    }

    private static byte[] addressBytes(String ip) {
        try {
            byte[] b = java.net.InetAddress.getByName(ip).getAddress();
            return b;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static long v4(String ip) {
        long v = 0;
        for (String p : ip.split("\\.")) {
            v = v * 256 + Long.parseLong(p);
        }
        return v;
    }

    @Test
    void clickingAPanelEntryOrACountryFiltersEverythingAndChipsRemoveTheFilter() {
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        ServePages.paste(page, MIX);
        page.click("[data-panel='country'] button[data-value='United Kingdom']");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('1')");
        assertThat(ServePages.column(page, "ip")).containsExactly("81.2.69.160");
        assertThat(page.locator("#chips li").allTextContents()).containsExactly("country = United Kingdom \u00D7");
        assertThat(page.locator("[data-panel='asn'] li").allTextContents())
                .containsExactly("AS20712 Andrews & Arnold Ltd1");
        page.click("#chips button");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('8')");
        // the keyboard: a panel entry is a button, Enter activates it
        page.focus("[data-panel='asn'] button[data-value='20712']");
        page.keyboard().press("Enter");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('1')");
        page.keyboard().press("Escape");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('8')");
        // the map: a click on the United States filters by its code
        // (the path's own click event: the clusters' markers lie over the middle of the country)
        page.locator("#map path.iso-US").dispatchEvent("click");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('2')");
        assertThat(ServePages.column(page, "ip")).containsExactly("8.8.8.8", "2001:4860::1");
        // filters combine: and the network 8.8.8.0/24
        page.click("[data-panel='network'] button[data-value='8.8.8.0/24']");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('1')");
        assertThat(ServePages.column(page, "ip")).containsExactly("8.8.8.8");
        assertThat(page.locator("#chips li").count()).isEqualTo(2);
        page.keyboard().press("Escape");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('8')");
        assertThat(page.locator("#chips li").count()).isZero();
        // a missing-value bar shows the rows without that value
        page.click("#missing button[data-column='asn']");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('2')");
        assertThat(ServePages.column(page, "ip")).containsExactly("10.0.0.1", "not an address");
        assertThat(page.locator("#chips li").allTextContents()).containsExactly("asn has no value \u00D7");
        pages.assertClean(w);
        page.close();
    }

    @Test
    void aRowOpensEveryFieldAsTextAndEscapeClosesIt() {
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        ServePages.paste(page, MIX);
        page.click("#table tbody tr[data-pos='1']"); // 203.0.113.9, the hostile names
        page.waitForSelector("#detail[open]");
        assertThat(page.textContent("#detail-title")).isEqualTo("203.0.113.9");
        List<String> names = page.locator("#detail-fields dt").allTextContents();
        assertThat(names).startsWith("ip", "status", "asn", "as_org").contains("country_iso", "count");
        assertThat(page.locator("#detail-fields").textContent())
                .contains(Fixtures.HOSTILE_CITY, Fixtures.HOSTILE_ORG, "@SUM(A1)");
        assertThat(page.locator("#detail img, #detail script").count()).isZero();
        page.keyboard().press("Escape");
        page.waitForSelector("#detail", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN));
        // the keyboard: the table takes focus, arrows move, Enter opens
        page.focus("#grid");
        page.keyboard().press("Home");
        page.keyboard().press("ArrowDown");
        page.keyboard().press("ArrowDown");
        page.keyboard().press("Enter");
        page.waitForSelector("#detail[open]");
        assertThat(page.textContent("#detail-title")).isEqualTo("10.0.0.1");
        page.keyboard().press("Escape");
        pages.assertClean(w);
        page.close();
    }

    @Test
    void exportsOfTheViewEqualTheCliAnswer() throws IOException {
        Path input = dir.resolve("mix.txt");
        Files.writeString(input, MIX + "=cmd|' /C calc'!A0\n@SUM(1+1)\n");
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        ServePages.paste(page, Files.readString(input));
        String csv = read(page.waitForDownload(() -> page.click("#export-csv")));
        assertThat(csv).isEqualTo(pages.enrich(input, "list", "csv")); // two ways, one answer
        assertThat(csv).contains("'=HYPERLINK(").contains("'=1+1");
        String jsonl = read(page.waitForDownload(() -> page.click("#export-jsonl")));
        assertThat(jsonl).isEqualTo(pages.enrich(input, "list", "jsonl"));
        String geojson = read(page.waitForDownload(() -> page.click("#export-geojson")));
        @SuppressWarnings("unchecked")
        Map<String, Object> fc = (Map<String, Object>) Json.read(geojson.getBytes(StandardCharsets.UTF_8), 10);
        assertThat(fc.get("type")).isEqualTo("FeatureCollection");
        long located = jsonl.lines()
                .filter(l -> l.contains("\"latitude\":") && !l.contains("\"latitude\":null"))
                .count();
        assertThat((List<?>) fc.get("features")).hasSize((int) located).isNotEmpty();
        // the HTML report of the view, made by the server from the rows as received
        Download report = page.waitForDownload(() -> page.click("#export-report"));
        assertThat(report.suggestedFilename()).isEqualTo("iptriage-report.html");
        String html = read(report);
        assertThat(html).startsWithIgnoringCase("<!doctype html").contains("81.2.69.160");
        assertThat(html).doesNotContain(Fixtures.HOSTILE_CITY); // escaped in the report, never markup
        // the view, not everything: filtered and sorted
        page.click("[data-panel='country'] button[data-value='United States']");
        page.waitForSelector("#counts li[data-counter='addresses'] b:text-is('2')");
        ServePages.sort(page, "ip", false);
        String us = read(page.waitForDownload(() -> page.click("#export-jsonl")));
        assertThat(us.lines().map(l -> l.substring(0, l.indexOf(','))))
                .containsExactly("{\"ip\":\"2001:4860::1\"", "{\"ip\":\"8.8.8.8\"");
        pages.assertClean(w);
        page.close();
    }

    private static String read(Download d) {
        try {
            return Files.readString(d.path());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void cancelStopsABigJob() throws IOException {
        Path big = SampleLog.write(dir.resolve("big.log"), 2_000_000, 3);
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        page.setInputFiles("#file", big);
        page.click("#run");
        page.waitForSelector(
                "#progress[data-lines]", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
        // the share read shows while the file is still being sent (the server is asked: the job's own answer
        // cannot be read before the upload ends)
        assertThat(page.textContent("#status")).matches("Reading: \\d+% .*");
        page.click("#cancel");
        page.waitForSelector("body[data-state='cancelled']");
        assertThat(page.textContent("#status")).startsWith("Cancelled");
        assertThat(page.isDisabled("#cancel")).isTrue();
        pages.assertClean(w);
        page.close();
    }

    @Test
    void aNewJobReplacesTheRunningOneAndOnlyItsRowsAreShown() {
        Path big = SampleLog.write(dir.resolve("big2.log"), 2_000_000, 5);
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        page.setInputFiles("#file", big);
        page.click("#run");
        page.waitForSelector(
                "#progress[data-lines]", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
        page.click("#clear-file");
        ServePages.paste(page, "81.2.69.160\n8.8.8.8\n");
        assertThat(ServePages.counter(page, "addresses")).isEqualTo(2);
        assertThat(ServePages.column(page, "ip")).containsExactly("81.2.69.160", "8.8.8.8");
        assertThat(page.textContent("#status")).startsWith("Done: 2 addresses");
        pages.assertClean(w);
        page.close();
    }

    /**
     * With enrich's default columns (a country name, no country_iso) the map shades the countries of the rows all the
     * same: the names are matched to codes by the server's mapping, the report's.
     */
    @Test
    void theMapShadesCountriesFromTheirNamesWithoutACodeColumn(@TempDir Path other) throws Exception {
        try (ServePages plain = new ServePages(other, "default")) {
            Browser.Watch w = new Browser.Watch();
            Page page = plain.open(w);
            ServePages.paste(page, MIX);
            for (String iso : new String[] {"US", "GB"}) {
                assertThat(page.locator("#map path.iso-" + iso).first().getAttribute("fill-opacity"))
                        .as(iso)
                        .isEqualTo("0.85");
            }
            assertThat(page.locator("#map path.iso-FR").first().getAttribute("fill-opacity"))
                    .isEqualTo("1");
            plain.assertClean(w);
            page.close();
        }
    }
}
