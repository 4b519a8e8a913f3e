package dev.iptriage.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser.NewPageOptions;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's Chromium driven by Playwright, never a downloaded browser. Skips the calling test when
 * Chromium is not installed, except under CI ({@code CI=true}), where that is a failure.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** What a page did that a report must not do. */
    static final class Watch {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<String> dialogs = new CopyOnWriteArrayList<>();
    }

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    private Browser() {
        this(List.of());
    }

    private Browser(List<String> extraArgs) {
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(java.util.stream.Stream.concat(
                                        List.of(
                                                "--no-sandbox",
                                                "--disable-gpu",
                                                "--disable-quic",
                                                "--no-first-run",
                                                "--disable-background-networking",
                                                "--disable-component-update",
                                                "--disable-sync")
                                                .stream(),
                                        extraArgs.stream())
                                .toList()));
    }

    static Browser launch() {
        return launch(List.of());
    }

    /** {@link #launch()} with more command-line switches for Chromium. */
    static Browser launch(List<String> extraArgs) {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMIUM + " is missing: CI must install Debian's chromium package (see .ci/run)");
            }
            assumeTrue(false, CHROMIUM + " is not installed (apt-get install chromium): browser test skipped");
        }
        return new Browser(extraArgs);
    }

    /** A new page that records every request, console error, page error and dialog into {@code w}. */
    Page page(Watch w) {
        Page p = browser.newPage(new NewPageOptions().setViewportSize(1280, 900));
        p.onRequest(r -> w.requests.add(r.url()));
        p.onConsoleMessage(m -> {
            if (m.type().equals("error") || m.type().equals("warning")) {
                w.errors.add(m.type() + ": " + m.text());
            }
        });
        p.onPageError(e -> w.errors.add("page error: " + e));
        p.onDialog(d -> {
            w.dialogs.add(d.type() + ": " + d.message());
            d.dismiss();
        });
        return p;
    }

    /** A browser context of its own (its pages share cookies), whose pages record into {@code w}. */
    com.microsoft.playwright.BrowserContext context(Watch w) {
        com.microsoft.playwright.BrowserContext c =
                browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 900));
        c.onRequest(r -> w.requests.add(r.url()));
        c.onConsoleMessage(m -> {
            if (m.type().equals("error") || m.type().equals("warning")) {
                w.errors.add(m.type() + ": " + m.text());
            }
        });
        c.onDialog(d -> {
            w.dialogs.add(d.type() + ": " + d.message());
            d.dismiss();
        });
        return c;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
