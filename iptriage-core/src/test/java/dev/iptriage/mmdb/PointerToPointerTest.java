package dev.iptriage.mmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "It is illegal for a pointer to point to another pointer" (the MaxMind DB spec, pointer type):
 * a value reached through such a chain fails the lookup, whichever way the record is read, as in
 * libmaxminddb; the same file before the damage reads fine.
 */
class PointerToPointerTest {
    private static final String SHARED = "a value long enough to be stored once and pointed to";

    private static Map<String, Object> record(long x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", new MmdbWriter.Uint32(x));
        m.put("k", SHARED);
        return m;
    }

    @Test
    void aPointerToAPointerIsRefused() throws Exception {
        MmdbWriter w = WriterTestSupport.builder().ipVersion(4).build();
        for (int i = 1; i <= 3; i++) {
            w.insert(new byte[] {(byte) i, 0, 0, 0}, 8, record(i));
        }
        byte[] db = WriterTestSupport.bytes(w);
        MmdbReader ok = MmdbReader.open("ok", ByteBuffer.wrap(db));
        int dataStart = (int) ok.metadata().treeBytes() + 16;
        byte[] text = SHARED.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(db, text, dataStart);
        // the string's control bytes: 0x5D and a length byte (29..284 bytes)
        int target = at - 2 - dataStart;
        assertThat(target).isBetween(0, 2047);
        byte[] p = {(byte) (0x20 | target >>> 8), (byte) target};
        int first = indexOf(db, p, dataStart);
        int second = indexOf(db, p, first + 2);
        assertThat(second).as("two records point to the shared string").isPositive();
        // the second pointer now leads to the first one, which leads to the string
        int firstOffset = first - dataStart;
        byte[] bad = db.clone();
        bad[second] = (byte) (0x20 | firstOffset >>> 8);
        bad[second + 1] = (byte) firstOffset;

        MmdbReader good = MmdbReader.open("ok.mmdb", ByteBuffer.wrap(db));
        MmdbReader r = MmdbReader.open("bad.mmdb", ByteBuffer.wrap(bad));
        for (int i = 1; i <= 3; i++) {
            long addr = 0xFFFF_0000_0000L | (long) i << 24;
            int off = MmdbReader.offset(r.find(0, addr, true));
            assertThat(((Map<?, ?>) good.decode(MmdbReader.offset(good.find(0, addr, true)))).get("k"))
                    .isEqualTo(SHARED);
            Object[] out = new Object[1];
            PathPlan plan = PathPlan.withSlots(1).add(0, "k");
            boolean damaged = bad[second] != db[second] || bad[second + 1] != db[second + 1];
            assertThat(damaged).isTrue();
            try {
                Object v = r.decode(off);
                r.extract(off, plan, out);
                // a record that does not reach the damaged pointer reads as before
                assertThat(((Map<?, ?>) v).get("k")).isEqualTo(SHARED);
                assertThat(out[0]).isEqualTo(SHARED);
            } catch (MmdbFormatException e) {
                assertThat(e).hasMessageContaining("a pointer to a pointer");
                assertThatThrownBy(() -> r.extract(off, plan, new Object[1]))
                        .hasMessageContaining("a pointer to a pointer");
                assertThatThrownBy(() -> r.decode(off)).hasMessageContaining("a pointer to a pointer");
            }
        }
        // exactly the record holding the damaged pointer fails
        long failing = java.util.stream.IntStream.rangeClosed(1, 3)
                .filter(i -> {
                    try {
                        r.decode(MmdbReader.offset(r.find(0, 0xFFFF_0000_0000L | (long) i << 24, true)));
                        return false;
                    } catch (MmdbFormatException e) {
                        return true;
                    }
                })
                .count();
        assertThat(failing).isEqualTo(1);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
