package dev.iptriage.mmdb;

import static dev.iptriage.mmdb.WriterTestSupport.builder;
import static dev.iptriage.mmdb.WriterTestSupport.inet;
import static dev.iptriage.mmdb.WriterTestSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Databases with large data sections (16 MB to 140 MB): wide records and 5-byte pointers. */
class WriterLargeDataTest {
    private static final String SHARED = "a string far into the data section";

    /** A record beyond 2^24 bytes of data needs 28 bits (high nibbles set) or 32; the default picks 28. */
    @ParameterizedTest(name = "record size {0} (0: default)")
    @ValueSource(ints = {0, 28, 32})
    void largeDataSectionNeedsWiderRecords(int recordSize, @TempDir Path dir) throws IOException {
        MmdbWriter.Builder builder = builder().ipVersion(4);
        MmdbWriter writer = (recordSize == 0 ? builder : builder.recordSize(recordSize)).build();
        insertBeyond24Bits(writer);
        Path file = dir.resolve("big.mmdb");
        writer.write(file);
        try (Reader reader = new Reader(file.toFile())) {
            assertThat(reader.getMetadata().recordSize()).isEqualTo(recordSize == 0 ? 28 : recordSize);
            assertThat(reader.get(inet(ip("2.3.4.5")), String.class)).isEqualTo("after the big one");
            assertThat(reader.get(inet(ip("1.3.4.5")), String.class)).hasSize(Datum.MAX_SIZE);
        }
    }

    @Test
    void tooSmallRecordSizeIsRefused() {
        MmdbWriter writer = builder().ipVersion(4).recordSize(24).build();
        insertBeyond24Bits(writer);
        assertThatThrownBy(() -> writer.write(OutputStream.nullOutputStream()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("24-bit");
    }

    /** The largest string the format allows, then a record at an offset above 2^24. */
    private static void insertBeyond24Bits(MmdbWriter writer) {
        writer.insert(ip("1.0.0.0"), 8, "m".repeat(Datum.MAX_SIZE));
        writer.insert(ip("2.0.0.0"), 8, "after the big one");
    }

    /** Values past 134,744,064 bytes into the data section are reached through 5-byte pointers. */
    @Test
    void fiveBytePointersRoundTrip(@TempDir Path dir) throws IOException {
        MmdbWriter writer = builder().ipVersion(4).build();
        for (int i = 0; i < 9; i++) {
            byte[] padding = new byte[15_000_000];
            padding[0] = (byte) i;
            writer.insert(new byte[] {1, 0, 0, (byte) i}, 32, padding);
        }
        writer.insert(ip("2.0.0.0"), 32, Map.of("shared", SHARED));
        writer.insert(ip("3.0.0.0"), 32, List.of(SHARED, SHARED));
        Path file = dir.resolve("big.mmdb");
        writer.write(file);
        try (Reader reader = new Reader(file.toFile())) {
            assertThat(reader.get(inet(ip("2.0.0.0")), Object.class)).isEqualTo(Map.of("shared", SHARED));
            assertThat(reader.get(inet(ip("3.0.0.0")), Object.class)).isEqualTo(List.of(SHARED, SHARED));
            assertThat(reader.get(inet(ip("1.0.0.8")), byte[].class))
                    .hasSize(15_000_000)
                    .startsWith(8);
        }
    }
}
