package dev.iptriage.mmdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.testing.SharedData;
import java.io.File;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MmdbNetworks} lists the same networks with the same data as MaxMind's reader ({@code
 * networks(false, ...)}: aliases left out), on MaxMind's test databases (which alias
 * {@code ::ffff:0:0/96}, Teredo and 6to4) and on one our writer built with its aliases.
 *
 * <p>Our writer's own file is written without subtree sharing here: maxmind-db skips every record
 * that leads to the IPv4 root node as an alias, wherever it is, so an IPv6 subtree that sharing
 * made identical to the IPv4 tree (same records and data) would be missing from its list while
 * lookups there still answer.
 */
class MmdbNetworksTest {
    static Stream<Path> databases() throws Exception {
        return SharedData.testDatabases(false).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void sameNetworksAsMaxMindsReader(Path db) throws Exception {
        same(ours(db), theirs(db));
    }

    /** Reports the first difference with its neighbours, not two lists of thousands of lines. */
    private static void same(List<String> ours, List<String> theirs) {
        int i = 0;
        while (i < ours.size() && i < theirs.size() && ours.get(i).equals(theirs.get(i))) {
            i++;
        }
        int from = Math.max(0, i - 2);
        assertThat(ours.subList(from, Math.min(ours.size(), i + 3)))
                .as("from index %d (ours %d, theirs %d networks)", from, ours.size(), theirs.size())
                .isEqualTo(theirs.subList(from, Math.min(theirs.size(), i + 3)));
        assertThat(ours).hasSameSizeAs(theirs);
    }

    @org.junit.jupiter.api.Test
    void ownWriterWithAliasesAndSharedSubtrees(@TempDir Path dir) throws Exception {
        MmdbWriter w =
                MmdbWriter.builder().databaseType("T").shareSubtrees(false).build();
        for (int i = 0; i < 64; i++) {
            w.insert(new byte[] {(byte) i, 0, 0, 0}, 16, java.util.Map.of("i", (long) (i % 3)));
            byte[] v6 = new byte[16];
            v6[0] = 0x24;
            v6[1] = (byte) i;
            w.insert(v6, 24, java.util.Map.of("i", (long) (i % 3)));
        }
        Path file = dir.resolve("t.mmdb");
        w.write(file);
        List<String> ours = ours(file);
        assertThat(ours).contains("0.0.0.0/16 {i=Long:0}").hasSize(128);
        same(ours, theirs(file));
    }

    private static List<String> ours(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (MmdbReader r = MmdbReader.open(db)) {
            MmdbNetworks.walk(r, (hi, lo, prefix, v4, offset) -> {
                IpAddress a = v4 ? IpAddress.ofV4((int) lo) : IpAddress.ofV6(hi, lo);
                out.add(a + "/" + prefix + " " + ReaderDifferentialTest.normalise(r.decode(offset)));
            });
        }
        return out;
    }

    private static List<String> theirs(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Reader r = new Reader(new File(db.toString()))) {
            Networks<Object> it = r.networks(false, Object.class);
            while (it.hasNext()) {
                DatabaseRecord<Object> rec = it.next();
                InetAddress a = rec.network().networkAddress();
                int prefix = rec.network().prefixLength();
                IpAddress ip = IpAddress.ofBytes(a.getAddress());
                if (!ip.isV4() && ip.hi() == 0 && (ip.lo() >>> 32) == 0 && prefix >= 96) {
                    ip = IpAddress.ofV4((int) ip.lo());
                    prefix -= 96;
                } else if (ip.isV4() && prefix < 0) {
                    // maxmind-db reports a network above ::/96 (here ::/64) as IPv4 with prefix - 96
                    ip = IpAddress.ofV6(0, 0);
                    prefix += 96;
                }
                out.add(ip + "/" + prefix + " " + ReaderDifferentialTest.normalise(rec.data()));
            }
        }
        return out;
    }
}
