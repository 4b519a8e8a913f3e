package bench;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The driver of bench/serve-bench.sh: times iptriage serve's page in Debian's Chromium, and the CLI's report on the
 * same log, interleaved.
 *
 * <p>usage: ServeBench URL SERVE_PID PASTE_FILE LOG_FILE -- CLI_COMMAND... (the log file is appended to the CLI
 * command). Environment: CLI_ERR (a file for the CLI's standard error; default this process's), REPEAT (runs of each case, median; default 3), FROM (the page's mode for the log; default
 * nginx), CHROMIUM (default /usr/bin/chromium), TIMEOUT_S (most seconds one job may take; default 900), STALL_S
 * (most seconds the page may show no change during a job; default 120), CASES ("paste upload" by default; the
 * upload cases include the CLI's runs).
 *
 * <p>Every time is taken inside the page (performance.now(), the page's clock) from the moment "Enrich" is clicked:
 * with the page's marks ({@code iptriage:start}, {@code iptriage:first-row}, {@code iptriage:complete}) when the page
 * sets them, otherwise from observers this driver installs before the page's own code runs: a capturing click
 * listener on {@code #run} (start), the animation frame after the first {@code #table tbody tr} appears (first
 * row), the animation frame after {@code #status} says "Done." or {@code body[data-state=done]} (complete). Long
 * tasks come from a PerformanceObserver installed the same way; the JS heap from CDP's Performance.getMetrics,
 * sampled while the job runs; the server's RSS from /proc/PID/status.
 */
public final class ServeBench {
    /** Installed before any script of the page (Page.addScriptToEvaluateOnNewDocument; not subject to the CSP). */
    private static final String PROBE =
            """
            (() => {
              const b = window.__bench = { longtasks: [], click: null, firstRow: null, done: null, ended: null,
                                           changed: 0 };
              try {
                new PerformanceObserver((l) => {
                  for (const e of l.getEntries()) b.longtasks.push([e.startTime, e.duration]);
                }).observe({ type: 'longtask', buffered: true });
              } catch (e) { b.noLongtask = String(e); }
              const frame = (k) => requestAnimationFrame(() => { if (b[k] === null) b[k] = performance.now(); });
              const check = () => {
                b.changed = performance.now();
                if (b.click === null) return;
                if (b.firstRow === null && !b.rowSeen && document.querySelector('#table tbody tr')) {
                  b.rowSeen = true; frame('firstRow');
                }
                const st = document.getElementById('status');
                const text = st ? st.textContent.trim() : '';
                const state = document.body ? document.body.dataset.state : undefined;
                if (!b.doneSeen && (state === 'done' || (state === undefined && text === 'Done.'))) {
                  b.doneSeen = true; frame('done');
                }
                if (b.ended === null && (state === 'failed' || state === 'cancelled' ||
                    (state === undefined && /^(Failed|Refused|Cancelled|Nothing)/.test(text)))) {
                  b.ended = text || state;
                }
              };
              document.addEventListener('click', (e) => {
                if (e.target && e.target.id === 'run') {
                  Object.assign(b, { click: performance.now(), changed: performance.now(), firstRow: null, done: null, ended: null,
                                     rowSeen: false, doneSeen: false });
                }
              }, true);
              document.addEventListener('DOMContentLoaded', () => {
                new MutationObserver(check).observe(document.body,
                    { subtree: true, childList: true, characterData: true, attributes: true,
                      attributeFilter: ['data-state'] });
              });
            })();
            """;

    /** What the page knows about the job now. */
    private static final String POLL =
            """
            () => {
              const b = window.__bench;
              const m = (n) => { const e = performance.getEntriesByName(n, 'mark'); return e.length ? e[e.length - 1].startTime : null; };
              const st = document.getElementById('status');
              return { click: b.click, firstRow: b.firstRow, done: b.done, ended: b.ended,
                       still: performance.now() - b.changed,
                       start: m('iptriage:start'), markFirst: m('iptriage:first-row'), markComplete: m('iptriage:complete'),
                       state: document.body.dataset.state || null, status: st ? st.textContent : null };
            }
            """;

    record Job(double firstRow, double complete, String via, double heapPeakMb, double heapEndMb, int long200,
            int long50, double longest, String status) {}

    public static void main(String[] args) throws Exception {
        int dash = Arrays.asList(args).indexOf("--");
        if (args.length < 5 || dash != 4) {
            System.err.println("usage: ServeBench URL SERVE_PID PASTE_FILE LOG_FILE -- CLI_COMMAND...");
            System.exit(2);
        }
        String url = args[0];
        long servePid = Long.parseLong(args[1]);
        Path paste = Path.of(args[2]);
        Path log = Path.of(args[3]);
        List<String> cli = new ArrayList<>(Arrays.asList(args).subList(5, args.length));
        cli.add(log.toString());
        int repeat = Integer.parseInt(env("REPEAT", "3"));
        String from = env("FROM", "nginx");
        List<String> cases = Arrays.asList(env("CASES", "paste upload").split("[ ,]+"));
        long timeoutMs = Long.parseLong(env("TIMEOUT_S", "900")) * 1000;
        long stallMs = Long.parseLong(env("STALL_S", "120")) * 1000;
        String pasteText = Files.readString(paste);

        List<Job> pastes = new ArrayList<>();
        List<Job> uploads = new ArrayList<>();
        List<Double> clis = new ArrayList<>();
        List<Long> cliRss = new ArrayList<>();
        long rssAfterPaste;
        List<String> failures = new ArrayList<>();
        try (Playwright pw = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = pw.chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(Path.of(env("CHROMIUM", "/usr/bin/chromium")))
                            .setHeadless(true)
                            .setArgs(List.of(
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--no-first-run",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync")));
            BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
            ctx.addInitScript(PROBE);
            Page page = ctx.newPage();
            page.onPageError(e -> System.err.println("serve-bench: page error: " + e));
            page.onConsoleMessage(m -> {
                if (m.type().equals("error")) {
                    System.err.println("serve-bench: console error: " + m.text());
                }
            });
            CDPSession cdp = ctx.newCDPSession(page);
            cdp.send("Performance.enable");

            for (int i = 1; i <= (cases.contains("paste") ? repeat : 0); i++) {
                System.err.printf("== run %d/%d: paste %s%n", i, repeat, paste.getFileName());
                open(page, url);
                // as a paste: the whole text at once, then the input event (page.fill types it through
                // insertText, which took more than 30 s for 10,000 lines here)
                page.evaluate(
                        "t => { const a = document.getElementById('text'); a.value = t;"
                                + " a.dispatchEvent(new Event('input', { bubbles: true })); }",
                        pasteText);
                page.selectOption("#from", "auto");
                try {
                    pastes.add(job(page, cdp, timeoutMs, stallMs));
                } catch (IllegalStateException e) {
                    failures.add("paste: " + e.getMessage());
                    break;
                }
                System.err.println("   " + pastes.getLast());
            }
            rssAfterPaste = rssKb(servePid, "VmHWM");
            for (int i = 1; i <= (cases.contains("upload") ? repeat : 0); i++) {
                System.err.printf("== run %d/%d: upload %s (--from %s)%n", i, repeat, log.getFileName(), from);
                open(page, url);
                page.setInputFiles("#file", log);
                page.selectOption("#from", from);
                boolean failed = false;
                try {
                    uploads.add(job(page, cdp, timeoutMs, stallMs));
                    System.err.println("   " + uploads.getLast());
                } catch (IllegalStateException e) {
                    failures.add("upload: " + e.getMessage());
                    failed = true; // the CLI still runs once, for its time
                }
                System.err.printf("== run %d/%d: %s%n", i, repeat, String.join(" ", cli));
                open(page, "about:blank"); // an idle browser while the CLI runs
                long[] rss = new long[1];
                clis.add(runCli(cli, rss));
                cliRss.add(rss[0]);
                System.err.printf("   %.2f s%n", clis.getLast());
                if (failed) {
                    break;
                }
            }
            browser.close();
        }
        long rssEnd = rssKb(servePid, "VmHWM");

        Locale.setDefault(Locale.ROOT);
        System.out.printf(
                "%-26s %9s %10s  %-9s %8s %8s %9s %8s  %s%n",
                "case", "first_s", "complete_s", "via", "heapMB", "heapEnd", "long>200", "longest", "complete runs (s)");
        if (!pastes.isEmpty()) {
            row("paste " + lines(paste) + " lines", pastes);
        }
        if (!uploads.isEmpty()) {
            row("upload " + lines(log) + " lines", uploads);
        }
        if (!clis.isEmpty()) {
            System.out.printf(
                    "%-26s %9s %10.2f  %-9s %8s %8s %9s %8s  %s%n",
                    "cli report " + lines(log) + " lines", "-", median(clis), "wall", "-", "-", "-", "-", runs(clis));
        }
        if (!uploads.isEmpty() && !clis.isEmpty()) {
            double ratio = median(uploads.stream().map(Job::complete).toList()) / median(clis);
            System.out.printf("upload complete / cli report: %.2f (target: at most 2)%n", ratio);
        }
        System.out.printf(
                "serve peak RSS (VmHWM): %d MB after the pastes, %d MB at the end%s%n",
                rssAfterPaste / 1024,
                rssEnd / 1024,
                cliRss.isEmpty()
                        ? ""
                        : "; cli report peak RSS: " + cliRss.stream().mapToLong(x -> x).max().orElse(0) / 1024 + " MB");
        System.out.println("(first_s, complete_s: medians from clicking Enrich; heapMB: peak JS heap used during the"
                + " job, heapEnd: at the end; long>200: long tasks over 200 ms (over 50 ms), longest in ms;"
                + " via: marks = the page's performance marks, observed = the driver's fallback observers)");
        for (String f : failures) {
            System.out.println("FAILED " + f);
        }
        if (!failures.isEmpty()) {
            System.exit(1);
        }
    }

    /** Whether the one-time token of the URL has been exchanged (the context holds the session cookie). */
    private static boolean loggedIn;

    /** Loads the page again: the first time through the URL's one-time token, then the page's own address. */
    private static void open(Page page, String url) {
        String to = url;
        if (loggedIn && url.contains("/?token=")) {
            to = url.substring(0, url.indexOf("/?token=")) + "/";
        }
        page.navigate(to);
        loggedIn = true;
        if (!url.startsWith("about:")) {
            page.waitForSelector("#run");
        }
    }

    /** Clicks Enrich and waits for the end of the job; times from the page's clock. */
    private static Job job(Page page, CDPSession cdp, long timeoutMs, long stallMs) throws InterruptedException {
        double heapPeak = 0;
        page.click("#run");
        long deadline = System.currentTimeMillis() + timeoutMs;
        Map<?, ?> s;
        for (; ; ) {
            heapPeak = Math.max(heapPeak, heapMb(cdp));
            s = (Map<?, ?>) page.evaluate(POLL);
            boolean marks = s.get("start") != null;
            if (marks ? s.get("markComplete") != null : s.get("done") != null) {
                break;
            }
            if (s.get("ended") != null) {
                throw new IllegalStateException("the job ended without completing: " + s);
            }
            if (num(s.get("still")) > stallMs) {
                throw new IllegalStateException(String.format(
                        "nothing on the page changed for %.0f s: the job looks stalled (page state %s, status '%s')",
                        num(s.get("still")) / 1000, s.get("state"), String.valueOf(s.get("status")).strip()));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the job did not complete within the timeout: " + s);
            }
            Thread.sleep(100);
        }
        double heapEnd = heapMb(cdp);
        heapPeak = Math.max(heapPeak, heapEnd);
        boolean marks = s.get("start") != null && s.get("markFirst") != null;
        double t0 = num(marks ? s.get("start") : s.get("click"));
        double first = num(marks ? s.get("markFirst") : s.get("firstRow")) - t0;
        double complete = num(marks ? s.get("markComplete") : s.get("done")) - t0;
        double end = t0 + complete;
        List<?> tasks = (List<?>) page.evaluate("() => window.__bench.longtasks");
        int over200 = 0, over50 = 0;
        double longest = 0;
        for (Object o : tasks) {
            List<?> t = (List<?>) o;
            double at = num(t.get(0)), d = num(t.get(1));
            if (at + d < t0 || at > end) {
                continue; // before the click (page load) or after the view was complete
            }
            over50++;
            if (d > 200) {
                over200++;
            }
            longest = Math.max(longest, d);
        }
        return new Job(
                first / 1000,
                complete / 1000,
                marks ? "marks" : "observed",
                heapPeak,
                heapEnd,
                over200,
                over50,
                longest,
                String.valueOf(s.get("status")).strip());
    }

    private static double heapMb(CDPSession cdp) {
        JsonObject r = cdp.send("Performance.getMetrics");
        for (var m : r.getAsJsonArray("metrics")) {
            JsonObject o = m.getAsJsonObject();
            if (o.get("name").getAsString().equals("JSHeapUsedSize")) {
                return o.get("value").getAsDouble() / (1 << 20);
            }
        }
        return 0;
    }

    /** Runs the CLI (output to /dev/null, errors to $CLI_ERR); its wall time in seconds and peak RSS in kB. */
    private static double runCli(List<String> cmd, long[] rssKb) throws IOException, InterruptedException {
        Path time = Files.createTempFile("serve-bench", ".time");
        List<String> full = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            full.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", time.toString()));
        }
        full.addAll(cmd);
        long t = System.nanoTime();
        Process p = new ProcessBuilder(full)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(System.getenv("CLI_ERR") == null
                        ? ProcessBuilder.Redirect.INHERIT
                        : ProcessBuilder.Redirect.to(new java.io.File(System.getenv("CLI_ERR"))))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        int rc = p.waitFor();
        double s = (System.nanoTime() - t) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException("the CLI failed (exit " + rc + "): " + String.join(" ", cmd)
                    + (System.getenv("CLI_ERR") == null ? "" : "; see " + System.getenv("CLI_ERR")));
        }
        if (timed) {
            String kb = Files.readString(time).strip();
            rssKb[0] = kb.isEmpty() ? 0 : Long.parseLong(kb.lines().reduce((a, b) -> b).orElse("0"));
        }
        Files.deleteIfExists(time);
        return s;
    }

    private static long rssKb(long pid, String key) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith(key + ":")) {
                return Long.parseLong(l.substring(key.length() + 1).replace("kB", "").strip());
            }
        }
        return 0;
    }

    private static void row(String name, List<Job> jobs) {
        Job last = jobs.getLast();
        System.out.printf(
                "%-26s %9.3f %10.2f  %-9s %8.1f %8.1f %4d (%2d) %8.0f  %s%n",
                name,
                median(jobs.stream().map(Job::firstRow).toList()),
                median(jobs.stream().map(Job::complete).toList()),
                jobs.stream().map(Job::via).distinct().reduce((a, b) -> a + "+" + b).orElse(""),
                jobs.stream().mapToDouble(Job::heapPeakMb).max().orElse(0),
                last.heapEndMb(),
                jobs.stream().mapToInt(Job::long200).max().orElse(0),
                jobs.stream().mapToInt(Job::long50).max().orElse(0),
                jobs.stream().mapToDouble(Job::longest).max().orElse(0),
                runs(jobs.stream().map(Job::complete).toList()));
    }

    private static String runs(List<Double> xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) {
            b.append(b.isEmpty() ? "" : " ").append(String.format("%.2f", x));
        }
        return b.toString();
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private static long lines(Path p) throws IOException {
        try (var s = Files.lines(p)) {
            return s.count();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
