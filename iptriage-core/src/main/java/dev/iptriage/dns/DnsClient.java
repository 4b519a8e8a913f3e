package dev.iptriage.dns;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.sources.SourceStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks DNS questions in bulk, asynchronously and politely, for the online sources (reverse DNS,
 * DNS blocklists, Team Cymru):
 *
 * <ul>
 *   <li>one question per distinct name and type per run (later askers share the first one's
 *       answer), and none at all for a name the persistent cache ({@link DnsCacheFile}) holds fresh;
 *   <li>at most {@link Settings#concurrency()} questions in flight and, when set, at most {@link
 *       Settings#qps()} sent per second, queued (never blocking the caller) until there is room;
 *   <li>each try waits for as long as the server usually takes: its retransmission timeout follows
 *       the round-trip times it has shown (RFC 6298: smoothed RTT plus four deviations, between
 *       {@link #MIN_TRY} and {@link #MAX_TRY}), doubling for each try of a question that timed out,
 *       so a few names that never answer hold nothing up for long;
 *   <li>only transient failures are tried again (a timeout, SERVFAIL, a network error; on the next
 *       server, with backoff), up to {@link Settings#retries()} times within {@link
 *       Settings#queryTimeout()}; NXDOMAIN and NODATA are answers; REFUSED is asked of another
 *       server, if there is one, and otherwise stands;
 *   <li>outcomes are classified from the response code ({@link DnsResult}), and answers (records,
 *       NXDOMAIN, NODATA) are kept in the cache for their TTL, per set of resolvers (NXDOMAIN and
 *       NODATA: the SOA's negative TTL; nothing without one), transient failures never, nor an
 *       answer its asker calls a failure ({@link #query(Question, java.util.function.Predicate)});
 *   <li>what was sent is counted per asker ({@link #traffic}); a dry run sends nothing and reports
 *       each question it would have sent.
 * </ul>
 *
 * <p>Thread-safe. The caller decides what may be asked: the client sends any name it is given.
 * Loading this class sets the system property {@code dnsjava.nio.selector_timeout} to 20 ms unless
 * it is set (dnsjava checks its timeouts once per wake-up of its selector, by default once a
 * second), for the whole JVM. dnsjava logs through SLF4J: a program that gives it a logger at debug
 * level may log query names, which hold a DQS key when one is used.
 */
public final class DnsClient implements AutoCloseable {
    /** The shortest wait for one try. */
    static final Duration MIN_TRY = Duration.ofMillis(100);
    /** The longest wait for one try. */
    static final Duration MAX_TRY = Duration.ofSeconds(3);
    /**
     * The wait for a try to a server not yet measured: less than RFC 6298's initial second, as
     * recursive resolvers do (unbound starts at 376 ms), since a DNS answer that takes longer is
     * rare and a retry costs one small packet.
     */
    static final Duration FIRST_TRY = Duration.ofMillis(400);
    /** The answer to every question still open when the client is closed, and to any asked after. */
    static final DnsResult CLOSED = DnsResult.error("the DNS client was closed");

    /**
     * Most questions remembered for reuse within a run (about one per 4 KB of maximum heap, from
     * 10,000 to a million, as the engine keeps answers); past that a repeated question is asked again
     * (or answered by the cache).
     */
    static final int REMEMBERED =
            (int) Math.max(10_000, Math.min(1_000_000, Runtime.getRuntime().maxMemory() / 4096));

    static {
        // dnsjava checks its queries' timeouts once per selector wake-up, once a second by default;
        // tries of 100 ms need a finer clock
        if (System.getProperty("dnsjava.nio.selector_timeout") == null) {
            System.setProperty("dnsjava.nio.selector_timeout", "20");
        }
    }

    /**
     * How the client behaves.
     *
     * @param servers the resolvers, tried in turn (the first for a new question rotates)
     * @param concurrency most questions in flight at once
     * @param qps most questions sent per second; 0: no limit
     * @param retries tries after the first for a transient failure
     * @param queryTimeout the most one question may take, all its tries together
     * @param runTimeout the most the run's questions may take from the client's start: questions
     *     not sent by then get {@link SourceStatus#TIMEOUT} without being sent; null: no limit
     */
    public record Settings(
            List<InetSocketAddress> servers,
            int concurrency,
            double qps,
            int retries,
            Duration queryTimeout,
            Duration runTimeout) {
        /** Questions in flight by default. */
        public static final int DEFAULT_CONCURRENCY = 256;
        /** Tries after the first by default. */
        public static final int DEFAULT_RETRIES = 2;
        /** The most one question takes by default. */
        public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

        /** Checks the values. */
        public Settings {
            servers = List.copyOf(servers);
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("no DNS resolver to ask");
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
            }
            if (!(qps >= 0) || Double.isInfinite(qps)) {
                throw new IllegalArgumentException("queries per second must be 0 (no limit) or more: " + qps);
            }
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be 0 or more: " + retries);
            }
            Objects.requireNonNull(queryTimeout, "queryTimeout");
            if (queryTimeout.isNegative() || queryTimeout.isZero()) {
                throw new IllegalArgumentException("the query timeout must be positive: " + queryTimeout);
            }
        }

        /** The defaults, for these servers. */
        public static Settings of(List<InetSocketAddress> servers) {
            return new Settings(servers, DEFAULT_CONCURRENCY, 0, DEFAULT_RETRIES, DEFAULT_QUERY_TIMEOUT, null);
        }
    }

    /**
     * One question.
     *
     * @param name the name asked, absolute ({@code 4.3.2.1.in-addr.arpa.})
     * @param type the type ({@link Type#PTR}, {@link Type#A}, ...)
     * @param asker who asks (a source's name), for the counts
     * @param shown the name as it may be shown, logged and kept in the cache, when {@code name}
     *     holds a secret (a Spamhaus DQS key); null: {@code name}
     */
    public record Question(String name, int type, String asker, String shown) {
        /** Checks the name. */
        public Question {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(asker, "asker");
        }

        /** A question without a secret. */
        public static Question of(String name, int type, String asker) {
            return new Question(name, type, asker, null);
        }

        /** The key of the question in the cache and among the questions of the run. */
        String key() {
            return Type.string(type) + " " + (shown != null ? shown : name).toLowerCase(Locale.ROOT);
        }

        /** The question as a dry run or a message shows it. */
        String text() {
            return Type.string(type) + " " + (shown != null ? shown : name);
        }
    }

    private final Settings settings;
    private final Server[] servers;
    /** The resolvers, as the cache's keys begin. */
    private final String scope;

    private final DnsCacheFile cache;
    private final Clock clock;
    private final Consumer<String> dryRun;
    private final long startNanos = System.nanoTime();
    private final ConcurrentHashMap<String, CompletableFuture<DnsResult>> asked = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counts> counts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Try> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Try> retries = new ConcurrentLinkedQueue<>();
    /** Questions sent or queued and not yet ended (ended at {@link #close} if still open). */
    private final java.util.Set<CompletableFuture<DnsResult>> open = ConcurrentHashMap.newKeySet();

    private final Semaphore places;
    private final LongAdder questions = new LongAdder();
    private volatile boolean closed;
    private final LongAdder ended = new LongAdder();
    private final AtomicLong nextSlot = new AtomicLong(Long.MIN_VALUE);
    private final java.util.concurrent.atomic.AtomicBoolean pumpLater = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicLong rotation = new AtomicLong();
    private final ExecutorService answers;
    private final ScheduledExecutorService timer;

    private DnsClient(Settings settings, DnsCacheFile cache, Clock clock, Consumer<String> dryRun) {
        this.settings = settings;
        this.servers = settings.servers().stream().map(Server::new).toArray(Server[]::new);
        this.scope = String.join(",", servers());
        this.cache = cache;
        this.clock = clock;
        this.dryRun = dryRun;
        this.places = new Semaphore(settings.concurrency());
        this.answers = Executors.newFixedThreadPool(2, daemon("iptriage-dns"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("iptriage-dns-timer"));
    }

    /**
     * A client that sends questions.
     *
     * @param cache answers kept between runs, or null
     */
    public static DnsClient start(Settings settings, DnsCacheFile cache, Clock clock) {
        return new DnsClient(settings, cache, clock, null);
    }

    /**
     * A client that sends nothing: each question it would send (not in the cache, not asked before
     * in this run) goes to {@code wouldSend} as {@code "TYPE name"} and is answered {@link
     * SourceStatus#SKIPPED}.
     */
    public static DnsClient dryRun(Settings settings, DnsCacheFile cache, Clock clock, Consumer<String> wouldSend) {
        return new DnsClient(settings, cache, clock, Objects.requireNonNull(wouldSend, "wouldSend"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The system's resolvers ({@code /etc/resolv.conf} on Unix), possibly none. */
    public static List<InetSocketAddress> systemResolvers() {
        return List.copyOf(org.xbill.DNS.ResolverConfig.getCurrentConfig().servers());
    }

    /** The key of {@code q} in the persistent cache: the resolvers, then the question's own key. */
    String cacheKey(Question q) {
        return scope + " " + q.key();
    }

    /** The resolvers, as {@code host:port}. */
    public List<String> servers() {
        List<String> out = new ArrayList<>();
        for (Server s : servers) {
            out.add(s.text);
        }
        return out;
    }

    /** Whether this client sends nothing. */
    public boolean isDryRun() {
        return dryRun != null;
    }

    /**
     * Asks {@code q}: the answer of this run's earlier same question, or the cache's, or a new one.
     * Never completes exceptionally.
     */
    public CompletableFuture<DnsResult> query(Question q) {
        return query(q, r -> true);
    }

    /**
     * Asks {@code q} as {@link #query(Question)} does, but keeps an answer in the cache, and takes
     * one from it, only when {@code keep} accepts it: for an asker to whom some answers of the DNS
     * are failures (a DNS blocklist's error codes: a public resolver, a rate limit), which the next
     * run must ask again.
     */
    public CompletableFuture<DnsResult> query(Question q, Predicate<DnsResult> keep) {
        if (closed) {
            return CompletableFuture.completedFuture(CLOSED);
        }
        Objects.requireNonNull(keep, "keep");
        Counts c = counts(q.asker());
        String key = q.key();
        CompletableFuture<DnsResult> earlier = asked.get(key);
        if (earlier != null) {
            c.reused.increment();
            return earlier;
        }
        CompletableFuture<DnsResult> mine = new CompletableFuture<>();
        if (asked.size() < REMEMBERED) {
            earlier = asked.putIfAbsent(key, mine);
            if (earlier != null) {
                c.reused.increment();
                return earlier;
            }
        }
        // kept per resolver set: a blocklist's answer depends on who asks (a public resolver gets an
        // error code), and a run with another resolver must not inherit it
        String stored = cacheKey(q);
        CachedAnswer kept = cache == null ? null : cache.get(stored);
        if (kept != null) {
            long left =
                    Math.max(0, kept.expiresAtEpochSecond() - clock.instant().getEpochSecond());
            DnsResult answer = new DnsResult(kept.status(), kept.records(), left, null, true);
            // a cache file is outside input: an OK without records is no answer, and the asker decides
            if ((kept.status() != SourceStatus.OK || !kept.records().isEmpty()) && keeps(keep, answer)) {
                c.cacheHits.increment();
                mine.complete(answer);
                return mine;
            }
        }
        if (dryRun != null) {
            c.wouldSend.increment();
            dryRun.accept(q.text());
            mine.complete(DnsResult.of(SourceStatus.SKIPPED));
            return mine;
        }
        Name name;
        try {
            name = Name.fromString(q.name(), Name.root);
        } catch (TextParseException e) {
            // the message would quote the name, which may hold a DQS key
            mine.complete(DnsResult.error("not a DNS name: " + (q.shown() == null ? e.getMessage() : q.text())));
            return mine;
        }
        questions.increment();
        int first = (int) Math.floorMod(rotation.getAndIncrement(), (long) servers.length);
        open.add(mine);
        queue.add(new Try(q, name, stored, mine, keep, 0, first, 0, 0, new boolean[servers.length], null));
        pump();
        return mine;
    }

    /** Sends queued tries while there is room. */
    private void pump() {
        while (!retries.isEmpty() || !queue.isEmpty()) {
            if (!places.tryAcquire()) {
                return; // a finishing try pumps again
            }
            long wait = slot();
            if (wait > 0) {
                // over the rate: nothing is booked ahead, so a try again that comes meanwhile still
                // goes first; one timer pumps when the next send is allowed
                places.release();
                if (pumpLater.compareAndSet(false, true)) {
                    timer.schedule(
                            () -> {
                                pumpLater.set(false);
                                pump();
                            },
                            wait,
                            TimeUnit.NANOSECONDS);
                }
                return;
            }
            Try again = retries.poll(); // tries again go first: their question's time is running
            Try t = again != null ? again : queue.poll();
            if (t == null) {
                places.release();
                giveBack(); // the send allowed now was not used
                continue; // another thread took it; look again
            }
            send(t); // never pumps itself: this loop goes on
        }
    }

    /**
     * Books a send under the rate limit if one is allowed now: returns 0 (booked), or the
     * nanoseconds until the next one is allowed (nothing booked).
     */
    private long slot() {
        if (settings.qps() <= 0) {
            return 0;
        }
        long interval = (long) (1e9 / settings.qps());
        long now = System.nanoTime();
        while (true) {
            long next = nextSlot.get();
            if (next != Long.MIN_VALUE && next - now > 0) {
                return next - now;
            }
            if (nextSlot.compareAndSet(next, now + interval)) {
                return 0;
            }
        }
    }

    /** Gives back a send booked by {@link #slot} and not used. */
    private void giveBack() {
        if (settings.qps() > 0) {
            nextSlot.set(Long.MIN_VALUE);
        }
    }

    /**
     * Sends one try (holding a place, which its end gives back). A question's time starts with its
     * first try, not while it waits in the queue. Ends a question without pumping (the caller does):
     * a long queue of questions ending at once must not nest pump in send in pump.
     */
    private void send(Try first) {
        long now = System.nanoTime();
        Try t = first.deadline != 0
                ? first
                : first.startingAt(now + settings.queryTimeout().toNanos());
        if (settings.runTimeout() != null
                && now - startNanos > settings.runTimeout().toNanos()) {
            end(t, t.last != null ? t.last : DnsResult.of(SourceStatus.TIMEOUT));
            return;
        }
        Server s = servers[t.server];
        long left = t.deadline - now;
        long wait = Math.min(left, s.tryNanos() << Math.min(t.timeouts, 5));
        wait = Math.min(Math.max(wait, 1), MAX_TRY.toNanos() * 2);
        if (left <= 0) {
            end(t, t.last != null ? t.last : DnsResult.of(SourceStatus.TIMEOUT)); // out of time: the last failure
            return;
        }
        Counts c = counts(t.q.asker());
        c.queries.increment();
        if (t.attempt > 0) {
            c.retries.increment();
        }
        t.tried[t.server] = true;
        Message query = Message.newQuery(Record.newRecord(t.name, t.q.type(), DClass.IN));
        SimpleResolver r = new SimpleResolver(s.address);
        r.setTimeout(Duration.ofNanos(wait).plusMillis(50));
        long sent = System.nanoTime();
        CompletableFuture<Message> reply;
        try {
            reply = r.sendAsync(query, answers).toCompletableFuture();
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        Try asked = t;
        // always on the client's own threads: a reply failing at once must not run in this pump loop
        reply.orTimeout(wait, TimeUnit.NANOSECONDS)
                .whenCompleteAsync(
                        (m, e) -> {
                            if (e == null) {
                                s.sample(System.nanoTime() - sent);
                            }
                            answered(asked, m, e);
                        },
                        answers);
    }

    /** What to do with a try's reply (or failure). */
    private void answered(Try t, Message m, Throwable e) {
        if (e != null) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            boolean timedOut = cause instanceof TimeoutException || cause instanceof SocketTimeoutException;
            retryOr(
                    t,
                    timedOut
                            ? DnsResult.of(SourceStatus.TIMEOUT)
                            : DnsResult.error(cause instanceof IOException ? ioWhy((IOException) cause) : why(cause)),
                    timedOut);
            return;
        }
        int rcode = m.getRcode();
        switch (rcode) {
            case Rcode.NOERROR -> finish(t, notRecursive(m) ? NOT_RECURSIVE : records(m, t.name, t.q.type()));
            case Rcode.NXDOMAIN -> finish(t, new DnsResult(SourceStatus.NXDOMAIN, List.of(), negativeTtl(m), null));
            case Rcode.SERVFAIL -> retryOr(t, DnsResult.of(SourceStatus.SERVFAIL), false);
            case Rcode.REFUSED -> {
                int other = untried(t);
                if (other >= 0 && t.attempt < settings.retries()) {
                    release();
                    retries.add(t.next(other, DnsResult.of(SourceStatus.REFUSED)));
                    pump();
                } else {
                    finish(t, DnsResult.of(SourceStatus.REFUSED));
                }
            }
            default -> finish(t, DnsResult.error("the server answered " + Rcode.string(rcode)));
        }
    }

    /** Tries again after a transient failure, if tries and time are left; else ends with {@code last}. */
    private void retryOr(Try t, DnsResult last, boolean timedOut) {
        long backoffNanos = timedOut
                ? 0
                : TimeUnit.MILLISECONDS.toNanos((50L << Math.min(t.attempt, 4))
                        + ThreadLocalRandom.current().nextInt(25));
        if (t.attempt >= settings.retries() || System.nanoTime() + backoffNanos + MIN_TRY.toNanos() >= t.deadline) {
            finish(t, telling(t, last));
            return;
        }
        release();
        Try next = t.next((t.server + 1) % servers.length, last);
        if (backoffNanos == 0) {
            retries.add(next);
            pump();
        } else {
            timer.schedule(
                    () -> {
                        retries.add(next);
                        pump();
                    },
                    backoffNanos,
                    TimeUnit.NANOSECONDS);
        }
    }

    /**
     * What a question that is out of tries ends with: its last failure, except that a timeout after
     * a server's explicit answer (SERVFAIL) says less than that answer did.
     */
    private static DnsResult telling(Try t, DnsResult last) {
        return last.status() == SourceStatus.TIMEOUT && t.last != null ? t.last : last;
    }

    private int untried(Try t) {
        for (int k = 1; k <= servers.length; k++) {
            int i = (t.server + k) % servers.length;
            if (!t.tried[i]) {
                return i;
            }
        }
        return -1;
    }

    private void release() {
        places.release();
    }

    /** Ends a question and lets the next queued one go. */
    private void finish(Try t, DnsResult r) {
        end(t, r);
        pump();
    }

    /** Ends a question: keeps an answer in the cache, gives the place back, completes. */
    private void end(Try t, DnsResult r) {
        if (cache != null && r.isAnswer() && r.ttl() > 0 && keeps(t.keep, r)) {
            cache.put(
                    t.key,
                    new CachedAnswer(r.status(), r.records(), clock.instant().getEpochSecond() + r.ttl()));
        }
        release();
        ended.increment();
        open.remove(t.into);
        t.into.complete(r);
    }

    private static final DnsResult NOT_RECURSIVE = DnsResult.error(
            "the server gave no answer and no SOA and does not recurse: a referral or an authoritative-only"
                    + " server, not a resolver (--resolver)");

    /**
     * Whether {@code m} is an empty NOERROR from a server that does not recurse (RA clear) without an
     * SOA: a referral, not a NODATA answer, which would read as "no name" in every row.
     */
    static boolean notRecursive(Message m) {
        return m.getSection(Section.ANSWER).isEmpty()
                && !m.getHeader().getFlag(org.xbill.DNS.Flags.RA)
                && m.getSection(Section.AUTHORITY).stream().noneMatch(r -> r instanceof SOARecord);
    }

    /** Whether the asker keeps {@code r} in the cache; an asker that fails says no. */
    private static boolean keeps(Predicate<DnsResult> keep, DnsResult r) {
        try {
            return keep.test(r);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The records of {@code type} that answer {@code q}, following CNAMEs within the answer (RFC 2317
     * delegations); none: NODATA with the SOA's negative TTL. An answer whose only records of the type are
     * for another name, or whose only PTR names the root ({@code .}, no host), is an error that says so.
     */
    static DnsResult records(Message m, Name q, int type) {
        List<Record> answer = m.getSection(Section.ANSWER);
        Name at = q;
        long ttl = Long.MAX_VALUE;
        List<String> out = new ArrayList<>();
        List<Name> chain = new ArrayList<>();
        boolean rootPtr = false;
        for (int hops = 0; hops < 16; hops++) {
            chain.add(at);
            Name cname = null;
            for (Record r : answer) {
                if (!r.getName().equals(at)) {
                    continue;
                }
                if (r instanceof PTRRecord p && p.getTarget().equals(Name.root)) {
                    rootPtr = true; // "." names no host
                } else if (r.getType() == type) {
                    String text = text(r);
                    if (text != null) {
                        out.add(text);
                        ttl = Math.min(ttl, r.getTTL());
                    }
                } else if (r instanceof CNAMERecord c && type != Type.CNAME) {
                    cname = c.getTarget();
                    ttl = Math.min(ttl, r.getTTL());
                }
            }
            if (!out.isEmpty() || cname == null) {
                break;
            }
            at = cname;
        }
        if (out.isEmpty()) {
            if (rootPtr) {
                return DnsResult.error("the PTR record of " + nameText(q) + " names the root (.), not a host");
            }
            for (Record r : answer) {
                if (r.getType() == type && !chain.contains(r.getName())) {
                    return DnsResult.error("the answer's " + Type.string(type) + " record is for "
                            + nameText(r.getName()) + ", not the name asked, " + nameText(q));
                }
            }
            return new DnsResult(SourceStatus.NODATA, List.of(), negativeTtl(m), null);
        }
        return new DnsResult(SourceStatus.OK, out, ttl, null);
    }

    /** A record's data as {@link DnsResult#records()} holds it, or null for a type not read. */
    private static String text(Record r) {
        return switch (r) {
            case PTRRecord p -> nameText(p.getTarget());
            case CNAMERecord c -> nameText(c.getTarget());
            case ARecord a -> IpAddress.ofBytes(a.getAddress().getAddress()).toString();
            case AAAARecord a -> IpAddress.ofBytes(a.getAddress().getAddress()).toString();
            case TXTRecord t -> {
                StringBuilder b = new StringBuilder();
                for (Object s : t.getStringsAsByteArrays()) {
                    for (byte x : (byte[]) s) {
                        int v = x & 0xff;
                        if (v >= 0x20 && v < 0x7f && v != '\\') {
                            b.append((char) v);
                        } else {
                            b.append('\\').append(String.format("%03d", v));
                        }
                    }
                }
                yield b.toString();
            }
            default -> null;
        };
    }

    /** A name as text without its final dot; dnsjava writes unusual bytes as {@code \DDD}. */
    private static String nameText(Name n) {
        String s = n.toString();
        return s.endsWith(".") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }

    /** RFC 2308: the negative TTL is the smaller of the SOA's TTL and its minimum; 0 without an SOA. */
    static long negativeTtl(Message m) {
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Math.max(0, Math.min(soa.getTTL(), soa.getMinimum()));
            }
        }
        return 0;
    }

    private static String ioWhy(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e instanceof java.net.PortUnreachableException ? "port unreachable" : kind.replace("Exception", "");
    }

    private static String why(Throwable e) {
        return e.getClass().getSimpleName();
    }

    private Counts counts(String asker) {
        return counts.computeIfAbsent(asker, k -> new Counts());
    }

    /**
     * What was sent for {@code asker} so far, by name: DNS queries (tries included), of which
     * retries, answers from the cache, questions shared with an earlier one of the run, and in a dry
     * run the questions that would have been sent.
     */
    public Map<String, Long> traffic(String asker) {
        Counts c = counts(asker);
        Map<String, Long> m = new LinkedHashMap<>();
        if (dryRun != null) {
            m.put("queries that would be sent", c.wouldSend.sum());
        } else {
            m.put("DNS queries", c.queries.sum());
            m.put("retries", c.retries.sum());
        }
        m.put("cache hits", c.cacheHits.sum());
        return m;
    }

    /** Questions to send that have ended so far, and all so far (the cache's and repeats not counted). */
    public long[] progress() {
        return new long[] {ended.sum(), questions.sum()};
    }

    /**
     * Stops the client's threads. Questions not yet answered end with {@code error:the DNS client
     * was closed}, so nothing waits for them forever.
     */
    @Override
    public void close() {
        answers.shutdownNow();
        timer.shutdownNow();
        closed = true;
        asked.values().forEach(f -> f.complete(CLOSED));
        for (Try t; (t = retries.poll()) != null || (t = queue.poll()) != null; ) {
            t.into.complete(CLOSED);
        }
        open.forEach(f -> f.complete(CLOSED));
    }

    /** A server and its round-trip times (RFC 6298). */
    private static final class Server {
        final InetSocketAddress address;
        final String text;
        private double srtt = -1;
        private double rttvar;

        Server(InetSocketAddress address) {
            this.address = address;
            String host = address.getAddress() != null // the project's canonical text: RFC 5952 for IPv6
                    ? IpAddress.ofBytes(address.getAddress().getAddress()).toString()
                    : address.getHostString();
            this.text = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        }

        synchronized void sample(long nanos) {
            double r = nanos;
            if (srtt < 0) {
                srtt = r;
                rttvar = r / 2;
            } else {
                rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
                srtt = 0.875 * srtt + 0.125 * r;
            }
        }

        /** The wait for a first try: SRTT + 4 RTTVAR within the bounds, or the initial one. */
        synchronized long tryNanos() {
            if (srtt < 0) {
                return FIRST_TRY.toNanos();
            }
            long rto = (long) (srtt + 4 * rttvar);
            return Math.max(MIN_TRY.toNanos(), Math.min(MAX_TRY.toNanos(), rto));
        }
    }

    /** Per asker. */
    private static final class Counts {
        final LongAdder queries = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder cacheHits = new LongAdder();
        final LongAdder reused = new LongAdder();
        final LongAdder wouldSend = new LongAdder();
    }

    /** One try of a question. */
    private record Try(
            Question q,
            Name name,
            String key,
            CompletableFuture<DnsResult> into,
            Predicate<DnsResult> keep,
            int attempt,
            int server,
            long deadline,
            int timeouts,
            boolean[] tried,
            DnsResult last) {
        Try startingAt(long deadline) {
            return new Try(q, name, key, into, keep, attempt, server, deadline, timeouts, tried, last);
        }

        /** The next try, after a try that ended with {@code failed}. */
        Try next(int server, DnsResult failed) {
            boolean timedOut = failed.status() == SourceStatus.TIMEOUT;
            return new Try(
                    q,
                    name,
                    key,
                    into,
                    keep,
                    attempt + 1,
                    server,
                    deadline,
                    timeouts + (timedOut ? 1 : 0),
                    tried,
                    failed);
        }
    }
}
