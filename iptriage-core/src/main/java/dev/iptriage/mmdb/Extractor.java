package dev.iptriage.mmdb;

/** Walks one record along a {@link PathPlan}, decoding only the leaves the plan asks for. */
final class Extractor {
    private final Decoder d;
    private final Object[] out;
    private final int[] priority;

    Extractor(Decoder d, Object[] out) {
        this.d = d;
        this.out = out;
        this.priority = new int[out.length];
        java.util.Arrays.fill(priority, Integer.MAX_VALUE);
    }

    void walk(int offset, PathPlan.Node root) throws MmdbFormatException {
        d.pos = offset;
        visit(root, 0);
    }

    private void visit(PathPlan.Node node, int depth) throws MmdbFormatException {
        if (depth > Decoder.MAX_DEPTH) {
            throw d.error("data nested deeper than " + Decoder.MAX_DEPTH + " levels (or a pointer cycle)");
        }
        int s = d.control();
        switch (d.type) {
            case Decoder.POINTER -> {
                int after = d.pos;
                d.pos = s;
                visit(node, depth + 1);
                d.pos = after;
            }
            case Decoder.MAP -> visitMap(node, s, depth);
            case Decoder.ARRAY -> visitArray(node, s, depth);
            default -> {
                if (node.isLeaf()) {
                    Object v = d.scalar(s);
                    for (int i = 0; i < node.leafSlots.length; i++) {
                        int slot = node.leafSlots[i];
                        if (node.leafPriorities[i] < priority[slot]) {
                            priority[slot] = node.leafPriorities[i];
                            out[slot] = v;
                        }
                    }
                } else {
                    d.skipPayload(s);
                }
            }
        }
    }

    private void visitMap(PathPlan.Node node, int n, int depth) throws MmdbFormatException {
        d.checkCount(n, 2, "map");
        for (int i = 0; i < n; i++) {
            long key = d.keyBytes();
            PathPlan.Node child = null;
            for (int k = 0; k < node.keys.length; k++) {
                if (d.keyEquals(key, node.keys[k])) {
                    child = node.children[k];
                    break;
                }
            }
            if (child == null) {
                d.skip(depth + 1);
            } else {
                visit(child, depth + 1);
            }
        }
    }

    private void visitArray(PathPlan.Node node, int n, int depth) throws MmdbFormatException {
        d.checkCount(n, 1, "array");
        for (int i = 0; i < n; i++) {
            PathPlan.Node child = node.elementAt(i);
            if (child == null) {
                d.skip(depth + 1);
            } else {
                visit(child, depth + 1);
            }
        }
    }
}
