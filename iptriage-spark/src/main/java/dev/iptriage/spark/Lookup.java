package dev.iptriage.spark;

import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Enrichment;
import dev.iptriage.extract.Found;
import dev.iptriage.extract.ListParser;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.text.CellText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Looks values up as {@code iptriage enrich} reads the lines of an address list, and answers with the
 * cells it writes: one struct per value, one string field per column (named as the CLI's columns; the
 * text the CLI writes, before CSV's quoting and spreadsheet escaping; NULL where its cell is empty).
 * {@code status} is always there. Thread-safe.
 */
final class Lookup {
    private final List<Column> columns;
    private final Engine.Lookups lookups;
    private final StructType schema;
    private final Cache<Row> rows;
    private final Cache<InternalRow> internals;
    /** The status column's place. */
    private final int statusIndex;
    /**
     * Rewrites an error row's reason for the files in use, when they are others than the databases were opened from
     * (files of the same content share them); null: none.
     */
    private final UnaryOperator<String> relabel;

    private static final String ERROR_PREFIX = Status.ERROR.text() + ":";
    private static final UTF8String ERROR_PREFIX_UTF8 = UTF8String.fromString(ERROR_PREFIX);

    /**
     * The lookup of the columns {@code fields} names over the engine's databases, keeping answers to
     * repeated values in up to {@code cacheBytes} (each for rows and for Spark's internal rows; 0: none).
     */
    Lookup(Engine engine, String fields, long cacheBytes) {
        this.rows = new Cache<>(cacheBytes);
        this.internals = new Cache<>(cacheBytes);
        List<Column> chosen = new ArrayList<>(engine.columns(fields));
        for (Column c : chosen) {
            if (c.field() != null && c.field().isSighting()) {
                throw new IllegalArgumentException(
                        "iptriage: column " + c.name() + " is filled from the sightings of a log run, not by a lookup");
            }
        }
        Column status = Column.of(Field.STATUS);
        if (!chosen.contains(status)) {
            chosen.add(0, status);
        }
        this.columns = List.copyOf(chosen);
        this.lookups = engine.lookups(columns);
        List<StructField> fs = new ArrayList<>();
        for (Column c : columns) {
            fs.add(DataTypes.createStructField(c.name(), DataTypes.StringType, true));
        }
        this.schema = DataTypes.createStructType(fs);
        this.statusIndex = columns.indexOf(status);
        this.relabel = null;
    }

    private Lookup(Lookup base, UnaryOperator<String> relabel) {
        this.columns = base.columns;
        this.lookups = base.lookups;
        this.schema = base.schema;
        this.rows = base.rows;
        this.internals = base.internals;
        this.statusIndex = base.statusIndex;
        this.relabel = relabel;
    }

    /**
     * This lookup (its databases and caches) answering with the reasons of error rows rewritten by {@code relabel}:
     * for other files of the same content than the databases were opened from, so an error names the file in use.
     */
    Lookup relabelled(UnaryOperator<String> relabel) {
        return new Lookup(this, relabel);
    }

    /** {@code r} as shown: an error's reason relabelled (see {@link #relabelled}). */
    private Row shown(Row r) {
        if (relabel == null || r == null) {
            return r;
        }
        String status = r.getString(statusIndex);
        if (status == null || !status.startsWith(ERROR_PREFIX)) {
            return r;
        }
        Object[] cells = new Object[r.length()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = r.get(i);
        }
        cells[statusIndex] = ERROR_PREFIX + relabel.apply(status.substring(ERROR_PREFIX.length()));
        return RowFactory.create(cells);
    }

    /** The same for an internal row. */
    private InternalRow shown(InternalRow r) {
        if (relabel == null || r == null) {
            return r;
        }
        UTF8String status = r.getUTF8String(statusIndex);
        if (status == null || !status.startsWith(ERROR_PREFIX_UTF8)) {
            return r;
        }
        Object[] cells = new Object[r.numFields()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = r.isNullAt(i) ? null : r.getUTF8String(i);
        }
        String reason = status.toString().substring(ERROR_PREFIX.length());
        cells[statusIndex] = UTF8String.fromString(ERROR_PREFIX + relabel.apply(reason));
        return new GenericInternalRow(cells);
    }

    static String normaliseFields(String fields) {
        return fields == null || fields.isBlank() ? "default" : fields.strip();
    }

    StructType schema() {
        return schema;
    }

    /** How many answers are cached (a moment's count), as Rows and as internal rows. */
    int[] cached() {
        return new int[] {rows.size(), internals.size()};
    }

    /** The bytes (estimated) all caches of this JVM hold together. */
    static long jvmCachedBytes() {
        return Cache.JVM_USED.get();
    }

    /**
     * Empties the caches and gives their bytes back to the JVM's budget; the lookup still answers
     * (from its databases), and caches nothing more. For a set of databases this JVM no longer opens.
     */
    void release() {
        rows.release();
        internals.release();
    }

    /** One value: a String, a 4- or 16-byte {@code byte[]}; null gives null. */
    Row lookup(Object value) {
        return lookupAll(new Object[] {value}, 1)[0];
    }

    /**
     * The first {@code n} values of {@code values} (each a String, a 4- or 16-byte {@code byte[]} or
     * null), in order; values answered before come from the cache.
     */
    Row[] lookupAll(Object[] values, int n) {
        Row[] out = new Row[n];
        int[] missed = new int[n];
        int misses = 0;
        for (int i = 0; i < n; i++) {
            Object v = values[i];
            if (v != null && (out[i] = rows.get(cacheKey(v))) == null) {
                missed[misses++] = i;
            }
        }
        if (misses > 0) {
            Object[] asked = new Object[misses];
            for (int j = 0; j < misses; j++) {
                asked[j] = values[missed[j]];
            }
            Object[][] cells = cellsAll(asked, misses);
            for (int j = 0; j < misses; j++) {
                Row r = RowFactory.create(cells[j]);
                out[missed[j]] = r;
                rows.put(cacheKey(asked[j]).copy(), r, cells[j]);
            }
        }
        if (relabel != null) {
            for (int i = 0; i < n; i++) {
                out[i] = shown(out[i]);
            }
        }
        return out;
    }

    /**
     * The answer as Spark's internal struct for one value of a STRING ({@link UTF8String}) or BINARY
     * ({@code byte[]}) column, from the cache when it was answered before; null gives null. What
     * {@code iptriage_lookup} returns, with no conversion per row.
     */
    InternalRow internal(Object value) {
        if (value == null) {
            return null;
        }
        Key key = value instanceof UTF8String u ? new Key(u, null) : cacheKey(value);
        InternalRow r = internals.get(key);
        if (r == null) {
            Object plain = value instanceof UTF8String u ? u.toString() : value;
            Object[] cells = cellsAll(new Object[] {plain}, 1)[0];
            Object[] utf8 = new Object[cells.length];
            for (int i = 0; i < cells.length; i++) {
                utf8[i] = cells[i] == null ? null : UTF8String.fromString((String) cells[i]);
            }
            r = new GenericInternalRow(utf8);
            internals.put(key.copy(), r, cells);
        }
        return shown(r);
    }

    /** The cells of the first {@code n} values (none null): one String or null per column. */
    private Object[][] cellsAll(Object[] values, int n) {
        Object[][] out = new Object[n][];
        Object[] keys = new Object[n];
        List<IpAddress> asked = new ArrayList<>(n);
        boolean[] networks = new boolean[n];
        for (int i = 0; i < n; i++) {
            Object key = key(values[i]);
            keys[i] = key;
            if (key instanceof IpAddress a) {
                asked.add(a);
            } else if (key instanceof Cidr c) {
                networks[asked.size()] = true;
                asked.add(c.address());
            } else if (key instanceof Found f) {
                asked.add(f.address());
            }
        }
        List<Enrichment> found = asked.isEmpty() ? List.of() : lookups.lookupAll(asked, networks);
        int k = 0;
        for (int i = 0; i < n; i++) {
            Object key = keys[i];
            if (key instanceof ListParser.Invalid inv) {
                out[i] = cells(inv.text(), Status.INVALID.text(), null);
                continue;
            }
            String ip = key instanceof Found f ? f.text() : key.toString();
            Enrichment e = found.get(k++);
            out[i] = cells(ip, e.statusText(), e.values());
        }
        return out;
    }

    private Object[] cells(String ip, String status, Object[] values) {
        Object[] cells = new Object[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            Field f = columns.get(i).isCustom() ? null : columns.get(i).field();
            if (f == Field.IP) {
                cells[i] = ip;
            } else if (f == Field.STATUS) {
                cells[i] = status;
            } else if (values != null && values[i] != null) {
                cells[i] = CellText.text(values[i]);
            }
        }
        return cells;
    }

    /** A value as a cache key: its text, or its bytes. */
    private static Key cacheKey(Object value) {
        if (value instanceof String s) {
            return new Key(UTF8String.fromString(s), null);
        }
        if (value instanceof UTF8String u) {
            return new Key(u, null);
        }
        if (value instanceof byte[] b) {
            return new Key(null, b);
        }
        return new Key(UTF8String.fromString(String.valueOf(value)), null);
    }

    /**
     * A looked-up value: its text (a {@link UTF8String} that may point into a reused buffer until
     * {@link #copy}) or its bytes. Text and bytes never equal each other.
     */
    private record Key(UTF8String text, byte[] bytes) {
        Key copy() {
            return text != null ? new Key(text.copy(), null) : new Key(null, bytes.clone());
        }

        int size() {
            return text != null ? text.numBytes() : bytes.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && (text != null ? text.equals(k.text) : k.text == null && Arrays.equals(bytes, k.bytes));
        }

        @Override
        public int hashCode() {
            return text != null ? text.hashCode() : ~Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return text != null ? text.toString() : HexFormat.of().formatHex(bytes);
        }
    }

    /**
     * Answers kept for values seen before, so a repeated address (most rows of a log) costs one hash
     * probe: shared by the JVM's task threads. Every cache of the JVM draws on one count of bytes (an
     * estimate of the keys', rows' and cells' objects): a cache adds no more once the JVM's caches hold
     * its {@code maxBytes} together; the rest is looked up each time, as the CLI's row cache does. The
     * answers are immutable.
     */
    private static final class Cache<V> {
        private static final AtomicLong JVM_USED = new AtomicLong();
        // per entry: the map's node, the key and its text, the row and its array (compressed oops)
        private static final int OVERHEAD = 160;
        // per cell: a string (or UTF8String) object and its byte array, and the array slot
        private static final int CELL = 56;

        private final ConcurrentHashMap<Key, V> map = new ConcurrentHashMap<>();
        private final long maxBytes;
        // guarded by this: what this cache counts in JVM_USED, and whether it was released
        private long used;
        private boolean released;

        Cache(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        V get(Key k) {
            return maxBytes > 0 ? map.get(k) : null;
        }

        // on a miss only (which costs a lookup): the lock keeps the count and a release exact
        synchronized void put(Key k, V v, Object[] cells) {
            if (released || maxBytes <= 0 || JVM_USED.get() >= maxBytes) {
                return;
            }
            long size = OVERHEAD + k.size() + 8L * cells.length;
            for (Object c : cells) {
                size += c == null ? 0 : CELL + ((String) c).length();
            }
            if (map.putIfAbsent(k, v) == null) {
                used += size;
                JVM_USED.addAndGet(size);
            }
        }

        synchronized void release() {
            released = true;
            map.clear();
            JVM_USED.addAndGet(-used);
            used = 0;
        }

        int size() {
            return map.size();
        }
    }

    /** What the CLI makes of a line holding this value: an address, a network, an address with a zone, or invalid. */
    static Object key(Object value) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return ListParser.parse(b, 0, b.length, false, false);
        }
        if (value instanceof byte[] b) {
            if (b.length == 4 || b.length == 16) {
                return IpAddress.ofBytes(b).unmap();
            }
            return new ListParser.Invalid(
                    HexFormat.of().formatHex(b),
                    "a binary address has 4 or 16 bytes, not " + b.length,
                    ListParser.Kind.OTHER);
        }
        return new ListParser.Invalid(String.valueOf(value), "not a string or a binary address", ListParser.Kind.OTHER);
    }
}
