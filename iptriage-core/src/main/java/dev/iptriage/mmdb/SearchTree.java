package dev.iptriage.mmdb;

import java.util.Arrays;

/**
 * The binary trie behind the search tree, kept in pages of {@code int}s (two records per node, no
 * object per node, no copying as it grows). A record {@code >= 0} is a node index; {@link #EMPTY}
 * means no data; any other negative record is a leaf for a value id (see {@link #leaf}). Node 0 is
 * the root.
 *
 * <p>The trie is kept canonical: a node whose two records are the same leaf is removed and its
 * parent's record becomes that leaf, so equal adjacent networks merge as they are inserted and no
 * node's block is uniform. Freed nodes are reused through a free list threaded through the pages.
 */
final class SearchTree {
    /** Record for "no data". */
    static final int EMPTY = -1;

    private static final int PAGE_SHIFT = 14;
    private static final int PAGE_NODES = 1 << PAGE_SHIFT;
    private static final int MAX_NODES = Integer.MAX_VALUE - PAGE_NODES;

    private final int bits;
    /** path[d] is the node at depth d on the way to lastAddress, for d <= validDepth. */
    private final int[] path;

    private final byte[] lastAddress;
    private int validDepth;
    private int[][] pages = new int[16][];
    private int allocated;
    private int freeList = -1;
    private int[] stack = new int[64];

    /** A trie for addresses of {@code bits} bits (32 or 128). */
    SearchTree(int bits) {
        this.bits = bits;
        this.path = new int[bits];
        this.lastAddress = new byte[bits / 8];
        allocate(EMPTY);
    }

    /** The leaf record for a value id. */
    static int leaf(int valueId) {
        return -2 - valueId;
    }

    /** The value id of a leaf record other than {@link #EMPTY}. */
    static int valueId(int leaf) {
        return -2 - leaf;
    }

    int bits() {
        return bits;
    }

    /** Highest node index in use plus one: an upper bound for node indexes. */
    int capacity() {
        return allocated;
    }

    /** Record {@code side} (0 left, 1 right) of node {@code node}. */
    int record(int node, int side) {
        return pages[node >>> PAGE_SHIFT][(node & (PAGE_NODES - 1)) << 1 | side];
    }

    private void setRecord(int node, int side, int record) {
        pages[node >>> PAGE_SHIFT][(node & (PAGE_NODES - 1)) << 1 | side] = record;
    }

    /** Makes every address in {@code address/prefix} resolve to the leaf {@code record} (last write wins). */
    void set(byte[] address, int prefix, int record) {
        put(address, prefix, record, true);
    }

    /**
     * Points {@code address/prefix} ({@code prefix > 0}) at {@code target}, a record found with
     * {@link #find}: a node then has two parents. Returns the leaf replaced, for {@link #unalias};
     * until then the trie must only be read.
     */
    int alias(byte[] address, int prefix, int target) {
        int previous = find(address, prefix);
        put(address, prefix, target, true);
        return previous;
    }

    /** Undoes {@link #alias}, leaving the shared target in place. */
    void unalias(byte[] address, int prefix, int previous) {
        put(address, prefix, previous, false);
    }

    /** The record that {@code address/prefix} resolves to: a leaf, or the node for that block. */
    int find(byte[] address, int prefix) {
        int node = 0;
        for (int depth = 0; depth < prefix; depth++) {
            int next = record(node, bit(address, depth));
            if (next < 0) {
                return next;
            }
            node = next;
        }
        return node;
    }

    /** Bit {@code i} of a big-endian address, counted from the most significant bit. */
    static int bit(byte[] address, int i) {
        return (address[i >>> 3] >>> (7 - (i & 7))) & 1;
    }

    /**
     * The walk starts where the previous one last shared a node with this address (inserts in address
     * order mostly walk only a few levels), splitting leaves on the way down, then merges upwards.
     */
    private void put(byte[] address, int prefix, int record, boolean freeOld) {
        if (prefix == 0) {
            replace(0, 0, record, freeOld);
            replace(0, 1, record, freeOld);
            validDepth = 0;
            return;
        }
        int depth = Math.min(Math.min(validDepth, commonPrefix(address, lastAddress)), prefix - 1);
        int node = path[depth];
        System.arraycopy(address, 0, lastAddress, 0, lastAddress.length);
        for (; depth < prefix - 1; depth++) {
            path[depth] = node;
            validDepth = depth;
            int side = bit(address, depth);
            int next = record(node, side);
            if (next < 0) {
                if (next == record) {
                    return; // the whole block already resolves to this leaf
                }
                next = allocate(next);
                setRecord(node, side, next);
            }
            node = next;
        }
        path[prefix - 1] = node;
        validDepth = prefix - 1;
        int side = bit(address, prefix - 1);
        if (record(node, side) != record) {
            replace(node, side, record, freeOld);
            collapse(address, prefix - 1);
        }
    }

    /** The number of leading bits two addresses of the same length share. */
    private static int commonPrefix(byte[] a, byte[] b) {
        int i = Arrays.mismatch(a, b);
        return i < 0 ? a.length * 8 : i * 8 + Integer.numberOfLeadingZeros((a[i] ^ b[i]) & 0xFF) - 24;
    }

    private void replace(int node, int side, int record, boolean freeOld) {
        int old = record(node, side);
        setRecord(node, side, record);
        if (old >= 0 && freeOld) {
            freeSubtree(old);
        }
    }

    /** Walks up from {@code path[depth]}, merging nodes whose two records are the same leaf. */
    private void collapse(byte[] address, int depth) {
        int node = path[depth];
        while (depth > 0) {
            int left = record(node, 0);
            if (left >= 0 || left != record(node, 1)) {
                break;
            }
            setRecord(path[depth - 1], bit(address, depth - 1), left);
            free(node);
            depth--;
            node = path[depth];
        }
        validDepth = depth;
    }

    /** A new node whose two records are both {@code leaf}. */
    private int allocate(int leaf) {
        int node;
        if (freeList >= 0) {
            node = freeList;
            freeList = record(node, 0);
        } else {
            if (allocated == MAX_NODES) {
                throw new IllegalStateException("search tree exceeds " + MAX_NODES + " nodes");
            }
            node = allocated++;
            int page = node >>> PAGE_SHIFT;
            if (page == pages.length) {
                pages = Arrays.copyOf(pages, pages.length * 2);
            }
            if (pages[page] == null) {
                pages[page] = new int[2 * PAGE_NODES];
            }
        }
        setRecord(node, 0, leaf);
        setRecord(node, 1, leaf);
        return node;
    }

    private void free(int node) {
        setRecord(node, 0, freeList);
        setRecord(node, 1, EMPTY);
        freeList = node;
    }

    private void freeSubtree(int root) {
        int top = 0;
        stack[top++] = root;
        while (top > 0) {
            int node = stack[--top];
            if (top + 2 > stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2);
            }
            for (int side = 0; side < 2; side++) {
                int child = record(node, side);
                if (child >= 0) {
                    stack[top++] = child;
                }
            }
            free(node);
        }
    }
}
