package dev.iptriage.databases;

import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbNetworks;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.text.Flattener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The own columns of custom databases (kind {@link DatabaseKind#GENERIC}, e.g. a file made by
 * {@code db build}): each key of its records is a column, nested maps flattened with {@code .}
 * ({@code tags.team}); arrays and scalars are values. The key set comes from a sample, not a full
 * scan, so a huge database costs nothing noticeable: the records of the first {@link
 * #SAMPLE_NETWORKS} networks in address order (IPv4 first), keys in order of first appearance.
 *
 * <p>Names: a key is its own column name unless that name is taken (by a built-in column or by an
 * earlier database's key), then it is {@code <database_type>.<key>}; a name still taken, longer
 * than {@link #MAX_NAME} characters or holding a comma or control character is skipped (keys come
 * from the file and may be hostile). At most {@link #MAX_PER_DATABASE} columns per database.
 *
 * <p>Entry point: {@link #discover}.
 */
public final class CustomColumns {
    /** Networks whose records are sampled for keys. */
    public static final int SAMPLE_NETWORKS = 10_000;

    /** Most columns one database contributes. */
    public static final int MAX_PER_DATABASE = 64;

    /** Longest column name accepted. */
    public static final int MAX_NAME = 64;

    private CustomColumns() {}

    /**
     * The custom columns of the {@link DatabaseKind#GENERIC} databases among {@code dbs}, in
     * database order; empty when there is none. A damaged database gives the keys of the records
     * that could be read (lookups reaching the damage are marked as errors in the rows, as ever).
     */
    public static List<Column> discover(List<Database> dbs) {
        return discover(dbs, Set.of());
    }

    /**
     * {@link #discover(List)} with names that are taken already (another source's columns, such as the offline
     * tags'): a key of such a name gets its {@code <database_type>.<key>} name.
     */
    public static List<Column> discover(List<Database> dbs, Set<String> reserved) {
        List<Column> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        reserved.forEach(n -> taken.add(n.toLowerCase(Locale.ROOT)));
        for (Database db : dbs) {
            if (db.kind() != DatabaseKind.GENERIC) {
                continue;
            }
            int added = 0;
            for (List<String> path : sampleKeys(db.reader())) {
                if (added == MAX_PER_DATABASE) {
                    break; // past the cap, a key must not reserve a name either
                }
                String name = name(db.type(), String.join(".", path), taken);
                if (name != null) {
                    out.add(Column.custom(name, db.origin(), path));
                    added++;
                }
            }
        }
        return out;
    }

    private static String name(String type, String key, Set<String> taken) {
        for (String candidate : List.of(key, type + "." + key)) {
            String folded = candidate.toLowerCase(Locale.ROOT);
            if (valid(candidate) && Field.byName(candidate).isEmpty() && taken.add(folded)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean valid(String name) {
        return !name.isBlank()
                && name.length() <= MAX_NAME
                && name.codePoints().noneMatch(c -> c == ',' || Character.isISOControl(c));
    }

    /** The sampled keys, ordered as {@code db export} orders its header (records may omit empty keys). */
    private static List<List<String>> sampleKeys(MmdbReader r) {
        Set<Integer> seen = new HashSet<>();
        Map<String, List<String>> paths = new HashMap<>();
        List<String> order = new ArrayList<>();
        Set<String> known = new HashSet<>();
        try {
            MmdbNetworks.walk(
                    r,
                    (hi, lo, prefix, v4, offset) -> {
                        if (seen.add(offset)) {
                            Map<String, List<String>> rec = new LinkedHashMap<>();
                            flatten(List.of(), decodeOrNull(r, offset), rec);
                            rec.forEach(paths::putIfAbsent);
                            Flattener.mergeKeys(order, known, rec.keySet());
                        }
                    },
                    SAMPLE_NETWORKS);
        } catch (MmdbFormatException damagedTree) {
            // keep the keys sampled so far: the run goes on and marks the rows the damage reaches
        }
        return order.stream().map(paths::get).toList();
    }

    private static Object decodeOrNull(MmdbReader r, int offset) {
        try {
            return r.decode(offset);
        } catch (MmdbFormatException damagedRecord) {
            return null; // no keys from it; lookups that reach it report the damage
        }
    }

    private static void flatten(List<String> prefix, Object v, Map<String, List<String>> out) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                List<String> p = new ArrayList<>(prefix);
                p.add(String.valueOf(k));
                flatten(p, x, out);
            });
        } else if (!prefix.isEmpty()) {
            out.putIfAbsent(String.join(".", prefix), List.copyOf(prefix));
        }
    }

    /** The value at {@code path} in a decoded record, or null. */
    public static Object valueAt(Object record, List<String> path) {
        Object v = record;
        for (String key : path) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(key);
        }
        return v;
    }
}
