package dev.iptriage.sink.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The most seen keys of a weighted stream in at most {@code capacity} counters: Space-Saving (Metwally,
 * Agrawal, El Abbadi, 2005). A new key takes a free counter, or else the one with the lowest count,
 * whose count it inherits as its possible error; a min-heap finds that counter in O(log capacity).
 * With {@code N} the weight added ({@link #total()}):
 *
 * <ul>
 *   <li>a kept key's {@link Entry#guaranteed()} count is at most its true weight and at most {@code
 *       N/capacity} below it (exact for a key kept since it first came, so for every key while there
 *       were no more than {@code capacity} distinct ones);
 *   <li>every key with a true weight over {@code N/capacity} is kept.
 * </ul>
 *
 * Each counter carries a payload of the caller's ({@code T}), new when a key takes the counter. Not
 * thread-safe.
 *
 * @param <K> the keys
 * @param <T> the payload
 */
final class HeavyKeys<K extends Comparable<K>, T> {
    /** One counter. */
    static final class Entry<K, T> {
        private K key;
        private long count;
        private long error;
        private T payload;
        private int slot;

        /** {@return the key} */
        K key() {
            return key;
        }

        /** {@return the weight added since the key took this counter: a lower bound of its true weight} */
        long guaranteed() {
            return count - error;
        }

        /** {@return the caller's data for this key (new when the key took the counter)} */
        T payload() {
            return payload;
        }
    }

    private final int capacity;
    private final Comparator<? super K> ties;
    private final Map<K, Entry<K, T>> index = new HashMap<>();
    private Entry<K, T>[] heap;
    private int size;
    private long total;

    /** Counters whose ties in {@link #top} go by the keys' natural order. */
    HeavyKeys(int capacity) {
        this(capacity, Comparator.naturalOrder());
    }

    /** Counters whose ties in {@link #top} go by {@code ties} (the order of the keys' column). */
    @SuppressWarnings("unchecked")
    HeavyKeys(int capacity, Comparator<? super K> ties) {
        this.ties = ties;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.heap = (Entry<K, T>[]) new Entry<?, ?>[Math.min(capacity, 16)];
    }

    /** Adds {@code weight} to {@code key} and returns its counter ({@code fresh} makes a new payload). */
    Entry<K, T> add(K key, long weight, Supplier<T> fresh) {
        total += weight;
        Entry<K, T> e = index.get(key);
        if (e != null) {
            e.count += weight;
            down(e.slot);
            return e;
        }
        if (size < capacity) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, Math.min(capacity, size * 2));
            }
            e = new Entry<>();
            e.slot = size;
            heap[size++] = e;
        } else {
            e = heap[0];
            index.remove(e.key);
            e.error = e.count;
        }
        e.key = key;
        e.count += weight;
        e.payload = fresh.get();
        index.put(key, e);
        down(e.slot);
        up(e.slot);
        return e;
    }

    /** {@return the keys kept now: at most the capacity} */
    int size() {
        return size;
    }

    /** {@return the weight added, kept or not} */
    long total() {
        return total;
    }

    /** The {@code n} keys with the highest guaranteed counts, highest first (ties in the keys' order). */
    List<Entry<K, T>> top(int n) {
        List<Entry<K, T>> all = new ArrayList<>(index.values());
        all.sort(Comparator.comparingLong((Entry<K, T> e) -> -e.guaranteed()).thenComparing(Entry::key, ties));
        return all.subList(0, Math.min(n, all.size()));
    }

    private void up(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (heap[parent].count <= heap[i].count) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void down(int i) {
        while (true) {
            int l = 2 * i + 1;
            int least = i;
            if (l < size && heap[l].count < heap[least].count) {
                least = l;
            }
            if (l + 1 < size && heap[l + 1].count < heap[least].count) {
                least = l + 1;
            }
            if (least == i) {
                return;
            }
            swap(i, least);
            i = least;
        }
    }

    private void swap(int a, int b) {
        Entry<K, T> t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
        heap[a].slot = a;
        heap[b].slot = b;
    }
}
