package dev.iptriage;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * What the databases of an {@link IpTriage} say about one address: its status, its network, typed
 * parts (location, autonomous system, ISP, anonymity) and the value of every column of the {@link
 * IpTriage#columns() columns}. Immutable and thread-safe; equal when input, status, network and
 * every value are equal.
 *
 * <p>Absence is {@link Optional#empty()}: a part is present when at least one of its values is; a
 * value is absent when no database has it (or the address is invalid). Where a database holds a
 * value of another type than a part needs (possible in custom files of a flat schema, never in the
 * GeoIP2 schemas), numbers written as text ({@code "48.85"}, an AS number as {@code "AS15169"}) are
 * converted; anything else leaves that part's value empty, and {@link #value(String)} still gives
 * the value as the database holds it.
 */
public final class IpInfo {
    /** The text given, or null for an {@link java.net.InetAddress} input: the address's canonical text. */
    private final String input;

    private final IpAddress address;
    private final Status status;
    private final String reason;
    private final Cidr network;
    private final ColumnIndex columns;
    /**
     * One value per column ({@code null}: none); maps and lists unmodifiable. The {@code ip} and
     * {@code status} columns are made when asked for ({@link #valueAt}).
     */
    private final Object[] values;

    private final Location location;
    private final AutonomousSystem autonomousSystem;
    private final Isp isp;
    private final Anonymity anonymity;

    private IpInfo(
            String input,
            IpAddress address,
            Status status,
            String reason,
            Cidr network,
            ColumnIndex columns,
            Object[] values) {
        this.input = input;
        this.address = address;
        this.status = status;
        this.reason = reason;
        this.network = network;
        this.columns = columns;
        this.values = values;
        this.location = Location.of(this);
        this.autonomousSystem = AutonomousSystem.of(this);
        this.isp = Isp.of(this);
        this.anonymity = Anonymity.of(this);
    }

    /** A text that is not an address. */
    static IpInfo invalid(String input, String reason, ColumnIndex columns) {
        return new IpInfo(input, null, Status.INVALID, reason, null, columns, new Object[columns.size()]);
    }

    /**
     * An address with the databases' answer.
     *
     * @param input the text given, or null when the address was given
     * @param values the enricher's values, one per column (taken, not copied)
     * @param network the network of the answer, or of the miss
     */
    static IpInfo of(
            String input,
            IpAddress address,
            Status status,
            String reason,
            Cidr network,
            ColumnIndex columns,
            Object[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = frozen(values[i]);
        }
        return new IpInfo(input, address, status, reason, network, columns, values);
    }

    /**
     * The value of column {@code i} as handed out: the {@code ip} and {@code status} columns, which
     * no database fills, made here; a {@code byte[]} as a copy; every other value as is (immutable).
     */
    private Object valueAt(int i) {
        Field f = columns.get(i).field();
        if (f == Field.IP) {
            return address == null ? input : address.toString();
        }
        if (f == Field.STATUS) {
            return statusText();
        }
        return values[i] instanceof byte[] b ? b.clone() : values[i];
    }

    /**
     * The input as given: the text passed to {@link IpTriage#lookup(String)}, or the canonical text
     * of the address passed to {@link IpTriage#lookup(java.net.InetAddress)}.
     *
     * @return the text, never null
     */
    public String input() {
        return input != null ? input : address.toString();
    }

    /**
     * The address looked up, as given: an IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) stays
     * one here, though the databases are asked for its IPv4 address. Empty when the input is {@link
     * Status#INVALID}.
     *
     * @return the address, or empty
     */
    public Optional<IpAddress> address() {
        return Optional.ofNullable(address);
    }

    /**
     * The outcome: {@link Status#OK} (at least one database has the address), {@link
     * Status#NOT_FOUND}, {@link Status#PRIVATE} or {@link Status#RESERVED} (special-purpose
     * addresses: these keep their status even when a local database has them, and then carry its
     * values), {@link Status#INVALID} (the input is not an address) or {@link Status#ERROR} (a
     * database could not answer: a damaged record or tree; the other databases' values are kept).
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * Why the status is {@link Status#INVALID} (e.g. {@code octet 256 > 255}) or {@link
     * Status#ERROR} (the database fault, naming the file); empty for every other status.
     *
     * @return the reason, or empty
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * The status as the command line writes it: {@code ok}, {@code not_found}, ..., {@code invalid},
     * and {@code error:<reason>} for errors.
     *
     * @return the status text
     */
    public String statusText() {
        return status == Status.ERROR ? status.text() + ":" + reason : status.text();
    }

    /**
     * The network of the address. On a hit, the network of the ASN database's record, else of the
     * first database (in order of precedence) that has the address, as in the {@code network}
     * column. On a miss ({@code not_found}, or a private or reserved address no database has), the
     * largest network around the address in which no database has any record, when a database can
     * say so (an IPv4-only database says nothing about IPv6 addresses). Empty for invalid inputs,
     * and for errors unless another database has the address.
     *
     * @return the network, or empty
     */
    public Optional<Cidr> network() {
        return Optional.ofNullable(network);
    }

    /**
     * Where the address is: present when a database gives any of the location's values.
     *
     * @return the location, or empty
     */
    public Optional<Location> location() {
        return Optional.ofNullable(location);
    }

    /**
     * The autonomous system: present when a database gives the AS number.
     *
     * @return the autonomous system, or empty
     */
    public Optional<AutonomousSystem> autonomousSystem() {
        return Optional.ofNullable(autonomousSystem);
    }

    /**
     * ISP and organization (GeoIP2 ISP, Connection-Type, Domain, Enterprise): present when a database gives any.
     *
     * @return the ISP part, or empty
     */
    public Optional<Isp> isp() {
        return Optional.ofNullable(isp);
    }

    /**
     * The anonymizer flags (GeoIP2 Anonymous-IP, Enterprise): present when a database gives any.
     *
     * @return the flags, or empty
     */
    public Optional<Anonymity> anonymity() {
        return Optional.ofNullable(anonymity);
    }

    /**
     * The value of one column: a built-in one ({@code country_iso}, {@code continent}, {@code
     * metro_code}, ... see {@link Field}) or a custom database's own key ({@code site}, {@code
     * tags.team}), named as in {@code --fields} (case ignored). Values are {@link String}, {@link
     * Long}, {@link Integer}, {@link BigInteger}, {@link Double}, {@link Float} or {@link Boolean}
     * as the database holds them; {@code network} is a {@link Cidr} (present on hits only, as in
     * the command line's output; {@link #network()} also covers misses); {@code ip} is the canonical
     * text of the address (the input, for an invalid one), {@code status} is {@link #statusText()};
     * {@code raw} and custom columns may also hold unmodifiable {@link Map}s and {@link List}s, or a
     * {@code byte[]} (a copy).
     *
     * @param column a column name
     * @return the value; empty when no database has one for this address
     * @throws IllegalArgumentException when the column is not one of {@link IpTriage#columns()}
     *     (the message lists them)
     * @throws NullPointerException when {@code column} is null
     */
    public Optional<Object> value(String column) {
        return Optional.ofNullable(valueAt(columns.slot(Objects.requireNonNull(column, "column"))));
    }

    /**
     * The value of one column, as {@link #value(String)}.
     *
     * @param column one of {@link IpTriage#columns()}
     * @return the value; empty when no database has one for this address
     * @throws IllegalArgumentException when the column is not one of {@link IpTriage#columns()}
     * @throws NullPointerException when {@code column} is null
     */
    public Optional<Object> value(Column column) {
        return Optional.ofNullable(valueAt(columns.slot(Objects.requireNonNull(column, "column"))));
    }

    /**
     * The present values by column name, in the order of {@link IpTriage#columns()} (columns
     * without a value left out), as {@link #value(String)} gives them.
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            Object v = valueAt(i);
            if (v != null) {
                m.put(columns.get(i).name(), v);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    private Object raw(Field f) {
        int i = columns.slot(f);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpInfo other
                && input().equals(other.input())
                && Objects.equals(address, other.address)
                && status == other.status
                && Objects.equals(reason, other.reason)
                && Objects.equals(network, other.network)
                && columns.columns().equals(other.columns.columns())
                && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(input(), address, status, reason, network, Arrays.deepHashCode(values));
    }

    /** For debugging: input, status, network and the present values. */
    @Override
    public String toString() {
        return "IpInfo[" + input() + ", " + statusText() + ", " + network + ", " + values() + "]";
    }

    /**
     * Where an address is.
     *
     * @param countryIso ISO 3166-1 alpha-2 code of the country ({@code US})
     * @param country the country's name, in the {@link IpTriage.Builder#language(String) language} chosen
     *     (falling back to English)
     * @param city the city's name, in that language
     * @param subdivision the first subdivision's (state, region) name, in that language
     * @param postalCode the postal code
     * @param latitude WGS84 latitude; with the embedded data a representative point of the country
     * @param longitude WGS84 longitude
     * @param accuracyRadius radius in km around the coordinates
     * @param timeZone IANA time zone ({@code America/Los_Angeles})
     */
    public record Location(
            Optional<String> countryIso,
            Optional<String> country,
            Optional<String> city,
            Optional<String> subdivision,
            Optional<String> postalCode,
            OptionalDouble latitude,
            OptionalDouble longitude,
            OptionalInt accuracyRadius,
            Optional<String> timeZone) {
        /** Checks that no component is null. */
        public Location {
            Objects.requireNonNull(countryIso, "countryIso");
            Objects.requireNonNull(country, "country");
            Objects.requireNonNull(city, "city");
            Objects.requireNonNull(subdivision, "subdivision");
            Objects.requireNonNull(postalCode, "postalCode");
            Objects.requireNonNull(latitude, "latitude");
            Objects.requireNonNull(longitude, "longitude");
            Objects.requireNonNull(accuracyRadius, "accuracyRadius");
            Objects.requireNonNull(timeZone, "timeZone");
        }

        static Location of(IpInfo i) {
            Location l = new Location(
                    text(i.raw(Field.COUNTRY_ISO)),
                    text(i.raw(Field.COUNTRY)),
                    text(i.raw(Field.CITY)),
                    text(i.raw(Field.SUBDIVISION)),
                    text(i.raw(Field.POSTAL_CODE)),
                    decimal(i.raw(Field.LATITUDE)),
                    decimal(i.raw(Field.LONGITUDE)),
                    integer(i.raw(Field.ACCURACY_RADIUS)),
                    text(i.raw(Field.TIME_ZONE)));
            boolean any = l.countryIso.isPresent()
                    || l.country.isPresent()
                    || l.city.isPresent()
                    || l.subdivision.isPresent()
                    || l.postalCode.isPresent()
                    || l.latitude.isPresent()
                    || l.longitude.isPresent()
                    || l.accuracyRadius.isPresent()
                    || l.timeZone.isPresent();
            return any ? l : null;
        }
    }

    /**
     * The autonomous system that announces the address.
     *
     * @param number the AS number (32 bits, unsigned)
     * @param organization the organization that runs it
     */
    public record AutonomousSystem(long number, Optional<String> organization) {
        /** Checks that the organization is not null. */
        public AutonomousSystem {
            Objects.requireNonNull(organization, "organization");
        }

        static AutonomousSystem of(IpInfo i) {
            Long n = asNumber(i.raw(Field.ASN));
            return n == null ? null : new AutonomousSystem(n, text(i.raw(Field.AS_ORG)));
        }
    }

    /**
     * Who provides the address (GeoIP2 ISP, Connection-Type, Domain and Enterprise data).
     *
     * @param isp the internet service provider
     * @param organization the organization the address is assigned to
     * @param connectionType {@code Dialup}, {@code Cable/DSL}, {@code Corporate}, {@code Cellular}, {@code Satellite}
     * @param userType {@code business}, {@code residential}, {@code hosting}, ...
     * @param domain the second-level domain of the address
     */
    public record Isp(
            Optional<String> isp,
            Optional<String> organization,
            Optional<String> connectionType,
            Optional<String> userType,
            Optional<String> domain) {
        /** Checks that no component is null. */
        public Isp {
            Objects.requireNonNull(isp, "isp");
            Objects.requireNonNull(organization, "organization");
            Objects.requireNonNull(connectionType, "connectionType");
            Objects.requireNonNull(userType, "userType");
            Objects.requireNonNull(domain, "domain");
        }

        static Isp of(IpInfo i) {
            Isp p = new Isp(
                    text(i.raw(Field.ISP)),
                    text(i.raw(Field.ORGANIZATION)),
                    text(i.raw(Field.CONNECTION_TYPE)),
                    text(i.raw(Field.USER_TYPE)),
                    text(i.raw(Field.DOMAIN)));
            boolean any = p.isp.isPresent()
                    || p.organization.isPresent()
                    || p.connectionType.isPresent()
                    || p.userType.isPresent()
                    || p.domain.isPresent();
            return any ? p : null;
        }
    }

    /**
     * The anonymizer flags of the address. A flag a database leaves out is {@code false} (the GeoIP2
     * Anonymous-IP data holds only the flags that are set).
     *
     * @param anonymous any anonymizer (VPN, proxy, Tor, hosting)
     * @param anonymousVpn an anonymous VPN
     * @param hostingProvider a hosting or cloud provider
     * @param publicProxy a public proxy
     * @param residentialProxy a residential proxy
     * @param torExitNode a Tor exit node
     */
    public record Anonymity(
            boolean anonymous,
            boolean anonymousVpn,
            boolean hostingProvider,
            boolean publicProxy,
            boolean residentialProxy,
            boolean torExitNode) {
        static Anonymity of(IpInfo i) {
            Boolean anonymous = flag(i.raw(Field.IS_ANONYMOUS));
            Boolean vpn = flag(i.raw(Field.IS_ANONYMOUS_VPN));
            Boolean hosting = flag(i.raw(Field.IS_HOSTING_PROVIDER));
            Boolean publicProxy = flag(i.raw(Field.IS_PUBLIC_PROXY));
            Boolean residential = flag(i.raw(Field.IS_RESIDENTIAL_PROXY));
            Boolean tor = flag(i.raw(Field.IS_TOR_EXIT_NODE));
            if (anonymous == null
                    && vpn == null
                    && hosting == null
                    && publicProxy == null
                    && residential == null
                    && tor == null) {
                return null;
            }
            return new Anonymity(
                    Boolean.TRUE.equals(anonymous),
                    Boolean.TRUE.equals(vpn),
                    Boolean.TRUE.equals(hosting),
                    Boolean.TRUE.equals(publicProxy),
                    Boolean.TRUE.equals(residential),
                    Boolean.TRUE.equals(tor));
        }
    }

    // ---- conversions of database values to the parts' types (see the class comment)

    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,30}(\\.\\d{1,30})?([eE][+-]?\\d{1,3})?");
    private static final Pattern AS_NUMBER = Pattern.compile("(?i:AS)?\\d{1,19}");

    /** Text as text; a number or boolean as its decimal text; anything else (a map, a list) absent. */
    static Optional<String> text(Object v) {
        return switch (v) {
            case String s -> Optional.of(s);
            case Number n -> Optional.of(n.toString());
            case Boolean b -> Optional.of(b.toString());
            case null, default -> Optional.empty();
        };
    }

    /** A finite number (a float as its shortest decimal text says), or text that is a decimal number. */
    static OptionalDouble decimal(Object v) {
        double d;
        if (v instanceof Float f) {
            d = Double.parseDouble(f.toString()); // 48.8566f is 48.8566, not 48.85660171508789
        } else if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof String s && DECIMAL.matcher(s.strip()).matches()) {
            d = Double.parseDouble(s.strip());
        } else {
            return OptionalDouble.empty();
        }
        return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
    }

    /** A whole number that fits an int, or text of one. */
    static OptionalInt integer(Object v) {
        OptionalDouble d = decimal(v);
        if (d.isEmpty()) {
            return OptionalInt.empty();
        }
        double x = d.getAsDouble();
        return x == Math.rint(x) && x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE
                ? OptionalInt.of((int) x)
                : OptionalInt.empty();
    }

    /** A whole number from 0 to 2^32 - 1, or text of one, optionally after {@code AS}. */
    static Long asNumber(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long x = ((Number) v).longValue();
            return x >= 0 && x <= 0xFFFF_FFFFL ? x : null;
        }
        BigInteger n;
        if (v instanceof BigInteger b) {
            n = b;
        } else if (v instanceof Number x && x.doubleValue() == Math.rint(x.doubleValue())) {
            n = BigInteger.valueOf((long) x.doubleValue());
        } else if (v instanceof String s && AS_NUMBER.matcher(s.strip()).matches()) {
            String digits = s.strip();
            n = new BigInteger(Character.isDigit(digits.charAt(0)) ? digits : digits.substring(2));
        } else {
            return null;
        }
        return n.signum() >= 0 && n.bitLength() <= 32 ? n.longValue() : null;
    }

    /** A boolean, 0 or 1, or the text {@code true}, {@code false}, {@code 1}, {@code 0}. */
    static Boolean flag(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null) {
            return null;
        }
        String s = v instanceof Number || v instanceof String
                ? v.toString().strip().toLowerCase(Locale.ROOT)
                : "";
        return switch (s) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Maps and lists as unmodifiable copies (decoded records are shared between lookups). */
    private static Object frozen(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, frozen(x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(frozen(x)));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        return v;
    }
}
