package dev.iptriage.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The literal grammar, table-driven: what each mode accepts, what it gives, and why it refuses. */
class IpLiteralTest {

    /** Bare literals: accepted by both modes; input, canonical text. */
    static Stream<Arguments> bareLiterals() {
        return Stream.of(
                argumentSet("v4 zero", "0.0.0.0", "0.0.0.0"),
                argumentSet("v4 all ones", "255.255.255.255", "255.255.255.255"),
                argumentSet("v4 plain", "192.0.2.1", "192.0.2.1"),
                argumentSet("v4 single zeros", "10.0.0.0", "10.0.0.0"),
                argumentSet("v4 mixed widths", "9.99.199.249", "9.99.199.249"),
                // RFC 4291 section 2.2, form 1: full
                argumentSet(
                        "4291 full upper case",
                        "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789",
                        "abcd:ef01:2345:6789:abcd:ef01:2345:6789"),
                argumentSet("4291 full with zeros", "2001:DB8:0:0:8:800:200C:417A", "2001:db8::8:800:200c:417a"),
                argumentSet("4291 multicast full", "FF01:0:0:0:0:0:0:101", "ff01::101"),
                argumentSet("4291 loopback full", "0:0:0:0:0:0:0:1", "::1"),
                argumentSet("4291 unspecified full", "0:0:0:0:0:0:0:0", "::"),
                // form 2: compressed
                argumentSet("4291 compressed unicast", "2001:DB8::8:800:200C:417A", "2001:db8::8:800:200c:417a"),
                argumentSet("4291 compressed multicast", "FF01::101", "ff01::101"),
                argumentSet("4291 compressed loopback", "::1", "::1"),
                argumentSet("4291 compressed unspecified", "::", "::"),
                // form 3: embedded IPv4
                argumentSet("4291 compatible full", "0:0:0:0:0:0:13.1.68.3", "::d01:4403"),
                argumentSet("4291 compatible compressed", "::13.1.68.3", "::d01:4403"),
                argumentSet("4291 mapped full", "0:0:0:0:0:FFFF:129.144.52.38", "::ffff:129.144.52.38"),
                argumentSet("4291 mapped compressed", "::FFFF:129.144.52.38", "::ffff:129.144.52.38"),
                argumentSet("v4 after 6 groups", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
                argumentSet("v4 after ::", "1::1.2.3.4", "1::102:304"),
                argumentSet("NAT64 with v4", "64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
                argumentSet("mapped zero", "::ffff:0:0", "::ffff:0.0.0.0"),
                // RFC 5952 section 2: eight spellings of one address
                argumentSet("5952 s2 a", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
                argumentSet("5952 s2 b", "2001:0db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
                argumentSet("5952 s2 c", "2001:db8::1:0:0:1", "2001:db8::1:0:0:1"),
                argumentSet("5952 s2 d", "2001:db8::0:1:0:0:1", "2001:db8::1:0:0:1"),
                argumentSet("5952 s2 e", "2001:0db8::1:0:0:1", "2001:db8::1:0:0:1"),
                argumentSet("5952 s2 f", "2001:db8:0:0:1::1", "2001:db8::1:0:0:1"),
                argumentSet("5952 s2 g", "2001:db8:0000:0:1::1", "2001:db8::1:0:0:1"),
                argumentSet("5952 s2 h", "2001:DB8:0:0:1::1", "2001:db8::1:0:0:1"),
                // RFC 5952 2.1 leading zeros
                argumentSet(
                        "5952 2.1 0001",
                        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001",
                        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"),
                argumentSet(
                        "5952 2.1 001", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:001", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"),
                argumentSet(
                        "5952 2.1 01", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:01", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"),
                // RFC 5952 2.2 zero compression
                argumentSet(
                        "5952 2.2 :: for one group",
                        "2001:db8:aaaa:bbbb:cccc:dddd::1",
                        "2001:db8:aaaa:bbbb:cccc:dddd:0:1"),
                argumentSet("5952 2.2 0:0:0::1", "2001:db8:0:0:0::1", "2001:db8::1"),
                argumentSet("5952 2.2 0:0::1", "2001:db8:0:0::1", "2001:db8::1"),
                argumentSet("5952 2.2 0::1", "2001:db8:0::1", "2001:db8::1"),
                argumentSet("5952 2.2 tie a", "2001:db8::aaaa:0:0:1", "2001:db8::aaaa:0:0:1"),
                argumentSet("5952 2.2 tie b", "2001:db8:0:0:aaaa::1", "2001:db8::aaaa:0:0:1"),
                // RFC 5952 2.3 case
                argumentSet(
                        "5952 2.3 upper",
                        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA",
                        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa"),
                argumentSet(
                        "5952 2.3 mixed",
                        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa",
                        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa"),
                // RFC 5952 section 4 rules
                argumentSet("5952 4.2.1 shorten fully", "2001:db8:0:0:0:0:2:1", "2001:db8::2:1"),
                argumentSet("5952 4.2.2 lone zero kept", "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
                argumentSet("5952 4.2.3 longest run", "2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
                argumentSet("5952 4.2.3 first on tie", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
                argumentSet("5952 5 mapped", "::ffff:192.0.2.1", "::ffff:192.0.2.1"),
                // edges of '::'
                argumentSet(":: at end", "1::", "1::"),
                argumentSet(":: for last group only", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
                argumentSet(":: for first group only", "::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
                argumentSet(":: then 7 groups", "::1:2:3:4:5:6:7", "0:1:2:3:4:5:6:7"),
                argumentSet("later longer run", "1:0:0:2:0:0:0:3", "1:0:0:2::3"),
                argumentSet(
                        "all ones v6",
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                argumentSet("link-local", "fe80::1", "fe80::1"));
    }

    @ParameterizedTest
    @MethodSource("bareLiterals")
    void bothModesAcceptBareLiterals(String input, String canonical) {
        IpLiteral.Parsed strict = IpLiteral.parseStrict(input);
        assertThat(strict.error()).isNull();
        assertThat(strict.address()).hasToString(canonical);
        assertThat(strict.prefixLength()).isEqualTo(-1);
        assertThat(strict.port()).isEqualTo(-1);
        assertThat(strict.zone()).isNull();
        assertThat(strict.isNetwork()).isFalse();
        assertThat(IpLiteral.parse(input)).isEqualTo(strict);
        assertThat(IpLiteral.tryParseStrict(input)).isEqualTo(strict.address());
        // the canonical text is itself a fixed point
        assertThat(IpLiteral.parseStrict(canonical).address()).isEqualTo(strict.address());
    }

    /** Shapes only the lenient mode takes: input, canonical address, prefix, port, zone, network. */
    static Stream<Arguments> lenientShapes() {
        return Stream.of(
                argumentSet("spaces around", "  192.0.2.1  ", "192.0.2.1", -1, -1, null, "192.0.2.1/32"),
                argumentSet("tab and CRLF", "\t2001:db8::1\r\n", "2001:db8::1", -1, -1, null, "2001:db8::1/128"),
                argumentSet("v4 port", "192.0.2.1:8080", "192.0.2.1", -1, 8080, null, "192.0.2.1/32"),
                argumentSet("v4 port 0", "192.0.2.1:0", "192.0.2.1", -1, 0, null, "192.0.2.1/32"),
                argumentSet("v4 port max", "192.0.2.1:65535", "192.0.2.1", -1, 65535, null, "192.0.2.1/32"),
                argumentSet("bracketed v6 port", "[2001:DB8::1]:443", "2001:db8::1", -1, 443, null, "2001:db8::1/128"),
                argumentSet("bracketed v6", "[2001:db8::1]", "2001:db8::1", -1, -1, null, "2001:db8::1/128"),
                argumentSet(
                        "bracketed mapped port",
                        "[::ffff:1.2.3.4]:80",
                        "::ffff:1.2.3.4",
                        -1,
                        80,
                        null,
                        "::ffff:1.2.3.4/128"),
                argumentSet("bracketed v4 port", "[192.0.2.1]:25", "192.0.2.1", -1, 25, null, "192.0.2.1/32"),
                argumentSet("bracketed v4", "[192.0.2.1]", "192.0.2.1", -1, -1, null, "192.0.2.1/32"),
                argumentSet("zone", "fe80::1%eth0", "fe80::1", -1, -1, "eth0", "fe80::1/128"),
                argumentSet("numeric zone", "fe80::1%25", "fe80::1", -1, -1, "25", "fe80::1/128"),
                argumentSet(
                        "zone in brackets with port", "[fe80::1%en0]:8080", "fe80::1", -1, 8080, "en0", "fe80::1/128"),
                argumentSet("zone and prefix", "fe80::1%eth0/64", "fe80::1", 64, -1, "eth0", "fe80::/64"),
                argumentSet(
                        "longest zone", "fe80::1%" + "z".repeat(64), "fe80::1", -1, -1, "z".repeat(64), "fe80::1/128"),
                argumentSet("v4 CIDR host bits kept", "192.0.2.77/24", "192.0.2.77", 24, -1, null, "192.0.2.0/24"),
                argumentSet("v4 /0", "0.0.0.0/0", "0.0.0.0", 0, -1, null, "0.0.0.0/0"),
                argumentSet("v4 /32", "10.1.2.3/32", "10.1.2.3", 32, -1, null, "10.1.2.3/32"),
                argumentSet("v6 CIDR", "2001:db8::/32", "2001:db8::", 32, -1, null, "2001:db8::/32"),
                argumentSet(
                        "v6 CIDR host bits", "2001:db8:1:2::5/48", "2001:db8:1:2::5", 48, -1, null, "2001:db8:1::/48"),
                argumentSet("v6 /0", "::/0", "::", 0, -1, null, "::/0"),
                argumentSet("v6 /128", "::1/128", "::1", 128, -1, null, "::1/128"),
                argumentSet("mapped CIDR", "::ffff:1.2.3.4/120", "::ffff:1.2.3.4", 120, -1, null, "::ffff:1.2.3.0/120"),
                argumentSet("CIDR with spaces", " 10.0.0.0/8\n", "10.0.0.0", 8, -1, null, "10.0.0.0/8"));
    }

    @ParameterizedTest
    @MethodSource("lenientShapes")
    void lenientAcceptsDecoratedTokens(
            String input, String address, int prefix, int port, String zone, String network) {
        IpLiteral.Parsed p = IpLiteral.parse(input);
        assertThat(p.error()).isNull();
        assertThat(p.ok()).isTrue();
        assertThat(p.address()).hasToString(address);
        assertThat(p.prefixLength()).isEqualTo(prefix);
        assertThat(p.isNetwork()).isEqualTo(prefix >= 0);
        assertThat(p.port()).isEqualTo(port);
        assertThat(p.zone()).isEqualTo(zone);
        assertThat(p.network()).hasToString(network);
        assertThat(IpLiteral.parseStrict(input).ok()).isFalse();
        assertThat(IpLiteral.tryParseStrict(input)).isNull();
    }

    /** Refusals: input, lenient reason, strict reason (null: the same). */
    static Stream<Arguments> invalid() {
        String same = null;
        return Stream.of(
                argumentSet("empty", "", "empty input", same),
                argumentSet("only spaces", "   ", "empty input", "unexpected space"),
                argumentSet("octet 256", "256.1.1.1", "octet 256 > 255", same),
                argumentSet("last octet 256", "1.2.3.256", "octet 256 > 255", same),
                argumentSet("octet 1000", "1.2.3.1000", "octet 1000 > 255", same),
                argumentSet("huge octet cut", "1.2.3.99999999999999", "octet 9999999999... > 255", same),
                argumentSet(
                        "leading zero octet",
                        "010.1.1.1",
                        "octet 010 has a leading zero (ambiguous: octal or decimal?)",
                        same),
                argumentSet(
                        "double zero octet",
                        "1.2.3.00",
                        "octet 00 has a leading zero (ambiguous: octal or decimal?)",
                        same),
                argumentSet("three octets", "1.2.3", "IPv4 address needs 4 octets, got 3", same),
                argumentSet("short form 127.1", "127.1", "IPv4 address needs 4 octets, got 2", same),
                argumentSet("five octets", "1.2.3.4.5", "IPv4 address has more than 4 octets", same),
                argumentSet("trailing dot", "1.2.3.4.", "IPv4 address has more than 4 octets", same),
                argumentSet("empty octet", "1..2.3", "empty octet", same),
                argumentSet("empty last octet", "1.2.3.", "empty octet", same),
                argumentSet("leading dot", ".1.2.3", "not an IP address", same),
                argumentSet("negative octet", "1.2.-3.4", "unexpected character '-'", same),
                argumentSet("integer v4", "2130706433", "not an IP address", same),
                argumentSet("hex v4", "0x7f000001", "not an IP address", same),
                argumentSet("hex octets", "0x7f.0.0.1", "not an IP address", same),
                argumentSet("host name", "example.com", "not an IP address", same),
                argumentSet("localhost", "localhost", "not an IP address", same),
                argumentSet("hex word", "cafe", "not an IP address", same),
                argumentSet("two ::", "::1::", "IPv6 address has more than one '::'", same),
                argumentSet("two :: apart", "1::2::3", "IPv6 address has more than one '::'", same),
                argumentSet(":::", ":::", "unexpected character ':'", same),
                argumentSet("::: inside", "1:::2", "unexpected character ':'", same),
                argumentSet("nine groups", "1:2:3:4:5:6:7:8:9", "IPv6 address has more than 8 groups", same),
                argumentSet("seven groups", "1:2:3:4:5:6:7", "IPv6 address needs 8 groups or '::', got 7", same),
                argumentSet("8 groups and :: after", "1:2:3:4:5:6:7:8::", "IPv6 address has 8 groups and a '::'", same),
                argumentSet(
                        "8 groups and :: before", "::1:2:3:4:5:6:7:8", "IPv6 address has 8 groups and a '::'", same),
                argumentSet("5-digit group first", "12345::1", "IPv6 group 12345 has more than 4 hex digits", same),
                argumentSet(
                        "5-digit group last",
                        "1:2:3:4:5:6:7:abcde",
                        "IPv6 group abcde has more than 4 hex digits",
                        same),
                argumentSet("trailing single colon", "1::2:", "IPv6 address cannot end with a single ':'", same),
                argumentSet("leading single colon", ":1::2", "IPv6 address cannot start with a single ':'", same),
                argumentSet("bad hex digit", "2001:db8::g", "unexpected character 'g'", same),
                argumentSet("embedded v4 short", "::ffff:1.2.3", "IPv4 address needs 4 octets, got 3", same),
                argumentSet("embedded v4 long", "::ffff:1.2.3.4.5", "IPv4 address has more than 4 octets", same),
                argumentSet(
                        "embedded v4 leading zero",
                        "::ffff:01.2.3.4",
                        "octet 01 has a leading zero (ambiguous: octal or decimal?)",
                        same),
                argumentSet("embedded v4 256", "::ffff:1.2.3.256", "octet 256 > 255", same),
                argumentSet(
                        "embedded v4 not last",
                        "::1.2.3.4:5",
                        "IPv4 part must be the last 32 bits of an IPv6 address",
                        same),
                argumentSet(
                        "embedded v4 too many groups",
                        "1:2:3:4:5:6:7:1.2.3.4",
                        "IPv6 address has more than 8 groups",
                        same),
                argumentSet("embedded v4 hex", "::ffff:1.2.3.a", "unexpected character 'a'", same),
                argumentSet(
                        "unbracketed v6 port",
                        "::ffff:1.2.3.4:80",
                        "IPv4 part must be the last 32 bits of an IPv6 address",
                        same),
                argumentSet("empty port", "1.2.3.4:", "empty port", "port not allowed in a strict literal"),
                argumentSet(
                        "port 65536", "1.2.3.4:65536", "port 65536 > 65535", "port not allowed in a strict literal"),
                argumentSet(
                        "port huge",
                        "1.2.3.4:123456789",
                        "port 123456789 > 65535",
                        "port not allowed in a strict literal"),
                argumentSet(
                        "port leading zero",
                        "1.2.3.4:080",
                        "port 080 has a leading zero",
                        "port not allowed in a strict literal"),
                argumentSet(
                        "two ports",
                        "1.2.3.4:80:90",
                        "unexpected character ':'",
                        "port not allowed in a strict literal"),
                argumentSet(
                        "named port",
                        "1.2.3.4:http",
                        "unexpected character 'h'",
                        "port not allowed in a strict literal"),
                argumentSet("v4 then ::", "1.2.3.4::", "empty port", "port not allowed in a strict literal"),
                argumentSet(
                        "prefix /33", "1.2.3.4/33", "prefix /33 > 32", "prefix length not allowed in a strict literal"),
                argumentSet(
                        "prefix /129", "::/129", "prefix /129 > 128", "prefix length not allowed in a strict literal"),
                argumentSet(
                        "prefix /1000",
                        "::/1000",
                        "prefix /1000 > 128",
                        "prefix length not allowed in a strict literal"),
                argumentSet(
                        "empty prefix",
                        "1.2.3.4/",
                        "empty prefix length",
                        "prefix length not allowed in a strict literal"),
                argumentSet(
                        "prefix leading zero",
                        "1.2.3.4/024",
                        "prefix /024 has a leading zero",
                        "prefix length not allowed in a strict literal"),
                argumentSet(
                        "two prefixes",
                        "1.2.3.4/24/8",
                        "unexpected character '/'",
                        "prefix length not allowed in a strict literal"),
                argumentSet(
                        "negative prefix",
                        "1.2.3.4/-1",
                        "unexpected character '-'",
                        "prefix length not allowed in a strict literal"),
                argumentSet(
                        "prefix and port",
                        "1.2.3.4/24:80",
                        "unexpected character ':'",
                        "prefix length not allowed in a strict literal"),
                argumentSet(
                        "zone on v4",
                        "1.2.3.4%eth0",
                        "zone id only allowed on IPv6",
                        "zone id not allowed in a strict literal"),
                argumentSet("empty zone", "fe80::1%", "empty zone id", "zone id not allowed in a strict literal"),
                argumentSet(
                        "zone with space",
                        "fe80::1%eth 0",
                        "unexpected space",
                        "zone id not allowed in a strict literal"),
                argumentSet(
                        "zone too long",
                        "fe80::1%" + "z".repeat(65),
                        "zone id longer than 64 characters",
                        "zone id not allowed in a strict literal"),
                argumentSet(
                        "zone non-ASCII",
                        "fe80::1%\u00e9th0",
                        "zone id: unexpected non-ASCII character",
                        "zone id not allowed in a strict literal"),
                argumentSet("unclosed bracket", "[::1", "missing ']'", "brackets not allowed in a strict literal"),
                argumentSet("bracket empty port", "[::1]:", "empty port", "brackets not allowed in a strict literal"),
                argumentSet(
                        "bracket garbage",
                        "[::1]x",
                        "unexpected character 'x'",
                        "brackets not allowed in a strict literal"),
                argumentSet(
                        "bracket then prefix",
                        "[::1]/64",
                        "unexpected character '/'",
                        "brackets not allowed in a strict literal"),
                argumentSet(
                        "prefix in brackets",
                        "[2001:db8::/32]",
                        "unexpected character '/'",
                        "brackets not allowed in a strict literal"),
                argumentSet(
                        "double brackets", "[[::1]]", "not an IP address", "brackets not allowed in a strict literal"),
                argumentSet("only closing bracket", "::1]", "unexpected character ']'", same),
                argumentSet("trailing NUL", "1.2.3.4\0", "unexpected control character 0x00", same),
                argumentSet("leading NUL", "\0" + "1.2.3.4", "not an IP address", "unexpected control character 0x00"),
                argumentSet("inner DEL", "1.2\u007f.3.4", "unexpected control character 0x7F", same),
                argumentSet("fullwidth digit", "1.2.3.\uff14", "unexpected non-ASCII character", same),
                argumentSet("Arabic-Indic digits", "\u0661.\u0662.\u0663.\u0664", "not an IP address", same),
                argumentSet("two addresses", "1.2.3.4 5.6.7.8", "unexpected space", same),
                argumentSet("v6 then word", "2001:db8::1 extra", "unexpected space", same),
                argumentSet("v4 then letters", "1.2.3.4abc", "unexpected character 'a'", same));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refusesWithAShortReason(String input, String lenientError, String strictError) {
        IpLiteral.Parsed lenient = IpLiteral.parse(input);
        assertThat(lenient.ok()).isFalse();
        assertThat(lenient.address()).isNull();
        assertThat(lenient.error()).isEqualTo(lenientError);
        assertStrictRefuses(input, strictError == null ? lenientError : strictError);
    }

    /** What only the strict mode refuses, and why: input, strict reason. */
    static Stream<Arguments> strictOnlyRefusals() {
        return Stream.of(
                argumentSet("leading space", " 1.2.3.4", "unexpected space"),
                argumentSet("trailing tab", "1.2.3.4\t", "unexpected control character 0x09"),
                argumentSet("trailing newline", "::1\n", "unexpected control character 0x0A"),
                argumentSet("brackets", "[::1]", "brackets not allowed in a strict literal"),
                argumentSet("port", "1.2.3.4:80", "port not allowed in a strict literal"),
                argumentSet("prefix", "10.0.0.0/8", "prefix length not allowed in a strict literal"),
                argumentSet("v6 prefix", "2001:db8::/32", "prefix length not allowed in a strict literal"),
                argumentSet("zone", "fe80::1%eth0", "zone id not allowed in a strict literal"));
    }

    @ParameterizedTest
    @MethodSource("strictOnlyRefusals")
    void strictRefusesDecorations(String input, String strictError) {
        assertThat(IpLiteral.parse(input).ok()).isTrue();
        assertStrictRefuses(input, strictError);
    }

    private static void assertStrictRefuses(String input, String error) {
        IpLiteral.Parsed strict = IpLiteral.parseStrict(input);
        assertThat(strict.ok()).isFalse();
        assertThat(strict.address()).isNull();
        assertThat(strict.error()).isEqualTo(error);
        assertThat(IpLiteral.tryParseStrict(input)).isNull();
    }
}
