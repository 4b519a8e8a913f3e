package dev.iptriage.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every built-in output column, in output order: the one table to read to find where a column comes
 * from. Each column declares its name, whether it is in the default set, what it holds, and how its
 * value is derived: its {@link Origin} and, for a column read from database records, the {@link
 * Group} of record fields that holds it, its value {@link Type}, its paths in MaxMind's published
 * schemas ({@link #recordPaths}) and its keys in flat schemas ({@link #flatKeys}). For example
 * {@code record(Group.CITY_LOCATION, Type.TEXT, "city.names.{lang}").orFlat("city", "city_name")}:
 * the city is held by City and Enterprise databases, a string at {@code city.names.<lang>} (then
 * {@code en}), or at the top-level key {@code city} or {@code city_name} of a flat file.
 *
 * <p>{@code databases.DatabaseKind} lists the groups each kind of database holds, {@code
 * databases.FieldPaths} turns the paths into a plan for the record reader, and the engine computes
 * the columns of the other origins. The CSV, JSON, table and report sinks, the README and {@code
 * --fields} follow this order. A custom database adds its own keys: {@link Column}.
 */
public enum Field {
    IP("ip", true, "the address (canonical text; a CIDR input keeps its /len); invalid lines keep their text", input()),
    STATUS("status", true, "ok, not_found, private, reserved, invalid or error:<reason>", input()),
    ASN(
            "asn",
            true,
            "autonomous system number",
            record(Group.AS, Type.NUMBER, "autonomous_system_number", "traits.autonomous_system_number")
                    .orFlat("asn", "as_number")),
    AS_ORG(
            "as_org",
            true,
            "autonomous system organization",
            record(Group.AS, Type.TEXT, "autonomous_system_organization", "traits.autonomous_system_organization")
                    .orFlat("as_org", "as_name", "as_organization")),
    NETWORK(
            "network",
            true,
            "the network (CIDR) of the ASN database's record, else of the first database that has one",
            derived()),
    CITY(
            "city",
            true,
            "city name (in --lang)",
            record(Group.CITY_LOCATION, Type.TEXT, "city.names.{lang}").orFlat("city", "city_name")),
    COUNTRY(
            "country",
            true,
            "country name (in --lang)",
            record(Group.COUNTRY_LOCATION, Type.TEXT, "country.names.{lang}").orFlat("country_name", "country")),
    POSTAL_CODE(
            "postal_code",
            true,
            "postal code",
            record(Group.CITY_LOCATION, Type.TEXT, "postal.code").orFlat("postcode", "postal_code", "zip", "zip_code")),
    LATITUDE(
            "latitude",
            true,
            "latitude (WGS84)",
            record(Group.COUNTRY_LOCATION, Type.NUMBER, "location.latitude").orFlat("latitude", "lat")),
    LONGITUDE(
            "longitude",
            true,
            "longitude (WGS84)",
            record(Group.COUNTRY_LOCATION, Type.NUMBER, "location.longitude").orFlat("longitude", "lon", "lng")),
    COUNTRY_ISO(
            "country_iso",
            false,
            "ISO 3166-1 alpha-2 country code",
            record(Group.COUNTRY_LOCATION, Type.TEXT, "country.iso_code")
                    .orFlat("country_code", "country_iso_code", "country_iso")),
    CONTINENT(
            "continent",
            false,
            "continent name",
            record(Group.COUNTRY_LOCATION, Type.TEXT, "continent.names.{lang}").orFlat("continent_name")),
    CONTINENT_CODE(
            "continent_code",
            false,
            "continent code (AF AN AS EU NA OC SA)",
            record(Group.COUNTRY_LOCATION, Type.TEXT, "continent.code").orFlat("continent_code", "continent")),
    SUBDIVISION(
            "subdivision",
            false,
            "first subdivision (state, region) name",
            record(Group.CITY_LOCATION, Type.TEXT, "subdivisions[0].names.{lang}")
                    .orFlat("state1", "subdivision", "region", "region_name", "state")),
    SUBDIVISION_ISO(
            "subdivision_iso",
            false,
            "first subdivision ISO 3166-2 code (without the country part)",
            record(Group.CITY_LOCATION, Type.TEXT, "subdivisions[0].iso_code")
                    .orFlat("subdivision_code", "region_code")),
    REGISTERED_COUNTRY(
            "registered_country",
            false,
            "country where the network is registered",
            record(Group.COUNTRY_LOCATION, Type.TEXT, "registered_country.names.{lang}")),
    REGISTERED_COUNTRY_ISO(
            "registered_country_iso",
            false,
            "ISO code of the registered country",
            record(Group.COUNTRY_LOCATION, Type.TEXT, "registered_country.iso_code")),
    REPRESENTED_COUNTRY(
            "represented_country",
            false,
            "country represented by users of the address (e.g. military bases)",
            record(Group.COUNTRY_LOCATION, Type.TEXT, "represented_country.names.{lang}")),
    ACCURACY_RADIUS(
            "accuracy_radius",
            false,
            "radius in km around the coordinates",
            record(Group.COUNTRY_LOCATION, Type.NUMBER, "location.accuracy_radius")
                    .orFlat("accuracy_radius")),
    LOCATION_PRECISION(
            "location_precision",
            false,
            "how fine the coordinates are: city, subdivision, or country (a country-level point)",
            derived(Group.COUNTRY_LOCATION)),
    TIME_ZONE(
            "time_zone",
            false,
            "IANA time zone",
            record(Group.CITY_LOCATION, Type.TEXT, "location.time_zone").orFlat("timezone", "time_zone")),
    METRO_CODE(
            "metro_code",
            false,
            "US metro (DMA) code",
            record(Group.CITY_LOCATION, Type.NUMBER, "location.metro_code")),
    ISP("isp", false, "internet service provider", record(Group.ISP, Type.TEXT, "isp", "traits.isp")),
    ORGANIZATION(
            "organization",
            false,
            "organization the address is assigned to",
            record(Group.ISP, Type.TEXT, "organization", "traits.organization")),
    CONNECTION_TYPE(
            "connection_type",
            false,
            "Dialup, Cable/DSL, Corporate, Cellular, Satellite",
            record(Group.CONNECTION, Type.TEXT, "connection_type", "traits.connection_type")),
    USER_TYPE(
            "user_type",
            false,
            "business, residential, hosting, ...",
            record(Group.USER_TYPE, Type.TEXT, "user_type", "traits.user_type")),
    DOMAIN(
            "domain",
            false,
            "second-level domain of the address",
            record(Group.DOMAIN, Type.TEXT, "domain", "traits.domain")),
    IS_ANONYMOUS(
            "is_anonymous",
            false,
            "any anonymizer (VPN, proxy, Tor, hosting)",
            record(Group.ANONYMITY, Type.BOOLEAN, "is_anonymous", "traits.is_anonymous")),
    IS_ANONYMOUS_VPN(
            "is_anonymous_vpn",
            false,
            "anonymous VPN",
            record(Group.ANONYMITY, Type.BOOLEAN, "is_anonymous_vpn", "traits.is_anonymous_vpn")),
    IS_HOSTING_PROVIDER(
            "is_hosting_provider",
            false,
            "hosting or cloud provider",
            record(Group.ANONYMITY, Type.BOOLEAN, "is_hosting_provider", "traits.is_hosting_provider")),
    IS_PUBLIC_PROXY(
            "is_public_proxy",
            false,
            "public proxy",
            record(Group.ANONYMITY, Type.BOOLEAN, "is_public_proxy", "traits.is_public_proxy")),
    IS_RESIDENTIAL_PROXY(
            "is_residential_proxy",
            false,
            "residential proxy",
            record(Group.ANONYMITY, Type.BOOLEAN, "is_residential_proxy", "traits.is_residential_proxy")),
    IS_TOR_EXIT_NODE(
            "is_tor_exit_node",
            false,
            "Tor exit node",
            record(Group.ANONYMITY, Type.BOOLEAN, "is_tor_exit_node", "traits.is_tor_exit_node")),
    IP_VERSION("ip_version", false, "4 or 6", address()),
    IP_CLASS(
            "ip_class",
            false,
            "special-purpose class (IANA registries): public, private, loopback, documentation, ...",
            address()),
    COUNT("count", false, "times the address was seen (with --unique)", sightings()),
    FIRST_SEEN(
            "first_seen",
            false,
            "earliest time on a line with the address, UTC (with --unique and a log --from)",
            sightings()),
    LAST_SEEN(
            "last_seen",
            false,
            "latest time on a line with the address, UTC (with --unique and a log --from)",
            sightings()),
    ROLES("roles", false, "web logs: client/proxy/server (X-Forwarded-For chain position) with counts", sightings()),
    STATUS_CODES("status_codes", false, "web logs: HTTP status codes with counts (top 5)", sightings()),
    TOP_PATHS("top_paths", false, "web logs: request paths with counts (top 5)", sightings()),
    USER_AGENTS("user_agents", false, "web logs: User-Agents with counts (top 5)", sightings()),
    USERS_TRIED("users_tried", false, "sshd: user names tried with counts (top 5)", sightings()),
    FAILED_LOGINS("failed_logins", false, "sshd: failed login attempts", sightings()),
    ACCEPTED_LOGINS("accepted_logins", false, "sshd: accepted logins", sightings()),
    JAILS("jails", false, "fail2ban: jails with counts (top 5)", sightings()),
    BANS("bans", false, "fail2ban: bans (Ban and Restore Ban)", sightings()),
    RAW("raw", false, "every database's whole record as JSON (with --raw)", wholeRecords()),
    SOURCE(
            "source",
            false,
            "which source supplied each column's value: a database's type, or an online source's name (webservice)",
            provenance());

    /** Where a column's value comes from. */
    public enum Origin {
        /** The input line and what became of it: the address's text ({@code ip}), the lookup's {@code status}. */
        INPUT(false),
        /** The address alone, no database ({@code ip_version}, {@code ip_class}). */
        ADDRESS(false),
        /**
         * One value of a database record, read by the column's {@link #recordPaths} or, in a flat
         * schema, its {@link #flatKeys}: the first that has a value wins.
         */
        RECORD(false),
        /**
         * Worked out by the engine from the records an address matched: the {@code network} of the
         * record that supplies it, the {@code location_precision} of the coordinates.
         */
        DERIVED(false),
        /**
         * The input's sightings of the address: {@code count} with {@code --unique}, the context
         * columns of a log {@code --from} (times, roles, paths, user names...).
         */
        SIGHTINGS(true),
        /** Every database's whole record ({@code raw}, with {@code --raw}). */
        WHOLE_RECORDS(true),
        /**
         * Where the row's values came from ({@code source}: per column, the database or online source that
         * supplied it), shown only when named.
         */
        SOURCE(true);

        private final boolean onlyWithOption;

        Origin(boolean onlyWithOption) {
            this.onlyWithOption = onlyWithOption;
        }

        /** {@return whether the columns of this origin have values only with an option, so {@code all} leaves them out} */
        public boolean onlyWithOption() {
            return onlyWithOption;
        }
    }

    /**
     * The groups of record fields a database can hold; {@code databases.DatabaseKind} lists those of
     * each kind (e.g. a City database holds {@link #COUNTRY_LOCATION} and {@link #CITY_LOCATION}).
     */
    public enum Group {
        /** Where the address is, to the country: country, continent, registered and represented country, coordinates. */
        COUNTRY_LOCATION,
        /** Where the address is, below the country: city, subdivision, postal code, time zone, metro code. */
        CITY_LOCATION,
        /** The autonomous system: number and organization. */
        AS,
        /** The internet service provider and the organization. */
        ISP,
        /** The connection type. */
        CONNECTION,
        /** The user type (Enterprise traits). */
        USER_TYPE,
        /** The second-level domain. */
        DOMAIN,
        /** The anonymizer flags (VPN, proxy, Tor, hosting). */
        ANONYMITY
    }

    /** What a record column's values are in MaxMind's published schemas. */
    public enum Type {
        /** A string. */
        TEXT,
        /** A number (integer or floating point). */
        NUMBER,
        /** A boolean. */
        BOOLEAN
    }

    /** How a column's value is derived (see the accessors of {@link Field}). */
    private record Derivation(Origin origin, Group group, Type type, List<String> paths, List<String> flatKeys) {
        Derivation orFlat(String... keys) {
            return new Derivation(origin, group, type, paths, List.of(keys));
        }
    }

    private static Derivation input() {
        return new Derivation(Origin.INPUT, null, null, List.of(), List.of());
    }

    private static Derivation address() {
        return new Derivation(Origin.ADDRESS, null, null, List.of(), List.of());
    }

    /** A record column: held by the records of {@code group}, values of {@code type}, at {@code paths}. */
    private static Derivation record(Group group, Type type, String... paths) {
        return new Derivation(Origin.RECORD, group, type, List.of(paths), List.of());
    }

    /** Derived from whichever records the address matched. */
    private static Derivation derived() {
        return new Derivation(Origin.DERIVED, null, null, List.of(), List.of());
    }

    /** Derived from the records of {@code group}. */
    private static Derivation derived(Group group) {
        return new Derivation(Origin.DERIVED, group, null, List.of(), List.of());
    }

    private static Derivation sightings() {
        return new Derivation(Origin.SIGHTINGS, null, null, List.of(), List.of());
    }

    private static Derivation provenance() {
        return new Derivation(Origin.SOURCE, null, null, List.of(), List.of());
    }

    private static Derivation wholeRecords() {
        return new Derivation(Origin.WHOLE_RECORDS, null, null, List.of(), List.of());
    }

    private final String column;
    private final boolean byDefault;
    private final String description;
    private final Derivation from;

    Field(String column, boolean byDefault, String description, Derivation from) {
        this.column = column;
        this.byDefault = byDefault;
        this.description = description;
        this.from = from;
    }

    /** The column name (snake_case). */
    public String column() {
        return column;
    }

    /** What the column holds. */
    public String description() {
        return description;
    }

    /** {@return where the column's value comes from} */
    public Origin origin() {
        return from.origin;
    }

    /**
     * {@return the group of record fields that holds the column or that it is derived from (a database
     * whose kind holds the group can fill it), empty for a column no database holds}
     */
    public Optional<Group> group() {
        return Optional.ofNullable(from.group);
    }

    /**
     * {@return what the column's values are in the published schemas (where a value of another type
     * fails the record), empty for a column not read from a record}
     */
    public Optional<Type> type() {
        return Optional.ofNullable(from.type);
    }

    /**
     * The column's paths in the records of MaxMind's published schemas (GeoIP2 and GeoLite2 files,
     * DB-IP's, the embedded database's), tried in order, the first with a value winning: map keys
     * joined by {@code .}, an array element as {@code key[index]}, and {@code {lang}} for the key of
     * the chosen language in a {@code names} map, tried before English ({@code en}); e.g. {@code
     * subdivisions[0].names.{lang}}. Empty for a column not read from a record.
     */
    public List<String> recordPaths() {
        return from.paths;
    }

    /**
     * The keys that may hold the column at the top of a record in other files (flat schemas such as
     * ip-location-db's: {@code city_name}, {@code lat}...), tried after the {@link #recordPaths}. A
     * file of the published schemas is read by its record paths alone: there a flat key is not an
     * alternative but a sign of damage.
     */
    public List<String> flatKeys() {
        return from.flatKeys;
    }

    /** The analyst's usual table. */
    public static List<Field> defaults() {
        return Arrays.stream(values()).filter(f -> f.byDefault).toList();
    }

    /** Every column but the ones that only make sense with an option ({@code count}, context, {@code raw}). */
    public static List<Field> all() {
        return Arrays.stream(values()).filter(f -> !f.origin().onlyWithOption()).toList();
    }

    /** {@return whether this column comes from the input's sightings ({@code --unique}), not a database} */
    public boolean isSighting() {
        return origin() == Origin.SIGHTINGS;
    }

    /** Finds a column by name, ignoring case and allowing '-' for '_'. */
    public static Optional<Field> byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(f -> f.column.equals(n)).findFirst();
    }

    /** All column names in order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Field::column).toList();
    }
}
