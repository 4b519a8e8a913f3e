package dev.iptriage.webservice;

import dev.iptriage.model.Field;
import dev.iptriage.sources.SourceColumn;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A MaxMind web service: what it answers (the built-in columns it fills, its own columns) and its path ({@code
 * /geoip/v2.1/{name}/{ip}}).
 */
public enum WebServiceProduct {
    /** GeoIP2 Country (and GeoLite Country): the country, continent, registered and represented country. */
    COUNTRY("country"),
    /** GeoIP2 City Plus (and GeoLite City): Country's, the city, postal code, location, and the network's traits. */
    CITY("city"),
    /** GeoIP2 Insights: City's, and the user type and count, the confidences, the anonymizer and the IP risk. */
    INSIGHTS("insights");

    /** The service's own columns of Insights, in order ({@code queries_remaining} is every product's). */
    static final List<SourceColumn> INSIGHTS_COLUMNS = List.of(
            new SourceColumn("user_count", "users of the network in the past 24 hours (IPv6 counted per /64)"),
            new SourceColumn("static_ip_score", "how static the address is, 0 to 99.99"),
            new SourceColumn("ip_risk", "the address's risk, 0.01 to 99 (absent for low-risk networks)"),
            new SourceColumn("country_confidence", "confidence in the country, 0 to 100"),
            new SourceColumn("city_confidence", "confidence in the city, 0 to 100"),
            new SourceColumn("postal_confidence", "confidence in the postal code, 0 to 100"),
            new SourceColumn("subdivision_confidence", "confidence in the subdivision, 0 to 100"),
            new SourceColumn("anonymizer_confidence", "confidence that the network is an anonymizer (VPN), 1 to 99"),
            new SourceColumn("anonymizer_provider", "the anonymizer's provider name"),
            new SourceColumn("anonymizer_last_seen", "when the anonymizer network was last seen (date)"));

    static final SourceColumn QUERIES_REMAINING =
            new SourceColumn("queries_remaining", "queries left on the account after this answer (paid services)");

    private final String path;

    WebServiceProduct(String path) {
        this.path = path;
    }

    /** {@return the name in the service's path and on the command line: country, city or insights} */
    public String path() {
        return path;
    }

    /** {@return the product named {@code name} (case ignored)} */
    public static Optional<WebServiceProduct> byName(String name) {
        for (WebServiceProduct p : values()) {
            if (p.path.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@return the built-in columns its answers fill} */
    public Set<Field> fills() {
        Set<Field> f = EnumSet.of(
                Field.COUNTRY,
                Field.COUNTRY_ISO,
                Field.CONTINENT,
                Field.CONTINENT_CODE,
                Field.REGISTERED_COUNTRY,
                Field.REGISTERED_COUNTRY_ISO,
                Field.REPRESENTED_COUNTRY,
                Field.NETWORK);
        if (this != COUNTRY) {
            f.addAll(EnumSet.of(
                    Field.CITY,
                    Field.SUBDIVISION,
                    Field.SUBDIVISION_ISO,
                    Field.POSTAL_CODE,
                    Field.LATITUDE,
                    Field.LONGITUDE,
                    Field.ACCURACY_RADIUS,
                    Field.TIME_ZONE,
                    Field.METRO_CODE,
                    Field.ASN,
                    Field.AS_ORG,
                    Field.ISP,
                    Field.ORGANIZATION,
                    Field.CONNECTION_TYPE,
                    Field.DOMAIN));
        }
        if (this == INSIGHTS) {
            f.addAll(EnumSet.of(
                    Field.USER_TYPE,
                    Field.IS_ANONYMOUS,
                    Field.IS_ANONYMOUS_VPN,
                    Field.IS_HOSTING_PROVIDER,
                    Field.IS_PUBLIC_PROXY,
                    Field.IS_RESIDENTIAL_PROXY,
                    Field.IS_TOR_EXIT_NODE));
        }
        return f;
    }

    /** {@return its own columns, in order} */
    public List<SourceColumn> columns() {
        List<SourceColumn> c = new ArrayList<>();
        if (this == INSIGHTS) {
            c.addAll(INSIGHTS_COLUMNS);
        }
        c.add(QUERIES_REMAINING);
        return List.copyOf(c);
    }
}
