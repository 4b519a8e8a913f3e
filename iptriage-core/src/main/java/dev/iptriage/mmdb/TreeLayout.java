package dev.iptriage.mmdb;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The file layout of a {@link SearchTree}. The nodes reachable from the root are first folded into
 * classes bottom-up (post-order): with subtree sharing, two nodes whose records are equal (the same
 * leaves, or child nodes of the same class) are one class, so every distinct subtree is stored once
 * (hash-consing); without it every reachable node is its own class (a node shared through an alias
 * is still one). The classes are then numbered in depth-first pre-order from the root, left first;
 * the value ids the tree refers to are listed in the order the numbering first meets them. Both
 * passes are deterministic and use only {@code int} arrays (no object per node, no recursion).
 */
final class TreeLayout {
    private static final int CHUNK = 1 << 16;

    /** Records of each class: a class id ({@code >= 0}) or a leaf record of the tree. */
    private int[] left;

    private int[] right;
    private int classCount;
    /** Hash table of class ids plus one (0: free slot), for sharing; null without sharing. */
    private int[] table;

    private final int[] numbers;
    private final int[] order;
    private final int[] valueIds;
    private final int nodeCount;
    private final int valueCount;

    private TreeLayout(SearchTree tree, int valueLimit, boolean share) {
        int initial = Math.max(16, Math.min(tree.capacity(), 1 << 16));
        this.left = new int[initial];
        this.right = new int[initial];
        if (share) {
            this.table = new int[Integer.highestOneBit(initial) * 4];
        }
        int root = fold(tree);
        this.table = null;

        this.numbers = new int[classCount];
        Arrays.fill(numbers, -1);
        int[] nodes = new int[classCount];
        int[] values = new int[16];
        boolean[] seen = new boolean[valueLimit];
        int[] stack = new int[2 * tree.bits() + 4];
        int top = 0;
        int count = 0;
        int found = 0;
        stack[top++] = root;
        while (top > 0) {
            int c = stack[--top];
            if (numbers[c] >= 0) {
                continue;
            }
            numbers[c] = count;
            nodes[count++] = c;
            for (int side = 0; side < 2; side++) {
                int record = record(c, side);
                if (record < SearchTree.EMPTY && !seen[SearchTree.valueId(record)]) {
                    seen[SearchTree.valueId(record)] = true;
                    if (found == values.length) {
                        values = Arrays.copyOf(values, found * 2);
                    }
                    values[found++] = SearchTree.valueId(record);
                }
            }
            if (top + 2 > stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2);
            }
            for (int side = 1; side >= 0; side--) {
                int record = record(c, side);
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

    /**
     * Numbers the nodes of {@code tree}, whose value ids are below {@code valueLimit}; with {@code
     * share}, structurally equal subtrees are numbered (and written) once.
     */
    static TreeLayout of(SearchTree tree, int valueLimit, boolean share) {
        return new TreeLayout(tree, valueLimit, share);
    }

    /** Folds the nodes reachable from the root into classes, children first; returns the root's class. */
    private int fold(SearchTree tree) {
        int[] classOf = new int[tree.capacity()];
        Arrays.fill(classOf, -1);
        int[] stack = new int[2 * tree.bits() + 4];
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int node = stack[top - 1];
            if (classOf[node] >= 0) {
                top--;
                continue;
            }
            int l = tree.record(node, 0);
            int r = tree.record(node, 1);
            boolean ready = true;
            if (top + 2 > stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2);
            }
            if (r >= 0 && classOf[r] < 0) {
                stack[top++] = r;
                ready = false;
            }
            if (l >= 0 && classOf[l] < 0) {
                stack[top++] = l;
                ready = false;
            }
            if (ready) {
                top--;
                classOf[node] = intern(l >= 0 ? classOf[l] : l, r >= 0 ? classOf[r] : r);
            }
        }
        return classOf[0];
    }

    /** The class with these records: an existing equal one when sharing, else a new one. */
    private int intern(int l, int r) {
        if (table == null) {
            return add(l, r);
        }
        int mask = table.length - 1;
        int slot = hash(l, r) & mask;
        for (int id; (id = table[slot]) != 0; slot = (slot + 1) & mask) {
            if (left[id - 1] == l && right[id - 1] == r) {
                return id - 1;
            }
        }
        int c = add(l, r);
        table[slot] = c + 1;
        if (2L * classCount > table.length) {
            rehash();
        }
        return c;
    }

    private int add(int l, int r) {
        if (classCount == left.length) {
            left = Arrays.copyOf(left, classCount * 2);
            right = Arrays.copyOf(right, classCount * 2);
        }
        left[classCount] = l;
        right[classCount] = r;
        return classCount++;
    }

    private void rehash() {
        table = new int[table.length * 2];
        int mask = table.length - 1;
        for (int c = 0; c < classCount; c++) {
            int slot = hash(left[c], right[c]) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = c + 1;
        }
    }

    private static int hash(int l, int r) {
        long h = ((long) l << 32) ^ (r & 0xffffffffL);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    private int record(int c, int side) {
        return side == 0 ? left[c] : right[c];
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
            int c = order[n];
            putNode(chunk, used, recordSize, recordValue(left[c], offsets), recordValue(right[c], offsets));
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
