package dev.iptriage.ip;

import java.util.Objects;

/**
 * Parses IP address literals from text or bytes: hand-written, no regex, no {@code InetAddress}, never
 * DNS. Input is untrusted: any length and any bytes (NUL, control characters, non-ASCII) give a
 * failed {@link Parsed} with a short reason, never an exception, in time linear in the input (numbers
 * are cut off after a few digits, zone ids after {@value LiteralScanner#MAX_ZONE_LENGTH} characters).
 * The {@code byte[]} and {@link CharSequence} forms follow the same rules; bytes are ASCII or UTF-8,
 * and anything outside ASCII is invalid in both.
 *
 * <h2>Address rules (both modes)</h2>
 *
 * <ul>
 *   <li>IPv4 is exactly four decimal octets 0 to 255. Octets with a leading zero ({@code 010.1.1.1})
 *       are rejected, because some tools read them as octal and others as decimal; short forms
 *       ({@code 127.1}, {@code 1.2.3}) and integer or hex forms ({@code 2130706433}, {@code
 *       0x7f000001}) are rejected.
 *   <li>IPv6 is any RFC 4291 section 2.2 text: eight groups of 1 to 4 hex digits (either case), at
 *       most one {@code ::} standing for one or more zero groups, and optionally a dotted quad (same
 *       rules as IPv4) as the last 32 bits only ({@code ::ffff:1.2.3.4}, {@code 64:ff9b::192.0.2.1}).
 *   <li>Numbers in prefix lengths and ports are decimal without leading zeros too; ports are 0 to
 *       65535.
 * </ul>
 *
 * <h2>Lenient mode: {@link #parse(CharSequence)}</h2>
 *
 * One token meant to be a single address, with ASCII white space around it trimmed, in one of these
 * shapes:
 *
 * <pre>
 * 192.0.2.1              2001:db8::1
 * 192.0.2.1:8080         [2001:db8::1]:8080     [192.0.2.1]:25 (brackets around IPv4 also accepted)
 * 192.0.2.0/24           2001:db8::/32          [2001:db8::1]
 * fe80::1%eth0           fe80::1%eth0/64        [fe80::1%eth0]:80
 * </pre>
 *
 * A CIDR keeps the address as written (host bits may be set; {@link Parsed#network()} masks them).
 * A zone id follows {@code %} on IPv6 only: 1 to {@value LiteralScanner#MAX_ZONE_LENGTH} printable
 * ASCII characters other than space, {@code %}, {@code /}, {@code [} and {@code ]}, taken verbatim (so
 * a URI's {@code %25} escape is not decoded). A port needs IPv4 or brackets: {@code 2001:db8::1:80}
 * is the valid address {@code 2001:db8::1:80}, not a port, because nothing could tell them apart.
 * Port and prefix are not combined.
 *
 * <h2>Strict mode: {@link #parseStrict(CharSequence)}</h2>
 *
 * Exactly one IPv4 or IPv6 address literal and nothing else: no white space, brackets, port, prefix or
 * zone id, like {@code inet_pton}. The canonical text of {@link IpAddress#toString()} always passes.
 */
public final class IpLiteral {
    private IpLiteral() {}

    /**
     * The outcome of a parse: either {@link #ok()} with the address and what came with it, or a short
     * reason in {@link #error()} such as {@code "octet 256 > 255"}, {@code "not an IP address"} or
     * {@code "prefix /33 > 32"}.
     *
     * @param address the address as written (not masked); null when not ok
     * @param prefixLength the CIDR prefix length, -1 when none
     * @param port the port, -1 when none
     * @param zone the IPv6 zone id without {@code %}, null when none
     * @param error why the input is not accepted, null when ok
     */
    public record Parsed(IpAddress address, int prefixLength, int port, String zone, String error) {

        /**
         * Checks that exactly one of address and error is present.
         *
         * @throws IllegalArgumentException when both or neither are given
         */
        public Parsed {
            if ((address == null) == (error == null)) {
                throw new IllegalArgumentException("a parse result has either an address or an error");
            }
        }

        static Parsed failure(String error) {
            return new Parsed(null, -1, -1, null, error);
        }

        /** {@return whether the input was accepted} */
        public boolean ok() {
            return error == null;
        }

        /** {@return whether the input was a network in CIDR notation (it had a prefix length)} */
        public boolean isNetwork() {
            return prefixLength >= 0;
        }

        /**
         * Returns the network: the masked CIDR for a network, and the single-address network ({@code /32}
         * or {@code /128}) otherwise.
         *
         * @return the network
         * @throws IllegalStateException when the parse failed
         */
        public Cidr network() {
            IpAddress a = orElseThrow();
            return new Cidr(a, isNetwork() ? prefixLength : a.bitLength());
        }

        /**
         * Returns the address, for callers that treat a bad literal as a usage error.
         *
         * @return the address
         * @throws IllegalStateException with the reason when the parse failed
         */
        public IpAddress orElseThrow() {
            if (error != null) {
                throw new IllegalStateException("not a valid IP literal: " + error);
            }
            return address;
        }
    }

    /**
     * Parses one token leniently (see the class comment for the shapes accepted).
     *
     * @param s the text; null is a programming error
     * @return the result; never null, never throws for any text
     */
    public static Parsed parse(CharSequence s) {
        return lenient(new LiteralScanner(Objects.requireNonNull(s, "s")));
    }

    /**
     * Parses one token leniently from ASCII or UTF-8 bytes, with the same rules and results as {@link
     * #parse(CharSequence)}.
     *
     * @param buf the buffer
     * @param off where the token starts
     * @param len how many bytes it has
     * @return the result; never null, never throws for any bytes
     * @throws IndexOutOfBoundsException when {@code off} and {@code len} do not fit {@code buf}
     */
    public static Parsed parse(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        return lenient(new LiteralScanner(buf, off, len));
    }

    /**
     * Parses exactly one address literal, nothing around it (see the class comment).
     *
     * @param s the text; null is a programming error
     * @return the result, with no prefix, port or zone; never null, never throws for any text
     */
    public static Parsed parseStrict(CharSequence s) {
        return strict(new LiteralScanner(Objects.requireNonNull(s, "s")));
    }

    /**
     * Parses exactly one address literal from ASCII or UTF-8 bytes, like {@link
     * #parseStrict(CharSequence)}.
     *
     * @param buf the buffer
     * @param off where the literal starts
     * @param len how many bytes it has
     * @return the result; never null, never throws for any bytes
     * @throws IndexOutOfBoundsException when {@code off} and {@code len} do not fit {@code buf}
     */
    public static Parsed parseStrict(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        return strict(new LiteralScanner(buf, off, len));
    }

    /**
     * Hot-path form of {@link #parseStrict(byte[], int, int)} for scanners that only need the address:
     * no result record, no error text.
     *
     * @param buf the buffer
     * @param off where the literal starts
     * @param len how many bytes it has
     * @return the address, or null when the bytes are not exactly one address literal
     * @throws IndexOutOfBoundsException when {@code off} and {@code len} do not fit {@code buf}
     */
    public static IpAddress tryParseStrict(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        long quad = dottedQuad(buf, off, off + len);
        if (quad >= 0) {
            return IpAddress.ofV4((int) quad);
        }
        IpAddress v6 = plainIpv6(buf, off, off + len);
        if (v6 != null) {
            return v6;
        }
        LiteralScanner sc = new LiteralScanner(buf, off, len);
        return strictAddress(sc) ? address(sc) : null;
    }

    /**
     * Hot-path form of {@link #parseStrict(CharSequence)}: no result record, no error text.
     *
     * @param s the text
     * @return the address, or null when the text is not exactly one address literal
     */
    public static IpAddress tryParseStrict(CharSequence s) {
        LiteralScanner sc = new LiteralScanner(Objects.requireNonNull(s, "s"));
        return strictAddress(sc) ? address(sc) : null;
    }

    /**
     * The common case without the general scanner: exactly four plain octets (no leading zeros), as
     * 32 bits, or -1 for anything else, which the scanner then judges (so this never decides that a
     * text is invalid).
     */
    private static long dottedQuad(byte[] b, int off, int end) {
        if (end - off < 7 || end - off > 15) {
            return -1;
        }
        long v = 0;
        int i = off;
        for (int octet = 0; ; octet++) {
            int start = i;
            int x = 0;
            while (i < end && i - start < 3 && b[i] >= '0' && b[i] <= '9') {
                x = x * 10 + (b[i++] - '0');
            }
            if (i == start || x > 255 || (i - start > 1 && b[start] == '0')) {
                return -1;
            }
            v = (v << 8) | x;
            if (octet == 3) {
                return i == end ? v : -1;
            }
            if (i == end || b[i++] != '.') {
                return -1;
            }
        }
    }

    /**
     * The common IPv6 case without the general scanner: groups of one to four hex digits, eight of
     * them, or at most six around one {@code ::} (which then stands for two or more zero groups);
     * nothing else (no embedded IPv4, zone or brackets). Null for anything else, which the scanner
     * then judges (so this never decides that a text is invalid).
     */
    private static IpAddress plainIpv6(byte[] b, int off, int end) {
        if (end - off < 2 || end - off > 39) {
            return null;
        }
        int[] g = new int[8];
        int groups = 0;
        int gap = -1; // how many groups come before "::"
        int i = off;
        if (b[i] == ':') {
            if (b[i + 1] != ':') {
                return null;
            }
            gap = 0;
            i += 2;
        }
        while (i < end) {
            int start = i;
            int v = 0;
            for (int d; i < end && i - start < 4 && (d = hex(b[i])) >= 0; i++) {
                v = v << 4 | d;
            }
            if (i == start || groups == 8) {
                return null;
            }
            g[groups++] = v;
            if (i == end) {
                break;
            }
            if (b[i] != ':' || i + 1 == end) {
                return null;
            }
            i++;
            if (b[i] == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = groups;
                i++;
            }
        }
        if (gap < 0 ? groups != 8 : groups > 6) {
            return null;
        }
        int zeros = 8 - groups;
        long hi = 0;
        long lo = 0;
        for (int k = 0, at = 0; at < 8; at++) {
            long v = gap >= 0 && at >= gap && at < gap + zeros ? 0 : g[k++];
            if (at < 4) {
                hi = hi << 16 | v;
            } else {
                lo = lo << 16 | v;
            }
        }
        return IpAddress.ofV6(hi, lo);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    private static IpAddress address(LiteralScanner sc) {
        return sc.v4 ? IpAddress.ofV4((int) sc.lo) : IpAddress.ofV6(sc.hi, sc.lo);
    }

    private static boolean strictAddress(LiteralScanner sc) {
        return !sc.atEnd() && sc.address() && sc.atEnd();
    }

    private static Parsed strict(LiteralScanner sc) {
        if (sc.atEnd()) {
            return Parsed.failure("empty input");
        }
        int first = sc.at(sc.pos);
        if (first == '[' || first <= ' ') {
            return Parsed.failure(first == '[' ? "brackets not allowed in a strict literal" : sc.describeAt(sc.pos));
        }
        if (!sc.address()) {
            return Parsed.failure(sc.error);
        }
        if (!sc.atEnd()) {
            return Parsed.failure(
                    switch (sc.at(sc.pos)) {
                        case ':' -> "port not allowed in a strict literal";
                        case '/' -> "prefix length not allowed in a strict literal";
                        case '%' -> "zone id not allowed in a strict literal";
                        default -> sc.describeAt(sc.pos);
                    });
        }
        return new Parsed(address(sc), -1, -1, null, null);
    }

    private static Parsed lenient(LiteralScanner sc) {
        if (!sc.trim()) {
            return Parsed.failure("empty input");
        }
        boolean bracketed = sc.at(sc.pos) == '[';
        if (bracketed) {
            sc.pos++;
        }
        if (!sc.address()) {
            return Parsed.failure(sc.error);
        }
        String zone = null;
        if (sc.at(sc.pos) == '%') {
            if (sc.v4) {
                return Parsed.failure("zone id only allowed on IPv6");
            }
            sc.pos++;
            zone = sc.zone();
            if (zone == null) {
                return Parsed.failure(sc.error);
            }
        }
        if (bracketed) {
            if (sc.at(sc.pos) != ']') {
                return Parsed.failure(sc.atEnd() ? "missing ']'" : sc.describeAt(sc.pos));
            }
            sc.pos++;
        }
        int prefix = -1;
        int port = -1;
        if (sc.at(sc.pos) == ':' && (sc.v4 || bracketed)) {
            sc.pos++;
            port = sc.decimal("port ", 65535, "");
            if (port < 0) {
                return Parsed.failure(sc.error);
            }
        } else if (sc.at(sc.pos) == '/' && !bracketed) {
            sc.pos++;
            prefix = sc.prefix(sc.v4 ? 32 : 128);
            if (prefix < 0) {
                return Parsed.failure(sc.error);
            }
        }
        if (!sc.atEnd()) {
            return Parsed.failure(sc.describeAt(sc.pos));
        }
        return new Parsed(address(sc), prefix, port, zone, null);
    }
}
