package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import dev.iptriage.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's screenshot of {@code iptriage serve}'s page: a real access log (../shared/corpus) on the full-scale
 * databases, taken on every build into {@code target/serve.png} (the page of a real log, clean), and into docs/ only
 * when asked ({@code -Diptriage.screenshot}, or {@code -Diptriage.screenshot=FILE}), so a normal build leaves the tree
 * alone: {@code bin/mvn -B -o -pl iptriage-cli verify -Dtest=ServeScreenshotTest -Diptriage.screenshot}.
 */
class ServeScreenshotTest {
    @Test
    void screenshotOfARealRun() throws Exception {
        String to = System.getProperty("iptriage.screenshot");
        Path out = to == null
                ? Path.of("target", "serve.png")
                : to.isBlank() || to.equals("true") ? Path.of("..", "docs", "serve.png") : Path.of(to);
        Path city = SharedData.require("data/GeoLite2-City.mmdb");
        Path asn = SharedData.require("data/GeoLite2-ASN.mmdb");
        Path log = SharedData.require("corpus/elastic-examples/apache_logs");
        try (ServePages pages = new ServePages(city, asn, 64L << 20)) {
            Browser.Watch w = new Browser.Watch();
            Page page = pages.open(w);
            if (System.getProperty("iptriage.dark") != null) {
                page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
            }
            page.setInputFiles("#file", log);
            page.click("#run");
            ServePages.waitDone(page);
            if (page.locator("#table thead button[data-column='count']").count() > 0) {
                ServePages.sort(page, "count", false); // the busiest addresses first
                page.evaluate("() => { document.getElementById('grid').scrollLeft = 0; }"); // the click scrolled
                page.waitForTimeout(300);
            }
            page.mouse().move(0, 0);
            page.screenshot(new Page.ScreenshotOptions().setPath(out).setFullPage(true));
            pages.assertClean(w);
            assertThat(out).exists();
            assertThat(page.textContent("#status")).startsWith("Done: 1,753 addresses, from 10,000 lines");
        }
    }
}
