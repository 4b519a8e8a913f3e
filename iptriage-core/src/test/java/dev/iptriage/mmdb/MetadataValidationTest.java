package dev.iptriage.mmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Metadata values of the wrong type or out of range are refused at open with the file, the key,
 * the value and what was expected (libmaxminddb refuses them too), instead of being read as 1970
 * or no languages; the same metadata with good values opens.
 */
class MetadataValidationTest {
    private static final byte[] MARKER = "\u00AB\u00CD\u00EFMaxMind.com".getBytes(StandardCharsets.ISO_8859_1);

    /** A small database whose metadata is the usual one changed by {@code edit}. */
    private static byte[] withMetadata(Consumer<Map<String, Object>> edit) throws Exception {
        MmdbWriter w = WriterTestSupport.builder().ipVersion(4).build();
        w.insert(new byte[] {1, 0, 0, 0}, 8, Map.of("a", "b"));
        byte[] db = WriterTestSupport.bytes(w);
        Metadata had = MmdbReader.open("ok", ByteBuffer.wrap(db)).metadata();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node_count", new MmdbWriter.Uint32(had.nodeCount()));
        m.put("record_size", new MmdbWriter.Uint16(had.recordSize()));
        m.put("ip_version", new MmdbWriter.Uint16(4));
        m.put("binary_format_major_version", new MmdbWriter.Uint16(2));
        m.put("binary_format_minor_version", new MmdbWriter.Uint16(0));
        m.put("database_type", "Test-DB");
        m.put("build_epoch", new MmdbWriter.Uint64(BigInteger.valueOf(1_700_000_000L)));
        m.put("languages", List.of("en"));
        m.put("description", Map.of("en", "test"));
        edit.accept(m);
        DataEncoder e = new DataEncoder(false);
        e.encode(Datum.of(m));
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        e.writeTo(meta);
        int end = lastIndexOf(db, MARKER) + MARKER.length;
        byte[] out = Arrays.copyOf(db, end + meta.size());
        System.arraycopy(meta.toByteArray(), 0, out, end, meta.size());
        return out;
    }

    private static void refused(Consumer<Map<String, Object>> edit, String message) throws Exception {
        byte[] file = withMetadata(edit);
        assertThatThrownBy(() -> MmdbReader.open("m7.mmdb", ByteBuffer.wrap(file)))
                .isInstanceOf(MmdbFormatException.class)
                .hasMessage(message);
    }

    @Test
    void goodMetadataOpens() throws Exception {
        Metadata m =
                MmdbReader.open("ok", ByteBuffer.wrap(withMetadata(x -> {}))).metadata();
        assertThat(m.buildEpoch().getEpochSecond()).isEqualTo(1_700_000_000L);
        assertThat(m.languages()).containsExactly("en");
        // languages and description are optional
        assertThat(MmdbReader.open("ok", ByteBuffer.wrap(withMetadata(x -> x.remove("languages"))))
                        .metadata()
                        .languages())
                .isEmpty();
    }

    @Test
    void aBuildEpochThatIsNotAnUnsignedIntegerIsRefused() throws Exception {
        refused(
                m -> m.put("build_epoch", "1700000000"),
                "m7.mmdb: metadata build_epoch is \"1700000000\" (expected an unsigned integer: seconds since"
                        + " 1970-01-01 UTC)");
        refused(
                m -> m.put("build_epoch", new MmdbWriter.Int32(-86400)),
                "m7.mmdb: metadata build_epoch is -86400 (expected an unsigned integer: seconds since 1970-01-01"
                        + " UTC)");
        refused(
                m -> m.remove("build_epoch"),
                "m7.mmdb: metadata build_epoch is missing (expected an unsigned integer: seconds since 1970-01-01"
                        + " UTC)");
    }

    @Test
    void languagesThatAreNotAnArrayOfStringsAreRefused() throws Exception {
        refused(
                m -> m.put("languages", "en"),
                "m7.mmdb: metadata languages is \"en\" (expected an array of language codes such as [\"en\","
                        + " \"de\"])");
        refused(
                m -> m.put("languages", List.of("en", new MmdbWriter.Uint32(5))),
                "m7.mmdb: metadata languages holds 5 (expected an array of language codes such as [\"en\","
                        + " \"de\"])");
    }

    @Test
    void anEmptyDatabaseTypeIsRefused() throws Exception {
        refused(
                m -> m.put("database_type", ""),
                "m7.mmdb: metadata database_type is empty (expected the name of the database's type, e.g."
                        + " GeoLite2-City)");
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        for (int i = hay.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("no marker");
    }
}
