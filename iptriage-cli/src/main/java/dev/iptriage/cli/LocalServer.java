package dev.iptriage.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.engine.RunSummary;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.model.Status;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.text.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local web page of {@code iptriage serve}: an HTTP server bound to 127.0.0.1 (never a wildcard address) that
 * serves the page and runs the same engine jobs as {@code enrich}, streaming their rows as JSON lines.
 *
 * <p>Loopback is not a boundary by itself (DNS rebinding, cross-site requests: the CVEs of Jupyter, webpack-dev-server,
 * Vite, the MCP Inspector), so every request is checked:
 *
 * <ul>
 *   <li>the {@code Host} header must be exactly {@code 127.0.0.1:PORT}, {@code localhost:PORT} or {@code [::1]:PORT}
 *       (a page script cannot forge it, so a rebound name is refused); otherwise 403, and a malformed header is a 403
 *       too, never a failure;
 *   <li>a random 128-bit token of this run, printed in the URL, is exchanged for a session cookie ({@code HttpOnly;
 *       SameSite=Strict}) and the browser redirected to a URL without it (out of history and {@code Referer});
 *       without the cookie nothing but that exchange answers (401);
 *   <li>the job endpoint ({@code POST /api/enrich}) also needs an {@code Origin} equal to the page's own and refuses
 *       {@code Sec-Fetch-Site} other than {@code same-origin}; no CORS header is ever sent;
 *   <li>every answer carries a strict Content-Security-Policy (no inline script: the page's code is a file),
 *       {@code nosniff}, {@code no-referrer}, {@code no-store}, {@code same-origin} resource policy, no framing;
 *   <li>an upload is read as a stream, never whole, and cut at the size cap with a clear message.
 * </ul>
 *
 * <p>Each request is served on a virtual thread; a job whose page went away stops when its next rows cannot be
 * written.
 */
final class LocalServer implements AutoCloseable {
    static final String COOKIE = "iptriage_session";
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; style-src 'self';"
            + " script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/app.js", "app.js",
            "/app.css", "app.css");

    private final Engine engine;
    private final String fields;
    private final long maxUpload;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String token;
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final Set<String> hosts;
    private final SecureRandom random = new SecureRandom();

    /**
     * A server on 127.0.0.1:{@code port} (0: any free port), not started.
     *
     * @param fields the {@code --fields} of the jobs
     * @param maxUpload most bytes one job reads
     */
    LocalServer(Engine engine, String fields, long maxUpload, int port) throws IOException {
        this.engine = engine;
        this.fields = fields;
        this.maxUpload = maxUpload;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        this.token = randomHex();
        int p = server.getAddress().getPort();
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

    /** {@return the URL to open: this run's token, exchanged for a session cookie (in each tab that opens it)} */
    String url() {
        return "http://127.0.0.1:" + port() + "/?token=" + token;
    }

    private String randomHex() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            secure(ex.getResponseHeaders());
            String host = ex.getRequestHeaders().getFirst("Host");
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
                plain(ex, 401, "Open the URL iptriage serve printed (it holds this run's token).");
                return;
            }
            if (method.equals("GET") && ASSETS.containsKey(path)) {
                asset(ex, ASSETS.get(path));
            } else if (path.equals("/api/enrich")) {
                if (!method.equals("POST")) {
                    plain(ex, 405, "POST only.");
                } else if (!sameOrigin(ex, host)) {
                    plain(ex, 403, "Forbidden: a request from another site.");
                } else {
                    enrich(ex);
                }
            } else {
                plain(ex, 404, "Not found.");
            }
        } catch (IOException | RuntimeException e) {
            // a client gone, a malformed request: this request ends, the server goes on
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

    /** {@code /?token=T}: the right token sets the session cookie and sends the browser to {@code /}. */
    private void exchangeToken(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String given = query.startsWith("token=") ? query.substring("token=".length()) : "";
        if (!java.security.MessageDigest.isEqual(
                given.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII))) {
            plain(ex, 403, "Forbidden: not this run's token.");
            return;
        }
        String session = randomHex();
        sessions.add(session);
        ex.getResponseHeaders().set("Set-Cookie", COOKIE + "=" + session + "; HttpOnly; SameSite=Strict; Path=/");
        ex.getResponseHeaders().set("Location", "/");
        ex.sendResponseHeaders(303, -1);
    }

    private boolean hasSession(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(COOKIE + "=") && sessions.contains(p.substring(COOKIE.length() + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The page's own origin sent the request: {@code Origin} equal to it, and no other site said by the browser. */
    private static boolean sameOrigin(HttpExchange ex, String host) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
        return origin != null
                && origin.equalsIgnoreCase("http://" + host)
                && (site == null || site.equals("same-origin"));
    }

    private void asset(HttpExchange ex, String name) throws IOException {
        byte[] body;
        try (InputStream in = LocalServer.class.getResourceAsStream("serve/" + name)) {
            if (in == null) {
                plain(ex, 404, "Not found.");
                return;
            }
            body = in.readAllBytes();
        }
        String type = name.endsWith(".js")
                ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    /**
     * {@code POST /api/enrich?from=MODE}: the body (pasted text or a file, gzip too) is the job's input; the answer is
     * its rows as JSON lines, written as the engine makes them, then one line {@code {"summary": {...}}}.
     */
    private void enrich(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > maxUpload) {
            // read (and drop) what a browser sends before it reads an answer, so it sees this one, not a reset;
            // past that the connection is closed
            drain(ex.getRequestBody(), DRAIN);
            plain(
                    ex,
                    413,
                    "Too large: at most " + maxUpload / (1 << 20) + " MiB per job (iptriage serve --max-upload MB).");
            return;
        }
        InputMode mode;
        try {
            mode = InputMode.parse(query(ex, "from", "auto"));
        } catch (IllegalArgumentException e) {
            plain(ex, 400, "Bad from: " + e.getMessage());
            return;
        }
        Capped body = new Capped(ex.getRequestBody(), maxUpload);
        Job job = Job.of(List.of(Input.stdin(body)))
                .withMode(mode)
                .withFields(fields)
                .withFormat(SinkFormat.JSONL);
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson; charset=utf-8");
        ex.sendResponseHeaders(200, 0); // chunked: rows go out as they are made
        OutputStream out = ex.getResponseBody();
        Map<String, Object> summary = new LinkedHashMap<>();
        try {
            RunSummary s = engine.run(job, out, ProgressListener.NONE);
            summary.put("rows", s.rows());
            Map<String, Object> statuses = new LinkedHashMap<>();
            for (Status st : Status.values()) {
                statuses.put(st.name().toLowerCase(Locale.ROOT), s.count(st));
            }
            summary.put("statuses", statuses);
        } catch (IOException | RuntimeException e) {
            if (!body.over) {
                throw e; // the page went away, or the input was not readable: nothing more to say to it
            }
        }
        if (body.over) {
            drain(ex.getRequestBody(), DRAIN);
            summary.put(
                    "error",
                    "the upload is larger than " + maxUpload / (1 << 20)
                            + " MiB: the rows above are those of its beginning (iptriage serve --max-upload MB)");
        }
        out.write((Json.toJson(Map.of("summary", summary)) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Most bytes of a refused upload read and dropped before the answer. */
    private static final long DRAIN = 64L << 20;

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

    /** An upload read up to a cap: past it, reading fails (and the job ends with what it had). */
    private static final class Capped extends FilterInputStream {
        private final long max;
        private long read;
        private volatile boolean over;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
                if (read > max) {
                    over = true;
                    throw new IOException("upload larger than " + max + " bytes");
                }
            }
            return n;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
