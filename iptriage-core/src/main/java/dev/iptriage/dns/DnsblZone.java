package dev.iptriage.dns;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DNS blocklist zone queried by address (RFC 5782) and what its answers mean.
 *
 * <p>The canonical constructor checks and normalizes every part, so a zone from a user's file
 * is as safe to use as a built-in one: the zone is a DNS name (stored in lower case, without a
 * trailing dot) short enough for the 64 characters of an IPv6 query in front of it, each code is an
 * IPv4 address of 127.0.0.0/8 outside 127.255.255.0/24 (the errors), each meaning is a short
 * printable label.
 *
 * @param zone the zone, e.g. {@code zen.spamhaus.org}
 * @param ipv6 whether the zone lists IPv6 addresses
 * @param refusesPublicResolvers whether the zone answers queries from well-known public resolvers
 *     with errors or not at all ({@link PublicResolvers})
 * @param dqsZone the Spamhaus Data Query Service zone with the same data, e.g. {@code
 *     zen.dq.spamhaus.net}, queried as {@code <key>.zen.dq.spamhaus.net}; null when there is none
 * @param codes what each answer means, e.g. {@code 127.0.0.4 -> XBL}, in the table's order; codes
 *     in canonical dotted-quad form
 * @param source where the table comes from (a URL for the built-in zones, the file for a user's)
 * @param checked the date the table was checked against its source, {@code YYYY-MM-DD}, or empty
 */
public record DnsblZone(
        String zone,
        Ipv6 ipv6,
        boolean refusesPublicResolvers,
        String dqsZone,
        Map<String, String> codes,
        String source,
        String checked) {

    /** The longest meaning of a code, in characters: it is a label in a table cell. */
    public static final int MAX_MEANING = 64;

    /** The longest zone name: the 64 characters of an IPv6 query must fit before it in 253. */
    public static final int MAX_ZONE = DnsText.MAX_NAME - DnsText.IPV6_LABELS;

    /** RFC 5782 section 5: every IPv4 list lists 127.0.0.2. */
    public static final IpAddress TEST_LISTED_V4 = IpAddress.ofV4(0x7F000002);

    /** RFC 5782 section 5: no IPv4 list lists 127.0.0.1. */
    public static final IpAddress TEST_NOT_LISTED_V4 = IpAddress.ofV4(0x7F000001);

    /** RFC 5782 section 5: every IPv6 list lists {@code ::FFFF:7F00:2}. */
    public static final IpAddress TEST_LISTED_V6 = IpAddress.ofV6(0, 0xFFFF_7F00_0002L);

    /** RFC 5782 section 5: no IPv6 list lists {@code ::FFFF:7F00:1}. */
    public static final IpAddress TEST_NOT_LISTED_V6 = IpAddress.ofV6(0, 0xFFFF_7F00_0001L);

    private static final int MAX_SOURCE = 300;
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DQS_KEY = Pattern.compile("[A-Za-z0-9]{1,63}");

    /** Whether a zone has IPv6 data. */
    public enum Ipv6 {
        /** The zone lists IPv6 addresses: ask it for them. */
        YES,
        /** The zone lists IPv4 addresses only: an IPv6 address is unsupported, never "not listed". */
        NO,
        /**
         * Not known: the client asks the RFC 5782 IPv6 test entry {@link DnsblZone#TEST_LISTED_V6} at
         * start ({@link DnsblZone#testQueryName}) and treats the zone as {@link #YES} when it is listed, as {@link
         * #NO} otherwise.
         */
        PROBE
    }

    /** What one A record of an answer means: a listing, or an error the zone answers with. */
    public sealed interface Verdict {
        /**
         * The address is listed.
         *
         * @param meaning the short label of the code, e.g. {@code XBL}, or the code itself when the
         *     table does not know it, e.g. {@code 127.0.0.77}
         */
        record Listed(String meaning) implements Verdict {}

        /**
         * The answer is an error, not a listing.
         *
         * @param why what went wrong, for a status cell and the run summary
         */
        record Failure(String why) implements Verdict {}
    }

    /**
     * Checks and normalizes the parts; see the class comment.
     *
     * @throws IllegalArgumentException naming the part that is not valid
     */
    public DnsblZone {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(ipv6, "ipv6");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(checked, "checked");
        zone = DnsText.normalName(zone);
        String problem = DnsText.nameProblem(zone, MAX_ZONE);
        if (problem != null) {
            throw new IllegalArgumentException("zone " + DnsText.quote(zone, 80) + ": " + problem);
        }
        if (dqsZone != null) {
            dqsZone = DnsText.normalName(dqsZone);
            problem = DnsText.nameProblem(dqsZone, MAX_ZONE);
            if (problem != null) {
                throw new IllegalArgumentException("DQS zone " + DnsText.quote(dqsZone, 80) + ": " + problem);
            }
        }
        Map<String, String> table = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : codes.entrySet()) {
            String code = canonicalCode(e.getKey());
            String meaning = Objects.requireNonNull(e.getValue(), "meaning").strip();
            String why = meaningProblem(meaning);
            if (why != null) {
                throw new IllegalArgumentException("meaning of " + code + " in " + zone + ": " + why);
            }
            if (table.put(code, meaning) != null) {
                throw new IllegalArgumentException("code " + code + " twice in " + zone);
            }
        }
        codes = Collections.unmodifiableMap(table);
        if (source.length() > MAX_SOURCE || !source.codePoints().allMatch(DnsText::isPrintable)) {
            throw new IllegalArgumentException("source of " + zone + ": not printable text of at most " + MAX_SOURCE
                    + " characters: " + DnsText.quote(source, 80));
        }
        if (!checked.isEmpty() && dateProblem(checked) != null) {
            throw new IllegalArgumentException("checked date of " + zone + ": " + dateProblem(checked));
        }
    }

    /**
     * Returns the canonical dotted quad of a return code.
     *
     * @throws IllegalArgumentException when it is not an IPv4 address of 127.0.0.0/8, or is one of
     *     127.255.255.0/24, which are errors
     */
    static String canonicalCode(String code) {
        IpAddress a =
                IpLiteral.tryParseStrict(Objects.requireNonNull(code, "code").strip());
        if (a == null || !a.isV4()) {
            throw new IllegalArgumentException(
                    DnsText.quote(code, 60) + " is not an IPv4 address (expected one of 127.0.0.0/8, e.g. 127.0.0.2)");
        }
        if ((a.v4Bits() >>> 24) != 127) {
            throw new IllegalArgumentException(a + " is outside 127.0.0.0/8, where DNSBL answers are");
        }
        if ((a.v4Bits() >>> 8) == 0x7FFFFF) {
            throw new IllegalArgumentException(a
                    + " is in 127.255.255.0/24, which zones use for errors (query refused, rate limit), not listings");
        }
        return a.toString();
    }

    /** Why a meaning is not a valid label, or null when it is. */
    static String meaningProblem(String meaning) {
        if (meaning.isEmpty()) {
            return "empty";
        }
        if (meaning.length() > MAX_MEANING) {
            return meaning.length() + " characters, more than " + MAX_MEANING;
        }
        int bad = meaning.codePoints()
                .filter(cp -> !DnsText.isPrintable(cp))
                .findFirst()
                .orElse(-1);
        if (bad >= 0) {
            return "has the character " + DnsText.quote(Character.toString(bad), 4) + " (printable text only)";
        }
        return null;
    }

    /** Why a date is not {@code YYYY-MM-DD}, or null when it is. */
    static String dateProblem(String date) {
        if (!DATE.matcher(date).matches()) {
            return DnsText.quote(date, 40) + " is not a date YYYY-MM-DD";
        }
        try {
            LocalDate.parse(date);
            return null;
        } catch (DateTimeParseException e) {
            return DnsText.quote(date, 40) + " is not a day of the calendar";
        }
    }

    /**
     * Tells what one A record of an answer means.
     *
     * <ul>
     *   <li>An IPv4-mapped IPv6 answer is read as its IPv4 address first.
     *   <li>127.255.255.0/24 is an error: for a Spamhaus zone (one under {@code spamhaus.org} or
     *       {@code spamhaus.net}) .250 DQS key disabled, .251 DQS key rejected, .252 typo in the
     *       zone name, .254 query through a public or open resolver (or one with generic reverse
     *       DNS), .255 excessive queries; for other zones {@code error code 127.255.255.N}.
     *   <li>Another address of 127.0.0.0/8 is a listing with the table's meaning, or the code
     *       itself when the table does not know it.
     *   <li>An address outside 127.0.0.0/8 is no listing but an error: a resolver that makes up
     *       answers (wildcards, hijacks NXDOMAIN) would otherwise list every address.
     * </ul>
     *
     * @param answer the address of one A record
     * @return the verdict
     */
    public Verdict decode(IpAddress answer) {
        IpAddress a = answer.unmap();
        if (!a.isV4() || (a.v4Bits() >>> 24) != 127) {
            return new Verdict.Failure(
                    "answer " + a + " is outside 127.0.0.0/8: not a listing (a wildcarding or hijacking resolver?)");
        }
        String code = a.toString();
        if ((a.v4Bits() >>> 8) == 0x7FFFFF) {
            String meaning = isSpamhaus() ? spamhausError(a.v4Bits() & 0xFF) : null;
            return new Verdict.Failure(meaning != null ? code + ": " + meaning : "error code " + code);
        }
        String meaning = codes.get(code);
        return new Verdict.Listed(meaning != null ? meaning : code);
    }

    private boolean isSpamhaus() {
        return under(zone, "spamhaus.org")
                || under(zone, "spamhaus.net")
                || (dqsZone != null && under(dqsZone, "spamhaus.net"));
    }

    private static boolean under(String name, String domain) {
        return name.equals(domain) || name.endsWith("." + domain);
    }

    /** Spamhaus's error codes (docs.spamhaus.com, "Available Zones" and "Return codes"). */
    private static String spamhausError(int last) {
        return switch (last) {
            case 250 -> "DQS key disabled";
            case 251 -> "DQS key rejected";
            case 252 -> "typo in the DNSBL zone name";
            case 254 -> "query via a public or open resolver, or one with generic reverse DNS (refused)";
            case 255 -> "excessive number of queries (rate limited)";
            default -> null;
        };
    }

    /**
     * Returns the name to ask (type A) for an address: the reversed octets of an IPv4 address or the
     * 32 reversed nibbles of an IPv6 address (RFC 5782), then the zone, or with a Spamhaus DQS key
     * {@code <key>.<dqsZone>}; with a trailing dot. An IPv4-mapped address ({@code ::ffff:a.b.c.d},
     * as dual-stack servers log IPv4 clients) is asked as its IPv4 address, where lists have it;
     * {@link #testQueryName} asks RFC 5782's IPv6 test entries as written.
     *
     * @param address the address to look up
     * @param dqsKey a Spamhaus DQS key (letters and digits), or null to query the zone itself
     * @return the absolute query name, e.g. {@code 4.3.2.1.zen.spamhaus.org.}
     * @throws IllegalArgumentException when a key is given for a zone without a DQS zone, or is not
     *     letters and digits (the message never contains the key: it is a secret)
     */
    public String queryName(IpAddress address, String dqsKey) {
        return name(address.lookupForm(), dqsKey);
    }

    /**
     * Returns the name to ask for an RFC 5782 test entry, for the health and IPv6 probes at start:
     * like {@link #queryName}, but an IPv6 entry keeps its 32-nibble form although {@code
     * ::FFFF:7F00:2} is an IPv4-mapped address ({@code queryName} would ask it as 127.0.0.2, which
     * tells nothing about the zone's IPv6 data).
     *
     * @param testEntry one of {@link #TEST_LISTED_V4}, {@link #TEST_NOT_LISTED_V4}, {@link
     *     #TEST_LISTED_V6}, {@link #TEST_NOT_LISTED_V6} (any address is accepted and asked as written)
     * @param dqsKey a Spamhaus DQS key, or null
     * @return the absolute query name
     * @throws IllegalArgumentException as {@link #queryName}
     */
    public String testQueryName(IpAddress testEntry, String dqsKey) {
        return name(testEntry, dqsKey);
    }

    private String name(IpAddress a, String dqsKey) {
        String labels = DnsText.reversedLabels(a);
        if (dqsKey == null) {
            return labels + "." + zone + ".";
        }
        if (dqsZone == null) {
            throw new IllegalArgumentException(zone + " has no Spamhaus DQS zone to use a DQS key with");
        }
        if (!DQS_KEY.matcher(dqsKey).matches()) {
            throw new IllegalArgumentException("a DQS key is 1 to 63 letters and digits (the key given is not; "
                    + dqsKey.length() + " characters)");
        }
        String name = labels + "." + dqsKey.toLowerCase(java.util.Locale.ROOT) + "." + dqsZone;
        if (name.length() > DnsText.MAX_NAME) {
            throw new IllegalArgumentException("with this DQS key the query name for " + a + " has " + name.length()
                    + " characters, more than " + DnsText.MAX_NAME);
        }
        return name + ".";
    }
}
