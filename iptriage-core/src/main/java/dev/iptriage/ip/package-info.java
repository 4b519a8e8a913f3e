/**
 * IP address literals: parsing without DNS, canonical text, networks and special-purpose classes.
 * Pure code: no I/O, no DNS, no static mutable state, safe on untrusted input.
 *
 * <p>Entry points:
 *
 * <ul>
 *   <li>{@link dev.iptriage.ip.IpLiteral}: text or bytes to an address. {@code parse} is lenient
 *       (white space, {@code ip:port}, {@code [v6]:port}, CIDR, zone id); {@code parseStrict} takes
 *       one bare literal, like {@code inet_pton}. Both return a {@link
 *       dev.iptriage.ip.IpLiteral.Parsed} with an address or a short reason and never throw on bad
 *       input. IPv4 octets with leading zeros are rejected (octal or decimal would be a guess).
 *   <li>{@link dev.iptriage.ip.IpAddress}: the immutable value (version and bits), with RFC 5952
 *       canonical text, bit access for trie walks, masks and the embedded IPv4 of mapped addresses.
 *   <li>{@link dev.iptriage.ip.Cidr}: a network (masked address and prefix length).
 *   <li>{@link dev.iptriage.ip.IpClass}: public, private or reserved, and why, from the IANA
 *       special-purpose address registries.
 * </ul>
 *
 * <pre>{@code
 * IpLiteral.Parsed p = IpLiteral.parse("[2001:DB8::1]:443");
 * if (p.ok()) {
 *     IpAddress a = p.address();          // 2001:db8::1, port 443
 *     IpClass c = IpClass.of(a);          // DOCUMENTATION, status "reserved"
 * } else {
 *     report(p.error());                  // e.g. "octet 256 > 255"
 * }
 * }</pre>
 */
package dev.iptriage.ip;
