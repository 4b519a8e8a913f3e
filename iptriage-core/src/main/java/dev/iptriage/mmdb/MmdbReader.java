package dev.iptriage.mmdb;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a MaxMind DB ({@code .mmdb}) file: GeoIP2/GeoLite2, DB-IP and any other file in the format.
 * The file is memory-mapped once and shared by all threads (every method is thread-safe). Lookups
 * return a packed long (see {@link #found}, {@link #offset}, {@link #prefix}) so the hot path
 * allocates nothing; callers cache what they decode by data offset, since many networks share one
 * record. The whole file is treated as untrusted: the metadata, every tree record and every data
 * value are checked, and violations raise {@link MmdbFormatException} naming the file and offset.
 *
 * <p>Entry point: {@link #open(Path)}.
 */
public final class MmdbReader implements AutoCloseable {
    private static final byte[] MARKER = {
        (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
    };
    private static final int MAX_METADATA = 128 * 1024;
    private static final long FOUND = 1L << 62;

    private final String name;
    private final ByteBuffer buf;
    private final Metadata metadata;
    private final int nodeCount;
    private final int recordSize;
    private final int dataStart;
    private final int dataSize;
    private final int ipv4Start;
    /** The root node's two records: where IPv6 walks go first (the loops stop at the root). */
    private final int[] root;
    /**
     * Where the first {@value #V4_TOP_BITS} bits of each IPv4 address lead, {@code node << 8 | depth}
     * with the node unsigned (see {@link #fill}); made when the file is opened (at most 511 nodes).
     */
    private final long[] v4Top;

    /** Bits of an IPv4 address resolved by the tables: {@link #v4Top}, then {@link #v4Mid}, {@link #v4Low}. */
    private static final int V4_TOP_BITS = 8;

    private static final int V4_MID_BITS = 8;
    private static final int V4_LOW_BITS = 4;
    private static final int V4_TABLE_BITS = V4_TOP_BITS + V4_MID_BITS + V4_LOW_BITS;

    private static final VarHandle TABLES = MethodHandles.arrayElementVarHandle(long[][].class);
    /**
     * Where the first {@value #V4_TOP_BITS} + {@value #V4_MID_BITS} bits of IPv4 addresses lead,
     * per /8, made on the first lookup in it ({@link #v4Entry}); entries as in {@link #v4Top}.
     */
    private final long[][] v4Mid;

    private static final VarHandle LOW = MethodHandles.arrayElementVarHandle(long[].class);
    /**
     * Where the first {@value #V4_TABLE_BITS} bits of each IPv4 address lead: per /8, a flat table
     * of its 4,096 /20s (32 KiB, made on the first lookup in the /8), whose entries are made per /16
     * on the first lookup in it (0: not made yet). With the other two tables, an IPv4 lookup starts
     * 20 levels down (a quarter less time per lookup in a large City tree) in one read of a table
     * entry, and neither opening a file nor a short job walks or allocates for networks its
     * addresses do not reach; the work is spread over the threads that look up. Entries are read
     * and written whole (opaque access), and threads that make the same /16 at once write the same
     * values.
     */
    private final long[][] v4Low;

    /** Depth at which IPv6 walks are remembered ({@link #v6Memo}): the first 32 bits, an allocation. */
    private static final int V6_MEMO_DEPTH = 32;

    private static final int V6_MEMO_BITS = 16;
    private static final VarHandle MEMO = MethodHandles.arrayElementVarHandle(long[].class);
    /**
     * Where IPv6 walks were at depth {@value #V6_MEMO_DEPTH} (or stopped above it), by the first 32
     * bits of the address: later addresses in the same /32 start there. IPv6 lookups otherwise walk
     * from the root, about 45 levels in a large City tree against 5 for IPv4 (which starts from its
     * tables), and the addresses of one allocation are looked up together in practice. Direct-mapped,
     * 2^{@value #V6_MEMO_BITS} slots, each one {@code long}: the 32 prefix bits, depth + 1 (6 bits,
     * 0 for an empty slot) and the node (26 bits; walks that reach a larger node are not kept), so
     * threads share it without locks and never read half of an entry. Null for IPv4-only trees.
     */
    private final long[] v6Memo;

    private MmdbReader(String name, ByteBuffer buf) throws MmdbFormatException {
        this.name = name;
        this.buf = buf;
        int metaStart = findMetadata();
        this.metadata = readMetadata(metaStart);
        this.nodeCount = (int) metadata.nodeCount();
        this.recordSize = metadata.recordSize();
        long treeBytes = metadata.treeBytes();
        if (recordSize < 32 && metadata.nodeCount() >= 1L << recordSize) {
            throw new MmdbFormatException(name + ": node_count " + metadata.nodeCount() + " does not fit a "
                    + recordSize + "-bit record (a record holding it means empty)");
        }
        if (treeBytes + 16 > metaStart - MARKER.length) {
            throw new MmdbFormatException(name + ": node_count " + nodeCount + " needs a " + treeBytes
                    + "-byte search tree, larger than the file allows (" + (metaStart - MARKER.length) + " bytes)");
        }
        for (int i = 0; i < 16; i++) {
            if (buf.get((int) treeBytes + i) != 0) {
                throw new MmdbFormatException(name + ": no data section separator (16 zero bytes) after the "
                        + treeBytes + "-byte search tree that node_count " + nodeCount + " and record_size "
                        + recordSize + " give: the metadata does not match the file, or the file is damaged");
            }
        }
        this.dataStart = (int) treeBytes + 16;
        this.root = new int[] {record(0, 0), record(0, 1)};
        this.dataSize = metaStart - MARKER.length - dataStart;
        int node = 0;
        int depth = 0;
        if (metadata.ipVersion() == 6) {
            node = record(0, 0);
            depth = 1;
            while (depth < 96 && inTree(node)) {
                node = record(node, 0);
                depth++;
            }
            long off = (node & 0xffffffffL) - nodeCount - 16;
            if (node == 0) {
                throw new MmdbFormatException(name + ": the path of the IPv4 addresses (::/96) leads back to the"
                        + " root node at depth " + depth + " (a cycle)");
            }
            if (depth < 96 && node != nodeCount && (off < 0 || off >= dataSize)) {
                throw new MmdbFormatException(name + ": the path of the IPv4 addresses (::/96) ends at record "
                        + (node & 0xffffffffL) + " at depth " + depth + ", outside the data section (" + dataSize
                        + " bytes)");
            }
        }
        if (metadata.ipVersion() == 4) {
            // an IPv6 tree whose ip_version says 4 (one bit apart) walks 0.0.0.0 into ::/96: deeper than 32 bits
            node = record(0, 0);
            depth = 1;
            while (depth < 32 && inTree(node)) {
                node = record(node, 0);
                depth++;
            }
            if (inTree(node)) {
                throw new MmdbFormatException(name + ": metadata ip_version 4, but the search tree goes on below"
                        + " 0.0.0.0/32 (an IPv6 tree?)");
            }
            node = 0;
            depth = 0;
        }
        this.ipv4Start = node;
        boolean v4Tree = metadata.ipVersion() == 4 || depth == 96;
        this.v4Top = v4Tree ? new long[1 << V4_TOP_BITS] : null;
        this.v4Mid = v4Tree ? new long[1 << V4_TOP_BITS][] : null;
        this.v4Low = v4Tree ? new long[1 << V4_TOP_BITS][] : null;
        if (v4Tree) {
            fill(v4Top, ipv4Start, 0, 0, V4_TOP_BITS);
        }
        this.v6Memo = metadata.ipVersion() == 6 ? new long[1 << V6_MEMO_BITS] : null;
        this.firstIsMap = firstRecordIsMapAtOpen();
    }

    /** Whether the first data record in address order is a map ({@link #firstRecordIsMap}). */
    private final boolean firstIsMap;

    /** Most search-tree records read at open to find the first data record. */
    private static final int FIRST_RECORD_READS = 4096;

    private boolean firstRecordIsMapAtOpen() {
        int[] budget = {FIRST_RECORD_READS};
        long off = firstRecord(0, 0, budget);
        if (off < 0) {
            return false;
        }
        try {
            return dataDecoder().isMapAt((int) off);
        } catch (MmdbFormatException e) {
            return false; // a damaged first record: its lookups fail by themselves
        }
    }

    /**
     * The data offset of the first record below {@code node} (at {@code depth}) in address order,
     * or -1 when there is none or {@code budget} record reads run out first.
     */
    private long firstRecord(int node, int depth, int[] budget) {
        int bits = metadata.ipVersion() == 6 ? 128 : 32;
        for (int side = 0; side < 2 && budget[0]-- > 0; side++) {
            long value = record(node, side) & 0xffffffffL;
            if (value > 0 && value < nodeCount) { // 0, the root, would make a cycle
                long off = depth + 1 < bits ? firstRecord((int) value, depth + 1, budget) : -1;
                if (off >= 0 || budget[0] <= 0) {
                    return off;
                }
            } else if (value > nodeCount) {
                long off = value - nodeCount - 16;
                return off >= 0 && off < dataSize ? off : -1;
            }
        }
        return -1;
    }

    /**
     * Whether the first data record in address order is a map, as every record of the GeoIP2 and
     * DB-IP schemas and of files made by {@link MmdbWriter} from CSV is. The format allows any value
     * as a record, but the records of one file share a type in practice, so a lookup that meets a
     * string or a number in a file of maps has landed inside a record (see {@link RecordShape}).
     */
    public boolean firstRecordIsMap() {
        return firstIsMap;
    }

    /**
     * Fills {@code table} with where each IPv4 prefix of {@code end} bits leads below {@code node},
     * reached at {@code depth} by the bits {@code prefix} (those under the table's first entry):
     * {@code node << 8 | depth} (node unsigned), the place a lookup of any address with that prefix
     * passes at depth {@code end}, or where it stops earlier (a data record or an empty one), exactly
     * as {@link #find} would. Each node above {@code end} is read once. Lookups start there, so the
     * upper levels, the same few nodes for every address, cost no dependent reads.
     */
    private void fill(long[] table, int node, int depth, int prefix, int end) {
        boolean walkOn = depth == 0 ? node >= 0 && node < nodeCount : inTree(node); // from the table's root
        if (depth == end || !walkOn) {
            int shift = end - depth;
            Arrays.fill(table, prefix << shift, (prefix + 1) << shift, (node & 0xFFFFFFFFL) << 8 | depth);
            return;
        }
        fill(table, record(node, 0), depth + 1, prefix << 1, end);
        fill(table, record(node, 1), depth + 1, prefix << 1 | 1, end);
    }

    /** Where the walk for the IPv4 address {@code a} starts: {@code node << 8 | depth}. */
    private long v4Entry(int a) {
        long[] low = (long[]) TABLES.getAcquire(v4Low, a >>> (32 - V4_TOP_BITS));
        long e = low == null ? 0 : (long) LOW.getOpaque(low, lowIndex(a));
        return e != 0 ? e : makeLow(a);
    }

    private static int lowIndex(int a) {
        return (a >>> (32 - V4_TABLE_BITS)) & ((1 << (V4_TABLE_BITS - V4_TOP_BITS)) - 1);
    }

    /** Makes the {@link #v4Low} entries of the /16 of {@code a} and returns that of {@code a}. */
    private long makeLow(int a) {
        int top = a >>> (32 - V4_TOP_BITS);
        long[] mid = (long[]) TABLES.getAcquire(v4Mid, top);
        if (mid == null) {
            mid = below(v4Top[top], V4_TOP_BITS, V4_MID_BITS);
            TABLES.setRelease(v4Mid, top, mid); // another thread may make the same one: both are right
        }
        long[] low = (long[]) TABLES.getAcquire(v4Low, top);
        if (low == null) {
            long[] made = new long[1 << (V4_TABLE_BITS - V4_TOP_BITS)];
            low = (long[]) TABLES.compareAndExchangeRelease(v4Low, top, null, made); // the first one made
            low = low == null ? made : low;
        }
        int at = lowIndex(a); // the /20 in its /8
        int sixteen = at >>> V4_LOW_BITS; // its /16 in the /8
        long[] entries = below(mid[sixteen], V4_TOP_BITS + V4_MID_BITS, V4_LOW_BITS);
        int first = sixteen << V4_LOW_BITS;
        for (int i = 0; i < entries.length; i++) {
            LOW.setOpaque(low, first + i, entries[i]);
        }
        return entries[at - first];
    }

    /**
     * The table of where each of the {@code bits} next bits leads from {@code entry}, an entry of a
     * table of prefixes {@code depth} bits long.
     */
    private long[] below(long entry, int depth, int bits) {
        long[] t = new long[1 << bits];
        if ((entry & 0xFF) < depth) {
            Arrays.fill(t, entry); // the walk stops above this table's depth
        } else {
            fill(t, (int) (entry >>> 8), depth, 0, depth + bits);
        }
        return t;
    }

    /**
     * Memory-maps and validates the file.
     *
     * @throws IOException (not a {@link MmdbFormatException}) when it is not a regular file: opening a
     *     FIFO with no writer would block for ever, and a pipe or device cannot be mapped
     */
    public static MmdbReader open(Path file) throws IOException {
        return new MmdbReader(file.toString(), map(file));
    }

    /**
     * Memory-maps the file read-only, for {@link #open(String, ByteBuffer)} (a caller that checks the
     * mapped bytes first, e.g. their hash). Nothing is validated but the file's kind and size.
     *
     * @throws IOException (not a {@link MmdbFormatException}) when it is not a regular file
     * @throws MmdbFormatException when it is over 2 GiB
     */
    public static ByteBuffer map(Path file) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw new IOException(file
                    + (attrs.isDirectory()
                            ? ": is a folder, not a database file"
                            : ": not a regular file (a pipe, socket or device): save the database to a file first"));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new MmdbFormatException(file + ": files over 2 GiB are not supported (" + size + " bytes)");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
    }

    /** Reads a database held in memory, e.g. a resource; {@code name} appears in messages. */
    public static MmdbReader open(String name, ByteBuffer bytes) throws MmdbFormatException {
        return new MmdbReader(name, bytes.slice().asReadOnlyBuffer());
    }

    /** The file name (or resource name) used in messages. */
    public String name() {
        return name;
    }

    /** The validated metadata. */
    public Metadata metadata() {
        return metadata;
    }

    /** Size of the data section in bytes. */
    public int dataSectionSize() {
        return dataSize;
    }

    /** Size of the whole file in bytes. */
    public long fileSize() {
        return buf.capacity();
    }

    @Override
    public void close() {
        // the mapping is released by the garbage collector; nothing to do eagerly
    }

    /** Whether a {@link #find} result points at a record. */
    public static boolean found(long result) {
        return (result & FOUND) != 0;
    }

    /** The data-section offset of a found record. */
    public static int offset(long result) {
        return (int) result;
    }

    /** The prefix length of the network that contains the address (found or not). */
    public static int prefix(long result) {
        return (int) ((result >>> 32) & 0xff);
    }

    /**
     * Looks up an address given as its bits: IPv4 in {@code lo} (low 32 bits) with {@code v4}
     * set, or IPv6 in {@code hi}/{@code lo}. For IPv4 the prefix is in IPv4 terms (0..32). An IPv6
     * address in an IPv4-only database is not found (prefix 0).
     */
    public long find(long hi, long lo, boolean v4) throws MmdbFormatException {
        int bits;
        int node;
        int depth;
        if (v4) {
            bits = 32;
            if (v4Top == null) {
                return resolve(ipv4Start, 0);
            }
            long start = v4Entry((int) lo);
            node = (int) (start >>> 8);
            depth = (int) start & 0xFF;
        } else {
            if (metadata.ipVersion() == 4) {
                return 0;
            }
            bits = 128;
            long start = v6Start(hi);
            if (start < 0) {
                start = walkV6(hi);
                remember(hi, start);
            }
            node = (int) (start >>> 8);
            depth = (int) start & 0xFF;
        }
        while (depth < bits && inTree(node)) {
            int bit = v4
                    ? (int) (lo >>> (31 - depth)) & 1
                    : (int) ((depth < 64 ? hi >>> (63 - depth) : lo >>> (127 - depth)) & 1);
            node = record(node, bit);
            depth++;
        }
        return resolve(node, depth);
    }

    /** Where a remembered walk for the IPv6 address with upper bits {@code hi} is, or -1. */
    private long v6Start(long hi) {
        return memoStart(hi, (long) MEMO.getOpaque(v6Memo, memoSlot((int) (hi >>> 32))));
    }

    /** Keeps where the walk for {@code hi} was at depth {@value #V6_MEMO_DEPTH}: {@code node << 8 | depth}. */
    private void remember(long hi, long at) {
        long e = memoEntry(hi, at);
        if (e != 0) {
            MEMO.setOpaque(v6Memo, memoSlot((int) (hi >>> 32)), e);
        }
    }

    /**
     * The memo entry for the walk of {@code hi} at {@code at} ({@code node << 8 | depth}, node
     * unsigned), or 0 when the node does not fit the entry's 26 bits (such a walk is not kept).
     */
    static long memoEntry(long hi, long at) {
        long node = at >>> 8;
        return node >>> 26 != 0 ? 0 : (hi >>> 32) << 32 | ((at & 0xFF) + 1) << 26 | node;
    }

    /** Where entry {@code e} says the walk of {@code hi} is ({@code node << 8 | depth}), or -1 if not there. */
    static long memoStart(long hi, long e) {
        if (e == 0 || (int) (e >>> 32) != (int) (hi >>> 32)) {
            return -1;
        }
        return (e & ((1 << 26) - 1)) << 8 | (((e >>> 26) & 0x3F) - 1);
    }

    static int memoSlot(int prefix) {
        return (prefix * 0x9E3779B9) >>> (32 - V6_MEMO_BITS);
    }

    /** Walks from the root by the bits of {@code hi} to depth {@value #V6_MEMO_DEPTH} at most. */
    private long walkV6(long hi) {
        int node = root[(int) (hi >>> 63)];
        int depth = 1;
        while (depth < V6_MEMO_DEPTH && inTree(node)) {
            node = record(node, (int) (hi >>> (63 - depth)) & 1);
            depth++;
        }
        return (node & 0xFFFFFFFFL) << 8 | depth;
    }

    /**
     * Looks up {@code n} addresses at once, walking the tree for all of them in lockstep: their
     * node reads are independent, so the processor overlaps the cache misses that dominate lookups
     * in large trees. Same results as {@link #find} for each address, into {@code out}.
     */
    public void findAll(long[] his, long[] los, boolean[] v4s, int n, long[] out) throws MmdbFormatException {
        int[] node = new int[n];
        int[] depth = new int[n];
        int[] bits = new int[n];
        boolean[] fresh = new boolean[n]; // IPv6, not remembered: walked to /32 first, then remembered
        int active = 0;
        int[] live = new int[n];
        for (int i = 0; i < n; i++) {
            if (v4s[i] && v4Top == null) {
                out[i] = resolve(ipv4Start, 0);
            } else if (!v4s[i] && metadata.ipVersion() == 4) {
                out[i] = 0;
            } else if (v4s[i]) {
                long start = v4Entry((int) los[i]);
                node[i] = (int) (start >>> 8);
                depth[i] = (int) start & 0xFF;
                bits[i] = 32;
                live[active++] = i;
            } else {
                long start = v6Start(his[i]);
                fresh[i] = start < 0;
                node[i] = fresh[i] ? root[(int) (his[i] >>> 63)] : (int) (start >>> 8);
                depth[i] = fresh[i] ? 1 : (int) start & 0xFF;
                bits[i] = fresh[i] ? V6_MEMO_DEPTH : 128;
                live[active++] = i;
            }
        }
        while (active > 0) {
            int still = 0;
            for (int k = 0; k < active; k++) {
                int i = live[k];
                int d = depth[i];
                int nd = node[i];
                if (d < bits[i] && inTree(nd)) {
                    int bit = v4s[i]
                            ? (int) (los[i] >>> (31 - d)) & 1
                            : (int) ((d < 64 ? his[i] >>> (63 - d) : los[i] >>> (127 - d)) & 1);
                    node[i] = record(nd, bit);
                    depth[i] = d + 1;
                    live[still++] = i;
                } else if (fresh[i]) {
                    remember(his[i], (nd & 0xFFFFFFFFL) << 8 | d);
                    fresh[i] = false;
                    bits[i] = 128;
                    live[still++] = i; // goes on below /32, or stops at once where it stopped above
                } else {
                    out[i] = resolve(nd, d);
                }
            }
            active = still;
        }
    }

    /**
     * Whether a record walked to at depth 1 or deeper leads to another node: one in the tree that is
     * not the root (a record that leads back to the root makes a cycle, as libmaxminddb also holds;
     * zeroed bytes in the tree are the usual cause). One unsigned comparison, like the plain range
     * check.
     */
    private boolean inTree(int node) {
        return Integer.compareUnsigned(node - 1, nodeCount - 1) < 0;
    }

    private long resolve(int value, int depth) throws MmdbFormatException {
        long prefix = (long) depth << 32;
        if (value == nodeCount) {
            return prefix;
        }
        if (value == 0) {
            throw new MmdbFormatException(
                    name + ": search tree record at depth " + depth + " points back to the root node (a cycle)");
        }
        if (value > 0 && value < nodeCount) {
            throw new MmdbFormatException(
                    name + ": search tree is deeper than the address (" + depth + " bits) at node " + value);
        }
        long off = (value & 0xffffffffL) - nodeCount - 16;
        if (off < 0 || off >= dataSize) {
            throw new MmdbFormatException(name + ": search tree record " + (value & 0xffffffffL)
                    + " points outside the data section (" + dataSize + " bytes)");
        }
        return FOUND | prefix | off;
    }

    /** Reads one record of a node: side 0 (left, bit 0) or 1 (right, bit 1). */
    int record(int node, int side) {
        int p = node * (recordSize / 4);
        // one 4-byte read per record: the tree is always followed by the 16-byte separator, so
        // reading one byte past a 24- or 28-bit node stays inside the file
        return switch (recordSize) {
            case 24 -> buf.getInt(p + side * 3) >>> 8;
            case 28 -> {
                // left: bytes 0-2 and the high nibble of byte 3; right: the low nibble of byte 3 and
                // bytes 4-6. Without a branch on the side, which is as unpredictable as the address
                // bits, so the processor keeps overlapping the node reads of a batch's lookups
                int i = buf.getInt(p + 3 * side);
                yield ((i >>> (4 + 20 * side)) & 0xF) << 24 | ((i >>> (8 - 8 * side)) & 0xFFFFFF);
            }
            default -> buf.getInt(p + side * 4);
        };
    }

    /** Decodes the whole value at a data-section offset into maps, lists and boxed scalars. */
    public Object decode(int offset) throws MmdbFormatException {
        return dataDecoder().decodeAt(offset);
    }

    /**
     * Decodes the whole value at a data-section offset keeping every MMDB type apart: as {@link
     * #decode}, but uint16, uint32, int32, uint64 and uint128 come as {@link MmdbWriter.Uint16},
     * {@link MmdbWriter.Uint32}, {@link MmdbWriter.Int32}, {@link MmdbWriter.Uint64} and {@link
     * MmdbWriter.Uint128}, the values {@link MmdbWriter} stores as those types again.
     */
    public Object decodeTyped(int offset) throws MmdbFormatException {
        Decoder d = dataDecoder();
        d.typed = true;
        return d.decodeAt(offset);
    }

    /**
     * Decodes only the values the plan's paths reach in the record at {@code offset} into {@code
     * out} (one slot per plan slot; slots without a value stay {@code null}). Values are {@link
     * String}, {@link Integer} (uint16, int32), {@link Long} (uint32), {@link BigInteger}, {@link
     * Double}, {@link Float}, {@link Boolean} or {@code byte[]}; a path that reaches a map or array
     * yields nothing. Reads and checks the whole record as {@link #decode} would, values not asked for
     * too (without building them; a value that pointers of many records share is checked once per
     * file), so a record that cannot be read fails whatever the plan; fails on a record that does not
     * have the plan's {@linkplain PathPlan#shape shape}.
     */
    public void extract(int offset, PathPlan plan, Object[] out) throws MmdbFormatException {
        new Extractor(new Decoder(buf, dataStart, dataSize, name, checked()), out).walk(offset, plan);
    }

    /** Values found sound by {@link Decoder#skip}, one bit per data offset; made on first use. */
    private volatile long[] checked;

    private long[] checked() {
        long[] c = checked;
        if (c == null) {
            synchronized (this) {
                c = checked;
                if (c == null) {
                    c = new long[(dataSize + 63) >>> 6];
                    checked = c;
                }
            }
        }
        return c;
    }

    /**
     * Decodes the whole record at {@code offset} like {@link #decode}, checking that it has {@code
     * shape} (as {@link #extract} does with the plan's).
     */
    public Object decodeRecord(int offset, RecordShape shape) throws MmdbFormatException {
        Decoder d = dataDecoder();
        if (shape.requiresMap() && !d.isMapAt(offset)) {
            throw d.notAMap(offset);
        }
        if (shape.paths() != null) {
            // the walk a lookup makes, so db verify and enrich fail a record with the same words
            extract(offset, shape.paths(), new Object[0]);
        }
        Object v = d.decodeAt(offset);
        shape.check(v, name, offset);
        return v;
    }

    Decoder dataDecoder() {
        return new Decoder(buf, dataStart, dataSize, name);
    }

    /** Number of search-tree nodes (for iteration and verification). */
    int nodeCount() {
        return nodeCount;
    }

    /**
     * Whether the metadata map's last value is an empty map or array ending at the file's last byte.
     * Such a file breaks no rule of the format, but readers that look one byte ahead after a value
     * read past the end of the file on it, which is why MaxMind lists the shape among its corrupt
     * test files ({@code bad-data}); {@link MmdbWriter} never writes it.
     */
    boolean metadataEndsWithEmptyContainer() throws MmdbFormatException {
        int start = dataStart + dataSize + MARKER.length; // where the metadata begins
        Decoder d = new Decoder(buf, start, buf.capacity() - start, name + " metadata");
        int n = d.control();
        if (d.type != Decoder.MAP) {
            return false;
        }
        int lastType = -1;
        int lastSize = -1;
        for (int i = 0; i < n; i++) {
            d.skip(0); // the key
            int value = d.pos;
            lastSize = d.control();
            lastType = d.type;
            d.pos = value;
            d.skip(0);
        }
        return (lastType == Decoder.MAP || lastType == Decoder.ARRAY)
                && lastSize == 0
                && start + d.pos == buf.capacity();
    }

    private int findMetadata() throws MmdbFormatException {
        int cap = buf.capacity();
        int stop = Math.max(0, cap - MAX_METADATA - MARKER.length);
        outer:
        for (int i = cap - MARKER.length; i >= stop; i--) {
            for (int j = 0; j < MARKER.length; j++) {
                if (buf.get(i + j) != MARKER[j]) {
                    continue outer;
                }
            }
            return i + MARKER.length;
        }
        throw new MmdbFormatException(name + ": not a MaxMind DB file (no metadata marker in the last 128 KiB)");
    }

    private Metadata readMetadata(int start) throws MmdbFormatException {
        Decoder d = new Decoder(buf, start, buf.capacity() - start, name + " metadata");
        Object v = d.decodeAt(0);
        if (!(v instanceof Map<?, ?> m)) {
            throw new MmdbFormatException(name + ": metadata is not a map");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) m;
        long nodes = number(raw, "node_count", 1, 0xffffffffL);
        int record = (int) number(raw, "record_size", 24, 32);
        if (record != 24 && record != 28 && record != 32) {
            throw new MmdbFormatException(name + ": metadata record_size " + record + " (must be 24, 28 or 32)");
        }
        int ip = (int) number(raw, "ip_version", 4, 6);
        if (ip != 4 && ip != 6) {
            throw new MmdbFormatException(name + ": metadata ip_version " + ip + " (must be 4 or 6)");
        }
        int major = (int) number(raw, "binary_format_major_version", 0, 0xffff);
        if (major != 2) {
            throw new MmdbFormatException(name + ": binary format version " + major + " (this reader reads 2)");
        }
        int minor = (int) number(raw, "binary_format_minor_version", 0, 0xffff);
        if (!(raw.get("database_type") instanceof String type)) {
            throw new MmdbFormatException(name + ": metadata has no database_type string");
        }
        if (type.isBlank()) {
            throw new MmdbFormatException(name + ": metadata database_type is empty (expected the name of the"
                    + " database's type, e.g. GeoLite2-City)");
        }
        return new Metadata(
                type,
                ip,
                record,
                nodes,
                major,
                minor,
                epoch(raw.get("build_epoch")),
                languages(raw.get("languages")),
                descriptions(raw.get("description")),
                raw);
    }

    private long number(Map<String, Object> raw, String key, long min, long max) throws MmdbFormatException {
        Object v = raw.get(key);
        long n;
        if (v instanceof Integer i) {
            n = i;
        } else if (v instanceof Long l) {
            n = l;
        } else if (v instanceof BigInteger b && b.bitLength() < 63) {
            n = b.longValue();
        } else {
            throw new MmdbFormatException(name + ": metadata " + key + " is missing or not a number: " + v);
        }
        if (n < min || n > max) {
            throw new MmdbFormatException(
                    name + ": metadata " + key + " = " + n + " (allowed " + min + ".." + max + ")");
        }
        return n;
    }

    private Instant epoch(Object v) throws MmdbFormatException {
        BigInteger b = switch (v) {
            case Long l -> BigInteger.valueOf(l);
            case Integer i -> BigInteger.valueOf(i);
            case BigInteger x -> x;
            case null, default -> null;
        };
        if (b == null || b.signum() < 0) {
            throw new MmdbFormatException(name + ": metadata build_epoch is " + shown(v)
                    + " (expected an unsigned integer: seconds since 1970-01-01 UTC)");
        }
        BigInteger max = BigInteger.valueOf(Instant.MAX.getEpochSecond());
        return b.compareTo(max) > 0 ? Instant.MAX : Instant.ofEpochSecond(b.longValue());
    }

    /** A metadata value for messages: strings quoted ({@link Decoder#quoted}). */
    private static String shown(Object v) {
        return v == null ? "missing" : v instanceof String str ? Decoder.quoted(str) : String.valueOf(v);
    }

    private List<String> languages(Object v) throws MmdbFormatException {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out; // optional
        }
        if (!(v instanceof List<?> l)) {
            throw new MmdbFormatException(name + ": metadata languages is " + shown(v)
                    + " (expected an array of language codes such as [\"en\", \"de\"])");
        }
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw new MmdbFormatException(name + ": metadata languages holds " + shown(o)
                        + " (expected an array of language codes such as [\"en\", \"de\"])");
            }
            out.add(s);
        }
        return out;
    }

    private static Map<String, String> descriptions(Object v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, d) -> {
                if (k instanceof String ks && d instanceof String ds) {
                    out.put(ks, ds);
                }
            });
        }
        return out;
    }
}
