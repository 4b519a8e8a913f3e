package dev.iptriage.ip;

import static dev.iptriage.ip.IpClass.AMT;
import static dev.iptriage.ip.IpClass.AS112;
import static dev.iptriage.ip.IpClass.BENCHMARKING;
import static dev.iptriage.ip.IpClass.DEPRECATED;
import static dev.iptriage.ip.IpClass.DISCARD_ONLY;
import static dev.iptriage.ip.IpClass.DOCUMENTATION;
import static dev.iptriage.ip.IpClass.DRONE_REMOTE_ID;
import static dev.iptriage.ip.IpClass.DUMMY;
import static dev.iptriage.ip.IpClass.GLOBAL_ANYCAST;
import static dev.iptriage.ip.IpClass.IETF_PROTOCOL;
import static dev.iptriage.ip.IpClass.LIMITED_BROADCAST;
import static dev.iptriage.ip.IpClass.LINK_LOCAL;
import static dev.iptriage.ip.IpClass.LOOPBACK;
import static dev.iptriage.ip.IpClass.MULTICAST;
import static dev.iptriage.ip.IpClass.NAT64;
import static dev.iptriage.ip.IpClass.NAT64_LOCAL;
import static dev.iptriage.ip.IpClass.ORCHID_V2;
import static dev.iptriage.ip.IpClass.PRIVATE;
import static dev.iptriage.ip.IpClass.PUBLIC;
import static dev.iptriage.ip.IpClass.RESERVED;
import static dev.iptriage.ip.IpClass.SHARED_CGNAT;
import static dev.iptriage.ip.IpClass.SIX_TO_FOUR;
import static dev.iptriage.ip.IpClass.SRV6_SID;
import static dev.iptriage.ip.IpClass.TEREDO;
import static dev.iptriage.ip.IpClass.THIS_NETWORK;
import static dev.iptriage.ip.IpClass.UNIQUE_LOCAL;
import static dev.iptriage.ip.IpClass.UNSPECIFIED;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The address blocks behind {@link IpClass}, as one table, and the lookup built from it at class
 * initialisation: the blocks are cut into non-overlapping intervals, each with the class of the most
 * specific block covering it, so a lookup is a binary search over a few dozen sorted starts.
 */
final class SpecialPurposeRegistry {
    /** One row of the table: a block, its class and its name in the registry. */
    record Block(Cidr cidr, IpClass ipClass, String name) {}

    /**
     * IANA IPv4 and IPv6 Special-Purpose Address Registries (as of the 2025 updates), one row per
     * entry, plus the top-level blocks of the IANA IPv4 and IPv6 Address Space registries. "global"
     * notes the registry's Globally Reachable column where a block is an exception to its parent.
     */
    static final List<Block> BLOCKS = List.of(
            // ---- IPv4 ----
            row("0.0.0.0/0", PUBLIC, "IPv4 unicast"), // IANA IPv4 Address Space; the default
            row("0.0.0.0/8", THIS_NETWORK, "\"This network\""), // RFC 791 section 3.2
            row("0.0.0.0/32", UNSPECIFIED, "\"This host on this network\""), // RFC 1122 section 3.2.1.3
            row("10.0.0.0/8", PRIVATE, "Private-Use"), // RFC 1918
            row("100.64.0.0/10", SHARED_CGNAT, "Shared Address Space"), // RFC 6598
            row("127.0.0.0/8", LOOPBACK, "Loopback"), // RFC 1122 section 3.2.1.3
            row("169.254.0.0/16", LINK_LOCAL, "Link Local"), // RFC 3927
            row("172.16.0.0/12", PRIVATE, "Private-Use"), // RFC 1918
            row("192.0.0.0/24", IETF_PROTOCOL, "IETF Protocol Assignments"), // RFC 6890 section 2.1
            row("192.0.0.0/29", IETF_PROTOCOL, "IPv4 Service Continuity Prefix"), // RFC 7335
            row("192.0.0.8/32", DUMMY, "IPv4 dummy address"), // RFC 7600
            row("192.0.0.9/32", GLOBAL_ANYCAST, "Port Control Protocol Anycast"), // RFC 7723; global
            row("192.0.0.10/32", GLOBAL_ANYCAST, "Traversal Using Relays around NAT Anycast"), // RFC 8155; global
            row("192.0.0.170/32", IETF_PROTOCOL, "NAT64/DNS64 Discovery"), // RFC 8880, RFC 7050
            row("192.0.0.171/32", IETF_PROTOCOL, "NAT64/DNS64 Discovery"), // RFC 8880, RFC 7050
            row("192.0.2.0/24", DOCUMENTATION, "Documentation (TEST-NET-1)"), // RFC 5737
            row("192.31.196.0/24", AS112, "AS112-v4"), // RFC 7535; global
            row("192.52.193.0/24", AMT, "AMT"), // RFC 7450; global
            row("192.88.99.0/24", DEPRECATED, "Deprecated (6to4 Relay Anycast)"), // RFC 7526
            row("192.88.99.2/32", IETF_PROTOCOL, "6a44-relay anycast address"), // RFC 6751
            row("192.168.0.0/16", PRIVATE, "Private-Use"), // RFC 1918
            row("192.175.48.0/24", AS112, "Direct Delegation AS112 Service"), // RFC 7534; global
            row("198.18.0.0/15", BENCHMARKING, "Benchmarking"), // RFC 2544
            row("198.51.100.0/24", DOCUMENTATION, "Documentation (TEST-NET-2)"), // RFC 5737
            row("203.0.113.0/24", DOCUMENTATION, "Documentation (TEST-NET-3)"), // RFC 5737
            row("224.0.0.0/4", MULTICAST, "Multicast"), // IANA IPv4 Address Space; RFC 5771
            row("240.0.0.0/4", RESERVED, "Reserved"), // RFC 1112 section 4
            row("255.255.255.255/32", LIMITED_BROADCAST, "Limited Broadcast"), // RFC 8190, RFC 919 section 7
            // ---- IPv6 ----
            row("::/0", RESERVED, "Reserved by IETF"), // IANA IPv6 Address Space; the default
            row("::/128", UNSPECIFIED, "Unspecified Address"), // RFC 4291
            row("::1/128", LOOPBACK, "Loopback Address"), // RFC 4291
            // ::ffff:0:0/96 "IPv4-mapped Address" (RFC 4291) and ::/96 (IPv4-compatible, deprecated by
            // RFC 4291) are classified by the embedded IPv4 address in IpClass.of, not here.
            row("64:ff9b::/96", NAT64, "IPv4-IPv6 Translat."), // RFC 6052; global
            row("64:ff9b:1::/48", NAT64_LOCAL, "IPv4-IPv6 Translat."), // RFC 8215
            row("100::/64", DISCARD_ONLY, "Discard-Only Address Block"), // RFC 6666
            row("100:0:0:1::/64", DUMMY, "Dummy IPv6 Prefix"), // RFC 9780
            row("2001::/23", IETF_PROTOCOL, "IETF Protocol Assignments"), // RFC 2928
            row("2001::/32", TEREDO, "TEREDO"), // RFC 4380, RFC 8190; global N/A
            row("2001:1::1/128", GLOBAL_ANYCAST, "Port Control Protocol Anycast"), // RFC 7723; global
            row("2001:1::2/128", GLOBAL_ANYCAST, "Traversal Using Relays around NAT Anycast"), // RFC 8155; global
            row("2001:1::3/128", GLOBAL_ANYCAST, "DNS-SD Service Registration Protocol Anycast"), // RFC 9665; global
            row("2001:2::/48", BENCHMARKING, "Benchmarking"), // RFC 5180, RFC Errata 1752
            row("2001:3::/32", AMT, "AMT"), // RFC 7450; global
            row("2001:4:112::/48", AS112, "AS112-v6"), // RFC 7535; global
            row("2001:10::/28", DEPRECATED, "Deprecated (previously ORCHID)"), // RFC 4843
            row("2001:20::/28", ORCHID_V2, "ORCHIDv2"), // RFC 7343; global
            row("2001:30::/28", DRONE_REMOTE_ID, "Drone Remote ID Protocol Entity Tags (DETs) Prefix"), // RFC 9374
            row("2001:db8::/32", DOCUMENTATION, "Documentation"), // RFC 3849
            row("2002::/16", SIX_TO_FOUR, "6to4"), // RFC 3056; global N/A
            row("2620:4f:8000::/48", AS112, "Direct Delegation AS112 Service"), // RFC 7534; global
            row("3fff::/20", DOCUMENTATION, "Documentation"), // RFC 9637
            row("5f00::/16", SRV6_SID, "Segment Routing (SRv6) SIDs"), // RFC 9602
            row("fc00::/7", UNIQUE_LOCAL, "Unique-Local"), // RFC 4193, RFC 8190
            row("fe80::/10", LINK_LOCAL, "Link-Local Unicast"), // RFC 4291
            row("2000::/3", PUBLIC, "Global Unicast"), // IANA IPv6 Address Space; RFC 4291
            row("fec0::/10", DEPRECATED, "Site-Local (deprecated)"), // IANA IPv6 Address Space; RFC 3879
            row("ff00::/8", MULTICAST, "Multicast")); // IANA IPv6 Address Space; RFC 4291

    /** Sorted interval starts with the sign bit flipped, so signed comparison is unsigned order. */
    private static final int[] V4_STARTS;

    private static final IpClass[] V4_CLASSES;
    private static final long[] V6_STARTS_HI;
    private static final long[] V6_STARTS_LO;
    private static final IpClass[] V6_CLASSES;

    static {
        List<IpAddress> v4 = intervalStarts(true);
        V4_STARTS = new int[v4.size()];
        V4_CLASSES = new IpClass[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            V4_STARTS[i] = v4.get(i).v4Bits() ^ Integer.MIN_VALUE;
            V4_CLASSES[i] = mostSpecific(v4.get(i));
        }
        List<IpAddress> v6 = intervalStarts(false);
        V6_STARTS_HI = new long[v6.size()];
        V6_STARTS_LO = new long[v6.size()];
        V6_CLASSES = new IpClass[v6.size()];
        for (int i = 0; i < v6.size(); i++) {
            V6_STARTS_HI[i] = v6.get(i).hi() ^ Long.MIN_VALUE;
            V6_STARTS_LO[i] = v6.get(i).lo() ^ Long.MIN_VALUE;
            V6_CLASSES[i] = mostSpecific(v6.get(i));
        }
    }

    private SpecialPurposeRegistry() {}

    private static Block row(String cidr, IpClass ipClass, String name) {
        IpLiteral.Parsed p = IpLiteral.parseStrict(cidr.substring(0, cidr.indexOf('/')));
        Cidr network = Cidr.of(p.orElseThrow(), Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)));
        if (!network.address().equals(p.address())) {
            throw new IllegalStateException("registry row " + cidr + " has host bits set");
        }
        return new Block(network, ipClass, name);
    }

    /** Every address where the most specific covering block may change: block starts and ends + 1. */
    private static List<IpAddress> intervalStarts(boolean v4) {
        TreeSet<IpAddress> starts = new TreeSet<>();
        for (Block b : BLOCKS) {
            if (b.cidr().address().isV4() != v4) {
                continue;
            }
            starts.add(b.cidr().first());
            IpAddress last = b.cidr().last();
            if (v4 && last.v4Bits() != -1) {
                starts.add(IpAddress.ofV4(last.v4Bits() + 1));
            } else if (!v4 && (last.hi() != -1 || last.lo() != -1)) {
                long lo = last.lo() + 1;
                starts.add(IpAddress.ofV6(lo == 0 ? last.hi() + 1 : last.hi(), lo));
            }
        }
        return new ArrayList<>(starts);
    }

    private static IpClass mostSpecific(IpAddress a) {
        Block best = null;
        for (Block b : BLOCKS) {
            if (b.cidr().contains(a)
                    && (best == null || b.cidr().prefixLength() > best.cidr().prefixLength())) {
                best = b;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no registry row covers " + a);
        }
        return best.ipClass();
    }

    static IpClass classifyV4(int bits) {
        int key = bits ^ Integer.MIN_VALUE;
        int low = 0;
        int high = V4_STARTS.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (V4_STARTS[mid] <= key) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return V4_CLASSES[low];
    }

    static IpClass classifyV6(long hi, long lo) {
        long keyHi = hi ^ Long.MIN_VALUE;
        long keyLo = lo ^ Long.MIN_VALUE;
        int low = 0;
        int high = V6_STARTS_HI.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            long h = V6_STARTS_HI[mid];
            if (h < keyHi || (h == keyHi && V6_STARTS_LO[mid] <= keyLo)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return V6_CLASSES[low];
    }
}
