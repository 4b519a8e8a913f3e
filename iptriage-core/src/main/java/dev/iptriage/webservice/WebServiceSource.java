package dev.iptriage.webservice;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Field;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.sources.SourceStatus;
import dev.iptriage.text.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A MaxMind web service (GeoIP2 Country, City Plus or Insights, or GeoLite Country or City) as a remote source: its
 * answers fill the databases' columns (the answer's value wins: {@link #fills()}) and its own ({@link #columns()}).
 *
 * <p><b>Never paid twice.</b> Every answer is kept in the {@link WebServiceCache} by its {@code traits.network} as it
 * arrives; an address in a network already answered (this run or an earlier one, within the maximum age) is answered
 * from the cache and sends nothing. Addresses are asked in lanes of one IPv4 /16 or IPv6 /32: within a lane one query
 * is in flight at a time and the next looks at the cache again first, so two addresses of one network are not both
 * paid for because they were asked at the same moment (networks larger than a lane can still be).
 *
 * <p><b>Budget.</b> At most {@link WebServiceSettings#maxQueries()} paid answers (200s, a broken body included) per
 * run, and none that could take the account's lowest reported {@code queries_remaining} (less the queries in flight)
 * below {@link WebServiceSettings#minRemaining()}: the addresses past either get {@code skipped:budget}. Until the
 * count is known one query is in flight and the others wait; answers without one (GeoLite) end the waiting.
 *
 * <p><b>Faults.</b> 429 and 5xx answers, timeouts and broken connections are tried again ({@link
 * WebServiceSettings#retries()} times, waiting as {@code Retry-After} says or doubling {@link
 * WebServiceSettings#backoff()} with jitter, at most {@link WebServiceSettings#maxBackoff()}); 402 ({@code
 * OUT_OF_QUERIES}, {@code INSUFFICIENT_FUNDS}) stops the asking: the addresses not yet answered get {@code
 * skipped:out_of_queries}, every answer received is kept; 401 and 403 stop the asking too, with {@link #stopped()}
 * saying why once; {@code IP_ADDRESS_NOT_FOUND}, {@code IP_ADDRESS_RESERVED} and {@code IP_ADDRESS_INVALID} are the
 * statuses {@code not_found}, {@code reserved} and {@code invalid} (the first two kept in the cache: answers, not
 * paid). Only a 200 answer is counted as paid.
 *
 * <p>Untrusted answers: a body is read up to {@value #MAX_BODY} bytes and {@value #MAX_DEPTH} levels, values of an
 * unexpected type are dropped, and a {@code traits.network} that does not hold the address, or is wider than an IPv4
 * /{@value #WIDEST_V4} or IPv6 /{@value #WIDEST_V6}, is not believed: the answer is kept for the address alone.
 */
public final class WebServiceSource implements RemoteSource, AutoCloseable {
    /** The source's name: its status column is {@code webservice_status}. */
    public static final String NAME = "webservice";

    static final int MAX_BODY = 256 * 1024;
    static final int MAX_DEPTH = 16;
    static final int WIDEST_V4 = 16;
    static final int WIDEST_V6 = 32;

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final SourceAnswer BUDGET = SourceAnswer.skipped("budget");
    private static final SourceAnswer OUT_OF_QUERIES = SourceAnswer.skipped("out_of_queries");
    private static final CompletableFuture<SourceAnswer> DONE = CompletableFuture.completedFuture(null);

    private final WebServiceSettings settings;
    private final WebServiceCache cache;
    private final boolean onlyWhenMissing;
    private final HttpClient http;
    private final String authorization;
    private final String userAgent;
    private final Consumer<String> dryRun;
    private final ConcurrentHashMap<Long, CompletableFuture<SourceAnswer>> lanes = new ConcurrentHashMap<>();

    private final LongAdder requests = new LongAdder();
    private final LongAdder paid = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final Set<Cidr> networks = ConcurrentHashMap.newKeySet();
    private volatile String cacheError;

    private final Object budget = new Object();
    private long reserved; // guarded by budget: paid answers and queries in flight
    private long inFlight; // guarded by budget
    private long remaining = -1; // guarded by budget: the lowest queries_remaining seen, -1 before any
    private CompletableFuture<SourceAnswer> probing; // guarded by budget: the first query under --min-remaining

    private volatile Stop stop;
    /** An answer came without {@code queries_remaining} (GeoLite): the count stays unknown. */
    private volatile boolean noCount;

    /** Why the asking stopped: the answer of every address not yet asked, and the reason said once. */
    private record Stop(SourceAnswer answer, String reason) {}

    /**
     * A source asking with {@code settings} and keeping answers in {@code cache} (closed with the source).
     *
     * @param onlyWhenMissing ask only about addresses the databases left without one of the columns the service
     *     fills ({@code --webservice-for missing})
     * @param dryRun null to send; else every query that would be sent is given to it as {@code GET URL} (no key) and
     *     nothing is sent (the addresses get {@code skipped:dry_run})
     * @param userAgent the User-Agent the requests carry ({@code iptriage/VERSION})
     */
    public WebServiceSource(
            WebServiceSettings settings,
            WebServiceCache cache,
            boolean onlyWhenMissing,
            String userAgent,
            Consumer<String> dryRun) {
        this.settings = settings;
        this.cache = cache;
        this.onlyWhenMissing = onlyWhenMissing;
        this.userAgent = userAgent;
        this.dryRun = dryRun;
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((settings.accountId().strip() + ":"
                                        + settings.licenseKey().strip())
                                .getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2) // one connection, many streams; HTTP/1.1 where the server has no h2
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER); // the key goes to the named host only
        if (settings.sslContext() != null) {
            b.sslContext(settings.sslContext());
        }
        this.http = b.build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<SourceColumn> columns() {
        return settings.product().columns();
    }

    @Override
    public Set<Field> fills() {
        return settings.product().fills();
    }

    @Override
    public boolean onlyWhenMissing() {
        return onlyWhenMissing;
    }

    @Override
    public String destination() {
        return settings.authority() + " (" + settings.product().path() + ")";
    }

    @Override
    public int maxConcurrency() {
        return settings.concurrency();
    }

    /** Long: the source keeps its own time per request, retries included, and lanes may queue. */
    @Override
    public Duration timeout() {
        return Duration.ofHours(1);
    }

    @Override
    public Map<String, Long> traffic() {
        Map<String, Long> t = new LinkedHashMap<>();
        t.put("queries sent", requests.sum());
        t.put("paid answers", paid.sum());
        t.put("retries", retried.sum());
        t.put("cache hits", cacheHits.sum());
        t.put("networks covered", (long) networks.size());
        long r = remaining();
        if (r >= 0) {
            t.put("queries remaining", r);
        }
        return t;
    }

    /** {@return whether this is a dry run: the queries are printed, not sent} */
    public boolean isDryRun() {
        return dryRun != null;
    }

    /** {@return the account's last reported queries remaining (the lowest seen), or -1 when none was} */
    public long remaining() {
        synchronized (budget) {
            return remaining;
        }
    }

    /** {@return why the asking stopped (402, 401, 403), said once by the caller; empty when it did not} */
    public Optional<String> stopped() {
        Stop s = stop;
        return s == null ? Optional.empty() : Optional.of(s.reason());
    }

    /** {@return whether it stopped for a reason that is the user's to fix: the account or its permissions} */
    public boolean stoppedByAccount() {
        Stop s = stop;
        return s != null && s.answer().status() == SourceStatus.ERROR;
    }

    /** {@return a note for the run's end: {@code --min-remaining} could not be kept, the service gives no count} */
    public Optional<String> note() {
        return noCount && settings.minRemaining() >= 0
                ? Optional.of(
                        "the service's answers carry no queries_remaining (GeoLite): --min-remaining was not kept;"
                                + " --max-queries caps a run")
                : Optional.empty();
    }

    /** {@return why answers could not be written to the cache file (the run goes on), or empty} */
    public Optional<String> cacheProblem() {
        return Optional.ofNullable(cacheError);
    }

    @Override
    public CompletionStage<SourceAnswer> lookup(IpAddress address) {
        IpAddress a = address.lookupForm();
        Optional<SourceAnswer> settled = settled(a);
        if (settled.isPresent()) {
            return CompletableFuture.completedFuture(settled.get());
        }
        long lane = lane(a);
        CompletableFuture<SourceAnswer> mine = new CompletableFuture<>();
        CompletableFuture<SourceAnswer> before = lanes.put(lane, mine);
        (before == null ? DONE : before)
                .handle((v, e) -> null)
                .thenCompose(x -> first(a))
                .whenComplete((v, e) -> {
                    lanes.remove(lane, mine);
                    mine.complete(e == null ? v : SourceAnswer.error(message(e)));
                });
        return mine;
    }

    /** One IPv4 /16 or IPv6 /32: the addresses asked one after the other. */
    private static long lane(IpAddress a) {
        return a.isV4() ? (a.lo() >>> 16) : (1L << 62) ^ (a.hi() >>> 32);
    }

    /**
     * The cache's answer for {@code a}, counted as a hit: nothing naming {@code a} was sent for it ({@link
     * SourceAnswer#FROM_CACHE}), even when the network's answer was got earlier in this run for another address.
     */
    private Optional<SourceAnswer> cached(IpAddress a) {
        Optional<WebServiceCache.Entry> e = cache.find(settings.authority(), settings.product(), a);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        cacheHits.increment();
        networks.add(e.get().network());
        SourceAnswer answer = switch (e.get().status()) {
            case "not_found" -> SourceAnswer.notFound();
            case "reserved" -> new SourceAnswer(SourceStatus.RESERVED, Map.of(), null);
            default -> found(a, e.get().body(), e.get().network());
        };
        return Optional.of(answer.notSent(SourceAnswer.FROM_CACHE));
    }

    /** An answer of {@code body}'s values, or an error naming the value that is not of its type. */
    private SourceAnswer found(IpAddress a, Map<String, Object> body, Cidr believed) {
        try {
            return SourceAnswer.found(values(a, body, believed));
        } catch (AnswerValues.BadValue e) {
            return SourceAnswer.error("a bad answer: " + e.getMessage());
        }
    }

    /**
     * The column values of an answer for {@code a} and, under {@code raw}, the whole answer ({@code --raw} shows it)
     * with {@code a} as its {@code traits.ip_address} (an answer kept from another address of the network has none).
     * The {@code network} column is the network the answer is kept for, when that is the one it named ({@code
     * believed}); a network not believed is not shown, and the databases' stays.
     */
    private Map<String, Object> values(IpAddress a, Map<String, Object> body, Cidr believed)
            throws AnswerValues.BadValue {
        Map<String, Object> v = new LinkedHashMap<>(AnswerValues.of(body, settings.product(), settings.lang()));
        if (believed == null || !believed.equals(WebServiceCache.cidr(String.valueOf(v.get("network"))))) {
            v.remove("network");
        }
        Map<String, Object> whole = new LinkedHashMap<>(body);
        Map<String, Object> traits = new LinkedHashMap<>();
        if (body.get("traits") instanceof Map<?, ?> t) {
            t.forEach((k, x) -> traits.put(String.valueOf(k), x));
        }
        traits.put("ip_address", a.toString());
        whole.put("traits", traits);
        v.put(RAW, whole);
        return v;
    }

    /** {@code body} without {@code traits.ip_address} and the account's {@code maxmind}: what the cache keeps. */
    private static Map<String, Object> forTheCache(Map<String, Object> body) {
        Map<String, Object> kept = new LinkedHashMap<>(body);
        kept.remove("maxmind"); // the account's, of this moment: not a fact about the network
        if (body.get("traits") instanceof Map<?, ?> t) {
            Map<String, Object> traits = new LinkedHashMap<>();
            t.forEach((k, x) -> traits.put(String.valueOf(k), x));
            traits.remove("ip_address"); // the address asked: not the network's, and not to be kept
            kept.put("traits", traits);
        }
        return kept;
    }

    /** The answer of {@code a} without a query: the cache's, or the stop's when the asking stopped; else empty. */
    private Optional<SourceAnswer> settled(IpAddress a) {
        Optional<SourceAnswer> kept = cached(a);
        if (kept.isPresent()) {
            return kept;
        }
        Stop s = stop;
        return s == null ? Optional.empty() : Optional.of(s.answer());
    }

    /** The first query of {@code a} in its lane: the cache and the stop are looked at again, then the budget. */
    private CompletableFuture<SourceAnswer> first(IpAddress a) {
        Optional<SourceAnswer> settled = settled(a);
        if (settled.isPresent()) {
            return CompletableFuture.completedFuture(settled.get());
        }
        if (dryRun != null) {
            dryRun.accept("GET " + uri(a));
            return CompletableFuture.completedFuture(SourceAnswer.skipped("dry_run"));
        }
        // with --min-remaining and the account's count not known yet, one query learns it and the others wait
        CompletableFuture<SourceAnswer> wait = null;
        CompletableFuture<SourceAnswer> probe = null;
        synchronized (budget) {
            if (settings.minRemaining() >= 0 && remaining < 0 && !noCount) {
                if (probing != null && !probing.isDone()) {
                    wait = probing;
                } else {
                    probe = probing = new CompletableFuture<>();
                }
            }
        }
        if (wait != null) {
            return wait.thenCompose(x -> first(a));
        }
        if (!reserve()) {
            if (probe != null) {
                probe.complete(BUDGET);
            }
            return CompletableFuture.completedFuture(BUDGET);
        }
        AtomicBoolean charged = new AtomicBoolean();
        CompletableFuture<SourceAnswer> sent;
        try {
            sent = send(a, 0, charged);
        } catch (RuntimeException e) { // nothing sent: the place and the budget are given back below
            sent = CompletableFuture.completedFuture(SourceAnswer.error(message(e)));
        }
        if (probe != null) {
            CompletableFuture<SourceAnswer> p = probe;
            sent.whenComplete((v, e) -> p.complete(v)); // never exceptional: the waiters go on either way
        }
        return sent.whenComplete((v, e) -> {
            synchronized (budget) {
                inFlight--;
                if (!charged.get()) {
                    reserved--; // no 200 came back: nothing was paid for
                }
            }
        });
    }

    private boolean reserve() {
        synchronized (budget) {
            if (settings.maxQueries() >= 0 && reserved >= settings.maxQueries()) {
                return false;
            }
            if (settings.minRemaining() >= 0 && remaining >= 0 && remaining - inFlight <= settings.minRemaining()) {
                return false;
            }
            reserved++;
            inFlight++;
            return true;
        }
    }

    private URI uri(IpAddress a) {
        return URI.create(settings.base() + "/geoip/v2.1/" + settings.product().path() + "/" + a);
    }

    /** Sends the query of {@code a}; {@code charged} becomes true when a 200 answer (paid) came back, even a bad one. */
    private CompletableFuture<SourceAnswer> send(IpAddress a, int attempt, AtomicBoolean charged) {
        HttpRequest req = HttpRequest.newBuilder(uri(a))
                .timeout(settings.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", userAgent)
                .GET()
                .build();
        requests.increment();
        CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, BoundedBody.handler(MAX_BODY));
        // the request's own timeout ends the wait for the headers; a body that stalls after them is ended here
        CompletableFuture.delayedExecutor(2 * settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> f.cancel(true));
        return f.handle((resp, err) -> outcome(a, attempt, resp, err, charged)).thenCompose(x -> x);
    }

    private CompletableFuture<SourceAnswer> outcome(
            IpAddress a, int attempt, HttpResponse<byte[]> resp, Throwable err, AtomicBoolean charged) {
        if (err != null) {
            Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (c instanceof BoundedBody.TooLarge) {
                charged.set(true); // its status is not known here: counted against the budget, to be safe
                return done(SourceAnswer.error(c.getMessage()));
            }
            SourceAnswer last = c instanceof HttpTimeoutException || c instanceof CancellationException
                    ? new SourceAnswer(SourceStatus.TIMEOUT, Map.of(), null)
                    : SourceAnswer.error("connection: " + message(c));
            return retry(a, attempt, null, last, charged);
        }
        int code = resp.statusCode();
        if (code == 200) {
            charged.set(true);
            return done(answered(a, resp.body()));
        }
        String error = errorCode(resp.body());
        String what = "HTTP " + code + (error == null ? "" : " " + error);
        return switch (code) {
            case 400 -> {
                if ("IP_ADDRESS_RESERVED".equals(error)) {
                    keep(a, "reserved", Map.of(), null);
                    yield done(new SourceAnswer(SourceStatus.RESERVED, Map.of(), null));
                }
                yield done(
                        "IP_ADDRESS_INVALID".equals(error) || "IP_ADDRESS_REQUIRED".equals(error)
                                ? new SourceAnswer(SourceStatus.INVALID, Map.of(), null)
                                : SourceAnswer.error(what));
            }
            case 404 -> {
                if (!"IP_ADDRESS_NOT_FOUND".equals(error)) {
                    yield done(SourceAnswer.error(what)); // another 404 (a wrong path or host): not an answer
                }
                keep(a, "not_found", Map.of(), null);
                yield done(SourceAnswer.notFound());
            }
            case 401 ->
                done(stop(
                        SourceAnswer.error(error == null ? "unauthorized" : error),
                        settings.authority() + " refused the account id and license key (" + what
                                + "): check AccountID and LicenseKey (GeoIP.conf, MAXMIND_ACCOUNT_ID,"
                                + " MAXMIND_LICENSE_KEY)"));
            case 402 ->
                done(stop(
                        OUT_OF_QUERIES,
                        "the account is out of queries (" + what + "): the answers received are kept; the"
                                + " addresses not asked are skipped:out_of_queries"));
            case 403 ->
                done(stop(
                        SourceAnswer.error(error == null ? "forbidden" : error),
                        settings.authority() + " refused the query (" + what + "): the account may not use "
                                + settings.product().path()));
            case 429 -> retry(a, attempt, resp, SourceAnswer.error(what), charged);
            default ->
                code >= 500
                        ? retry(a, attempt, resp, SourceAnswer.error(what), charged)
                        : done(SourceAnswer.error(what));
        };
    }

    private static CompletableFuture<SourceAnswer> done(SourceAnswer a) {
        return CompletableFuture.completedFuture(a);
    }

    /** Stops the asking (the first reason wins); returns the answer of this address. */
    private SourceAnswer stop(SourceAnswer answer, String reason) {
        synchronized (budget) {
            if (stop == null) {
                stop = new Stop(answer, reason);
            }
        }
        return answer;
    }

    /** Tries again after a wait, or gives {@code last} when the retries are spent or the asking stopped. */
    private CompletableFuture<SourceAnswer> retry(
            IpAddress a, int attempt, HttpResponse<byte[]> resp, SourceAnswer last, AtomicBoolean charged) {
        if (attempt >= settings.retries()) {
            return done(last);
        }
        Stop s = stop;
        if (s != null) {
            return done(s.answer());
        }
        retried.increment();
        long wait = waitMillis(attempt, resp);
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS))
                .thenCompose(x -> send(a, attempt + 1, charged));
    }

    /** {@code Retry-After} (seconds or an HTTP date), else the doubled backoff with jitter; at most the maximum. */
    private long waitMillis(int attempt, HttpResponse<byte[]> resp) {
        long max = settings.maxBackoff().toMillis();
        Optional<String> after =
                resp == null ? Optional.empty() : resp.headers().firstValue("Retry-After");
        if (after.isPresent()) {
            String v = after.get().strip();
            try {
                if (v.matches("[0-9]{1,9}")) {
                    return Math.min(max, Long.parseLong(v) * 1000);
                }
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant()
                        .toEpochMilli();
                return Math.max(0, Math.min(max, at - settings.clock().millis()));
            } catch (DateTimeParseException | ArithmeticException e) {
                // not a Retry-After value: the backoff
            }
        }
        long base = settings.backoff().toMillis() << Math.min(attempt, 20);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Math.min(max, jittered);
    }

    /** A 200 answer: its values, kept by network in the cache. */
    @SuppressWarnings("unchecked")
    private SourceAnswer answered(IpAddress a, byte[] bytes) {
        Object parsed;
        try {
            parsed = Json.read(bytes, MAX_DEPTH);
        } catch (IOException e) {
            paid.increment(); // a 200 is charged, whatever its body
            return SourceAnswer.error("a bad answer: " + message(e));
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            paid.increment();
            return SourceAnswer.error("a bad answer: not a JSON object");
        }
        Map<String, Object> body = (Map<String, Object>) m;
        paid.increment();
        Object count = AnswerValues.at(body, "maxmind.queries_remaining");
        try {
            if (count != null && !(count instanceof Long n && n >= 0)) {
                throw new AnswerValues.BadValue("maxmind.queries_remaining", count, "an integer of 0 or more");
            }
            AnswerValues.of(body, settings.product(), settings.lang()); // a bad value is neither used nor kept
        } catch (AnswerValues.BadValue e) {
            return SourceAnswer.error("a bad answer: " + e.getMessage());
        }
        if (count instanceof Long r) {
            synchronized (budget) {
                remaining = remaining < 0 ? r : Math.min(remaining, r);
            }
        } else if (!noCount) {
            noCount = true; // GeoLite's answers have none: --min-remaining cannot be kept, and no query waits for one
        }
        Cidr believed = keep(a, "ok", forTheCache(body), AnswerValues.at(body, "traits.network"));
        SourceAnswer answer = found(a, body, believed);
        if (answer.status() != SourceStatus.OK) {
            return answer;
        }
        Map<String, Object> v = new LinkedHashMap<>(answer.values());
        v.put(RAW, body); // a fresh answer's raw is the service's, as it came
        return SourceAnswer.found(v);
    }

    /**
     * Keeps an answer for the network it names when that is believable, else for the address alone; returns the
     * network believed, or null.
     */
    private Cidr keep(IpAddress a, String status, Map<String, Object> body, Object network) {
        Cidr n = network instanceof String s ? WebServiceCache.cidr(s) : null;
        Cidr believed = n;
        if (n == null || !n.contains(a) || n.prefixLength() < (a.isV4() ? WIDEST_V4 : WIDEST_V6)) {
            n = Cidr.of(a, a.bitLength());
            believed = null;
        }
        networks.add(n);
        try {
            cache.put(settings.authority(), settings.product(), n, status, body);
        } catch (IOException e) {
            cacheError = message(e); // kept in memory for this run; said once at the end
        }
        return believed;
    }

    /** The {@code code} of an error body ({@code {"code": ..., "error": ...}}), when it is one; else null. */
    private static String errorCode(byte[] body) {
        try {
            if (Json.read(body, 4) instanceof Map<?, ?> m
                    && m.get("code") instanceof String c
                    && CODE.matcher(c).matches()) {
                return c;
            }
        } catch (IOException e) {
            // not JSON: no code
        }
        return null;
    }

    private static String message(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }

    @Override
    public void close() throws IOException {
        http.shutdownNow();
        cache.close();
    }
}
