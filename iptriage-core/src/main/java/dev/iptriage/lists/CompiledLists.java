package dev.iptriage.lists;

import dev.iptriage.text.UserDirs;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.zip.CRC32C;

/**
 * Lists read and compiled once and kept, keyed by content: a run with the same list files loads the lists (metadata,
 * entries, bad lines) and the index's partition from a cache file instead of parsing and sweeping again.
 *
 * <p>The key is a SHA-256 over {@link #FORMAT}, a caller's salt (the program's version), and each file's name and bytes
 * in the order given; the file is {@code <dir>/<key>.bin}, by default {@code $XDG_CACHE_HOME/iptriage/lists} (else
 * {@code ~/.cache/iptriage/lists}), beside the DNS cache. A miss reads the files with the caller's reader (whose
 * exceptions, such as {@link ListReader.NotAListException}, reach the caller and are never cached), compiles, and writes
 * the cache file atomically (a temporary file moved into place), owner-only where the file system has POSIX
 * permissions; at most {@value #KEEP} cache files are kept, none unused for {@link #MAX_AGE}. Any failure to write is
 * silent: the run goes on with what it compiled.
 *
 * <p>The cache file is untrusted: it must have the magic, this format, the key of its name, a size under {@value
 * #MAX_SIZE} bytes and a quarter of the heap (a larger one is not written either), a CRC-32C over its content that
 * matches, and decode into a well-formed partition of its lists
 * ({@link ListIndex#restore}); otherwise it is ignored, rebuilt and rewritten. Bump {@link #FORMAT} when the file layout
 * or what {@link ListReader} makes of a file changes.
 */
public final class CompiledLists {
    /** The cache file's layout and the reader's semantics; part of the key. */
    public static final int FORMAT = 2;

    /** Cache files kept, the newest by modification time (a hit renews it). */
    public static final int KEEP = 8;

    /** A cache file unused for this long is deleted. */
    public static final Duration MAX_AGE = Duration.ofDays(30);

    /** A larger cache file is ignored, and so is one over a quarter of the heap ({@link #limit()}). */
    public static final long MAX_SIZE = 1L << 30;

    private static final int MAGIC = 0x6970544C; // "ipTL"
    private static final String SUFFIX = ".bin";
    private static final Duration TEMP_AGE = Duration.ofHours(1);
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private CompiledLists() {}

    /** Reads one list file; a miss calls it for each file, in order. */
    @FunctionalInterface
    public interface Reader {
        /**
         * Reads a list.
         *
         * @param file the file as given
         * @return the list
         * @throws IOException when it cannot be read or is not a list
         */
        IpList read(Path file) throws IOException;
    }

    /**
     * A digest of the classes that make what is cached (the reader, the index and this class), part of every key: a
     * build whose reader reads a file differently never loads what an older build cached, even under the same
     * version number (development builds) and {@link #FORMAT}.
     */
    static final String READER = readerDigest();

    private static String readerDigest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Class<?> c : List.of(
                    ListReader.class,
                    JsonLists.class,
                    Header.class,
                    Entries.class,
                    LineReader.class,
                    ListEntry.class,
                    IpList.class,
                    ListFormat.class,
                    ListIndex.class,
                    CompiledLists.class)) {
                try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    if (in == null) {
                        return "unknown"; // no class files to read: the version and format decide alone
                    }
                    md.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unknown";
        }
    }

    /**
     * The lists and their index.
     *
     * @param lists the lists in the order of the files
     * @param index their index
     * @param cached whether they were loaded from the cache
     */
    public record Compiled(List<IpList> lists, ListIndex index, boolean cached) {}

    /**
     * The default cache folder, beside the DNS cache file (both by {@link UserDirs#cache}):
     * {@code $XDG_CACHE_HOME/iptriage/lists} when {@code XDG_CACHE_HOME} is set and absolute (a relative one is
     * ignored, as the XDG base directory specification says), else {@code <userHome>/.cache/iptriage/lists}.
     */
    public static Path defaultDir(Map<String, String> env, String userHome) {
        return UserDirs.cache(env, userHome).resolve("iptriage").resolve("lists");
    }

    /**
     * Loads the lists of {@code files} from the cache, or reads them with {@code reader}, compiles them and caches the
     * result.
     *
     * @param files the list files
     * @param dir the cache folder (created when missing); null for no cache
     * @param salt what else the key depends on, such as the program's version
     * @param clock the time for renewing and evicting cache files
     * @param reader reads one list on a miss
     * @return the lists and the index, the same whether from the cache or not
     * @throws IOException what {@code reader} throws
     */
    public static Compiled load(List<Path> files, Path dir, String salt, Clock clock, Reader reader)
            throws IOException {
        // only regular files: a pipe (--list <(zcat x.gz), /dev/stdin) can be read once, by the reader
        String key = dir == null || !files.stream().allMatch(Files::isRegularFile) ? null : keyOrNull(files, salt);
        if (key != null) {
            Path file = dir.resolve(key + SUFFIX);
            Compiled hit = readCache(file, key);
            if (hit != null) {
                touch(file, clock);
                return hit;
            }
        }
        List<IpList> lists = new ArrayList<>(files.size());
        for (Path f : files) {
            lists.add(reader.read(f));
        }
        Compiled fresh = new Compiled(List.copyOf(lists), ListIndex.of(lists), false);
        // a file changed while it was read must not be cached under the key of its old content
        if (key != null && key.equals(keyOrNull(files, salt))) {
            store(dir, key, fresh, clock);
        }
        return fresh;
    }

    /** The largest cache file read: {@link #MAX_SIZE}, and a quarter of the heap, so reading one cannot exhaust it. */
    static long limit() {
        return Math.min(MAX_SIZE, Runtime.getRuntime().maxMemory() / 4);
    }

    /** The content key of the files, or null when one cannot be read (the reader then says why). */
    static String keyOrNull(List<Path> files, String salt) {
        try {
            return key(files, salt);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The content key: SHA-256 in hex over the format, the salt, the reader's own code ({@link #READER}), and each
     * file's name (not its folder) and bytes.
     *
     * @throws IOException when a file cannot be read
     */
    public static String key(List<Path> files, String salt) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        ByteBuffer head = ByteBuffer.allocate(16);
        md.update("iptriage compiled lists\n".getBytes(StandardCharsets.US_ASCII));
        md.update(head.clear().putInt(FORMAT).putInt(files.size()).flip());
        updateString(md, salt);
        updateString(md, READER);
        byte[] buffer = new byte[1 << 16];
        for (Path f : files) {
            Path name = f.getFileName();
            updateString(md, name == null ? f.toString() : name.toString());
            long size = 0;
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                    size += n;
                }
            }
            md.update(head.clear().putLong(size).flip());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void updateString(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).flip());
        md.update(b);
    }

    // ---- reading

    /** The cached lists, or null when the file is missing, unreadable, damaged or not of this format and key. */
    static Compiled readCache(Path file, String key) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > limit()) {
                return null;
            }
            byte[] b = Files.readAllBytes(file);
            if (b.length < 12 + 32 + 4) {
                return null;
            }
            CRC32C crc = new CRC32C();
            crc.update(b, 0, b.length - 4);
            ByteBuffer buf = ByteBuffer.wrap(b).asReadOnlyBuffer();
            if ((int) crc.getValue() != buf.getInt(b.length - 4)) {
                return null;
            }
            buf.limit(b.length - 4);
            if (buf.getInt() != MAGIC || buf.getInt() != FORMAT) {
                return null;
            }
            byte[] k = new byte[32];
            buf.get(k);
            if (!HexFormat.of().formatHex(k).equals(key)) {
                return null;
            }
            return decode(buf);
        } catch (IOException | RuntimeException e) {
            return null; // damaged: rebuilt
        }
    }

    private static Compiled decode(ByteBuffer buf) {
        int listCount = count(buf, 1);
        List<IpList> lists = new ArrayList<>(listCount);
        for (int i = 0; i < listCount; i++) {
            String name = string(buf);
            ListFormat format = ListFormat.valueOf(string(buf));
            String title = string(buf);
            String source = string(buf);
            String date = string(buf);
            String licence = string(buf);
            String maintainer = string(buf);
            Map<String, String> facts = facts(buf);
            List<ListEntry> entries = entries(buf);
            int problemCount = count(buf, 8);
            List<ListProblem> problems = new ArrayList<>(problemCount);
            for (int p = 0; p < problemCount; p++) {
                int line = buf.getInt();
                problems.add(new ListProblem(line, string(buf)));
            }
            long allProblems = buf.getLong();
            lists.add(new IpList(
                    name, format, title, source, date, licence, maintainer, facts, entries, problems, allProblems));
        }
        int[] v4Start = ints(buf);
        int[] v4Answer = ints(buf);
        long[] v6Hi = longs(buf);
        long[] v6Lo = longs(buf);
        int[] v6Answer = ints(buf);
        int[] answerStart = ints(buf);
        int[] answerIds = ints(buf);
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException("bytes after the end");
        }
        ListIndex index = ListIndex.restore(
                lists, new ListIndex.Parts(v4Start, v4Answer, v6Hi, v6Lo, v6Answer, answerStart, answerIds));
        return new Compiled(List.copyOf(lists), index, true);
    }

    /** A list's entries, stored as columns ({@link #writeEntries}), kept packed. */
    private static List<ListEntry> entries(ByteBuffer buf) {
        int n = count(buf, 1);
        byte[] families = new byte[n];
        buf.get(families);
        boolean[] v4 = new boolean[n];
        boolean ok = true;
        for (int i = 0; i < n; i++) { // no method call per entry: this runs at start-up, interpreted
            ok &= families[i] == 4 || families[i] == 6;
            v4[i] = families[i] == 4;
        }
        if (!ok) {
            throw new IllegalArgumentException("a bad address family");
        }
        long[] firstHi = longs(buf, n);
        long[] firstLo = longs(buf, n);
        long[] lastHi = longs(buf, n);
        long[] lastLo = longs(buf, n);
        int[] lines = ints(buf);
        @SuppressWarnings("unchecked") // an array of a generic type: filled with Map<String, String> only
        Map<String, String>[] facts = (Map<String, String>[]) new Map<?, ?>[n];
        int withFacts = count(buf, 12);
        int previous = -1;
        for (int k = 0; k < withFacts; k++) {
            int i = buf.getInt();
            if (i <= previous || i >= n) {
                throw new IllegalArgumentException("an entry's facts out of order");
            }
            previous = i;
            facts[i] = facts(buf);
        }
        return new PackedEntries(v4, firstHi, firstLo, lastHi, lastLo, lines, facts);
    }

    private static long[] longs(ByteBuffer buf, int n) {
        long[] a = longs(buf);
        if (a.length != n) {
            throw new IllegalArgumentException("entry columns of several lengths");
        }
        return a;
    }

    /** A count of things of at least {@code min} bytes each, checked against what is left. */
    private static int count(ByteBuffer buf, int min) {
        int n = buf.getInt();
        if (n < 0 || (long) n * min > buf.remaining()) {
            throw new IllegalArgumentException("a count beyond the file: " + n);
        }
        return n;
    }

    private static String string(ByteBuffer buf) {
        int n = buf.getInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > buf.remaining()) {
            throw new IllegalArgumentException("a string beyond the file");
        }
        byte[] b = new byte[n];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Map<String, String> facts(ByteBuffer buf) {
        int n = count(buf, 8);
        if (n == 0) {
            return Map.of();
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String k = string(buf);
            String v = string(buf);
            if (k == null || v == null || m.put(k, v) != null) {
                throw new IllegalArgumentException("a bad fact");
            }
        }
        return m;
    }

    private static int[] ints(ByteBuffer buf) {
        int[] a = new int[count(buf, 4)];
        buf.asIntBuffer().get(a);
        buf.position(buf.position() + 4 * a.length);
        return a;
    }

    private static long[] longs(ByteBuffer buf) {
        long[] a = new long[count(buf, 8)];
        buf.asLongBuffer().get(a);
        buf.position(buf.position() + 8 * a.length);
        return a;
    }

    // ---- writing

    /** Writes the cache file and evicts old ones; silent on failure. */
    static void store(Path dir, String key, Compiled c, Clock clock) {
        Path temp = null;
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
                } else {
                    Files.createDirectories(dir);
                }
            }
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                    : new FileAttribute<?>[0];
            temp = Files.createTempFile(dir, "." + key + ".", ".tmp", attributes);
            try (OutputStream os = Files.newOutputStream(temp)) {
                write(os, key, c);
            }
            if (Files.size(temp) > limit()) {
                return; // it would not be read: not worth keeping (the temporary file is deleted below)
            }
            Path target = dir.resolve(key + SUFFIX);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            touch(target, clock);
            evict(dir, clock);
        } catch (IOException | RuntimeException e) {
            // an unwritable cache folder: the run goes on with what it compiled
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // left for the next eviction
                }
            }
        }
    }

    /** Writes the cache file's bytes: header, lists, partition, CRC-32C of all before it. */
    static void write(OutputStream os, String key, Compiled c) throws IOException {
        CRC32C crc = new CRC32C();
        OutputStream summed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                crc.update(b);
                os.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                crc.update(b, off, len);
                os.write(b, off, len);
            }
        };
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(summed, 1 << 16));
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.write(HexFormat.of().parseHex(key));
        out.writeInt(c.lists().size());
        for (IpList l : c.lists()) {
            string(out, l.name());
            string(out, l.format().name());
            string(out, l.title());
            string(out, l.source());
            string(out, l.date());
            string(out, l.licence());
            string(out, l.maintainer());
            facts(out, l.facts());
            writeEntries(out, l.entries());
            out.writeInt(l.problems().size());
            for (ListProblem p : l.problems()) {
                out.writeInt(p.line());
                string(out, p.message());
            }
            out.writeLong(l.problemCount());
        }
        ListIndex.Parts parts = c.index().parts();
        ints(out, parts.v4Start());
        ints(out, parts.v4Answer());
        longs(out, parts.v6StartHi());
        longs(out, parts.v6StartLo());
        ints(out, parts.v6Answer());
        ints(out, parts.answerStart());
        ints(out, parts.answerIds());
        out.flush();
        new DataOutputStream(os).writeInt((int) crc.getValue());
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void facts(DataOutputStream out, Map<String, String> facts) throws IOException {
        out.writeInt(facts.size());
        for (Map.Entry<String, String> f : new TreeMap<>(facts).entrySet()) { // sorted: the same bytes every time
            string(out, f.getKey());
            string(out, f.getValue());
        }
    }

    /**
     * A list's entries as columns, read back by {@link #entries(ByteBuffer)} in bulk: the count, each entry's family
     * (4 or 6), the first addresses' high and low 64 bits, the last addresses', the lines, then the entries that have
     * facts (index and facts).
     */
    private static void writeEntries(DataOutputStream out, List<ListEntry> entries) throws IOException {
        int n = entries.size();
        out.writeInt(n);
        for (ListEntry e : entries) {
            out.writeByte(e.first().isV4() ? 4 : 6);
        }
        List<ToLongFunction<ListEntry>> columns = List.of(
                e -> e.first().hi(),
                e -> e.first().lo(),
                e -> e.last().hi(),
                e -> e.last().lo());
        for (ToLongFunction<ListEntry> c : columns) {
            out.writeInt(n);
            for (ListEntry e : entries) {
                out.writeLong(c.applyAsLong(e));
            }
        }
        out.writeInt(n);
        for (ListEntry e : entries) {
            out.writeInt(e.line());
        }
        out.writeInt((int) entries.stream().filter(e -> !e.facts().isEmpty()).count());
        for (int i = 0; i < n; i++) {
            if (!entries.get(i).facts().isEmpty()) {
                out.writeInt(i);
                facts(out, entries.get(i).facts());
            }
        }
    }

    private static void ints(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int x : a) {
            out.writeInt(x);
        }
    }

    private static void longs(DataOutputStream out, long[] a) throws IOException {
        out.writeInt(a.length);
        for (long x : a) {
            out.writeLong(x);
        }
    }

    // ---- bounds

    private static void touch(Path file, Clock clock) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        } catch (IOException | RuntimeException e) {
            // a read-only cache still serves
        }
    }

    /**
     * Deletes cache files beyond the {@value #KEEP} newest or unused for {@link #MAX_AGE}, and temporary files left by
     * a run that died (older than an hour).
     */
    static void evict(Path dir, Clock clock) throws IOException {
        Instant now = clock.instant();
        record Found(Path file, Instant modified) {}
        List<Found> caches = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                boolean cache = n.endsWith(SUFFIX) && !n.startsWith(".");
                boolean temp = n.startsWith(".") && n.endsWith(".tmp");
                if ((!cache && !temp) || !Files.isRegularFile(p)) {
                    continue;
                }
                Instant modified = Files.getLastModifiedTime(p).toInstant();
                if (temp) {
                    if (modified.isBefore(now.minus(TEMP_AGE))) {
                        Files.deleteIfExists(p);
                    }
                } else {
                    caches.add(new Found(p, modified));
                }
            }
        }
        caches.sort(Comparator.comparing(Found::modified).reversed());
        for (int i = 0; i < caches.size(); i++) {
            Found f = caches.get(i);
            if (i >= KEEP || f.modified().isBefore(now.minus(MAX_AGE))) {
                Files.deleteIfExists(f.file());
            }
        }
    }

    /** For tests: the cache file of a key. */
    static Path file(Path dir, String key) {
        return dir.resolve(key + SUFFIX);
    }
}
