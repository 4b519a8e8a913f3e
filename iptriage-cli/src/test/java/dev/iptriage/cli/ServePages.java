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

    ServePages(Path city, Path asn, long maxUpload) throws Exception {
        browser = Browser.launch();
        this.city = city;
        this.asn = asn;
        engine = Engine.builder()
                .databases(List.of(Database.open(city), Database.open(asn)))
                .build();
        server = new LocalServer(engine, FIELDS, maxUpload, 0);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A new page, logged in with the run's token, its requests, errors and dialogs recorded in {@code w}. */
    Page open(Browser.Watch w) {
        Page page = browser.page(w);
        fallback(page, base());
        page.navigate(server.url());
        assertThat(page.url()).isEqualTo(base() + "/");
        page.waitForSelector("body[data-state='idle']");
        return page;
    }

    /** Static files of the page a server without them does not serve yet: answered from the class path instead. */
    private static final java.util.Map<String, String> FALLBACK = java.util.Map.of(
            "/data.js", "dev/iptriage/cli/serve/data.js",
            "/map.js", "dev/iptriage/cli/serve/map.js",
            "/vendor/leaflet.js", "META-INF/resources/webjars/leaflet/1.9.4/dist/leaflet.js",
            "/vendor/leaflet.css", "META-INF/resources/webjars/leaflet/1.9.4/dist/leaflet.css",
            "/vendor/markercluster.js",
                    "META-INF/resources/webjars/leaflet-markercluster/1.4.1/leaflet.markercluster.js",
            "/vendor/markercluster.css", "META-INF/resources/webjars/leaflet-markercluster/1.4.1/MarkerCluster.css",
            "/vendor/markercluster-default.css",
                    "META-INF/resources/webjars/leaflet-markercluster/1.4.1/MarkerCluster.Default.css",
            "/world.geojson", "dev/iptriage/sink/world/countries-110m.geojson",
            "/api/config", "");

    /**
     * TEMPORARY, until the server serves the page's new files and {@code /api/config}: a file it answers 404 is
     * answered from the class path instead (the request still goes to the server and is recorded).
     */
    static void fallback(Page page, String base) {
        page.route(base + "/**", route -> {
            String path = java.net.URI.create(route.request().url()).getPath();
            String res = FALLBACK.get(path);
            if (res == null) {
                route.resume();
                return;
            }
            com.microsoft.playwright.APIResponse r = route.fetch();
            if (r.status() != 404) {
                route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setResponse(r));
                return;
            }
            if (res.isEmpty()) {
                route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                        .setStatus(200)
                        .setContentType("application/json")
                        .setBody("{}"));
                return;
            }
            try (java.io.InputStream in = ServePages.class.getClassLoader().getResourceAsStream(res)) {
                String type = path.endsWith(".js")
                        ? "text/javascript"
                        : path.endsWith(".css") ? "text/css" : "application/geo+json";
                route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                        .setStatus(200)
                        .setContentType(type)
                        .setBodyBytes(in.readAllBytes()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
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

    /** {@code iptriage enrich -u} in-process over {@code input} with the same databases and fields: the CLI's answer. */
    String enrich(Path input, String from, String format) {
        Cli.Result r = Cli.run(
                "",
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
                format,
                input.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
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
