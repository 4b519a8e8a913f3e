/**
 * Online sources over DNS: reverse names (PTR), DNS blocklists (DNSBL) and Team Cymru's origin
 * data. This part holds what needs no network: the DNSBL zones with their dated, sourced return
 * code tables ({@link dev.iptriage.dns.DnsblZones}, {@link dev.iptriage.dns.DnsblZone}), the query
 * names (RFC 5782 reversed octets and nibbles), the well-known public resolvers that
 * Spamhaus-class zones refuse ({@link dev.iptriage.dns.PublicResolvers}), and the parser of Team
 * Cymru's TXT answers ({@link dev.iptriage.dns.CymruTxt}).
 */
package dev.iptriage.dns;
