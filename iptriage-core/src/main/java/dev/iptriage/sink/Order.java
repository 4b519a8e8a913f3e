package dev.iptriage.sink;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Field;
import java.text.Collator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The order of one-row-per-address output ({@code --sort KEY [-r] [--top N]}): which key, which
 * direction, and how many rows are kept. The rules, the same for {@code enrich --unique}, {@code extract
 * --unique/--count} and the report's address table:
 *
 * <ul>
 *   <li>{@link Key#COUNT} numerically; {@link Key#IP} all IPv4 addresses before all IPv6 ones, each
 *       numerically (a network after the address it starts at, a zone id after the address without
 *       one); {@link Key#ASN} numerically; {@link Key#COUNTRY} by name in a locale-neutral collation;
 *       {@link Key#FIRST_SEEN} and {@link Key#LAST_SEEN} by time.
 *   <li>{@code reversed} turns the key's direction only. Ties are always broken by the address, in the
 *       {@link Key#IP} order, ascending in both directions, so every order is total and the same run
 *       gives the same rows.
 *   <li>A row without a value for the key (no ASN, no country, a log line without a time) comes after
 *       every row with one, in both directions; rows that are not addresses (a list's invalid lines)
 *       come after all addresses, in both directions, among themselves by the key where they have one
 *       ({@code count}), then by their text.
 *   <li>{@code top} keeps the first N rows of that order; 0 keeps them all.
 * </ul>
 *
 * @param key the sort key, or null for the order of first appearance
 * @param reversed the key's direction turned (largest, latest, last first)
 * @param top most rows kept, 0 for all
 */
public record Order(Key key, boolean reversed, int top) {
    /** First appearance, every row. */
    public static final Order NONE = new Order(null, false, 0);

    /** The sort keys. */
    public enum Key {
        /** Times seen. */
        COUNT(Field.COUNT),
        /** The address. */
        IP(Field.IP),
        /** The autonomous system number (looked up). */
        ASN(Field.ASN),
        /** The country's name, in the run's language (looked up). */
        COUNTRY(Field.COUNTRY),
        /** The earliest time of a line with the address (logs with times). */
        FIRST_SEEN(Field.FIRST_SEEN),
        /** The latest time of a line with the address (logs with times). */
        LAST_SEEN(Field.LAST_SEEN);

        private final Field field;

        Key(Field field) {
            this.field = field;
        }

        /** {@return the column whose value is the key} */
        public Field field() {
            return field;
        }

        /** {@return the name {@code --sort} takes: {@code count}, {@code first_seen}, ...} */
        public String id() {
            return field.column();
        }

        /** {@return whether the key is a database's value, known only after the lookup} */
        public boolean lookedUp() {
            return this == ASN || this == COUNTRY;
        }

        /** {@return whether the key is a time of the sightings} */
        public boolean timed() {
            return this == FIRST_SEEN || this == LAST_SEEN;
        }

        /** {@return the key named {@code name} (case-insensitive), if any} */
        public static Optional<Key> byName(String name) {
            String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            return Arrays.stream(values()).filter(k -> k.id().equals(n)).findFirst();
        }

        /** {@return the names, comma-separated, for messages} */
        public static String names() {
            return Arrays.stream(values()).map(Key::id).collect(Collectors.joining(", "));
        }
    }

    /** Checks the numbers. */
    public Order {
        if (top < 0) {
            throw new IllegalArgumentException("top must be at least 0");
        }
        if (key == null && (reversed || top > 0)) {
            throw new IllegalArgumentException("a reversed or cut order needs a key");
        }
    }

    /** {@return whether rows are sorted (else they come in order of first appearance, all of them)} */
    public boolean sorted() {
        return key != null;
    }

    /** {@return this order keeping at most {@code n} rows (0: all)} */
    public Order withTop(int n) {
        return new Order(key, reversed, n);
    }

    /**
     * One row to place: the address (or the text of a row that is not one), its count and its value
     * for the key.
     *
     * @param item what the caller writes for the row
     * @param ip the address (a network's first address), or null for a row that is not one
     * @param prefixLength a network's prefix length, -1 for an address
     * @param zone an IPv6 zone id, or null
     * @param text the row's text when {@code ip} is null (ignored otherwise)
     * @param count times seen
     * @param value the value of a {@link Key#ASN}, {@link Key#COUNTRY} or time key (a {@link Number},
     *     a {@link String}, an {@link Instant}), or null when the row has none; unused for {@link
     *     Key#COUNT} and {@link Key#IP}
     * @param <T> the caller's type
     */
    public record Entry<T>(T item, IpAddress ip, int prefixLength, String zone, String text, long count, Object value) {

        /** A row that is an address, or not ({@code ip} null: then {@code text} is its text). */
        public Entry(T item, IpAddress ip, String text, long count, Object value) {
            this(item, ip, -1, null, text, count, value);
        }
    }

    /** {@return the order of the entries: the one this record's documentation describes} */
    public <T> Comparator<Entry<T>> comparator() {
        if (key == null) {
            throw new IllegalStateException("no key");
        }
        Collator collator = Collator.getInstance(Locale.ROOT);
        Comparator<Object> values = (a, b) -> compareValues(a, b, collator);
        return (a, b) -> {
            boolean ia = a.ip() == null;
            boolean ib = b.ip() == null;
            if (ia != ib) {
                return ia ? 1 : -1; // not an address: last, whatever the direction
            }
            int c = switch (key) {
                case COUNT -> Long.compare(a.count(), b.count());
                case IP -> 0; // the tie-break below is this key's order
                default -> {
                    Object va = a.value();
                    Object vb = b.value();
                    if (va == null || vb == null) {
                        yield 0; // handled below, outside the direction
                    }
                    yield values.compare(va, vb);
                }
            };
            if (key != Key.COUNT && key != Key.IP && (a.value() == null) != (b.value() == null)) {
                return a.value() == null ? 1 : -1; // no value: last, whatever the direction
            }
            if (c != 0) {
                return reversed ? -c : c;
            }
            if (key == Key.IP && reversed && !ia) {
                return -compareAddresses(a, b);
            }
            return ia ? a.text().compareTo(b.text()) : compareAddresses(a, b);
        };
    }

    /**
     * The {@link Key#IP} order: IPv4 before IPv6, numerically; an address before the networks starting
     * at it (shorter prefix first); no zone id before a zone id, zone ids by their text.
     */
    private static int compareAddresses(Entry<?> a, Entry<?> b) {
        int c = a.ip().compareTo(b.ip());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.prefixLength(), b.prefixLength());
        if (c != 0) {
            return c;
        }
        if (a.zone() == null || b.zone() == null) {
            return a.zone() == null ? (b.zone() == null ? 0 : -1) : 1;
        }
        return a.zone().compareTo(b.zone());
    }

    private static int compareValues(Object a, Object b, Collator collator) {
        if (a instanceof Number x && b instanceof Number y) {
            return Long.compare(x.longValue(), y.longValue());
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        String x = a.toString();
        String y = b.toString();
        int c = collator.compare(x, y);
        return c != 0 ? c : x.compareTo(y);
    }

    /** {@return the order as the command line writes it, e.g. {@code --sort count -r --top 10}} */
    @Override
    public String toString() {
        if (key == null) {
            return "(first appearance)";
        }
        return "--sort " + key.id() + (reversed ? " -r" : "") + (top > 0 ? " --top " + top : "");
    }
}
