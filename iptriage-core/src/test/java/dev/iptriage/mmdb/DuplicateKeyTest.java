package dev.iptriage.mmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A map that has one key twice has no one answer (MaxMind's readers keep the last value, a
 * first-match walk the first): the record fails, whether read whole, along a plan that asks for
 * that key, or along one that asks for another; db verify reports it.
 */
class DuplicateKeyTest {
    @Test
    void aMapWithAKeyTwiceFailsTheRecordHoweverItIsRead() throws Exception {
        MmdbWriter w = WriterTestSupport.builder().ipVersion(4).build();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("asn", new MmdbWriter.Uint32(1));
        rec.put("org", "a");
        rec.put("asx", new MmdbWriter.Uint32(99));
        w.insert(new byte[] {1, 0, 0, 0}, 8, rec);
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("x", Map.of("key", "v", "kex", "w"));
        w.insert(new byte[] {2, 0, 0, 0}, 8, inner);
        w.insert(new byte[] {3, 0, 0, 0}, 8, Map.of("asn", new MmdbWriter.Uint32(3)));
        byte[] db = WriterTestSupport.bytes(w);
        byte[] bad = db.clone();
        replace(bad, "asx", "asn");
        replace(bad, "kex", "key");
        MmdbReader good = MmdbReader.open("ok.mmdb", ByteBuffer.wrap(db));
        MmdbReader r = MmdbReader.open("bad.mmdb", ByteBuffer.wrap(bad));
        assertThat(good.decode(offset(good, 1))).isEqualTo(Map.of("asn", 1L, "org", "a", "asx", 99L));
        for (int net : new int[] {1, 2}) {
            int off = offset(r, net);
            String key = net == 1 ? "\"asn\"" : "\"key\"";
            assertThatThrownBy(() -> r.decode(off)).hasMessageContaining("a map has the key " + key + " twice");
            for (List<?> path : List.of(List.of("asn"), List.of("org"), List.of("x", "key"), List.of("x", "other"))) {
                PathPlan plan = PathPlan.withSlots(1).add(0, path);
                assertThatThrownBy(() -> r.extract(off, plan, new Object[1]))
                        .as(path.toString())
                        .hasMessageContaining("a map has the key " + key + " twice");
            }
        }
        Object[] out = new Object[1];
        r.extract(offset(r, 3), PathPlan.withSlots(1).add(0, "asn"), out);
        assertThat(out[0]).isEqualTo(3L);
        MmdbVerifier.Report rep = MmdbVerifier.verify(r, 0, RecordShape.MAP);
        assertThat(String.join("\n", rep.problems())).contains("\"asn\" twice").contains("\"key\" twice");
        assertThat(MmdbVerifier.verify(good, 0, RecordShape.MAP).problems()).isEmpty();
    }

    /**
     * Keys are compared map by map however deep: the same key in a map and in a map inside it is
     * fine, a key twice in a map after a map inside it is not, nor in a map of more than 32 keys
     * inside another, whether the inner maps are walked or skipped.
     */
    @Test
    void keysAreComparedMapByMapThroughNesting() throws Exception {
        MmdbWriter w = WriterTestSupport.builder().ipVersion(4).build();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("aa", "x");
        inner.put("bb", "y");
        inner.put("cc", "z"); // three keys: the inner map's keys go on the list the outer map's are on
        Map<String, Object> fine = new LinkedHashMap<>();
        fine.put("aa", "1");
        fine.put("in", inner);
        fine.put("bb", "2");
        w.insert(new byte[] {1, 0, 0, 0}, 8, fine);
        Map<String, Object> late = new LinkedHashMap<>();
        late.put("aa", "1");
        Map<String, Object> lateInner = new LinkedHashMap<>();
        lateInner.put("cc", "z");
        lateInner.put("dd", "z");
        lateInner.put("ee", "z");
        late.put("in", lateInner);
        late.put("qq", "2"); // becomes a second "aa"
        w.insert(new byte[] {2, 0, 0, 0}, 8, late);
        Map<String, Object> wide = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            wide.put("w" + (char) ('A' + i), new MmdbWriter.Uint32(i));
        }
        wide.put("zz", new MmdbWriter.Uint32(99)); // becomes a second "wH"
        Map<String, Object> deep = new LinkedHashMap<>();
        deep.put("deep", wide);
        deep.put("ok", "1");
        w.insert(new byte[] {3, 0, 0, 0}, 8, deep);
        byte[] db = WriterTestSupport.bytes(w);
        replace(db, "qq", "aa");
        replace(db, "zz", "wH");
        MmdbReader r = MmdbReader.open("nested.mmdb", ByteBuffer.wrap(db));
        int one = offset(r, 1);
        assertThat(r.decode(one))
                .isEqualTo(Map.of("aa", "1", "in", Map.of("aa", "x", "bb", "y", "cc", "z"), "bb", "2"));
        PathPlan all = PathPlan.withSlots(3).add(0, "aa").add(1, "in", "bb").add(2, "bb");
        Object[] out = new Object[3];
        r.extract(one, all, out);
        assertThat(out).containsExactly("1", "y", "2");
        for (PathPlan skipping : List.of(
                PathPlan.withSlots(1).add(0, "bb"), PathPlan.withSlots(1).add(0, "in", "aa"))) {
            r.extract(one, skipping, new Object[1]);
        }
        for (int net : new int[] {2, 3}) {
            int off = offset(r, net);
            String key = net == 2 ? "\"aa\"" : "\"wH\"";
            assertThatThrownBy(() -> r.decode(off)).hasMessageContaining("a map has the key " + key + " twice");
            for (List<?> path : List.of(List.of("aa"), List.of("in", "cc"), List.of("ok"), List.of("deep", "wA"))) {
                PathPlan plan = PathPlan.withSlots(1).add(0, path);
                assertThatThrownBy(() -> r.extract(off, plan, new Object[1]))
                        .as(net + " " + path)
                        .hasMessageContaining("a map has the key " + key + " twice");
            }
        }
    }

    private static int offset(MmdbReader r, int firstByte) throws MmdbFormatException {
        return MmdbReader.offset(r.find(0, 0xFFFF_0000_0000L | (long) firstByte << 24, true));
    }

    private static void replace(byte[] file, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        int found = 0;
        outer:
        for (int i = 0; i <= file.length - f.length; i++) {
            for (int j = 0; j < f.length; j++) {
                if (file[i + j] != f[j]) {
                    continue outer;
                }
            }
            System.arraycopy(t, 0, file, i, t.length);
            found++;
        }
        assertThat(found).as(from).isEqualTo(1);
    }
}
