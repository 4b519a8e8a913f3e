package dev.iptriage.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.RunSummary;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.model.Column;
import dev.iptriage.model.Status;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.sink.html.HtmlReport;
import dev.iptriage.sink.html.PageAssets;
import dev.iptriage.sink.report.DatabaseFact;
import dev.iptriage.sink.report.EnrichedFile;
import dev.iptriage.sink.report.ListFact;
import dev.iptriage.sink.report.ReportAggregator;
import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.RunFacts;
import dev.iptriage.sink.report.SentFact;
import dev.iptriage.sources.SourceStats;
import dev.iptriage.text.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The local web page of {@code iptriage serve}: an HTTP server bound to 127.0.0.1 (never a wildcard address) that
 * serves the page and runs the same engine jobs as {@code enrich -u}, streaming their rows as JSON lines.
 *
 * <p>Loopback is not a boundary by itself (DNS rebinding, cross-site requests: the CVEs of Jupyter, webpack-dev-server,
 * Vite, the MCP Inspector), so every request is checked:
 *
 * <ul>
 *   <li>the {@code Host} header must be exactly {@code 127.0.0.1:PORT}, {@code localhost:PORT} or {@code [::1]:PORT}
 *       (a page script cannot forge it, so a rebound name is refused); otherwise 403, and a malformed header is a 403
 *       too, never a failure;
 *   <li>a random 128-bit one-time token, printed in the URL, is exchanged for a session cookie ({@code HttpOnly;
 *       SameSite=Strict}) and the browser redirected to a URL without it (out of history and {@code Referer});
 *       without the cookie nothing but that exchange answers (401);
 *   <li>every {@code POST} (a job, a report) also needs an {@code Origin} equal to the page's own and refuses {@code
 *       Sec-Fetch-Site} other than {@code same-origin}; no CORS header is ever sent;
 *   <li>every answer carries a strict Content-Security-Policy (no inline script: the page's code is a file),
 *       {@code nosniff}, {@code no-referrer}, {@code no-store}, {@code same-origin} resource policy, no framing;
 *   <li>an upload is read as a stream, never whole, and cut at the size cap and at the time cap with a clear message.
 * </ul>
 *
 * <p>{@code GET /api/progress} tells a tab (its {@value #TAB} header) how far its job has read: a browser reads no
 * answer to a request before it has sent the whole body, so the rows' stream cannot say it during an upload.
 *
 * <p>Each request is served on a virtual thread. Each browser tab (its {@value #TAB} header) runs one job at a time: a
 * new one stops the tab's previous job, and a job whose page went away stops when its next line cannot be written.
 * Closing the server stops the running jobs, telling each page why, and waits a few seconds for them to end.
 */
final class LocalServer implements AutoCloseable {
    /** Country names to ISO codes for the page's map, sorted once (the page asks on every load). */
    private static final java.util.SortedMap<String, String> COUNTRY_CODES =
            java.util.Collections.unmodifiableSortedMap(
                    new java.util.TreeMap<>(dev.iptriage.sink.world.CountryCodes.byName()));

    static final String COOKIE = "iptriage_session";
    static final String TAB = "X-Iptriage-Tab";
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; style-src 'self';"
            + " script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /** The page's own files: {@code serve/NAME.js}, {@code .css}, {@code .html}. */
    private static final Pattern OWN_FILE = Pattern.compile("/([a-z0-9-]{1,40})\\.(js|css|html)");
    /** Most bytes of a refused upload read and dropped after the answer. */
    private static final long DRAIN = 64L << 20;
    /** Most time spent reading and dropping a refused upload: a client that stops sending is let go then. */
    private static final Duration DRAIN_TIME = Duration.ofSeconds(10);
    /** Least time between two progress lines. */
    private static final long PROGRESS_NANOS = 200_000_000L;
    /** How long closing waits for running jobs to end. */
    private static final int STOP_SECONDS = 3;

    /**
     * An online source the page may turn on for a job: off until it does.
     *
     * @param id its name ({@code ptr}, {@code dnsbl}, {@code cymru}, {@code webservice})
     * @param label what it is, for a person
     * @param sends what it sends where, said next to its switch
     * @param columns the {@code --fields} names of its columns (its own, then {@code NAME_status})
     * @param before run once, before the first job that uses it and before any job that uses it goes on (the
     *     blocklists' health checks); returns what the page should be told (a zone turned off)
     */
    record Offer(String id, String label, String sends, List<String> columns, Supplier<List<String>> before) {}

    /**
     * What the server offers.
     *
     * @param fields the jobs' {@code --fields} (the online sources' columns are added per job)
     * @param maxUpload most bytes one job or report reads
     * @param maxTime longest one upload is read
     * @param offers the online sources the command line named
     * @param databases the databases, for the page and the report
     * @param lists the lists tagged with, for the page and the report
     * @param clock the report's date
     * @param engines the engine of a job that turns these sources on (their ids in the offers' order), when some are
     */
    record Settings(
            String fields,
            long maxUpload,
            Duration maxTime,
            List<Offer> offers,
            List<DatabaseFact> databases,
            List<ListFact> lists,
            Clock clock,
            Function<List<String>, Engine> engines) {
        Settings {
            offers = List.copyOf(offers);
            databases = List.copyOf(databases);
            lists = List.copyOf(lists);
        }

        /** Jobs with these fields, no online source, the given caps. */
        static Settings of(String fields, long maxUpload) {
            return new Settings(
                    fields, maxUpload, Duration.ofHours(1), List.of(), List.of(), List.of(), Clock.systemUTC(), null);
        }
    }

    private final Engine engine;
    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    /** One-time tokens not used yet: each URL handed out holds one; exchanging it removes it. */
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    /** The session cookie's name: one per port, so two servers in one browser keep their sessions. */
    private final String cookie;

    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final Set<String> hosts;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Running> jobs = new ConcurrentHashMap<>();
    /** Per online source, its {@link Offer#before} once: every job that uses the source waits for it. */
    private final Map<String, CompletableFuture<List<String>>> prepared = new ConcurrentHashMap<>();
    /** Per tab, why its last job was cut, for a page that could not read that job's answer (see /api/progress). */
    private final Map<String, String> cuts = new ConcurrentHashMap<>();

    private volatile boolean stopping;
    private final java.util.concurrent.atomic.AtomicInteger handling = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();

    /** A server on 127.0.0.1:{@code port} (0: any free port) for jobs with {@code fields}, not started. */
    LocalServer(Engine engine, String fields, long maxUpload, int port) throws IOException {
        this(engine, Settings.of(fields, maxUpload), port);
    }

    /** A server on 127.0.0.1:{@code port} (0: any free port), not started. */
    LocalServer(Engine engine, Settings settings, int port) throws IOException {
        this.engine = engine;
        this.settings = settings;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        int p = server.getAddress().getPort();
        this.cookie = COOKIE + "_" + p;
        this.hosts = Set.of("127.0.0.1:" + p, "localhost:" + p, "[::1]:" + p);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    /** {@return the port it listens on} */
    int port() {
        return server.getAddress().getPort();
    }

    /**
     * {@return a URL to open, with a new one-time token} The browser that opens it first gets a session cookie (its
     * other tabs then open {@code http://127.0.0.1:PORT/} as they are); the token is used up.
     */
    String url() {
        String t = randomHex();
        tokens.add(t);
        return "http://127.0.0.1:" + port() + "/?token=" + t;
    }

    /** {@return the session cookie's name} */
    String cookieName() {
        return cookie;
    }

    /** {@return the jobs started so far} */
    long started() {
        return started.get();
    }

    /** {@return the requests being handled now} */
    int handling() {
        return handling.get();
    }

    /** {@return the jobs running now} */
    int running() {
        return jobs.size();
    }

    private String randomHex() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void handle(HttpExchange ex) throws IOException {
        handling.incrementAndGet();
        try {
            exchange(ex);
        } finally {
            handling.decrementAndGet();
        }
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            secure(ex.getResponseHeaders());
            String host = only(ex, "Host");
            if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
                plain(ex, 403, "Forbidden: this server answers only as 127.0.0.1 or localhost on its own port.");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (method.equals("GET") && path.equals("/") && ex.getRequestURI().getRawQuery() != null) {
                exchangeToken(ex);
                return;
            }
            if (!hasSession(ex)) {
                plain(ex, 401, "Open the URL iptriage serve printed (it holds a one-time token of this run).");
                return;
            }
            boolean post = path.equals("/api/enrich") || path.equals("/api/report");
            if (post) {
                if (!method.equals("POST")) {
                    plain(ex, 405, "POST only.");
                } else if (!sameOrigin(ex, host)) {
                    plain(ex, 403, "Forbidden: a request from another site.");
                } else if (stopping) {
                    plain(ex, 503, "The server is stopping.");
                } else if (path.equals("/api/enrich")) {
                    enrich(ex);
                } else {
                    report(ex);
                }
            } else if (!method.equals("GET")) {
                plain(ex, 405, "GET only.");
            } else if (path.equals("/api/config") || path.equals("/api/progress")) {
                if (!noOtherSite(ex)) {
                    plain(ex, 403, "Forbidden: a request from another site.");
                } else if (path.equals("/api/config")) {
                    json(ex, config());
                } else {
                    json(ex, progress(Optional.ofNullable(only(ex, TAB)).orElse("")));
                }
            } else {
                file(ex, path);
            }
        } catch (IOException e) {
            // a client gone, a malformed request: this request ends, the server goes on
        } catch (RuntimeException e) {
            // a defect: said to the page when nothing was answered yet, and the server goes on
            if (ex.getResponseCode() < 0) {
                try {
                    plain(ex, 500, "Internal error: " + e);
                } catch (IOException | RuntimeException gone) {
                    // nothing more to do for this request
                }
            }
        }
    }

    private static void secure(Headers h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("X-Frame-Options", "DENY");
    }

    /**
     * {@code /?token=T}: an unused token of this run sets the session cookie and sends the browser to {@code /}; the
     * token is used up (a URL seen in a process list, a log or a history is worth nothing afterwards).
     */
    private void exchangeToken(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String given = query.startsWith("token=") ? query.substring("token=".length()) : "";
        if (!given.matches("[0-9a-f]{32}") || !tokens.remove(given)) {
            plain(
                    ex,
                    403,
                    "Forbidden: not a token of this run, or one used already. The browser that used it has the page"
                            + " at http://127.0.0.1:" + port() + "/ ; restart iptriage serve for a new one.");
            return;
        }
        String session = randomHex();
        sessions.add(session);
        ex.getResponseHeaders().set("Set-Cookie", cookie + "=" + session + "; HttpOnly; SameSite=Strict; Path=/");
        ex.getResponseHeaders().set("Location", "/");
        ex.sendResponseHeaders(303, -1);
    }

    private boolean hasSession(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(cookie + "=") && sessions.contains(p.substring(cookie.length() + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The one value of a header; null when it is missing or given more than once. */
    private static String only(HttpExchange ex, String name) {
        List<String> v = ex.getRequestHeaders().getOrDefault(name, List.of());
        return v.size() == 1 ? v.get(0) : null;
    }

    /** The page's own origin sent the request: {@code Origin} equal to it, and no other site said by the browser. */
    private static boolean sameOrigin(HttpExchange ex, String host) {
        String origin = only(ex, "Origin");
        return origin != null && origin.equalsIgnoreCase("http://" + host) && noOtherSite(ex);
    }

    /** The browser says no other site sent it: {@code Sec-Fetch-Site} absent (an older browser) or {@code same-origin}, once. */
    private static boolean noOtherSite(HttpExchange ex) {
        List<String> sites = ex.getRequestHeaders().getOrDefault("Sec-Fetch-Site", List.of());
        return sites.isEmpty() || sites.size() == 1 && sites.get(0).equals("same-origin");
    }

    /** The page's files, Leaflet's, the outlines and the order of {@code --sort}; 404 for anything else. */
    private void file(HttpExchange ex, String path) throws IOException {
        Optional<PageAssets.Asset> asset = Optional.empty();
        if (path.equals("/")) {
            asset = own("index", "html");
        } else if (path.equals("/world.geojson") || path.equals("/order.js")) {
            asset = PageAssets.get(path.substring(1)); // the outlines; the order of --sort, the report's too
        } else if (path.startsWith("/vendor/")) {
            asset = PageAssets.get(path.substring("/vendor/".length()));
        } else {
            var m = OWN_FILE.matcher(path);
            if (m.matches()) {
                asset = own(m.group(1), m.group(2));
            }
        }
        if (asset.isEmpty()) {
            plain(ex, 404, "Not found.");
            return;
        }
        ex.getResponseHeaders().set("Content-Type", asset.get().type());
        ex.sendResponseHeaders(200, asset.get().body().length);
        ex.getResponseBody().write(asset.get().body());
    }

    private static Optional<PageAssets.Asset> own(String name, String ext) throws IOException {
        try (InputStream in = LocalServer.class.getResourceAsStream("serve/" + name + "." + ext)) {
            if (in == null) {
                return Optional.empty();
            }
            String type = switch (ext) {
                case "js" -> "text/javascript; charset=utf-8";
                case "css" -> "text/css; charset=utf-8";
                default -> "text/html; charset=utf-8";
            };
            return Optional.of(new PageAssets.Asset(type, in.readAllBytes()));
        }
    }

    /** {@code GET /api/config}: what the page may offer (modes, online sources) and what it works with. */
    private Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("version", Version.get());
        c.put("fields", settings.fields());
        c.put("maxUpload", settings.maxUpload());
        c.put("maxSeconds", settings.maxTime().toSeconds());
        List<Object> modes = new ArrayList<>();
        for (String[] m : MODES) {
            modes.add(Map.of("id", m[0], "label", m[1]));
        }
        c.put("modes", modes);
        List<Object> offers = new ArrayList<>();
        for (Offer o : settings.offers()) {
            offers.add(Map.of("id", o.id(), "label", o.label(), "sends", o.sends()));
        }
        c.put("sources", offers);
        List<Object> dbs = new ArrayList<>();
        for (DatabaseFact d : settings.databases()) {
            dbs.add(Map.of("name", d.type(), "detail", d.origin()));
        }
        c.put("databases", dbs);
        // for the map of rows with a country name and no country_iso: the same mapping as the report's
        c.put("countryCodes", COUNTRY_CODES);
        c.put("lists", settings.lists().stream().map(ListFact::name).toList());
        return c;
    }

    /** The input modes the page offers: those that need no argument. */
    private static final List<String[]> MODES = List.of(
            new String[] {"auto", "auto (sniffed)"},
            new String[] {"list", "address list"},
            new String[] {"text", "free text, threat report"},
            new String[] {"nginx", "nginx / apache access log"},
            new String[] {"sshd", "sshd log"},
            new String[] {"fail2ban", "fail2ban log"},
            new String[] {"syslog", "syslog"});

    /**
     * {@code GET /api/progress}: how far the tab's job has read; when none runs, why its last one was cut, if it was
     * (a browser that is still sending reads no answer, so a page may only learn it here).
     */
    private Map<String, Object> progress(String tab) {
        Running r = jobs.get(tab);
        if (r != null) {
            return r.progress();
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("running", false);
        String cut = tab.isEmpty() ? null : cuts.remove(tab);
        if (cut != null) {
            p.put("error", cut);
        }
        return p;
    }

    /** One job of a tab: stopped with a reason by a new job of the same tab or by the server's end. */
    private static final class Running {
        volatile String stop;
        /** The answer, once begun. */
        volatile Lines out;
        /** Its upload, once it is read. */
        volatile Capped body;
        /** How far it read: bytes of the upload of how many (-1: unknown), lines done. */
        volatile long total = -1;

        volatile long lines;

        /** {@return where the job is, for {@code GET /api/progress}} */
        Map<String, Object> progress() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("running", true);
            Capped b = body;
            p.put("bytes", b == null ? 0 : b.read);
            p.put("total", total);
            p.put("lines", lines);
            return p;
        }

        /**
         * Stops the job: its next read and write fail; with {@code now}, its page gets the reason at once (the job may
         * be waiting for an upload that does not come).
         */
        void stop(String why, boolean now) {
            stop = why;
            Lines o = out;
            if (now && o != null) {
                try {
                    o.last(Map.of("summary", Map.of("error", why)));
                } catch (IOException e) {
                    // the page is gone
                }
            }
        }
    }

    /**
     * {@code POST /api/enrich?from=MODE&sources=ID,ID}: the body (pasted text or a file, gzip too) is the job's input;
     * the answer is a line {@code {"columns": [...]}}, the rows (one per distinct address, with its count) as JSON lines
     * with {@code {"progress": {...}}} lines among them while the input is read, then one line {@code {"summary":
     * {...}}}.
     */
    private void enrich(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (tooLarge(ex, length)) {
            return;
        }
        InputMode mode;
        List<Offer> used;
        try {
            mode = InputMode.parse(query(ex, "from", "auto"));
            used = offers(query(ex, "sources", ""));
        } catch (IllegalArgumentException e) {
            plain(ex, 400, "Bad request: " + e.getMessage());
            return;
        }
        // the columns of the sources left off are not asked for (a --fields that names them); those turned on are
        List<String> off = settings.offers().stream()
                .filter(o -> !used.contains(o))
                .flatMap(o -> o.columns().stream())
                .toList();
        StringBuilder fields = new StringBuilder();
        for (String f : settings.fields().split(",")) {
            if (!off.contains(f.strip().toLowerCase(Locale.ROOT))) {
                fields.append(fields.isEmpty() ? "" : ",").append(f);
            }
        }
        for (Offer o : used) {
            o.columns().forEach(c -> fields.append(',').append(c));
        }
        Engine e = used.isEmpty()
                ? engine
                : settings.engines().apply(used.stream().map(Offer::id).toList());
        started.incrementAndGet();
        Running run = new Running();
        String tab = Optional.ofNullable(ex.getRequestHeaders().getFirst(TAB)).orElse("");
        String key = tab.isEmpty() ? randomHex() : tab; // a request without a tab is a tab of its own
        Running before = jobs.put(key, run);
        if (before != null) {
            before.stop("a newer job of this tab replaced it", false);
        }
        try {
            List<String> notes = new ArrayList<>();
            for (Offer o : used) {
                notes.addAll(prepare(o));
            }
            String cut = run(ex, e, run, mode, fields.toString(), length, notes);
            if (cut != null && !tab.isEmpty()) {
                if (cuts.size() > 1000) {
                    cuts.clear(); // a bound: a page asks at once, or not at all
                }
                cuts.put(tab, cut);
            }
        } finally {
            jobs.remove(key, run);
        }
    }

    /** Runs the source's {@link Offer#before} once, whichever job comes first; each job waits for it. */
    private List<String> prepare(Offer o) {
        CompletableFuture<List<String>> mine = new CompletableFuture<>();
        CompletableFuture<List<String>> f = prepared.putIfAbsent(o.id(), mine);
        if (f == null) {
            try {
                mine.complete(List.copyOf(o.before().get()));
            } catch (RuntimeException e) {
                prepared.remove(o.id(), mine); // the next job tries again
                mine.completeExceptionally(e);
            }
            f = mine;
        }
        return f.join();
    }

    /** The offers the job turns on, in the offers' order (so the same set is always the same engine). */
    private List<Offer> offers(String ids) {
        List<String> asked = new ArrayList<>();
        for (String id : ids.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            if (settings.offers().stream().noneMatch(o -> o.id().equals(id.strip()))) {
                throw new IllegalArgumentException(
                        "no online source " + Json.toJson(id) + " (serve was started without it)");
            }
            asked.add(id.strip());
        }
        return settings.offers().stream().filter(o -> asked.contains(o.id())).toList();
    }

    /** Runs the job and answers; returns why it was cut (upload cap, time cap, stopped), or null. */
    private String run(
            HttpExchange ex,
            Engine engine,
            Running run,
            InputMode mode,
            String fields,
            String length,
            List<String> notes)
            throws IOException {
        long total = length != null && length.matches("[0-9]{1,18}") ? Long.parseLong(length) : -1;
        long deadline = System.nanoTime() + settings.maxTime().toNanos();
        Capped body = new Capped(ex.getRequestBody(), settings.maxUpload(), deadline, run);
        Job job = Job.of(List.of(Input.stdin(body)))
                .withMode(mode)
                .withShape(Job.Shape.UNIQUE)
                .withFields(fields)
                .withFormat(SinkFormat.JSONL);
        Engine.Prepared p;
        try {
            p = engine.prepare(job);
        } catch (IllegalArgumentException e) {
            plain(ex, 400, "Bad request: " + e.getMessage());
            return null;
        }
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson; charset=utf-8");
        ex.sendResponseHeaders(200, 0); // chunked: rows go out as they are made
        Lines out = new Lines(ex.getResponseBody(), run);
        run.out = out;
        out.line(Map.of("columns", p.columns().stream().map(Column::name).toList()));
        Map<String, Object> summary = new LinkedHashMap<>();
        long[] last = {0};
        run.total = total;
        run.body = body;
        try {
            RunSummary s = engine.run(p, out, (done, all, lines) -> {
                run.lines = lines;
                long now = System.nanoTime();
                if (now - last[0] >= PROGRESS_NANOS) {
                    last[0] = now;
                    Map<String, Object> progress = new LinkedHashMap<>(run.progress());
                    progress.remove("running");
                    out.sideLine(Map.of("progress", progress));
                }
            });
            summarize(s, summary, notes);
        } catch (IOException | RuntimeException e) {
            if (run.stop == null) {
                throw e; // the page went away, or the input was not readable: nothing more to say to it
            }
        }
        String why = body.cut != null ? body.cut : run.stop;
        if (why != null) {
            summary.put("error", why);
            if (body.cut != null && body.cut.startsWith("the upload is larger")) {
                // a client that sends it all before it reads sees this answer; one that stops sending is let go
                Deadline d = new Deadline(Thread.currentThread(), DRAIN_TIME, executor::isShutdown);
                try {
                    drain(ex.getRequestBody(), DRAIN);
                } finally {
                    d.close();
                }
            }
            if (summary.get("errors") instanceof List<?> errors) {
                // the engine lists the cut as the input's error too: said once
                summary.put(
                        "errors",
                        errors.stream().filter(x -> !x.toString().endsWith(why)).toList());
            }
        }
        out.last(Map.of("summary", summary));
        return why;
    }

    private static void summarize(RunSummary s, Map<String, Object> summary, List<String> notes) {
        summary.put("rows", s.rows());
        summary.put("lines", s.lines());
        summary.put(
                "sightings",
                s.extraction() != null ? s.extraction().sightings() : s.lines() - s.blank() - s.comments());
        Map<String, Object> statuses = new LinkedHashMap<>();
        for (Status st : Status.values()) {
            statuses.put(st.text(), s.count(st));
        }
        summary.put("statuses", statuses);
        summary.put("invalid", s.count(Status.INVALID));
        List<String> errors = new ArrayList<>(notes);
        errors.addAll(s.inputErrors());
        if (s.extraction() != null) {
            s.extraction().inputErrors().stream()
                    .filter(e -> !errors.contains(e))
                    .forEach(errors::add);
        }
        if (s.firstError() != null) {
            errors.add("first error row: " + s.firstError());
        }
        if (s.overLimit() > 0) {
            errors.add(String.format(
                    "%,d lines not counted: more distinct addresses than the server keeps (--max-distinct)",
                    s.overLimit()));
        }
        summary.put("errors", errors);
        List<Object> sent = new ArrayList<>();
        for (SourceStats st : s.sources()) {
            sent.add(Map.of("source", st.source(), "text", Summaries.sent(st)));
        }
        summary.put("sent", sent);
    }

    /**
     * Answers 413 at once when the declared length is over the cap, and closes the connection; true when it did. What
     * the client sends meanwhile is read and dropped for at most {@link #DRAIN_TIME} (a browser that sends it all
     * before it reads an answer sees this one, not a reset); a client that stops sending is let go then.
     */
    private boolean tooLarge(HttpExchange ex, String length) throws IOException {
        if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > settings.maxUpload()) {
            ex.getResponseHeaders().set("Connection", "close");
            byte[] b = ("Too large: at most " + mib(settings.maxUpload())
                            + " per job (iptriage serve --max-upload MB).\n")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(413, b.length);
            ex.getResponseBody().write(b);
            ex.getResponseBody().flush();
            Deadline d = new Deadline(Thread.currentThread(), DRAIN_TIME, executor::isShutdown);
            try {
                drain(ex.getRequestBody(), DRAIN);
                ex.close(); // the server's own close drains too: within the deadline
            } finally {
                d.close();
            }
            return true;
        }
        return false;
    }

    private static String mib(long bytes) {
        return bytes >= 1 << 20 ? bytes / (1 << 20) + " MiB" : bytes + " bytes";
    }

    /**
     * {@code POST /api/report}: the page's current view (rows as the job sent them, JSON lines) as the HTML report,
     * the same page {@code iptriage report} makes of an enrich output.
     */
    private void report(HttpExchange ex) throws IOException {
        if (tooLarge(ex, ex.getRequestHeaders().getFirst("Content-Length"))) {
            return;
        }
        ReportAggregator agg = ReportCommand.enrichedAggregator(ReportAggregator.Limits.defaults());
        Running run = new Running();
        Capped body = new Capped(
                ex.getRequestBody(),
                settings.maxUpload(),
                System.nanoTime() + settings.maxTime().toNanos(),
                run);
        EnrichedFile.Result r;
        try {
            r = EnrichedFile.feed("the page's view", body, agg);
        } catch (IOException e) {
            plain(ex, body.cut != null ? 413 : 400, "The view could not be read: " + e.getMessage());
            return;
        }
        List<String> notes = new ArrayList<>();
        if (r.bad() > 0) {
            notes.add(String.format("%,d rows could not be read; first: %s", r.bad(), r.firstBad()));
        }
        RunFacts facts = new RunFacts(
                "iptriage report: the page's view",
                List.of("the page's view"),
                r.records(),
                agg.statuses(),
                settings.databases(),
                settings.clock().instant(),
                notes,
                List.<SentFact>of(),
                settings.lists());
        ReportData data = agg.result(facts);
        java.io.ByteArrayOutputStream html = new java.io.ByteArrayOutputStream();
        HtmlReport.write(data, new HtmlReport.Options(Optional.empty(), 25, Optional.empty()), html);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"iptriage-report.html\"");
        ex.sendResponseHeaders(200, html.size());
        html.writeTo(ex.getResponseBody());
    }

    private static void drain(InputStream in, long max) {
        byte[] buf = new byte[1 << 16];
        long left = max;
        try {
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client is gone: nothing to drain
        }
    }

    private static String query(HttpExchange ex, String name, String fallback) {
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith(name + "=")) {
                    return java.net.URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return fallback;
    }

    private static void plain(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static void json(HttpExchange ex, Object value) throws IOException {
        byte[] b = Json.toJson(value).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
    }

    /**
     * Interrupts a thread at a time unless closed first: a read of the connection blocked in it then fails and closes
     * the connection (the server's channels are interruptible), so a client that stops sending does not hold a thread.
     * The time may come just as the read ends, before {@link #close}: the thread would then carry the interrupt on,
     * and its next write (the {@code /api/enrich} summary) would fail; {@link #close} takes that interrupt back.
     */
    static final class Deadline {
        private final Thread target;
        private final BooleanSupplier stopping;
        private final Thread watcher;
        private boolean done;
        private boolean fired;

        /**
         * @param stopping whether the thread may also have been interrupted for the server's end ({@link
         *     ExecutorService#shutdownNow}, which says so before it interrupts): that interrupt is kept
         */
        Deadline(Thread target, Duration after, BooleanSupplier stopping) {
            this.target = target;
            this.stopping = stopping;
            this.watcher = Thread.ofVirtual().name("iptriage-serve-deadline").start(() -> {
                try {
                    Thread.sleep(after);
                } catch (InterruptedException e) {
                    return; // closed first
                }
                synchronized (this) {
                    if (!done) {
                        fired = true;
                        target.interrupt();
                    }
                }
            });
        }

        /**
         * Lets the thread go on, called by that thread: no interrupt comes after this, and one this deadline made is
         * cleared (the read it was for has ended either way), unless the server is stopping. Nothing else interrupts a
         * request's thread.
         */
        synchronized void close() {
            if (Thread.currentThread() != target) {
                throw new IllegalStateException("a deadline is closed by the thread it watches");
            }
            done = true;
            watcher.interrupt();
            if (fired && Thread.interrupted() && stopping.getAsBoolean()) {
                target.interrupt();
            }
        }
    }

    /**
     * An upload read up to a size cap and a deadline, and until its job is stopped: past any of them reading fails (and
     * the job ends with the rows of what it read), with the reason kept for the page.
     */
    private static final class Capped extends FilterInputStream {
        private final long max;
        private final long deadline;
        private final Running run;
        private volatile long read;
        private volatile String cut;

        Capped(InputStream in, long max, long deadline, Running run) {
            super(in);
            this.max = max;
            this.deadline = deadline;
            this.run = run;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        /**
         * Hands out the upload's bytes up to the cap exactly; a read at the cap that finds one more byte fails (the
         * bytes handed out before are the job's, to the last whole line).
         */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            if (len == 0) {
                return 0;
            }
            if (read >= max) {
                int n = super.read(b, off, 1);
                if (n > 0) {
                    cut = "the upload is larger than " + mib(max)
                            + ": the rows are those of its beginning (iptriage serve --max-upload MB)";
                    check();
                }
                return n;
            }
            int n = super.read(b, off, (int) Math.min(len, max - read));
            if (n > 0) {
                read += n;
            }
            return n;
        }

        /**
         * None: so a buffer above fills a read with one read of this stream, and a read that fails (the cap, the
         * deadline) does not take the bytes of the reads before it along.
         */
        @Override
        public int available() {
            return 0;
        }

        /**
         * Leaves the request's stream open: the JDK's would drain what is left of the upload, waiting on a client that
         * has stopped sending; the exchange ends it once the answer is written.
         */
        @Override
        public void close() {}

        private void check() throws IOException {
            if (cut == null && System.nanoTime() - deadline > 0) {
                cut = "the upload took longer than the time cap: the rows are those of what was read by then"
                        + " (iptriage serve --max-time SECONDS)";
            }
            if (cut != null) {
                throw new IOException(cut);
            }
            if (run.stop != null) {
                throw new IOException(run.stop);
            }
        }
    }

    /**
     * The job's answer: the engine's rows, and lines of the server's own between them, each written whole. Progress
     * comes from the engine's writing thread between two of its writes; a progress line is written only at a line
     * boundary (else skipped: the next one will do). Every write is sent at once, so rows reach the page as they are
     * made. A stopped job's writes fail, which ends it.
     */
    private static final class Lines extends OutputStream {
        private final OutputStream out;
        private final Running run;
        private boolean atLineStart = true;
        private boolean ended;

        Lines(OutputStream out, Running run) {
            this.out = out;
            this.run = run;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (run.stop != null || ended) {
                throw new IOException(run.stop);
            }
            if (len > 0) {
                out.write(b, off, len);
                out.flush();
                atLineStart = b[off + len - 1] == '\n';
            }
        }

        /** A line of the server's own before the rows. */
        synchronized void line(Object value) throws IOException {
            write(bytes(value));
        }

        /** A line between rows, when the rows are at a line boundary; else nothing. */
        synchronized void sideLine(Object value) {
            if (atLineStart && run.stop == null) {
                try {
                    write(bytes(value));
                } catch (IOException e) {
                    // the next row's write says it again, to the engine
                }
            }
        }

        /**
         * The last line, written even when the job was stopped (if the page is still there to read it); then the
         * answer ends (the JDK's server then reads and drops at most 64 KiB more of an upload not read to its end).
         */
        synchronized void last(Object value) throws IOException {
            if (ended) {
                return;
            }
            ended = true;
            if (!atLineStart) {
                out.write('\n');
            }
            out.write(bytes(value));
            out.close();
        }

        private static byte[] bytes(Object value) {
            return (Json.toJson(value) + "\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Stops the running jobs (each page is told why), waits a few seconds for them to end, and stops serving. */
    @Override
    public void close() {
        stopping = true;
        for (Running r : jobs.values()) {
            // on a thread of its own: a page that stopped reading must not hold up the end (its connection is
            // closed below, which ends the write it is blocked in)
            Thread.ofVirtual()
                    .name("iptriage-serve-stop-job")
                    .start(() -> r.stop("the server is stopping (Ctrl-C): the rows above are all this job made", true));
        }
        server.stop(jobs.isEmpty() ? 0 : STOP_SECONDS);
        executor.shutdownNow();
    }
}
