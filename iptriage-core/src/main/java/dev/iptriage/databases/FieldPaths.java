package dev.iptriage.databases;

import dev.iptriage.mmdb.PathPlan;
import dev.iptriage.model.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each column lives in a record. One table serves the GeoIP2 schemas (City, Country,
 * Enterprise, ASN, ISP, ...), DB-IP's GeoIP2-compatible files and flat schemas such as
 * ip-location-db's ({@code country_code}, {@code city}, {@code latitude}...): for each column the
 * candidate paths are tried in order and the first one with a value wins. Names come in the
 * requested language, falling back to English. Files of the published schemas ({@link
 * Database#publishedSchema}) are read by the schema's own paths alone: there a flat key is not an
 * alternative but a sign of damage (a {@code city} that is a string instead of a map).
 */
final class FieldPaths {
    private FieldPaths() {}

    /** The paths of a column; {@code published}: only those of the GeoIP2 schemas, no flat keys. */
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
                if (!lang.equals("en")) {
                    p.add(List.of("subdivisions", 0, "names", "en"));
                }
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

    /** What a column's values are in the GeoIP2 schemas (null: no column of a record). */
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
}
