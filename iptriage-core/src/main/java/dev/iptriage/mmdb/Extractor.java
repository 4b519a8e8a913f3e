package dev.iptriage.mmdb;

/** Walks one record along a {@link PathPlan}, decoding only the leaves the plan asks for. */
final class Extractor {
    private final Decoder d;
    private final Object[] out;
    private final int[] priority;
    private RecordShape shape = RecordShape.ANY;
    private int[] kinds;
    /** Where the record starts (for messages). */
    private int record;
    /**
     * The key being visited under an {@link PathPlan#ANY_KEY} node, packed as {@link
     * Decoder#keyBytes} gives it: made a string only for a message.
     */
    private long anyKey;

    Extractor(Decoder d, Object[] out) {
        this.d = d;
        this.out = out;
        this.priority = new int[out.length];
        java.util.Arrays.fill(priority, Integer.MAX_VALUE);
    }

    /** Walks the record at {@code offset} along the plan, checking it has the plan's {@link PathPlan#shape}. */
    void walk(int offset, PathPlan plan) throws MmdbFormatException {
        d.pos = offset;
        record = offset;
        shape = plan.shape();
        kinds = plan.kinds;
        visit(plan.root, 0, true);
    }

    /** Visits the value at the cursor; {@code top}: the record itself (the first value after pointers). */
    private void visit(PathPlan.Node node, int depth, boolean top) throws MmdbFormatException {
        if (depth > Decoder.MAX_DEPTH) {
            throw d.error("data nested deeper than " + Decoder.MAX_DEPTH + " levels (or a pointer cycle)");
        }
        int s = d.control();
        if (d.type != Decoder.POINTER) {
            if (top && d.type != Decoder.MAP && shape.requiresMap()) {
                throw d.notAMap(record);
            }
            if (!top && shape.typedPaths() && !node.accepts(d.type, kinds)) {
                throw shape.wrongType(
                        d.where(),
                        record,
                        node.wild ? d.keyText(anyKey) : node.name,
                        Decoder.typeName(d.type),
                        node.expected(kinds));
            }
        }
        switch (d.type) {
            case Decoder.POINTER -> {
                int after = d.pos;
                d.pos = d.notAPointer(s);
                visit(node, depth + 1, top);
                d.pos = after;
            }
            case Decoder.MAP -> visitMap(node, s, depth, top && shape.checksKeys());
            case Decoder.ARRAY -> visitArray(node, s, depth);
            default -> {
                if (node.isLeaf() || node.bounds != null) {
                    Object v = d.scalar(s);
                    if (node.bounds != null && node.bounds.impossible(v)) {
                        throw shape.impossible(
                                d.where(), record, node.wild ? d.keyText(anyKey) : node.name, v, node.bounds.range());
                    }
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

    /** {@code keys}: check that the map has a key other than the shape's inner ones. */
    private void visitMap(PathPlan.Node node, int n, int depth, boolean keys) throws MmdbFormatException {
        d.checkCount(n, 2, "map");
        boolean other = !keys || (n == 0 && shape.emptyAllowed());
        int mark = d.keyMark();
        long first = 0; // a map of two keys is checked without the stack
        try {
            for (int i = 0; i < n; i++) {
                long key = d.keyBytes();
                if (n > 2) {
                    d.pushKey(key);
                } else if (i == 1) {
                    d.checkPair(first, key);
                }
                first = key;
                other = other || !shape.isInner(d, key);
                PathPlan.Node child = null;
                for (int k = 0; k < node.keys.length; k++) {
                    if (d.keyEquals(key, node.keys[k])) {
                        child = node.children[k];
                        break;
                    }
                }
                if (child == null && node.anyKey != null && shape.typedPaths()) {
                    d.checkKey(key);
                    anyKey = key;
                    visit(node.anyKey, depth + 1, false);
                } else if (child == null) {
                    d.checkKey(key);
                    d.skip(depth + 1);
                } else {
                    visit(child, depth + 1, false);
                }
            }
            d.checkDistinct(mark);
        } finally {
            d.popKeys(mark);
        }
        if (!other) {
            throw shape.innerOnly(d.where(), record, n);
        }
    }

    private void visitArray(PathPlan.Node node, int n, int depth) throws MmdbFormatException {
        d.checkCount(n, 1, "array");
        for (int i = 0; i < n; i++) {
            PathPlan.Node child = node.elementAt(i);
            if (child == null) {
                d.skip(depth + 1);
            } else {
                visit(child, depth + 1, false);
            }
        }
    }
}
