package dev.iptriage.ip;

/**
 * What kind of address an IP is, from the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (RFC 6890, RFC 8190) and the top-level blocks of the IANA IPv4 and IPv6 Address Space registries
 * (multicast, IPv6 global unicast {@code 2000::/3}, deprecated site-local); the rows, with their RFCs,
 * are in one table in {@code SpecialPurposeRegistry}. The most specific block wins, so {@code
 * 192.0.0.9} is {@link #GLOBAL_ANYCAST} although {@code 192.0.0.0/24} is {@link #IETF_PROTOCOL}.
 *
 * <p>Each class has a {@link #status()}, the value of the {@code status} column of a report:
 *
 * <ul>
 *   <li>{@code "public"}: globally reachable, the registry's "Globally Reachable: True", and all
 *       unlisted IPv4 and {@code 2000::/3} space;
 *   <li>{@code "private"}: used inside organisations' networks: RFC 1918, CGNAT, loopback,
 *       link-local, unique-local, and the local-use NAT64 prefix;
 *   <li>{@code "reserved"}: everything else that is not globally reachable (documentation,
 *       benchmarking, multicast, IETF protocol blocks, unallocated IPv6 outside {@code 2000::/3}, ...).
 * </ul>
 *
 * <p>Choices where the registries leave room:
 *
 * <ul>
 *   <li>IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible ({@code ::a.b.c.d}, not {@code ::} or
 *       {@code ::1}) addresses are classified by the embedded IPv4 address (see {@link
 *       IpAddress#embeddedIpv4()}), since they name that IPv4 host;
 *   <li>Teredo ({@code 2001::/32}) and 6to4 ({@code 2002::/16}), "Globally Reachable: N/A" in the
 *       registry, are {@code "public"}: they are addresses of hosts on the internet behind a tunnel;
 *       but one that carries a private or reserved IPv4 address, like a NAT64 address that does,
 *       takes that address's status in {@link #statusOf(IpAddress)} (its class stays the tunnel's);
 *   <li>{@code 0.0.0.0} is {@link #UNSPECIFIED} (the registry's "this host on this network"), the rest
 *       of {@code 0.0.0.0/8} {@link #THIS_NETWORK};
 *   <li>multicast is {@code "reserved"}: it never names one host, whatever its scope.
 * </ul>
 */
public enum IpClass {
    /** Globally routable unicast space with no special purpose. */
    PUBLIC(Status.PUBLIC, "Public", ""),
    /** 10/8, 172.16/12, 192.168/16. */
    PRIVATE(Status.PRIVATE, "Private-Use", "RFC 1918"),
    /** 100.64/10, carrier-grade NAT between an ISP and its customers. */
    SHARED_CGNAT(Status.PRIVATE, "Shared Address Space (CGNAT)", "RFC 6598"),
    /** 127/8 and ::1. */
    LOOPBACK(Status.PRIVATE, "Loopback", "RFC 1122, RFC 4291"),
    /** 169.254/16 and fe80::/10. */
    LINK_LOCAL(Status.PRIVATE, "Link-Local", "RFC 3927, RFC 4291"),
    /** fc00::/7. */
    UNIQUE_LOCAL(Status.PRIVATE, "Unique-Local", "RFC 4193"),
    /** 64:ff9b:1::/48, a translation prefix for use inside one network. */
    NAT64_LOCAL(Status.PRIVATE, "IPv4/IPv6 translation, local-use prefix", "RFC 8215"),
    /** 64:ff9b::/96, the well-known NAT64 prefix (globally reachable per the registry). */
    NAT64(Status.PUBLIC, "IPv4/IPv6 translation, well-known prefix", "RFC 6052"),
    /** 2001::/32, Teredo tunnel clients. */
    TEREDO(Status.PUBLIC, "Teredo", "RFC 4380"),
    /** 2002::/16, 6to4 tunnel sites. */
    SIX_TO_FOUR(Status.PUBLIC, "6to4", "RFC 3056"),
    /** Anycast service addresses: PCP 192.0.0.9, 2001:1::1; TURN 192.0.0.10, 2001:1::2; DNS-SD SRP 2001:1::3. */
    GLOBAL_ANYCAST(Status.PUBLIC, "Protocol anycast (PCP, TURN, DNS-SD SRP)", "RFC 7723, RFC 8155, RFC 9665"),
    /** 192.52.193/24 and 2001:3::/32, Automatic Multicast Tunneling relays. */
    AMT(Status.PUBLIC, "Automatic Multicast Tunneling (AMT)", "RFC 7450"),
    /** 192.31.196/24, 192.175.48/24, 2001:4:112::/48, 2620:4f:8000::/48: DNS sinkholes. */
    AS112(Status.PUBLIC, "AS112 DNS service", "RFC 7534, RFC 7535"),
    /** 2001:20::/28, cryptographic host identifiers. */
    ORCHID_V2(Status.PUBLIC, "ORCHIDv2", "RFC 7343"),
    /** 2001:30::/28, Drone Remote ID Protocol Entity Tags. */
    DRONE_REMOTE_ID(Status.PUBLIC, "Drone Remote ID entity tags (DETs)", "RFC 9374"),
    /** 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20. */
    DOCUMENTATION(Status.RESERVED, "Documentation", "RFC 5737, RFC 3849, RFC 9637"),
    /** 198.18/15 and 2001:2::/48. */
    BENCHMARKING(Status.RESERVED, "Benchmarking", "RFC 2544, RFC 5180"),
    /** 224/4 and ff00::/8. */
    MULTICAST(Status.RESERVED, "Multicast", "RFC 5771, RFC 4291"),
    /** 0.0.0.0 and ::. */
    UNSPECIFIED(Status.RESERVED, "Unspecified", "RFC 1122, RFC 4291"),
    /** 0/8 except 0.0.0.0. */
    THIS_NETWORK(Status.RESERVED, "This network", "RFC 791, RFC 1122"),
    /** 255.255.255.255. */
    LIMITED_BROADCAST(Status.RESERVED, "Limited broadcast", "RFC 919, RFC 8190"),
    /** The rest of 192.0.0/24 and 2001::/23, and the 6a44 relay 192.88.99.2. */
    IETF_PROTOCOL(Status.RESERVED, "IETF protocol assignments", "RFC 6890, RFC 2928"),
    /** 192.0.0.8 and 100:0:0:1::/64, placeholders when no real address exists. */
    DUMMY(Status.RESERVED, "Dummy address", "RFC 7600, RFC 9780"),
    /** 100::/64, a remotely triggered black hole. */
    DISCARD_ONLY(Status.RESERVED, "Discard-only", "RFC 6666"),
    /** 5f00::/16, Segment Routing over IPv6 segment identifiers. */
    SRV6_SID(Status.RESERVED, "Segment Routing (SRv6) SIDs", "RFC 9602"),
    /** 192.88.99/24 (6to4 relay anycast), 2001:10::/28 (ORCHID), fec0::/10 (site-local). */
    DEPRECATED(Status.RESERVED, "Deprecated (6to4 relay anycast, ORCHID, site-local)", "RFC 7526, RFC 4843, RFC 3879"),
    /** 240/4 and IPv6 outside the allocated top-level blocks. */
    RESERVED(Status.RESERVED, "Reserved", "RFC 1112, RFC 4291");

    /** The three values of {@link #status()}. */
    private static final class Status {
        static final String PUBLIC = "public";
        static final String PRIVATE = "private";
        static final String RESERVED = "reserved";
    }

    private final String status;
    private final String label;
    private final String rfc;

    IpClass(String status, String label, String rfc) {
        this.status = status;
        this.label = label;
        this.rfc = rfc;
    }

    /**
     * Classifies an address. Fast and allocation-free: a binary search in a small sorted table.
     *
     * @param a the address
     * @return its class; {@link #PUBLIC} for ordinary internet addresses
     */
    public static IpClass of(IpAddress a) {
        if (a.isV4()) {
            return SpecialPurposeRegistry.classifyV4(a.v4Bits());
        }
        long lo = a.lo();
        if (a.hi() == 0 && ((lo >>> 32) == 0xFFFFL || ((lo >>> 32) == 0 && Long.compareUnsigned(lo, 1) > 0))) {
            return SpecialPurposeRegistry.classifyV4((int) lo);
        }
        return SpecialPurposeRegistry.classifyV6(a.hi(), lo);
    }

    /**
     * The value of an address's {@code status} column: the {@link #status()} of its class, except
     * that a translation or tunnel address (NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16},
     * Teredo {@code 2001::/32}: public classes) that carries a private or reserved IPv4 address takes
     * that address's status: {@code 64:ff9b::10.0.0.1} and {@code 2002:c0a8:101::1} name private
     * hosts. For Teredo both carried addresses count, the server's first, then the client's. The same
     * rule decides which addresses the online sources may be asked about ({@link #isGlobal(IpAddress)}).
     *
     * @param a the address
     * @return {@code "public"}, {@code "private"} or {@code "reserved"}
     */
    public static String statusOf(IpAddress a) {
        return statusOf(a, of(a));
    }

    /** {@link #statusOf(IpAddress)} of {@code a} whose class {@code c} is known already ({@link #of}). */
    public static String statusOf(IpAddress a, IpClass c) {
        if (!c.isGlobal()) {
            return c.status;
        }
        return switch (c) {
            case NAT64 -> carried((int) a.lo(), c);
            case SIX_TO_FOUR -> carried((int) (a.hi() >>> 16), c);
            case TEREDO -> {
                String server = carried((int) a.hi(), c);
                yield server.equals(Status.PUBLIC) ? carried(~(int) a.lo(), c) : server;
            }
            default -> c.status;
        };
    }

    /**
     * Whether an address is globally reachable, counting the IPv4 address a translation or tunnel
     * address carries: {@link #statusOf(IpAddress)} is {@code "public"}. Only such addresses leave the
     * machine (as a DNS name or a web service request).
     *
     * @param a the address
     * @return true for {@code "public"}
     */
    public static boolean isGlobal(IpAddress a) {
        return statusOf(a).equals(Status.PUBLIC);
    }

    private static String carried(int v4, IpClass outer) {
        IpClass inner = SpecialPurposeRegistry.classifyV4(v4);
        return inner.isGlobal() ? outer.status : inner.status;
    }

    /** {@return {@code "public"}, {@code "private"} or {@code "reserved"} (see the class comment)} */
    public String status() {
        return status;
    }

    /** {@return whether addresses of this class are globally reachable, that is status {@code "public"}} */
    public boolean isGlobal() {
        return status.equals(Status.PUBLIC);
    }

    /** {@return a short human label, such as {@code "Shared Address Space (CGNAT)"}} */
    public String label() {
        return label;
    }

    /** {@return the defining RFCs, such as {@code "RFC 1918"}; empty for {@link #PUBLIC}} */
    public String rfc() {
        return rfc;
    }
}
