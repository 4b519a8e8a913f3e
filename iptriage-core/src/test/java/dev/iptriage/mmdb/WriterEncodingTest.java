package dev.iptriage.mmdb;

import static dev.iptriage.mmdb.WriterTestSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Known-answer tests of the byte encodings, most taken from the examples in the MMDB spec. */
class WriterEncodingTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("utf8 of 2 bytes", "ab", "426162"),
                Arguments.of("empty utf8", "", "40"),
                Arguments.of("uint32 of 1 byte", new MmdbWriter.Uint32(0x42), "c142"),
                Arguments.of("uint32 zero", 0L, "c0"),
                Arguments.of("uint128 of 3 bytes", BigInteger.valueOf(0x010203), "0303010203"),
                Arguments.of("uint128 zero", BigInteger.ZERO, "0003"),
                Arguments.of(
                        "uint128 max",
                        BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
                        "1003" + "ff".repeat(16)),
                Arguments.of(
                        "uint64 max",
                        new MmdbWriter.Uint64(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
                        "0802" + "ff".repeat(8)),
                Arguments.of("uint64 from Long", 1L << 32, "05020100000000"),
                Arguments.of("uint16 zero", new MmdbWriter.Uint16(0), "a0"),
                Arguments.of("uint16 max", new MmdbWriter.Uint16(0xFFFF), "a2ffff"),
                Arguments.of("int32 zero", 0, "0001"),
                Arguments.of("int32 256", 256, "02010100"),
                Arguments.of("int32 -1 (always 4 bytes)", -1, "0401ffffffff"),
                Arguments.of("int32 min", Integer.MIN_VALUE, "040180000000"),
                Arguments.of("array of 2", List.of(true, false), "0204" + "0107" + "0007"),
                Arguments.of("float 1.0", 1.0f, "04083f800000"),
                Arguments.of("double 1.0", 1.0, "683ff0000000000000"),
                Arguments.of("bytes", new byte[] {1, 2}, "820102"),
                Arguments.of("map", Map.of("a", new MmdbWriter.Uint16(1)), "e1" + "4161" + "a101"),
                Arguments.of("empty map", Map.of(), "e0"),
                Arguments.of("empty array", List.of(), "0004"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void encodesValues(String name, Object value, String hex) {
        assertThat(encode(value, false)).isEqualTo(hex);
    }

    @ParameterizedTest(name = "string of {0} bytes")
    @CsvSource({
        "28, 5c",
        "29, 5d00",
        "80, 5d33",
        "284, 5dff",
        "285, 5e0000",
        "13392, 5e3333",
        "65820, 5effff",
        "65821, 5f000000",
        "3421264, 5f333333",
        "16843036, 5fffffff"
    })
    void encodesSizes(int length, String header) {
        assertThat(encode("s".repeat(length), false)).startsWith(header).hasSize(header.length() + 2 * length);
    }

    @ParameterizedTest(name = "array of {0}: extended type after the control byte, size after both")
    @CsvSource({"29, 1d0400", "300, 1e04000f", "70000, 1f04001053"})
    void extendedTypesPutSizeBytesLast(int size, String header) {
        assertThat(encode(new ArrayList<>(Collections.nCopies(size, true)), false))
                .startsWith(header);
    }

    @ParameterizedTest(name = "pointer to {0}")
    @CsvSource({
        "0, 2000",
        "2047, 27ff",
        "2048, 280000",
        "526335, 2fffff",
        "526336, 30000000",
        "134744063, 37ffffff",
        "134744064, 3808080800",
        "2147483647, 387fffffff"
    })
    void encodesPointers(int offset, String hex) {
        DataEncoder encoder = new DataEncoder(false);
        encoder.writePointer(offset);
        assertThat(hex(encoder)).isEqualTo(hex);
        assertThat(DataEncoder.pointerLength(offset)).isEqualTo(hex.length() / 2);
    }

    @Test
    void repeatedValuesBecomePointersOnlyWhenShorter() {
        String longer = "a string longer than a pointer";
        assertThat(encode(List.of(longer, longer), true)).endsWith("2002"); // pointer to offset 2
        assertThat(encode(List.of("ab", "ab"), true)).isEqualTo("0204" + "426162" + "2002");
        assertThat(encode(List.of("a", "a"), true)).isEqualTo("0204" + "4161" + "4161");
        assertThat(encode(List.of(longer, longer), false)).doesNotContain("2002");
    }

    @Test
    void equalRecordsShareAnOffset() {
        DataEncoder encoder = new DataEncoder(true);
        int first = encoder.encodeRecord(Datum.of(Map.of("k", "value")));
        int other = encoder.encodeRecord(Datum.of("other"));
        int again = encoder.encodeRecord(Datum.of(Map.of("k", "value")));
        int nested = encoder.encodeRecord(Datum.of("value"));
        assertThat(again).isEqualTo(first);
        assertThat(other).isGreaterThan(first);
        assertThat(nested).isEqualTo(first + 1 + 2); // the string inside the first map, after "k"
    }

    @ParameterizedTest(name = "{0}-bit records")
    @CsvSource({"24, 123456abcdef", "28, 2345671bcdef01", "32, 123456789abcdef0"})
    void laysOutNodes(int recordSize, String hex) {
        long left = recordSize == 28 ? 0x1234567 : recordSize == 24 ? 0x123456 : 0x12345678L;
        long right = recordSize == 28 ? 0xBCDEF01 : recordSize == 24 ? 0xABCDEF : 0x9ABCDEF0L;
        byte[] node = new byte[recordSize / 4];
        TreeLayout.putNode(node, 0, recordSize, left, right);
        assertThat(HexFormat.of().formatHex(node)).isEqualTo(hex);
    }

    @ParameterizedTest(name = "{0} - {1}")
    @CsvSource({
        "0.0.0.0, 0.0.0.5, 0.0.0.0/30 0.0.0.4/31",
        "255.255.255.250, 255.255.255.255, 255.255.255.250/31 255.255.255.252/30",
        "0.0.0.0, 255.255.255.255, 0.0.0.0/0",
        "1.2.3.4, 1.2.3.4, 1.2.3.4/32",
        "10.0.0.1, 10.0.0.6, 10.0.0.1/32 10.0.0.2/31 10.0.0.4/31 10.0.0.6/32",
        "::, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 0:0:0:0:0:0:0:0/0",
        "2001:db8::ffff, 2001:db8::1:0, 2001:db8:0:0:0:0:0:ffff/128 2001:db8:0:0:0:0:1:0/128"
    })
    void splitsRangesIntoFewestNetworks(String first, String last, String networks) {
        assertThat(String.join(" ", split(ip(first), ip(last)))).isEqualTo(networks);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomRangeSplitsAreExactAlignedAndMinimal(long seed) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        for (int i = 0; i < 500; i++) {
            long a = rnd.nextLong(1L << 32);
            long b = rnd.nextInt(4) == 0 ? a + rnd.nextInt(300) : rnd.nextLong(1L << 32);
            long first = Math.min(a, Math.min(b, 0xFFFF_FFFFL));
            long last = Math.min(Math.max(a, b), 0xFFFF_FFFFL);
            List<long[]> blocks = new ArrayList<>();
            CidrSplitter.split(
                    ipv4(first),
                    ipv4(last),
                    (address, prefix) -> blocks.add(new long[] {
                        Integer.toUnsignedLong(ByteBuffer.wrap(address).getInt()), 1L << (32 - prefix)
                    }));
            long next = first;
            for (int j = 0; j < blocks.size(); j++) {
                long[] block = blocks.get(j);
                assertThat(block[0]).isEqualTo(next);
                assertThat(block[0] % block[1]).isZero();
                if (j > 0) {
                    long[] previous = blocks.get(j - 1);
                    boolean siblings = previous[1] == block[1] && previous[0] % (2 * block[1]) == 0;
                    assertThat(siblings).as("mergeable neighbours").isFalse();
                }
                next = block[0] + block[1];
            }
            assertThat(next - 1).isEqualTo(last);
        }
    }

    private static List<String> split(byte[] first, byte[] last) {
        List<String> out = new ArrayList<>();
        CidrSplitter.split(first, last, (address, prefix) -> {
            try {
                out.add(InetAddress.getByAddress(address).getHostAddress() + "/" + prefix);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
        return out;
    }

    private static byte[] ipv4(long address) {
        return new byte[] {(byte) (address >> 24), (byte) (address >> 16), (byte) (address >> 8), (byte) address};
    }

    private static String encode(Object value, boolean dedup) {
        DataEncoder encoder = new DataEncoder(dedup);
        encoder.encode(Datum.of(value));
        return hex(encoder);
    }

    private static String hex(DataEncoder encoder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            encoder.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(out.toByteArray());
    }
}
