package dev.iptriage.mmdb;

import static dev.iptriage.mmdb.WriterTestSupport.builder;
import static dev.iptriage.mmdb.WriterTestSupport.bytes;
import static dev.iptriage.mmdb.WriterTestSupport.ip;
import static dev.iptriage.mmdb.WriterTestSupport.lookup;
import static dev.iptriage.mmdb.WriterTestSupport.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values and metadata written by us, read back by MaxMind's reader. */
class WriterRoundTripTest {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger UINT128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** (name, value written, value MaxMind's reader returns). */
    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("empty string", "", ""),
                Arguments.of("unicode string", "Zürich 東京 🌍", "Zürich 東京 🌍"),
                Arguments.of("string of 28 bytes", "x".repeat(28), "x".repeat(28)),
                Arguments.of("string of 29 bytes", "x".repeat(29), "x".repeat(29)),
                Arguments.of("string of 284 bytes", "x".repeat(284), "x".repeat(284)),
                Arguments.of("string of 285 bytes", "x".repeat(285), "x".repeat(285)),
                Arguments.of("string of 65820 bytes", "x".repeat(65_820), "x".repeat(65_820)),
                Arguments.of("string of 65821 bytes", "x".repeat(65_821), "x".repeat(65_821)),
                Arguments.of("string of 100000 bytes", "é".repeat(50_000), "é".repeat(50_000)),
                Arguments.of("double", 42.125, 42.125),
                Arguments.of("double -0.0", -0.0, -0.0),
                Arguments.of("double NaN", Double.NaN, Double.NaN),
                Arguments.of("double +inf", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
                Arguments.of("double -inf", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY),
                Arguments.of("float", 1.5f, 1.5f),
                Arguments.of("float NaN", Float.NaN, Float.NaN),
                Arguments.of("float -inf", Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY),
                Arguments.of("true", true, true),
                Arguments.of("false", false, false),
                Arguments.of("int32 0", 0, 0),
                Arguments.of("int32 -1", -1, -1),
                Arguments.of("int32 min", Integer.MIN_VALUE, Integer.MIN_VALUE),
                Arguments.of("int32 max", Integer.MAX_VALUE, Integer.MAX_VALUE),
                Arguments.of("int32 wrapper", new MmdbWriter.Int32(-300), -300),
                Arguments.of("uint16 0", new MmdbWriter.Uint16(0), 0),
                Arguments.of("uint16 max", new MmdbWriter.Uint16(65_535), 65_535),
                Arguments.of("uint32 from Long", 4_294_967_295L, 4_294_967_295L),
                Arguments.of("uint32 zero from Long", 0L, 0L),
                Arguments.of("uint32 wrapper", new MmdbWriter.Uint32(70_000), 70_000L),
                Arguments.of("uint64 from Long", 4_294_967_296L, BigInteger.valueOf(4_294_967_296L)),
                Arguments.of("uint64 Long max", Long.MAX_VALUE, BigInteger.valueOf(Long.MAX_VALUE)),
                Arguments.of("uint64 max", new MmdbWriter.Uint64(UINT64_MAX), UINT64_MAX),
                Arguments.of("uint128 zero", BigInteger.ZERO, BigInteger.ZERO),
                Arguments.of("uint128 max", UINT128_MAX, UINT128_MAX),
                Arguments.of("uint128 wrapper", new MmdbWriter.Uint128(BigInteger.TEN), BigInteger.TEN),
                Arguments.of("empty map", Map.of(), Map.of()),
                Arguments.of("empty array", List.of(), List.of()),
                Arguments.of("array", List.of("a", 1, 2L, true), List.of("a", 1, 2L, true)),
                Arguments.of("nested", nested(), nested()),
                Arguments.of("array of 300", range(300), range(300)),
                Arguments.of("array of 70000", range(70_000), range(70_000)),
                Arguments.of("map of 29 entries", map(29), map(29)),
                Arguments.of("map of 70000 entries", map(70_000), map(70_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void valueRoundTrips(String name, Object written, Object expected) {
        MmdbWriter writer = builder().ipVersion(4).build();
        writer.insert(ip("1.2.3.0"), 24, written);
        assertThat(lookup(reader(writer), ip("1.2.3.4")).data()).isEqualTo(expected);
    }

    @Test
    void bytesRoundTrip() {
        byte[][] values = {new byte[0], {0, 1, (byte) 0xFF}, new byte[70_000]};
        MmdbWriter writer = builder().ipVersion(4).build();
        for (int i = 0; i < values.length; i++) {
            writer.insert(new byte[] {1, 1, 1, (byte) i}, 32, values[i]);
        }
        Reader reader = reader(writer);
        for (int i = 0; i < values.length; i++) {
            assertThat((byte[]) lookup(reader, new byte[] {1, 1, 1, (byte) i}).data())
                    .isEqualTo(values[i]);
        }
    }

    /** MaxMind's reader returns a HashMap, so the order is checked on the bytes. */
    @Test
    void mapsKeepInsertionOrder() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : List.of("zeta", "alpha", "mu", "beta")) {
            ordered.put(key, key.length());
        }
        MmdbWriter writer = builder().ipVersion(4).build();
        writer.insert(ip("1.0.0.0"), 8, ordered);
        String file = new String(bytes(writer), StandardCharsets.ISO_8859_1);
        assertThat(file.indexOf("zeta")).isLessThan(file.indexOf("alpha"));
        assertThat(file.indexOf("alpha")).isLessThan(file.indexOf("mu"));
        assertThat(file.indexOf("mu")).isLessThan(file.indexOf("beta"));
        assertThat(lookup(reader(writer), ip("1.2.3.4")).data()).isEqualTo(ordered);
    }

    /** Strings shared at growing offsets are reached through 2-, 3- and 4-byte pointers. */
    @Test
    void pointersOfAllReachableSizesRoundTrip() {
        MmdbWriter writer = builder().ipVersion(4).build();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Map<String, Object> record = Map.of("pad", i + "-" + "p".repeat(2000), "tag", "tag-" + (i / 10));
            records.add(record);
            writer.insert(new byte[] {9, 0, (byte) (i >> 8), (byte) i}, 32, record);
        }
        byte[] database = bytes(writer);
        assertThat(WriterTestSupport.dataSectionSize(database)).isGreaterThan(526_336 + 100_000);
        Reader reader = reader(database);
        for (int i = 0; i < 400; i++) {
            assertThat(lookup(reader, new byte[] {9, 0, (byte) (i >> 8), (byte) i})
                            .data())
                    .isEqualTo(records.get(i));
        }
    }

    @Test
    void metadataReadsBack() {
        MmdbWriter writer = MmdbWriter.builder()
                .databaseType("iptriage-Country-ASN")
                .languages(List.of("en", "de"))
                .description("en", "Test database")
                .description("de", "Testdatenbank")
                .buildEpoch(1_763_856_000L)
                .build();
        writer.insert(ip("1.0.0.0"), 8, "x");
        Metadata metadata = reader(writer).getMetadata();
        assertThat(metadata.databaseType()).isEqualTo("iptriage-Country-ASN");
        assertThat(metadata.languages()).containsExactly("en", "de");
        assertThat(metadata.description())
                .containsExactly(Map.entry("en", "Test database"), Map.entry("de", "Testdatenbank"));
        assertThat(metadata.buildTime()).isEqualTo(Instant.ofEpochSecond(1_763_856_000L));
        assertThat(metadata.ipVersion()).isEqualTo(6);
        assertThat(metadata.recordSize()).isEqualTo(24);
        assertThat(metadata.nodeCount()).isEqualTo(writer.nodeCount());
        assertThat(metadata.binaryFormatMajorVersion()).isEqualTo(2);
        assertThat(metadata.binaryFormatMinorVersion()).isZero();
    }

    @Test
    void sameInsertsGiveSameBytes() {
        assertThat(bytes(sample())).isEqualTo(bytes(sample()));
    }

    @Test
    void writesFilesAtomically(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("test.mmdb");
        Files.writeString(file, "old content");
        MmdbWriter writer = sample();
        writer.write(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes(writer));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        try (Reader reader = new Reader(file.toFile())) {
            assertThat(reader.getMetadata().databaseType()).isEqualTo("iptriage-test");
        }
        assertThatThrownBy(() -> writer.write(dir.resolve("missing").resolve("x.mmdb")))
                .isInstanceOf(IOException.class);
    }

    private static MmdbWriter sample() {
        MmdbWriter writer =
                builder().languages(List.of("en")).description("en", "sample").build();
        writer.insert(ip("1.2.0.0"), 16, Map.of("a", 1, "b", List.of("x", "y")));
        writer.insertRange(ip("2001:db8::"), ip("2001:db8::ffff"), Map.of("c", 2.5));
        writer.insert(ip("1.2.3.0"), 24, "override");
        return writer;
    }

    private static Map<String, Object> nested() {
        return Map.of(
                "city", Map.of("names", Map.of("en", "Berlin", "de", "Berlin"), "geoname_id", 2_950_159L),
                "subdivisions", List.of(Map.of("iso_code", "BE"), Map.of()),
                "location", Map.of("latitude", 52.52, "longitude", 13.405, "accuracy_radius", 20L),
                "deep", List.of(List.of(List.of(Map.of("x", List.of())))));
    }

    private static List<Object> range(int size) {
        return IntStream.range(0, size).<Object>mapToObj(i -> (long) i).toList();
    }

    private static Map<String, Object> map(int size) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put("k" + i, i);
        }
        return map;
    }
}
