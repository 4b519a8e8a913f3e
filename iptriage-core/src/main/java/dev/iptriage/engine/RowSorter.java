package dev.iptriage.engine;

import dev.iptriage.extract.Found;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.sink.Order;
import dev.iptriage.sink.Ranking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders the distinct rows of a {@link Job.Shape#UNIQUE} job before they are looked up and written:
 * the key of each row goes into a {@link Ranking} (a heap of N with {@code --top N}), and only the
 * rows it keeps are then enriched and rendered. A database key ({@code asn}, {@code country}) is
 * looked up first, 1,024 addresses at a time, with an enricher of that column alone. Not
 * thread-safe.
 *
 * @param <T> what the caller keeps per row (its key in the distinct map)
 */
final class RowSorter<T> {
    /**
     * The order of a job and what it needs.
     *
     * @param order the order
     * @param keys the enricher of the key's column when the key is a database's value, else null
     */
    record Spec(Order order, Enricher keys) {
        /** First appearance, every row. */
        static final Spec NONE = new Spec(Order.NONE, null);

        /** {@return whether the rows are sorted} */
        boolean sorted() {
            return order.sorted();
        }
    }

    private static final int BATCH = 1024;

    private final Ranking<T> ranking;
    private final Order.Key key;
    private final Enricher keys;
    private final List<Order.Entry<T>> pending = new ArrayList<>();

    RowSorter(Spec spec) {
        this.ranking = new Ranking<>(spec.order());
        this.key = spec.order().key();
        this.keys = key.lookedUp() ? spec.keys() : null;
        if (key.lookedUp() && keys == null) {
            throw new IllegalArgumentException("--sort " + key.id() + " needs an enricher of that column");
        }
    }

    /**
     * Adds one row.
     *
     * @param item what the caller writes for it
     * @param ip its address, or null for a row that is not one
     * @param text the row's text when {@code ip} is null
     * @param count times seen
     * @param first earliest time seen, or null
     * @param last latest time seen, or null
     */
    void add(T item, Found ip, String text, long count, Instant first, Instant last) {
        Object value = switch (key) {
            case FIRST_SEEN -> first;
            case LAST_SEEN -> last;
            default -> null;
        };
        Order.Entry<T> e = ip == null
                ? new Order.Entry<>(item, null, text, count, value)
                : new Order.Entry<>(item, ip.address(), ip.prefixLength(), ip.zone(), null, count, value);
        if (keys != null && ip != null) {
            pending.add(e);
            if (pending.size() == BATCH) {
                lookUp();
            }
        } else {
            ranking.offer(e);
        }
    }

    private void lookUp() {
        if (pending.isEmpty()) {
            return;
        }
        List<IpAddress> addresses = new ArrayList<>(pending.size());
        pending.forEach(e -> addresses.add(e.ip()));
        List<Enrichment> found = keys.lookupAll(addresses);
        for (int i = 0; i < pending.size(); i++) {
            Order.Entry<T> e = pending.get(i);
            Enrichment x = found.get(i);
            Object v = x.error() == null ? x.values()[0] : null;
            ranking.offer(new Order.Entry<>(e.item(), e.ip(), e.prefixLength(), e.zone(), e.text(), e.count(), v));
        }
        pending.clear();
    }

    /** {@return the rows kept, in order} */
    List<T> drain() {
        lookUp();
        return ranking.drain();
    }
}
