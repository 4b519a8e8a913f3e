package dev.iptriage.databases;

import dev.iptriage.mmdb.PathPlan;
import dev.iptriage.model.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test-only oracle: the column table as it was before each column was declared once in {@link
 * Field}, copied unchanged from {@code FieldPaths} (its per-column switches), {@code DatabaseKind}
 * (its field sets, built with {@code EnumSet.range}) and {@code Field} (its ordinal rules). {@link
 * FieldTableTest} checks that the declarations give the same answers. Do not edit this class to
 * make a test pass: it is the reference.
 */
final class OldFieldTable {
    private OldFieldTable() {}

    // ---- FieldPaths, as it was ----

    static List<List<Object>> paths(Field f, String lang, boolean published) {
        List<List<Object>> p = new ArrayList<>();
        List<List<Object>> flat = published ? new ArrayList<>() : p; // flat keys: kept, or dropped
        switch (f) {
            case CITY -> {
                names(p, lang, "city");
                flat(flat, "city", "city_name");
            }
            case COUNTRY -> {
                names(p, lang, "country");
                flat(flat, "country_name", "country");
            }
            case COUNTRY_ISO -> {
                p.add(List.of("country", "iso_code"));
                flat(flat, "country_code", "country_iso_code", "country_iso");
            }
            case CONTINENT -> {
                names(p, lang, "continent");
                flat(flat, "continent_name");
            }
            case CONTINENT_CODE -> {
                p.add(List.of("continent", "code"));
                flat(flat, "continent_code", "continent");
            }
            case SUBDIVISION -> {
                p.add(List.of("subdivisions", 0, "names", lang));
                p.add(List.of("subdivisions", 0, "names", "en"));
                flat(flat, "state1", "subdivision", "region", "region_name", "state");
            }
            case SUBDIVISION_ISO -> {
                p.add(List.of("subdivisions", 0, "iso_code"));
                flat(flat, "subdivision_code", "region_code");
            }
            case REGISTERED_COUNTRY -> names(p, lang, "registered_country");
            case REGISTERED_COUNTRY_ISO -> p.add(List.of("registered_country", "iso_code"));
            case REPRESENTED_COUNTRY -> names(p, lang, "represented_country");
            case POSTAL_CODE -> {
                p.add(List.of("postal", "code"));
                flat(flat, "postcode", "postal_code", "zip", "zip_code");
            }
            case LATITUDE -> located(p, flat, "latitude", "lat");
            case LONGITUDE -> located(p, flat, "longitude", "lon", "lng");
            case ACCURACY_RADIUS -> located(p, flat, "accuracy_radius");
            case TIME_ZONE -> {
                p.add(List.of("location", "time_zone"));
                flat(flat, "timezone", "time_zone");
            }
            case METRO_CODE -> p.add(List.of("location", "metro_code"));
            case ASN -> traits(p, flat, "autonomous_system_number", "asn", "as_number");
            case AS_ORG -> traits(p, flat, "autonomous_system_organization", "as_org", "as_name", "as_organization");
            case ISP,
                    ORGANIZATION,
                    CONNECTION_TYPE,
                    USER_TYPE,
                    DOMAIN,
                    IS_ANONYMOUS,
                    IS_ANONYMOUS_VPN,
                    IS_HOSTING_PROVIDER,
                    IS_PUBLIC_PROXY,
                    IS_RESIDENTIAL_PROXY,
                    IS_TOR_EXIT_NODE -> traits(p, flat, f.column());
            default -> {}
        }
        return p;
    }

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

    static PathPlan.Kind kind(Field f) {
        return switch (f) {
            case ASN, LATITUDE, LONGITUDE, ACCURACY_RADIUS, METRO_CODE -> PathPlan.Kind.NUMBER;
            case IS_ANONYMOUS,
                    IS_ANONYMOUS_VPN,
                    IS_HOSTING_PROVIDER,
                    IS_PUBLIC_PROXY,
                    IS_RESIDENTIAL_PROXY,
                    IS_TOR_EXIT_NODE -> PathPlan.Kind.BOOLEAN;
            case CITY,
                    COUNTRY,
                    COUNTRY_ISO,
                    CONTINENT,
                    CONTINENT_CODE,
                    SUBDIVISION,
                    SUBDIVISION_ISO,
                    REGISTERED_COUNTRY,
                    REGISTERED_COUNTRY_ISO,
                    REPRESENTED_COUNTRY,
                    POSTAL_CODE,
                    TIME_ZONE,
                    AS_ORG,
                    ISP,
                    ORGANIZATION,
                    CONNECTION_TYPE,
                    USER_TYPE,
                    DOMAIN -> PathPlan.Kind.TEXT;
            default -> null;
        };
    }

    private static void names(List<List<Object>> p, String lang, String key) {
        p.add(List.of(key, "names", lang));
        if (!lang.equals("en")) {
            p.add(List.of(key, "names", "en"));
        }
    }

    private static void flat(List<List<Object>> p, String... keys) {
        for (String k : keys) {
            p.add(List.of(k));
        }
    }

    private static void located(List<List<Object>> p, List<List<Object>> flat, String key, String... flatKeys) {
        p.add(List.of("location", key));
        flat(flat, key);
        flat(flat, flatKeys);
    }

    private static void traits(List<List<Object>> p, List<List<Object>> flat, String key, String... flatKeys) {
        p.add(List.of(key));
        p.add(List.of("traits", key));
        flat(flat, flatKeys);
    }

    // ---- DatabaseKind, as it was ----

    static final Map<DatabaseKind, Set<Field>> KIND_FIELDS = kindFields();

    private static Map<DatabaseKind, Set<Field>> kindFields() {
        Map<DatabaseKind, Set<Field>> m = new EnumMap<>(DatabaseKind.class);
        m.put(
                DatabaseKind.ENTERPRISE,
                fields(
                        geo(),
                        Field.ASN,
                        Field.AS_ORG,
                        Field.ISP,
                        Field.ORGANIZATION,
                        Field.CONNECTION_TYPE,
                        Field.USER_TYPE,
                        Field.DOMAIN,
                        Field.IS_ANONYMOUS,
                        Field.IS_ANONYMOUS_VPN,
                        Field.IS_HOSTING_PROVIDER,
                        Field.IS_PUBLIC_PROXY,
                        Field.IS_RESIDENTIAL_PROXY,
                        Field.IS_TOR_EXIT_NODE));
        m.put(DatabaseKind.CITY, fields(geo()));
        m.put(
                DatabaseKind.COUNTRY,
                fields(EnumSet.of(
                        Field.COUNTRY,
                        Field.COUNTRY_ISO,
                        Field.CONTINENT,
                        Field.CONTINENT_CODE,
                        Field.REGISTERED_COUNTRY,
                        Field.REGISTERED_COUNTRY_ISO,
                        Field.REPRESENTED_COUNTRY,
                        Field.LATITUDE,
                        Field.LONGITUDE,
                        Field.ACCURACY_RADIUS,
                        Field.LOCATION_PRECISION)));
        m.put(
                DatabaseKind.ISP,
                fields(EnumSet.noneOf(Field.class), Field.ASN, Field.AS_ORG, Field.ISP, Field.ORGANIZATION));
        m.put(DatabaseKind.ASN, fields(EnumSet.noneOf(Field.class), Field.ASN, Field.AS_ORG));
        m.put(DatabaseKind.CONNECTION_TYPE, fields(EnumSet.noneOf(Field.class), Field.CONNECTION_TYPE));
        m.put(DatabaseKind.DOMAIN, fields(EnumSet.noneOf(Field.class), Field.DOMAIN));
        m.put(
                DatabaseKind.ANONYMOUS_IP,
                fields(
                        EnumSet.noneOf(Field.class),
                        Field.IS_ANONYMOUS,
                        Field.IS_ANONYMOUS_VPN,
                        Field.IS_HOSTING_PROVIDER,
                        Field.IS_PUBLIC_PROXY,
                        Field.IS_RESIDENTIAL_PROXY,
                        Field.IS_TOR_EXIT_NODE));
        m.put(DatabaseKind.GENERIC, fields(EnumSet.allOf(Field.class)));
        return m;
    }

    private static Set<Field> fields(Set<Field> base, Field... more) {
        EnumSet<Field> s = EnumSet.noneOf(Field.class);
        s.addAll(base);
        s.addAll(Arrays.asList(more));
        return java.util.Collections.unmodifiableSet(s);
    }

    private static EnumSet<Field> geo() {
        return EnumSet.range(Field.CITY, Field.METRO_CODE);
    }

    static boolean hasAsn(DatabaseKind k) {
        return KIND_FIELDS.get(k).contains(Field.ASN) && k != DatabaseKind.GENERIC;
    }

    // ---- Field, as it was ----

    static List<Field> defaults() {
        return Arrays.stream(Field.values())
                .filter(f -> Arrays.asList(
                                Field.IP,
                                Field.STATUS,
                                Field.ASN,
                                Field.AS_ORG,
                                Field.NETWORK,
                                Field.CITY,
                                Field.COUNTRY,
                                Field.POSTAL_CODE,
                                Field.LATITUDE,
                                Field.LONGITUDE)
                        .contains(f))
                .toList();
    }

    static List<Field> all() {
        return Arrays.stream(Field.values())
                .filter(f -> f.ordinal() < Field.COUNT.ordinal())
                .toList();
    }

    static boolean isSighting(Field f) {
        return f.ordinal() >= Field.COUNT.ordinal()
                && f != Field.RAW
                && f != Field.SOURCE; // source came later, not a sighting
    }
}
