package dev.iptriage.dns;

import dev.iptriage.ip.IpAddress;

/**
 * Names under which DNS publishes facts about an address: its octets in reverse for IPv4, its 32
 * nibbles in reverse for IPv6 (RFC 3596, RFC 5782), followed by a zone.
 */
public final class ReverseNames {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ReverseNames() {}

    /**
     * The reversed form of {@code a} followed by {@code v4Zone} or {@code v6Zone} and a final dot;
     * an IPv4-mapped IPv6 address takes the IPv4 form.
     */
    public static String of(IpAddress a, String v4Zone, String v6Zone) {
        IpAddress u = a.unmap();
        StringBuilder b = new StringBuilder(80);
        if (u.isV4()) {
            int v = u.v4Bits();
            for (int shift = 0; shift < 32; shift += 8) {
                b.append((v >>> shift) & 0xff).append('.');
            }
            b.append(v4Zone);
        } else {
            appendNibbles(u, b);
            b.append(v6Zone);
        }
        if (b.charAt(b.length() - 1) != '.') {
            b.append('.');
        }
        return b.toString();
    }

    /**
     * The 32 nibbles of {@code a} in reverse followed by {@code zone} and a final dot, even for an
     * IPv4-mapped address (the IPv6 test entry of a DNS blocklist is {@code ::FFFF:7F00:2}).
     */
    public static String nibbles(IpAddress a, String zone) {
        IpAddress v6 = a.isV4() ? IpAddress.ofV6(0L, 0xffff_0000_0000L | (a.v4Bits() & 0xffff_ffffL)) : a;
        StringBuilder b = new StringBuilder(80);
        appendNibbles(v6, b);
        return b.append(zone).append(zone.endsWith(".") ? "" : ".").toString();
    }

    private static void appendNibbles(IpAddress u, StringBuilder b) {
        for (int i = 0; i < 16; i++) {
            b.append(HEX[(int) (u.lo() >>> (4 * i)) & 0xf]).append('.');
        }
        for (int i = 0; i < 16; i++) {
            b.append(HEX[(int) (u.hi() >>> (4 * i)) & 0xf]).append('.');
        }
    }

    /** The PTR name of {@code a}: {@code d.c.b.a.in-addr.arpa.} or 32 nibbles + {@code ip6.arpa.}. */
    public static String ptr(IpAddress a) {
        return of(a, "in-addr.arpa", "ip6.arpa");
    }
}
