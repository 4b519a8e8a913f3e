package dev.iptriage.dns;

import static dev.iptriage.dns.WorldRuns.CLOCK;
import static dev.iptriage.dns.WorldRuns.RETRIES;
import static dev.iptriage.dns.WorldRuns.traffic;
import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.dns.DnsClient.Question;
import dev.iptriage.sources.SourceStatus;
import dev.iptriage.testing.dns.DnsServer.Query;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Type;

/**
 * The DNS client against real servers ({@link DnsTestWorld}): each outcome classified from the
 * response code, what is tried again and what is not (counted in the resolver's query log and in
 * {@link DnsClient#traffic}), TTLs, one question per name per run, a second resolver after REFUSED,
 * a dead server, the run's time limit, a long queue, and a dry run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsClientTest {
    @DnsWorld
    private static DnsTestWorld world;

    // ---- outcomes ----

    @Test
    void recordsComeBackAsTextWithTheirTtl() {
        try (DnsClient c = WorldRuns.client(world)) {
            assertThat(ask(c, reverseName(PTR_CONFIRMED) + ".", Type.PTR, "t"))
                    .isEqualTo(new DnsResult(SourceStatus.OK, List.of(NAME_CONFIRMED), 300, null));
            assertThat(ask(c, reverseName(PTR_SEVERAL) + ".", Type.PTR, "t"))
                    .isEqualTo(new DnsResult(SourceStatus.OK, NAMES_SEVERAL, 300, null));
            assertThat(ask(c, NAME_CONFIRMED + ".", Type.A, "t"))
                    .isEqualTo(new DnsResult(SourceStatus.OK, List.of(PTR_CONFIRMED), 300, null));
            assertThat(ask(c, NAME_V6_CONFIRMED + ".", Type.AAAA, "t"))
                    .isEqualTo(new DnsResult(SourceStatus.OK, List.of(PTR6_CONFIRMED), 300, null));
            assertThat(ask(c, reverseLabels(CYMRU_ONE) + ".origin.asn.cymru.com.", Type.TXT, "t"))
                    .isEqualTo(new DnsResult(SourceStatus.OK, List.of(CYMRU_ONE_TXT), 300, null));
            // the RFC 2317 chain: CNAME, then the PTR, in one answer (from dnsmasq behind unbound:
            // the TTL counts down in unbound's cache)
            assertCname(ask(c, reverseName(PTR_CNAME) + ".", Type.PTR, "t"));
            // a forwarded answer (rbldnsd behind unbound): its TTL counts down in unbound's cache
            DnsResult listed = ask(c, reverseLabels(LISTED_XBL_PBL) + "." + ZEN + ".", Type.A, "t");
            assertThat(listed.status()).isEqualTo(SourceStatus.OK);
            assertThat(listed.records()).containsExactly("127.0.0.4", "127.0.0.10");
            assertThat(listed.ttl()).isBetween(1L, 300L);
        }
    }

    /**
     * NXDOMAIN, NODATA and REFUSED (from the only server) are answers: sent once. Each counted
     * question has a client of its own, whose first try waits 400 ms, so a moment's stall of a busy
     * machine does not make a try again.
     */
    @Test
    void nxdomainNodataAndRefusedAreSentOnce() {
        assertSentOnce("nx-once.fcrdns.test", Type.A, new DnsResult(SourceStatus.NXDOMAIN, List.of(), 60, null));
        assertSentOnce(reverseName(PTR_NXDOMAIN), Type.PTR, new DnsResult(SourceStatus.NXDOMAIN, List.of(), 60, null));
        assertSentOnce(NAME_CONFIRMED, Type.TXT, new DnsResult(SourceStatus.NODATA, List.of(), 60, null));
        assertSentOnce(reverseName(PTR_NODATA), Type.PTR, new DnsResult(SourceStatus.NODATA, List.of(), 60, null));
        assertSentOnce("refused-once.refused.test", Type.A, DnsResult.of(SourceStatus.REFUSED));
        assertSentOnce(reverseName(PTR_REFUSED), Type.PTR, DnsResult.of(SourceStatus.REFUSED));
    }

    private static void assertSentOnce(String name, int type, DnsResult want) {
        long before = logged(name, Type.string(type));
        try (DnsClient c = WorldRuns.client(world)) {
            assertThat(ask(c, name + ".", type, "once")).as(name).isEqualTo(want);
            assertThat(c.traffic("once")).as(name).isEqualTo(traffic(1, 0, 0));
        }
        assertThat(logged(name, Type.string(type)) - before).as(name).isEqualTo(1);
    }

    @Test
    void underARateLimitTriesAgainGoBeforeTheQueue() {
        // 60 questions at 25 a second take 2.4 s, more than a question's 2 s: a SERVFAIL's tries
        // again must not wait behind them (they did when every place booked a send ahead)
        DnsClient.Settings s =
                new DnsClient.Settings(List.of(world.socketAddress()), 256, 25, RETRIES, Duration.ofSeconds(2), null);
        try (DnsClient c = DnsClient.start(s, null, CLOCK)) {
            CompletableFuture<DnsResult> failing = c.query(Question.of("sf-rated.servfail.test.", Type.A, "rated-sf"));
            List<CompletableFuture<DnsResult>> rest = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                rest.add(c.query(Question.of("rated-" + i + ".nowhere.test.", Type.A, "rated")));
            }
            assertThat(failing.join()).isEqualTo(DnsResult.of(SourceStatus.SERVFAIL));
            assertThat(c.traffic("rated-sf").get("DNS queries")).isEqualTo(1L + RETRIES);
            rest.forEach(f -> assertThat(f.join().status()).isEqualTo(SourceStatus.NXDOMAIN));
        }
    }

    @Test
    void servfailIsTriedAgainAndStaysServfail() {
        for (String name : List.of("sf-retried.servfail.test", reverseName(PTR_SERVFAIL))) {
            int type = name.endsWith(".arpa") ? Type.PTR : Type.A;
            long before = logged(name, Type.string(type));
            try (DnsClient c = WorldRuns.client(world)) {
                assertThat(ask(c, name + ".", type, "sf")).isEqualTo(DnsResult.of(SourceStatus.SERVFAIL));
                assertThat(c.traffic("sf")).isEqualTo(traffic(1 + RETRIES, RETRIES, 0));
            }
            assertThat(logged(name, Type.string(type)) - before).as(name).isEqualTo(1 + RETRIES);
        }
    }

    @Test
    void noAnswerIsATimeoutAfterTryingAgainWithinTheQueryTimeout() {
        DnsClient.Settings s =
                new DnsClient.Settings(List.of(world.socketAddress()), 16, 0, RETRIES, Duration.ofMillis(1500), null);
        try (DnsClient c = DnsClient.start(s, null, CLOCK)) {
            String name = "never.timeout.test";
            long before = logged(name, "A");
            CompletableFuture<DnsResult> ptr = c.query(Question.of(reverseName(PTR_TIMEOUT) + ".", Type.PTR, "to2"));
            assertThat(ask(c, name + ".", Type.A, "to")).isEqualTo(DnsResult.of(SourceStatus.TIMEOUT));
            long sent = c.traffic("to").get("DNS queries");
            assertThat(sent).as("tried again").isBetween(2L, 1L + RETRIES);
            assertThat(c.traffic("to").get("retries")).isEqualTo(sent - 1);
            assertThat(logged(name, "A") - before)
                    .as("each try reached the server")
                    .isEqualTo(sent);
            assertThat(ptr.join()).isEqualTo(DnsResult.of(SourceStatus.TIMEOUT));
        }
    }

    @Test
    void closingTheClientEndsTheQuestionsStillOpen() {
        // one in flight (never answered, a minute allowed), the rest queued behind it
        DnsClient.Settings s =
                new DnsClient.Settings(List.of(world.socketAddress()), 1, 0, RETRIES, Duration.ofMinutes(1), null);
        List<CompletableFuture<DnsResult>> open = new java.util.ArrayList<>();
        try (DnsClient c = DnsClient.start(s, null, CLOCK)) {
            open.add(c.query(Question.of(reverseName(PTR_TIMEOUT) + ".", Type.PTR, "close")));
            for (int i = 0; i < 5; i++) {
                open.add(c.query(Question.of("closed-" + i + ".timeout.test.", Type.A, "close")));
            }
        }
        for (CompletableFuture<DnsResult> f : open) {
            assertThat(f).isDone();
            assertThat(f.join()).isEqualTo(DnsResult.error("the DNS client was closed"));
        }
    }

    // ---- one question per name ----

    @Test
    void theSameQuestionFromManyThreadsAtOnceIsSentOnce() throws Exception {
        String name = "many-askers.fcrdns.test";
        String ptrName = reverseName(PTR_FORGED);
        long before = logged(name, "A");
        long ptrBefore = logged(ptrName, "PTR");
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DnsClient c = WorldRuns.client(world)) {
            CyclicBarrier go = new CyclicBarrier(threads);
            List<Future<List<DnsResult>>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                done.add(pool.submit(() -> {
                    go.await(30, TimeUnit.SECONDS);
                    // names differ in case only for some askers: the same question
                    String n = me % 2 == 0 ? name : name.toUpperCase(Locale.ROOT);
                    CompletableFuture<DnsResult> a = c.query(Question.of(n + ".", Type.A, "asker" + me % 4));
                    CompletableFuture<DnsResult> b = c.query(Question.of(ptrName + ".", Type.PTR, "asker" + me % 4));
                    return List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
                }));
            }
            for (Future<List<DnsResult>> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS))
                        .containsExactly(
                                new DnsResult(SourceStatus.NXDOMAIN, List.of(), 60, null),
                                new DnsResult(SourceStatus.OK, List.of(NAME_FORGED), 300, null));
            }
            long sent = 0;
            for (int a = 0; a < 4; a++) {
                sent += c.traffic("asker" + a).get("DNS queries");
            }
            assertThat(sent).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(logged(name, "A") - before).isEqualTo(1);
        assertThat(logged(ptrName, "PTR") - ptrBefore).isEqualTo(1);
    }

    // ---- servers ----

    /**
     * Two resolvers, the first refusing every name it does not serve (the world's dnsmasq): a
     * question is asked of the second after REFUSED, and only REFUSED from both stands.
     */
    @Test
    void refusedGoesToTheNextServer() throws Exception {
        InetSocketAddress refusing = world.dnsmasqServer().socketAddress();
        DnsClient.Settings s = WorldRuns.settings(List.of(refusing, world.socketAddress()));
        try (DnsClient c = DnsClient.start(s, null, CLOCK)) {
            assertThat(c.servers()).containsExactly(world.dnsmasqServer().address(), world.resolver());
            // the first question of a client starts at the first server
            String name = "second-server.fcrdns.test";
            long before = logged(name, "A");
            assertThat(ask(c, name + ".", Type.A, "two"))
                    .isEqualTo(new DnsResult(SourceStatus.NXDOMAIN, List.of(), 60, null));
            awaitLogged(world.dnsmasqServer()::queryLog, new Query(name, "A"));
            assertThat(logged(name, "A") - before).isEqualTo(1);
            assertThat(c.traffic("two")).isEqualTo(traffic(2, 1, 0));

            // refused by both: each asked once, and the answer stands
            String both = "both-refuse.refused.test";
            long bothBefore = logged(both, "A");
            assertThat(ask(c, both + ".", Type.A, "both")).isEqualTo(DnsResult.of(SourceStatus.REFUSED));
            awaitLogged(world.dnsmasqServer()::queryLog, new Query(both, "A"));
            assertThat(logged(both, "A") - bothBefore).isEqualTo(1);
            assertThat(c.traffic("both")).isEqualTo(traffic(2, 1, 0));
        }
    }

    @Test
    void aDeadServerGivesAnErrorOrATimeoutNeverAnException() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
        }
        InetSocketAddress dead = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        DnsClient.Settings s = new DnsClient.Settings(List.of(dead), 4, 0, 1, Duration.ofMillis(1500), null);
        try (DnsClient c = DnsClient.start(s, null, CLOCK)) {
            CompletableFuture<DnsResult> f = c.query(Question.of(reverseName(PTR_CONFIRMED) + ".", Type.PTR, "dead"));
            DnsResult r = f.get(60, TimeUnit.SECONDS);
            assertThat(f).isCompletedWithValue(r);
            assertThat(r.status()).isIn(SourceStatus.ERROR, SourceStatus.TIMEOUT);
            if (r.status() == SourceStatus.ERROR) {
                assertThat(r.detail()).isEqualTo("port unreachable");
            }
            assertThat(r.records()).isEmpty();
            assertThat(c.traffic("dead")).isEqualTo(traffic(2, 1, 0));
            // a name that is not one: an error answer, not an exception, nothing sent
            assertThat(ask(c, "a..b.", Type.A, "bad")).satisfies(b -> {
                assertThat(b.status()).isEqualTo(SourceStatus.ERROR);
                assertThat(b.detail()).startsWith("not a DNS name: ");
            });
            assertThat(c.traffic("bad")).isEqualTo(traffic(0, 0, 0));
        }
    }

    // ---- time ----

    /**
     * One question in flight at a time, the run limited to 200 ms: the first question (never
     * answered) holds its place for longer than that (its first try alone waits 400 ms), so the
     * questions queued behind it are not sent and get timeout, although the resolver would answer
     * them.
     */
    @Test
    void questionsNotSentWhenTheRunIsOutOfTimeAreTimeouts() {
        DnsClient.Settings s = new DnsClient.Settings(
                List.of(world.socketAddress()), 1, 0, RETRIES, Duration.ofSeconds(3), Duration.ofMillis(200));
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add("late-" + i + ".fcrdns.test");
        }
        queued.add(reverseName(PTR_CONFIRMED));
        long before = world.queryLog().size();
        try (DnsClient c = DnsClient.start(s, null, CLOCK)) {
            CompletableFuture<DnsResult> first = c.query(Question.of("run-out.timeout.test.", Type.A, "run"));
            List<CompletableFuture<DnsResult>> later = new ArrayList<>();
            for (String n : queued) {
                later.add(c.query(Question.of(n + ".", queued.indexOf(n) < 5 ? Type.A : Type.PTR, "run")));
            }
            assertThat(first.join()).isEqualTo(DnsResult.of(SourceStatus.TIMEOUT));
            for (CompletableFuture<DnsResult> f : later) {
                assertThat(f.join()).isEqualTo(DnsResult.of(SourceStatus.TIMEOUT));
            }
        }
        List<Query> sent =
                world.queryLog().subList((int) before, world.queryLog().size());
        assertThat(sent)
                .as("only the first question went out")
                .allMatch(q -> q.name().equals("run-out.timeout.test"));
    }

    /**
     * A long queue (one question in flight, 40 a second: 1.5 s) of questions that each take a moment: a
     * question's time starts when it is first sent, so those at the end of the queue, which waited
     * much longer than the query timeout, are answered like the first.
     */
    @Test
    void aQuestionsTimeStartsWhenItIsSentNotWhenItIsQueued() {
        DnsClient.Settings s =
                new DnsClient.Settings(List.of(world.socketAddress()), 1, 40, RETRIES, Duration.ofSeconds(1), null);
        int n = 60;
        try (DnsClient c = DnsClient.start(s, null, CLOCK)) {
            List<CompletableFuture<DnsResult>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(c.query(Question.of("queued-" + i + ".fcrdns.test.", Type.A, "queue")));
            }
            all.add(c.query(Question.of(reverseName(PTR_CNAME) + ".", Type.PTR, "queue")));
            for (int i = 0; i < n; i++) {
                assertThat(all.get(i).join())
                        .as("question %d", i)
                        .isEqualTo(new DnsResult(SourceStatus.NXDOMAIN, List.of(), 60, null));
            }
            assertCname(all.get(n).join());
        }
    }

    // ---- dry run ----

    @Test
    void aDryRunSendsNothingAndReportsEachQuestionOnce() {
        List<String> wouldSend = Collections.synchronizedList(new ArrayList<>());
        int before = world.queryLog().size();
        try (DnsClient c = DnsClient.dryRun(WorldRuns.settings(world), null, CLOCK, wouldSend::add)) {
            assertThat(c.isDryRun()).isTrue();
            for (int round = 0; round < 3; round++) {
                assertThat(ask(c, reverseName(PTR_CONFIRMED) + ".", Type.PTR, "ptr"))
                        .isEqualTo(DnsResult.of(SourceStatus.SKIPPED));
                assertThat(ask(c, "Dry.FCRDNS.test.", Type.A, "ptr")).isEqualTo(DnsResult.of(SourceStatus.SKIPPED));
                assertThat(ask(c, "dry.fcrdns.test.", Type.A, "other")).isEqualTo(DnsResult.of(SourceStatus.SKIPPED));
                assertThat(ask(c, "dry.fcrdns.test.", Type.AAAA, "ptr")).isEqualTo(DnsResult.of(SourceStatus.SKIPPED));
            }
            assertThat(wouldSend)
                    .containsExactly(
                            "PTR " + reverseName(PTR_CONFIRMED) + ".", "A Dry.FCRDNS.test.", "AAAA dry.fcrdns.test.");
            assertThat(c.traffic("ptr")).isEqualTo(Map.of("queries that would be sent", 3L, "cache hits", 0L));
            assertThat(c.traffic("other")).isEqualTo(Map.of("queries that would be sent", 0L, "cache hits", 0L));
        }
        assertThat(world.queryLog()).hasSize(before);
    }

    // ---- helpers ----

    private static DnsResult ask(DnsClient c, String name, int type, String asker) {
        return WorldRuns.ask(c, name, type, asker);
    }

    private static void assertCname(DnsResult r) {
        assertThat(r.status()).isEqualTo(SourceStatus.OK);
        assertThat(r.records()).containsExactly(NAME_CNAME);
        assertThat(r.ttl()).isBetween(1L, 300L);
    }

    private static long logged(String name, String type) {
        return WorldRuns.logged(world, name, type);
    }

    /** dnsmasq writes its log after it answers. */
    private static void awaitLogged(Supplier<List<Query>> log, Query q) throws InterruptedException {
        for (int i = 0; i < 200 && !log.get().contains(q); i++) {
            Thread.sleep(25);
        }
        assertThat(log.get()).contains(q);
    }
}
