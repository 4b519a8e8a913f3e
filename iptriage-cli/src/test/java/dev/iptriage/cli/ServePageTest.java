package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iptriage serve}'s page in Debian's Chromium: the streamed rows in the data model, counters, table, panels. */
class ServePageTest {
    @TempDir
    static Path dir;

    static ServePages pages;

    @BeforeAll
    static void start() throws Exception {
        pages = new ServePages(dir, 64L << 20, List.of());
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void pastedAddressesStreamIntoCountersPanelsAndTheTable() {
        Browser.Watch w = new Browser.Watch();
        Page page = pages.open(w);
        ServePages.paste(page, "8.8.8.8\n203.0.113.9\n10.0.0.1\n81.2.69.160\n8.8.8.8\n");
        if (System.getProperty("iptriage.dev") != null) {
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("/tmp/serve-dev.png"))
                    .setFullPage(true));
        }
        assertThat(ServePages.counter(page, "addresses")).isEqualTo(4);
        assertThat(ServePages.column(page, "ip")).contains("8.8.8.8", "203.0.113.9", "10.0.0.1", "81.2.69.160");
        assertThat(page.locator("#table tbody").textContent()).contains(Fixtures.HOSTILE_CITY, Fixtures.HOSTILE_ORG);
        assertThat(page.locator("#table img, #table script, .panels img, .panels script")
                        .count())
                .isZero();
        page.close();
    }
}
