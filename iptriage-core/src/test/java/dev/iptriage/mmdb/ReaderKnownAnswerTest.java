package dev.iptriage.mmdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.testing.SharedData;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers: every MaxMind test database with a source-data JSON is read with our reader at
 * the first address of every network in the JSON, and the decoded record must equal the JSON.
 */
class ReaderKnownAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Source data that MaxMind's test-data repository ships without a built database (its {@code
     * test-data} folder has no such {@code .mmdb}); every other source file must have one, so a
     * missing file fails under CI instead of being skipped.
     */
    static final java.util.Set<String> NO_TEST_DATABASE = java.util.Set.of("GeoIP2-Precision-Enterprise-Sandbox-Test");

    static Stream<String> databases() throws IOException {
        Path src = SharedData.require("maxmind-db/source-data");
        try (Stream<Path> files = Files.list(src)) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .filter(n -> !NO_TEST_DATABASE.contains(n))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyNetworkInTheSourceDataReadsBackItsRecord(String name) throws Exception {
        Path db = SharedData.require("maxmind-db/test-data/" + name + ".mmdb");
        JsonNode source = JSON.readTree(
                SharedData.require("maxmind-db/source-data/" + name + ".json").toFile());
        int compared = 0;
        List<String> mismatches = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (JsonNode entry : source) {
            Iterator<Map.Entry<String, JsonNode>> it = entry.properties().iterator();
            it.forEachRemaining(entries::add);
        }
        try (MmdbReader r = MmdbReader.open(db)) {
            for (int i = 0; i < entries.size(); i++) {
                {
                    Map.Entry<String, JsonNode> e = entries.get(i);
                    if (overriddenLater(entries, i)) {
                        continue; // the writer lets a later covering network replace this one
                    }
                    String[] cidr = e.getKey().split("/");
                    InetAddress a = InetAddress.getByName(cidr[0]); // test-only: literal from trusted JSON
                    long res = lookup(r, a.getAddress());
                    boolean v4 = a.getAddress().length == 4;
                    int expectPrefix = Integer.parseInt(cidr[1]);
                    if (!v4 && r.metadata().ipVersion() == 4) {
                        continue;
                    }
                    if (MmdbReader.found(res) && MmdbReader.prefix(res) > expectPrefix) {
                        continue; // a later, more specific network covers the first address
                    }
                    if (!MmdbReader.found(res)) {
                        mismatches.add(e.getKey() + ": not found (prefix " + MmdbReader.prefix(res) + ")");
                        continue;
                    }
                    // a shorter prefix is a merge of adjacent networks with equal data: compare the record
                    Object got = r.decode(MmdbReader.offset(res));
                    if (!same(e.getValue(), got)) {
                        mismatches.add(e.getKey() + ": expected " + e.getValue() + " got " + got);
                    }
                    compared++;
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(compared).as("networks compared").isGreaterThan(source.size() / 2);
    }

    private static boolean overriddenLater(List<Map.Entry<String, JsonNode>> entries, int i) throws Exception {
        String[] mine = entries.get(i).getKey().split("/");
        BigInteger a = new BigInteger(1, InetAddress.getByName(mine[0]).getAddress());
        int len = InetAddress.getByName(mine[0]).getAddress().length * 8;
        for (int j = i + 1; j < entries.size(); j++) {
            String[] other = entries.get(j).getKey().split("/");
            byte[] ob = InetAddress.getByName(other[0]).getAddress();
            int p = Integer.parseInt(other[1]);
            if (ob.length * 8 == len
                    && p <= Integer.parseInt(mine[1])
                    && a.shiftRight(len - p).equals(new BigInteger(1, ob).shiftRight(len - p))) {
                return true;
            }
        }
        return false;
    }

    static long lookup(MmdbReader r, byte[] b) throws MmdbFormatException {
        if (b.length == 4) {
            return r.find(0, Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(b).getInt()), true);
        }
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        return r.find(bb.getLong(), bb.getLong(), false);
    }

    /** Deep equality between the JSON source and decoded values (numbers compared by value). */
    static boolean same(JsonNode expected, Object got) {
        if (expected.isObject()) {
            if (!(got instanceof Map<?, ?> m) || m.size() != expected.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : expected.properties()) {
                if (!m.containsKey(e.getKey()) || !same(e.getValue(), m.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray()) {
            if (!(got instanceof List<?> l) || l.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < l.size(); i++) {
                if (!same(expected.get(i), l.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isBoolean()) {
            return Boolean.valueOf(expected.booleanValue()).equals(got);
        }
        if (expected.isNumber()) {
            BigDecimal want = expected.decimalValue();
            BigDecimal have = switch (got) {
                case Integer i -> BigDecimal.valueOf(i);
                case Long l -> BigDecimal.valueOf(l);
                case BigInteger b -> new BigDecimal(b);
                case Double d -> BigDecimal.valueOf(d);
                case Float f -> new BigDecimal(Float.toString(f));
                default -> null;
            };
            return have != null
                    && (have.compareTo(want) == 0
                            || (got instanceof Float f && Math.abs(f - want.doubleValue()) < 1e-5));
        }
        return expected.isTextual() && expected.textValue().equals(got);
    }
}
