package dev.iptriage.mmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Damage that the reader must see for itself, at open or on the lookup that meets it, instead of
 * answering from what it could not read: metadata that does not match the file (no zero separator
 * where node_count and record_size put the end of the tree), a search-tree record that leads back
 * to the root (zeroed bytes), and strings that are not UTF-8 in the parts of a record a lookup skips.
 */
class ReaderDamageTest {
    private static final byte[] MARKER = "\u00AB\u00CD\u00EFMaxMind.com".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void aSeparatorThatIsNotZeroIsRefusedAtOpen() throws Exception {
        byte[] db = WriterTestSupport.bytes(writer(6, 24, 1));
        MmdbReader r = MmdbReader.open("ok", ByteBuffer.wrap(db));
        int treeBytes = (int) r.metadata().treeBytes();
        for (int i = 0; i < 16; i++) {
            byte[] bad = db.clone();
            bad[treeBytes + i] = 1;
            assertThatThrownBy(() -> MmdbReader.open("bad.mmdb", ByteBuffer.wrap(bad)))
                    .isInstanceOf(MmdbFormatException.class)
                    .hasMessageStartingWith("bad.mmdb: no data section separator (16 zero bytes) after the " + treeBytes
                            + "-byte search tree");
        }
    }

    /** The case: node_count off by a little moved the data section, and lookups read garbage. */
    @ParameterizedTest(name = "ipVersion {0}, record size {1}, node_count {2}")
    @CsvSource({"6, 24, 1", "6, 24, -1", "6, 28, 2", "6, 32, -4", "4, 24, 1", "4, 28, -1", "4, 32, 16"})
    void aNodeCountThatDoesNotMatchTheFileIsRefusedAtOpen(int ipVersion, int recordSize, int delta) throws Exception {
        byte[] db = WriterTestSupport.bytes(writer(ipVersion, recordSize, 2));
        long nodes = MmdbReader.open("ok", ByteBuffer.wrap(db)).metadata().nodeCount();
        byte[] bad = withNodeCount(db, nodes + delta);
        assertThat(MmdbReader.open("patched", ByteBuffer.wrap(withNodeCount(bad, nodes)))
                        .metadata()
                        .nodeCount())
                .as("the patch is undone by patching back")
                .isEqualTo(nodes);
        assertThatThrownBy(() -> MmdbReader.open("bad.mmdb", ByteBuffer.wrap(bad)))
                .isInstanceOf(MmdbFormatException.class)
                .hasMessageContaining("node_count " + (nodes + delta));
    }

    @Test
    void aNodeCountThatNoRecordCanHoldIsRefusedAtOpen() throws Exception {
        // 2^24 nodes of 24-bit records: the value that means "empty" does not fit a record
        byte[] small = WriterTestSupport.bytes(writer(4, 24, 5));
        byte[] meta = metadata(1L << 24, 24);
        int tail = lastIndexOf(small, MARKER);
        byte[] file = Arrays.copyOf(small, tail + meta.length);
        System.arraycopy(meta, 0, file, tail, meta.length);
        assertThatThrownBy(() -> MmdbReader.open("big.mmdb", ByteBuffer.wrap(file)))
                .isInstanceOf(MmdbFormatException.class)
                .hasMessage("big.mmdb: node_count 16777216 does not fit a 24-bit record (a record holding it means"
                        + " empty)");
    }

    /**
     * Zeroed bytes in the tree make records that lead back to the root: every lookup through one
     * fails (as in libmaxminddb), whether it starts from the root, from the IPv4 tables made before
     * or after the damage is met, or from the IPv6 memo; the others answer as a plain walk does.
     */
    @ParameterizedTest(name = "ipVersion {0}, record size {1}")
    @CsvSource({"4, 24", "4, 28", "4, 32", "6, 24", "6, 28", "6, 32"})
    void recordsThatLeadBackToTheRootFailTheLookupsThatMeetThem(int ipVersion, int recordSize) throws Exception {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(ipVersion * 1000L + recordSize);
        byte[] db = WriterTestSupport.bytes(writer(ipVersion, recordSize, 3));
        MmdbReader clean = MmdbReader.open("clean", ByteBuffer.wrap(db));
        int nodes = clean.nodeCount();
        int v4Root = ipVersion == 6 ? ipv4Root(clean) : 0;
        for (int k = 0; k < 40; k++) {
            int node;
            do {
                node = 1 + rnd.nextInt(nodes - 1);
            } while (onIpv4Path(clean, node));
            zeroRecord(db, node, rnd.nextInt(2), recordSize);
        }
        MmdbReader r = MmdbReader.open("zeroed.mmdb", ByteBuffer.wrap(db));
        MmdbReader batched = MmdbReader.open("zeroed.mmdb", ByteBuffer.wrap(db));
        MmdbReader inBatches = MmdbReader.open("zeroed.mmdb", ByteBuffer.wrap(db));
        java.util.List<long[]> fine = new java.util.ArrayList<>(); // hi, lo, v4, answer
        int failed = 0;
        for (int i = 0; i < 6000; i++) {
            boolean v4 = ipVersion == 4 || i % 3 != 0;
            long hi = v4 ? 0 : 0x2400_0000_0000_0000L | rnd.nextLong() >>> 6;
            long lo = v4 ? rnd.nextInt() & 0xFFFFFFFFL : rnd.nextLong();
            Long want = plainWalk(r, hi, lo, v4, v4Root);
            String where = (v4 ? "v4 " : "v6 ") + Long.toHexString(hi) + "/" + Long.toHexString(lo);
            long[] out = new long[1];
            if (want == null) {
                failed++;
                assertThatThrownBy(() -> r.find(hi, lo, v4))
                        .as(where)
                        .hasMessageContaining("points back to the root node (a cycle)");
                assertThatThrownBy(() -> batched.findAll(new long[] {hi}, new long[] {lo}, new boolean[] {v4}, 1, out))
                        .as(where)
                        .hasMessageContaining("points back to the root node (a cycle)");
            } else {
                assertThat(r.find(hi, lo, v4)).as(where).isEqualTo(want);
                batched.findAll(new long[] {hi}, new long[] {lo}, new boolean[] {v4}, 1, out);
                assertThat(out[0]).as(where).isEqualTo(want);
                fine.add(new long[] {hi, lo, v4 ? 1 : 0, want});
            }
        }
        for (int from = 0; from < fine.size(); from += 64) { // lookups that meet no damage, 64 in lockstep
            int n = Math.min(64, fine.size() - from);
            long[] his = new long[n];
            long[] los = new long[n];
            boolean[] v4s = new boolean[n];
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                long[] f = fine.get(from + i);
                his[i] = f[0];
                los[i] = f[1];
                v4s[i] = f[2] == 1;
            }
            inBatches.findAll(his, los, v4s, n, out);
            for (int i = 0; i < n; i++) {
                assertThat(out[i]).isEqualTo(fine.get(from + i)[3]);
            }
        }
        assertThat(failed).as("lookups that met a zeroed record").isBetween(10, 5000);
    }

    @Test
    void anIpv4PathBackToTheRootIsRefusedAtOpen() throws Exception {
        byte[] db = WriterTestSupport.bytes(writer(6, 28, 4));
        MmdbReader clean = MmdbReader.open("clean", ByteBuffer.wrap(db));
        int node = 0;
        for (int depth = 0; depth < 50; depth++) {
            node = clean.record(node, 0);
        }
        zeroRecord(db, node, 0, 28);
        assertThatThrownBy(() -> MmdbReader.open("bad.mmdb", ByteBuffer.wrap(db)))
                .isInstanceOf(MmdbFormatException.class)
                .hasMessage("bad.mmdb: the path of the IPv4 addresses (::/96) leads back to the root node at depth 51"
                        + " (a cycle)");
    }

    /**
     * A lookup reads every key of a record and checks every string it skips as the full decoder
     * does: a key made invalid UTF-8 is a key nobody can match (before: the column it names was
     * silently empty, in every record that shares the key).
     */
    @Test
    void stringsThatAreNotUtf8FailEvenWhereALookupSkipsThem() throws Exception {
        MmdbWriter w = WriterTestSupport.builder().ipVersion(4).build();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("wanted", "yes");
        rec.put("zzkey", "skipped value");
        w.insert(WriterTestSupport.ip("1.0.0.0"), 8, rec);
        byte[] db = WriterTestSupport.bytes(w);
        PathPlan plan = PathPlan.withSlots(1).add(0, "wanted");
        for (String target : new String[] {"zzkey", "skipped value"}) {
            byte[] bad = db.clone();
            bad[indexOf(bad, target.getBytes(StandardCharsets.US_ASCII)) + 1] = (byte) 0xC0; // never valid UTF-8
            MmdbReader r = MmdbReader.open("bad.mmdb", ByteBuffer.wrap(bad));
            long res = r.find(0, 0x01020304L, true);
            Object[] out = new Object[1];
            assertThatThrownBy(() -> r.extract(MmdbReader.offset(res), plan, out))
                    .as(target)
                    .isInstanceOf(MmdbFormatException.class)
                    .hasMessageContaining("not valid UTF-8");
            assertThatThrownBy(() -> r.decode(MmdbReader.offset(res))).hasMessageContaining("not valid UTF-8");
        }
    }

    /**
     * A lookup checks the values it does not decode as {@link MmdbReader#decode} would, following
     * their pointers: a value that many records share, damaged, fails every lookup that reaches it,
     * whatever it asks for (before: the record answered if the damage was in a part not asked for).
     */
    @Test
    void aSharedValueALookupSkipsIsCheckedToo() throws Exception {
        MmdbWriter w = WriterTestSupport.builder().ipVersion(4).build();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("wanted", "yes " + i);
            rec.put("shared", Map.of("name", "a value that every record points to")); // stored once
            w.insert(WriterTestSupport.ip(i + 1 + ".0.0.0"), 8, rec);
        }
        byte[] db = WriterTestSupport.bytes(w);
        byte[] bad = db.clone();
        bad[indexOf(bad, "every record".getBytes(StandardCharsets.US_ASCII))] = (byte) 0xFF;
        PathPlan plan = PathPlan.withSlots(1).add(0, "wanted");
        MmdbReader good = MmdbReader.open("good.mmdb", ByteBuffer.wrap(db));
        MmdbReader r = MmdbReader.open("bad.mmdb", ByteBuffer.wrap(bad));
        for (int i = 0; i < 3; i++) {
            long ip = (i + 1L) << 24 | 5;
            Object[] out = new Object[1];
            good.extract(MmdbReader.offset(good.find(0, ip, true)), plan, out);
            assertThat(out[0]).isEqualTo("yes " + i);
            long res = r.find(0, ip, true);
            assertThatThrownBy(() -> r.extract(MmdbReader.offset(res), plan, new Object[1]))
                    .as("record " + i)
                    .isInstanceOf(MmdbFormatException.class)
                    .hasMessageContaining("string is not valid UTF-8");
        }
    }

    /** An IPv6 tree whose ip_version says 4 (one bit apart): 0.0.0.0 walks on into ::/96. Refused. */
    @Test
    void anIpv6TreeThatSaysIpv4IsRefusedAtOpen() throws Exception {
        byte[] db = WriterTestSupport.bytes(writer(6, 24, 6));
        int meta = lastIndexOf(db, MARKER) + MARKER.length;
        int value = meta
                + indexOf(
                        Arrays.copyOfRange(db, meta, db.length), "\u004Aip_version".getBytes(StandardCharsets.US_ASCII))
                + 11;
        assertThat(db[value + 1]).as("ip_version 6, one byte").isEqualTo((byte) 6);
        db[value + 1] = 4;
        assertThatThrownBy(() -> MmdbReader.open("bad.mmdb", ByteBuffer.wrap(db)))
                .isInstanceOf(MmdbFormatException.class)
                .hasMessage("bad.mmdb: metadata ip_version 4, but the search tree goes on below 0.0.0.0/32 (an IPv6"
                        + " tree?)");
    }

    /** The UTF-8 check without decoding accepts exactly what the JDK's strict decoder accepts. */
    @Test
    void theUtf8CheckAgreesWithTheJdksStrictDecoder() {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(8);
        byte[] alphabet = {
            0x41,
            0x7F,
            (byte) 0x80,
            (byte) 0x8F,
            (byte) 0x90,
            (byte) 0x9F,
            (byte) 0xA0,
            (byte) 0xBF,
            (byte) 0xC0,
            (byte) 0xC1,
            (byte) 0xC2,
            (byte) 0xDF,
            (byte) 0xE0,
            (byte) 0xE1,
            (byte) 0xEC,
            (byte) 0xED,
            (byte) 0xEE,
            (byte) 0xEF,
            (byte) 0xF0,
            (byte) 0xF1,
            (byte) 0xF3,
            (byte) 0xF4,
            (byte) 0xF5,
            (byte) 0xFF
        };
        int valid = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[rnd.nextInt(7)];
            for (int j = 0; j < b.length; j++) {
                b[j] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : alphabet[rnd.nextInt(alphabet.length)];
            }
            boolean jdk = jdkAccepts(b);
            valid += jdk ? 1 : 0;
            assertThat(Decoder.wellFormedUtf8(ByteBuffer.wrap(b), 0, b.length))
                    .as(Arrays.toString(b))
                    .isEqualTo(jdk);
        }
        assertThat(valid).as("some valid sequences").isBetween(10_000, 190_000);
    }

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A database with networks ending at many depths, IPv6 ones too in an IPv6 tree. */
    private static MmdbWriter writer(int ipVersion, int recordSize, long seed) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        MmdbWriter w = WriterTestSupport.builder()
                .ipVersion(ipVersion)
                .recordSize(recordSize)
                .build();
        int[] prefixes = {6, 8, 12, 16, 17, 20, 21, 24, 28, 32};
        for (int n = 0; n < 600; n++) {
            byte[] a = ByteBuffer.allocate(4).putInt(rnd.nextInt()).array();
            w.insert(a, prefixes[rnd.nextInt(prefixes.length)], Map.of("n", (long) n));
        }
        int[] v6Prefixes = {16, 24, 32, 40, 48, 64};
        for (int k = 0; ipVersion == 6 && k < 300; k++) {
            byte[] a = ByteBuffer.allocate(16)
                    .putLong(0x2400_0000_0000_0000L | rnd.nextLong() >>> 6) // 2400::/6, clear of the aliases
                    .putLong(rnd.nextLong())
                    .array();
            w.insert(a, v6Prefixes[rnd.nextInt(v6Prefixes.length)], Map.of("v6", (long) k));
        }
        return w;
    }

    /** The node at the end of ::/96 (the IPv4 part of an IPv6 tree). */
    private static int ipv4Root(MmdbReader r) {
        int node = 0;
        for (int depth = 0; depth < 96; depth++) {
            node = r.record(node, 0);
        }
        return node;
    }

    /** Whether {@code node} lies on the path ::/96 (damage there is refused at open, another test). */
    private static boolean onIpv4Path(MmdbReader r, int node) {
        int n = 0;
        for (int depth = 0; depth < 96 && n >= 0 && n < r.nodeCount(); depth++) {
            if (n == node) {
                return true;
            }
            n = r.record(n, 0);
        }
        return false;
    }

    /**
     * The lookup by the book, from the root one bit at a time (IPv4 as ::a.b.c.d in an IPv6 tree),
     * or null when it meets a record that leads back to the root.
     */
    private static Long plainWalk(MmdbReader r, long hi, long lo, boolean v4, int v4Root) {
        int nodes = r.nodeCount();
        boolean v6Tree = r.metadata().ipVersion() == 6;
        int bits = v4 ? 32 : 128;
        int node = v4 ? v4Root : 0;
        int depth = 0;
        do {
            int bit = bits == 32
                    ? (int) (lo >>> (31 - depth)) & 1
                    : (int) ((depth < 64 ? hi >>> (63 - depth) : lo >>> (127 - depth)) & 1);
            node = r.record(node, bit);
            depth++;
            if (node == 0) {
                return null;
            }
        } while (depth < bits && node > 0 && node < nodes);
        assertThat(node).as("the test's tree is no deeper than the address").isGreaterThanOrEqualTo(nodes);
        if (node == nodes) {
            return (long) depth << 32;
        }
        long off = (node & 0xFFFFFFFFL) - nodes - 16;
        return 1L << 62 | (long) depth << 32 | off;
    }

    private static void zeroRecord(byte[] db, int node, int side, int recordSize) {
        int p = node * recordSize / 4;
        switch (recordSize) {
            case 24 -> Arrays.fill(db, p + 3 * side, p + 3 * side + 3, (byte) 0);
            case 32 -> Arrays.fill(db, p + 4 * side, p + 4 * side + 4, (byte) 0);
            default -> {
                Arrays.fill(db, side == 0 ? p : p + 4, side == 0 ? p + 3 : p + 7, (byte) 0);
                db[p + 3] &= (byte) (side == 0 ? 0x0F : 0xF0);
            }
        }
    }

    /** The file with its metadata's node_count value replaced (same encoded size). */
    private static byte[] withNodeCount(byte[] db, long nodes) {
        int meta = lastIndexOf(db, MARKER) + MARKER.length;
        int key = indexOf(
                Arrays.copyOfRange(db, meta, db.length), "\u004Anode_count".getBytes(StandardCharsets.US_ASCII));
        int value = meta + key + 11; // control byte of the uint32
        int size = db[value] & 0x1F;
        byte[] out = db.clone();
        for (int i = 0; i < size; i++) {
            out[value + size - i] = (byte) (nodes >>> (8 * i));
        }
        assertThat(nodes >>> (8 * size)).as("fits the value's bytes").isZero();
        return out;
    }

    /** A metadata section (marker and map) with the given node_count and record_size. */
    private static byte[] metadata(long nodes, int recordSize) throws Exception {
        MmdbWriter w =
                WriterTestSupport.builder().ipVersion(4).recordSize(recordSize).build();
        byte[] small = WriterTestSupport.bytes(w);
        byte[] meta = Arrays.copyOfRange(small, lastIndexOf(small, MARKER), small.length);
        long had = MmdbReader.open("small", ByteBuffer.wrap(small)).metadata().nodeCount();
        int key = indexOf(meta, "\u004Anode_count".getBytes(StandardCharsets.US_ASCII)) + 11;
        // re-encode the value as a 4-byte uint32
        byte[] out = new byte[meta.length - 1 - (meta[key] & 0x1F) + 5];
        System.arraycopy(meta, 0, out, 0, key);
        out[key] = (byte) 0xC4;
        for (int i = 0; i < 4; i++) {
            out[key + 1 + i] = (byte) (nodes >>> (24 - 8 * i));
        }
        System.arraycopy(meta, key + 1 + (meta[key] & 0x1F), out, key + 5, meta.length - key - 1 - (meta[key] & 0x1F));
        assertThat(had).isPositive();
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found: " + new String(needle, StandardCharsets.ISO_8859_1));
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no metadata marker");
    }
}
