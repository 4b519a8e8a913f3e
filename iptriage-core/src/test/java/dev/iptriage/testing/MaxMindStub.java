package dev.iptriage.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import dev.iptriage.ip.IpLiteral;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for MaxMind's GeoIP2 web services ({@code GET /geoip/v2.1/{country|city|insights}/{ip}},
 * HTTP Basic auth with account id and license key), for tests and benchmarks without network.
 *
 * <p><b>Data.</b> Deterministic networks partition the address space: the prefix length of a public
 * IPv4 address's network is picked from {16, 20, 22, 24, 26, 28} by a hash of its /16 and the seed,
 * that of an IPv6 address from {32, 40, 48, 56, 64} by its /32. A generated network is narrowed (one
 * bit at a time towards the address) until it overlaps no network registered with {@link
 * #addNetwork} or {@link #notFound} and holds no non-global address (exactly for IPv4; for IPv6 the
 * first and last address of up to 256 sub-blocks are checked), so networks never overlap and every
 * address of a network gets the same answer apart from {@code traits.ip_address}. All values derive
 * from a hash of the network and the seed; {@link #expected} gives the body the stub sends.
 *
 * <p><b>Errors</b> as MaxMind sends them ({@code {"code": ..., "error": ...}}, Content-Type {@value
 * #ERROR_TYPE}): 401 AUTHORIZATION_INVALID / ACCOUNT_ID_REQUIRED / LICENSE_KEY_REQUIRED, 400
 * IP_ADDRESS_INVALID / IP_ADDRESS_REQUIRED / IP_ADDRESS_RESERVED (every address that {@link IpClass}
 * does not call global), 402 OUT_OF_QUERIES, 403 PERMISSION_REQUIRED, 404 IP_ADDRESS_NOT_FOUND, and
 * programmable faults ({@link #failNext}, {@link #faultFor}). Order of checks: queued {@link #failNext}
 * faults, path, auth, permission, address, not-found, per-address faults, queries remaining.
 *
 * <p>Thread-safe; each request runs on its own virtual thread. The request log never holds the
 * license key or the Authorization header.
 */
public final class MaxMindStub implements AutoCloseable {
    /** The account id the stub accepts by default. */
    public static final String ACCOUNT = "424242";
    /** The license key the stub accepts by default. */
    public static final String KEY = "stub_LiCeNsE-kEy_4f2a";
    /** Content-Type of error answers. */
    public static final String ERROR_TYPE = "application/vnd.maxmind.com-error+json; charset=UTF-8; version=2.0";
    /** The products (path segments). */
    public static final List<String> PRODUCTS = List.of("country", "city", "insights");

    private static final String PREFIX = "/geoip/v2.1/";
    private static final int[] V4_PREFIXES = {16, 20, 22, 24, 26, 28};
    private static final int[] V6_PREFIXES = {32, 40, 48, 56, 64};
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to start the stub. Start from {@link #defaults()} and change with the {@code with...} methods.
     *
     * @param https HTTPS with a fresh self-signed certificate (default) or plain HTTP
     * @param port the port on 127.0.0.1; 0 for a free one
     * @param accountId the account id accepted
     * @param licenseKey the license key accepted
     * @param geoLite play {@code geolite.info}: no {@code maxmind} object, no Insights (403)
     * @param seed varies the generated networks and values
     * @param queriesRemaining the account's queries at start
     * @param minLatencyMs least delay per request
     * @param maxLatencyMs most delay per request
     * @param log a file to append one TSV line per request to (product, address, status, paid); null for none
     */
    public record Options(
            boolean https,
            int port,
            String accountId,
            String licenseKey,
            boolean geoLite,
            long seed,
            long queriesRemaining,
            int minLatencyMs,
            int maxLatencyMs,
            Path log) {
        /** Checks the values. */
        public Options {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(licenseKey, "licenseKey");
            if (minLatencyMs < 0 || maxLatencyMs < minLatencyMs) {
                throw new IllegalArgumentException("latency " + minLatencyMs + ":" + maxLatencyMs);
            }
        }

        /** {@return HTTPS on a free port, {@link #ACCOUNT} / {@link #KEY}, paid host, seed 1, 1,000,000 queries} */
        public static Options defaults() {
            return new Options(true, 0, ACCOUNT, KEY, false, 1, 1_000_000, 0, 0, null);
        }

        /** {@return these options with plain HTTP} */
        public Options withHttp() {
            return new Options(
                    false,
                    port,
                    accountId,
                    licenseKey,
                    geoLite,
                    seed,
                    queriesRemaining,
                    minLatencyMs,
                    maxLatencyMs,
                    log);
        }

        /** {@return these options with a fixed port} */
        public Options withPort(int p) {
            return new Options(
                    https, p, accountId, licenseKey, geoLite, seed, queriesRemaining, minLatencyMs, maxLatencyMs, log);
        }

        /** {@return these options with another account} */
        public Options withAccount(String id, String key) {
            return new Options(https, port, id, key, geoLite, seed, queriesRemaining, minLatencyMs, maxLatencyMs, log);
        }

        /** {@return these options playing {@code geolite.info}} */
        public Options withGeoLite() {
            return new Options(
                    https, port, accountId, licenseKey, true, seed, queriesRemaining, minLatencyMs, maxLatencyMs, log);
        }

        /** {@return these options with another seed} */
        public Options withSeed(long s) {
            return new Options(
                    https, port, accountId, licenseKey, geoLite, s, queriesRemaining, minLatencyMs, maxLatencyMs, log);
        }

        /** {@return these options with another number of queries at start} */
        public Options withQueriesRemaining(long q) {
            return new Options(https, port, accountId, licenseKey, geoLite, seed, q, minLatencyMs, maxLatencyMs, log);
        }

        /** {@return these options with a random delay of {@code min} to {@code max} ms per request} */
        public Options withLatency(int min, int max) {
            return new Options(https, port, accountId, licenseKey, geoLite, seed, queriesRemaining, min, max, log);
        }

        /** {@return these options with a TSV request log file} */
        public Options withLog(Path file) {
            return new Options(
                    https,
                    port,
                    accountId,
                    licenseKey,
                    geoLite,
                    seed,
                    queriesRemaining,
                    minLatencyMs,
                    maxLatencyMs,
                    file);
        }
    }

    /**
     * What the stub sends instead of (or as) its normal answer.
     *
     * @param status the HTTP status
     * @param retryAfter a Retry-After header value, or null
     * @param html an HTML body instead of MaxMind's JSON error body
     * @param cutBody the normal 200 answer with a Content-Length larger than the half body written, then
     *     the connection closed
     */
    public record Fault(int status, String retryAfter, boolean html, boolean cutBody) {
        /** The normal answer. */
        public static final Fault OK = new Fault(200, null, false, false);
        /** The normal 200 answer cut in the middle of the body (neither counted against the queries nor logged as paid: the client never had it). */
        public static final Fault CUT_BODY = new Fault(200, null, false, true);

        /** {@return an error status with a JSON error body} */
        public static Fault status(int status) {
            return new Fault(status, null, false, false);
        }

        /** {@return an error status with a JSON error body and a Retry-After header (seconds or an HTTP date)} */
        public static Fault status(int status, String retryAfter) {
            return new Fault(status, retryAfter, false, false);
        }

        /** {@return an error status with an HTML body, as a proxy or load balancer sends} */
        public static Fault html(int status) {
            return new Fault(status, null, true, false);
        }
    }

    /**
     * One request seen.
     *
     * @param time when it arrived
     * @param product {@code country}, {@code city}, {@code insights}, or what the path had there
     * @param address the address text of the path (decoded), empty when none
     * @param status the status sent
     * @param paid whether a whole 200 answer was sent (counted against the queries; a cut body is not)
     * @param authorization whether an Authorization header was present
     */
    public record Request(
            Instant time, String product, String address, int status, boolean paid, boolean authorization) {}

    private record Explicit(Cidr network, Map<String, Object> overrides, boolean notFound) {}

    private record Resolved(Cidr network, Explicit explicit) {}

    private final Options options;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Path tempDir;
    private final Path caPem;
    private final String scheme;
    private final AtomicLong remaining;
    private final AtomicLong requestCounter = new AtomicLong();
    private volatile int minLatency;
    private volatile int maxLatency;
    private final List<Explicit> explicit = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Fault> nextFaults = new ConcurrentLinkedDeque<>();
    private final Map<String, ConcurrentLinkedDeque<Fault>> addressFaults = new ConcurrentHashMap<>();
    private final Set<String> permissionRequired = ConcurrentHashMap.newKeySet();
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private final Object logFileLock = new Object();

    private MaxMindStub(Options o) throws IOException {
        this.options = o;
        this.remaining = new AtomicLong(o.queriesRemaining());
        this.minLatency = o.minLatencyMs();
        this.maxLatency = o.maxLatencyMs();
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port());
        if (o.https()) {
            tempDir = Files.createTempDirectory("maxmind-stub");
            SSLContext tls;
            try {
                tls = selfSigned(tempDir);
            } catch (IOException | RuntimeException e) {
                deleteTree(tempDir);
                throw e;
            }
            caPem = tempDir.resolve("ca.pem");
            HttpsServer https = HttpsServer.create(at, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
            scheme = "https";
        } else {
            tempDir = null;
            caPem = null;
            server = HttpServer.create(at, 0);
            scheme = "http";
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@return a stub started with {@link Options#defaults()}} */
    public static MaxMindStub start() throws IOException {
        return start(Options.defaults());
    }

    /** {@return a stub started with these options, listening on 127.0.0.1} */
    public static MaxMindStub start(Options options) throws IOException {
        return new MaxMindStub(options);
    }

    /** {@return the options it was started with} */
    public Options options() {
        return options;
    }

    /** {@return the base URL, {@code https://127.0.0.1:PORT} (or {@code http://})} */
    public String baseUrl() {
        return scheme + "://127.0.0.1:" + port();
    }

    /** {@return the port it listens on} */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@return the PEM file of the self-signed certificate (for {@code --webservice-ca FILE}); null for plain HTTP} */
    public Path caPem() {
        return caPem;
    }

    /** {@return a client-side TLS context that trusts exactly {@link #caPem()}} */
    public SSLContext clientTls() {
        if (caPem == null) {
            throw new IllegalStateException("a plain HTTP stub has no certificate");
        }
        try (InputStream in = Files.newInputStream(caPem)) {
            Certificate cert =
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("stub", cert);
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return the value of an Authorization header for the configured account} */
    public String authorization() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (options.accountId() + ":" + options.licenseKey()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Registers a network with explicit values: addresses in it (the most specific registered network
     * wins) answer with this network, and the generated body deep-merged with {@code overrides} (same
     * structure as the body, e.g. {@code Map.of("traits", Map.of("user_type", "hosting"))}; a null map
     * value removes a key). Top-level keys a product does not have (city, location, postal, subdivisions
     * for Country; anonymizer for Country and City) are left out of that product's answer.
     */
    public void addNetwork(String cidr, Map<String, ?> overrides) {
        explicit.add(new Explicit(cidr(cidr), copy(overrides), false));
    }

    /** Makes a network of public addresses answer 404 IP_ADDRESS_NOT_FOUND. */
    public void notFound(String cidr) {
        explicit.add(new Explicit(cidr(cidr), Map.of(), true));
    }

    /**
     * Holds every query that has not been answered yet (those waiting out their latency too): unanswered, not paid,
     * until {@link #release()}. A test stops a client at a moment when every answer sent has reached it.
     */
    public void hold() {
        held = new CountDownLatch(1);
    }

    /** Ends {@link #hold()}: the queries held are answered 503 (not paid), the next ones as usual. */
    public void release() {
        CountDownLatch h = held;
        held = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** The gate of {@link #hold()}, or null. */
    private volatile CountDownLatch held;

    /** Forgets the networks registered with {@link #addNetwork} and {@link #notFound}. */
    public void clearNetworks() {
        explicit.clear();
    }

    /** Sets the account's queries remaining; each 200 answer takes one, at 0 the answer is 402 OUT_OF_QUERIES. */
    public void queriesRemaining(long queries) {
        remaining.set(queries);
    }

    /** {@return the account's queries remaining now} */
    public long queriesRemaining() {
        return remaining.get();
    }

    /**
     * The next {@code count} requests (any path, before auth) get {@code status} with a JSON error body.
     *
     * @param retryAfter null for no Retry-After header, else its value ({@code "1"} or an HTTP date)
     */
    public void failNext(int count, int status, String retryAfter) {
        for (int i = 0; i < count; i++) {
            nextFaults.add(Fault.status(status, retryAfter));
        }
    }

    /** The next {@code count} requests get these faults in turn ({@link Fault#html}, {@link Fault#CUT_BODY}...). */
    public void failNext(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            nextFaults.add(fault);
        }
    }

    /**
     * Queues faults for one address: its next requests that pass auth and address checks get them in
     * turn ({@link Fault#OK} for a normal answer); afterwards it answers normally.
     */
    public void faultFor(String ip, Fault... sequence) {
        addressFaults
                .computeIfAbsent(canonical(ip), k -> new ConcurrentLinkedDeque<>())
                .addAll(List.of(sequence));
    }

    /** Makes every request for the product answer 403 PERMISSION_REQUIRED. */
    public void permissionRequired(String product) {
        permissionRequired.add(product);
    }

    /** Sets a random (seeded) delay of {@code minMs} to {@code maxMs} per request. */
    public void latency(int minMs, int maxMs) {
        if (minMs < 0 || maxMs < minMs) {
            throw new IllegalArgumentException("latency " + minMs + ":" + maxMs);
        }
        minLatency = minMs;
        maxLatency = maxMs;
        // both fields are read without a lock: a request racing this call may see one old value
    }

    /** {@return the requests seen so far, oldest first} */
    public List<Request> requests() {
        return List.copyOf(log);
    }

    /** {@return how many 200 answers were sent (each one counted against the queries)} */
    public long paidAnswers() {
        return log.stream().filter(Request::paid).count();
    }

    /** Clears the request log, the queued faults and the permission errors (networks, queries, latency stay). */
    public void reset() {
        log.clear();
        nextFaults.clear();
        addressFaults.clear();
        permissionRequired.clear();
    }

    /**
     * The body the stub sends for a 200 answer, without the {@code maxmind} object.
     *
     * @param product {@code country}, {@code city} or {@code insights}
     * @param ip an address the stub answers (public, not in a not-found network)
     * @return a fresh mutable map; numbers are Integer, Long or Double as Jackson reads them back
     * @throws IllegalArgumentException for other products or addresses
     */
    public Map<String, Object> expected(String product, String ip) {
        if (!PRODUCTS.contains(product)) {
            throw new IllegalArgumentException("no such product: " + product);
        }
        IpAddress a = IpLiteral.parseStrict(ip).address();
        if (a == null || !IpClass.of(a).isGlobal()) {
            throw new IllegalArgumentException("the stub does not answer " + ip);
        }
        Resolved r = resolve(a.isV4Mapped() ? a.unmap() : a);
        if (r.explicit() != null && r.explicit().notFound()) {
            throw new IllegalArgumentException(ip + " is in a not-found network");
        }
        return body(product, a, r);
    }

    /**
     * {@return the network the stub answers for this address ({@code traits.network}); for an IPv4-mapped
     * IPv6 address the IPv4 network in mapped form ({@code ::ffff:81.2.69.0/120})}
     *
     * @throws IllegalStateException when {@code ip} is not an address
     */
    public String network(String ip) {
        IpAddress a = IpLiteral.parseStrict(ip).orElseThrow();
        return networkText(a, resolve(a.isV4Mapped() ? a.unmap() : a).network());
    }

    private static String networkText(IpAddress asked, Cidr net) {
        return asked.isV4Mapped() ? "::ffff:" + net.address() + "/" + (96 + net.prefixLength()) : net.toString();
    }

    /** Stops the server and deletes the certificate files. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (tempDir != null) {
            deleteTree(tempDir);
        }
    }

    // ---------------------------------------------------------------- serving

    /** What to send: decided (and logged) before a byte goes out. */
    private record Reply(int status, String contentType, byte[] body, String retryAfter, boolean cut, boolean paid) {}

    private void handle(HttpExchange ex) throws IOException {
        Instant time = Instant.now();
        String path = ex.getRequestURI().getPath();
        boolean auth = ex.getRequestHeaders().containsKey("Authorization");
        String product = "";
        String ip = "";
        if (path != null && path.startsWith(PREFIX)) {
            String rest = path.substring(PREFIX.length());
            int slash = rest.indexOf('/');
            product = slash < 0 ? rest : rest.substring(0, slash);
            ip = slash < 0 ? "" : rest.substring(slash + 1);
        }
        Reply reply;
        try {
            delay();
            CountDownLatch h = held;
            if (h != null) {
                h.await(); // held unanswered until released, then answered 503: never paid
                reply = error(503, "SERVER_ERROR", "held by the test");
            } else {
                Fault queued = nextFaults.poll();
                reply = queued != null && !queued.equals(Fault.OK) ? fault(queued, null) : serve(ex, path, product, ip);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = error(503, "SERVER_ERROR", "interrupted");
        } catch (IOException | RuntimeException e) {
            reply = error(500, "SERVER_ERROR", "stub failure: " + e.getClass().getSimpleName());
        }
        // logged before the answer goes out: a client that has its answer finds it in the log
        record(new Request(time, product, ip, reply.status(), reply.paid(), auth));
        if (reply.cut()) {
            sendCut(ex, reply);
            return;
        }
        try {
            send(ex, reply);
        } catch (IOException ignored) {
            // the client is gone
        } finally {
            ex.close();
        }
    }

    /**
     * The full Content-Length, half the body, then the connection dropped: the JDK server closes the
     * connection of a handler that throws (closing the short fixed-length stream would leave it open).
     */
    private static void sendCut(HttpExchange ex, Reply r) throws IOException {
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.sendResponseHeaders(200, r.body().length);
        OutputStream o = ex.getResponseBody();
        o.write(r.body(), 0, r.body().length / 2);
        o.flush();
        throw new IOException(
                "stub fault: body cut after " + r.body().length / 2 + " of " + r.body().length + " bytes");
    }

    private static final byte[] CUT_PLACEHOLDER =
            "{\"traits\":{\"ip_address\":\"0.0.0.0\",\"network\":\"0.0.0.0/0\"}}".getBytes(StandardCharsets.UTF_8);

    private Reply serve(HttpExchange ex, String path, String product, String ip) throws IOException {
        if (path == null || !path.startsWith(PREFIX) || !PRODUCTS.contains(product)) {
            return error(404, "PATH_NOT_FOUND", "The requested path was not found");
        }
        String authError = checkAuth(ex.getRequestHeaders().getFirst("Authorization"));
        if (authError != null) {
            return error(401, authError, authMessage(authError));
        }
        if (permissionRequired.contains(product) || (options.geoLite() && product.equals("insights"))) {
            return error(403, "PERMISSION_REQUIRED", "You do not have permission to use this service");
        }
        if (ip.isEmpty()) {
            return error(400, "IP_ADDRESS_REQUIRED", "You have not supplied an IP address");
        }
        IpAddress a = ip.equals("me")
                ? IpAddress.ofBytes(ex.getRemoteAddress().getAddress().getAddress())
                : IpLiteral.parseStrict(ip).address();
        if (a == null) {
            return error(400, "IP_ADDRESS_INVALID", "The value '" + ip + "' is not a valid IP address");
        }
        if (!IpClass.of(a).isGlobal()) {
            return error(400, "IP_ADDRESS_RESERVED", "The IP address '" + ip + "' is reserved");
        }
        Resolved r = resolve(a.isV4Mapped() ? a.unmap() : a);
        if (r.explicit() != null && r.explicit().notFound()) {
            return error(404, "IP_ADDRESS_NOT_FOUND", "The address " + ip + " is not in our database");
        }
        ConcurrentLinkedDeque<Fault> q = addressFaults.get(a.toString());
        Fault f = q == null ? null : q.poll();
        if (f != null && !f.equals(Fault.OK) && !f.cutBody()) {
            return fault(f, null);
        }
        boolean cut = f != null && f.cutBody();
        long before = cut ? remaining.get() : remaining.getAndUpdate(x -> x > 0 ? x - 1 : x);
        if (before <= 0) {
            return error(402, "OUT_OF_QUERIES", "The license key you have provided is out of queries");
        }
        Map<String, Object> body = body(product, a, r);
        if (!options.geoLite() && !body.containsKey("maxmind")) { // a network's overrides may bring their own
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("queries_remaining", cut ? before : before - 1);
            body.put("maxmind", mm);
        }
        return new Reply(200, successType(product), JSON.writeValueAsBytes(body), null, cut, !cut);
    }

    private static String successType(String product) {
        return "application/vnd.maxmind.com-" + product + "+json; charset=UTF-8; version=2.1";
    }

    private static Reply fault(Fault f, byte[] cutBody) throws IOException {
        if (f.cutBody()) {
            return new Reply(200, successType("city"), cutBody == null ? CUT_PLACEHOLDER : cutBody, null, true, false);
        }
        if (f.html()) {
            byte[] html = ("<html><head><title>" + f.status() + "</title></head><body><h1>" + f.status()
                            + " Service Unavailable</h1></body></html>\n")
                    .getBytes(StandardCharsets.UTF_8);
            return new Reply(f.status(), "text/html; charset=UTF-8", html, f.retryAfter(), false, false);
        }
        String code = switch (f.status()) {
            case 400 -> "IP_ADDRESS_INVALID";
            case 401 -> "AUTHORIZATION_INVALID";
            case 402 -> "OUT_OF_QUERIES";
            case 403 -> "PERMISSION_REQUIRED";
            case 404 -> "IP_ADDRESS_NOT_FOUND";
            case 429 -> "TOO_MANY_REQUESTS";
            default -> f.status() >= 500 ? "SERVER_ERROR" : "ERROR";
        };
        Reply e = error(f.status(), code, "stub fault " + f.status());
        return new Reply(e.status(), e.contentType(), e.body(), f.retryAfter(), false, false);
    }

    private static Reply error(int status, String code, String message) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("error", message);
        return new Reply(status, ERROR_TYPE, JSON.writeValueAsBytes(m), null, false, false);
    }

    /** Sends a whole reply. */
    private static void send(HttpExchange ex, Reply r) throws IOException {
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        if (r.retryAfter() != null) {
            ex.getResponseHeaders().set("Retry-After", r.retryAfter());
        }
        ex.sendResponseHeaders(r.status(), r.body().length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(r.body());
        }
    }

    /** {@return null when the header carries the configured account, else the error code} */
    private String checkAuth(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "AUTHORIZATION_INVALID";
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "AUTHORIZATION_INVALID";
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return "AUTHORIZATION_INVALID";
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (user.isEmpty()) {
            return "ACCOUNT_ID_REQUIRED";
        }
        if (password.isEmpty()) {
            return "LICENSE_KEY_REQUIRED";
        }
        return user.equals(options.accountId()) && password.equals(options.licenseKey())
                ? null
                : "AUTHORIZATION_INVALID";
    }

    private static String authMessage(String code) {
        return switch (code) {
            case "ACCOUNT_ID_REQUIRED" -> "You have not supplied a MaxMind account ID";
            case "LICENSE_KEY_REQUIRED" -> "You have not supplied a MaxMind license key";
            default -> "Your account ID or license key could not be authenticated";
        };
    }

    private void delay() {
        int min = minLatency;
        int max = maxLatency;
        if (max <= 0) {
            return;
        }
        long h = mix(options.seed() * 31 + requestCounter.incrementAndGet());
        long ms = min + Long.remainderUnsigned(h, max - min + 1L);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(Request r) {
        log.add(r);
        Path file = options.log();
        if (file == null) {
            return;
        }
        String line = tsv(r.product()) + "\t" + tsv(r.address()) + "\t" + r.status() + "\t" + r.paid() + "\n";
        synchronized (logFileLock) {
            try (Writer w = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                w.write(line);
            } catch (IOException e) {
                System.err.println("maxmind-stub: cannot append to the log: " + e.getMessage());
            }
        }
    }

    private static String tsv(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- data

    private Resolved resolve(IpAddress a) {
        Explicit best = null;
        for (Explicit e : explicit) {
            if (e.network().contains(a)
                    && (best == null
                            || e.network().prefixLength() > best.network().prefixLength())) {
                best = e;
            }
        }
        if (best != null) {
            return new Resolved(best.network(), best);
        }
        int bits = a.bitLength();
        int prefix;
        if (a.isV4()) {
            prefix = V4_PREFIXES[
                    (int) Long.remainderUnsigned(mix(options.seed() ^ (a.v4Bits() >>> 16)), V4_PREFIXES.length)];
        } else {
            long key = (a.hi() >>> 32) ^ 0x5bd1e995_00000000L;
            prefix = V6_PREFIXES[(int) Long.remainderUnsigned(mix(options.seed() ^ key), V6_PREFIXES.length)];
        }
        Cidr g = Cidr.of(a, prefix);
        while (g.prefixLength() < bits && !clean(g)) {
            g = Cidr.of(a, g.prefixLength() + 1);
        }
        return new Resolved(g, null);
    }

    /** {@return whether the network overlaps no registered network and holds only global addresses} */
    private boolean clean(Cidr g) {
        for (Explicit e : explicit) {
            if (e.network().contains(g.first()) || g.contains(e.network().first())) {
                return false;
            }
        }
        int bits = g.address().bitLength();
        int step = Math.min(bits, g.prefixLength() + 8);
        if (g.address().isV4() && g.prefixLength() >= 24) {
            step = 32; // every address of a /24 or smaller
        } else if (g.address().isV4()) {
            step = 24; // special-purpose IPv4 blocks are /24 or larger, except inside 192.0.0.0/24
        }
        int count = 1 << (step - g.prefixLength());
        for (int i = 0; i < count; i++) {
            Cidr sub = Cidr.of(offset(g.first(), i, bits - step), step);
            if (!IpClass.of(sub.first()).isGlobal() || !IpClass.of(sub.last()).isGlobal()) {
                return false;
            }
        }
        return true;
    }

    /** {@return {@code base} plus {@code i << shift}, where those bits of {@code base} are zero} */
    private static IpAddress offset(IpAddress base, int i, int shift) {
        if (base.isV4()) {
            return IpAddress.ofV4(base.v4Bits() | (shift >= 32 ? 0 : (i << shift)));
        }
        long hi = base.hi();
        long lo = base.lo();
        if (shift >= 64) {
            hi |= (long) i << (shift - 64);
        } else {
            lo |= (long) i << shift;
            if (shift > 0) {
                hi |= (long) i >>> (64 - shift);
            }
        }
        return IpAddress.ofV6(hi, lo);
    }

    private record Country(
            String iso, int geonameId, String en, String de, String continent, String timeZone, boolean eu) {}

    private record Continent(String code, int geonameId, String en, String de) {}

    private static final List<Country> COUNTRIES = List.of(
            new Country("US", 6252001, "United States", "Vereinigte Staaten", "NA", "America/Chicago", false),
            new Country("DE", 2921044, "Germany", "Deutschland", "EU", "Europe/Berlin", true),
            new Country("FR", 3017382, "France", "Frankreich", "EU", "Europe/Paris", true),
            new Country("NL", 2750405, "Netherlands", "Niederlande", "EU", "Europe/Amsterdam", true),
            new Country("BR", 3469034, "Brazil", "Brasilien", "SA", "America/Sao_Paulo", false),
            new Country("JP", 1861060, "Japan", "Japan", "AS", "Asia/Tokyo", false),
            new Country("AU", 2077456, "Australia", "Australien", "OC", "Australia/Sydney", false),
            new Country("ZA", 953987, "South Africa", "Südafrika", "AF", "Africa/Johannesburg", false));

    private static final Map<String, Continent> CONTINENTS = Map.of(
            "NA", new Continent("NA", 6255149, "North America", "Nordamerika"),
            "EU", new Continent("EU", 6255148, "Europe", "Europa"),
            "SA", new Continent("SA", 6255150, "South America", "Südamerika"),
            "AS", new Continent("AS", 6255147, "Asia", "Asien"),
            "OC", new Continent("OC", 6255151, "Oceania", "Ozeanien"),
            "AF", new Continent("AF", 6255146, "Africa", "Afrika"));

    private static final List<String> CONNECTION_TYPES = List.of("Cable/DSL", "Cellular", "Corporate", "Satellite");
    private static final List<String> USER_TYPES =
            List.of("residential", "business", "hosting", "cellular", "college", "government", "cafe", "hosting");
    private static final int[] ACCURACY = {1, 5, 10, 20, 50, 100, 200, 500, 1000};

    /** The 200 body for an address of a resolved network, without {@code maxmind}. */
    private Map<String, Object> body(String product, IpAddress a, Resolved r) {
        boolean city = !product.equals("country");
        boolean insights = product.equals("insights");
        Cidr net = r.network();
        long h = mix(options.seed() * 0x9E3779B97F4A7C15L
                ^ mix(net.address().hi())
                ^ net.address().lo()
                ^ ((long) net.prefixLength() << 56));
        String hex = String.format(Locale.ROOT, "%08x", h >>> 32);
        Country c = COUNTRIES.get((int) Long.remainderUnsigned(h, COUNTRIES.size()));
        Country reg = (h & 0x300) == 0 ? COUNTRIES.get((int) Long.remainderUnsigned(h >>> 20, COUNTRIES.size())) : c;
        Continent cont = CONTINENTS.get(c.continent());
        long h2 = mix(h);
        long h3 = mix(h2);

        Map<String, Object> body = new LinkedHashMap<>();
        if (city) {
            Map<String, Object> cityMap = new LinkedHashMap<>();
            if (insights) {
                cityMap.put("confidence", pct(h2, 0));
            }
            cityMap.put("geoname_id", 1_000_000 + (int) ((h2 >>> 8) % 8_000_000));
            cityMap.put("names", names("City-" + hex, "Stadt-" + hex));
            body.put("city", cityMap);
        }
        Map<String, Object> contMap = new LinkedHashMap<>();
        contMap.put("code", cont.code());
        contMap.put("geoname_id", cont.geonameId());
        contMap.put("names", names(cont.en(), cont.de()));
        body.put("continent", contMap);
        Map<String, Object> countryMap = country(c);
        if (insights) {
            countryMap.put("confidence", 50 + (int) ((h2 >>> 16) % 50));
        }
        body.put("country", countryMap);
        if (city) {
            Map<String, Object> loc = new LinkedHashMap<>();
            loc.put("accuracy_radius", ACCURACY[(int) ((h3 >>> 4) % ACCURACY.length)]);
            loc.put("latitude", ((h3 >>> 12) % 1_700_000 - 850_000) / 10_000.0);
            loc.put("longitude", ((h3 >>> 34) % 3_600_000 - 1_800_000) / 10_000.0);
            loc.put("time_zone", c.timeZone());
            body.put("location", loc);
            Map<String, Object> postal = new LinkedHashMap<>();
            postal.put("code", String.format(Locale.ROOT, "%05d", (h2 >>> 24) % 100_000));
            if (insights) {
                postal.put("confidence", pct(h2, 32));
            }
            body.put("postal", postal);
        }
        body.put("registered_country", country(reg));
        if (city) {
            Map<String, Object> sub = new LinkedHashMap<>();
            if (insights) {
                sub.put("confidence", pct(h3, 40));
            }
            sub.put("geoname_id", 2_000_000 + (int) ((h3 >>> 20) % 1_000_000));
            sub.put("iso_code", "S" + hex.substring(0, 2).toUpperCase(Locale.ROOT));
            sub.put("names", names("Region-" + hex.substring(0, 4), "Region-" + hex.substring(0, 4)));
            List<Object> subs = new ArrayList<>();
            subs.add(sub);
            body.put("subdivisions", subs);
        }
        boolean anonymizer = insights && (h3 & 3) == 0;
        String userType = USER_TYPES.get((int) ((h3 >>> 8) % USER_TYPES.size()));
        Map<String, Object> traits = new LinkedHashMap<>();
        if (city) {
            traits.put("autonomous_system_number", 1000 + (int) ((h >>> 8) % 64_000));
            traits.put("autonomous_system_organization", "AS-Org-" + hex);
            traits.put("connection_type", CONNECTION_TYPES.get((int) ((h2 >>> 4) % CONNECTION_TYPES.size())));
            traits.put("domain", "d" + hex + ".example.net");
        }
        traits.put("ip_address", a.toString());
        if (insights) {
            if (anonymizer) {
                traits.put("is_anonymous", true);
                traits.put("is_anonymous_vpn", true);
            }
            if (userType.equals("hosting")) {
                traits.put("is_hosting_provider", true);
            }
            if ((h3 & 0x30) != 0) {
                traits.put("ip_risk_snapshot", 1 + ((h3 >>> 44) % 9800) / 100.0);
            }
        }
        if (city) {
            traits.put("isp", "ISP-" + hex);
        }
        traits.put("network", networkText(a, net));
        if (city) {
            traits.put("organization", "Org-" + hex);
        }
        if (insights) {
            traits.put("static_ip_score", ((h2 >>> 40) % 10_000) / 100.0);
            traits.put("user_count", 1 + (int) ((h3 >>> 24) % 5000));
            traits.put("user_type", userType);
        }
        body.put("traits", traits);
        if (anonymizer) {
            Map<String, Object> an = new LinkedHashMap<>();
            an.put("confidence", 1 + (int) ((h3 >>> 52) % 99));
            an.put("is_anonymous", true);
            an.put("is_anonymous_vpn", true);
            an.put(
                    "network_last_seen",
                    LocalDate.of(2026, 1, 1).plusDays((h3 >>> 16) % 300).toString());
            an.put("provider_name", "VPN-" + hex.substring(4));
            body.put("anonymizer", an);
        }
        if (r.explicit() != null) {
            Set<String> absent = city
                    ? (insights ? Set.of() : Set.of("anonymizer"))
                    : Set.of("city", "location", "postal", "subdivisions", "anonymizer");
            for (Map.Entry<String, Object> e : r.explicit().overrides().entrySet()) {
                if (!absent.contains(e.getKey())) {
                    merge(body, e.getKey(), e.getValue());
                }
            }
        }
        return body;
    }

    private static int pct(long h, int shift) {
        return 1 + (int) Long.remainderUnsigned(h >>> shift, 99); // 1 to 99, for any h
    }

    private static Map<String, Object> names(String en, String de) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("de", de);
        m.put("en", en);
        return m;
    }

    private static Map<String, Object> country(Country c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("geoname_id", c.geonameId());
        if (c.eu()) {
            m.put("is_in_european_union", true);
        }
        m.put("iso_code", c.iso());
        m.put("names", names(c.en(), c.de()));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, String key, Object value) {
        if (value == null) {
            into.remove(key);
        } else if (value instanceof Map<?, ?> m && into.get(key) instanceof Map<?, ?> target) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                merge((Map<String, Object>) target, String.valueOf(e.getKey()), e.getValue());
            }
        } else {
            into.put(key, deepCopy(value));
        }
    }

    private static Map<String, Object> copy(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, deepCopy(v)));
        return out;
    }

    private static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), deepCopy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(deepCopy(x)));
            return out;
        }
        return v;
    }

    private static Cidr cidr(String text) {
        IpLiteral.Parsed p = IpLiteral.parse(text);
        if (!p.ok() || !p.isNetwork()) {
            throw new IllegalArgumentException("not a network in CIDR notation: " + text);
        }
        return p.network();
    }

    private static String canonical(String ip) {
        IpAddress a = IpLiteral.parseStrict(ip).address();
        return a == null ? ip : a.toString();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- TLS

    /** The server's TLS: a self-signed certificate made with the JDK's keytool ({@link TestTls}), its PEM beside. */
    private static SSLContext selfSigned(Path dir) throws IOException {
        try {
            return TestTls.create(dir).server();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot make the stub's certificate", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort: a temp folder
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }

    // ---------------------------------------------------------------- main

    /**
     * Runs the stub until killed (SIGTERM closes it cleanly); see {@link #launch} for the options. Exit
     * status 2 for a bad option.
     */
    public static void main(String[] args) throws Exception {
        MaxMindStub stub;
        try {
            stub = launch(args);
        } catch (IllegalArgumentException e) {
            System.err.println("maxmind-stub: " + e.getMessage());
            System.err.println("usage: MaxMindStub [--http] [--geolite] [--port N] [--port-file FILE] [--ca-file FILE]"
                    + " [--latency MIN:MAX] [--account ID --key KEY] [--log FILE] [--seed N] [--queries N]");
            System.exit(2);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stub.close();
            done.countDown();
        }));
        System.err.println("maxmind-stub: listening on " + stub.baseUrl());
        done.await();
    }

    /**
     * Starts a stub from command-line options, as {@link #main} does (without waiting): {@code --http},
     * {@code --geolite}, {@code --port N}, {@code --port-file FILE} (the port, written whole once the stub
     * listens), {@code --ca-file FILE} (a copy of {@link #caPem()}), {@code --latency MIN:MAX} (ms),
     * {@code --account ID}, {@code --key KEY}, {@code --log FILE} (one TSV line per request: product,
     * address, status, paid; appended and flushed per line), {@code --seed N}, {@code --queries N}.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value (nothing started)
     */
    public static MaxMindStub launch(String[] args) throws IOException {
        Options o = Options.defaults();
        Path portFile = null;
        Path caFile = null;
        String account = o.accountId();
        String key = o.licenseKey();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--http")) {
                o = o.withHttp();
                continue;
            }
            if (a.equals("--geolite")) {
                o = o.withGeoLite();
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--port" -> o = o.withPort(Integer.parseInt(v));
                    case "--port-file" -> portFile = Path.of(v);
                    case "--ca-file" -> caFile = Path.of(v);
                    case "--account" -> account = v;
                    case "--key" -> key = v;
                    case "--log" -> o = o.withLog(Path.of(v));
                    case "--seed" -> o = o.withSeed(Long.parseLong(v));
                    case "--queries" -> o = o.withQueriesRemaining(Long.parseLong(v));
                    case "--latency" -> {
                        String[] mm = v.split(":", -1);
                        if (mm.length != 2) {
                            throw new IllegalArgumentException("--latency wants MIN:MAX (ms), not " + v);
                        }
                        o = o.withLatency(Integer.parseInt(mm[0]), Integer.parseInt(mm[1]));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + ": not a number: " + v, e);
            }
        }
        if (caFile != null && !o.https()) {
            throw new IllegalArgumentException("--ca-file needs HTTPS (no --http)");
        }
        MaxMindStub stub = start(o.withAccount(account, key));
        try {
            if (caFile != null) {
                Files.copy(stub.caPem(), caFile, StandardCopyOption.REPLACE_EXISTING);
            }
            if (portFile != null) {
                // written whole then moved, so a script polling for the file never reads half of it
                Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
                Files.writeString(tmp, stub.port() + "\n", StandardCharsets.US_ASCII);
                Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            stub.close();
            throw e;
        }
        return stub;
    }
}
