/**
 * The online DNS sources, each off until the user names it: reverse DNS with forward confirmation
 * ({@link dev.iptriage.dns.PtrSource}), DNS blocklists with their return codes and a health probe
 * ({@link dev.iptriage.dns.DnsblSource}, {@link dev.iptriage.dns.DnsblZones}), and Team Cymru's
 * IP-to-ASN origins ({@link dev.iptriage.dns.CymruSource}). They are {@link
 * dev.iptriage.sources.RemoteSource}s: the engine asks them each distinct public address once and
 * never a private or reserved one. Their questions go through one {@link
 * dev.iptriage.dns.DnsClient}: asynchronous, bounded, rate-limited, retried only for transient
 * failures, classified from the response code, cached for their TTL ({@link
 * dev.iptriage.dns.DnsCacheFile}).
 */
package dev.iptriage.dns;
