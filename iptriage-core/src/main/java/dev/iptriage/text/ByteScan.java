package dev.iptriage.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time ("SWAR"), for the scans over every input byte: prose and logs
 * hold few of the bytes looked for, and a byte-by-byte loop pays a branch per byte.
 */
public final class ByteScan {
    /** {@code 0x01} in every byte. */
    public static final long ONES = 0x0101010101010101L;

    /** {@code 0x80} in every byte. */
    public static final long HIGHS = 0x8080808080808080L;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteScan() {}

    /** The eight bytes at {@code i}, the first in the lowest byte. */
    public static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /**
     * The high bit of each byte of {@code v} that is zero; a byte above a zero byte may be flagged too
     * (a borrow), so only the lowest flag is exact. Zero when no byte is zero.
     */
    public static long zeros(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /** Index of the first {@code c} in {@code b[from, to)}, or -1. */
    public static int indexOf(byte[] b, int from, int to, byte c) {
        long pattern = ONES * (c & 0xFF);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long m = zeros(word(b, i) ^ pattern);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** How many {@code c} bytes {@code b[from, to)} holds. */
    public static int count(byte[] b, int from, int to, byte c) {
        long pattern = ONES * (c & 0xFF);
        long lows = ~HIGHS;
        int n = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long t = word(b, i) ^ pattern;
            // the high bit of each byte of t that is not zero, exactly (no carry leaves a byte)
            long nonZero = ((t & lows) + lows) | t;
            n += Long.bitCount(~(nonZero | lows));
        }
        for (; i < to; i++) {
            n += b[i] == c ? 1 : 0;
        }
        return n;
    }

    /** Index of the {@code n}-th ({@code n >= 1}) {@code c} in {@code b[from, to)}, or -1 if there are fewer. */
    public static int nth(byte[] b, int from, int to, byte c, int n) {
        long pattern = ONES * (c & 0xFF);
        long lows = ~HIGHS;
        int left = n;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long t = word(b, i) ^ pattern;
            long m = ~(((t & lows) + lows) | t | lows); // exactly the high bits of the matching bytes
            int k = Long.bitCount(m);
            if (k >= left) {
                for (; left > 1; left--) {
                    m &= m - 1; // drop the lowest match
                }
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            left -= k;
        }
        for (; i < to; i++) {
            if (b[i] == c && --left == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first ASCII digit or {@code :} in {@code b[from, to)}, or {@code to}. */
    public static int digitOrColon(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = word(b, i);
            long low7 = x & ~HIGHS;
            // bytes in 0x30..0x3A, exactly: 0x3A - low7 keeps its high bit, low7 + 0x50 sets it, the
            // high bit of x is clear; no carry or borrow crosses a byte
            long m = (ONES * 0xBA - low7) & (low7 + ONES * 0x50) & ~x & HIGHS;
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            if ((b[i] >= '0' && b[i] <= '9') || b[i] == ':') {
                return i;
            }
        }
        return to;
    }
}
