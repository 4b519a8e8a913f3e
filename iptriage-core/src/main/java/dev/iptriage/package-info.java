/**
 * The library's front door: {@link dev.iptriage.IpTriage} looks IP addresses up in {@code .mmdb}
 * databases (MaxMind GeoIP2/GeoLite2, DB-IP, custom files, or the embedded country + ASN data) and
 * answers with an immutable {@link dev.iptriage.IpInfo} per address: a {@link
 * dev.iptriage.model.Status}, the network, typed parts (location, autonomous system, ISP,
 * anonymity) and the value of any column by name. Build one {@code IpTriage}, share it between
 * threads, close it when done.
 *
 * <p>Entry point: {@link dev.iptriage.IpTriage#builder()}.
 */
package dev.iptriage;
