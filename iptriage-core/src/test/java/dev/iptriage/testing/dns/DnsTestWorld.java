package dev.iptriage.testing.dns;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The standard DNS world of the online-source tests: one recursive resolver on 127.0.0.1 ({@link
 * #resolver()}, for {@code --resolver}) that answers every case below, and logs every query it gets
 * ({@link #queryLog()}). A test class gets one with {@link DnsWorld} on a {@code static} field
 * (started before the class's {@code @BeforeAll} methods, closed after its {@code @AfterAll} ones); a
 * test that needs one of its own starts it and closes it itself.
 *
 * <p>Three servers: unbound in front (the resolver a client talks to: local zones, REFUSED, dropped
 * queries, SERVFAIL from forwarding to a server that refuses, every query logged before it is
 * answered), rbldnsd behind it for the DNS blocklists (real DNSBL semantics: one A and TXT per
 * dataset that lists an address) and dnsmasq behind it for the RFC 2317 CNAME chain, the wildcard
 * blocklist and as the refusing server behind the SERVFAIL zones. Nothing is ever asked of the
 * internet: every other name is NXDOMAIN. Start-up costs 0.1 to 0.15 s (three processes, each
 * probed until it answers; the first start in a JVM about 0.6 s, loading dnsjava), seen on a 2-core
 * machine at load average 6; the three servers use about 25 MB of memory (RSS).
 *
 * <p>TTLs: 300 s for every record (rbldnsd {@code -t 300}, dnsmasq {@code local-ttl=300}); 60 s for
 * NXDOMAIN and NODATA (the SOA minimum of each zone), except unbound's built-in zones for private
 * reverse names (10800 s) and the RFC 2317 chain (dnsmasq: no SOA). A forwarded answer's TTL counts
 * down in unbound's cache. Several records come in the order below.
 *
 * <p>The world's "public" addresses are globally routable ones (in 1.2.3.0 to 1.2.8.255, 2a00:1::/32
 * and 2a00:2::/32: {@code IpClass.of(a).isGlobal()} is true for each, as the tests check), since the
 * client refuses to send documentation or other reserved addresses; the resolver is local, so they
 * are never sent out. Hostile names are given with one character per byte (ISO-8859-1); {@link
 * #presentation(String)} is their zone-file form.
 *
 * <pre>
 * REVERSE DNS (PTR; forward A/AAAA for FCrDNS)                 a correct client says
 * 1.2.3.1       PTR host1.fcrdns.test; A 1.2.3.1                ok, fcrdns true
 * 1.2.3.2       PTR forged.fcrdns.test; A 1.2.3.200             ok, fcrdns false (resolves elsewhere)
 * 1.2.3.3       PTR gone.fcrdns.test; A: NXDOMAIN               ok, fcrdns false (does not resolve)
 * 1.2.3.4       PTR multi-a.fcrdns.test, multi-b.fcrdns.test    ok, two names (in this order), both
 *               (both A 1.2.3.4)                                forward to 1.2.3.4: fcrdns true
 * 1.2.3.5       NXDOMAIN                                        nxdomain, fcrdns empty
 * 1.2.3.6       NOERROR, no PTR (the name has a TXT): NODATA    nodata, fcrdns empty
 * 1.2.3.7       SERVFAIL (every time)                           servfail
 * 1.2.3.8       REFUSED                                         refused
 * 1.2.3.9       no answer, ever                                 timeout
 * 1.2.3.10      CNAME 10.0-25.3.2.1.in-addr.arpa (RFC 2317),    ok, classless.fcrdns.test, fcrdns true
 *               then PTR classless.fcrdns.test (one answer
 *               with both); A 1.2.3.10
 * 1.2.3.11      PTR =cmd|' /C calc'!A0.evil.test                ok, inert everywhere (CSV formula)
 * 1.2.3.12      PTR &lt;script&gt;alert(1)&lt;/script&gt;.evil.test            ok, inert everywhere (HTML)
 * 1.2.3.13      PTR ctl ESC[2J ESC[31m red BEL NUL CR LF DEL    ok, inert everywhere (terminal)
 *               .evil.test (one label; {@link #PTR_CONTROL_NAME})
 * 1.2.3.14      PTR 63 a . 63 b . 63 c . 52 d .max.test         ok, the whole name (255 bytes in wire
 *                                                               form, the longest a name can be)
 * 1.2.3.15      PTR RLO(U+202E as UTF-8) gnp-exe 0xFF 0x9B      ok, inert (bidi override, invalid
 *               .evil.test                                      UTF-8, a C1 control byte)
 *               (forward A of every evil.test name: NXDOMAIN -> fcrdns false)
 * 1.2.3.16      PTR txtonly.fcrdns.test; A: NODATA              ok, fcrdns false
 * 1.2.3.17      PTR host.servfail.test; A: SERVFAIL             ok; fcrdns cannot be decided
 * 1.2.3.18      PTR host.timeout.test; A: no answer             ok; fcrdns cannot be decided
 * 1.2.3.200     NXDOMAIN (where forged.fcrdns.test points)      nxdomain
 * 2a00:1:2:3::1 PTR v6host.fcrdns.test; AAAA 2a00:1:2:3::1      ok, fcrdns true (asked in nibble form
 *                                                               under ip6.arpa)
 * 2a00:1:2:3::2 PTR forged6.fcrdns.test; AAAA 2a00:1:2:3::99    ok, fcrdns false
 * 2a00:1:2:3::5 NXDOMAIN                                        nxdomain
 * 2a00:2::1     NXDOMAIN                                        nxdomain
 *
 * DNS BLOCKLISTS (A; TXT has a reason)   zen.spamhaus.org, and the same data under DQS_ZONE
 * 127.0.0.2     127.0.0.2, 127.0.0.4, 127.0.0.10                RFC 5782 test entry: listed
 * 127.0.0.1     NXDOMAIN                                        RFC 5782 test entry: not listed
 * ::ffff:7f00:2 127.0.0.2, 127.0.0.4, 127.0.0.10 (nibble name)  IPv6 test entry: listed (rbldnsd
 *               answers IPv4-mapped names from its IPv4 data)
 * ::ffff:7f00:1 NXDOMAIN                                        IPv6 test entry: not listed
 * 1.2.4.1       127.0.0.2                                       listed: SBL
 * 1.2.4.2       127.0.0.4, 127.0.0.10                           listed: XBL and PBL (ISP)
 * 1.2.4.3       127.255.255.254                                 error (public resolver), not listed
 * 1.2.4.4       10.20.30.40                                     error: an answer outside 127/8
 * 1.2.4.5       NXDOMAIN                                        not listed
 * 1.2.4.6       127.255.255.255                                 error (too many queries), not listed
 * 1.2.4.7       127.0.0.2, 127.0.0.9                            listed: SBL and DROP
 * 1.2.4.8       127.0.0.3                                       listed: CSS
 * 1.2.4.9       127.255.255.252                                 error (typo in the zone name)
 * 1.2.3.x       NXDOMAIN (the PTR addresses are not listed)     not listed
 * 2a00:1:2:4::1 127.0.0.2                                       listed: SBL (IPv6, nibble name)
 * 2a00:1:2:4::2 127.0.0.3, 127.0.0.4                            listed: CSS and XBL (IPv6)
 * 2a00:1:2:4::5 NXDOMAIN                                        not listed (IPv6)
 * v4only.bl.test   127.0.0.2 and 1.2.4.1 listed (127.0.0.2); every IPv6 name NXDOMAIN, the
 *                  ::ffff:7f00:2 test entry included             IPv6: unsupported, never "clean"
 * v4mapped.bl.test the same IPv4 data in rbldnsd: IPv6 names NXDOMAIN, but ::ffff:7f00:2 (and any
 *                  ::ffff:a.b.c.d) answered from the IPv4 data   IPv6 probe passes: IPv6 support
 *                                                               cannot be told from it
 * wildcard.bl.test every name 127.0.0.2, 127.0.0.1 included      health probe fails: zone disabled
 * servfail.bl.test SERVFAIL for every name                      health probe fails
 * timeout.bl.test  no answer for any name                       health probe times out
 * refused.bl.test  REFUSED for every name                       health probe fails
 *
 * TEAM CYMRU (TXT; every address of the prefix, and the /24 or /64 name, answers the same)
 * 1.2.3.0/24    origin.asn.cymru.com "64496 | 1.2.3.0/24 | AU | apnic | 2011-08-11"
 * 1.2.4.0/24    "64497 | 1.2.4.0/24 | AU | apnic | 2011-08-11" and
 *               "64498 | 1.2.0.0/16 | AU | apnic | 2010-01-15"  two prefixes: more and less specific
 * 1.2.5.0/24    "64499 64500 | 1.2.5.0/24 | AU | apnic | 2011-08-11"   two origin ASNs (MOAS)
 * 1.2.6.0/24    "64501 | 1.2.6.0/24 | =1+1 | &lt;img src=x onerror=alert(1)&gt; | ESC[2J BEL 2011-08-11 NUL"
 *               hostile fields ({@link #CYMRU_HOSTILE_TXT}): inert everywhere
 * 1.2.7.0/24    "64502 1.2.7.0/24 AU apnic"                     garbled (no field separators): error
 * 1.2.8.0/24    NXDOMAIN                                        unrouted: nxdomain
 * 2a00:1::/32   origin6.asn.cymru.com "64503 | 2a00:1::/32 | DE | ripencc | 2011-08-11"
 * 2a00:2::/32   NXDOMAIN                                        unrouted
 *
 * NEVER SENT (private, reserved, or carrying one): {@link #NEVER_SENT}
 * 10.0.0.1, 192.168.1.1, 100.64.0.1, 192.0.2.1, fe80::1, fc00::1, 2001:db8::1, 2002:a00:1::1
 * (6to4 of 10.0.0.1), 64:ff9b::a00:1 (NAT64 of 10.0.0.1), 2001:0:4136:e378:8000:63bf:f5ff:fffe
 * (Teredo, client 10.0.0.1): canaries that answer like public addresses (PTR leak-ADDRESS.leak.test
 * with '-' for '.' and ':', e.g. leak-10-0-0-1.leak.test; listed 127.0.0.2 in zen.spamhaus.org and
 * its DQS twin; Cymru origin "64511 | ADDRESS | ZZ | leak | 2000-01-01"), so a leak shows in the output as well
 * as in {@link #queryLog()}. 127.0.0.1 answers PTR localhost (unbound's own zone) and must stay
 * unlisted (the health probe). {@link #queriesRevealing(String)} finds the queries that name one.
 *
 * OTHER NAMES
 * refused.test, timeout.test, servfail.test and names below: REFUSED, no answer, SERVFAIL
 * anything else: NXDOMAIN
 * </pre>
 *
 * <p>The query log: unbound writes each query ({@link DnsServer.Query}: name and type) before it
 * answers it; names with characters other than letters, digits, {@code -} and {@code _} are logged
 * with {@code ?} in their place. The RFC 5782 health probes ({@code 2.0.0.127.ZONE}, {@code
 * 1.0.0.127.ZONE}) name 127.0.0.x on purpose.
 */
public final class DnsTestWorld implements AutoCloseable {
    // ---- reverse DNS ----
    /** PTR {@link #NAME_CONFIRMED}, whose A is this address: FCrDNS true. */
    public static final String PTR_CONFIRMED = "1.2.3.1";
    /** PTR {@link #NAME_FORGED}, whose A is {@link #FORGED_TARGET}: FCrDNS false. */
    public static final String PTR_FORGED = "1.2.3.2";
    /** PTR {@link #NAME_GONE}, which does not exist (forward NXDOMAIN): FCrDNS false. */
    public static final String PTR_FORWARD_NXDOMAIN = "1.2.3.3";
    /** PTR {@link #NAMES_SEVERAL} (two names, both with A this address). */
    public static final String PTR_SEVERAL = "1.2.3.4";
    /** NXDOMAIN: no PTR name. */
    public static final String PTR_NXDOMAIN = "1.2.3.5";
    /** NOERROR without a PTR record (the reverse name has a TXT record): NODATA. */
    public static final String PTR_NODATA = "1.2.3.6";
    /** SERVFAIL, every time. */
    public static final String PTR_SERVFAIL = "1.2.3.7";
    /** REFUSED. */
    public static final String PTR_REFUSED = "1.2.3.8";
    /** Never answered. */
    public static final String PTR_TIMEOUT = "1.2.3.9";
    /** RFC 2317: CNAME {@link #CNAME_TARGET}, PTR {@link #NAME_CNAME} (A this address). */
    public static final String PTR_CNAME = "1.2.3.10";
    /** PTR {@link #PTR_FORMULA_NAME}. */
    public static final String PTR_FORMULA = "1.2.3.11";
    /** PTR {@link #PTR_HTML_NAME}. */
    public static final String PTR_HTML = "1.2.3.12";
    /** PTR {@link #PTR_CONTROL_NAME}. */
    public static final String PTR_CONTROL = "1.2.3.13";
    /** PTR {@link #PTR_LONGEST_NAME}: 255 bytes in wire form. */
    public static final String PTR_LONGEST = "1.2.3.14";
    /** PTR {@link #PTR_BYTES_NAME}: a bidi override, invalid UTF-8 and a C1 control byte. */
    public static final String PTR_BYTES = "1.2.3.15";
    /** PTR {@link #NAME_TXT_ONLY}, which has no A (forward NODATA): FCrDNS false. */
    public static final String PTR_FORWARD_NODATA = "1.2.3.16";
    /** PTR {@code host.servfail.test}, whose A query gets SERVFAIL. */
    public static final String PTR_FORWARD_SERVFAIL = "1.2.3.17";
    /** PTR {@code host.timeout.test}, whose A query is never answered. */
    public static final String PTR_FORWARD_TIMEOUT = "1.2.3.18";
    /** Where {@link #NAME_FORGED} points; has no PTR (NXDOMAIN). */
    public static final String FORGED_TARGET = "1.2.3.200";
    /** PTR {@link #NAME_V6_CONFIRMED}, whose AAAA is this address: FCrDNS true. */
    public static final String PTR6_CONFIRMED = "2a00:1:2:3::1";
    /** PTR {@link #NAME_V6_FORGED}, whose AAAA is 2a00:1:2:3::99: FCrDNS false. */
    public static final String PTR6_FORGED = "2a00:1:2:3::2";
    /** NXDOMAIN. */
    public static final String PTR6_NXDOMAIN = "2a00:1:2:3::5";

    public static final String NAME_CONFIRMED = "host1.fcrdns.test";
    public static final String NAME_FORGED = "forged.fcrdns.test";
    public static final String NAME_GONE = "gone.fcrdns.test";
    public static final List<String> NAMES_SEVERAL = List.of("multi-a.fcrdns.test", "multi-b.fcrdns.test");
    public static final String NAME_CNAME = "classless.fcrdns.test";
    public static final String CNAME_TARGET = "10.0-25.3.2.1.in-addr.arpa";
    public static final String NAME_TXT_ONLY = "txtonly.fcrdns.test";
    public static final String NAME_FORWARD_SERVFAIL = "host.servfail.test";
    public static final String NAME_FORWARD_TIMEOUT = "host.timeout.test";
    public static final String NAME_V6_CONFIRMED = "v6host.fcrdns.test";
    public static final String NAME_V6_FORGED = "forged6.fcrdns.test";

    /** A spreadsheet formula (one label): {@code =cmd|' /C calc'!A0}. */
    public static final String PTR_FORMULA_NAME = "=cmd|' /C calc'!A0.evil.test";
    /** HTML (one label). */
    public static final String PTR_HTML_NAME = "<script>alert(1)</script>.evil.test";
    /** Terminal control: ESC sequences (clear screen, red), BEL, NUL, CR, LF, DEL, in one label. */
    public static final String PTR_CONTROL_NAME = "ctl\033[2J\033[31mred\007\000\r\n\177.evil.test";
    /** U+202E (right-to-left override) as UTF-8 bytes, then 0xFF (never valid UTF-8) and 0x9B (CSI). */
    public static final String PTR_BYTES_NAME = "\u00e2\u0080\u00aegnp-exe\u00ff\u009b.evil.test";
    /** The longest name: 63 + 63 + 63 + 52 + 3 + 4 characters in six labels, 255 bytes in wire form. */
    public static final String PTR_LONGEST_NAME =
            "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(52) + ".max.test";

    // ---- DNS blocklists ----
    /** Spamhaus ZEN, served locally under its real name. */
    public static final String ZEN = "zen.spamhaus.org";
    /** A made-up Spamhaus DQS key (26 characters). */
    public static final String DQS_KEY = "abcdefghijklmnopqrstuvwxyz";
    /** The DQS zone for {@link #DQS_KEY}: the same data as {@link #ZEN}. */
    public static final String DQS_ZONE = DQS_KEY + ".zen.dq.spamhaus.net";
    /**
     * An IPv4-only list: 127.0.0.2 and 1.2.4.1 listed (127.0.0.2); every IPv6 name NXDOMAIN, the
     * RFC 5782 IPv6 test entry ::ffff:7f00:2 included (served by unbound).
     */
    public static final String BL_V4ONLY = "v4only.bl.test";
    /**
     * An IPv4-only list served by rbldnsd, as many real ones are: 127.0.0.2 and 1.2.4.1 listed
     * (127.0.0.2), IPv6 names NXDOMAIN except IPv4-mapped ones, which rbldnsd answers from its IPv4
     * data: the IPv6 test entry ::ffff:7f00:2 is listed although the list has no IPv6 data.
     */
    public static final String BL_V4MAPPED = "v4mapped.bl.test";
    /** A dead list that answers 127.0.0.2 for every name, 127.0.0.1 included. */
    public static final String BL_WILDCARD = "wildcard.bl.test";
    /** A list that answers SERVFAIL for every name. */
    public static final String BL_SERVFAIL = "servfail.bl.test";
    /** A list that never answers. */
    public static final String BL_TIMEOUT = "timeout.bl.test";
    /** A list that answers REFUSED for every name. */
    public static final String BL_REFUSED = "refused.bl.test";

    /** ZEN 127.0.0.2 (SBL). */
    public static final String LISTED_SBL = "1.2.4.1";
    /** ZEN 127.0.0.4 (XBL) and 127.0.0.10 (PBL, ISP): two codes. */
    public static final String LISTED_XBL_PBL = "1.2.4.2";
    /** ZEN 127.255.255.254: an error (query through a public resolver), not a listing. */
    public static final String LISTED_ERROR_254 = "1.2.4.3";
    /** ZEN 10.20.30.40: an answer outside 127.0.0.0/8, not a listing. */
    public static final String LISTED_OUTSIDE_127 = "1.2.4.4";
    /** ZEN NXDOMAIN: not listed. */
    public static final String NOT_LISTED = "1.2.4.5";
    /** ZEN 127.255.255.255: an error (too many queries), not a listing. */
    public static final String LISTED_ERROR_255 = "1.2.4.6";
    /** ZEN 127.0.0.2 (SBL) and 127.0.0.9 (DROP). */
    public static final String LISTED_SBL_DROP = "1.2.4.7";
    /** ZEN 127.0.0.3 (CSS). */
    public static final String LISTED_CSS = "1.2.4.8";
    /** ZEN 127.255.255.252: an error (typing error in the zone name), not a listing. */
    public static final String LISTED_ERROR_252 = "1.2.4.9";
    /** ZEN 127.0.0.2 (SBL), IPv6. */
    public static final String LISTED6_SBL = "2a00:1:2:4::1";
    /** ZEN 127.0.0.3 (CSS) and 127.0.0.4 (XBL), IPv6. */
    public static final String LISTED6_CSS_XBL = "2a00:1:2:4::2";
    /** ZEN NXDOMAIN, IPv6. */
    public static final String NOT_LISTED6 = "2a00:1:2:4::5";

    // ---- Team Cymru ----
    /** In 1.2.3.0/24: one origin, {@link #CYMRU_ONE_TXT}. */
    public static final String CYMRU_ONE = "1.2.3.1";
    /** In 1.2.4.0/24: two TXT strings, {@link #CYMRU_TWO_TXT}. */
    public static final String CYMRU_TWO_PREFIXES = "1.2.4.1";
    /** In 1.2.5.0/24: two origin ASNs in one string, {@link #CYMRU_MOAS_TXT}. */
    public static final String CYMRU_MOAS = "1.2.5.1";
    /** In 1.2.6.0/24: {@link #CYMRU_HOSTILE_TXT}. */
    public static final String CYMRU_HOSTILE = "1.2.6.1";
    /** In 1.2.7.0/24: {@link #CYMRU_GARBLED_TXT}. */
    public static final String CYMRU_GARBLED = "1.2.7.1";
    /** In 1.2.8.0/24: NXDOMAIN (unrouted). */
    public static final String CYMRU_UNROUTED = "1.2.8.1";
    /** In 2a00:1::/32: {@link #CYMRU6_ONE_TXT}. */
    public static final String CYMRU6_ONE = "2a00:1:2:3::1";
    /** In 2a00:2::/32: NXDOMAIN (unrouted). */
    public static final String CYMRU6_UNROUTED = "2a00:2::1";

    public static final String CYMRU_ONE_TXT = "64496 | 1.2.3.0/24 | AU | apnic | 2011-08-11";
    public static final List<String> CYMRU_TWO_TXT =
            List.of("64497 | 1.2.4.0/24 | AU | apnic | 2011-08-11", "64498 | 1.2.0.0/16 | AU | apnic | 2010-01-15");
    public static final String CYMRU_MOAS_TXT = "64499 64500 | 1.2.5.0/24 | AU | apnic | 2011-08-11";
    /** One character per byte: a formula, HTML, ESC, BEL and NUL in the fields after the ASN. */
    public static final String CYMRU_HOSTILE_TXT =
            "64501 | 1.2.6.0/24 | =1+1 | <img src=x onerror=alert(1)> | \033[2J\0072011-08-11\000";

    public static final String CYMRU_GARBLED_TXT = "64502 1.2.7.0/24 AU apnic";
    public static final String CYMRU6_ONE_TXT = "64503 | 2a00:1::/32 | DE | ripencc | 2011-08-11";

    // ---- never sent ----
    /**
     * Private and reserved addresses, and public-looking ones that carry a private one (6to4, NAT64,
     * Teredo of 10.0.0.1): a client must never send a query that names them. Each is a canary that
     * answers like a public address (PTR {@code leak-...leak.test}, listed in ZEN, Cymru origin 64511).
     */
    public static final List<String> NEVER_SENT = List.of(
            "10.0.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "192.0.2.1",
            "127.0.0.1",
            "fe80::1",
            "fc00::1",
            "2001:db8::1",
            "2002:a00:1::1",
            "64:ff9b::a00:1",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe");

    /** The public addresses the world answers for (each is checked to be globally routable). */
    public static final List<String> PUBLIC = List.of(
            PTR_CONFIRMED,
            PTR_FORGED,
            PTR_FORWARD_NXDOMAIN,
            PTR_SEVERAL,
            PTR_NXDOMAIN,
            PTR_NODATA,
            PTR_SERVFAIL,
            PTR_REFUSED,
            PTR_TIMEOUT,
            PTR_CNAME,
            PTR_FORMULA,
            PTR_HTML,
            PTR_CONTROL,
            PTR_LONGEST,
            PTR_BYTES,
            PTR_FORWARD_NODATA,
            PTR_FORWARD_SERVFAIL,
            PTR_FORWARD_TIMEOUT,
            FORGED_TARGET,
            PTR6_CONFIRMED,
            PTR6_FORGED,
            PTR6_NXDOMAIN,
            LISTED_SBL,
            LISTED_XBL_PBL,
            LISTED_ERROR_254,
            LISTED_OUTSIDE_127,
            NOT_LISTED,
            LISTED_ERROR_255,
            LISTED_SBL_DROP,
            LISTED_CSS,
            LISTED_ERROR_252,
            LISTED6_SBL,
            LISTED6_CSS_XBL,
            NOT_LISTED6,
            CYMRU_ONE,
            CYMRU_TWO_PREFIXES,
            CYMRU_MOAS,
            CYMRU_HOSTILE,
            CYMRU_GARBLED,
            CYMRU_UNROUTED,
            CYMRU6_ONE,
            CYMRU6_UNROUTED);

    private static final String SOA = " 300 IN SOA ns.test. hostmaster.test. 1 3600 600 86400 60";

    private final DnsServer rbldnsd;
    private final DnsServer dnsmasq;
    private final DnsServer unbound;
    private final Duration startedIn;

    private DnsTestWorld(DnsServer rbldnsd, DnsServer dnsmasq, DnsServer unbound, Duration startedIn) {
        this.rbldnsd = rbldnsd;
        this.dnsmasq = dnsmasq;
        this.unbound = unbound;
        this.startedIn = startedIn;
    }

    /** Starts the three servers (skips the test when one is not installed, fails it under CI). */
    public static DnsTestWorld start() {
        long t0 = System.nanoTime();
        DnsServer rbl = null;
        DnsServer dm = null;
        try {
            rbl = blocklists().start();
            dm = dnsmasq().start();
            DnsServer front = front(rbl, dm).start();
            return new DnsTestWorld(rbl, dm, front, Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException | Error e) {
            if (dm != null) {
                dm.close();
            }
            if (rbl != null) {
                rbl.close();
            }
            throw e;
        }
    }

    /** {@return the resolver, {@code 127.0.0.1:PORT}: the value of {@code --resolver}} */
    public String resolver() {
        return unbound.address();
    }

    /** {@return the resolver's port} */
    public int port() {
        return unbound.port();
    }

    /** {@return the resolver's socket address} */
    public InetSocketAddress socketAddress() {
        return unbound.socketAddress();
    }

    /** {@return every query the resolver got so far, in order (see {@link DnsServer#queryLog()})} */
    public List<DnsServer.Query> queryLog() {
        return unbound.queryLog();
    }

    /**
     * The logged queries whose name starts with the reverse form of the address, or of its /24
     * (IPv4) or /64 (IPv6): a PTR, DNSBL or Cymru query about it, whatever the zone.
     */
    public List<DnsServer.Query> queriesRevealing(String address) {
        return queryLog().stream().filter(q -> reveals(q.name(), address)).toList();
    }

    /** {@return how long {@link #start()} took} */
    public Duration startedIn() {
        return startedIn;
    }

    /** {@return the front server (unbound), the one a client talks to} */
    public DnsServer front() {
        return unbound;
    }

    /** {@return the blocklist server behind the front (rbldnsd)} */
    public DnsServer blocklistServer() {
        return rbldnsd;
    }

    /** {@return the dnsmasq behind the front} */
    public DnsServer dnsmasqServer() {
        return dnsmasq;
    }

    /** Stops the three servers. */
    @Override
    public void close() {
        unbound.close();
        dnsmasq.close();
        rbldnsd.close();
    }

    // ---- the servers ----

    private static Rbldnsd blocklists() {
        List<String> sbl = List.of(
                "$SOA 300 ns.spamhaus.test. hostmaster.spamhaus.test. 1 3600 600 86400 60",
                ":2:Listed in SBL, see https://check.spamhaus.test/sbl?ip=$",
                "127.0.0.2",
                LISTED_SBL,
                LISTED_SBL_DROP,
                "10.0.0.1 :2:leak canary",
                "192.168.1.1 :2:leak canary",
                "100.64.0.1 :2:leak canary",
                "192.0.2.1 :2:leak canary");
        List<String> css = List.of(":3:Listed in CSS", LISTED_CSS);
        List<String> xbl =
                List.of(":4:Listed in XBL, see https://check.spamhaus.test/xbl?ip=$", "127.0.0.2", LISTED_XBL_PBL);
        List<String> pbl = List.of(":10:Listed in PBL (ISP)", "127.0.0.2", LISTED_XBL_PBL);
        List<String> drop = List.of(":9:Listed in DROP", LISTED_SBL_DROP);
        List<String> errors = List.of(
                LISTED_ERROR_254 + " :127.255.255.254:Error: open or public resolver",
                LISTED_ERROR_255 + " :127.255.255.255:Error: excessive number of queries",
                LISTED_ERROR_252 + " :127.255.255.252:Error: typing error in the zone name",
                LISTED_OUTSIDE_127 + " :10.20.30.40:not a DNSBL answer");
        // no ::ffff:7f00:2 here: rbldnsd answers IPv4-mapped names from its IPv4 datasets
        List<String> sbl6 = new ArrayList<>(List.of(":2:Listed in SBL (IPv6)", full(LISTED6_SBL)));
        for (String a : NEVER_SENT) {
            if (a.contains(":")) {
                sbl6.add(full(a) + " :2:leak canary");
            }
        }
        List<String> css6 = List.of(":3:Listed in CSS (IPv6)", full(LISTED6_CSS_XBL));
        List<String> xbl6 = List.of(":4:Listed in XBL (IPv6)", full(LISTED6_CSS_XBL));
        Rbldnsd r = new Rbldnsd().ttl(300);
        for (String zone : List.of(ZEN, DQS_ZONE)) {
            r.zone(zone, "ip4set", sbl)
                    .zone(zone, "ip4set", css)
                    .zone(zone, "ip4set", xbl)
                    .zone(zone, "ip4set", pbl)
                    .zone(zone, "ip4set", drop)
                    .zone(zone, "ip4set", errors)
                    .zone(zone, "ip6trie", sbl6)
                    .zone(zone, "ip6trie", css6)
                    .zone(zone, "ip6trie", xbl6);
        }
        r.zone(
                BL_V4MAPPED,
                "ip4set",
                List.of(
                        "$SOA 300 ns.bl.test. hostmaster.bl.test. 1 3600 600 86400 60",
                        ":2:Listed",
                        "127.0.0.2",
                        LISTED_SBL));
        return r;
    }

    private static Dnsmasq dnsmasq() {
        return new Dnsmasq()
                .localTtl(300)
                .address(BL_WILDCARD, "127.0.0.2")
                .local(BL_WILDCARD)
                .ptrRecord(CNAME_TARGET, NAME_CNAME)
                .cname(reverseName(PTR_CNAME), CNAME_TARGET);
        // every other name (the SERVFAIL zones forwarded here) is REFUSED
    }

    private static Unbound front(DnsServer rbl, DnsServer dm) {
        Unbound u = new Unbound();
        // forward names of the PTR targets
        u.localZone("fcrdns.test", "static").localData("fcrdns.test." + SOA);
        a(u, NAME_CONFIRMED, PTR_CONFIRMED);
        a(u, NAME_FORGED, FORGED_TARGET);
        NAMES_SEVERAL.forEach(n -> a(u, n, PTR_SEVERAL));
        a(u, NAME_CNAME, PTR_CNAME);
        u.localData(NAME_TXT_ONLY + ". 300 IN TXT \"no address here\"");
        u.localData(NAME_V6_CONFIRMED + ". 300 IN AAAA " + PTR6_CONFIRMED);
        u.localData(NAME_V6_FORGED + ". 300 IN AAAA 2a00:1:2:3::99");
        u.localZone("evil.test", "static").localData("evil.test." + SOA);
        u.localZone("leak.test", "static").localData("leak.test." + SOA);
        u.localZone("refused.test", "refuse");
        u.localZone("timeout.test", "deny");
        u.forwardZone("servfail.test", dm);

        // reverse zones
        u.localZone("in-addr.arpa", "static").localData("in-addr.arpa." + SOA);
        u.localZone("ip6.arpa", "static").localData("ip6.arpa." + SOA);
        ptr(u, PTR_CONFIRMED, NAME_CONFIRMED);
        ptr(u, PTR_FORGED, NAME_FORGED);
        ptr(u, PTR_FORWARD_NXDOMAIN, NAME_GONE);
        NAMES_SEVERAL.forEach(n -> ptr(u, PTR_SEVERAL, n));
        u.localData(reverseName(PTR_NODATA) + ". 300 IN TXT \"a name without a PTR record\"");
        u.forwardZone(reverseName(PTR_SERVFAIL), dm);
        u.localZone(reverseName(PTR_REFUSED), "refuse");
        u.localZone(reverseName(PTR_TIMEOUT), "deny");
        u.forwardZone(reverseName(PTR_CNAME), dm);
        u.forwardZone(CNAME_TARGET, dm);
        ptr(u, PTR_FORMULA, PTR_FORMULA_NAME);
        ptr(u, PTR_HTML, PTR_HTML_NAME);
        ptr(u, PTR_CONTROL, PTR_CONTROL_NAME);
        ptr(u, PTR_LONGEST, PTR_LONGEST_NAME);
        ptr(u, PTR_BYTES, PTR_BYTES_NAME);
        ptr(u, PTR_FORWARD_NODATA, NAME_TXT_ONLY);
        ptr(u, PTR_FORWARD_SERVFAIL, NAME_FORWARD_SERVFAIL);
        ptr(u, PTR_FORWARD_TIMEOUT, NAME_FORWARD_TIMEOUT);
        ptr(u, PTR6_CONFIRMED, NAME_V6_CONFIRMED);
        ptr(u, PTR6_FORGED, NAME_V6_FORGED);

        // Team Cymru: one redirect zone per /24 (IPv4) or /32 (IPv6), so every name below answers
        u.localZone("asn.cymru.com", "static")
                .localData("asn.cymru.com. 300 IN SOA ns.cymru.test. hostmaster.cymru.test. 1 3600 600 86400 60");
        cymru(u, CYMRU_ONE, List.of(CYMRU_ONE_TXT));
        cymru(u, CYMRU_TWO_PREFIXES, CYMRU_TWO_TXT);
        cymru(u, CYMRU_MOAS, List.of(CYMRU_MOAS_TXT));
        cymru(u, CYMRU_HOSTILE, List.of(CYMRU_HOSTILE_TXT));
        cymru(u, CYMRU_GARBLED, List.of(CYMRU_GARBLED_TXT));
        cymru(u, CYMRU6_ONE, List.of(CYMRU6_ONE_TXT));

        // canaries: answers for the addresses that must never be sent
        for (String a : NEVER_SENT) {
            if (!a.equals("127.0.0.1")) {
                ptr(u, a, "leak-" + a.replace('.', '-').replace(':', '-') + ".leak.test");
                cymru(u, a, List.of("64511 | " + a + " | ZZ | leak | 2000-01-01"));
            }
        }

        // DNS blocklists
        u.forwardZone(ZEN, rbl).forwardZone(DQS_ZONE, rbl).forwardZone(BL_V4MAPPED, rbl);
        u.localZone(BL_V4ONLY, "static").localData(BL_V4ONLY + "." + SOA);
        for (String listed : List.of("127.0.0.2", LISTED_SBL)) {
            u.localData(reverseLabels(listed) + "." + BL_V4ONLY + ". 300 IN A 127.0.0.2");
            u.localData(reverseLabels(listed) + "." + BL_V4ONLY + ". 300 IN TXT \"Listed\"");
        }
        u.forwardZone(BL_WILDCARD, dm).forwardZone(BL_SERVFAIL, dm);
        u.localZone(BL_TIMEOUT, "deny").localZone(BL_REFUSED, "refuse");
        return u;
    }

    private static void a(Unbound u, String name, String address) {
        u.localData(name + ". 300 IN A " + address);
    }

    private static void ptr(Unbound u, String address, String name) {
        u.localData(reverseName(address) + ". 300 IN PTR " + presentation(name) + ".");
    }

    private static void cymru(Unbound u, String address, List<String> txt) {
        IpAddress a = parse(address);
        String zone = a.isV4()
                ? reverseLabels(address).substring(reverseLabels(address).indexOf('.') + 1) + ".origin.asn.cymru.com"
                : reverseLabels(address).substring(48) + ".origin6.asn.cymru.com"; // the first 8 nibbles: /32
        u.localZone(zone, "redirect");
        for (String t : txt) {
            u.localData(zone + ". 300 IN TXT \"" + txtPresentation(t) + "\"");
        }
    }

    // ---- names ----

    /**
     * The reverse name of an address without a final dot: {@code 4.3.2.1.in-addr.arpa}, or 32
     * nibbles under {@code ip6.arpa}.
     */
    public static String reverseName(String address) {
        return reverseLabels(address) + (parse(address).isV4() ? ".in-addr.arpa" : ".ip6.arpa");
    }

    /** The reversed octets ({@code 4.3.2.1}) or nibbles (32 labels) of an address, as DNSBLs use them. */
    public static String reverseLabels(String address) {
        byte[] b = parse(address).toBytes();
        List<String> labels = new ArrayList<>();
        for (int i = b.length - 1; i >= 0; i--) {
            int v = b[i] & 0xFF;
            if (b.length == 4) {
                labels.add(Integer.toString(v));
            } else {
                labels.add(Integer.toHexString(v & 0xF));
                labels.add(Integer.toHexString(v >> 4));
            }
        }
        return String.join(".", labels);
    }

    /**
     * A name given one character per byte in zone-file form: letters, digits, {@code -} and {@code _}
     * as they are, every other byte as {@code \DDD}, dots between labels.
     */
    public static String presentation(String name) {
        StringBuilder sb = new StringBuilder();
        for (String label : name.split("\\.", -1)) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            for (byte c : label.getBytes(StandardCharsets.ISO_8859_1)) {
                int v = c & 0xFF;
                if (Character.isLetterOrDigit(v) && v < 0x80 || v == '-' || v == '_') {
                    sb.append((char) v);
                } else {
                    sb.append(String.format(Locale.ROOT, "\\%03d", v));
                }
            }
        }
        return sb.toString();
    }

    /** A TXT string given one character per byte, for inside double quotes in a zone file. */
    private static String txtPresentation(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte c : text.getBytes(StandardCharsets.ISO_8859_1)) {
            int v = c & 0xFF;
            if (v >= 0x20 && v < 0x7f && v != '"' && v != '\\' && v != '\'') {
                sb.append((char) v);
            } else {
                sb.append(String.format(Locale.ROOT, "\\%03d", v));
            }
        }
        return sb.toString();
    }

    /** The wire form of a name given one character per byte (for checking a client's bytes). */
    public static byte[] wire(String name) {
        byte[] out = new byte[256];
        int at = 0;
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.ISO_8859_1);
            out[at++] = (byte) l.length;
            System.arraycopy(l, 0, out, at, l.length);
            at += l.length;
        }
        out[at++] = 0;
        return Arrays.copyOf(out, at);
    }

    /** An IPv6 address with all eight groups (rbldnsd's data files read a line's leading ':' as a value). */
    private static String full(String address) {
        byte[] b = parse(address).toBytes();
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 16; i += 2) {
            groups.add(Integer.toHexString(((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF)));
        }
        return String.join(":", groups);
    }

    static boolean reveals(String queryName, String address) {
        IpAddress a = parse(address);
        String[] want = reverseLabels(address).split("\\.");
        String[] got = queryName.split("\\.");
        int minimum = a.isV4() ? 3 : 16; // a /24 or a /64 is enough to reveal the address
        // the query's leading labels read as a reversed address: compare from the address's start
        int n = 0;
        while (n < got.length && n < want.length && isAddressLabel(got[n], a.isV4())) {
            n++;
        }
        if (n < minimum) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!got[n - 1 - i].equals(want[want.length - 1 - i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAddressLabel(String label, boolean v4) {
        return v4 ? label.matches("\\d{1,3}") : label.matches("[0-9a-f]");
    }

    private static IpAddress parse(String address) {
        return IpLiteral.parseStrict(address).orElseThrow();
    }
}
