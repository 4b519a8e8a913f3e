package dev.iptriage.databases;

import dev.iptriage.mmdb.PathPlan;
import dev.iptriage.model.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each column lives in a record, as {@link Field} declares it: for each column the candidate
 * paths are tried in order and the first one with a value wins. One declaration serves the GeoIP2
 * schemas (City, Country, Enterprise, ASN, ISP, ...), DB-IP's GeoIP2-compatible files ({@link
 * Field#recordPaths}) and flat schemas such as ip-location-db's ({@link Field#flatKeys}: {@code
 * country_code}, {@code city}, {@code latitude}...). Names come in the requested language, falling
 * back to English. Files of the published schemas ({@link Database#publishedSchema}) are read by
 * the schema's own paths alone: there a flat key is not an alternative but a sign of damage (a
 * {@code city} that is a string instead of a map).
 */
final class FieldPaths {
    private FieldPaths() {}

    /** Stands for the language in a parsed path ({@code {lang}} in a declaration). */
    private static final Object LANG = new Object();

    private static final Pattern ELEMENT = Pattern.compile("(.+)\\[(\\d+)]");

    /** Each column's {@link Field#recordPaths}, parsed once: keys, indexes and {@link #LANG}. */
    private static final Map<Field, List<List<Object>>> RECORD_PATHS = parseAll();

    /** The paths of a column; {@code published}: only those of the GeoIP2 schemas, no flat keys. */
    static List<List<Object>> paths(Field f, String lang, boolean published) {
        List<List<Object>> p = new ArrayList<>();
        for (List<Object> path : RECORD_PATHS.get(f)) {
            if (!path.contains(LANG)) {
                p.add(path);
                continue;
            }
            p.add(inLanguage(path, lang));
            if (!lang.equals("en")) {
                p.add(inLanguage(path, "en"));
            }
        }
        if (!published) {
            for (String key : f.flatKeys()) {
                p.add(List.of(key));
            }
        }
        return p;
    }

    /** A plan whose slot {@code i} is the i-th field of {@code fields} (see {@link #paths}). */
    static PathPlan plan(List<Field> fields, String lang, boolean published) {
        PathPlan plan = PathPlan.withSlots(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            for (List<Object> path : paths(fields.get(i), lang, published)) {
                plan.add(i, path);
            }
            PathPlan.Kind kind = published ? kind(fields.get(i)) : null;
            if (kind != null) {
                plan.kind(i, kind);
            }
        }
        return plan;
    }

    /**
     * Adds to {@code plan} a checked path ({@link PathPlan#check}) for every path of every column of
     * {@code schema}, in every language ({@link PathPlan#ANY_KEY} for {@code {lang}}): a plan so
     * made checks a record's whole known schema, whatever columns and language it reads.
     */
    static PathPlan checkAll(PathPlan plan, Collection<Field> schema) {
        for (Field f : schema) {
            for (List<Object> path : RECORD_PATHS.get(f)) {
                plan.check(
                        path.stream()
                                .map(step -> step == LANG ? PathPlan.ANY_KEY : step)
                                .toList(),
                        kind(f));
            }
        }
        return plan;
    }

    /**
     * Adds to {@code plan} the range checks ({@link PathPlan#bound}) of the columns whose numbers have
     * one (latitude, longitude, AS number), at their schema paths and flat keys: for files of no published schema,
     * whatever columns a run reads.
     */
    static PathPlan boundAll(PathPlan plan) {
        for (Field f : List.of(Field.LATITUDE, Field.LONGITUDE, Field.ASN)) {
            for (List<Object> path : RECORD_PATHS.get(f)) {
                plan.bound(path, kind(f));
            }
            for (String key : f.flatKeys()) {
                plan.bound(List.of(key), kind(f));
            }
        }
        return plan;
    }

    /** What a column's values are in the GeoIP2 schemas (null: no column of a record). */
    static PathPlan.Kind kind(Field f) {
        switch (f) {
            case LATITUDE:
                return PathPlan.Kind.LATITUDE;
            case LONGITUDE:
                return PathPlan.Kind.LONGITUDE;
            case ASN:
                return PathPlan.Kind.AS_NUMBER;
            default:
                break;
        }
        return f.type()
                .map(t -> switch (t) {
                    case TEXT -> PathPlan.Kind.TEXT;
                    case NUMBER -> PathPlan.Kind.NUMBER;
                    case BOOLEAN -> PathPlan.Kind.BOOLEAN;
                })
                .orElse(null);
    }

    private static List<Object> inLanguage(List<Object> path, String lang) {
        return path.stream().map(step -> step == LANG ? lang : step).toList();
    }

    private static Map<Field, List<List<Object>>> parseAll() {
        Map<Field, List<List<Object>>> m = new EnumMap<>(Field.class);
        for (Field f : Field.values()) {
            m.put(f, f.recordPaths().stream().map(FieldPaths::parse).toList());
        }
        return m;
    }

    /** {@code subdivisions[0].names.{lang}} -> {@code ["subdivisions", 0, "names", LANG]}. */
    static List<Object> parse(String declared) {
        List<Object> path = new ArrayList<>();
        for (String step : declared.split("\\.", -1)) {
            Matcher element = ELEMENT.matcher(step);
            if (step.equals("{lang}")) {
                path.add(LANG);
            } else if (element.matches()) {
                path.add(element.group(1));
                path.add(Integer.parseInt(element.group(2)));
            } else if (step.isEmpty() || step.contains("[") || step.contains("]") || step.contains("{")) {
                throw new IllegalStateException("bad path step '" + step + "' in " + declared);
            } else {
                path.add(step);
            }
        }
        return path;
    }
}
