package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iptriage serve}'s page in Debian's Chromium: paste, the streamed rows, text never HTML, rebinding refused. */
class ServeBrowserTest {
    @TempDir
    static Path dir;

    static ServePages pages;
    static Browser browser;
    static LocalServer server;

    @BeforeAll
    static void start() throws Exception {
        // a name that resolves to the server, as a DNS rebinding attack's would: the browser sends its own Host
        pages = new ServePages(dir, 1 << 20, List.of("--host-resolver-rules=MAP rebind.test 127.0.0.1"));
        browser = pages.browser;
        server = pages.server;
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void pastedAddressesStreamIntoTheTableAsTextAndTheTokenLeavesTheUrl() {
        Browser.Watch w = new Browser.Watch();
        Page page = browser.page(w);
        String base = "http://127.0.0.1:" + server.port();
        page.navigate(server.url());
        assertThat(page.url()).isEqualTo(base + "/"); // the token is gone from the address bar and history
        page.fill("#text", "8.8.8.8\n203.0.113.9\n10.0.0.1\n81.2.69.160\n");
        page.click("#run");
        // (the page's CSP forbids evaluating strings, so no waitForFunction: selectors only)
        page.waitForSelector("body[data-state='done']");
        assertThat(page.locator("#table tbody tr[data-pos]").count()).isEqualTo(4);
        assertThat(page.locator("#table thead th").first().textContent()).isEqualTo("ip");
        assertThat(page.locator("#table tbody").textContent())
                .contains("Mountain View", "London", Fixtures.HOSTILE_CITY); // the hostile name, as text
        assertThat(page.locator("#table img").count()).as("no markup from data").isZero();
        assertThat(page.locator("#table script").count()).isZero();
        assertThat(page.locator("#counts li[data-counter='addresses'] b").textContent())
                .isEqualTo("4");
        assertThat(page.locator("#counts li[data-counter='ok'] b").textContent())
                .isEqualTo("2");
        // the top values of the rows: text too, with their counts
        assertThat(page.locator("[data-panel='country'] li").allTextContents())
                .contains("United States1", "United Kingdom1");
        assertThat(page.locator("[data-panel='org'] li").allTextContents()).contains(Fixtures.HOSTILE_ORG + "1");
        assertThat(page.locator(".panels a, .panels img").count()).isZero();
        assertThat(w.dialogs).isEmpty();
        assertThat(w.errors).isEmpty();
        assertThat(w.requests).allSatisfy(u -> assertThat(u).startsWith(base + "/"));
        page.close();
    }

    @Test
    void aFileOverTheCapIsRefusedBeforeItIsSent() throws Exception {
        Path big = dir.resolve("big.txt");
        java.nio.file.Files.writeString(big, "8.8.8.8\n".repeat(300_000)); // 2.4 MB, the cap is 1 MiB
        Browser.Watch w = new Browser.Watch();
        Page page = browser.page(w);
        page.navigate(server.url());
        page.waitForSelector("#file[title]"); // the page knows the server's cap (/api/config)
        long before = server.started();
        page.setInputFiles("#file", big);
        page.click("#run");
        page.waitForSelector("body[data-state='failed']");
        assertThat(page.textContent("#status"))
                .isEqualTo("Too large: at most 1 MiB per job (iptriage serve --max-upload MB).");
        assertThat(server.started()).as("nothing was sent").isEqualTo(before);
        assertThat(w.requests).noneMatch(u -> u.contains("/api/enrich"));
        assertThat(page.isEnabled("#run")).isTrue();
        assertThat(w.dialogs).isEmpty();
        assertThat(w.errors).isEmpty();
        page.close();
    }

    @Test
    void aRebindingNameIsRefusedEvenWithTheToken() {
        Browser.Watch w = new Browser.Watch();
        Page page = browser.page(w);
        String token = server.url().substring(server.url().indexOf("?"));
        Response r = page.navigate("http://rebind.test:" + server.port() + "/" + token);
        assertThat(r.status()).isEqualTo(403);
        assertThat(page.content()).contains("Forbidden");
        page.close();
    }
}
