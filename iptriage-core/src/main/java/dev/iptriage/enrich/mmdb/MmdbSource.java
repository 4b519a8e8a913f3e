package dev.iptriage.enrich.mmdb;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.PathPlan;
import dev.iptriage.model.Field;
import java.util.List;

/**
 * One database bound to a list of fields: looks an address up and returns the fields' values,
 * decoding each distinct record once. Records are cached by data-section offset (a City database
 * has ~10x fewer distinct records than networks); the cache holds at most {@link #CACHE_LIMIT}
 * records, after which further records are decoded on every use (slower, never wrong).
 * Thread-safe.
 */
public final class MmdbSource {
    /** Most records kept decoded per database. */
    public static final int CACHE_LIMIT = 2_000_000;

    private static final Object[] NONE = new Object[0];

    private final Database db;
    private final List<Field> fields;
    private final PathPlan plan;
    private final List<List<String>> customPaths;
    private final RecordCache cache = new RecordCache(CACHE_LIMIT);

    /** Binds {@code db} to {@code fields} (names in {@code lang}, falling back to English). */
    public MmdbSource(Database db, List<Field> fields, String lang) {
        this(db, fields, List.of(), lang);
    }

    /**
     * Binds {@code db} to {@code fields} and to custom columns: the values at {@code customPaths}
     * (see {@link CustomColumns}) follow the fields' values in the arrays {@link #values} returns.
     */
    public MmdbSource(Database db, List<Field> fields, List<List<String>> customPaths, String lang) {
        this.db = db;
        this.fields = List.copyOf(fields);
        this.customPaths = List.copyOf(customPaths);
        this.plan = FieldPaths.plan(this.fields, lang);
    }

    /** The database. */
    public Database database() {
        return db;
    }

    /** The fields, in the order of the arrays {@link #values} returns. */
    public List<Field> fields() {
        return fields;
    }

    /** Looks the address up; see {@link MmdbReader#found} and friends for the result. */
    public long find(IpAddress a) throws MmdbFormatException {
        return db.reader().find(a.hi(), a.lo(), a.isV4());
    }

    /** The field values, then the custom values, of a found record (shared array: do not modify). */
    public Object[] values(long result) throws MmdbFormatException {
        if (!MmdbReader.found(result) || (fields.isEmpty() && customPaths.isEmpty())) {
            return NONE;
        }
        int offset = MmdbReader.offset(result);
        Object[] v = cache.get(offset);
        if (v == null) {
            v = new Object[fields.size() + customPaths.size()];
            db.reader().extract(offset, plan, v);
            if (!customPaths.isEmpty()) {
                // whole values (arrays too), which the path plan does not yield; once per distinct record
                Object rec = db.reader().decode(offset);
                for (int j = 0; j < customPaths.size(); j++) {
                    v[fields.size() + j] = CustomColumns.valueAt(rec, customPaths.get(j));
                }
            }
            cache.put(offset, v);
        }
        return v;
    }

    /** The whole record of a found result, decoded. */
    public Object record(long result) throws MmdbFormatException {
        return MmdbReader.found(result) ? db.reader().decode(MmdbReader.offset(result)) : null;
    }
}
