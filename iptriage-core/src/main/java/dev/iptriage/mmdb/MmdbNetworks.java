package dev.iptriage.mmdb;

/**
 * Walks every network of a MaxMind DB that holds data, in address order: the inverse of {@link
 * MmdbWriter}. In an IPv6 database the IPv4 networks (the {@code ::/96} subtree) are reported as
 * IPv4, and the alias networks that point back at that subtree ({@code ::ffff:0:0/96}, Teredo
 * {@code 2001::/32} and 6to4 {@code 2002::/16}, as MaxMind's files have them) are skipped, so each
 * network is reported once.
 *
 * <p>The search tree may be a DAG, so a hostile file with few nodes could expand to astronomically
 * many networks; the walk stops with {@link MmdbFormatException} past a limit proportional to the
 * node count, far above what any real writer produces. Entry point: {@link #walk}.
 */
public final class MmdbNetworks {
    /** Networks always allowed, whatever the node count. */
    private static final long MIN_LIMIT = 1L << 20;
    /** Networks allowed per tree node beyond {@link #MIN_LIMIT}. */
    private static final long PER_NODE = 64;

    private MmdbNetworks() {}

    /** Receives one network with data. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param hi upper 64 address bits (IPv6), 0 for IPv4
         * @param lo lower 64 bits (IPv6), or the 32 address bits (IPv4)
         * @param prefix prefix length in the address's own terms (0..32 or 0..128)
         * @param v4 whether the network is IPv4
         * @param offset data-section offset of its record (for {@link MmdbReader#decode})
         */
        void network(long hi, long lo, int prefix, boolean v4, int offset) throws MmdbFormatException;
    }

    /**
     * Calls {@code visitor} for every network with data, in address order (IPv4 first in an IPv6
     * database, since it lives at {@code ::/96}).
     *
     * @return the number of networks visited
     * @throws MmdbFormatException for a record outside the file or a tree deeper than the address
     */
    public static long walk(MmdbReader r, Visitor visitor) throws MmdbFormatException {
        return walk(r, visitor, Long.MAX_VALUE);
    }

    /**
     * Like {@link #walk(MmdbReader, Visitor)}, but stops after the first {@code max} networks (for
     * sampling a database without walking all of it).
     */
    public static long walk(MmdbReader r, Visitor visitor, long max) throws MmdbFormatException {
        int bits = r.metadata().ipVersion() == 6 ? 128 : 32;
        long limit = MIN_LIMIT + PER_NODE * r.nodeCount();
        int v4Root = bits == 128 ? ipv4Root(r) : -1;
        int[] node = new int[bits + 1];
        int[] side = new int[bits + 1];
        long[] hi = new long[bits + 1];
        long[] lo = new long[bits + 1];
        int top = 0;
        long count = 0;
        while (top >= 0 && count < max) {
            if (side[top] == 2) {
                top--;
                continue;
            }
            int s = side[top]++;
            long h = hi[top];
            long l = lo[top];
            if (s == 1) {
                h = top < 64 ? h | (1L << (63 - top)) : h;
                l = top >= 64 ? l | (1L << (127 - top)) : l;
            }
            int depth = top + 1;
            long value = r.record(node[top], s) & 0xffffffffL;
            if (value < r.nodeCount()) {
                if (depth >= bits) {
                    throw new MmdbFormatException(r.name() + ": the search tree is deeper than " + bits + " bits");
                }
                if ((int) value == v4Root && isAlias(h, l, depth)) {
                    continue;
                }
                top = depth;
                node[top] = (int) value;
                side[top] = 0;
                hi[top] = h;
                lo[top] = l;
            } else if (value > r.nodeCount()) {
                if (++count > limit) {
                    throw new MmdbFormatException(r.name() + ": the search tree expands to more than " + limit
                            + " networks for " + r.nodeCount() + " nodes (a hostile file?)");
                }
                emit(r, visitor, bits, h, l, depth, value);
            }
        }
        return count;
    }

    private static void emit(MmdbReader r, Visitor visitor, int bits, long h, long l, int depth, long value)
            throws MmdbFormatException {
        long off = value - r.nodeCount() - 16;
        if (off < 0 || off >= r.dataSectionSize()) {
            throw new MmdbFormatException(r.name() + ": record " + value + " points outside the data section");
        }
        if (bits == 32) {
            visitor.network(0, h >>> 32, depth, true, (int) off);
        } else if (h == 0 && (l >>> 32) == 0 && depth >= 96) {
            visitor.network(0, l, depth - 96, true, (int) off);
        } else {
            visitor.network(h, l, depth, false, (int) off);
        }
    }

    /** The node at {@code ::/96}, or -1 when the tree does not reach that deep. */
    private static int ipv4Root(MmdbReader r) {
        long node = 0;
        for (int depth = 0; depth < 96; depth++) {
            node = r.record((int) node, 0) & 0xffffffffL;
            if (node >= r.nodeCount()) {
                return -1;
            }
        }
        return (int) node;
    }

    /** {@code ::ffff:0:0/96}, {@code 2001::/32} and {@code 2002::/16}, where writers alias the IPv4 subtree. */
    private static boolean isAlias(long hi, long lo, int depth) {
        return (depth == 96 && hi == 0 && lo == 0xffff_0000_0000L)
                || (depth == 32 && hi == 0x2001_0000_0000_0000L)
                || (depth == 16 && hi == 0x2002_0000_0000_0000L);
    }
}
