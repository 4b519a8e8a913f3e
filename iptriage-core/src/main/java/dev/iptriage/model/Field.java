package dev.iptriage.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every output column, in output order, with its name and meaning. This is the one table the CSV,
 * JSON, table and report sinks, the README and {@code --fields} all follow (a custom database adds
 * its own keys: {@link Column}).
 */
public enum Field {
    IP("ip", true, "the address (canonical text; a CIDR input keeps its /len); invalid lines keep their text"),
    STATUS("status", true, "ok, not_found, private, reserved, invalid or error:<reason>"),
    ASN("asn", true, "autonomous system number"),
    AS_ORG("as_org", true, "autonomous system organization"),
    NETWORK(
            "network",
            true,
            "the network (CIDR) of the ASN database's record, else of the first database that has one"),
    CITY("city", true, "city name (in --lang)"),
    COUNTRY("country", true, "country name (in --lang)"),
    POSTAL_CODE("postal_code", true, "postal code"),
    LATITUDE("latitude", true, "latitude (WGS84)"),
    LONGITUDE("longitude", true, "longitude (WGS84)"),
    COUNTRY_ISO("country_iso", false, "ISO 3166-1 alpha-2 country code"),
    CONTINENT("continent", false, "continent name"),
    CONTINENT_CODE("continent_code", false, "continent code (AF AN AS EU NA OC SA)"),
    SUBDIVISION("subdivision", false, "first subdivision (state, region) name"),
    SUBDIVISION_ISO("subdivision_iso", false, "first subdivision ISO 3166-2 code (without the country part)"),
    REGISTERED_COUNTRY("registered_country", false, "country where the network is registered"),
    REGISTERED_COUNTRY_ISO("registered_country_iso", false, "ISO code of the registered country"),
    REPRESENTED_COUNTRY(
            "represented_country", false, "country represented by users of the address (e.g. military bases)"),
    ACCURACY_RADIUS("accuracy_radius", false, "radius in km around the coordinates"),
    LOCATION_PRECISION("location_precision", false, "city, or country when the coordinates are a country-level point"),
    TIME_ZONE("time_zone", false, "IANA time zone"),
    METRO_CODE("metro_code", false, "US metro (DMA) code"),
    ISP("isp", false, "internet service provider"),
    ORGANIZATION("organization", false, "organization the address is assigned to"),
    CONNECTION_TYPE("connection_type", false, "Dialup, Cable/DSL, Corporate, Cellular, Satellite"),
    USER_TYPE("user_type", false, "business, residential, hosting, ..."),
    DOMAIN("domain", false, "second-level domain of the address"),
    IS_ANONYMOUS("is_anonymous", false, "any anonymizer (VPN, proxy, Tor, hosting)"),
    IS_ANONYMOUS_VPN("is_anonymous_vpn", false, "anonymous VPN"),
    IS_HOSTING_PROVIDER("is_hosting_provider", false, "hosting or cloud provider"),
    IS_PUBLIC_PROXY("is_public_proxy", false, "public proxy"),
    IS_RESIDENTIAL_PROXY("is_residential_proxy", false, "residential proxy"),
    IS_TOR_EXIT_NODE("is_tor_exit_node", false, "Tor exit node"),
    IP_VERSION("ip_version", false, "4 or 6"),
    IP_CLASS(
            "ip_class",
            false,
            "special-purpose class (IANA registries): public, private, loopback, documentation, ..."),
    COUNT("count", false, "times the address was seen (with --unique)"),
    FIRST_SEEN("first_seen", false, "earliest time on a line with the address, UTC (with --unique and a log --from)"),
    LAST_SEEN("last_seen", false, "latest time on a line with the address, UTC (with --unique and a log --from)"),
    ROLES("roles", false, "web logs: client/proxy/server (X-Forwarded-For chain position) with counts"),
    STATUS_CODES("status_codes", false, "web logs: HTTP status codes with counts (top 5)"),
    TOP_PATHS("top_paths", false, "web logs: request paths with counts (top 5)"),
    USER_AGENTS("user_agents", false, "web logs: User-Agents with counts (top 5)"),
    USERS_TRIED("users_tried", false, "sshd: user names tried with counts (top 5)"),
    FAILED_LOGINS("failed_logins", false, "sshd: failed login attempts"),
    ACCEPTED_LOGINS("accepted_logins", false, "sshd: accepted logins"),
    JAILS("jails", false, "fail2ban: jails with counts (top 5)"),
    BANS("bans", false, "fail2ban: bans (Ban and Restore Ban)"),
    RAW("raw", false, "every database's whole record as JSON (with --raw)");

    private final String column;
    private final boolean byDefault;
    private final String description;

    Field(String column, boolean byDefault, String description) {
        this.column = column;
        this.byDefault = byDefault;
        this.description = description;
    }

    /** The column name (snake_case). */
    public String column() {
        return column;
    }

    /** What the column holds. */
    public String description() {
        return description;
    }

    /** The analyst's usual table. */
    public static List<Field> defaults() {
        return Arrays.stream(values()).filter(f -> f.byDefault).toList();
    }

    /** Every column but the ones that only make sense with an option ({@code count}, context, {@code raw}). */
    public static List<Field> all() {
        return Arrays.stream(values())
                .filter(f -> f.ordinal() < COUNT.ordinal())
                .toList();
    }

    /** {@return whether this column comes from the input's sightings ({@code --unique}), not a database} */
    public boolean isSighting() {
        return ordinal() >= COUNT.ordinal() && this != RAW;
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
