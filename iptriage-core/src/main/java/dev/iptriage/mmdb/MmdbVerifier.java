package dev.iptriage.mmdb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Full structural check of a MaxMind DB file: walks every search-tree node reachable from the root,
 * checks every record (next node, empty, or a pointer inside the data section; never into the
 * separator), rejects records that point back to a node already walked (other than the IPv4
 * aliases), refuses trees deeper than
 * the address, and decodes every distinct data record once with the reader's limits. Memory is
 * one bit per node plus one entry per distinct record.
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

    /** Verifies the whole file; keeps up to {@code maxLeaves} leaf networks for probing. */
    public static Report verify(MmdbReader r, int maxLeaves) {
        int nodeCount = r.nodeCount();
        int bits = r.metadata().ipVersion() == 6 ? 128 : 32;
        BitSet visited = new BitSet(nodeCount);
        Set<Integer> decoded = new HashSet<>();
        List<String> problems = new ArrayList<>();
        List<Leaf> leaves = new ArrayList<>();
        long[] count = new long[2];
        ArrayDeque<long[]> stack = new ArrayDeque<>();
        stack.push(new long[] {0, 0, 0, 0}); // node, depth, hi, lo
        long visits = 0;
        while (!stack.isEmpty()) {
            long[] s = stack.pop();
            int node = (int) s[0];
            int depth = (int) s[1];
            if (visited.get(node)) {
                continue; // shared subtree (the IPv4 aliases point at the IPv4 root)
            }
            visited.set(node);
            visits++;
            for (int side = 1; side >= 0; side--) {
                long hi = s[2];
                long lo = s[3];
                if (side == 1) {
                    if (depth < 64) {
                        hi |= 1L << (63 - depth);
                    } else {
                        lo |= 1L << (127 - depth);
                    }
                }
                long value = r.record(node, side) & 0xffffffffL;
                String where = "node " + node + (side == 0 ? " left" : " right") + " at depth " + depth;
                if (value < nodeCount) {
                    if (depth + 1 >= bits) {
                        problem(problems, count, where + ": the tree is deeper than " + bits + " bits");
                        addLeaf(leaves, maxLeaves, hi, lo, depth + 1, bits);
                    } else if (visited.get((int) value) && !(bits == 128 && value == r.ipv4StartNode())) {
                        problem(problems, count, where + ": points back to node " + value + " (a cycle)");
                        addLeaf(leaves, maxLeaves, hi, lo, depth + 1, bits);
                    } else {
                        stack.push(new long[] {value, depth + 1, hi, lo});
                    }
                } else if (value > nodeCount) {
                    long off = value - nodeCount - 16;
                    if (off < 0 || off >= r.dataSectionSize()) {
                        problem(problems, count, where + ": record " + value + " points outside the data section");
                        addLeaf(leaves, maxLeaves, hi, lo, depth + 1, bits);
                    } else if (decoded.add((int) off)) {
                        check(r, (int) off, where, problems, count);
                        addLeaf(leaves, maxLeaves, hi, lo, depth + 1, bits);
                    }
                }
            }
        }
        long reachable = count[0];
        unreachable(r, visited, problems, count);
        return new Report(
                visits, decoded.size(), count[0], count[0] - reachable, List.copyOf(problems), List.copyOf(leaves));
    }

    /** Nodes no lookup reaches must still hold well-formed records (none may point at the root). */
    private static void unreachable(MmdbReader r, BitSet visited, List<String> problems, long[] count) {
        int nodeCount = r.nodeCount();
        for (int node = visited.nextClearBit(0); node < nodeCount; node = visited.nextClearBit(node + 1)) {
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

    private static void check(MmdbReader r, int off, String where, List<String> problems, long[] count) {
        try {
            r.decode(off);
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
