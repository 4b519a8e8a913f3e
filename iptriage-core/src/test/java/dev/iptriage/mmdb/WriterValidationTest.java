package dev.iptriage.mmdb;

import static dev.iptriage.mmdb.WriterTestSupport.builder;
import static dev.iptriage.mmdb.WriterTestSupport.ip;
import static dev.iptriage.mmdb.WriterTestSupport.lookup;
import static dev.iptriage.mmdb.WriterTestSupport.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What the writer refuses, and that a refusal changes nothing. */
class WriterValidationTest {
    private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger TWO_POW_128 = BigInteger.ONE.shiftLeft(128);

    /** (case, value, text the message must contain). */
    static Stream<Arguments> badValues() {
        Map<Object, Object> intKey = new HashMap<>();
        intKey.put(1, "x");
        Map<String, Object> nullInside = new HashMap<>();
        nullInside.put("k", null);
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        return Stream.of(
                Arguments.of("Short", (short) 1, "java.lang.Short"),
                Arguments.of("Set", Set.of("a"), "Set"),
                Arguments.of("Object", new Object(), "java.lang.Object"),
                Arguments.of("int[]", new int[] {1}, "[I"),
                Arguments.of("null", null, "null"),
                Arguments.of("null in a map", nullInside, "under key \"k\""),
                Arguments.of("null in a list", Arrays.asList("a", null), "null"),
                Arguments.of("non-string key", intKey, "not a String"),
                Arguments.of("negative Long", -1L, "negative Long"),
                Arguments.of("negative BigInteger", BigInteger.valueOf(-1), "uint128"),
                Arguments.of("BigInteger 2^128", TWO_POW_128, "uint128"),
                Arguments.of("unpaired surrogate", "a\uD800b", "surrogate"),
                Arguments.of("cyclic list", cyclic, "deeper"),
                Arguments.of("string too long", "x".repeat(Datum.MAX_SIZE + 1), "exceeds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void refusesValues(String name, Object value, String message) {
        MmdbWriter writer = builder().build();
        assertThatThrownBy(() -> writer.insert(ip("1.2.3.0"), 24, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThat(writer.nodeCount()).isEqualTo(1);
    }

    static Stream<Arguments> badWrappers() {
        return Stream.<Arguments>of(
                Arguments.of("uint16 -1", (ThrowingCallable) () -> new MmdbWriter.Uint16(-1)),
                Arguments.of("uint16 65536", (ThrowingCallable) () -> new MmdbWriter.Uint16(65_536)),
                Arguments.of("uint32 -1", (ThrowingCallable) () -> new MmdbWriter.Uint32(-1)),
                Arguments.of("uint32 2^32", (ThrowingCallable) () -> new MmdbWriter.Uint32(1L << 32)),
                Arguments.of("uint64 2^64", (ThrowingCallable) () -> new MmdbWriter.Uint64(TWO_POW_64)),
                Arguments.of("uint64 null", (ThrowingCallable) () -> new MmdbWriter.Uint64(null)),
                Arguments.of("uint128 2^128", (ThrowingCallable) () -> new MmdbWriter.Uint128(TWO_POW_128)),
                Arguments.of("uint128 -1", (ThrowingCallable) () -> new MmdbWriter.Uint128(BigInteger.valueOf(-1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badWrappers")
    void wrappersCheckTheirRange(String name, ThrowingCallable construct) {
        assertThatThrownBy(construct).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}/{1} in an IPv{2} database")
    @CsvSource({
        "1.2.3.4, 33, 6",
        "1.2.3.4, -1, 4",
        "::, 129, 6",
        "::1, 128, 4",
        "::, 0, 4",
        "::ffff:0:0, 96, 6",
        "::ffff:1.2.3.0, 120, 6",
        "2002::, 16, 6",
        "2002:1::, 32, 6"
    })
    void refusesNetworks(String address, int prefix, int ipVersion) {
        MmdbWriter writer = builder().ipVersion(ipVersion).build();
        assertThatThrownBy(() -> writer.insert(ip(address), prefix, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.remove(ip(address), prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAddressesOfOtherLengths() {
        MmdbWriter writer = builder().build();
        assertThatThrownBy(() -> writer.insert(new byte[5], 8, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 bytes");
        assertThatThrownBy(() -> writer.insert(null, 8, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void networksAroundAliasesAreAllowed() {
        MmdbWriter writer = builder().build();
        assertThatCode(() -> {
                    writer.insert(ip("::ffff:0:0"), 95, "covers the mapped alias");
                    writer.insert(ip("2002::"), 15, "covers the 6to4 alias");
                    writer.insert(ip("2003::"), 16, "next to the 6to4 alias");
                })
                .doesNotThrowAnyException();
    }

    @Test
    void refusedRangesChangeNothing() {
        MmdbWriter writer = builder().build();
        writer.insert(ip("2001::"), 16, "before");
        byte[] before = WriterTestSupport.bytes(writer);
        assertThatThrownBy(() -> writer.insertRange(ip("2001::"), ip("2002::5"), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alias");
        assertThatThrownBy(() -> writer.insertRange(ip("1.2.3.5"), ip("1.2.3.4"), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above");
        assertThatThrownBy(() -> writer.insertRange(ip("1.2.3.4"), ip("::5"), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 and 16 bytes");
        assertThat(WriterTestSupport.bytes(writer)).isEqualTo(before);
    }

    @Test
    void valuesAreCopiedAtInsert() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("k", "original");
        byte[] raw = {1, 2, 3};
        MmdbWriter writer = builder().build();
        writer.insert(ip("1.0.0.0"), 8, value);
        writer.insert(ip("2.0.0.0"), 8, raw);
        value.put("k", "changed");
        raw[0] = 9;
        assertThat(lookup(reader(writer), ip("1.1.1.1")).data()).isEqualTo(Map.of("k", "original"));
        assertThat((byte[]) lookup(reader(writer), ip("2.1.1.1")).data()).containsExactly(1, 2, 3);
    }

    @Test
    void builderChecksItsSettings() {
        assertThatThrownBy(() -> MmdbWriter.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("databaseType");
        assertThatThrownBy(() -> MmdbWriter.builder().databaseType(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MmdbWriter.builder().ipVersion(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MmdbWriter.builder().recordSize(26)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MmdbWriter.builder().buildEpoch(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MmdbWriter.builder().languages(Arrays.asList("en", null)))
                .isInstanceOf(NullPointerException.class);
    }
}
