package dev.iptriage.mmdb;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The naive oracle for the tree tests, independent of any trie: the address space as sorted
 * segments, painted range by range in insertion order (last insert wins). The expected prefix of a
 * lookup is that of the largest aligned block around the address lying in one run of equal values,
 * which is what a fully merged tree reports.
 */
final class WriterTestModel {
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "(none)";
        }
    };

    private final int bits;
    private final BigInteger size;
    /** Segment start -> value; a segment runs to the next start minus one. */
    private final TreeMap<BigInteger, Object> starts = new TreeMap<>();

    WriterTestModel(int bits) {
        this.bits = bits;
        this.size = BigInteger.ONE.shiftLeft(bits);
        starts.put(BigInteger.ZERO, NONE);
    }

    /** Paints {@code address/prefix} (address of {@code bits / 8} bytes); null value removes data. */
    void insert(byte[] address, int prefix, Object value) {
        BigInteger first = new BigInteger(1, address).shiftRight(bits - prefix).shiftLeft(bits - prefix);
        paint(first, first.add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE), value);
    }

    void paint(BigInteger first, BigInteger last, Object value) {
        BigInteger after = last.add(BigInteger.ONE);
        if (after.compareTo(size) < 0 && !starts.containsKey(after)) {
            starts.put(after, starts.floorEntry(after).getValue());
        }
        starts.subMap(first, true, after, false).clear();
        starts.put(first, value == null ? NONE : value);
    }

    /**
     * Paints the IPv4 aliases of an IPv6 model: {@code ::ffff:0:0/96} and {@code 2002::/16} get the
     * values of {@code ::/96}, with the IPv4 address right after the alias prefix.
     */
    void applyIpv4Aliases() {
        List<Map.Entry<BigInteger, BigInteger>> runs = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        BigInteger ipv4End = BigInteger.ONE.shiftLeft(32);
        for (BigInteger a = BigInteger.ZERO; a.compareTo(ipv4End) < 0; ) {
            BigInteger next = starts.higherKey(a);
            BigInteger end = next == null || next.compareTo(ipv4End) > 0 ? ipv4End : next;
            runs.add(Map.entry(a, end));
            values.add(starts.floorEntry(a).getValue());
            a = end;
        }
        paintAlias(runs, values, BigInteger.valueOf(0xFFFF).shiftLeft(32), 0);
        paintAlias(runs, values, BigInteger.valueOf(0x2002).shiftLeft(112), 80);
    }

    private void paintAlias(
            List<Map.Entry<BigInteger, BigInteger>> runs, List<Object> values, BigInteger base, int shift) {
        for (int i = 0; i < runs.size(); i++) {
            BigInteger first = base.add(runs.get(i).getKey().shiftLeft(shift));
            BigInteger after = base.add(runs.get(i).getValue().shiftLeft(shift));
            paint(first, after.subtract(BigInteger.ONE), values.get(i));
        }
    }

    /** The first address of every segment and the last of the one before, as {@code bits / 8} bytes. */
    List<byte[]> boundaries() {
        List<byte[]> out = new ArrayList<>();
        for (BigInteger start : starts.keySet()) {
            out.add(WriterTestSupport.toBytes(start, bits / 8));
            if (start.signum() > 0) {
                out.add(WriterTestSupport.toBytes(start.subtract(BigInteger.ONE), bits / 8));
            }
        }
        return out;
    }

    /** The expected value at {@code address}, or null for no data. */
    Object value(byte[] address) {
        Object v = starts.floorEntry(new BigInteger(1, address)).getValue();
        return v == NONE ? null : v;
    }

    /** The prefix length a merged tree reports for {@code address} (at least 1: the root is a node). */
    int prefix(byte[] address) {
        BigInteger a = new BigInteger(1, address);
        Object v = starts.floorEntry(a).getValue();
        BigInteger runStart = starts.floorKey(a);
        for (Map.Entry<BigInteger, Object> e = starts.lowerEntry(runStart);
                e != null && Objects.equals(e.getValue(), v);
                e = starts.lowerEntry(e.getKey())) {
            runStart = e.getKey();
        }
        BigInteger runAfter = starts.higherKey(a);
        while (runAfter != null && Objects.equals(starts.get(runAfter), v)) {
            runAfter = starts.higherKey(runAfter);
        }
        if (runAfter == null) {
            runAfter = size;
        }
        for (int p = 0; p < bits; p++) {
            BigInteger blockStart = a.shiftRight(bits - p).shiftLeft(bits - p);
            BigInteger blockAfter = blockStart.add(BigInteger.ONE.shiftLeft(bits - p));
            if (blockStart.compareTo(runStart) >= 0 && blockAfter.compareTo(runAfter) <= 0) {
                return Math.max(p, 1);
            }
        }
        return bits;
    }
}
