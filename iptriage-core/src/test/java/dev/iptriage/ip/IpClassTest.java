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
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.EnumSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Classification: the first and last address of every registry block, their neighbours, and examples. */
class IpClassTest {
    private static final String ONES = ":ffff:ffff:ffff:ffff:ffff:ffff";

    private static IpAddress ip(String literal) {
        return IpLiteral.parseStrict(literal).orElseThrow();
    }

    /** IANA IPv4 Special-Purpose Address Registry, one row per entry, plus 224/4: first, last, class. */
    static Stream<Arguments> v4Registry() {
        return Stream.of(
                argumentSet("0.0.0.0/8 this network", "0.0.0.1", "0.255.255.255", THIS_NETWORK),
                argumentSet("0.0.0.0/32 this host", "0.0.0.0", "0.0.0.0", UNSPECIFIED),
                argumentSet("10/8 private", "10.0.0.0", "10.255.255.255", PRIVATE),
                argumentSet("100.64/10 shared", "100.64.0.0", "100.127.255.255", SHARED_CGNAT),
                argumentSet("127/8 loopback", "127.0.0.0", "127.255.255.255", LOOPBACK),
                argumentSet("169.254/16 link local", "169.254.0.0", "169.254.255.255", LINK_LOCAL),
                argumentSet("172.16/12 private", "172.16.0.0", "172.31.255.255", PRIVATE),
                argumentSet("192.0.0/24 IETF", "192.0.0.11", "192.0.0.255", IETF_PROTOCOL),
                argumentSet("192.0.0.0/29 service continuity", "192.0.0.0", "192.0.0.7", IETF_PROTOCOL),
                argumentSet("192.0.0.8 dummy", "192.0.0.8", "192.0.0.8", DUMMY),
                argumentSet("192.0.0.9 PCP anycast", "192.0.0.9", "192.0.0.9", GLOBAL_ANYCAST),
                argumentSet("192.0.0.10 TURN anycast", "192.0.0.10", "192.0.0.10", GLOBAL_ANYCAST),
                argumentSet("192.0.0.170 NAT64 discovery", "192.0.0.170", "192.0.0.170", IETF_PROTOCOL),
                argumentSet("192.0.0.171 NAT64 discovery", "192.0.0.171", "192.0.0.171", IETF_PROTOCOL),
                argumentSet("192.0.2/24 TEST-NET-1", "192.0.2.0", "192.0.2.255", DOCUMENTATION),
                argumentSet("192.31.196/24 AS112-v4", "192.31.196.0", "192.31.196.255", AS112),
                argumentSet("192.52.193/24 AMT", "192.52.193.0", "192.52.193.255", AMT),
                argumentSet("192.88.99/24 6to4 relay", "192.88.99.0", "192.88.99.255", DEPRECATED),
                argumentSet("192.88.99.2 6a44 relay", "192.88.99.2", "192.88.99.2", IETF_PROTOCOL),
                argumentSet("192.168/16 private", "192.168.0.0", "192.168.255.255", PRIVATE),
                argumentSet("192.175.48/24 AS112", "192.175.48.0", "192.175.48.255", AS112),
                argumentSet("198.18/15 benchmarking", "198.18.0.0", "198.19.255.255", BENCHMARKING),
                argumentSet("198.51.100/24 TEST-NET-2", "198.51.100.0", "198.51.100.255", DOCUMENTATION),
                argumentSet("203.0.113/24 TEST-NET-3", "203.0.113.0", "203.0.113.255", DOCUMENTATION),
                argumentSet("224/4 multicast", "224.0.0.0", "239.255.255.255", MULTICAST),
                argumentSet("240/4 reserved", "240.0.0.0", "255.255.255.254", RESERVED),
                argumentSet("255.255.255.255 broadcast", "255.255.255.255", "255.255.255.255", LIMITED_BROADCAST));
    }

    /** IANA IPv6 Special-Purpose Address Registry, one row per entry, plus top-level blocks. */
    static Stream<Arguments> v6Registry() {
        return Stream.of(
                argumentSet("::/128 unspecified", "::", "::", UNSPECIFIED),
                argumentSet("::1/128 loopback", "::1", "::1", LOOPBACK),
                argumentSet("::ffff:0:0/96 by embedded v4", "::ffff:0.0.0.0", "::ffff:0.0.0.0", UNSPECIFIED),
                argumentSet(
                        "::ffff:0:0/96 last", "::ffff:255.255.255.255", "::ffff:255.255.255.255", LIMITED_BROADCAST),
                argumentSet("64:ff9b::/96 NAT64", "64:ff9b::", "64:ff9b::ffff:ffff", NAT64),
                argumentSet("64:ff9b:1::/48 local NAT64", "64:ff9b:1::", "64:ff9b:1" + ONES.substring(5), NAT64_LOCAL),
                argumentSet("100::/64 discard", "100::", "100::ffff:ffff:ffff:ffff", DISCARD_ONLY),
                argumentSet("100:0:0:1::/64 dummy", "100:0:0:1::", "100::1:ffff:ffff:ffff:ffff", DUMMY),
                argumentSet("2001::/23 IETF", "2001:1::", "2001:1ff" + ONES, IETF_PROTOCOL),
                argumentSet("2001::/32 Teredo", "2001::", "2001:0" + ONES, TEREDO),
                argumentSet("2001:1::1 PCP anycast", "2001:1::1", "2001:1::1", GLOBAL_ANYCAST),
                argumentSet("2001:1::2 TURN anycast", "2001:1::2", "2001:1::2", GLOBAL_ANYCAST),
                argumentSet("2001:1::3 DNS-SD SRP anycast", "2001:1::3", "2001:1::3", GLOBAL_ANYCAST),
                argumentSet("2001:2::/48 benchmarking", "2001:2::", "2001:2:0" + ONES.substring(5), BENCHMARKING),
                argumentSet("2001:3::/32 AMT", "2001:3::", "2001:3" + ONES, AMT),
                argumentSet("2001:4:112::/48 AS112-v6", "2001:4:112::", "2001:4:112" + ONES.substring(5), AS112),
                argumentSet("2001:10::/28 ORCHID", "2001:10::", "2001:1f" + ONES, DEPRECATED),
                argumentSet("2001:20::/28 ORCHIDv2", "2001:20::", "2001:2f" + ONES, ORCHID_V2),
                argumentSet("2001:30::/28 DETs", "2001:30::", "2001:3f" + ONES, DRONE_REMOTE_ID),
                argumentSet("2001:db8::/32 documentation", "2001:db8::", "2001:db8" + ONES, DOCUMENTATION),
                argumentSet("2002::/16 6to4", "2002::", "2002:ffff" + ONES, SIX_TO_FOUR),
                argumentSet("2620:4f:8000::/48 AS112", "2620:4f:8000::", "2620:4f:8000" + ONES.substring(5), AS112),
                argumentSet("3fff::/20 documentation", "3fff::", "3fff:fff" + ONES, DOCUMENTATION),
                argumentSet("5f00::/16 SRv6 SIDs", "5f00::", "5f00:ffff" + ONES, SRV6_SID),
                argumentSet("fc00::/7 unique local", "fc00::", "fdff:ffff" + ONES, UNIQUE_LOCAL),
                argumentSet("fe80::/10 link local", "fe80::", "febf:ffff" + ONES, LINK_LOCAL),
                argumentSet("2000::/3 global unicast", "2000::", "3fff:ffff" + ONES, PUBLIC),
                argumentSet("fec0::/10 site local", "fec0::", "feff:ffff" + ONES, DEPRECATED),
                argumentSet("ff00::/8 multicast", "ff00::", "ffff:ffff" + ONES, MULTICAST),
                argumentSet("unassigned below 2000::/3", "0:0:0:0:0:1::", "1fff:ffff" + ONES, RESERVED),
                argumentSet("unassigned above 2000::/3", "4000::", "5eff:ffff" + ONES, RESERVED),
                argumentSet("unassigned fe00::/9", "fe00::", "fe7f:ffff" + ONES, RESERVED));
    }

    /** Addresses just outside blocks, everyday examples, and embedded IPv4. */
    static Stream<Arguments> examples() {
        return Stream.of(
                argumentSet("Google DNS", "8.8.8.8", PUBLIC),
                argumentSet("Cloudflare DNS", "1.1.1.1", PUBLIC),
                argumentSet("Cloudflare v6", "2606:4700::1111", PUBLIC),
                argumentSet("Google v6", "2001:4860:4860::8888", PUBLIC),
                argumentSet("before 10/8", "9.255.255.255", PUBLIC),
                argumentSet("after 10/8", "11.0.0.0", PUBLIC),
                argumentSet("before 100.64/10", "100.63.255.255", PUBLIC),
                argumentSet("after 100.64/10", "100.128.0.0", PUBLIC),
                argumentSet("before 172.16/12", "172.15.255.255", PUBLIC),
                argumentSet("after 172.16/12", "172.32.0.0", PUBLIC),
                argumentSet("after 192.0.0/24", "192.0.1.0", PUBLIC),
                argumentSet("after 192.0.2/24", "192.0.3.0", PUBLIC),
                argumentSet("after 192.168/16", "192.169.0.0", PUBLIC),
                argumentSet("after 198.18/15", "198.20.0.0", PUBLIC),
                argumentSet("before multicast", "223.255.255.255", PUBLIC),
                argumentSet("after 2001::/23", "2001:200::", PUBLIC),
                argumentSet("after 3fff::/20", "3fff:1000::", PUBLIC),
                argumentSet("other 2001:1:: is IETF", "2001:1::4", IETF_PROTOCOL),
                argumentSet("next to AS112-v6", "2001:4:113::", IETF_PROTOCOL),
                argumentSet("next to NAT64", "64:ff9b::1:0:0", RESERVED),
                argumentSet("not compatible", "::2:0:0", RESERVED),
                argumentSet("mapped public", "::ffff:8.8.8.8", PUBLIC),
                argumentSet("mapped private", "::ffff:10.1.2.3", PRIVATE),
                argumentSet("mapped loopback", "::ffff:127.0.0.1", LOOPBACK),
                argumentSet("mapped CGNAT", "::ffff:100.64.0.1", SHARED_CGNAT),
                argumentSet("compatible public", "::8.8.8.8", PUBLIC),
                argumentSet("compatible private", "::192.168.1.1", PRIVATE),
                argumentSet("compatible ::2", "::2", THIS_NETWORK));
    }

    @ParameterizedTest
    @MethodSource({"v4Registry", "v6Registry"})
    void classifiesBothEndsOfEachBlock(String first, String last, IpClass expected) {
        assertThat(IpClass.of(ip(first))).as(first).isEqualTo(expected);
        assertThat(IpClass.of(ip(last))).as(last).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void classifiesExamples(String address, IpClass expected) {
        assertThat(IpClass.of(ip(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(IpClass.class)
    void everyClassHasStatusLabelAndRfc(IpClass c) {
        assertThat(c.status()).isIn("public", "private", "reserved");
        assertThat(c.isGlobal()).isEqualTo(c.status().equals("public"));
        assertThat(c.label()).isNotBlank();
        if (c == PUBLIC) {
            assertThat(c.rfc()).isEmpty();
        } else {
            assertThat(c.rfc()).matches("RFC \\d{3,4}(, RFC \\d{3,4})*");
        }
    }

    @Test
    void statusesFollowTheRegistryAndTheOrganisationalUse() {
        Set<IpClass> privates = EnumSet.of(PRIVATE, SHARED_CGNAT, LOOPBACK, LINK_LOCAL, UNIQUE_LOCAL, NAT64_LOCAL);
        Set<IpClass> publics =
                EnumSet.of(PUBLIC, NAT64, TEREDO, SIX_TO_FOUR, GLOBAL_ANYCAST, AMT, AS112, ORCHID_V2, DRONE_REMOTE_ID);
        for (IpClass c : IpClass.values()) {
            String expected = privates.contains(c) ? "private" : publics.contains(c) ? "public" : "reserved";
            assertThat(c.status()).as(c.name()).isEqualTo(expected);
        }
    }

    /**
     * Every IPv4 address wrapped in each form that carries it: the mapped and compatible forms are looked up as the
     * IPv4 address and have its class and status; 6to4, NAT64 and Teredo (as client, behind a public server) keep
     * their class but take the IPv4 address's status when it is not public, and {@link IpClass#isGlobal(IpAddress)}
     * agrees with the status.
     */
    @Test
    void anAddressThatCarriesAnIpv4AddressHasItsStatus() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(3056);
        Stream<Integer> edges = SpecialPurposeRegistry.BLOCKS.stream()
                .filter(b -> b.cidr().first().isV4())
                .flatMap(b ->
                        Stream.of(b.cidr().first().v4Bits(), b.cidr().last().v4Bits()));
        int[] v4s = Stream.concat(edges, Stream.generate(random::nextInt).limit(20_000))
                .mapToInt(Integer::intValue)
                .toArray();
        for (int bits : v4s) {
            IpAddress v4 = IpAddress.ofV4(bits);
            IpClass inner = IpClass.of(v4);
            long u = bits & 0xFFFFFFFFL;
            IpAddress mapped = IpAddress.ofV6(0, 0xFFFF_0000_0000L | u);
            IpAddress compatible = IpAddress.ofV6(0, u);
            for (IpAddress a : new IpAddress[] {mapped, compatible}) {
                if (compatible == a && u <= 1) {
                    assertThat(a.lookupForm()).isSameAs(a); // :: and ::1 are not IPv4 addresses
                    continue;
                }
                assertThat(a.lookupForm()).as(a.toString()).isEqualTo(v4);
                assertThat(IpClass.of(a)).as(a.toString()).isEqualTo(inner);
                assertThat(IpClass.statusOf(a)).as(a.toString()).isEqualTo(inner.status());
            }
            IpAddress sixToFour = IpAddress.ofV6(0x2002L << 48 | u << 16, 1);
            IpAddress nat64 = IpAddress.ofV6(0x0064_ff9b_0000_0000L, u);
            IpAddress teredo = IpAddress.ofV6(0x2001_0000_4136_e378L, 0x8000_63bfL << 32 | (~u & 0xFFFFFFFFL));
            for (IpAddress a : new IpAddress[] {sixToFour, nat64, teredo}) {
                assertThat(a.lookupForm()).isSameAs(a);
                assertThat(IpClass.of(a).isGlobal()).as(a.toString()).isTrue();
                assertThat(IpClass.statusOf(a)).as(a.toString()).isEqualTo(inner.status());
                assertThat(IpClass.isGlobal(a)).as(a.toString()).isEqualTo(inner.isGlobal());
            }
        }
        assertThat(IpClass.statusOf(ip("2002:c0a8:101::1"))).isEqualTo("private");
        assertThat(IpClass.statusOf(ip("64:ff9b::192.0.2.1"))).isEqualTo("reserved");
        assertThat(IpClass.statusOf(ip("2001:0:a00:1:8000:63bf:f6f6:f7f6"))).isEqualTo("private"); // server 10.0.0.1
        assertThat(IpClass.statusOf(ip("::1"))).isEqualTo("private");
        assertThat(IpClass.statusOf(ip("::"))).isEqualTo("reserved");
    }

    @Test
    void everyClassIsReachableFromTheTable() {
        Set<IpClass> used = SpecialPurposeRegistry.BLOCKS.stream()
                .map(SpecialPurposeRegistry.Block::ipClass)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(IpClass.class)));
        assertThat(used).containsExactlyInAnyOrder(IpClass.values());
    }

    /** The binary search over flattened intervals agrees with a plain most-specific-block scan. */
    @Test
    void lookupAgreesWithALinearScanOfTheTable() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(6890);
        for (SpecialPurposeRegistry.Block b : SpecialPurposeRegistry.BLOCKS) {
            for (IpAddress edge : new IpAddress[] {b.cidr().first(), b.cidr().last()}) {
                for (int delta = -1; delta <= 1; delta++) {
                    assertAgreesWithScan(plus(edge, delta));
                }
            }
        }
        for (int n = 0; n < 100_000; n++) {
            IpAddress a = random.nextBoolean()
                    ? IpAddress.ofV4(random.nextInt())
                    : IpAddress.ofV6(random.nextLong() >>> random.nextInt(64), random.nextLong());
            assertAgreesWithScan(a);
        }
    }

    private static IpAddress plus(IpAddress a, int delta) {
        if (a.isV4()) {
            return IpAddress.ofV4(a.v4Bits() + delta);
        }
        long lo = a.lo() + delta;
        long carry = delta > 0 && lo == 0 ? 1 : delta < 0 && a.lo() == 0 ? -1 : 0;
        return IpAddress.ofV6(a.hi() + carry, lo);
    }

    private static void assertAgreesWithScan(IpAddress a) {
        IpAddress key = a.embeddedIpv4().orElse(a);
        SpecialPurposeRegistry.Block best = null;
        for (SpecialPurposeRegistry.Block b : SpecialPurposeRegistry.BLOCKS) {
            if (b.cidr().contains(key)
                    && (best == null || b.cidr().prefixLength() > best.cidr().prefixLength())) {
                best = b;
            }
        }
        assertThat(best).isNotNull();
        assertThat(IpClass.of(a)).as(a.toString()).isEqualTo(best.ipClass());
    }
}
