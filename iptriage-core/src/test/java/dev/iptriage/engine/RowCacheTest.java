package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Concurrently;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rendered-row cache: keys, row bytes and statuses come back as stored, also across threads. */
class RowCacheTest {
    private static byte[] row(long key) {
        // rows of many lengths, so chunks fill while others read
        return ("row " + key + ",").repeat(1 + (int) (key % 7)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] read(RowCache.Ref ref) {
        return Arrays.copyOfRange(ref.arena, ref.offset, ref.offset + ref.length);
    }

    @Test
    void findsWhatWasPutByFullKey() {
        RowCache c = new RowCache(1_000_000, 256L << 20);
        RowCache.Ref ref = new RowCache.Ref();
        for (long k = 0; k < 50_000; k++) {
            c.put(k, ~k, (int) (k & 3), row(k), (int) (k % 5));
        }
        for (long k = 0; k < 50_000; k++) {
            assertThat(c.find(k, ~k, (int) (k & 3), ref)).isEqualTo((int) (k % 5));
            assertThat(read(ref)).isEqualTo(row(k));
            assertThat(c.find(k, ~k, (int) ((k + 1) & 3), ref)).isEqualTo(-1); // other meta: another key
            assertThat(c.find(k, k, (int) (k & 3), ref)).isEqualTo(k == ~k ? 0 : -1);
        }
    }

    @Test
    void rowsUpToAMebibyteFillChunkAfterChunk() {
        RowCache c = new RowCache(1_000_000, 1L << 40);
        RowCache.Ref ref = new RowCache.Ref();
        java.util.Random r = new java.util.Random(3);
        int[] sizes = new int[300];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = k % 3 == 0 ? 0xFFFFF - r.nextInt(3) : 1 + r.nextInt(k % 3 == 1 ? 100 : 300_000);
            byte[] b = new byte[sizes[k]];
            Arrays.fill(b, (byte) k);
            c.put(k, 0, 1, b, k % 4);
        }
        c.put(1_000, 0, 1, new byte[0x100000], 0); // longer than a chunk: declined
        assertThat(c.find(1_000, 0, 1, ref)).isEqualTo(-1);
        for (int k = 0; k < sizes.length; k++) {
            assertThat(c.find(k, 0, 1, ref)).isEqualTo(k % 4);
            assertThat(ref.length).isEqualTo(sizes[k]);
            byte[] expected = new byte[sizes[k]];
            Arrays.fill(expected, (byte) k);
            assertThat(read(ref)).isEqualTo(expected);
        }
    }

    @Test
    void declinesPastItsLimits() {
        RowCache c = new RowCache(64 * 100, 256L << 20);
        RowCache.Ref ref = new RowCache.Ref();
        for (long k = 0; k < 100_000; k++) {
            c.put(k, 0, 1, row(k), 0);
        }
        int kept = 0;
        for (long k = 0; k < 100_000; k++) {
            kept += c.find(k, 0, 1, ref) >= 0 ? 1 : 0;
        }
        assertThat(kept).isBetween(5_000, 64 * 100);
    }

    @Test
    void readersAndWritersOnManyThreadsAgree() throws Exception {
        RowCache c = new RowCache(3_000_000, 256L << 20);
        List<Integer> found = Concurrently.run(4, random -> {
            RowCache.Ref ref = new RowCache.Ref();
            int hits = 0;
            for (int n = 0; n < 300_000; n++) {
                long k = random.nextInt(100_000);
                int status = c.find(k, k * 31, 2, ref);
                if (status < 0) {
                    c.put(k, k * 31, 2, row(k), (int) (k % 5));
                } else {
                    assertThat(status).isEqualTo((int) (k % 5));
                    assertThat(read(ref)).isEqualTo(row(k));
                    hits++;
                }
            }
            return hits;
        });
        assertThat(found).allMatch(hits -> hits > 100_000);
    }
}
