package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;

/** What the browser tests of {@code iptriage serve}'s page share: a server over the fixture databases, a page on it. */
final class ServePages implements AutoCloseable {
    /** The columns of the jobs: the default ones and the country code the map's choropleth and filter use. */
    static final String FIELDS = "default,country_iso";

    final Browser browser;
    final Path city;
    final Path asn;
    final Engine engine;
    final LocalServer server;

    /** Over the fixture databases (written into {@code dir}). */
    ServePages(Path dir, long maxUpload) throws Exception {
        this(Fixtures.city(dir), Fixtures.asn(dir), maxUpload);
    }

    /** Over the fixture databases, in a Chromium started with {@code browserArgs} more. */
    ServePages(Path dir, long maxUpload, List<String> browserArgs) throws Exception {
        this(Fixtures.city(dir), Fixtures.asn(dir), maxUpload, browserArgs);
    }

    ServePages(Path city, Path asn, long maxUpload) throws Exception {
        this(city, asn, maxUpload, List.of());
    }

    private ServePages(Path city, Path asn, long maxUpload, List<String> browserArgs) throws Exception {
        this(city, asn, maxUpload, browserArgs, FIELDS);
    }

    /** Over the fixture databases, the jobs making {@code fields} (enrich's {@code --fields}). */
    ServePages(Path dir, String fields) throws Exception {
        this(Fixtures.city(dir), Fixtures.asn(dir), 256L << 20, List.of(), fields);
    }

    private ServePages(Path city, Path asn, long maxUpload, List<String> browserArgs, String fields) throws Exception {
        browser = Browser.launch(browserArgs);
        this.city = city;
        this.asn = asn;
        engine = Engine.builder()
                .databases(List.of(Database.open(city), Database.open(asn)))
                .build();
        server = new LocalServer(engine, fields, maxUpload, 0);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A new page, logged in with the run's token, its requests, errors and dialogs recorded in {@code w}. */
    Page open(Browser.Watch w) {
        Page page = browser.page(w);
        page.navigate(server.url());
        assertThat(page.url()).isEqualTo(base() + "/");
        page.waitForSelector("body[data-state='idle']");
        return page;
    }

    /** Waits until the job's view is complete (every part drawn after the summary). */
    static void waitDone(Page page) {
        page.waitForSelector(
                "body[data-state='done']",
                new Page.WaitForSelectorOptions()
                        .setState(WaitForSelectorState.ATTACHED)
                        .setTimeout(120_000));
    }

    /** Pastes {@code text}, runs it as an address list, waits until done. */
    static void paste(Page page, String text) {
        page.fill("#text", text);
        page.selectOption("#from", "list");
        page.click("#run");
        waitDone(page);
    }

    /**
     * {@code iptriage enrich -u} in-process over {@code input} with the same databases and fields, and {@code more}
     * options ({@code --sort asn -r}): the CLI's answer.
     */
    String enrich(Path input, String from, String format, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "enrich",
                "-u",
                "--db",
                city.toString(),
                "--db",
                asn.toString(),
                "--fields",
                FIELDS,
                "--from",
                from,
                "-f",
                format));
        args.addAll(List.of(more));
        args.add(input.toString());
        Cli.Result r = Cli.run("", args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    /** Clicks a column's header until the table is sorted by it, ascending or descending, and waits for the rows. */
    static void sort(Page page, String column, boolean ascending) {
        String want = ascending ? "ascending" : "descending";
        String th = "#table thead th:has(button[data-column='" + column + "'])";
        for (int i = 0; i < 3; i++) {
            String now = page.getAttribute(th, "aria-sort");
            if (want.equals(now)) {
                return;
            }
            String next = "ascending".equals(now) ? "descending" : "descending".equals(now) ? "none" : "ascending";
            page.click(th + " button");
            page.waitForSelector(th + "[aria-sort='" + next + "']");
        }
        throw new AssertionError("the table did not sort by " + column);
    }

    /** The page only talked to its server, showed no dialog and logged no error. */
    void assertClean(Browser.Watch w) {
        assertThat(w.dialogs).as("dialogs").isEmpty();
        assertThat(w.errors).as("console errors").isEmpty();
        assertThat(w.requests).as("requests").allSatisfy(u -> assertThat(u).startsWith(base() + "/"));
    }

    /** The text of each visible table row's cells in one column. */
    static List<String> column(Page page, String name) {
        List<String> head = page.locator("#table thead th").allTextContents().stream()
                .map(s -> s.replaceAll(" [\u25B2\u25BC]$", ""))
                .toList();
        int k = head.indexOf(name);
        assertThat(k).as("column " + name + " in " + head).isNotNegative();
        return page.locator("#table tbody tr[data-pos] td:nth-child(" + (k + 1) + ")")
                .allTextContents();
    }

    /** A counter's value, without its thousands separators. */
    static long counter(Page page, String name) {
        return Long.parseLong(page.locator("#counts li[data-counter='" + name + "'] b")
                .textContent()
                .replace(",", ""));
    }

    @Override
    public void close() {
        server.close();
        engine.close();
        browser.close();
    }
}
