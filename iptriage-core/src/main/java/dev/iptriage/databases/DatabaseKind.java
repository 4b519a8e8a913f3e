package dev.iptriage.databases;

import dev.iptriage.model.Field;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a database holds, detected from its {@code database_type} metadata. */
public enum DatabaseKind {
    ENTERPRISE(
            "Enterprise",
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
            Field.IS_TOR_EXIT_NODE),
    CITY("City", geo()),
    COUNTRY(
            "Country",
            EnumSet.of(
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
                    Field.LOCATION_PRECISION)),
    ISP("ISP", EnumSet.noneOf(Field.class), Field.ASN, Field.AS_ORG, Field.ISP, Field.ORGANIZATION),
    ASN("ASN", EnumSet.noneOf(Field.class), Field.ASN, Field.AS_ORG),
    CONNECTION_TYPE("Connection-Type", EnumSet.noneOf(Field.class), Field.CONNECTION_TYPE),
    DOMAIN("Domain", EnumSet.noneOf(Field.class), Field.DOMAIN),
    ANONYMOUS_IP(
            "Anonymous-IP",
            EnumSet.noneOf(Field.class),
            Field.IS_ANONYMOUS,
            Field.IS_ANONYMOUS_VPN,
            Field.IS_HOSTING_PROVIDER,
            Field.IS_PUBLIC_PROXY,
            Field.IS_RESIDENTIAL_PROXY,
            Field.IS_TOR_EXIT_NODE),
    /** Any other schema: every field is tried by its usual key names. */
    GENERIC("Generic", EnumSet.allOf(Field.class));

    private final String label;
    private final Set<Field> fields;

    DatabaseKind(String label, Set<Field> base, Field... more) {
        this.label = label;
        EnumSet<Field> s = EnumSet.noneOf(Field.class);
        s.addAll(base);
        s.addAll(Set.of(more));
        this.fields = java.util.Collections.unmodifiableSet(s);
    }

    private static EnumSet<Field> geo() {
        return EnumSet.range(Field.CITY, Field.METRO_CODE);
    }

    /** Short human name. */
    public String label() {
        return label;
    }

    /** The columns a database of this kind can fill. */
    public Set<Field> fields() {
        return fields;
    }

    /**
     * The keys that the GeoIP2 schema of this kind uses only in the maps inside a record (the {@code
     * names}, {@code country}, {@code location}, {@code postal}... maps), never as a record's own:
     * a map of these keys alone is a map from inside a record (see {@link Database#shape}). Empty
     * for the flat schemas (ASN, ISP, Domain...), whose records hold no maps.
     */
    public Set<String> innerKeys() {
        return switch (this) {
            case CITY, COUNTRY, ENTERPRISE -> INNER_KEYS;
            default -> Set.of();
        };
    }

    private static final Set<String> INNER_KEYS = Set.of(
            // names maps, in MaxMind's locales
            "de",
            "en",
            "es",
            "fr",
            "ja",
            "pt-BR",
            "ru",
            "zh-CN",
            // city, continent, country, registered/represented country, subdivisions, postal
            "code",
            "confidence",
            "geoname_id",
            "is_in_european_union",
            "iso_code",
            "names",
            // location
            "accuracy_radius",
            "average_income",
            "latitude",
            "longitude",
            "metro_code",
            "population_density",
            "time_zone");

    /** Whether this kind carries autonomous-system data (it then supplies the network column). */
    public boolean hasAsn() {
        return fields.contains(Field.ASN) && this != GENERIC;
    }

    /**
     * Detects the kind from {@code database_type}: MaxMind's GeoIP2/GeoLite2 names, DB-IP's
     * ({@code DBIP-City-Lite}, ...), ip-location-db's and this project's embedded databases.
     */
    public static DatabaseKind detect(String databaseType) {
        String t = databaseType.toLowerCase(Locale.ROOT);
        if (t.contains("enterprise")) {
            return ENTERPRISE;
        }
        if (t.contains("anonymous-ip")) {
            return ANONYMOUS_IP;
        }
        if (t.contains("connection-type")) {
            return CONNECTION_TYPE;
        }
        if (t.contains("city") && !t.contains("density")) {
            return CITY;
        }
        if (t.contains("country")) {
            return COUNTRY;
        }
        if (t.endsWith("-isp") || t.contains("-isp-") || t.equals("isp")) {
            return ISP;
        }
        if (t.contains("asn") || t.endsWith("-as")) {
            return ASN;
        }
        if (t.contains("domain")) {
            return DOMAIN;
        }
        return GENERIC;
    }
}
