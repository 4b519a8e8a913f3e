package dev.iptriage.sink.report;

import java.util.List;

/**
 * Counts sightings and addresses per key in at most {@code cap} counters ({@link HeavyKeys}: the
 * Space-Saving sketch). A key's sightings are exact while there were at most {@code cap} distinct keys;
 * past that a count is at most 1/{@code cap} of all sightings below the true one (never above), and
 * every key with more than that share is kept. Its addresses are those counted since it took its
 * counter (a lower bound, exact in the same cases).
 */
final class CappedCounter {
    private static final class Label {
        final String label;
        long addresses;

        Label(String label) {
            this.label = label;
        }
    }

    private final HeavyKeys<String, Label> keys;

    CappedCounter(int cap) {
        this.keys = new HeavyKeys<>(cap);
    }

    void add(String key, String label, long sightings) {
        keys.add(key, sightings, () -> new Label(label)).payload().addresses++;
    }

    /** The {@code n} most seen keys, most seen first (ties by key). */
    List<Tally> top(int n) {
        return keys.top(n).stream()
                .map(e -> new Tally(e.key(), e.payload().label, e.guaranteed(), e.payload().addresses))
                .toList();
    }
}
