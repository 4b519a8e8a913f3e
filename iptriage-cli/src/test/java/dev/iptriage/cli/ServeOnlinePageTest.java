package dev.iptriage.cli;

import static dev.iptriage.testing.dns.DnsTestWorld.PTR_CONFIRMED;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_CONTROL;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_FORMULA;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_HTML;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iptriage serve --ptr} in Chromium, as a user runs it (a real process asking the test's DNS servers on
 * loopback): the source is offered off with what it sends where, a job without the switch asks nothing, and the
 * hostile PTR names (HTML, a formula, control characters) stay inert text in the table, the detail and the CSV.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServeOnlinePageTest {
    @TempDir
    static Path home;

    @DnsWorld
    static DnsTestWorld world;

    static Process serve;
    static String url;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.launch();
        ServeProcess.Started started = ServeProcess.start(home, "--ptr", "--resolver", world.resolver(), "--no-cache");
        serve = started.process();
        url = started.url();
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theSourceIsOffUntilTickedAndItsHostileNamesStayText() throws Exception {
        String base = url.substring(0, url.indexOf("/?"));
        Browser.Watch w = new Browser.Watch();
        Page page = browser.page(w);
        page.navigate(url);
        page.waitForSelector("#sources input[value='ptr']");
        assertThat(page.isChecked("#sources input[value='ptr']"))
                .as("off until the user turns it on")
                .isFalse();
        assertThat(page.textContent("#sources")).contains("DNS resolver " + world.resolver());

        String input = String.join("\n", PTR_CONFIRMED, PTR_HTML, PTR_FORMULA, PTR_CONTROL, "10.0.0.1") + "\n";
        ServePages.paste(page, input);
        assertThat(page.locator("#table thead button[data-column='ptr']").count())
                .isZero();
        assertThat(world.queriesRevealing(PTR_HTML))
                .as("nothing asked without the switch")
                .isEmpty();

        page.check("#sources input[value='ptr']");
        page.click("#run");
        ServePages.waitDone(page);
        // (the names in DNS presentation form, as the CLI writes them: "alert\\(1\\)", "\\032" for a space)
        List<String> ptr = ServePages.column(page, "ptr");
        assertThat(ptr.get(1)).startsWith("<script>alert").endsWith("</script>.evil.test");
        assertThat(ptr.get(2)).startsWith("=cmd|'").endsWith(".evil.test");
        assertThat(page.textContent("#status")).contains("Sent to ptr");
        assertThat(page.locator("script:not([src]), #table img, #detail img").count())
                .as("no markup made from a PTR name")
                .isZero();
        page.click("#table tbody tr[data-pos='1']");
        page.waitForSelector("#detail[open]");
        assertThat(page.locator("#detail-fields").textContent()).contains(ptr.get(1));
        page.keyboard().press("Escape");

        String csv = Files.readString(
                page.waitForDownload(() -> page.click("#export-csv")).path());
        assertThat(csv).contains(",'=cmd|'").doesNotContain("\u001b");
        assertThat(w.dialogs).isEmpty();
        assertThat(w.errors).isEmpty();
        assertThat(w.requests).allSatisfy(u -> assertThat(u).startsWith(base + "/"));
        assertThat(List.of(page.url())).containsExactly(base + "/");
        page.close();
    }
}
