package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile page open in the same browser as the analyst's {@code iptriage serve} tab: from another port of 127.0.0.1
 * (the same site: the session cookie goes along) and from another name (another site: it does not), it tries a
 * script's fetch, a no-cors fetch, a form post and reading the job's rows. No job starts and nothing is read.
 */
class ServeCrossSiteBrowserTest {
    @TempDir
    static Path dir;

    static ServePages pages;
    static Browser browser;
    static LocalServer server;
    static HttpServer evil;

    /** The hostile page: each attempt writes what it got into the page, for the test to read. */
    static final String EVIL_JS = """
            const target = document.body.dataset.target;
            const log = (k, v) => { const p = document.createElement('p'); p.id = k; p.textContent = v; document.body.append(p); };
            async function attempt(k, f) { try { log(k, 'read: ' + await f()); } catch (e) { log(k, 'failed: ' + e.name); } }
            (async () => {
              await attempt('cors', async () => (await fetch(target + '/api/enrich?from=list', {
                method: 'POST', body: '8.8.8.8\\n', credentials: 'include' })).text());
              await attempt('nocors', async () => (await fetch(target + '/api/enrich?from=list', {
                method: 'POST', body: '8.8.8.8\\n', credentials: 'include', mode: 'no-cors' })).type);
              await attempt('config', async () => (await fetch(target + '/api/config', { credentials: 'include' })).text());
              await attempt('progress', async () => (await fetch(target + '/api/progress', { credentials: 'include' })).text());
              const f = document.createElement('form');
              f.method = 'POST'; f.action = target + '/api/enrich?from=list'; f.enctype = 'text/plain';
              const i = document.createElement('input'); i.name = '8.8.8.8'; i.value = 'x'; f.append(i);
              const go = document.createElement('button'); go.id = 'go'; go.textContent = 'go'; f.append(go);
              document.body.append(f);
              log('done', 'yes');
            })();
            """;

    @BeforeAll
    static void start() throws Exception {
        pages = new ServePages(dir, 1 << 20, List.of("--host-resolver-rules=MAP evil.test 127.0.0.1"));
        browser = pages.browser;
        server = pages.server;
        evil = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        evil.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body = path.equals("/evil.js")
                    ? EVIL_JS.getBytes(StandardCharsets.UTF_8)
                    : ("<!doctype html><body data-target=\"http://127.0.0.1:" + server.port()
                                    + "\"><script src=\"/evil.js\"></script></body>")
                            .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", path.equals("/evil.js") ? "text/javascript" : "text/html");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        evil.start();
    }

    @AfterAll
    static void stop() {
        if (evil != null) {
            evil.stop(0);
        }
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void aPageOfAnotherPortOrAnotherSiteCannotStartAJobOrReadAnything() {
        Browser.Watch w = new Browser.Watch();
        try (BrowserContext context = browser.context(w)) {
            Page mine = context.newPage();
            mine.navigate(server.url()); // the analyst's tab: the session cookie is set
            mine.waitForSelector("#run");
            for (String origin : List.of(
                    "http://127.0.0.1:" + evil.getAddress().getPort(), // same site: the cookie goes along
                    "http://evil.test:" + evil.getAddress().getPort())) { // another site: it does not
                long before = server.started();
                Page attacker = context.newPage();
                attacker.navigate(origin + "/");
                attacker.waitForSelector("#done");
                assertThat(attacker.textContent("#cors")).as(origin).isEqualTo("failed: TypeError");
                // not even an opaque answer: the server says Cross-Origin-Resource-Policy: same-origin
                assertThat(attacker.textContent("#nocors")).as(origin).isEqualTo("failed: TypeError");
                assertThat(attacker.textContent("#config")).as(origin).isEqualTo("failed: TypeError");
                assertThat(attacker.textContent("#progress")).as(origin).isEqualTo("failed: TypeError");
                // a form post (no script needed) navigates to the server's refusal
                attacker.click("#go");
                attacker.waitForURL(u -> u.contains("/api/enrich"));
                assertThat(attacker.content()).as(origin).containsAnyOf("Forbidden", "Open the URL");
                assertThat(server.started()).as(origin + ": jobs started").isEqualTo(before);
                attacker.close();
            }
        }
        assertThat(w.dialogs).isEmpty();
    }
}
