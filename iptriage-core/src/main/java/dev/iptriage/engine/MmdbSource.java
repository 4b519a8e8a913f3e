package dev.iptriage.engine;

import dev.iptriage.databases.CustomColumns;
import dev.iptriage.databases.Database;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.PathPlan;
import dev.iptriage.model.Field;
import java.util.List;
import java.util.function.Function;

/**
 * One database bound to a list of fields: looks an address up and returns the fields' values,
 * decoding each distinct record once. Records are cached by data-section offset (a City database
 * has ~10x fewer distinct records than networks); the cache holds at most {@link #CACHE_LIMIT}
 * records, after which further records are decoded on every use (slower, never wrong).
 * Thread-safe.
 */
final class MmdbSource {
    /** Most records kept decoded per database. */
    static final int CACHE_LIMIT = 2_000_000;

    private static final Object[] NONE = new Object[0];

    private final Database db;
    private final List<Field> fields;
    private final PathPlan plan;
    private final List<List<String>> customPaths;
    private final RecordCache cache = new RecordCache(CACHE_LIMIT);

    /** Binds {@code db} to {@code fields} (names in {@code lang}, falling back to English). */
    MmdbSource(Database db, List<Field> fields, String lang) {
        this(db, fields, List.of(), lang);
    }

    /**
     * Binds {@code db} to {@code fields} and to custom columns: the values at {@code customPaths}
     * (see {@link CustomColumns}) follow the fields' values in the arrays {@link #values} returns.
     */
    MmdbSource(Database db, List<Field> fields, List<List<String>> customPaths, String lang) {
        this.db = db;
        this.fields = List.copyOf(fields);
        this.customPaths = List.copyOf(customPaths);
        this.plan = db.plan(this.fields, lang);
    }

    /** The database. */
    Database database() {
        return db;
    }

    /** The fields, in the order of the arrays {@link #values} returns. */
    List<Field> fields() {
        return fields;
    }

    /** Looks the address up; see {@link MmdbReader#found} and friends for the result. */
    long find(IpAddress a) throws MmdbFormatException {
        return db.reader().find(a.hi(), a.lo(), a.isV4());
    }

    /**
     * The field values, then the custom values, of a found record (shared array: do not modify).
     * The record is read (once, then cached) even when no value is asked for, so a record that
     * cannot be read fails here whatever the fields: such an address has no answer.
     */
    Object[] values(long result) throws MmdbFormatException {
        if (!MmdbReader.found(result)) {
            return NONE;
        }
        int offset = MmdbReader.offset(result);
        Entry e = cache.get(offset);
        Object[] v = e == null ? null : e.values;
        if (v == null) {
            v = decode(offset);
            if (e == null) {
                cache.put(offset, new Entry(v, null, null));
            } else {
                e.values = v;
            }
        }
        return v;
    }

    /**
     * What {@code derive} makes of the values of a found record, made once per record and kept with
     * it while the record is cached (without the values themselves, unless {@link #values} asked
     * for them too). {@code owner} names the derivation: a record keeps the result of the first owner
     * that asks, and other owners' results are made afresh on every call, so one owner must always
     * pass the same function.
     */
    @SuppressWarnings("unchecked")
    <T> T derived(long result, Object owner, Function<Object[], T> derive) throws MmdbFormatException {
        if (!MmdbReader.found(result)) {
            return derive.apply(NONE);
        }
        int offset = MmdbReader.offset(result);
        Entry e = cache.get(offset);
        if (e == null) {
            T value = derive.apply(decode(offset));
            cache.put(offset, new Entry(null, owner, value));
            return value;
        }
        if (e.owner == owner) {
            return (T) e.derived;
        }
        Derived later = e.later;
        if (later != null && later.owner() == owner) {
            return (T) later.value();
        }
        Object[] v = e.values;
        T value = derive.apply(v != null ? v : decode(offset));
        if (e.owner == null && later == null) {
            e.later = new Derived(owner, value);
        }
        return value;
    }

    /**
     * What {@link #derived} keeps for {@code owner} with the record of {@code result}, or null when
     * nothing is kept: a cache probe, never a decode.
     */
    Object cachedDerived(long result, Object owner) {
        if (!MmdbReader.found(result)) {
            return null;
        }
        Entry e = cache.get(MmdbReader.offset(result));
        if (e == null) {
            return null;
        }
        if (e.owner == owner) {
            return e.derived;
        }
        Derived later = e.later;
        return later != null && later.owner() == owner ? later.value() : null;
    }

    private Object[] decode(int offset) throws MmdbFormatException {
        Object[] v = new Object[fields.size() + customPaths.size()];
        db.reader().extract(offset, plan, v);
        if (!customPaths.isEmpty()) {
            // whole values (arrays too), which the path plan does not yield; once per distinct record
            Object rec = db.record(offset);
            for (int j = 0; j < customPaths.size(); j++) {
                v[fields.size() + j] = CustomColumns.valueAt(rec, customPaths.get(j));
            }
        }
        return v;
    }

    /**
     * A cached record: its values and what one owner derived from them ({@link #derived}), each
     * kept once asked for. A record first cached by {@link #derived} holds the derived value in
     * final fields, one memory access from the entry; one first cached by {@link #values} gets it
     * later, published whole ({@code later}). The values are published whole too (volatile, never
     * changed once set), so readers on other threads see all of one or nothing.
     */
    static final class Entry {
        private volatile Object[] values;
        private final Object owner;
        private final Object derived;
        private volatile Derived later;

        Entry(Object[] values, Object owner, Object derived) {
            this.values = values;
            this.owner = owner;
            this.derived = derived;
        }

        /** The values, or null if only a derived value is kept. */
        Object[] values() {
            return values;
        }
    }

    private record Derived(Object owner, Object value) {}

    /** The whole record of a found result, decoded (see {@link Database#record}). */
    Object record(long result) throws MmdbFormatException {
        return MmdbReader.found(result) ? db.record(MmdbReader.offset(result)) : null;
    }
}
