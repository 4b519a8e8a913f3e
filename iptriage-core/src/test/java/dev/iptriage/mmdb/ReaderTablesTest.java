package dev.iptriage.mmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * IPv4 lookups start from tables of where the first 8, 16 and 20 bits lead, made as lookups reach
 * them. They must give what a plain walk from the root gives, one by one ({@link MmdbReader#find})
 * and in batches ({@link MmdbReader#findAll}), wherever the networks end: above, at, between and
 * below the tables' depths, and with empty subtrees.
 */
class ReaderTablesTest {
    @ParameterizedTest(name = "ipVersion {0}, record size {1}")
    @CsvSource({"4, 24", "4, 28", "4, 32", "6, 24", "6, 28", "6, 32"})
    void tablesGiveWhatAPlainWalkGives(int ipVersion, int recordSize) throws Exception {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(ipVersion * 100 + recordSize);
        MmdbWriter w = WriterTestSupport.builder()
                .ipVersion(ipVersion)
                .recordSize(recordSize)
                .build();
        // networks ending above the first table (/4, /7), at and around each table's depth, and below
        w.insert(WriterTestSupport.ip("64.0.0.0"), 4, Map.of("n", 100_001L));
        w.insert(WriterTestSupport.ip("130.0.0.0"), 7, Map.of("n", 100_002L));
        int[] prefixes = {8, 9, 12, 15, 16, 17, 19, 20, 21, 24, 28, 32};
        for (int n = 0; n < 400; n++) {
            int prefix = prefixes[rnd.nextInt(prefixes.length)];
            byte[] a = ByteBuffer.allocate(4).putInt(rnd.nextInt()).array();
            w.insert(a, prefix, Map.of("n", (long) n));
        }
        for (int n = 0; n < 100; n++) { // holes: empty subtrees inside networks
            byte[] a = ByteBuffer.allocate(4)
                    .putInt(0x40000000 | rnd.nextInt(0x10000000))
                    .array();
            w.remove(a, n % 2 == 0 ? 18 : 30);
        }
        // IPv6 networks ending above, at and below the depth where walks are remembered (32), in /32s
        // that addresses share, including pairs of /32s that take the same slot of the memo
        long[] pool = new long[3000];
        for (int k = 0; k < pool.length; k++) {
            pool[k] = k % 10 == 9
                    ? collidingWith(pool[k - 1])
                    : k == 0 ? 0 : 0x2000_0000L | rnd.nextInt(0x1000_0000) & 0xFFFF_FF00L | rnd.nextInt(4);
        }
        int[] v6Prefixes = {12, 20, 28, 31, 32, 33, 36, 40, 48, 56, 64, 100};
        for (int k = 0; ipVersion == 6 && k < 600; k++) {
            byte[] a = ByteBuffer.allocate(16)
                    .putLong(pool[rnd.nextInt(pool.length)] << 32 | rnd.nextInt() & 0xFFFFFFFFL)
                    .putLong(rnd.nextLong())
                    .array();
            w.insert(a, v6Prefixes[rnd.nextInt(v6Prefixes.length)], Map.of("v6", (long) k));
        }
        MmdbReader r = MmdbReader.open("tables", ByteBuffer.wrap(WriterTestSupport.bytes(w)));

        int n = 20_000;
        long[] his = new long[n];
        long[] los = new long[n];
        boolean[] v4s = new boolean[n];
        List<Long> want = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = i % 4 == 0 ? 0x40000000 | rnd.nextInt(0x10000000) : rnd.nextInt(); // a quarter in the /4
            if (i % 3 == 0 && i > 0) {
                a = (int) los[i - 1] ^ (1 << rnd.nextInt(12)); // a neighbour: same tables, other leaf
            }
            los[i] = Integer.toUnsignedLong(a);
            v4s[i] = true;
            if (ipVersion == 6 && i % 3 == 1) {
                long low = rnd.nextBoolean() ? rnd.nextInt() & 0xFFFFFFFFL : rnd.nextInt(16) << 24 | rnd.nextInt(16);
                his[i] = pool[rnd.nextInt(pool.length)] << 32 | low; // half in few /36s and /64s
                los[i] = rnd.nextLong();
                v4s[i] = false;
            }
            want.add(plainWalk(r, his[i], los[i], v4s[i]));
        }
        // one by one, in a fresh reader (tables empty) and in batches in another, split at random
        MmdbReader single = MmdbReader.open("tables", ByteBuffer.wrap(WriterTestSupport.bytes(w)));
        long[] out = new long[n];
        for (int from = 0; from < n; ) {
            int k = Math.min(n - from, 1 + rnd.nextInt(100));
            long[] h = java.util.Arrays.copyOfRange(his, from, from + k);
            long[] l = java.util.Arrays.copyOfRange(los, from, from + k);
            boolean[] v = java.util.Arrays.copyOfRange(v4s, from, from + k);
            long[] o = new long[k];
            r.findAll(h, l, v, k, o);
            System.arraycopy(o, 0, out, from, k);
            from += k;
        }
        // several threads on one fresh reader, making the same tables and memo entries at once
        MmdbReader shared = MmdbReader.open("tables", ByteBuffer.wrap(WriterTestSupport.bytes(w)));
        try (var pool4 = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<long[]>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                runs.add(pool4.submit(() -> {
                    long[] got = new long[n];
                    for (int from = seed * 7 % 50; from < n; from += 50) { // batches of 50, staggered
                        int k = Math.min(50, n - from);
                        long[] o = new long[k];
                        shared.findAll(
                                java.util.Arrays.copyOfRange(his, from, from + k),
                                java.util.Arrays.copyOfRange(los, from, from + k),
                                java.util.Arrays.copyOfRange(v4s, from, from + k),
                                k,
                                o);
                        System.arraycopy(o, 0, got, from, k);
                    }
                    for (int i = 0; i < seed * 7 % 50; i++) {
                        got[i] = shared.find(his[i], los[i], v4s[i]);
                    }
                    return got;
                }));
            }
            for (var run : runs) {
                long[] got = run.get();
                for (int i = 0; i < n; i++) {
                    assertThat(got[i]).as("thread, address %d", i).isEqualTo(want.get(i));
                }
            }
        }
        int found = 0;
        for (int i = 0; i < n; i++) {
            String where = (v4s[i] ? "v4 " : "v6 ") + Long.toHexString(his[i]) + "/" + Long.toHexString(los[i]);
            assertThat(single.find(his[i], los[i], v4s[i])).as(where).isEqualTo(want.get(i));
            assertThat(out[i]).as(where).isEqualTo(want.get(i));
            found += MmdbReader.found(want.get(i)) ? 1 : 0;
        }
        assertThat(found).as("found some").isBetween(n / 10, n - n / 10);
        if (ipVersion == 6) {
            long v6Found = java.util.stream.IntStream.range(0, n)
                    .filter(i -> !v4s[i] && MmdbReader.found(want.get(i)))
                    .count();
            assertThat(v6Found).as("IPv6 found").isBetween(500L, n / 3 - 500L);
        }
    }

    /** The memo packs node and depth with the prefix; nodes past 26 bits (or read as negative ints) are not kept. */
    @Test
    void memoEntriesKeepNodeAndDepthOrNothing() {
        long hi = 0x2001_0db8_1234_5678L;
        for (long node : new long[] {0, 1, 12_345, (1 << 26) - 1}) {
            for (int depth : new int[] {0, 1, 31, 32}) {
                long e = MmdbReader.memoEntry(hi, node << 8 | depth);
                assertThat(e).isNotZero();
                assertThat(MmdbReader.memoStart(hi, e)).isEqualTo(node << 8 | depth);
                assertThat(MmdbReader.memoStart(hi ^ 1L << 32, e))
                        .as("another /32")
                        .isEqualTo(-1);
                assertThat(MmdbReader.memoStart(hi ^ 1, e)).as("same /32").isEqualTo(node << 8 | depth);
            }
        }
        for (long node : new long[] {1 << 26, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL}) {
            assertThat(MmdbReader.memoEntry(hi, node << 8 | 32))
                    .as("node %x", node)
                    .isZero();
        }
        assertThat(MmdbReader.memoStart(hi, 0)).isEqualTo(-1);
        assertThat(MmdbReader.memoStart(0, MmdbReader.memoEntry(0, 5L << 8 | 3)))
                .isEqualTo(5L << 8 | 3);
    }

    /** A /32 prefix other than {@code prefix} that takes the same slot of the IPv6 memo. */
    private static long collidingWith(long prefix) {
        int slot = MmdbReader.memoSlot((int) prefix);
        for (long p = prefix + 1; ; p++) {
            if (MmdbReader.memoSlot((int) p) == slot) {
                return p & 0xFFFFFFFFL;
            }
        }
    }

    /** The lookup by the book: from the root, one bit at a time (IPv4 as ::a.b.c.d in an IPv6 tree). */
    private static long plainWalk(MmdbReader r, long hi, long lo, boolean v4) throws MmdbFormatException {
        int nodes = r.nodeCount();
        boolean v6Tree = r.metadata().ipVersion() == 6;
        int bits = v4 && !v6Tree ? 32 : 128;
        if (v4 && v6Tree) {
            hi = 0;
            lo &= 0xFFFFFFFFL;
        }
        if (!v4 && !v6Tree) {
            return 0;
        }
        int node = 0;
        int depth = 0;
        while (depth < bits && node >= 0 && node < nodes) {
            int bit = bits == 32
                    ? (int) (lo >>> (31 - depth)) & 1
                    : (int) ((depth < 64 ? hi >>> (63 - depth) : lo >>> (127 - depth)) & 1);
            node = r.record(node, bit);
            depth++;
        }
        int prefix = v4 && v6Tree ? Math.max(0, depth - 96) : depth;
        if (node == nodes) {
            return (long) prefix << 32;
        }
        long off = (node & 0xFFFFFFFFL) - nodes - 16;
        return 1L << 62 | (long) prefix << 32 | off;
    }
}
