package dev.iptriage.mmdb;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The file layout of a {@link SearchTree}: nodes reachable from the root numbered in depth-first
 * pre-order (a node shared through an alias is numbered once), the value ids the tree refers to
 * in the order first met, and the writing of the node bytes for a record size.
 */
final class TreeLayout {
    private static final int CHUNK = 1 << 16;

    private final SearchTree tree;
    private final int[] numbers;
    private final int[] order;
    private final int[] valueIds;
    private final int nodeCount;
    private final int valueCount;

    private TreeLayout(SearchTree tree, int valueLimit) {
        this.tree = tree;
        this.numbers = new int[tree.capacity()];
        Arrays.fill(numbers, -1);
        int[] nodes = new int[Math.min(tree.capacity(), 1024)];
        int[] values = new int[16];
        boolean[] seen = new boolean[valueLimit];
        int[] stack = new int[2 * tree.bits() + 2];
        int top = 0;
        int count = 0;
        int found = 0;
        stack[top++] = 0;
        while (top > 0) {
            int node = stack[--top];
            if (numbers[node] >= 0) {
                continue;
            }
            if (count == nodes.length) {
                nodes = Arrays.copyOf(nodes, count * 2);
            }
            numbers[node] = count;
            nodes[count++] = node;
            for (int side = 0; side < 2; side++) {
                int record = tree.record(node, side);
                if (record < SearchTree.EMPTY && !seen[SearchTree.valueId(record)]) {
                    seen[SearchTree.valueId(record)] = true;
                    if (found == values.length) {
                        values = Arrays.copyOf(values, found * 2);
                    }
                    values[found++] = SearchTree.valueId(record);
                }
            }
            for (int side = 1; side >= 0; side--) {
                int record = tree.record(node, side);
                if (record >= 0 && numbers[record] < 0) {
                    stack[top++] = record;
                }
            }
        }
        this.order = nodes;
        this.nodeCount = count;
        this.valueIds = values;
        this.valueCount = found;
    }

    /** Numbers the nodes of {@code tree}, whose value ids are below {@code valueLimit}. */
    static TreeLayout of(SearchTree tree, int valueLimit) {
        return new TreeLayout(tree, valueLimit);
    }

    int nodeCount() {
        return nodeCount;
    }

    /** The value ids the tree refers to, each once, in the order the numbering met them. */
    int[] valueIds() {
        return Arrays.copyOf(valueIds, valueCount);
    }

    /**
     * Writes the nodes in number order with {@code recordSize}-bit records.
     *
     * @param offsets data section offset of each value id the tree refers to
     */
    void write(OutputStream out, int recordSize, int[] offsets) throws IOException {
        int nodeBytes = recordSize / 4;
        byte[] chunk = new byte[CHUNK - CHUNK % nodeBytes];
        int used = 0;
        for (int n = 0; n < nodeCount; n++) {
            int node = order[n];
            long left = recordValue(tree.record(node, 0), offsets);
            long right = recordValue(tree.record(node, 1), offsets);
            putNode(chunk, used, recordSize, left, right);
            used += nodeBytes;
            if (used == chunk.length) {
                out.write(chunk, 0, used);
                used = 0;
            }
        }
        out.write(chunk, 0, used);
    }

    private long recordValue(int record, int[] offsets) {
        if (record >= 0) {
            return numbers[record];
        } else if (record == SearchTree.EMPTY) {
            return nodeCount;
        }
        return nodeCount + 16L + offsets[SearchTree.valueId(record)];
    }

    /** 24 and 32 bits: two big-endian records; 28: the top nibbles of both share the middle byte. */
    static void putNode(byte[] out, int at, int recordSize, long left, long right) {
        switch (recordSize) {
            case 24 -> {
                putBigEndian(out, at, left, 3);
                putBigEndian(out, at + 3, right, 3);
            }
            case 28 -> {
                putBigEndian(out, at, left, 3);
                out[at + 3] = (byte) ((left >>> 20 & 0xF0) | (right >>> 24 & 0x0F));
                putBigEndian(out, at + 4, right, 3);
            }
            case 32 -> {
                putBigEndian(out, at, left, 4);
                putBigEndian(out, at + 4, right, 4);
            }
            default -> throw new IllegalArgumentException("record size " + recordSize);
        }
    }

    private static void putBigEndian(byte[] out, int at, long value, int length) {
        for (int i = 0; i < length; i++) {
            out[at + i] = (byte) (value >>> (8 * (length - 1 - i)));
        }
    }
}
