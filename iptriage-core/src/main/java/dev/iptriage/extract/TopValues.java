package dev.iptriage.extract;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most frequent values of one context column of one address (its paths, user names, ...): a
 * Space-Saving sketch (Metwally, Agrawal, El Abbadi, 2005) of at most {@code capacity} counters. A
 * value not in the table takes a free counter, or else the counter with the lowest count, whose count
 * it inherits as its possible error ({@code error}); so the table's counts always add up to the
 * sightings that went through it.
 *
 * <p>What this guarantees, with {@code N} the sightings of the column ({@link #total()}) and {@code
 * k} the counters in use (the capacity, unless the character budget ran out first):
 *
 * <ul>
 *   <li>a kept value's count minus its error ({@link #top}'s count) is at most its true count and at
 *       most {@code N/k} below it; a value kept since its first sighting (every value, while no more
 *       than {@code k} distinct ones were seen) is counted exactly;
 *   <li>every value seen more than {@code N/k} times is kept.
 * </ul>
 *
 * The character budget is shared by all the sketches of a run: a value that needs more characters
 * than are left is not kept and its sightings are {@link #untracked()} (counted in {@code N} only),
 * which widens both bounds by that much. Memory: three arrays of at most {@code capacity} entries.
 * Not thread-safe.
 */
final class TopValues {
    /** Key under which {@link #top} reports the sightings that its listed counts leave out. */
    static final String OTHER = "(other)";

    /** Characters of kept values shared by many sketches. */
    static final class Budget {
        private final long max;
        private long used;

        Budget(long max) {
            this.max = max;
        }

        boolean take(long chars) {
            if (chars > 0 && used + chars > max) {
                return false;
            }
            used += chars;
            return true;
        }

        long used() {
            return used;
        }
    }

    private final int capacity;
    private String[] values = new String[2];
    private long[] counts = new long[2];
    private long[] errors = new long[2];
    private int size;
    private long total;
    private long untracked;

    TopValues(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /**
     * Counts {@code n} sightings of {@code v}.
     *
     * @return false when {@code v} could not be kept for want of characters in {@code budget} (its
     *     sightings are then only in {@link #total()} and {@link #untracked()})
     */
    boolean add(String v, long n, Budget budget) {
        total += n;
        int h = v.hashCode();
        for (int i = 0; i < size; i++) {
            String s = values[i];
            if (s == v || (s.hashCode() == h && s.equals(v))) {
                counts[i] += n;
                return true;
            }
        }
        if (size < capacity && budget.take(v.length())) {
            if (size == values.length) {
                int grown = Math.min(capacity, size * 2);
                values = Arrays.copyOf(values, grown);
                counts = Arrays.copyOf(counts, grown);
                errors = Arrays.copyOf(errors, grown);
            }
            values[size] = v;
            counts[size] = n;
            errors[size] = 0;
            size++;
            return true;
        }
        int min = lowest();
        if (min < 0 || !budget.take(v.length() - values[min].length())) {
            untracked += n;
            return false;
        }
        values[min] = v;
        errors[min] = counts[min];
        counts[min] += n;
        return true;
    }

    /** The counter with the lowest count (the first of equal ones), or -1 when there is none. */
    private int lowest() {
        int min = -1;
        for (int i = 0; i < size; i++) {
            if (min < 0 || counts[i] < counts[min]) {
                min = i;
            }
        }
        return min;
    }

    /** {@return the sightings counted, kept or not} */
    long total() {
        return total;
    }

    /** {@return the sightings of values that could not be kept for want of characters} */
    long untracked() {
        return untracked;
    }

    /** {@return how many values are kept} */
    int size() {
        return size;
    }

    /**
     * The {@code n} values with the highest guaranteed counts (count minus error; ties by value), each
     * with that count, then {@link #OTHER} with the rest of {@link #total()} when it is not 0: the
     * sightings of the values not listed plus the possible errors of the listed ones. The values
     * therefore add up to {@link #total()}. A value that is itself {@code (other)} is merged into it.
     */
    Map<String, Long> top(int n) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(counts[b] - errors[b], counts[a] - errors[a]);
            return c != 0 ? c : values[a].compareTo(values[b]);
        });
        Map<String, Long> out = new LinkedHashMap<>();
        long listed = 0;
        for (int i = 0; i < size && out.size() < n; i++) {
            int j = order[i];
            long c = counts[j] - errors[j];
            if (!values[j].equals(OTHER)) { // a value that is itself "(other)" takes no place
                out.put(values[j], c);
                listed += c;
            }
        }
        if (total > listed) {
            out.put(OTHER, total - listed);
        }
        return out;
    }
}
