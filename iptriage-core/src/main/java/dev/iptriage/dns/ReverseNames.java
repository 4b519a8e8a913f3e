package dev.iptriage.dns;

import dev.iptriage.ip.IpAddress;

/** The reverse DNS name of an address (RFC 1035, RFC 3596). */
public final class ReverseNames {
    private ReverseNames() {}

    /**
     * The PTR name of {@code a}: {@code d.c.b.a.in-addr.arpa.}, or its 32 nibbles in reverse and {@code
     * ip6.arpa.}; an IPv4-mapped or IPv4-compatible address takes the IPv4 form ({@link IpAddress#lookupForm()}).
     */
    public static String ptr(IpAddress a) {
        IpAddress u = a.lookupForm();
        return DnsText.reversedLabels(u) + (u.isV4() ? ".in-addr.arpa." : ".ip6.arpa.");
    }
}
