package dev.iptriage.mmdb;

import java.nio.ByteBuffer;

/**
 * Splits an inclusive address range into the fewest CIDR networks that cover exactly it: from the
 * start, each time the largest block that is aligned there and does not pass the end. Addresses are
 * handled as unsigned 128-bit numbers in two {@code long}s (IPv4 in the low 32 bits).
 */
final class CidrSplitter {
    /** Receives one network of the split. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] address, int prefixLength);
    }

    private CidrSplitter() {}

    /**
     * Calls {@code sink} for each network, in address order.
     *
     * @throws IllegalArgumentException if the addresses are not both 4 or both 16 bytes, or {@code
     *     first > last}
     */
    static void split(byte[] first, byte[] last, Sink sink) {
        if (first.length != last.length || (first.length != 4 && first.length != 16)) {
            throw new IllegalArgumentException(
                    "range ends of " + first.length + " and " + last.length + " bytes (need both 4 or both 16)");
        }
        int bits = first.length * 8;
        long hi = high(first);
        long lo = low(first);
        long lastHi = high(last);
        long lastLo = low(last);
        if (compare(hi, lo, lastHi, lastLo) > 0) {
            throw new IllegalArgumentException("range start is above its end");
        }
        while (true) {
            long diffLo = lastLo - lo;
            long diffHi = lastHi - hi - (Long.compareUnsigned(lastLo, lo) < 0 ? 1 : 0);
            int hostBits = Math.min(trailingZeros(hi, lo, bits), log2OfSuccessor(diffHi, diffLo));
            sink.accept(bytes(hi, lo, first.length), bits - hostBits);
            if (hostBits == bits) {
                return;
            }
            long nextLo = lo + (hostBits < 64 ? 1L << hostBits : 0);
            long nextHi =
                    hi + (hostBits < 64 ? 0 : 1L << (hostBits - 64)) + (Long.compareUnsigned(nextLo, lo) < 0 ? 1 : 0);
            boolean wrapped = compare(nextHi, nextLo, hi, lo) <= 0 || (bits == 32 && nextLo >>> 32 != 0);
            if (wrapped || compare(nextHi, nextLo, lastHi, lastLo) > 0) {
                return;
            }
            hi = nextHi;
            lo = nextLo;
        }
    }

    private static long high(byte[] address) {
        return address.length == 4 ? 0 : ByteBuffer.wrap(address).getLong(0);
    }

    private static long low(byte[] address) {
        return address.length == 4
                ? Integer.toUnsignedLong(ByteBuffer.wrap(address).getInt(0))
                : ByteBuffer.wrap(address).getLong(8);
    }

    private static byte[] bytes(long hi, long lo, int length) {
        ByteBuffer out = ByteBuffer.allocate(length);
        return length == 4
                ? out.putInt((int) lo).array()
                : out.putLong(hi).putLong(lo).array();
    }

    private static int compare(long hi, long lo, long otherHi, long otherLo) {
        int high = Long.compareUnsigned(hi, otherHi);
        return high != 0 ? high : Long.compareUnsigned(lo, otherLo);
    }

    /** How many low bits of the address are zero (all of them for address 0). */
    private static int trailingZeros(long hi, long lo, int bits) {
        if (lo != 0) {
            return Long.numberOfTrailingZeros(lo);
        }
        return hi != 0 ? 64 + Long.numberOfTrailingZeros(hi) : bits;
    }

    /** floor(log2(value + 1)) for a 128-bit value: the largest block size that fits in value + 1 addresses. */
    private static int log2OfSuccessor(long hi, long lo) {
        long nextLo = lo + 1;
        long nextHi = hi + (nextLo == 0 ? 1 : 0);
        if (nextHi == 0 && nextLo == 0) {
            return 128;
        }
        return nextHi != 0 ? 127 - Long.numberOfLeadingZeros(nextHi) : 63 - Long.numberOfLeadingZeros(nextLo);
    }
}
