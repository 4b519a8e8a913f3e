package dev.iptriage.tools;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Address blocks the default database never covers, whatever the source data says: the
 * special-purpose blocks that are not globally reachable (IANA IPv4 and IPv6 Special-Purpose Address
 * Registries: private, loopback, link-local, shared, documentation, benchmarking, multicast,
 * reserved, deprecated; globally reachable entries such as AS112 stay) and, in IPv6, the areas that alias the IPv4 tree ({@code ::/96}, {@code ::ffff:0:0/96},
 * Teredo {@code 2001::/32}, 6to4 {@code 2002::/16}). The sources do carry some of these (a private
 * block labelled with a country, a whole 6to4 block with one ASN); a lookup of a private address must
 * find nothing, and an insert into an aliased area would overwrite IPv4 data.
 */
final class ExcludedBlocks {
    static final List<String> IPV4 = List.of(
            "0.0.0.0/8", // "this network"
            "10.0.0.0/8", // private
            "100.64.0.0/10", // shared address space (CGNAT)
            "127.0.0.0/8", // loopback
            "169.254.0.0/16", // link-local
            "172.16.0.0/12", // private
            "192.0.0.0/24", // IETF protocol assignments
            "192.0.2.0/24", // documentation (TEST-NET-1)
            "192.88.99.0/24", // deprecated 6to4 relay anycast
            "192.168.0.0/16", // private
            "198.18.0.0/15", // benchmarking
            "198.51.100.0/24", // documentation (TEST-NET-2)
            "203.0.113.0/24", // documentation (TEST-NET-3)
            "224.0.0.0/4", // multicast
            "240.0.0.0/4"); // reserved, and the limited broadcast address

    static final List<String> IPV6 = List.of(
            "::/96", // IPv4 lives here in the tree; also ::, ::1
            "::ffff:0:0/96", // IPv4-mapped, aliased to the IPv4 tree
            "64:ff9b::/96", // NAT64 well-known prefix
            "64:ff9b:1::/48", // local-use NAT64
            "100::/64", // discard-only
            "2001::/32", // Teredo, aliased to the IPv4 tree
            "2001:2::/48", // benchmarking
            "2001:10::/28", // ORCHID (deprecated)
            "2001:db8::/32", // documentation
            "2002::/16", // 6to4, aliased to the IPv4 tree
            "3fff::/20", // documentation
            "5f00::/16", // segment routing SIDs
            "fc00::/7", // unique local
            "fe80::/10", // link-local
            "ff00::/8"); // multicast

    private final List<Span> v4;
    private final List<Span> v6;

    private ExcludedBlocks(List<String> v4, List<String> v6) {
        this.v4 = sorted(v4, 4);
        this.v6 = sorted(v6, 16);
    }

    /** Returns the standard exclusions listed in {@link #IPV4} and {@link #IPV6}. */
    static ExcludedBlocks standard() {
        return new ExcludedBlocks(IPV4, IPV6);
    }

    /**
     * Returns the parts of a range that lie outside every excluded block, in address order: the range
     * itself when nothing is excluded, nothing when it is entirely excluded.
     *
     * @param range the range
     * @param bytes 4 for IPv4, 16 for IPv6
     */
    List<Span> keep(Span range, int bytes) {
        List<Span> out = new ArrayList<>(1);
        BigInteger next = range.first();
        for (Span block : bytes == 4 ? v4 : v6) {
            if (block.last().compareTo(next) < 0) {
                continue;
            }
            if (block.first().compareTo(range.last()) > 0) {
                break;
            }
            if (block.first().compareTo(next) > 0) {
                out.add(new Span(next, block.first().subtract(BigInteger.ONE)));
            }
            next = block.last().add(BigInteger.ONE);
            if (next.compareTo(range.last()) > 0) {
                return out;
            }
        }
        out.add(new Span(next, range.last()));
        return out;
    }

    private static List<Span> sorted(List<String> cidrs, int bytes) {
        List<Span> spans = new ArrayList<>();
        for (String cidr : cidrs) {
            Span s = Span.ofCidr(cidr);
            if (s.last().bitLength() > bytes * 8 || (bytes == 16) != cidr.contains(":")) {
                throw new IllegalArgumentException("wrong family: " + cidr);
            }
            spans.add(s);
        }
        spans.sort(Comparator.comparing(Span::first));
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i).overlaps(spans.get(i - 1))) {
                throw new IllegalArgumentException("overlapping exclusions: " + spans.get(i));
            }
        }
        return List.copyOf(spans);
    }
}
