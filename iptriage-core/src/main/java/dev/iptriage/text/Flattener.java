package dev.iptriage.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flattens a decoded record into dotted keys ({@code city.names.en}, {@code subdivisions.0.iso_code})
 * with scalar values, in record order.
 */
public final class Flattener {
    private Flattener() {}

    /**
     * @param record a decoded value (maps, lists, scalars)
     * @param lang when not null, {@code names} maps keep only this language (and English as a
     *     fallback when it is missing)
     */
    public static Map<String, Object> flatten(Object record, String lang) {
        Map<String, Object> out = new LinkedHashMap<>();
        walk("", record, lang, out);
        return out;
    }

    private static void walk(String prefix, Object v, String lang, Map<String, Object> out) {
        if (v instanceof Map<?, ?> m) {
            if (lang != null && prefix.endsWith("names")) {
                // the record's own spelling of the tag (tags are case-insensitive), else English
                Object key = "en";
                for (Object k : m.keySet()) {
                    if (k instanceof String ks && ks.equalsIgnoreCase(lang)) {
                        key = k;
                        break;
                    }
                }
                Object pick = m.get(key);
                if (pick != null) {
                    out.put(prefix + "." + key, pick);
                    return;
                }
            }
            m.forEach((k, x) -> walk(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, x, lang, out));
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(prefix + "." + i, l.get(i), lang, out);
            }
        } else {
            out.put(prefix.isEmpty() ? "value" : prefix, v);
        }
    }

    /**
     * Adds the keys a record has that the header lacks, each right after the key that precedes it
     * in that record, so records with optional fields still give the order the fields were written
     * in (not the order of first appearance). Orders the columns of {@code db export} and the custom columns of {@code enrich}.
     *
     * @param keys the header so far, updated
     * @param known the keys of {@code keys}, updated
     * @param record one record's keys, in record order
     */
    public static void mergeKeys(List<String> keys, Set<String> known, Set<String> record) {
        if (known.containsAll(record)) {
            return;
        }
        int after = -1;
        for (String k : record) {
            if (known.add(k)) {
                keys.add(after + 1, k);
                after++;
            } else {
                after = keys.indexOf(k);
            }
        }
    }
}
