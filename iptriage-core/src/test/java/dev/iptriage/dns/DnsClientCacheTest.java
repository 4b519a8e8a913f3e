package dev.iptriage.dns;

import static dev.iptriage.dns.WorldRuns.RETRIES;
import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.dns.DnsClient.Question;
import dev.iptriage.sources.SourceStatus;
import dev.iptriage.testing.TestClock;
import dev.iptriage.testing.dns.DnsServer.Query;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The DNS client with its persistent cache ({@link DnsCacheFile}) against real servers: a rerun
 * sends nothing for what is fresh and answers the same, transient failures are never kept,
 * NXDOMAIN is kept for the SOA's negative TTL, and a question carrying a secret (a Spamhaus DQS key)
 * is kept and shown without it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsClientCacheTest {
    @DnsWorld
    private static DnsTestWorld world;

    @TempDir
    Path dir;

    /** Answers of every kind (kept), and the three failures (never kept). */
    private static final List<Question> ANSWERS = List.of(
            Question.of(reverseName(PTR_CONFIRMED) + ".", Type.PTR, "ptr"),
            Question.of(reverseName(PTR_SEVERAL) + ".", Type.PTR, "ptr"),
            Question.of(reverseName(PTR_CNAME) + ".", Type.PTR, "ptr"),
            Question.of(reverseName(PTR_NXDOMAIN) + ".", Type.PTR, "ptr"),
            Question.of(reverseName(PTR_NODATA) + ".", Type.PTR, "ptr"),
            Question.of(reverseName(PTR6_CONFIRMED) + ".", Type.PTR, "ptr"),
            Question.of(NAME_CONFIRMED + ".", Type.A, "ptr"),
            Question.of(NAME_V6_CONFIRMED + ".", Type.AAAA, "ptr"),
            Question.of(reverseLabels(LISTED_XBL_PBL) + "." + ZEN + ".", Type.A, "dnsbl"),
            Question.of(reverseLabels(NOT_LISTED) + "." + ZEN + ".", Type.A, "dnsbl"),
            Question.of(reverseLabels(CYMRU_TWO_PREFIXES) + ".origin.asn.cymru.com.", Type.TXT, "cymru"),
            Question.of(reverseLabels(CYMRU_UNROUTED) + ".origin.asn.cymru.com.", Type.TXT, "cymru"));

    private static final List<Question> FAILURES = List.of(
            Question.of(reverseName(PTR_SERVFAIL) + ".", Type.PTR, "ptr"),
            Question.of("cache.timeout.test.", Type.A, "ptr"),
            Question.of(reverseName(PTR_REFUSED) + ".", Type.PTR, "ptr"));

    /** The tests' settings with a short query timeout (the timeout question runs in every run). */
    private static DnsClient.Settings settings() {
        return new DnsClient.Settings(List.of(world.socketAddress()), 64, 0, RETRIES, Duration.ofMillis(1500), null);
    }

    @Test
    void aRerunSendsNothingForFreshAnswersAndGivesTheSameResults() throws IOException {
        Path file = dir.resolve("cache.sqlite");
        List<Question> all = new ArrayList<>(ANSWERS);
        all.addAll(FAILURES);

        Map<Question, DnsResult> first;
        try (DnsCacheFile cache = DnsCacheFile.open(file, WorldRuns.CLOCK);
                DnsClient c = DnsClient.start(settings(), cache, WorldRuns.CLOCK)) {
            first = askAll(c, all);
        }
        assertThat(first.get(ANSWERS.get(0)).records()).containsExactly(NAME_CONFIRMED);
        assertThat(first.get(ANSWERS.get(3)).status()).isEqualTo(SourceStatus.NXDOMAIN);
        assertThat(first.get(ANSWERS.get(4)).status()).isEqualTo(SourceStatus.NODATA);
        assertThat(first.get(ANSWERS.get(11)).status()).isEqualTo(SourceStatus.NXDOMAIN);
        assertThat(FAILURES.stream().map(q -> first.get(q).status()))
                .containsExactly(SourceStatus.SERVFAIL, SourceStatus.TIMEOUT, SourceStatus.REFUSED);

        // a dry run over the cache: only what is not kept would be sent
        List<String> wouldSend = new ArrayList<>();
        try (DnsCacheFile cache = DnsCacheFile.open(file, WorldRuns.CLOCK);
                DnsClient c = DnsClient.dryRun(settings(), cache, WorldRuns.CLOCK, wouldSend::add)) {
            Map<Question, DnsResult> dry = askAll(c, all);
            for (Question q : ANSWERS) {
                assertThat(dry.get(q)).as(q.name()).isEqualTo(fromCache(first.get(q)));
            }
            assertThat(c.traffic("ptr").get("cache hits")).isEqualTo(8);
        }
        assertThat(wouldSend)
                .containsExactlyInAnyOrder(
                        "PTR " + reverseName(PTR_SERVFAIL) + ".",
                        "A cache.timeout.test.",
                        "PTR " + reverseName(PTR_REFUSED) + ".");

        int before = world.queryLog().size();
        Map<Question, DnsResult> second;
        try (DnsCacheFile cache = DnsCacheFile.open(file, WorldRuns.CLOCK);
                DnsClient c = DnsClient.start(settings(), cache, WorldRuns.CLOCK)) {
            second = askAll(c, all);
            assertThat(c.traffic("dnsbl")).isEqualTo(WorldRuns.traffic(0, 0, 2));
            assertThat(c.traffic("cymru")).isEqualTo(WorldRuns.traffic(0, 0, 2));
            assertThat(c.traffic("ptr").get("cache hits")).isEqualTo(8);
        }
        for (Question q : ANSWERS) {
            // the same answer, from the cache: nothing sent for it
            assertThat(second.get(q)).as(q.name()).isEqualTo(fromCache(first.get(q)));
        }
        for (Question q : FAILURES) {
            assertThat(second.get(q).status())
                    .as(q.name())
                    .isEqualTo(first.get(q).status());
        }
        // what the resolver got in the rerun: the failures only, asked anew (and tried again)
        List<Query> sent = world.queryLog().subList(before, world.queryLog().size());
        assertThat(sent.stream().filter(q -> q.name().equals(reverseName(PTR_SERVFAIL))))
                .hasSize(1 + RETRIES);
        assertThat(sent.stream().filter(q -> q.name().equals(reverseName(PTR_REFUSED))))
                .hasSize(1);
        assertThat(sent.stream().filter(q -> q.name().equals("cache.timeout.test")))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(sent)
                .allMatch(q -> Stream.of(reverseName(PTR_SERVFAIL), reverseName(PTR_REFUSED), "cache.timeout.test")
                        .anyMatch(q.name()::equals));
    }

    /** {@code r} as the cache gives it back: the same answer, marked as not sent. */
    private static DnsResult fromCache(DnsResult r) {
        return new DnsResult(r.status(), r.records(), r.ttl(), r.detail(), true);
    }

    @Test
    void nxdomainIsKeptForTheSoaNegativeTtlAndAnAnswerForItsOwn() throws IOException {
        Instant t0 = Instant.parse("2026-12-06T12:00:00Z");
        TestClock clock = new TestClock(t0);
        Question nx = Question.of("kept-nx.fcrdns.test.", Type.A, "t");
        Question ok = Question.of(reverseName(PTR_FORGED) + ".", Type.PTR, "t");
        try (DnsCacheFile cache = DnsCacheFile.open(dir.resolve("c.sqlite"), clock)) {
            try (DnsClient c = DnsClient.start(settings(), cache, clock)) {
                assertThat(ask(c, nx)).isEqualTo(new DnsResult(SourceStatus.NXDOMAIN, List.of(), 60, null));
                assertThat(ask(c, ok)).isEqualTo(new DnsResult(SourceStatus.OK, List.of(NAME_FORGED), 300, null));
            }
            long nxAsked = logged(nx);
            long okAsked = logged(ok);

            clock.set(t0.plusSeconds(59));
            try (DnsClient c = DnsClient.start(settings(), cache, clock)) {
                assertThat(ask(c, nx)).isEqualTo(new DnsResult(SourceStatus.NXDOMAIN, List.of(), 1, null, true));
                assertThat(ask(c, ok)).isEqualTo(new DnsResult(SourceStatus.OK, List.of(NAME_FORGED), 241, null, true));
                assertThat(c.traffic("t")).isEqualTo(WorldRuns.traffic(0, 0, 2));
            }
            assertThat(logged(nx)).isEqualTo(nxAsked);

            clock.set(t0.plusSeconds(60)); // the NXDOMAIN is stale, the PTR is not
            try (DnsClient c = DnsClient.start(settings(), cache, clock)) {
                assertThat(ask(c, nx)).isEqualTo(new DnsResult(SourceStatus.NXDOMAIN, List.of(), 60, null));
                assertThat(ask(c, ok)).isEqualTo(new DnsResult(SourceStatus.OK, List.of(NAME_FORGED), 240, null, true));
                assertThat(c.traffic("t")).isEqualTo(WorldRuns.traffic(1, 0, 1));
            }
            assertThat(logged(nx)).isEqualTo(nxAsked + 1);
            assertThat(logged(ok)).isEqualTo(okAsked);

            clock.set(t0.plusSeconds(300)); // and now the PTR too
            try (DnsClient c = DnsClient.start(settings(), cache, clock)) {
                assertThat(ask(c, ok)).isEqualTo(new DnsResult(SourceStatus.OK, List.of(NAME_FORGED), 300, null));
                assertThat(c.traffic("t")).isEqualTo(WorldRuns.traffic(1, 0, 0));
            }
            assertThat(logged(ok)).isEqualTo(okAsked + 1);
        }
    }

    /**
     * A Spamhaus DQS key goes out in the query name only: the cache keeps the question under the
     * name without the key, a dry run shows that name, and the cache file holds no trace of the key.
     */
    @Test
    void aQuestionWithASecretIsKeptAndShownWithoutIt() throws IOException {
        Path file = dir.resolve("dqs.sqlite");
        String shown = reverseLabels(LISTED_SBL) + ".zen.dq.spamhaus.net.";
        Question q = new Question(reverseLabels(LISTED_SBL) + "." + DQS_ZONE + ".", Type.A, "dnsbl", shown);
        Question other = new Question(
                reverseLabels(LISTED_CSS) + "." + DQS_ZONE + ".",
                Type.A,
                "dnsbl",
                reverseLabels(LISTED_CSS) + ".zen.dq.spamhaus.net.");
        assertThat(q.key()).isEqualTo("A " + shown).doesNotContain(DQS_KEY);
        DnsResult first;
        try (DnsCacheFile cache = DnsCacheFile.open(file, WorldRuns.CLOCK);
                DnsClient c = DnsClient.start(settings(), cache, WorldRuns.CLOCK)) {
            first = ask(c, q);
            assertThat(first.status()).isEqualTo(SourceStatus.OK);
            assertThat(first.records()).containsExactly("127.0.0.2");
        }
        // the key went out, in the query name
        assertThat(world.queryLog()).contains(new Query(reverseLabels(LISTED_SBL) + "." + DQS_ZONE, "A"));
        for (Path p : filesUnder(dir)) {
            assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
                    .as(p.getFileName().toString())
                    .doesNotContain(DQS_KEY);
        }
        List<String> wouldSend = new ArrayList<>();
        try (DnsCacheFile cache = DnsCacheFile.open(file, WorldRuns.CLOCK);
                DnsClient c = DnsClient.dryRun(settings(), cache, WorldRuns.CLOCK, wouldSend::add)) {
            assertThat(cache.get(c.cacheKey(q)))
                    .isEqualTo(new CachedAnswer(
                            SourceStatus.OK,
                            List.of("127.0.0.2"),
                            WorldRuns.CLOCK.instant().getEpochSecond() + first.ttl()));
            assertThat(ask(c, q)).isEqualTo(fromCache(first));
            assertThat(ask(c, other)).isEqualTo(DnsResult.of(SourceStatus.SKIPPED));
        }
        assertThat(wouldSend).containsExactly("A " + reverseLabels(LISTED_CSS) + ".zen.dq.spamhaus.net.");
    }

    // ---- helpers ----

    private static Map<Question, DnsResult> askAll(DnsClient c, List<Question> questions) {
        Map<Question, CompletableFuture<DnsResult>> asked = new LinkedHashMap<>();
        for (Question q : questions) {
            asked.put(q, c.query(q));
        }
        Map<Question, DnsResult> out = new LinkedHashMap<>();
        asked.forEach((q, f) -> out.put(q, f.join()));
        return out;
    }

    private static DnsResult ask(DnsClient c, Question q) {
        return WorldRuns.ask(c, q);
    }

    private static long logged(Question q) {
        return WorldRuns.logged(world, q.name().substring(0, q.name().length() - 1), Type.string(q.type()));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
