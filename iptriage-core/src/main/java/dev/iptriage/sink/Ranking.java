package dev.iptriage.sink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Puts rows in an {@link Order}. With {@link Order#top()} N it keeps only the N first rows of that
 * order seen so far (a heap whose head is the row to drop next), so its memory is N entries whatever
 * the number of rows offered; without, it keeps every entry and sorts them at the end. Not
 * thread-safe.
 *
 * @param <T> what the caller writes per row
 */
public final class Ranking<T> {
    private final Comparator<Order.Entry<T>> order;
    private final int top;
    private final PriorityQueue<Order.Entry<T>> heap;
    private List<Order.Entry<T>> all;

    /** An empty ranking in {@code order}, which must have a key. */
    public Ranking(Order order) {
        this.order = order.comparator();
        this.top = order.top();
        this.heap = top > 0 ? new PriorityQueue<>(Math.min(top, 1 << 16) + 1, this.order.reversed()) : null;
        this.all = top > 0 ? null : new ArrayList<>();
    }

    /** Offers one row. */
    public void offer(Order.Entry<T> e) {
        if (heap == null) {
            all.add(e);
            return;
        }
        if (heap.size() < top) {
            heap.add(e);
        } else if (order.compare(e, heap.peek()) < 0) {
            heap.poll();
            heap.add(e);
        }
    }

    /**
     * {@return whether {@link #offer} would keep an entry ordered as {@code e} now} The order never
     * looks at the item, so a caller can ask with a cheap probe before it builds an expensive one.
     */
    public boolean wouldKeep(Order.Entry<T> e) {
        return heap == null || heap.size() < top || order.compare(e, heap.peek()) < 0;
    }

    /** {@return how many entries are kept now (with a top N, never more than N)} */
    public int size() {
        return heap != null ? heap.size() : all.size();
    }

    /** {@return the kept rows, in order; the ranking keeps them} */
    public List<T> sorted() {
        List<Order.Entry<T>> out = new ArrayList<>(heap != null ? heap : all);
        out.sort(order);
        List<T> items = new ArrayList<>(out.size());
        out.forEach(e -> items.add(e.item()));
        return items;
    }

    /** {@return the kept rows, in order; the ranking is empty afterwards (no copy of every row is made)} */
    public List<T> drain() {
        List<Order.Entry<T>> out;
        if (heap != null) {
            out = new ArrayList<>(heap);
            heap.clear();
        } else {
            out = all; // sorted in place: no second list of every row
            all = new ArrayList<>();
        }
        out.sort(order);
        List<T> items = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            items.add(out.get(i).item());
            out.set(i, null); // let each entry go as its item is taken
        }
        return items;
    }
}
