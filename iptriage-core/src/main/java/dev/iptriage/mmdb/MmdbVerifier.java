package dev.iptriage.mmdb;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Full structural check of a MaxMind DB file: walks every search-tree node reachable from the root,
 * checks every record (next node, empty, or a pointer inside the data section; never into the
 * separator), refuses cycles and paths deeper than the address, and decodes every distinct data
 * record once with the reader's limits.
 *
 * <p>The search tree may be a DAG: a node may have several parents (the IPv4 aliases, and writers
 * that store identical subtrees once). The walk is a depth-first search that expands each node
 * once, colouring it grey while its subtree is being walked and black after: a record that leads
 * back to a grey node (or to the root) is a cycle; a record that leads to a black node is fine as
 * long as its depth plus that node's memoised subtree height fits in the address. Memory is two
 * bytes and a bit per node plus one entry per distinct record; the walk keeps its own stack of at
 * most one entry per address bit (no recursion).
 */
public final class MmdbVerifier {
    /** Most problems listed in a report (the count is exact). */
    public static final int MAX_LISTED = 20;

    private MmdbVerifier() {}

    /**
     * The outcome.
     *
     * @param nodesVisited search-tree nodes walked
     * @param records distinct data records decoded
     * @param problemCount problems found
     * @param unreachableProblems of those, problems in nodes no lookup can reach (garbage that a
     *     lookup never meets, but a sign of a damaged or hand-made file)
     * @param problems the first {@value #MAX_LISTED} problems
     * @param leaves one address (first of its network) per data record, up to the limit asked for
     */
    public record Report(
            long nodesVisited,
            long records,
            long problemCount,
            long unreachableProblems,
            List<String> problems,
            List<Leaf> leaves) {
        /** Whether the file is sound. */
        public boolean ok() {
            return problemCount == 0;
        }

        /** Whether some lookups can meet a problem. */
        public boolean lookupsAffected() {
            return problemCount > unreachableProblems;
        }
    }

    /** A network that holds a data record: its first address and prefix length. */
    public record Leaf(long hi, long lo, int prefix, boolean v4) {}

    private static final byte WHITE = 0;
    private static final byte GREY = 1;
    private static final byte BLACK = 2;
    /** Height of a subtree that never ends (a cycle) or already overruns the address. */
    private static final int UNBOUNDED = 255;

    /**
     * Verifies the whole file; keeps up to {@code maxLeaves} leaf networks for probing. Records must
     * be maps when the file's first record is one ({@link MmdbReader#firstRecordIsMap}).
     */
    public static Report verify(MmdbReader r, int maxLeaves) {
        return verify(r, maxLeaves, r.firstRecordIsMap() ? RecordShape.MAP : RecordShape.ANY);
    }

    /**
     * Verifies the whole file; keeps up to {@code maxLeaves} leaf networks for probing; a record
     * that does not have {@code shape} is a problem (lookups fail on it, see {@link PathPlan#shape}).
     */
    public static Report verify(MmdbReader r, int maxLeaves, RecordShape shape) {
        int nodeCount = r.nodeCount();
        int bits = r.metadata().ipVersion() == 6 ? 128 : 32;
        byte[] colour = new byte[nodeCount];
        // for black nodes: the number of nodes on the longest path down (saturating at UNBOUNDED),
        // and whether that path starts to the right
        byte[] height = new byte[nodeCount];
        BitSet deepRight = new BitSet();
        Set<Integer> decoded = new HashSet<>();
        List<String> problems = new ArrayList<>();
        List<Leaf> leaves = new ArrayList<>();
        long[] count = new long[2];
        // the path from the root: entry d is the node at depth d
        int[] pathNode = new int[bits];
        int[] nextSide = new int[bits];
        int[] childHeight = new int[bits];
        boolean[] childDeepRight = new boolean[bits];
        long[] pathHi = new long[bits];
        long[] pathLo = new long[bits];
        int top = 0;
        colour[0] = GREY;
        long visits = 1;
        while (top >= 0) {
            int depth = top;
            int node = pathNode[depth];
            int side = nextSide[depth];
            if (side == 2) {
                int h = Math.min(UNBOUNDED, 1 + childHeight[depth]);
                colour[node] = BLACK;
                height[node] = (byte) h;
                deepRight.set(node, childDeepRight[depth]);
                top--;
                if (top >= 0) {
                    contribute(childHeight, childDeepRight, top, nextSide[top] - 1, h);
                }
                continue;
            }
            nextSide[depth] = side + 1;
            long hi = pathHi[depth];
            long lo = pathLo[depth];
            if (side == 1) {
                if (depth < 64) {
                    hi |= 1L << (63 - depth);
                } else {
                    lo |= 1L << (127 - depth);
                }
            }
            long value = r.record(node, side) & 0xffffffffL;
            if (value < nodeCount) {
                int child = (int) value;
                if (depth + 1 >= bits) {
                    problem(problems, count, where(node, side, depth) + ": the tree is deeper than " + bits + " bits");
                    addLeaf(leaves, maxLeaves, hi, lo, depth + 1, bits);
                    contribute(childHeight, childDeepRight, depth, side, UNBOUNDED);
                } else if (child == 0 || colour[child] == GREY) {
                    problem(
                            problems,
                            count,
                            where(node, side, depth) + ": points back to node " + value + " (a cycle)");
                    addLeaf(leaves, maxLeaves, hi, lo, depth + 1, bits);
                    contribute(childHeight, childDeepRight, depth, side, UNBOUNDED);
                } else if (colour[child] == BLACK) {
                    int h = height[child] & 0xff;
                    if (depth + 1 + h > bits) {
                        problem(
                                problems,
                                count,
                                where(node, side, depth) + ": leads to node " + value + ", whose subtree is "
                                        + (h == UNBOUNDED ? "unbounded" : h + " levels deep") + ", so the tree is"
                                        + " deeper than " + bits + " bits");
                        deepestLeaf(r, leaves, maxLeaves, hi, lo, depth + 1, child, bits, deepRight);
                    }
                    contribute(childHeight, childDeepRight, depth, side, h);
                } else {
                    top = depth + 1;
                    pathNode[top] = child;
                    nextSide[top] = 0;
                    childHeight[top] = 0;
                    childDeepRight[top] = false;
                    pathHi[top] = hi;
                    pathLo[top] = lo;
                    colour[child] = GREY;
                    visits++;
                }
            } else if (value > nodeCount) {
                long off = value - nodeCount - 16;
                if (off < 0 || off >= r.dataSectionSize()) {
                    problem(
                            problems,
                            count,
                            where(node, side, depth) + ": record " + value + " points outside the data section");
                    addLeaf(leaves, maxLeaves, hi, lo, depth + 1, bits);
                } else if (decoded.add((int) off)) {
                    check(r, (int) off, shape, where(node, side, depth), problems, count);
                    addLeaf(leaves, maxLeaves, hi, lo, depth + 1, bits);
                }
            }
        }
        long reachable = count[0];
        unreachable(r, colour, problems, count);
        emptyLastMetadataValue(r, problems, count);
        return new Report(
                visits, decoded.size(), count[0], count[0] - reachable, List.copyOf(problems), List.copyOf(leaves));
    }

    /** A problem for other readers, not for lookups here: see {@link MmdbReader#metadataEndsWithEmptyContainer}. */
    private static void emptyLastMetadataValue(MmdbReader r, List<String> problems, long[] count) {
        try {
            if (r.metadataEndsWithEmptyContainer()) {
                problem(
                        problems,
                        count,
                        "metadata: the last value is an empty map or array at the very end of the file, which"
                                + " makes readers that look one byte ahead read past the end (a MaxMind bad-data case)");
            }
        } catch (MmdbFormatException e) {
            problem(problems, count, "metadata: " + e.getMessage());
        }
    }

    private static String where(int node, int side, int depth) {
        return "node " + node + (side == 0 ? " left" : " right") + " at depth " + depth;
    }

    /** Notes the height of the subtree below record {@code side} of the node at {@code depth}. */
    private static void contribute(int[] childHeight, boolean[] childDeepRight, int depth, int side, int h) {
        if (h > childHeight[depth]) {
            childHeight[depth] = h;
            childDeepRight[depth] = side == 1;
        }
    }

    /**
     * Adds the leaf at the end of the deepest path below {@code node} (reached at {@code depth} by
     * the address {@code hi:lo}), cut at the address size: a lookup for it runs out of bits.
     */
    private static void deepestLeaf(
            MmdbReader r, List<Leaf> leaves, int max, long hi, long lo, int depth, int node, int bits, BitSet right) {
        long nodeCount = r.nodeCount();
        long value = node;
        while (depth < bits && value < nodeCount) {
            int side = right.get((int) value) ? 1 : 0;
            if (side == 1) {
                if (depth < 64) {
                    hi |= 1L << (63 - depth);
                } else {
                    lo |= 1L << (127 - depth);
                }
            }
            value = r.record((int) value, side) & 0xffffffffL;
            depth++;
        }
        addLeaf(leaves, max, hi, lo, depth, bits);
    }

    /** Nodes no lookup reaches must still hold well-formed records (none may point at the root). */
    private static void unreachable(MmdbReader r, byte[] colour, List<String> problems, long[] count) {
        int nodeCount = r.nodeCount();
        for (int node = 0; node < nodeCount; node++) {
            if (colour[node] != WHITE) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                long value = r.record(node, side) & 0xffffffffL;
                boolean bad = value == 0
                        || (value > nodeCount
                                && (value - nodeCount - 16 < 0 || value - nodeCount - 16 >= r.dataSectionSize()));
                if (bad) {
                    problem(
                            problems,
                            count,
                            "node " + node + " (not reachable from the root) has record " + value
                                    + (value == 0 ? ", a pointer back to the root" : ", outside the data section"));
                }
            }
        }
    }

    private static void addLeaf(List<Leaf> leaves, int max, long hi, long lo, int prefix, int bits) {
        if (leaves.size() < max) {
            leaves.add(bits == 32 ? new Leaf(0, hi >>> 32, prefix, true) : new Leaf(hi, lo, prefix, false));
        }
    }

    private static void check(
            MmdbReader r, int off, RecordShape shape, String where, List<String> problems, long[] count) {
        try {
            r.decodeRecord(off, shape);
        } catch (MmdbFormatException e) {
            problem(problems, count, where + ": " + e.getMessage());
        } catch (RuntimeException e) {
            problem(problems, count, where + ": undecodable record at offset " + off + " (" + e + ")");
        }
    }

    private static void problem(List<String> problems, long[] count, String p) {
        count[0]++;
        if (problems.size() < MAX_LISTED) {
            problems.add(p);
        }
    }
}
