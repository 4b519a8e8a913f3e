package dev.iptriage.mmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The metadata never ends with an empty map or array (a shape MaxMind lists among its corrupt test
 * files because readers read past the end on it), with or without a description, and such files
 * pass {@code db verify}'s check.
 */
class WriterMetadataTailTest {
    @ParameterizedTest(name = "description: {0}")
    @ValueSource(booleans = {false, true})
    void writtenFilesNeverEndWithAnEmptyContainer(boolean described) throws Exception {
        MmdbWriter.Builder b = MmdbWriter.builder().databaseType("Tail-Test").ipVersion(6);
        if (described) {
            b.description("en", "a test");
        }
        MmdbWriter w = b.build();
        w.insert(new byte[] {(byte) 192, 0, 2, 0}, 24, Map.of("site", "lab"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        MmdbReader r = MmdbReader.open("tail.mmdb", ByteBuffer.wrap(out.toByteArray()));
        assertThat(r.metadataEndsWithEmptyContainer()).isFalse();
        assertThat(MmdbVerifier.verify(r, 0).ok()).isTrue();
        assertThat(r.metadata().description()).hasSize(described ? 1 : 0);
    }
}
