package dev.iptriage.mmdb;

import static dev.iptriage.mmdb.WriterTestSupport.ip;
import static dev.iptriage.mmdb.WriterTestSupport.lookup;
import static dev.iptriage.mmdb.WriterTestSupport.toBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random overlapping inserts, ranges and removals, checked address by address through MaxMind's
 * reader against {@link WriterTestModel}: the value (last insert wins) and the prefix length (which
 * shows that equal neighbours were merged as far as possible). Most runs share identical subtrees
 * (the default); seed 3 writes a plain trie. Every file must also pass {@link MmdbVerifier}.
 */
class WriterTreePropertyTest {
    private static final List<String> VALUES = List.of("a", "b", "c");
    private static final int OPERATIONS = 400;

    /** Clusters (base, prefix) that random networks fall into, so they overlap and touch. */
    private static final List<Cluster> IPV4 = List.of(
            new Cluster(ip("10.0.0.0"), 16),
            new Cluster(ip("0.0.0.0"), 20),
            new Cluster(ip("255.255.240.0"), 20),
            new Cluster(ip("192.168.0.0"), 22));

    private static final List<Cluster> IPV6 = List.of(
            new Cluster(ip("2001:db8::"), 116),
            new Cluster(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:0"), 112),
            new Cluster(ip("::"), 100),
            new Cluster(ip("::fffe:ffff:f000"), 100),
            new Cluster(ip("2002::"), 104),
            new Cluster(ip("2003::"), 104),
            new Cluster(ip("::"), 2));

    record Cluster(byte[] base, int prefix) {
        byte[] randomAddress(RandomGenerator rnd) {
            int hostBits = base.length * 8 - prefix;
            BigInteger host = randomBits(rnd, hostBits);
            return toBytes(new BigInteger(1, base).or(host), base.length);
        }

        /** Mostly a few bits below the cluster's prefix, so networks nest, touch and overlap. */
        int randomPrefix(RandomGenerator rnd) {
            int max = base.length * 8;
            return switch (rnd.nextInt(10)) {
                case 0 -> rnd.nextInt(max / 4);
                case 1, 2 -> rnd.nextInt(Math.max(0, prefix - 2), max + 1);
                default -> Math.min(max, prefix + rnd.nextInt(7));
            };
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            for (int ipVersion : new int[] {4, 6}) {
                for (int recordSize : new int[] {24, 28, 32}) {
                    cases.add(Arguments.of(seed, ipVersion, recordSize));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "seed {0}, IPv{1}, {2}-bit records")
    @MethodSource("cases")
    void lookupsMatchNaiveModel(long seed, int ipVersion, int recordSize) {
        boolean alias = ipVersion == 6 && seed % 2 == 0;
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        MmdbWriter writer = WriterTestSupport.builder()
                .ipVersion(ipVersion)
                .recordSize(recordSize)
                .aliasIpv4InIpv6(alias)
                .shareSubtrees(seed != 3)
                .build();
        Run run = new Run(rnd, ipVersion, writer, new WriterTestModel(ipVersion == 6 ? 128 : 32));
        for (int i = 0; i < OPERATIONS; i++) {
            run.randomOperation();
            if (i == OPERATIONS / 2) {
                WriterTestSupport.bytes(writer); // writing mid-way must leave the writer as it was
            }
        }
        if (alias) {
            run.model.applyIpv4Aliases();
        }
        byte[] database = WriterTestSupport.bytes(writer);
        assertThat(WriterTestSupport.bytes(writer)).isEqualTo(database);
        Reader reader = WriterTestSupport.reader(database);
        assertThat(reader.getMetadata().recordSize()).isEqualTo(recordSize);
        assertThat(reader.getMetadata().nodeCount()).isEqualTo(writer.nodeCount());
        assertVerifies(database, writer.nodeCount());
        addRandomProbes(rnd, ipVersion, alias, run.probes);
        run.probes.addAll(run.model.boundaries());
        for (byte[] probe : run.probes) {
            checkLookup(reader, run.model, ipVersion, probe);
        }
    }

    /** Networks and ranges mostly in address order, as from a sorted CSV file, with some back-steps. */
    @ParameterizedTest(name = "seed {0}, IPv{1}")
    @CsvSource({"1, 4", "2, 4", "3, 6", "4, 6"})
    void sequentialInsertsMatchNaiveModel(long seed, int ipVersion) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        MmdbWriter writer = WriterTestSupport.builder().ipVersion(ipVersion).build();
        Run run = new Run(rnd, ipVersion, writer, new WriterTestModel(ipVersion == 6 ? 128 : 32));
        int length = ipVersion == 4 || seed % 2 == 1 ? 4 : 16;
        BigInteger base = length == 4 ? BigInteger.valueOf(0x0A00_0000L) : new BigInteger("20010db8", 16).shiftLeft(96);
        BigInteger cursor = base;
        for (int i = 0; i < 2000; i++) {
            if (rnd.nextInt(50) == 0) {
                cursor = cursor.subtract(BigInteger.valueOf(rnd.nextInt(5000))).max(base); // back-step: overlap
            }
            String value = rnd.nextInt(10) == 0 ? null : pick(rnd, VALUES);
            if (rnd.nextBoolean()) {
                BigInteger last = cursor.add(BigInteger.valueOf(rnd.nextInt(1, 700)));
                run.insertRange(toBytes(cursor, length), toBytes(last, length), value == null ? "a" : value);
                cursor = last.add(BigInteger.valueOf(1 + rnd.nextInt(3) / 2));
            } else {
                int hostBits = rnd.nextInt(10);
                cursor = cursor.add(BigInteger.ONE.shiftLeft(hostBits))
                        .shiftRight(hostBits)
                        .shiftLeft(hostBits);
                run.insert(new Network(toBytes(cursor, length), length * 8 - hostBits, value));
                cursor = cursor.add(BigInteger.ONE.shiftLeft(hostBits));
            }
        }
        byte[] database = WriterTestSupport.bytes(writer);
        if (ipVersion == 6) {
            run.model.applyIpv4Aliases();
        }
        Reader reader = WriterTestSupport.reader(database);
        assertVerifies(database, writer.nodeCount());
        run.probes.addAll(run.model.boundaries());
        for (byte[] probe : run.probes) {
            checkLookup(reader, run.model, ipVersion, probe);
        }
    }

    /** One random run: the writer and the model receive the same operations. */
    private record Run(
            RandomGenerator rnd,
            int ipVersion,
            MmdbWriter writer,
            WriterTestModel model,
            List<byte[]> probes,
            List<Network> history) {
        Run(RandomGenerator rnd, int ipVersion, MmdbWriter writer, WriterTestModel model) {
            this(rnd, ipVersion, writer, model, new ArrayList<>(), new ArrayList<>());
        }

        void randomOperation() {
            Cluster cluster = pick(rnd, ipVersion == 4 || rnd.nextBoolean() ? IPV4 : IPV6);
            String value = rnd.nextInt(8) == 0 ? null : pick(rnd, VALUES);
            int kind = rnd.nextInt(8);
            try {
                if (kind < 2 && !history.isEmpty()) {
                    insert(pick(rnd, history).sibling()); // provokes merges of equal neighbours
                } else if (kind < 4) {
                    insertRange(cluster.randomAddress(rnd), cluster.randomAddress(rnd), value == null ? "a" : value);
                } else {
                    insert(new Network(cluster.randomAddress(rnd), cluster.randomPrefix(rnd), value));
                }
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageContaining("alias"); // refused before any change: model unchanged
            }
        }

        private void insert(Network n) {
            if (n.value() == null) {
                writer.remove(n.address(), n.prefix());
            } else {
                writer.insert(n.address(), n.prefix(), n.value());
            }
            boolean mapped = ipVersion == 6 && n.address().length == 4;
            byte[] key = mapped ? toBytes(new BigInteger(1, n.address()), 16) : n.address();
            model.insert(key, mapped ? n.prefix() + 96 : n.prefix(), n.value());
            history.add(n);
            addProbes(probes, toBytes(n.first(), n.length()), toBytes(n.last(), n.length()));
        }

        private void insertRange(byte[] a, byte[] b, String value) {
            boolean ordered = new BigInteger(1, a).compareTo(new BigInteger(1, b)) <= 0;
            byte[] first = ordered ? a : b;
            byte[] last = ordered ? b : a;
            writer.insertRange(first, last, value);
            model.paint(new BigInteger(1, first), new BigInteger(1, last), value);
            addProbes(probes, first, last);
        }
    }

    /** A network and the value inserted for it (null: removed). */
    record Network(byte[] address, int prefix, String value) {
        int length() {
            return address.length;
        }

        BigInteger first() {
            int host = address.length * 8 - prefix;
            return new BigInteger(1, address).shiftRight(host).shiftLeft(host);
        }

        BigInteger last() {
            return first().add(BigInteger.ONE.shiftLeft(address.length * 8 - prefix))
                    .subtract(BigInteger.ONE);
        }

        /** The other half of this network's parent, with the same value. */
        Network sibling() {
            int p = Math.max(prefix, 1);
            BigInteger flipped = first().flipBit(address.length * 8 - p);
            return new Network(toBytes(flipped, address.length), p, value);
        }
    }

    /** The ends of a network or range and their neighbours outside it. */
    private static void addProbes(List<byte[]> probes, byte[] first, byte[] last) {
        BigInteger limit = BigInteger.ONE.shiftLeft(first.length * 8);
        BigInteger before = new BigInteger(1, first).subtract(BigInteger.ONE);
        BigInteger after = new BigInteger(1, last).add(BigInteger.ONE);
        probes.add(first);
        probes.add(last);
        if (before.signum() >= 0) {
            probes.add(toBytes(before, first.length));
        }
        if (after.compareTo(limit) < 0) {
            probes.add(toBytes(after, first.length));
        }
    }

    private static void addRandomProbes(RandomGenerator rnd, int ipVersion, boolean alias, List<byte[]> probes) {
        for (int i = 0; i < 500; i++) {
            boolean v4 = ipVersion == 4 || rnd.nextBoolean();
            probes.add(pick(rnd, v4 ? IPV4 : IPV6).randomAddress(rnd));
            byte[] any = new byte[ipVersion == 4 ? 4 : 16];
            rnd.nextBytes(any);
            probes.add(any);
        }
        if (alias) {
            for (int i = 0; i < 500; i++) {
                byte[] v4 = pick(rnd, IPV4).randomAddress(rnd);
                BigInteger bits = new BigInteger(1, v4);
                probes.add(toBytes(bits.or(BigInteger.valueOf(0xFFFF).shiftLeft(32)), 16));
                BigInteger sixToFour = BigInteger.valueOf(0x2002).shiftLeft(112).or(bits.shiftLeft(80));
                probes.add(toBytes(sixToFour.or(randomBits(rnd, 80)), 16));
            }
        }
    }

    /** Checks one address; in an IPv6 database, IPv4 probes are looked up both as ::a.b.c.d and as IPv4. */
    private static void checkLookup(Reader reader, WriterTestModel model, int ipVersion, byte[] probe) {
        byte[] key = ipVersion == 6 && probe.length == 4 ? toBytes(new BigInteger(1, probe), 16) : probe;
        DatabaseRecord<Object> record = lookup(reader, key);
        String where = HexFormat.of().formatHex(key);
        assertThat(record.data()).as("value at %s", where).isEqualTo(model.value(key));
        assertThat(record.network().prefixLength()).as("prefix at %s", where).isEqualTo(model.prefix(key));
        if (key != probe) {
            assertThat(lookup(reader, probe).data()).as("IPv4 lookup %s", where).isEqualTo(model.value(key));
        }
    }

    /** The verifier finds no problem and walks every node (none is left unreachable). */
    private static void assertVerifies(byte[] database, long nodeCount) {
        MmdbVerifier.Report report;
        try {
            report = MmdbVerifier.verify(MmdbReader.open("random.mmdb", ByteBuffer.wrap(database)), 0);
        } catch (MmdbFormatException e) {
            throw new AssertionError(e);
        }
        assertThat(report.problems()).isEmpty();
        assertThat(report.nodesVisited()).isEqualTo(nodeCount);
    }

    static BigInteger randomBits(RandomGenerator rnd, int bits) {
        byte[] raw = new byte[bits / 8 + 1];
        rnd.nextBytes(raw);
        return new BigInteger(1, raw).and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    }

    private static <T> T pick(RandomGenerator rnd, List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }
}
