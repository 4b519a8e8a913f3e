package dev.iptriage.extract;

import dev.iptriage.ip.IpAddress;

/**
 * One address found in text.
 *
 * @param address the address (IPv4-mapped IPv6 already turned into IPv4 unless kept by the options)
 * @param zone the IPv6 zone id written after {@code %}, or null
 */
public record Found(IpAddress address, String zone) {

    /** {@return the canonical text: RFC 5952 for IPv6, with {@code %zone} when there was one} */
    public String text() {
        return zone == null ? address.toString() : address + "%" + zone;
    }
}
