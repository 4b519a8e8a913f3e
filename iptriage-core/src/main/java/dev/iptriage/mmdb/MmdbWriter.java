package dev.iptriage.mmdb;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a MaxMind DB ({@code .mmdb}, format 2.0) file from networks and values, for test fixtures,
 * custom databases and the embedded default database. Files it writes are readable by every MMDB
 * reader.
 *
 * <p><b>Overlaps: last insert wins.</b> Each {@link #insert} (or {@link #insertRange}, {@link
 * #remove}) applies to every address it covers, replacing whatever an earlier call stored there;
 * addresses outside it keep their values. So insert broad networks first and exceptions after.
 *
 * <p><b>Size.</b> Equal values (deep equality; {@code byte[]} by content) are stored once; inside
 * values, repeated strings, maps and arrays become pointers where a pointer is shorter. Adjacent
 * networks that end up with equal data (or no data) merge into one tree record, so 256 adjacent
 * {@code /24}s with one value cost what one {@code /16} does. The tree lives in primitive arrays
 * (8 bytes per node) and merges as it goes, so millions of inserts take seconds. With {@link
 * Builder#shareSubtrees} (the default), structurally identical subtrees (the same records all the
 * way down, the same data) are written once and every record that leads to one points at that
 * copy, so repeated patterns (say, the same run of /24 countries in many /16s) cost one subtree. The
 * file then has a search tree that is a DAG rather than a tree, which the format allows and every
 * MMDB reader follows (the IPv4 aliases already share a subtree); lookups answer exactly as without
 * sharing.
 *
 * <p><b>IPv4 in an IPv6 database.</b> IPv4 networks live at {@code ::/96}. With {@link
 * Builder#aliasIpv4InIpv6} (the default) the IPv4-mapped {@code ::ffff:0:0/96} and the 6to4
 * {@code 2002::/16} networks point at that IPv4 subtree, as in MaxMind's databases; inserting inside
 * them is refused, while a broader insert covering them leaves the alias in place. Teredo ({@code
 * 2001::/32}) is not aliased: its bits 32-63 hold the Teredo server's address, not the client's, so
 * (as the spec says) it cannot be mapped in the tree.
 *
 * <p><b>Values.</b> {@code String} is stored as utf8_string, {@code Double} double, {@code Float}
 * float, {@code Boolean} boolean, {@code byte[]} bytes, {@code Map<String,?>} map (iteration order
 * kept), {@code List<?>} array, {@code Integer} int32, {@code Long} uint32 when below 2<sup>32</sup>
 * and uint64 above (negative refused), {@code BigInteger} always uint128 (so a field keeps one type);
 * {@link Uint16}, {@link Uint32}, {@link Int32}, {@link Uint64} and {@link Uint128} choose a type
 * explicitly. Anything else, {@code null}, non-string map keys and sizes beyond the format's limits
 * raise {@link IllegalArgumentException}. Values are copied at insert time.
 *
 * <p>Output is deterministic: the same calls with the same {@link Builder#buildEpoch} give the same
 * bytes. Instances are not thread-safe. Entry point: {@link #builder()}.
 */
public final class MmdbWriter {
    private static final byte[] METADATA_MARKER = {
        (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
    };
    private static final int MAX_METADATA = 128 * 1024 - METADATA_MARKER.length;
    private static final byte[] SEPARATOR = new byte[16];

    private final DatabaseInfo info;
    private final int ipVersion;
    private final boolean alias;
    private final boolean share;
    private final SearchTree tree;
    private final Map<Datum, Integer> valueIds = new HashMap<>();
    private final List<Datum> values = new ArrayList<>();

    private MmdbWriter(Builder b) {
        long epoch = b.buildEpoch == null ? Instant.now().getEpochSecond() : b.buildEpoch;
        this.info = new DatabaseInfo(b.databaseType, b.ipVersion, b.recordSize, b.languages, b.description, epoch);
        this.ipVersion = b.ipVersion;
        this.alias = b.alias && ipVersion == 6;
        this.share = b.share;
        this.tree = new SearchTree(ipVersion == 6 ? 128 : 32);
    }

    /** A builder; {@link Builder#databaseType} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stores {@code value} for the network {@code address/prefixLength}; last insert wins where
     * networks overlap. Bits of {@code address} beyond the prefix are ignored.
     *
     * @param address 4 bytes (IPv4; placed at {@code ::/96} in an IPv6 database) or 16 bytes (IPv6,
     *     only in an IPv6 database)
     * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
     * @param value see the class documentation for the allowed types
     * @throws IllegalArgumentException for a bad network, a network inside an alias, or a value
     *     that cannot be stored
     */
    public void insert(byte[] address, int prefixLength, Object value) {
        Datum datum = Datum.of(value);
        byte[] key = treeAddress(address, prefixLength);
        int prefix = treePrefix(address, prefixLength);
        checkNotAliased(key, prefix);
        tree.set(key, prefix, SearchTree.leaf(intern(datum)));
    }

    /**
     * Stores {@code value} for every address from {@code first} to {@code last} inclusive, as the
     * fewest CIDR networks that cover exactly that range; last insert wins as for {@link #insert}. A
     * range may cover an IPv4 alias network whole (the alias stays), but not in part.
     *
     * @throws IllegalArgumentException if the addresses differ in length, {@code first > last}, or
     *     the range covers part of an alias network
     */
    public void insertRange(byte[] first, byte[] last, Object value) {
        Datum datum = Datum.of(value);
        if (alias && first.length == 16 && last.length == 16) {
            Ipv4Aliases.checkRange(first, last);
        }
        int leaf = SearchTree.leaf(intern(datum));
        CidrSplitter.split(first, last, (address, prefix) -> {
            byte[] key = treeAddress(address, prefix);
            int treePrefix = treePrefix(address, prefix);
            if (!alias || !Ipv4Aliases.inside(key, treePrefix)) {
                tree.set(key, treePrefix, leaf);
            }
        });
    }

    /** Removes the data for a network (its addresses then have none), overriding earlier inserts. */
    public void remove(byte[] address, int prefixLength) {
        byte[] key = treeAddress(address, prefixLength);
        int prefix = treePrefix(address, prefixLength);
        checkNotAliased(key, prefix);
        tree.set(key, prefix, SearchTree.EMPTY);
    }

    /**
     * Writes the database to {@code out} (buffered; flushed, not closed). The writer stays usable:
     * more inserts and writes may follow.
     *
     * @throws IllegalStateException if the chosen record size cannot address the tree and data
     */
    public void write(OutputStream out) throws IOException {
        int[] aliases = applyAliases();
        try {
            writeDatabase(out);
        } finally {
            removeAliases(aliases);
        }
    }

    /**
     * Writes the database to {@code file} atomically: into a temporary file in the same directory,
     * then renamed over {@code file}, so readers never see a partial file.
     *
     * @throws IllegalStateException as {@link #write(OutputStream)}
     */
    public void write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The number of search tree nodes the database would have if written now. */
    public long nodeCount() {
        int[] aliases = applyAliases();
        try {
            return TreeLayout.of(tree, values.size(), share).nodeCount();
        } finally {
            removeAliases(aliases);
        }
    }

    private void writeDatabase(OutputStream out) throws IOException {
        TreeLayout layout = TreeLayout.of(tree, values.size(), share);
        DataEncoder data = new DataEncoder(true);
        int[] offsets = new int[values.size()];
        long maxOffset = -1;
        for (int id : layout.valueIds()) {
            offsets[id] = data.encodeRecord(values.get(id));
            maxOffset = Math.max(maxOffset, offsets[id]);
        }
        int size = info.chooseRecordSize(layout.nodeCount(), maxOffset);
        DataEncoder metadata = new DataEncoder(false);
        metadata.encode(info.metadata(layout.nodeCount(), size));
        if (metadata.size() > MAX_METADATA) {
            throw new IllegalStateException("metadata of " + metadata.size() + " bytes exceeds 128 KiB");
        }
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        layout.write(buffered, size, offsets);
        buffered.write(SEPARATOR);
        data.writeTo(buffered);
        buffered.write(METADATA_MARKER);
        metadata.writeTo(buffered);
        buffered.flush();
    }

    private int intern(Datum datum) {
        Integer id = valueIds.get(datum);
        if (id == null) {
            id = values.size();
            valueIds.put(datum, id);
            values.add(datum);
        }
        return id;
    }

    private byte[] treeAddress(byte[] address, int prefixLength) {
        Objects.requireNonNull(address, "address");
        if (address.length == 4 && (prefixLength < 0 || prefixLength > 32)) {
            throw new IllegalArgumentException("IPv4 prefix length " + prefixLength + " is not in 0..32");
        } else if (address.length == 16 && (prefixLength < 0 || prefixLength > 128)) {
            throw new IllegalArgumentException("IPv6 prefix length " + prefixLength + " is not in 0..128");
        } else if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address of " + address.length + " bytes (need 4 or 16)");
        } else if (address.length == 16 && ipVersion == 4) {
            throw new IllegalArgumentException("IPv6 network in an IPv4 database (ipVersion(6) allows both)");
        }
        if (address.length == 4 && ipVersion == 6) {
            byte[] mapped = new byte[16];
            System.arraycopy(address, 0, mapped, 12, 4);
            return mapped;
        }
        return address;
    }

    private int treePrefix(byte[] address, int prefixLength) {
        return address.length == 4 && ipVersion == 6 ? prefixLength + 96 : prefixLength;
    }

    private void checkNotAliased(byte[] key, int prefix) {
        if (alias) {
            Ipv4Aliases.check(key, prefix);
        }
    }

    /** Puts the IPv4 aliases into the tree for writing; null if there are none. */
    private int[] applyAliases() {
        return alias ? Ipv4Aliases.apply(tree) : null;
    }

    private void removeAliases(int[] aliases) {
        if (aliases != null) {
            Ipv4Aliases.remove(tree, aliases);
        }
    }

    /** An unsigned 16-bit integer (uint16), 0..65535. */
    public record Uint16(int value) {
        /**
         * Checks the range.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Uint16 {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("uint16 out of range: " + value);
            }
        }
    }

    /** An unsigned 32-bit integer (uint32), 0..2<sup>32</sup>-1. */
    public record Uint32(long value) {
        /**
         * Checks the range.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Uint32 {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("uint32 out of range: " + value);
            }
        }
    }

    /** A signed 32-bit integer (int32); the same as passing an {@code Integer}. */
    public record Int32(int value) {}

    /** An unsigned 64-bit integer (uint64), 0..2<sup>64</sup>-1. */
    public record Uint64(BigInteger value) {
        /**
         * Checks the range.
         *
         * @throws IllegalArgumentException if null or out of range
         */
        public Uint64 {
            Datum.checkRange(value, Datum.UINT64_LIMIT, "uint64");
        }
    }

    /** An unsigned 128-bit integer (uint128), 0..2<sup>128</sup>-1. */
    public record Uint128(BigInteger value) {
        /**
         * Checks the range.
         *
         * @throws IllegalArgumentException if null or out of range
         */
        public Uint128 {
            Datum.checkRange(value, Datum.UINT128_LIMIT, "uint128");
        }
    }

    /** Settings for a {@link MmdbWriter}; {@link #databaseType} is required. */
    public static final class Builder {
        private String databaseType;
        private int ipVersion = 6;
        private int recordSize;
        private List<String> languages = List.of();
        private final Map<String, String> description = new LinkedHashMap<>();
        private Long buildEpoch;
        private boolean alias = true;
        private boolean share = true;

        private Builder() {}

        /** The {@code database_type} metadata, naming the record schema (required, not blank). */
        public Builder databaseType(String type) {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("database type must not be blank");
            }
            this.databaseType = type;
            return this;
        }

        /** 6 (default; holds IPv4 too) or 4 (IPv4 only; smaller tree walk). */
        public Builder ipVersion(int v) {
            if (v != 4 && v != 6) {
                throw new IllegalArgumentException("IP version " + v + " (need 4 or 6)");
            }
            this.ipVersion = v;
            return this;
        }

        /** 24, 28 or 32 bits per record; by default the smallest that addresses the tree and data. */
        public Builder recordSize(int bits) {
            if (bits != 24 && bits != 28 && bits != 32) {
                throw new IllegalArgumentException("record size " + bits + " (need 24, 28 or 32)");
            }
            this.recordSize = bits;
            return this;
        }

        /** The locale codes records are localized to ({@code languages} metadata); default none. */
        public Builder languages(List<String> langs) {
            this.languages = List.copyOf(langs);
            return this;
        }

        /** Adds (or replaces) the description in one language, e.g. {@code ("en", "...")}. */
        public Builder description(String lang, String text) {
            description.put(Objects.requireNonNull(lang, "lang"), Objects.requireNonNull(text, "text"));
            return this;
        }

        /** The build time in Unix seconds; default: when {@link #build} runs. Pin it for reproducible files. */
        public Builder buildEpoch(long epochSeconds) {
            if (epochSeconds < 0) {
                throw new IllegalArgumentException("build epoch " + epochSeconds + " is negative");
            }
            this.buildEpoch = epochSeconds;
            return this;
        }

        /**
         * Whether {@code ::ffff:0:0/96} and {@code 2002::/16} point at the IPv4 subtree (default
         * true; ignored for IPv4 databases). See the {@link MmdbWriter} class documentation.
         */
        public Builder aliasIpv4InIpv6(boolean alias) {
            this.alias = alias;
            return this;
        }

        /**
         * Whether structurally identical subtrees of the search tree are written once (default
         * true): nodes are numbered at write time so that equal subtrees (same records recursively,
         * same data) share one copy, which shrinks files with repeated structure a lot. Lookups give
         * the same answers either way; false writes one node per tree node, as a plain trie. See the
         * {@link MmdbWriter} class documentation.
         */
        public Builder shareSubtrees(boolean share) {
            this.share = share;
            return this;
        }

        /**
         * A new, empty writer with these settings.
         *
         * @throws IllegalStateException if no database type was set
         */
        public MmdbWriter build() {
            if (databaseType == null) {
                throw new IllegalStateException("databaseType(...) is required");
            }
            return new MmdbWriter(this);
        }
    }
}
