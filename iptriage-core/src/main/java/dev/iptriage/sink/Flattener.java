package dev.iptriage.sink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
                Object pick = m.containsKey(lang) ? m.get(lang) : m.get("en");
                if (pick != null) {
                    out.put(prefix + "." + (m.containsKey(lang) ? lang : "en"), pick);
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
}
