package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.SharedData;
import dev.iptriage.testing.dns.DnsTestWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report in a real browser: offline, interactive, and inert against hostile names. */
class ReportBrowserTest {
    @TempDir
    static Path dir;

    static Browser browser;

    @BeforeAll
    static void launch() {
        browser = Browser.launch();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void reportOfASampleLogWorksOfflineWithClustersPopupsAndSorting() throws Exception {
        Path city = SharedData.require("data/GeoLite2-City.mmdb");
        Path asn = SharedData.require("data/GeoLite2-ASN.mmdb");
        Path log = SampleLog.write(dir.resolve("access.log"), 20_000, 42);
        Path html = dir.resolve("report.html");
        Cli.Result r = Cli.run(
                "", "report", "--db", city.toString(), "--db", asn.toString(), log.toString(), "-o", html.toString());
        assertThat(r.code()).as(r.err()).isZero();

        Browser.Watch w = new Browser.Watch();
        Page page = browser.page(w);
        String url = html.toUri().toString();
        page.navigate(url);
        page.waitForSelector(".leaflet-marker-icon.cluster");
        assertThat(page.locator(".leaflet-marker-icon.cluster").count()).isGreaterThan(3);
        assertThat(page.locator(".legend").textContent()).contains("Sightings per location");
        assertThat(page.locator(".leaflet-overlay-pane path:not(.leaflet-interactive)")
                        .count())
                .as("country outlines")
                .isGreaterThan(150);
        Files.createDirectories(Path.of("target"));
        page.locator("#map-section")
                .screenshot(new Locator.ScreenshotOptions().setPath(Path.of("target", "report-map.png")));

        double zoom = ((Number) page.evaluate("() => window.iptriageMap.map.getZoom()")).doubleValue();
        page.locator(".leaflet-marker-icon.cluster").first().click();
        page.waitForFunction("z => window.iptriageMap.map.getZoom() > z", zoom);

        assertThat(openBusiestPopup(page)).contains("Address", "Organization", "Sightings here");

        sortsByCount(page);
        page.getByLabel("Countries (sightings)").check();
        assertThat(page.locator(".leaflet-overlay-pane path.leaflet-interactive[fill-opacity='0.75']")
                        .count())
                .as("choropleth countries with sightings")
                .isGreaterThan(20);
        assertThat(page.locator(".legend").allTextContents()).anyMatch(t -> t.contains("Sightings per country"));
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "report-screenshot.png")));
        page.close();

        assertThat(w.errors).as("console errors").isEmpty();
        assertThat(w.dialogs).as("dialogs").isEmpty();
        assertThat(w.requests).as("network requests").allMatch(u -> u.equals(url) || u.startsWith("data:"));
    }

    /**
     * With online sources the page shows, visibly, what was sent where, the sources' answers and the
     * DNS blocklist listings; the hostile PTR name runs no script.
     */
    @Test
    void onlineSourcesAreShownAndHostileNamesRunNoScript() throws Exception {
        Path html = dir.resolve("online.html");
        String resolver;
        try (DnsTestWorld world = DnsTestWorld.start()) {
            resolver = world.resolver();
            Cli.Result r = Cli.run(
                    ReportDnsTest.INPUT,
                    "report",
                    "--db",
                    Fixtures.city(dir).toString(),
                    "--ptr",
                    "--dnsbl",
                    "--resolver",
                    world.resolver(),
                    "--no-cache",
                    "-o",
                    html.toString());
            assertThat(r.code()).as(r.err()).isZero();
        }
        Browser.Watch w = new Browser.Watch();
        Page page = browser.page(w);
        page.addInitScript("window.__pwned = []; window.alert = m => window.__pwned.push(String(m));");
        page.navigate(html.toUri().toString());
        page.waitForSelector("#rows-table tbody tr");
        for (String part : List.of("#sent", "table.sent", "#listings", "#online")) {
            assertThat(page.locator(part).isVisible()).as(part).isTrue();
        }
        assertThat(page.locator("table.sent").textContent()).contains("ptr", "dnsbl", "DNS resolver " + resolver);
        assertThat(page.locator("#listings").textContent())
                .contains("3 of 10 distinct addresses (30.0%) are listed", "zen.spamhaus.org:SBL");
        assertThat(page.locator("#online").textContent()).contains("fcrdns", "servfail");
        assertThat(page.locator("#rows-table tbody").textContent()).contains("<script>alert\\(1\\)</script>.evil.test");
        Files.createDirectories(Path.of("target"));
        page.locator("#facts")
                .screenshot(new Locator.ScreenshotOptions().setPath(Path.of("target", "report-sent.png")));
        page.locator("#tops").screenshot(new Locator.ScreenshotOptions().setPath(Path.of("target", "report-tops.png")));
        page.locator("#online")
                .screenshot(new Locator.ScreenshotOptions().setPath(Path.of("target", "report-online.png")));
        assertThat(page.evaluate("() => window.__pwned.length")).isEqualTo(0);
        page.close();
        assertThat(w.dialogs).as("dialogs").isEmpty();
        assertThat(w.errors).as("console errors").isEmpty();
    }

    /**
     * Property: clicking a column's header (once ascending, twice descending) gives the rows in the order
     * {@code report --sort KEY [-r]} writes them, for every key of the table, on random rows with ties, IPv4 and
     * IPv6, networks, zone ids, rows without an ASN or a country, and names with accents.
     */
    @Test
    void clickToSortGivesTheOrderOfSort() throws Exception {
        java.util.Random rnd = new java.util.Random(20261207);
        String[] countries = {
            "",
            "Oman",
            "\u00d6sterreich",
            "Zimbabwe",
            "C\u00f4te d'Ivoire",
            "Cura\u00e7ao",
            "Chile",
            "\u00c5land",
            "oman",
            "United States"
        };
        String[] asns = {"", "174", "14618", "9", "3356", "64512"};
        StringBuilder csv = new StringBuilder("ip,status,asn,country,latitude,count\n");
        java.util.Set<String> ips = new java.util.LinkedHashSet<>(List.of(
                "10.0.0.0",
                "10.0.0.0/8",
                "10.0.0.0/16",
                "fe80::1",
                "fe80::1%eth0",
                "2880::/9",
                "56.152.0.0/14",
                "1.244.47.25",
                "1.45.143.85",
                "::1",
                "9.9.9.9"));
        while (ips.size() < 160) {
            ips.add(
                    rnd.nextInt(3) == 0
                            ? String.format("2001:db8:%x::%x", rnd.nextInt(40), rnd.nextInt(70000))
                            : (1 + rnd.nextInt(3)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "."
                                    + rnd.nextInt(256));
        }
        for (String ip : ips) {
            String lat = rnd.nextInt(4) == 0 ? "" : Double.toString(Math.round(rnd.nextDouble() * 1800 - 900) / 10.0);
            csv.append(ip)
                    .append(",ok,")
                    .append(asns[rnd.nextInt(asns.length)])
                    .append(',')
                    .append(countries[rnd.nextInt(countries.length)])
                    .append(',')
                    .append(lat)
                    .append(',')
                    .append(1 + rnd.nextInt(4))
                    .append('\n');
        }
        Path rows = Files.writeString(dir.resolve("rows.csv"), csv.toString());
        Path base = dir.resolve("unsorted.html");
        Cli.Result r = Cli.run("", "report", rows.toString(), "-o", base.toString());
        assertThat(r.code()).as(r.err()).isZero();

        Browser.Watch w = new Browser.Watch();
        Page page = browser.page(w);
        for (String key : List.of("count", "ip", "asn", "country")) {
            for (boolean reversed : List.of(false, true)) {
                Path sorted = dir.resolve("sorted-" + key + reversed + ".html");
                List<String> args =
                        new ArrayList<>(List.of("report", "--sort", key, rows.toString(), "-o", sorted.toString()));
                if (reversed) {
                    args.add("-r");
                }
                Cli.Result s = Cli.run("", args.toArray(String[]::new));
                assertThat(s.code()).as(s.err()).isZero();
                page.navigate(sorted.toUri().toString());
                page.waitForSelector("#rows-table tbody tr");
                List<String> expected = ipsShown(page);
                assertThat(expected).hasSize(ips.size());

                page.navigate(base.toUri().toString());
                page.waitForSelector("#rows-table tbody tr");
                Locator th = page.locator("#rows-table thead th")
                        .filter(new Locator.FilterOptions()
                                .setHasText(java.util.regex.Pattern.compile("^" + key + "$")));
                th.click();
                if (reversed) {
                    th.click();
                }
                assertThat(ipsShown(page))
                        .as("--sort %s%s", key, reversed ? " -r" : "")
                        .isEqualTo(expected);
            }
        }
        page.close();
        assertThat(w.errors).as("console errors").isEmpty();
    }

    /** The ip cells of the address table, top to bottom. */
    @SuppressWarnings("unchecked")
    private static List<String> ipsShown(Page page) {
        return (List<String>) page.evaluate("""
                () => {
                  const heads = Array.from(document.querySelectorAll('#rows-table thead th'), t => t.textContent);
                  const at = heads.indexOf('ip');
                  return Array.from(document.querySelectorAll('#rows-table tbody tr'), r => r.children[at].textContent);
                }""");
    }

    /**
     * Zooms to the most seen location until its marker leaves its cluster, clicks it like a user and
     * returns the popup's text.
     */
    private static String openBusiestPopup(Page page) {
        page.evaluate("""
                () => {
                  const c = window.iptriageMap.clusters, map = window.iptriageMap.map;
                  window.__busiest = c.getLayers()
                      .reduce((a, b) => a.options.sightings >= b.options.sightings ? a : b);
                  map.setView(window.__busiest.getLatLng(), map.getMaxZoom(), { animate: false });
                }""");
        page.waitForFunction("() => window.iptriageMap.map.hasLayer(window.__busiest)");
        page.waitForTimeout(500); // let the cluster layer finish its zoom transition
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> xy = (java.util.Map<String, Object>) page.evaluate("""
                () => {
                  const p = window.iptriageMap.map.latLngToContainerPoint(window.__busiest.getLatLng());
                  const box = document.getElementById('map').getBoundingClientRect();
                  return { x: box.left + p.x, y: box.top + p.y };
                }""");
        page.mouse().click(((Number) xy.get("x")).doubleValue(), ((Number) xy.get("y")).doubleValue());
        page.waitForSelector(".leaflet-popup-content");
        return page.locator(".leaflet-popup-content").textContent();
    }

    private static void sortsByCount(Page page) {
        List<String> headers = page.locator("#rows-table th").allTextContents();
        int count = headers.indexOf("count") + 1;
        assertThat(count).isPositive();
        String cells = "#rows-table tbody td:nth-child(" + count + ")";
        page.locator("#rows-table th").nth(count - 1).click();
        List<Long> asc = numbers(page.locator(cells).allTextContents());
        assertThat(asc).hasSizeGreaterThan(10).isSorted();
        page.locator("#rows-table th").nth(count - 1).click();
        List<Long> desc = numbers(page.locator(cells).allTextContents());
        assertThat(desc.get(0)).isGreaterThan(desc.get(desc.size() - 1));
        assertThat(desc).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        String ip = page.locator("#rows-table tbody td:nth-child(1)").first().textContent();
        page.locator("#filter").fill(ip);
        List<String> left = page.locator("#rows-table tbody tr").allTextContents();
        assertThat(left).isNotEmpty().hasSizeLessThan(asc.size()).allMatch(t -> t.contains(ip));
        page.locator("#filter").fill("");
    }

    private static List<Long> numbers(List<String> texts) {
        List<Long> out = new ArrayList<>();
        texts.forEach(t -> out.add(Long.parseLong(t)));
        return out;
    }

    @Test
    void hostileNamesRunNoScript() throws Exception {
        String city = Fixtures.city(dir).toString();
        String asn = Fixtures.asn(dir).toString();
        Path input = dir.resolve("hostile.txt");
        Files.writeString(
                input, "203.0.113.7\n203.0.113.7\n203.0.113.9\n8.8.8.8\n81.2.69.1\n<script>alert(3)</script>\n");
        Path html = dir.resolve("hostile.html");
        Cli.Result r = Cli.run(
                "",
                "report",
                "--db",
                city,
                "--db",
                asn,
                input.toString(),
                "-o",
                html.toString(),
                "--title",
                Fixtures.HOSTILE_CITY);
        assertThat(r.code()).as(r.err()).isZero();

        Browser.Watch w = new Browser.Watch();
        Page page = browser.page(w);
        page.addInitScript("window.__pwned = []; window.alert = m => window.__pwned.push(String(m));");
        page.navigate(html.toUri().toString());
        page.waitForSelector(".leaflet-marker-icon.cluster, path.leaflet-interactive");
        assertThat(page.title()).isEqualTo(Fixtures.HOSTILE_CITY);
        assertThat(page.locator("#rows-table tbody").textContent())
                .contains(Fixtures.HOSTILE_CITY, Fixtures.HOSTILE_ORG);
        assertThat(page.locator("#tops").textContent()).contains(Fixtures.HOSTILE_CITY, Fixtures.HOSTILE_ORG);
        assertThat(openBusiestPopup(page)).contains(Fixtures.HOSTILE_CITY, Fixtures.HOSTILE_ORG);
        assertThat(page.locator("img[src=x]").count()).as("injected elements").isZero();
        assertThat(page.locator("body script:not([type]), body script[type=module]")
                        .count())
                .as("Leaflet, its clusters, the order of --sort, the page's")
                .isEqualTo(4);
        assertThat(page.evaluate("() => window.__pwned.length")).isEqualTo(0);
        page.close();
        assertThat(w.dialogs).as("dialogs").isEmpty();
        assertThat(w.errors).as("console errors").isEmpty();
    }
}
