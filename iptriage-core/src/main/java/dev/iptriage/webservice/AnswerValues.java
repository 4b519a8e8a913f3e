package dev.iptriage.webservice;

import dev.iptriage.model.Field;
import dev.iptriage.text.CellText;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The column values of a web service answer (its JSON body, decoded): the built-in columns the product fills, read by
 * the columns' own record paths (the body has the GeoIP2 schema of the databases: {@code city.names.en}, {@code
 * traits.isp}...), and the service's own columns. Values keep their JSON types; a value of an unexpected type or
 * range (a hostile or changed body) makes the whole answer an error naming the column, never passed on.
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

    /** A value of the answer that is not of its documented type or range: the answer is not used. */
    static final class BadValue extends Exception {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        BadValue(String column, Object value, String expected) {
            super(column + " is " + shown(value) + ", expected " + expected, null, false, false);
        }

        private static String shown(Object v) {
            String t = v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
            t = t.length() > 40 ? t.substring(0, 40) + "..." : t;
            return CellText.terminalSafe(t);
        }
    }

    /** Columns holding an ISO 3166-1 alpha-2 code or a continent code: two ASCII letters. */
    private static final Set<Field> TWO_LETTERS =
            EnumSet.of(Field.COUNTRY_ISO, Field.REGISTERED_COUNTRY_ISO, Field.CONTINENT_CODE);

    /** The service's own columns that are counts: non-negative integers. */
    private static final Set<String> COUNTS = Set.of("queries_remaining", "user_count");

    /**
     * The values of {@code body} for {@code product}'s columns, names in {@code lang} (else English), each checked
     * against its documented type: an ISO 3166-1 alpha-2 code is two ASCII letters, an ASN an integer from 0 to
     * 2^32-1, latitude and longitude finite numbers within -90..90 and -180..180, other numbers (radii, codes,
     * scores, confidences) finite and not negative, counts non-negative integers, text a string, flags booleans.
     *
     * @return by column name; columns without a value are absent
     * @throws BadValue naming the first column whose value is not of its type (a hostile or changed body)
     */
    static Map<String, Object> of(Map<String, Object> body, WebServiceProduct product, String lang) throws BadValue {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : Field.values()) {
            if (!product.fills().contains(f)) {
                continue;
            }
            Object v = f == Field.NETWORK ? at(body, "traits.network") : first(body, f.recordPaths(), lang);
            if (v == null && f.column().startsWith("is_")) {
                v = at(body, "anonymizer." + f.column()); // the newer anonymizer object of Insights
            }
            v = checked(f, v);
            if (v == null && product == WebServiceProduct.INSIGHTS && f.group().orElse(null) == Field.Group.ANONYMITY) {
                v = Boolean.FALSE; // Insights leaves out the flags that are false: its answer says "no"
            }
            if (v != null) {
                out.put(f.column(), v);
            }
        }
        for (var c : product.columns()) {
            Object v = first(body, OWN.get(c.name()), lang);
            if (v != null) {
                v = own(c.name(), v);
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

    /** {@code v} when it is of the column's type and range; null for null. */
    private static Object checked(Field f, Object v) throws BadValue {
        if (v == null) {
            return null;
        }
        Field.Type type = f.type().orElse(null);
        if (type == null || type == Field.Type.TEXT) { // the network is text
            if (!(v instanceof String s)) {
                throw new BadValue(f.column(), v, "text");
            }
            if (TWO_LETTERS.contains(f) && !s.matches("[A-Za-z]{2}")) {
                throw new BadValue(f.column(), v, "two ASCII letters (ISO 3166-1 alpha-2 or a continent code)");
            }
            return s;
        }
        if (type == Field.Type.BOOLEAN) {
            if (!(v instanceof Boolean)) {
                throw new BadValue(f.column(), v, "true or false");
            }
            return v;
        }
        return switch (f) {
            case ASN -> {
                if (!(v instanceof Long n) || n < 0 || n > 0xFFFF_FFFFL) {
                    throw new BadValue(f.column(), v, "an integer from 0 to 4294967295");
                }
                yield n;
            }
            case LATITUDE -> number(f.column(), v, -90, 90);
            case LONGITUDE -> number(f.column(), v, -180, 180);
            default -> number(f.column(), v, 0, Double.MAX_VALUE);
        };
    }

    /** A value of the service's own columns, checked. */
    private static Object own(String column, Object v) throws BadValue {
        if (COUNTS.contains(column)) {
            if (!(v instanceof Long n) || n < 0) {
                throw new BadValue(column, v, "an integer of 0 or more");
            }
            return n;
        }
        if (column.equals("anonymizer_provider") || column.equals("anonymizer_last_seen")) {
            if (!(v instanceof String)) {
                throw new BadValue(column, v, "text");
            }
            return v;
        }
        return number(column, v, 0, Double.MAX_VALUE); // scores and confidences
    }

    private static Number number(String column, Object v, double min, double max) throws BadValue {
        if (!(v instanceof Number n)
                || !Double.isFinite(n.doubleValue())
                || n.doubleValue() < min
                || n.doubleValue() > max) {
            throw new BadValue(
                    column,
                    v,
                    max == Double.MAX_VALUE
                            ? "a number of 0 or more"
                            : "a number from " + (long) min + " to " + (long) max);
        }
        return n;
    }
}
