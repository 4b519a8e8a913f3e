package dev.iptriage.sink.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Counts sightings and addresses per key with a bounded number of keys. When the cap is passed, the
 * less seen half of the keys is dropped (their sightings are remembered in {@link #dropped()}):
 * the most seen keys, the ones a top-N table shows, keep exact counts unless they were once among
 * the dropped half.
 */
final class CappedCounter {
    private static final class Entry {
        final String label;
        long sightings;
        long addresses;

        Entry(String label) {
            this.label = label;
        }
    }

    private final int cap;
    private final Map<String, Entry> entries = new HashMap<>();
    private long dropped;

    CappedCounter(int cap) {
        this.cap = cap;
    }

    void add(String key, String label, long sightings) {
        Entry e = entries.computeIfAbsent(key, k -> new Entry(label));
        e.sightings += sightings;
        e.addresses++;
        if (entries.size() > cap) {
            prune();
        }
    }

    private void prune() {
        dropped += dropLessSeenHalf(entries.values(), e -> e.sightings);
    }

    /**
     * Removes the values seen less than the median (all at the median when they are all equal) and
     * returns their summed count.
     */
    static <T> long dropLessSeenHalf(Collection<T> values, ToLongFunction<T> count) {
        long[] counts = values.stream().mapToLong(count).toArray();
        Arrays.sort(counts);
        long median = counts[counts.length / 2];
        boolean strict = counts[0] < median;
        long[] sum = {0};
        values.removeIf(v -> {
            long c = count.applyAsLong(v);
            boolean drop = strict ? c < median : c <= median;
            if (drop) {
                sum[0] += c;
            }
            return drop;
        });
        return sum[0];
    }

    /** Sightings of keys dropped to stay under the cap. */
    long dropped() {
        return dropped;
    }

    /** The {@code n} most seen keys, most seen first (ties by key). */
    List<Tally> top(int n) {
        List<Map.Entry<String, Entry>> all = new ArrayList<>(entries.entrySet());
        all.sort(Comparator.comparingLong((Map.Entry<String, Entry> x) -> -x.getValue().sightings)
                .thenComparing(Map.Entry::getKey));
        return all.stream()
                .limit(n)
                .map(x -> new Tally(x.getKey(), x.getValue().label, x.getValue().sightings, x.getValue().addresses))
                .toList();
    }
}
