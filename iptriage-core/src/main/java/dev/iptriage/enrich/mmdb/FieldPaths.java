package dev.iptriage.enrich.mmdb;

import dev.iptriage.mmdb.PathPlan;
import dev.iptriage.model.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each column lives in a record. One table serves the GeoIP2 schemas (City, Country,
 * Enterprise, ASN, ISP, ...), DB-IP's GeoIP2-compatible files and flat schemas such as
 * ip-location-db's ({@code country_code}, {@code city}, {@code latitude}...): for each column the
 * candidate paths are tried in order and the first one with a value wins. Names come in the
 * requested language, falling back to English.
 */
final class FieldPaths {
    private FieldPaths() {}

    static List<List<Object>> paths(Field f, String lang) {
        List<List<Object>> p = new ArrayList<>();
        switch (f) {
            case CITY -> {
                names(p, lang, "city");
                flat(p, "city", "city_name");
            }
            case COUNTRY -> {
                names(p, lang, "country");
                flat(p, "country_name", "country");
            }
            case COUNTRY_ISO -> {
                p.add(List.of("country", "iso_code"));
                flat(p, "country_code", "country_iso_code", "country_iso");
            }
            case CONTINENT -> {
                names(p, lang, "continent");
                flat(p, "continent_name");
            }
            case CONTINENT_CODE -> {
                p.add(List.of("continent", "code"));
                flat(p, "continent_code", "continent");
            }
            case SUBDIVISION -> {
                p.add(List.of("subdivisions", 0, "names", lang));
                p.add(List.of("subdivisions", 0, "names", "en"));
                flat(p, "state1", "subdivision", "region", "region_name", "state");
            }
            case SUBDIVISION_ISO -> {
                p.add(List.of("subdivisions", 0, "iso_code"));
                flat(p, "subdivision_code", "region_code");
            }
            case REGISTERED_COUNTRY -> names(p, lang, "registered_country");
            case REGISTERED_COUNTRY_ISO -> p.add(List.of("registered_country", "iso_code"));
            case REPRESENTED_COUNTRY -> names(p, lang, "represented_country");
            case POSTAL_CODE -> {
                p.add(List.of("postal", "code"));
                flat(p, "postcode", "postal_code", "zip", "zip_code");
            }
            case LATITUDE -> located(p, "latitude", "lat");
            case LONGITUDE -> located(p, "longitude", "lon", "lng");
            case ACCURACY_RADIUS -> located(p, "accuracy_radius");
            case TIME_ZONE -> {
                p.add(List.of("location", "time_zone"));
                flat(p, "timezone", "time_zone");
            }
            case METRO_CODE -> p.add(List.of("location", "metro_code"));
            case ASN -> traits(p, "autonomous_system_number", "asn", "as_number");
            case AS_ORG -> traits(p, "autonomous_system_organization", "as_org", "as_name", "as_organization");
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
                    IS_TOR_EXIT_NODE -> traits(p, f.column());
            default -> {}
        }
        return p;
    }

    /** A plan whose slot {@code i} is the i-th field of {@code fields}. */
    static PathPlan plan(List<Field> fields, String lang) {
        PathPlan plan = PathPlan.withSlots(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            for (List<Object> path : paths(fields.get(i), lang)) {
                plan.add(i, path);
            }
        }
        return plan;
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

    private static void located(List<List<Object>> p, String key, String... flatKeys) {
        p.add(List.of("location", key));
        p.add(List.of(key));
        flat(p, flatKeys);
    }

    private static void traits(List<List<Object>> p, String key, String... flatKeys) {
        p.add(List.of(key));
        p.add(List.of("traits", key));
        flat(p, flatKeys);
    }
}
