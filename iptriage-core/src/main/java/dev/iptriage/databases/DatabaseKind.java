package dev.iptriage.databases;

import dev.iptriage.model.Field;
import dev.iptriage.model.Field.Group;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a database holds, detected from its {@code database_type} metadata: the {@linkplain
 * Field.Group groups} of record fields of its schema, and so the columns it can fill (those {@link
 * Field} declares in these groups).
 */
public enum DatabaseKind {
    ENTERPRISE(
            "Enterprise",
            Group.COUNTRY_LOCATION,
            Group.CITY_LOCATION,
            Group.AS,
            Group.ISP,
            Group.CONNECTION,
            Group.USER_TYPE,
            Group.DOMAIN,
            Group.ANONYMITY),
    CITY("City", Group.COUNTRY_LOCATION, Group.CITY_LOCATION),
    COUNTRY("Country", Group.COUNTRY_LOCATION),
    ISP("ISP", Group.AS, Group.ISP),
    ASN("ASN", Group.AS),
    CONNECTION_TYPE("Connection-Type", Group.CONNECTION),
    DOMAIN("Domain", Group.DOMAIN),
    ANONYMOUS_IP("Anonymous-IP", Group.ANONYMITY),
    /** Any other schema: no known groups, every column is tried by its usual key names. */
    GENERIC("Generic", EnumSet.noneOf(Group.class), EnumSet.allOf(Field.class));

    private final String label;
    private final Set<Group> groups;
    private final Set<Field> fields;

    DatabaseKind(String label, Group... groups) {
        this(label, EnumSet.copyOf(List.of(groups)), inGroups(List.of(groups)));
    }

    DatabaseKind(String label, Set<Group> groups, Set<Field> fields) {
        this.label = label;
        this.groups = Collections.unmodifiableSet(groups);
        this.fields = Collections.unmodifiableSet(fields);
    }

    /** The columns {@link Field} declares in one of {@code groups}, in column order. */
    private static EnumSet<Field> inGroups(List<Group> groups) {
        EnumSet<Field> s = EnumSet.noneOf(Field.class);
        for (Field f : Field.values()) {
            if (f.group().filter(groups::contains).isPresent()) {
                s.add(f);
            }
        }
        return s;
    }

    /** Short human name. */
    public String label() {
        return label;
    }

    /** The groups of record fields of this kind's schema (none for {@link #GENERIC}). */
    public Set<Group> groups() {
        return groups;
    }

    /** The columns a database of this kind can fill, in column order. */
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
        return groups.contains(Group.AS);
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
