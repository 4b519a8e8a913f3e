package dev.iptriage.extract;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.util.function.Consumer;

/** Decides whether one maximal run of hex digits, colons and dots holding a colon is an IPv6 address. */
final class Ipv6Candidate {
    /** Longest IPv6 text with a five-digit port: 8 groups of 4 (or 6 and a dotted quad), 7 colons, ":65535". */
    private static final int MAX_TEXT = 45 + 6;

    private Ipv6Candidate() {}

    /**
     * Passes the IPv6 address that the run {@code [a, b)} of {@code t} spells to {@code sink} and returns
     * true, or returns false (the caller then looks for IPv4 addresses inside the run).
     */
    static boolean find(CharSequence t, int a, int b, ExtractOptions options, Consumer<Found> sink) {
        while (a < b && t.charAt(a) == '.') {
            a++;
        }
        while (b > a && t.charAt(b - 1) == '.') {
            b--;
        }
        if (b - a > 2 && t.charAt(a) == ':' && t.charAt(a + 1) != ':') {
            a++; // "addr:fe80::1" leaves ":fe80::1"
        }
        int end = b;
        if (end - a > 2 && t.charAt(end - 1) == ':' && t.charAt(end - 2) != ':') {
            end--; // a colon ending a sentence or a field
        }
        IpAddress addr;
        if (a > 0 && TextExtractor.isLetter(t.charAt(a - 1))) {
            // glued to a word: "std::abc" is not an address, but in "IPv6:2001:db8::1" the run began
            // inside the label, so the address starts after its first colon
            int colon = indexOf(t, ':', a, end);
            boolean label = colon > a && colon + 1 < end && t.charAt(colon + 1) != ':';
            addr = label ? parse(t, colon + 1, end) : null;
        } else {
            addr = parse(t, a, end);
        }
        if (addr == null) {
            return false;
        }
        String zone = zone(t, b);
        if (zone == null && b < t.length() && TextExtractor.isWordChar(t.charAt(b)) && end == b) {
            return false;
        }
        if (addr.isV4Mapped() && !options.keepMapped()) {
            addr = addr.unmap();
            zone = null;
        }
        sink.accept(new Found(addr, zone));
        return true;
    }

    /** The IPv6 address in {@code [a, end)}, allowing one trailing {@code :port} of five digits. */
    private static IpAddress parse(CharSequence t, int a, int end) {
        if (end - a < 3 || end - a > MAX_TEXT) {
            return null; // shortest accepted is "::1" (the bare "::" is not taken); longer runs are not one address
        }
        IpAddress addr = IpLiteral.tryParseStrict(t.subSequence(a, end));
        if (addr == null && end - a > 6 && allDigits(t, end - 5, end) && t.charAt(end - 6) == ':') {
            // haproxy and others write "2001:db8::1:58430": five digits cannot be a group
            addr = IpLiteral.tryParseStrict(t.subSequence(a, end - 6));
        }
        return addr != null && !addr.isV4() ? addr : null;
    }

    private static String zone(CharSequence t, int b) {
        if (b + 1 >= t.length() || t.charAt(b) != '%') {
            return null;
        }
        int i = b + 1;
        while (i < t.length() && i - b - 1 < TextExtractor.maxZone() && isZoneChar(t, i)) {
            i++;
        }
        return i > b + 1 ? t.subSequence(b + 1, i).toString() : null;
    }

    /** Word characters and {@code -}, and a {@code .} between them (VLAN interfaces: {@code eth0.100}; not a full stop). */
    private static boolean isZoneChar(CharSequence t, int i) {
        char c = t.charAt(i);
        return TextExtractor.isWordChar(c)
                || c == '-'
                || (c == '.' && i + 1 < t.length() && TextExtractor.isWordChar(t.charAt(i + 1)));
    }

    private static boolean allDigits(CharSequence t, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(CharSequence t, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
