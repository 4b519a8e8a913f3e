package dev.iptriage.sink.report;

import dev.iptriage.ip.IpLiteral;
import java.util.Comparator;
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

    /** Keys that are text, in text order. */
    static final Comparator<String> TEXT = Comparator.naturalOrder();

    /**
     * Keys that are whole numbers (ASNs), numerically ({@code 174} before {@code 14618}, as {@code --sort
     * asn}); any other key after them, as text.
     */
    static final Comparator<String> NUMBERS = Comparator.comparing(
                    CappedCounter::number, Comparator.nullsLast(Long::compare))
            .thenComparing(TEXT);

    /**
     * Keys that are addresses or networks, as {@code --sort ip} orders them: IPv4 before IPv6, each
     * numerically, a network after the address it starts at; any other key after them, as text.
     */
    static final Comparator<String> ADDRESSES = (a, b) -> {
        IpLiteral.Parsed x = IpLiteral.parse(a);
        IpLiteral.Parsed y = IpLiteral.parse(b);
        if (x.ok() != y.ok()) {
            return x.ok() ? -1 : 1;
        }
        if (x.ok()) {
            int c = x.address().compareTo(y.address());
            if (c == 0) {
                c = Integer.compare(x.prefixLength(), y.prefixLength());
            }
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    };

    private final HeavyKeys<String, Label> keys;
    private final boolean byAddresses;

    private CappedCounter(int cap, boolean byAddresses, Comparator<String> order) {
        this.keys = new HeavyKeys<>(cap, order);
        this.byAddresses = byAddresses;
    }

    /** A counter that ranks keys by sightings, ties in text order. */
    CappedCounter(int cap) {
        this(cap, false, TEXT);
    }

    /** A counter that ranks keys by sightings, ties in {@code order} ({@link #NUMBERS}, {@link #ADDRESSES}). */
    CappedCounter(int cap, Comparator<String> order) {
        this(cap, false, order);
    }

    /** A counter that ranks keys by addresses (each {@link #add} is one address). */
    static CappedCounter byAddresses(int cap) {
        return new CappedCounter(cap, true, TEXT);
    }

    private static Long number(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(s);
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

    /** The {@code n} most seen keys (by sightings, or by addresses), most seen first (ties in the keys' order). */
    List<Tally> top(int n) {
        return keys.top(n).stream()
                .map(e -> byAddresses
                        ? new Tally(e.key(), e.payload().label, e.payload().other, e.guaranteed())
                        : new Tally(e.key(), e.payload().label, e.guaranteed(), e.payload().other))
                .toList();
    }
}
