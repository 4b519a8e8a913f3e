package dev.iptriage.mmdb;

import static dev.iptriage.mmdb.WriterTestSupport.builder;
import static dev.iptriage.mmdb.WriterTestSupport.bytes;
import static dev.iptriage.mmdb.WriterTestSupport.ip;
import static dev.iptriage.mmdb.WriterTestSupport.lookup;
import static dev.iptriage.mmdb.WriterTestSupport.reader;
import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Identical subtrees written once ({@link MmdbWriter.Builder#shareSubtrees}), and the verifier on DAGs. */
class WriterSubtreeSharingTest {

    /** The same pattern below every 10.x.0.0/16: 256 equal subtrees. */
    private static void pattern(MmdbWriter w, int count) {
        for (int i = 0; i < count; i++) {
            w.insert(new byte[] {10, (byte) i, 0, 0}, 24, "a");
            w.insert(new byte[] {10, (byte) i, 1, 0}, 24, "b");
            w.insert(new byte[] {10, (byte) i, 2, (byte) 128}, 25, "c");
            w.insert(new byte[] {10, (byte) i, 7, 4}, 30, "a");
        }
    }

    @ParameterizedTest(name = "IPv{0}")
    @ValueSource(ints = {4, 6})
    void repeatedStructuresAreStoredOnce(int ipVersion) {
        MmdbWriter one = builder()
                .ipVersion(ipVersion)
                .aliasIpv4InIpv6(false)
                .shareSubtrees(false)
                .build();
        pattern(one, 1);
        MmdbWriter plain = builder()
                .ipVersion(ipVersion)
                .aliasIpv4InIpv6(false)
                .shareSubtrees(false)
                .build();
        pattern(plain, 256);
        MmdbWriter shared =
                builder().ipVersion(ipVersion).aliasIpv4InIpv6(false).build();
        pattern(shared, 256);

        int ipv4Depth = ipVersion == 6 ? 96 : 0;
        long path = ipv4Depth + 16; // nodes from the root down to the first /16 (depths 0..ipv4Depth+15)
        long below = one.nodeCount() - path; // nodes of one /16's pattern
        assertThat(plain.nodeCount()).isEqualTo(ipv4Depth + 8 + 255 + 256 * below);
        // the root path and 10/8 (one node per level: both halves of every level are equal), one pattern
        assertThat(shared.nodeCount()).isEqualTo(path + below);

        byte[] sharedBytes = bytes(shared);
        assertThat(bytes(shared)).isEqualTo(sharedBytes);
        Reader a = reader(sharedBytes);
        Reader b = reader(plain);
        assertThat(a.getMetadata().nodeCount()).isEqualTo(shared.nodeCount());
        for (String probe : List.of(
                "10.0.0.1", "10.77.1.255", "10.200.2.129", "10.200.2.127", "10.255.7.5", "10.3.7.8", "11.0.0.0")) {
            DatabaseRecord<Object> x = lookup(a, ip(probe));
            DatabaseRecord<Object> y = lookup(b, ip(probe));
            assertThat(x.data()).as(probe).isEqualTo(y.data());
            assertThat(x.network().prefixLength())
                    .as(probe)
                    .isEqualTo(y.network().prefixLength());
        }
        assertThat(verify(sharedBytes).ok()).isTrue();
        assertThat(verify(sharedBytes).nodesVisited()).isEqualTo(shared.nodeCount());
    }

    @Test
    void equalSubtreesAtDifferentDepthsAreShared() {
        MmdbWriter w = builder().ipVersion(4).build();
        w.insert(ip("0.0.0.0"), 2, "a"); // the node for 0/1 holds (a, empty)
        w.insert(ip("128.0.0.0"), 3, "a"); // so does the node for 128/2, one level deeper
        byte[] db = bytes(w);
        // root -> (node for 0/1, node for 128/1); 128/1 -> (the same node as 0/1, empty)
        assertThat(w.nodeCount()).isEqualTo(3);
        Reader r = reader(db);
        assertThat(lookup(r, ip("1.2.3.4")).data()).isEqualTo("a");
        assertThat(lookup(r, ip("1.2.3.4")).network().prefixLength()).isEqualTo(2);
        assertThat(lookup(r, ip("130.0.0.1")).data()).isEqualTo("a");
        assertThat(lookup(r, ip("130.0.0.1")).network().prefixLength()).isEqualTo(3);
        assertThat(lookup(r, ip("64.0.0.1")).data()).isNull();
        assertThat(lookup(r, ip("160.0.0.1")).data()).isNull();
        assertThat(verify(db).ok()).isTrue();
    }

    @Test
    void verifierAcceptsAPointerToAFinishedSubtree() {
        // 1.0.0.0/8: a chain of nodes 0..7, node k at depth k, node k's left record -> node k+1
        byte[] db = patched(w -> w.insert(ip("1.0.0.0"), 8, "x"), 2, 1, 5);
        MmdbVerifier.Report report = verify(db);
        assertThat(report.problems()).isEmpty();
        assertThat(report.nodesVisited()).isEqualTo(8);
        // 001 then node 5's path (00 1): 36.0.0.0/6
        assertThat(lookup(reader(db), ip("36.1.2.3")).data()).isEqualTo("x");
        assertThat(lookup(reader(db), ip("36.1.2.3")).network().prefixLength()).isEqualTo(6);
    }

    @ParameterizedTest(name = "to node {0}")
    @ValueSource(ints = {0, 1, 3})
    void verifierFlagsCycles(int target) {
        byte[] db = patched(w -> w.insert(ip("1.0.0.0"), 8, "x"), 3, 1, target);
        MmdbVerifier.Report report = verify(db);
        assertThat(report.ok()).isFalse();
        assertThat(report.lookupsAffected()).isTrue();
        assertThat(report.problems()).anyMatch(p -> p.contains("(a cycle)"));
    }

    @Test
    void verifierFlagsASharedSubtreeReachedTooDeep() {
        // 0.0.0.1/32 is nodes 0..31 (node k at depth k), 128.0.0.1/32 nodes 32..62 (node 31+k at depth k);
        // node 40 (depth 9) right -> node 5 (depth 5, 27 levels below): 10 + 27 > 32
        byte[] db = patched(
                w -> {
                    w.insert(ip("0.0.0.1"), 32, "x");
                    w.insert(ip("128.0.0.1"), 32, "y");
                },
                40,
                1,
                5);
        MmdbVerifier.Report report = verify(db);
        assertThat(report.problemCount()).isEqualTo(1);
        assertThat(report.lookupsAffected()).isTrue();
        assertThat(report.problems().get(0)).contains("node 40 right", "deeper than 32 bits");
        assertThat(report.leaves()).anyMatch(l -> l.prefix() == 32 && l.lo() == 0x80400000L);
    }

    /** A 32-bit-record IPv4 database without sharing, with one record replaced. */
    private static byte[] patched(Consumer<MmdbWriter> inserts, int node, int side, int value) {
        MmdbWriter w =
                builder().ipVersion(4).recordSize(32).shareSubtrees(false).build();
        inserts.accept(w);
        byte[] db = bytes(w);
        ByteBuffer.wrap(db).putInt(node * 8 + side * 4, value);
        return db;
    }

    private static MmdbVerifier.Report verify(byte[] db) {
        try {
            return MmdbVerifier.verify(MmdbReader.open("test.mmdb", ByteBuffer.wrap(db)), 100);
        } catch (MmdbFormatException e) {
            throw new AssertionError(e);
        }
    }
}
