package dev.iptriage.webservice;

import dev.iptriage.model.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The column values of a web service answer (its JSON body, decoded): the built-in columns the product fills, read by
 * the columns' own record paths (the body has the GeoIP2 schema of the databases: {@code city.names.en}, {@code
 * traits.isp}...), and the service's own columns. Values keep their JSON types; a value of an unexpected type (a
 * hostile or changed body) is left out, never passed on.
 */
final class AnswerValues {
    private AnswerValues() {}

    /** Where each of the service's own columns is in the body (the first path with a value wins). */
    private static final Map<String, List<String>> OWN = Map.ofEntries(
            Map.entry("user_count", List.of("traits.user_count")),
            Map.entry("static_ip_score", List.of("traits.static_ip_score")),
            Map.entry("ip_risk", List.of("traits.ip_risk_snapshot", "traits.ip_risk")),
            Map.entry("country_confidence", List.of("country.confidence")),
            Map.entry("city_confidence", List.of("city.confidence")),
            Map.entry("postal_confidence", List.of("postal.confidence")),
            Map.entry("subdivision_confidence", List.of("subdivisions[0].confidence")),
            Map.entry("anonymizer_confidence", List.of("anonymizer.confidence")),
            Map.entry("anonymizer_provider", List.of("anonymizer.provider_name")),
            Map.entry("anonymizer_last_seen", List.of("anonymizer.network_last_seen")),
            Map.entry("queries_remaining", List.of("maxmind.queries_remaining")));

    /**
     * The values of {@code body} for {@code product}'s columns, names in {@code lang} (else English).
     *
     * @return by column name; columns without a value are absent
     */
    static Map<String, Object> of(Map<String, Object> body, WebServiceProduct product, String lang) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : Field.values()) {
            if (!product.fills().contains(f)) {
                continue;
            }
            Object v = f == Field.NETWORK ? at(body, "traits.network") : first(body, f.recordPaths(), lang);
            if (v == null && f.column().startsWith("is_")) {
                v = at(body, "anonymizer." + f.column()); // the newer anonymizer object of Insights
            }
            v = typed(v, f.type().orElse(null));
            if (v == null && product == WebServiceProduct.INSIGHTS && f.group().orElse(null) == Field.Group.ANONYMITY) {
                v = Boolean.FALSE; // Insights leaves out the flags that are false: its answer says "no"
            }
            if (v != null) {
                out.put(f.column(), v);
            }
        }
        for (var c : product.columns()) {
            Object v = scalar(first(body, OWN.get(c.name()), lang));
            if (v != null) {
                out.put(c.name(), v);
            }
        }
        return out;
    }

    private static Object first(Map<String, Object> body, List<String> paths, String lang) {
        for (String p : paths) {
            Object v = p.contains("{lang}") ? at(body, p.replace("{lang}", lang)) : at(body, p);
            if (v == null && p.contains("{lang}") && !lang.equals("en")) {
                v = at(body, p.replace("{lang}", "en"));
            }
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The value at a path such as {@code subdivisions[0].names.en}, or null. */
    static Object at(Object node, String path) {
        for (String step : path.split("\\.")) {
            int bracket = step.indexOf('[');
            String key = bracket < 0 ? step : step.substring(0, bracket);
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
            if (bracket >= 0) {
                int index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
                if (!(node instanceof List<?> l) || index >= l.size()) {
                    return null;
                }
                node = l.get(index);
            }
        }
        return node;
    }

    /** {@code v} when it is of the column's type (text, number, boolean), else null. */
    private static Object typed(Object v, Field.Type type) {
        if (type == null) {
            return v instanceof String s ? s : null; // the network
        }
        return switch (type) {
            case TEXT -> v instanceof String ? v : null;
            case NUMBER -> v instanceof Number ? v : null;
            case BOOLEAN -> v instanceof Boolean ? v : null;
        };
    }

    private static Object scalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v : null;
    }
}
