package dev.iptriage.mmdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import dev.iptriage.testing.SharedData;
import java.io.File;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our reader and MaxMind's Java reader (maxmind-db) must agree on found/not-found, prefix length
 * and the whole decoded record, for random addresses biased towards the networks in each file.
 */
class ReaderDifferentialTest {
    static Stream<Path> databases() throws Exception {
        List<Path> out = new ArrayList<>(SharedData.testDatabases(false));
        Path data = SharedData.optional("data");
        if (data != null) {
            try (Stream<Path> s = Files.list(data)) {
                s.filter(p -> p.toString().endsWith(".mmdb")).sorted().forEach(out::add);
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void agreesWithMaxMindsReader(Path db) throws Exception {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom")
                .create(db.getFileName().hashCode());
        int samples = Files.size(db) > 1_000_000 ? 20_000 : 3_000;
        int found = 0;
        try (MmdbReader ours = MmdbReader.open(db);
                Reader theirs = new Reader(new File(db.toString()))) {
            for (int i = 0; i < samples; i++) {
                byte[] b =
                        rnd.nextBoolean() ? randomAddress(rnd, ours.metadata().ipVersion()) : populated(rnd, ours);
                InetAddress a = InetAddress.getByAddress(b);
                b = a.getAddress(); // Java turns ::ffff:a.b.c.d into IPv4; look it up as IPv4 too
                DatabaseRecord<Object> want = theirs.getRecord(a, Object.class);
                long res = ReaderKnownAnswerTest.lookup(ours, b);
                Object got = MmdbReader.found(res) ? ours.decode(MmdbReader.offset(res)) : null;
                String where = db.getFileName() + " " + a.getHostAddress();
                assertThat(MmdbReader.found(res)).as(where).isEqualTo(want.data() != null);
                assertThat(MmdbReader.prefix(res))
                        .as(where)
                        .isEqualTo(want.network().prefixLength());
                assertThat(normalise(got)).as(where).isEqualTo(normalise(want.data()));
                found += got != null ? 1 : 0;
            }
        }
        assertThat(found).as("some lookups hit").isGreaterThan(0);
    }

    /** Walks from the root preferring non-empty branches, then fills the remaining bits randomly. */
    private static byte[] populated(RandomGenerator rnd, MmdbReader r) {
        int bits = r.metadata().ipVersion() == 4 ? 32 : 128;
        byte[] b = new byte[bits / 8];
        rnd.nextBytes(b);
        int node = 0;
        long n = r.metadata().nodeCount();
        for (int depth = 0; depth < bits && node >= 0 && node < n; depth++) {
            int side = rnd.nextInt(2);
            if (r.record(node, side) == n) {
                side ^= 1;
            }
            int mask = 0x80 >>> (depth % 8);
            b[depth / 8] = (byte) (side == 1 ? b[depth / 8] | mask : b[depth / 8] & ~mask);
            node = r.record(node, side);
        }
        if (bits == 128 && rnd.nextInt(4) == 0) {
            return java.util.Arrays.copyOfRange(b, 12, 16); // exercise the IPv4 start node too
        }
        return b;
    }

    /** Half the time an address near the start of a common allocation, otherwise uniform. */
    private static byte[] randomAddress(RandomGenerator rnd, int ipVersion) {
        boolean v4 = ipVersion == 4 || rnd.nextInt(3) > 0;
        byte[] b = new byte[v4 ? 4 : 16];
        rnd.nextBytes(b);
        if (!v4 && rnd.nextBoolean()) {
            b[0] = 0x20; // 2000::/8 and 2001:: where the test data lives
            b[1] = (byte) rnd.nextInt(4);
        }
        return b;
    }

    /** MaxMind's reader maps uint16/int32 to Integer and uint32 to Long like ours; compare as text. */
    static Object normalise(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalise(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ReaderDifferentialTest::normalise).toList();
        }
        if (v instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        return v == null ? null : v.getClass().getSimpleName() + ":" + Objects.toString(v);
    }
}
