package dev.iptriage.lists;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.lists.ListIndex.Hit;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ListIndex#match} against a brute-force scan of every entry of every list, on seeded random lists whose entries
 * crowd a few small regions (so they nest, overlap, repeat and touch), and probes at every entry's edges and one
 * address beyond them; plus the documented choices on examples.
 */
class ListIndexTest {

    private static final BigInteger V4_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger V6_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final BigInteger MAPPED = BigInteger.valueOf(0xFFFFL).shiftLeft(32);

    /** Regions where entries crowd: the ends of each family, private space, IPv4-mapped space, the 64-bit seam. */
    private static final List<BigInteger> V4_BASES = List.of(
            BigInteger.ZERO,
            BigInteger.valueOf(0x0A00_0000L),
            BigInteger.valueOf(0xC000_0200L),
            BigInteger.valueOf(0x0102_0300L),
            V4_MAX.subtract(BigInteger.valueOf(300)));

    private static final List<BigInteger> V6_BASES = List.of(
            BigInteger.ZERO,
            MAPPED,
            MAPPED.add(BigInteger.valueOf(0x0102_0300L)),
            MAPPED.add(V4_MAX).subtract(BigInteger.valueOf(200)),
            BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(100)),
            new BigInteger("20010db8000000000000000000000000", 16),
            V6_MAX.subtract(BigInteger.valueOf(300)));

    static IpAddress v4(BigInteger b) {
        return IpAddress.ofV4(b.intValue());
    }

    static IpAddress v6(BigInteger b) {
        return IpAddress.ofV6(b.shiftRight(64).longValue(), b.longValue());
    }

    static BigInteger big(IpAddress a) {
        BigInteger hi = new BigInteger(Long.toUnsignedString(a.hi()));
        return hi.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(a.lo())));
    }

    static IpAddress ip(String s) {
        return IpLiteral.parseStrict(s).orElseThrow();
    }

    static BigInteger clamp(BigInteger x, BigInteger max) {
        return x.signum() < 0 ? BigInteger.ZERO : x.min(max);
    }

    static ListEntry randomEntry(RandomGenerator r, int line) {
        boolean isV4 = r.nextInt(5) < 3;
        BigInteger max = isV4 ? V4_MAX : V6_MAX;
        int bits = isV4 ? 32 : 128;
        List<BigInteger> bases = isV4 ? V4_BASES : V6_BASES;
        BigInteger at = clamp(bases.get(r.nextInt(bases.size())).add(BigInteger.valueOf(r.nextInt(600) - 100)), max);
        BigInteger first;
        BigInteger last;
        int kind = r.nextInt(10);
        if (kind < 4) { // a CIDR, mostly small, sometimes huge
            int host = r.nextInt(20) == 0 ? bits - r.nextInt(3) * (isV4 ? 8 : 32) : r.nextInt(10);
            host = Math.min(host, bits);
            BigInteger size = BigInteger.ONE.shiftLeft(host);
            first = at.subtract(at.mod(size));
            last = first.add(size).subtract(BigInteger.ONE);
        } else if (kind < 7) { // a range
            first = at;
            last = clamp(at.add(BigInteger.valueOf(r.nextInt(300))), max);
        } else { // one address
            first = at;
            last = at;
        }
        Map<String, String> facts = r.nextBoolean() ? Map.of() : Map.of("n", Integer.toString(line));
        return isV4 ? new ListEntry(v4(first), v4(last), line, facts) : new ListEntry(v6(first), v6(last), line, facts);
    }

    static IpList list(String name, List<ListEntry> entries) {
        return new IpList(name, ListFormat.PLAIN, null, null, null, null, null, Map.of(), entries, List.of(), 0);
    }

    /** The brute-force answer: the definition in ListIndex's class comment, written independently. */
    static List<Hit> bruteForce(List<IpList> lists, IpAddress probe) {
        List<IpList> sorted = new ArrayList<>(lists);
        sorted.sort(Comparator.comparing(IpList::name));
        IpAddress p = probe.isV4Mapped() ? IpAddress.ofV4((int) probe.lo()) : probe;
        List<Hit> out = new ArrayList<>();
        for (IpList l : sorted) {
            ListEntry best = null;
            BigInteger bestSize = null;
            for (ListEntry e : l.entries()) {
                BigInteger x;
                if (p.isV4() == e.first().isV4()) {
                    x = big(p);
                } else if (p.isV4()) {
                    x = MAPPED.add(big(p)); // an IPv6 entry covers the IPv4 addresses it maps
                } else {
                    continue;
                }
                if (x.compareTo(big(e.first())) >= 0 && x.compareTo(big(e.last())) <= 0) {
                    BigInteger size = big(e.last()).subtract(big(e.first()));
                    if (best == null || size.compareTo(bestSize) < 0) {
                        best = e;
                        bestSize = size;
                    }
                }
            }
            if (best != null) {
                out.add(new Hit(l.name(), best));
            }
        }
        return out;
    }

    static List<IpAddress> probes(List<IpList> lists, RandomGenerator r) {
        List<IpAddress> out = new ArrayList<>();
        for (IpList l : lists) {
            for (ListEntry e : l.entries()) {
                BigInteger max = e.first().isV4() ? V4_MAX : V6_MAX;
                for (BigInteger x : List.of(
                        big(e.first()),
                        big(e.last()),
                        big(e.first()).subtract(BigInteger.ONE),
                        big(e.last()).add(BigInteger.ONE))) {
                    if (x.signum() < 0 || x.compareTo(max) > 0) {
                        continue;
                    }
                    if (e.first().isV4()) {
                        out.add(v4(x));
                        out.add(v6(MAPPED.add(x))); // the same host, written IPv4-mapped
                        out.add(v6(x)); // IPv4-compatible: an IPv6 address here
                    } else {
                        out.add(v6(x));
                        if (x.compareTo(MAPPED) >= 0 && x.compareTo(MAPPED.add(V4_MAX)) <= 0) {
                            out.add(v4(x.subtract(MAPPED)));
                        }
                    }
                }
            }
        }
        for (int i = 0; i < 500; i++) {
            out.add(v4(clamp(
                    V4_BASES.get(r.nextInt(V4_BASES.size())).add(BigInteger.valueOf(r.nextInt(1000) - 200)), V4_MAX)));
            out.add(v6(clamp(
                    V6_BASES.get(r.nextInt(V6_BASES.size())).add(BigInteger.valueOf(r.nextInt(1000) - 200)), V6_MAX)));
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void matchesABruteForceScanOfEveryEntry(long seed) {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        List<String> names = List.of("drop", "tor", "firehol", "tor", "watch", "a");
        List<IpList> lists = new ArrayList<>();
        int listCount = 1 + r.nextInt(names.size());
        for (int l = 0; l < listCount; l++) {
            List<ListEntry> entries = new ArrayList<>();
            int n = r.nextInt(4) == 0 ? 0 : r.nextInt(120);
            for (int i = 0; i < n; i++) {
                ListEntry e = randomEntry(r, i + 1);
                entries.add(e);
                if (r.nextInt(10) == 0) { // a duplicate later in the file: the first one is reported
                    entries.add(new ListEntry(e.first(), e.last(), i + 1000, Map.of("dup", "yes")));
                }
            }
            lists.add(list(names.get(r.nextInt(names.size())), entries));
        }
        ListIndex index = ListIndex.of(lists);
        int checked = 0;
        for (IpAddress p : probes(lists, r)) {
            assertThat(index.match(p)).as("%s in %s", p, lists).isEqualTo(bruteForce(lists, p));
            checked++;
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void everyCoveringListGivesOneHitWithItsNarrowestEntry() {
        ListEntry wide = new ListEntry(ip("10.0.0.0"), ip("10.255.255.255"), 1, Map.of());
        ListEntry narrow = new ListEntry(ip("10.1.2.0"), ip("10.1.2.255"), 2, Map.of("sblid", "SBL1"));
        ListEntry range = new ListEntry(ip("10.1.2.3"), ip("10.1.9.0"), 1, Map.of());
        ListIndex index = ListIndex.of(List.of(list("z", List.of(wide, narrow)), list("b", List.of(range))));
        assertThat(index.match(ip("10.1.2.3"))).containsExactly(new Hit("b", range), new Hit("z", narrow));
        assertThat(index.match(ip("10.1.2.2"))).containsExactly(new Hit("z", narrow));
        assertThat(index.match(ip("10.1.3.0"))).containsExactly(new Hit("b", range), new Hit("z", wide));
        assertThat(index.match(ip("10.1.3.0")).get(1).facts()).isEmpty();
        assertThat(index.match(ip("10.1.2.9")).get(1).facts()).containsEntry("sblid", "SBL1");
        assertThat(index.match(ip("11.0.0.0"))).isEmpty();
        assertThat(index.match(ip("9.255.255.255"))).isEmpty();
        assertThat(index.match(ip("::a01:203"))).as("IPv4-compatible is IPv6").isEmpty();
        assertThat(index.match(ip("::ffff:10.1.2.3"))).isEqualTo(index.match(ip("10.1.2.3")));
    }

    @Test
    void anIpv4MappedEntryCoversTheIpv4AddressesItMaps() {
        ListEntry mapped = new ListEntry(ip("::ffff:1.2.3.0"), ip("::ffff:1.2.3.255"), 1, Map.of());
        ListEntry across = new ListEntry(ip("::fffe:ffff:ffff"), ip("::ffff:0.0.0.5"), 2, Map.of());
        ListIndex index = ListIndex.of(List.of(list("m", List.of(mapped)), list("x", List.of(across))));
        assertThat(index.match(ip("1.2.3.4"))).containsExactly(new Hit("m", mapped));
        assertThat(index.match(ip("::ffff:1.2.3.4"))).containsExactly(new Hit("m", mapped));
        assertThat(index.match(ip("1.2.4.0"))).isEmpty();
        assertThat(index.match(ip("0.0.0.5"))).containsExactly(new Hit("x", across));
        assertThat(index.match(ip("0.0.0.6"))).isEmpty();
        assertThat(index.match(ip("::fffe:ffff:ffff"))).containsExactly(new Hit("x", across));
    }

    @Test
    void entriesReachingTheLastAddressOfAFamily() {
        ListEntry all4 = new ListEntry(ip("0.0.0.0"), ip("255.255.255.255"), 1, Map.of());
        ListEntry top6 = new ListEntry(ip("ffff::"), ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 2, Map.of());
        ListIndex index = ListIndex.of(List.of(list("l", List.of(all4, top6))));
        assertThat(index.match(ip("255.255.255.255"))).containsExactly(new Hit("l", all4));
        assertThat(index.match(ip("0.0.0.0"))).containsExactly(new Hit("l", all4));
        assertThat(index.match(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))).containsExactly(new Hit("l", top6));
        assertThat(index.match(ip("fffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))).isEmpty();
    }

    @Test
    void noListsAndEmptyLists() {
        assertThat(ListIndex.of(List.of()).match(ip("1.2.3.4"))).isEmpty();
        ListIndex empty = ListIndex.of(List.of(list("feodo", List.of())));
        assertThat(empty.match(ip("1.2.3.4"))).isEmpty();
        assertThat(empty.match(ip("2001:db8::1"))).isEmpty();
        assertThat(empty.lists()).hasSize(1);
    }

    @Test
    void aLargeListBuildsAndMatchesLikeTheBruteForce() {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(99);
        List<ListEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            int a = r.nextInt();
            int host = r.nextInt(12);
            int first = a & (-1 << host);
            entries.add(new ListEntry(IpAddress.ofV4(first), IpAddress.ofV4(first | ~(-1 << host)), i + 1, Map.of()));
        }
        List<IpList> lists = List.of(list("big", entries));
        long t0 = System.nanoTime();
        ListIndex index = ListIndex.of(lists);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("ListIndex: 100000 entries built in " + ms + " ms, " + index.intervalCount() + " intervals");
        assertThat(index.entryCount()).isEqualTo(100_000);
        for (int i = 0; i < 30; i++) {
            ListEntry e = entries.get(r.nextInt(entries.size()));
            for (IpAddress p : List.of(e.first(), e.last())) {
                assertThat(index.match(p)).isEqualTo(bruteForce(lists, p));
            }
        }
    }

    @Test
    void theKeyDependsOnContentNotOnOrder() {
        ListEntry a = new ListEntry(ip("10.0.0.0"), ip("10.0.0.255"), 1, Map.of("sblid", "SBL1"));
        ListEntry b = new ListEntry(ip("2001:db8::"), ip("2001:db8::ff"), 2, Map.of());
        IpList x = list("x", List.of(a));
        IpList y = list("y", List.of(b));
        String key = ListIndex.key(List.of(x, y));
        assertThat(key).hasSize(64).isEqualTo(ListIndex.key(List.of(y, x)));
        assertThat(ListIndex.key(List.of(x))).isNotEqualTo(key);
        assertThat(ListIndex.key(List.of(x, list("y", List.of(b, a))))).isNotEqualTo(key);
        ListEntry a2 = new ListEntry(ip("10.0.0.0"), ip("10.0.0.255"), 1, Map.of("sblid", "SBL2"));
        assertThat(ListIndex.key(List.of(list("x", List.of(a2)), y))).isNotEqualTo(key);
        assertThat(ListIndex.key(List.of(list("x2", List.of(a)), y))).isNotEqualTo(key);
    }

    @Test
    void bogons() {
        assertThat(ListIndex.isBogon(ip("10.1.2.3"))).isTrue();
        assertThat(ListIndex.isBogon(ip("::ffff:192.168.1.1"))).isTrue();
        assertThat(ListIndex.isBogon(ip("192.0.2.1"))).isTrue();
        assertThat(ListIndex.isBogon(ip("8.8.8.8"))).isFalse();
        assertThat(ListIndex.isBogon(ip("2001:4860::1"))).isFalse();
    }

    @Test
    void aBogonIsAnAddressThatIsNotGlobalItselfOrByTheIpv4AddressItCarries() {
        // the same rule as the status column and what the online sources may send (IpClass.isGlobal)
        for (String bogon : new String[] {
            "10.0.0.1",
            "::ffff:10.0.0.1",
            "2002:a00:1::1",
            "2002:c0a8:101::1",
            "64:ff9b::10.0.0.1",
            "fc00::1",
            "127.0.0.1"
        }) {
            assertThat(ListIndex.isBogon(ip(bogon))).as(bogon).isTrue();
        }
        for (String global :
                new String[] {"8.8.8.8", "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::8.8.8.8", "2001:4860::1"}) {
            assertThat(ListIndex.isBogon(ip(global))).as(global).isFalse();
        }
    }
}
