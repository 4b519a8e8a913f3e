package dev.iptriage.sink.report;

import java.util.List;

/**
 * Counts sightings and addresses per key in at most {@code cap} counters ({@link HeavyKeys}: the
 * Space-Saving sketch). A key's sightings are exact while there were at most {@code cap} distinct keys;
 * past that a count is at most 1/{@code cap} of all sightings below the true one (never above), and
 * every key with more than that share is kept. Its addresses are those counted since it took its
 * counter (a lower bound, exact in the same cases).
 *
 * <p>{@link #byAddresses} ranks by addresses instead: the same bounds hold for a key's addresses
 * (with 1/{@code cap} of all the addresses added), and its sightings are those counted since it took
 * its counter.
 */
final class CappedCounter {
    private static final class Label {
        final String label;
        long other;

        Label(String label) {
            this.label = label;
        }
    }

    private final HeavyKeys<String, Label> keys;
    private final boolean byAddresses;

    private CappedCounter(int cap, boolean byAddresses) {
        this.keys = new HeavyKeys<>(cap);
        this.byAddresses = byAddresses;
    }

    /** A counter that ranks keys by sightings. */
    CappedCounter(int cap) {
        this(cap, false);
    }

    /** A counter that ranks keys by addresses (each {@link #add} is one address). */
    static CappedCounter byAddresses(int cap) {
        return new CappedCounter(cap, true);
    }

    /** Counts one address with {@code sightings} under {@code key}. */
    void add(String key, String label, long sightings) {
        if (byAddresses) {
            keys.add(key, 1, () -> new Label(label)).payload().other += sightings;
        } else {
            keys.add(key, sightings, () -> new Label(label)).payload().other++;
        }
    }

    /** {@return the keys counted now: at most the cap} */
    int size() {
        return keys.size();
    }

    /** The {@code n} most seen keys (by sightings, or by addresses), most seen first (ties by key). */
    List<Tally> top(int n) {
        return keys.top(n).stream()
                .map(e -> byAddresses
                        ? new Tally(e.key(), e.payload().label, e.payload().other, e.guaranteed())
                        : new Tally(e.key(), e.payload().label, e.guaranteed(), e.payload().other))
                .toList();
    }
}
