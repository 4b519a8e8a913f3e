package dev.iptriage.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.ip.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-address context columns ({@code top_paths}, {@code users_tried}, ...) against exact counts:
 * adversarial orders, and random streams checked against the documented bound (README, {@link
 * TopValues}): listed counts are at most the true ones and at most N/{@value SightingAggregator#KEPT}
 * below them, no value left out was seen more than N/{@value SightingAggregator#KEPT} times more than
 * the lowest listed one, and the listed counts with {@code (other)} add up to N.
 */
class TopValuesTest {
    private static final int K = SightingAggregator.KEPT;
    private static final Found IP = new Found(IpAddress.ofV4(0xCB007109), null);

    /** One stream of values (with weights, as {@code message repeated N times} gives). */
    private record Stream(List<String> values, List<Integer> weights) {
        Stream() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        Stream add(String v, int times) {
            for (int i = 0; i < times; i++) {
                values.add(v);
                weights.add(1);
            }
            return this;
        }

        Map<String, Long> exact() {
            Map<String, Long> m = new HashMap<>();
            for (int i = 0; i < values.size(); i++) {
                m.merge(values.get(i), (long) weights.get(i), Long::sum);
            }
            return m;
        }
    }

    /** The stream as web log paths of one address, through the aggregator; its {@code top_paths}. */
    private static Map<String, Long> topPaths(Stream s) {
        SightingAggregator agg = new SightingAggregator(10);
        for (int i = 0; i < s.values().size(); i++) {
            LineEvent e = new LineEvent(
                    null, -1, s.values().get(i), null, null, null, s.weights().get(i), null, null);
            agg.add(new Sighting(IP, null, e));
        }
        return agg.summaries().get(0).topPaths();
    }

    /** The documented guarantee, for the top {@link SightingAggregator#TOP} of a stream. */
    private static void assertBound(Stream s, Map<String, Long> top) {
        Map<String, Long> exact = s.exact();
        long n = exact.values().stream().mapToLong(Long::longValue).sum();
        assertThat(top.values().stream().mapToLong(Long::longValue).sum())
                .as("listed counts and (other) add up to N")
                .isEqualTo(n);
        long lowest = Long.MAX_VALUE;
        int listed = 0;
        for (Map.Entry<String, Long> e : top.entrySet()) {
            if (e.getKey().equals(TopValues.OTHER)) {
                continue;
            }
            long truth = exact.get(e.getKey());
            assertThat(e.getValue()).as(e.getKey()).isLessThanOrEqualTo(truth);
            assertThat(truth - e.getValue()).as(e.getKey()).isLessThanOrEqualTo(n / K);
            lowest = Math.min(lowest, e.getValue());
            listed++;
        }
        assertThat(listed).isEqualTo(Math.min(SightingAggregator.TOP, exact.size()));
        long threshold = listed < SightingAggregator.TOP ? n / K : lowest + n / K;
        for (Map.Entry<String, Long> e : exact.entrySet()) {
            if (!top.containsKey(e.getKey())) {
                assertThat(e.getValue())
                        .as("%s left out of %s", e.getKey(), top)
                        .isLessThanOrEqualTo(threshold);
            }
        }
    }

    @Test
    void aValueThatIsLiterallyOtherTakesNoPlaceInTheTop() {
        Stream s = new Stream().add(TopValues.OTHER, 50);
        for (int i = 0; i < 6; i++) {
            s.add("/p" + i, 10 - i);
        }
        Map<String, Long> top = topPaths(s);
        assertThat(top.keySet()).containsExactly("/p0", "/p1", "/p2", "/p3", "/p4", TopValues.OTHER);
        assertThat(top).containsEntry(TopValues.OTHER, 50L + 5);
    }

    @Test
    void aHeavyValueAfterManySingletonsIsOnTopWithItsExactCount() {
        Stream s = new Stream();
        for (int i = 0; i < 40; i++) {
            s.add("/probe" + i + ".php", 1);
        }
        s.add("/wp-login.php", 1000);
        Map<String, Long> top = topPaths(s);
        assertThat(top.entrySet().iterator().next()).isEqualTo(Map.entry("/wp-login.php", 1000L));
        assertThat(top).containsEntry(TopValues.OTHER, 36L).hasSize(6);
        assertBound(s, top);
    }

    @Test
    void tenThousandSingletonsThenAHeavyValue() {
        Stream s = new Stream();
        for (int i = 0; i < 10_000; i++) {
            s.add("u" + i, 1);
        }
        s.add("root", 400);
        Map<String, Long> top = topPaths(s);
        // root took the counter of a value seen once (or a few times): its count is a lower bound
        assertThat(top.keySet().iterator().next()).isEqualTo("root");
        assertBound(s, top);
    }

    @Test
    void heavyValuesInterleavedWithSingletons() {
        Stream s = new Stream();
        for (int i = 0; i < 3000; i++) {
            s.add("/a", 1).add("noise" + i, 1).add(i % 2 == 0 ? "/b" : "noise-b" + i, 1);
        }
        Map<String, Long> top = topPaths(s);
        assertThat(top.keySet()).startsWith("/a", "/b");
        assertThat(top.get("/a")).isGreaterThanOrEqualTo(3000 - s.values().size() / K);
        assertBound(s, top);
    }

    @Test
    void tiesAreOrderedByValueAndMoreTiedValuesThanCountersStayWithinTheBound() {
        Stream few = new Stream().add("c", 3).add("a", 3).add("b", 3);
        assertThat(topPaths(few)).containsExactly(Map.entry("a", 3L), Map.entry("b", 3L), Map.entry("c", 3L));
        Stream many = new Stream();
        for (int round = 0; round < 20; round++) {
            for (int v = 0; v < K + 8; v++) {
                many.add("v" + v, 1);
            }
        }
        assertBound(many, topPaths(many));
    }

    @Test
    void atMostKeptDistinctValuesAreCountedExactly() {
        SplittableRandom rnd = new SplittableRandom(7);
        Stream s = new Stream();
        for (int i = 0; i < 5000; i++) {
            s.add("v" + rnd.nextInt(K), 1);
        }
        Map<String, Long> exact = s.exact();
        topPaths(s).forEach((v, c) -> {
            if (!v.equals(TopValues.OTHER)) {
                assertThat(c).isEqualTo(exact.get(v));
            }
        });
    }

    /** Random streams: skewed (Zipf-like), uniform, bursty, with weights; the bound must hold in each. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void theBoundHoldsOnRandomStreams(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int run = 0; run < 25; run++) {
            Stream s = new Stream();
            int distinct = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 2000);
            int length = 1 + rnd.nextInt(4000);
            int shape = rnd.nextInt(3);
            for (int i = 0; i < length; i++) {
                int v = switch (shape) {
                    case 0 -> (int) Math.min(distinct - 1, Math.floor(1 / (rnd.nextDouble() + 1e-9)) - 1);
                    case 1 -> rnd.nextInt(distinct);
                    default -> i < length / 2 ? i % distinct : rnd.nextInt(3);
                };
                s.values().add("/p" + v);
                s.weights().add(rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(50) : 1);
            }
            assertBound(s, topPaths(s));
        }
    }

    @Test
    void everyKeptValueIsWithinTheBoundOfTheSketch() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int run = 0; run < 200; run++) {
            int k = 1 + rnd.nextInt(16);
            TopValues t = new TopValues(k);
            TopValues.Budget budget = new TopValues.Budget(Long.MAX_VALUE);
            Map<String, Long> exact = new HashMap<>();
            int distinct = 1 + rnd.nextInt(100);
            for (int i = rnd.nextInt(500); i >= 0; i--) {
                String v = "x" + rnd.nextInt(distinct);
                long w = 1 + rnd.nextInt(3);
                t.add(v, w, budget);
                exact.merge(v, w, Long::sum);
            }
            long n = t.total();
            Map<String, Long> all = t.top(k);
            exact.forEach((v, truth) -> {
                if (truth > n / k) {
                    assertThat(all).as("kept: %s seen %d of %d", v, truth, n).containsKey(v);
                }
            });
            all.forEach((v, c) -> {
                if (!v.equals(TopValues.OTHER)) {
                    assertThat(c).isBetween(exact.get(v) - n / k, exact.get(v));
                }
            });
        }
    }

    @Test
    void valuesThatDoNotFitTheCharacterBudgetAreCountedUnderOtherAndReported() {
        SightingAggregator agg = new SightingAggregator(10, 10);
        for (String p : List.of("/abcd", "/efgh", "/too-long-for-the-rest", "/abcd")) {
            agg.add(new Sighting(IP, null, new LineEvent(null, -1, p, null, null, null, 1, null, null)));
        }
        assertThat(agg.summaries().get(0).topPaths())
                .containsExactly(Map.entry("/abcd", 2L), Map.entry("/efgh", 1L), Map.entry(TopValues.OTHER, 1L));
        assertThat(agg.untracked()).isEqualTo(1);
    }
}
