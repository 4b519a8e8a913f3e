package dev.iptriage.extract;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;

/**
 * One address found in text, or one network where a value is a CIDR (a list line, a CSV cell, a JSON
 * string).
 *
 * @param address the address (IPv4-mapped IPv6 already turned into IPv4 unless kept by the options);
 *     for a network its network address, the address it is looked up at
 * @param zone the IPv6 zone id written after {@code %}, or null
 * @param prefixLength the prefix length of a network, -1 for an address
 */
public record Found(IpAddress address, String zone, int prefixLength) {

    /** An address (not a network). */
    public Found(IpAddress address, String zone) {
        this(address, zone, -1);
    }

    /**
     * A value read as one literal, the same way in every mode and command: a CIDR gives its network
     * ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}), a zone id is kept, a port dropped, and an
     * IPv4-mapped address ({@code ::ffff:1.2.3.4}, also as a network of /96 or longer) becomes IPv4
     * unless {@code keepMapped}.
     *
     * @param p a successful parse
     * @throws IllegalStateException when the parse failed
     */
    public static Found of(IpLiteral.Parsed p, boolean keepMapped) {
        IpAddress a = p.orElseThrow();
        int prefix = p.prefixLength();
        if (prefix >= 0) {
            a = a.mask(prefix);
        }
        if (!keepMapped && a.isV4Mapped() && (prefix < 0 || prefix >= 96)) {
            return new Found(a.unmap(), null, prefix < 0 ? -1 : prefix - 96);
        }
        return new Found(a, p.zone(), prefix);
    }

    /**
     * {@return the canonical text: RFC 5952 for IPv6, with {@code %zone} when there was one and {@code
     * /len} for a network}
     */
    public String text() {
        String s = zone == null ? address.toString() : address + "%" + zone;
        return prefixLength < 0 ? s : s + "/" + prefixLength;
    }

    /** {@return the canonical text, as {@link #text()}} */
    @Override
    public String toString() {
        return text();
    }
}
