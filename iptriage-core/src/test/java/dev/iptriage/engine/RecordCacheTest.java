package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Concurrently;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared record cache: what is put is found, nothing else is, the limit holds, threads agree. */
class RecordCacheTest {
    private static MmdbSource.Entry record(int offset) {
        return new MmdbSource.Entry(new Object[] {"r" + offset, offset}, null, null);
    }

    @Test
    void findsWhatWasPutAndNothingElse() {
        RecordCache c = new RecordCache(1_000_000);
        for (int off = 0; off < 200_000; off += 3) {
            c.put(off, record(off));
        }
        for (int off = 0; off < 200_000; off++) {
            MmdbSource.Entry e = c.get(off);
            Object[] v = e == null ? null : e.values();
            if (off % 3 == 0) {
                assertThat(v).as("offset %d", off).containsExactly("r" + off, off);
            } else {
                assertThat(v).as("offset %d", off).isNull();
            }
        }
        MmdbSource.Entry first = c.get(0);
        c.put(0, record(0));
        assertThat(c.get(0)).isSameAs(first); // an offset keeps its first record
        assertThat(c.get(Integer.MAX_VALUE)).isNull();
    }

    @Test
    void keepsAboutTheLimit() {
        RecordCache c = new RecordCache(6_400);
        for (int off = 0; off < 100_000; off++) {
            c.put(off, record(off));
        }
        int kept = 0;
        for (int off = 0; off < 100_000; off++) {
            kept += c.get(off) != null ? 1 : 0;
        }
        assertThat(kept).isBetween(5_000, 6_400);
    }

    @Test
    void threadsReadingWhileOthersWriteSeeWholeRecords() throws Exception {
        RecordCache c = new RecordCache(2_000_000);
        List<Integer> found = Concurrently.run(4, random -> {
            int hits = 0;
            for (int n = 0; n < 300_000; n++) {
                int off = random.nextInt(100_000);
                MmdbSource.Entry e = c.get(off);
                if (e == null) {
                    c.put(off, record(off));
                } else {
                    assertThat(e.values()).containsExactly("r" + off, off);
                    hits++;
                }
            }
            return hits;
        });
        assertThat(found).allMatch(hits -> hits > 100_000);
    }
}
