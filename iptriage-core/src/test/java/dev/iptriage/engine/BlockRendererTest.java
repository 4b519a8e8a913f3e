package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.databases.Database;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a renderer gives the row cache up: distinct input soon, repeating input never. */
class BlockRendererTest {
    @TempDir
    Path dir;

    private long cached(boolean repeating) throws Exception {
        Enricher e =
                Enricher.builder().database(Database.open(Fixtures.asn(dir))).build();
        RowCache cache = new RowCache(1_000_000, 1L << 30);
        BlockRenderer r =
                new BlockRenderer(e, SinkFormat.CSV.newRowFormat(e.columns()), null, cache, new BufferPool(4), null);
        Random random = new Random(5);
        int block = 10_000;
        for (int b = 0; b < 20; b++) {
            Object[] keys = new Object[block];
            for (int i = 0; i < block; i++) {
                // repeating: a few hot addresses among many; distinct: every address once
                int v = repeating
                        ? (random.nextInt(4) == 0 ? random.nextInt(50) : random.nextInt(1 << 30))
                        : b * block + i;
                keys[i] = IpAddress.ofV4(0x0B000000 + v);
            }
            r.render(keys, null, block, new ChunkResult(false));
        }
        return cache.size();
    }

    @Test
    void distinctInputStopsFillingTheCacheEarly() throws Exception {
        assertThat(cached(false)).isLessThan(20_000); // of 200,000 addresses
    }

    @Test
    void repeatingInputKeepsIt() throws Exception {
        assertThat(cached(true)).isGreaterThan(100_000);
    }
}
