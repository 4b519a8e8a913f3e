package dev.iptriage.spark;

import dev.iptriage.databases.BuiltinDatabases;
import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.apache.spark.network.util.JavaUtils;

/**
 * The databases of this JVM (a driver or an executor), opened once and shared by its task threads:
 * memory-mapped files, keyed by the SHA-256 of their content, so every task that names the same data
 * uses the same open readers, and a task that expected other data (another executor's file under the
 * same name) fails with both hashes instead of silently mixing answers.
 *
 * <p>A spec ({@value #CONFIG}) is a comma-separated list of entries, in order of precedence (as
 * {@code --db}): {@code builtin} (the embedded country + ASN data, nothing to ship), the name of a
 * file shipped with {@code --files}, {@code SparkContext.addFile} or {@code addArtifacts(..., file=True)}
 * (found with {@code SparkFiles.get} by its file name, so the path given to {@code --files} also
 * works), else a path that exists on the node. Empty or unset: {@code builtin}.
 */
public final class IptriageDatabases {
    /** The Spark configuration key naming the databases. */
    public static final String CONFIG = "spark.iptriage.databases";

    /**
     * The Spark configuration key for the memory each executor JVM gives to answers of repeated
     * values, all column lists together (e.g. {@code 64m}, the default; {@code 0}: no cache).
     */
    public static final String CACHE = "spark.iptriage.cache";

    /** The cache's default size. */
    static final String CACHE_DEFAULT = "64m";

    /** The entry that names the embedded data. */
    public static final String BUILTIN = BuiltinDatabases.NAME;

    private static final String BUILTIN_DIR = "/dev/iptriage/defaultdb/";
    private static final String[] BUILTIN_FILES = {"iptriage-country.mmdb", "iptriage-asn.mmdb"};

    /**
     * Open database sets by their content key (the hashes in order): files with the same content share one set of
     * readers, whatever their paths; what is shown of them (names, paths, error texts) is the files' of the spec in
     * use ({@link Opened}).
     */
    private static final Map<String, Shared> OPEN = new ConcurrentHashMap<>();

    /**
     * The content key opened last from each list of files on this JVM (the files a spec resolved to,
     * not its text: two Connect sessions ship the same file name into folders of their own), guarded
     * by itself. When the files change, their old set is dropped unless other files still hold that
     * content.
     */
    private static final Map<List<String>, String> CURRENT = new HashMap<>();

    /**
     * Sets that failed to open, by content key: a retry on this JVM fails at once with the same message (naming the
     * files of the retry: a copy of a damaged file at another path is named as itself). The {@value #FAILED_KEPT} met
     * last are kept (a long-lived executor shown damaged file after damaged file does not keep them all), guarded by
     * itself.
     */
    private static final Map<String, Failure> FAILED = new LinkedHashMap<>(16, 0.75f, true) {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
            return size() > FAILED_KEPT;
        }
    };

    static final int FAILED_KEPT = 64;

    /** File hashes by path, size and modification time: a file is read to hash it once. */
    private static final Map<FileKey, String> HASHES = new ConcurrentHashMap<>();

    private static volatile String builtinHash;

    private IptriageDatabases() {}

    /** The size {@value #CACHE} gives ({@code 64m}, {@code 1g}, {@code 0}, bytes without a unit). */
    static long cacheBytes(String value) {
        try {
            long n = JavaUtils.byteStringAsBytes(value.strip());
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IptriageException("iptriage: " + CACHE + "=" + value
                    + " is not a size: give bytes, or a number with k, m or g (e.g. 64m), or 0 for no cache");
        }
    }

    /** A file as its hash is kept: path, size, time and the file system's own key (the inode), when it has one. */
    private record FileKey(Path path, long size, Instant modified, Object fileKey) {
        static FileKey of(Path p) throws IOException {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new FileKey(
                    p.toAbsolutePath(), a.size(), a.lastModifiedTime().toInstant(), a.fileKey());
        }

        /** Whether the file is gone or is no longer this size, time and inode. */
        boolean stale() {
            try {
                return !equals(of(path));
            } catch (IOException gone) {
                return true;
            }
        }
    }

    /**
     * One entry of a spec as found on this JVM.
     *
     * @param name the entry as written
     * @param path the file, or null for the embedded data
     * @param sha256 the content hash (hex)
     */
    record Source(String name, Path path, String sha256) {}

    /**
     * What one open database is, as {@code iptriage_databases()} shows it.
     *
     * @param name the spec entry it came from
     * @param type the database type of its metadata (e.g. {@code GeoLite2-City})
     * @param buildDate its build time (ISO-8601, UTC)
     * @param sha256 the SHA-256 of the file (for {@code builtin}: of both embedded files together)
     * @param origin the file path on this JVM, or {@code builtin:FILE}
     */
    public record Info(String name, String type, String buildDate, String sha256, String origin)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The spec in effect: the value given, else {@code builtin}. */
    static String normalise(String spec) {
        if (spec == null || spec.isBlank()) {
            return BUILTIN;
        }
        List<String> parts = new ArrayList<>();
        for (String p : spec.split(",")) {
            if (!p.isBlank()) {
                parts.add(p.strip());
            }
        }
        return parts.isEmpty() ? BUILTIN : String.join(",", parts);
    }

    /**
     * Finds the entries of {@code spec} on this JVM and hashes them.
     *
     * @throws IptriageException when an entry is no shipped file and no existing path
     */
    static List<Source> resolve(String spec) {
        List<Source> out = new ArrayList<>();
        for (String name : normalise(spec).split(",")) {
            if (name.equalsIgnoreCase(BUILTIN)) {
                out.add(new Source(BUILTIN, null, builtinHash()));
                continue;
            }
            Path p = locate(name);
            out.add(new Source(name, p, hash(p)));
        }
        return out;
    }

    private static Path locate(String name) {
        String shipped = null;
        try {
            // shipped files are found by their file name: --files /data/City.mmdb with the entry /data/City.mmdb
            Path fileName = Path.of(name).getFileName();
            shipped = fileName == null ? null : SparkFiles.get(fileName.toString());
        } catch (RuntimeException noSparkEnv) {
            // outside Spark (no SparkEnv): only a path
        }
        if (shipped != null && Files.isRegularFile(Path.of(shipped))) {
            return Path.of(shipped);
        }
        Path p = Path.of(name);
        if (Files.isRegularFile(p)) {
            return p;
        }
        throw new IptriageException("iptriage: database '" + name + "' (" + CONFIG + ") is neither a file shipped"
                + " with --files/addFile (looked at " + shipped + ") nor a file on this node (looked at "
                + p.toAbsolutePath() + ")");
    }

    /**
     * The databases of {@code spec}, opened on this JVM once and shared.
     *
     * @param expected the content hashes the caller (the driver) saw, in order, or null to accept any
     * @throws IptriageException when an entry is missing, its content differs from {@code expected},
     *     or a file is not a valid database (the message names the file and what is wrong)
     */
    static Opened open(String spec, List<String> expected) {
        return open(resolve(spec), spec, expected);
    }

    /** The same for the entries {@code spec} resolved to on this JVM (a seam for tests). */
    static Opened open(List<Source> sources, String spec, List<String> expected) {
        List<String> hashes = sources.stream().map(Source::sha256).toList();
        if (expected != null && !expected.equals(hashes)) {
            throw new IptriageException("iptriage: the databases of " + CONFIG + "=" + normalise(spec)
                    + " differ on this node from the driver's: here " + describe(sources) + ", on the driver "
                    + expected + "; ship the same files to every node");
        }
        String key = String.join(",", hashes);
        Failure failed;
        synchronized (FAILED) {
            failed = FAILED.get(key);
        }
        if (failed != null) {
            throw failed.of(sources);
        }
        try {
            Shared opened = OPEN.computeIfAbsent(key, k -> openNow(sources));
            swap(sources, key, opened);
            return opened.view(sources);
        } catch (Damaged e) {
            // this content is damaged: every later attempt on this JVM fails at once, without reading it again;
            // a failure to read (too many open files, a failed map) is tried again next time
            Failure f = new Failure(sources, e);
            synchronized (FAILED) {
                Failure known = FAILED.putIfAbsent(key, f);
                if (known != null) {
                    throw known.of(sources);
                }
            }
            throw f.of(sources);
        }
    }

    /** The entries' names and paths: what a set shows of them (the same content may be other files). */
    private static List<String> labels(List<Source> sources) {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            out.add(s.name());
            out.add(s.path() == null ? BUILTIN : s.path().toString());
        }
        return out;
    }

    /**
     * {@code text} with the file {@code from} opened as, where it begins the text (as the reader's messages do), as
     * {@code to} is; else unchanged.
     */
    static String relabel(String text, List<Source> from, List<Source> to) {
        if (text == null) {
            return null;
        }
        String best = null;
        int which = -1;
        for (int i = 0; i < from.size(); i++) {
            Path p = from.get(i).path();
            if (p != null
                    && text.startsWith(p.toString())
                    && (best == null || p.toString().length() > best.length())) {
                best = p.toString();
                which = i;
            }
        }
        return which < 0 ? text : to.get(which).path() + text.substring(best.length());
    }

    /** The message of a damaged file. */
    private static String invalid(Source s, String reason) {
        return "iptriage: database '" + s.name() + "' (" + s.path() + ", sha256 " + s.sha256()
                + ") is not a valid .mmdb file: " + reason;
    }

    /**
     * A file of the set is damaged (its content will not open on this JVM): thrown by {@link #openNow}, made an
     * {@link IptriageException} by {@link #open} (never leaves this class).
     */
    private static final class Damaged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The entry that is damaged. */
        private final int index;

        Damaged(int index, Exception cause) {
            super(cause.getMessage(), cause);
            this.index = index;
        }
    }

    /** A damaged content as remembered: the files it was met in and the failure they gave. */
    private static final class Failure {
        private final List<Source> sources;
        private final int index;
        private final Throwable cause;
        private final IptriageException error;

        Failure(List<Source> sources, Damaged d) {
            this.sources = List.copyOf(sources);
            this.index = d.index;
            this.cause = d.getCause();
            this.error = new IptriageException(invalid(sources.get(index), cause.getMessage()), cause);
        }

        /** The failure as the files {@code now} meet it: the same exception when they are the same files. */
        IptriageException of(List<Source> now) {
            if (labels(now).equals(labels(sources))) {
                return error;
            }
            String reason = relabel(cause.getMessage(), sources, now);
            Throwable shown = cause instanceof MmdbFormatException ? new MmdbFormatException(reason) : cause;
            return new IptriageException(invalid(now.get(index), reason), shown);
        }
    }

    /**
     * Makes {@code opened} (content {@code key}) the set the files of {@code sources} hold from now on.
     * A set no files hold any more leaves the table of open sets and gives its caches' bytes back:
     * tasks that hold it finish with it (its files stay mapped until the last of them lets go and the
     * JVM collects it), later ones open the new content. So a long-lived executor (a Connect or Thrift
     * server) whose database files are replaced by newer ones does not keep every old set, nor starve
     * the new one's cache. Files that are gone (a finished session's folder) stop holding their set.
     */
    private static void swap(List<Source> sources, String key, Shared opened) {
        List<String> files = sources.stream()
                .map(s -> s.path() == null ? BUILTIN : s.path().toAbsolutePath().toString())
                .toList();
        synchronized (CURRENT) {
            if (key.equals(CURRENT.get(files))) {
                return; // the common case: nothing changed
            }
        }
        // outside the lock first: it may read a changed file whole to hash it; under the lock again, a stat
        // and a hash known by then, so no other thread makes newer content current in between
        boolean holds = stillHold(sources);
        List<Shared> dropped = new ArrayList<>();
        synchronized (CURRENT) {
            if (OPEN.get(key) != opened) {
                return; // another thread let this set go meanwhile (it opened newer content of these files)
            }
            List<String> before = new ArrayList<>();
            if (holds && stillHold(sources)) {
                String previous = CURRENT.put(files, key);
                if (previous != null) {
                    before.add(previous);
                }
            } else {
                // the files changed again meanwhile: the open that reads the newer content makes it current,
                // and this set stays open only while other files hold it (its caller still answers from it)
                before.add(key);
            }
            // files that are gone no longer hold a set
            for (var it = CURRENT.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().stream().anyMatch(f -> !f.equals(BUILTIN) && !Files.exists(Path.of(f)))) {
                    before.add(e.getValue());
                    it.remove();
                }
            }
            for (String k : before) {
                Shared old = OPEN.get(k);
                if (!CURRENT.containsValue(k) && old != null && OPEN.remove(k, old)) {
                    dropped.add(old);
                }
            }
        }
        dropped.forEach(Shared::release);
        // the hashes of files that are gone or have changed since (a finished session's folder, an old version)
        HASHES.keySet().removeIf(FileKey::stale);
    }

    /** How many file hashes this JVM remembers (for tests). */
    static int knownHashes() {
        return HASHES.size();
    }

    /** The contents this JVM remembers as damaged (a seam for tests). */
    static int knownFailures() {
        synchronized (FAILED) {
            return FAILED.size();
        }
    }

    /** Whether the files of {@code sources} still hold the content they were hashed with (a stat, or a hash once). */
    private static boolean stillHold(List<Source> sources) {
        for (Source s : sources) {
            try {
                if (s.path() != null && !hash(s.path()).equals(s.sha256())) {
                    return false;
                }
            } catch (IptriageException gone) {
                return false;
            }
        }
        return true;
    }

    /** Whether the set opened with these content hashes is still open on this JVM (for tests). */
    static boolean isOpen(List<String> hashes) {
        return OPEN.containsKey(String.join(",", hashes));
    }

    private static String describe(List<Source> sources) {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            out.add(s.name() + "=" + s.sha256());
        }
        return out.toString();
    }

    private static Shared openNow(List<Source> sources) {
        List<Database> dbs = new ArrayList<>();
        List<List<Database>> perSource = new ArrayList<>();
        try {
            for (int i = 0; i < sources.size(); i++) {
                Source s = sources.get(i);
                List<Database> these;
                if (s.path() == null) {
                    these = BuiltinDatabases.open();
                } else {
                    try {
                        these = List.of(openChecked(s));
                    } catch (IptriageException e) {
                        throw e;
                    } catch (MmdbFormatException | RuntimeException e) {
                        throw new Damaged(i, e);
                    } catch (IOException e) {
                        throw new IptriageException(
                                "iptriage: database '" + s.name() + "' (" + s.path() + ") cannot be read: " + e, e);
                    }
                }
                dbs.addAll(these);
                perSource.add(List.copyOf(these));
            }
            Engine engine = Engine.builder().databases(dbs).build();
            return new Shared(engine, perSource, sources);
        } catch (IOException e) {
            dbs.forEach(d -> d.reader().close());
            throw new IptriageException("iptriage: cannot open the databases: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            dbs.forEach(d -> d.reader().close());
            throw e;
        }
    }

    /**
     * Maps the file and reads the database from the mapped bytes after checking that they are the
     * content the spec was resolved with (and the driver holds this JVM to): a file replaced between
     * hashing and mapping is an error, never data other than the hash says.
     */
    static Database openChecked(Source s) throws IOException, MmdbFormatException {
        ByteBuffer map = MmdbReader.map(s.path());
        String mapped = sha256(map.duplicate());
        if (!mapped.equals(s.sha256())) {
            throw new IptriageException("iptriage: database '" + s.name() + "' (" + s.path()
                    + ") changed while it was being opened (sha256 " + s.sha256() + ", then " + mapped
                    + "): replace database files by renaming a complete file over them, then run again");
        }
        return Database.open(s.path(), map);
    }

    private static String sha256(ByteBuffer bytes) {
        MessageDigest md = sha256();
        md.update(bytes);
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hash(Path p) {
        FileKey key;
        try {
            key = FileKey.of(p);
        } catch (IOException e) {
            throw new IptriageException("iptriage: cannot read database " + p + ": " + e.getMessage(), e);
        }
        return HASHES.computeIfAbsent(key, k -> {
            try (InputStream in = Files.newInputStream(p)) {
                return sha256(List.of(in));
            } catch (IOException e) {
                throw new IptriageException("iptriage: cannot read database " + p + ": " + e.getMessage(), e);
            }
        });
    }

    private static String builtinHash() {
        String h = builtinHash;
        if (h == null) {
            List<InputStream> ins = new ArrayList<>();
            try {
                for (String f : BUILTIN_FILES) {
                    InputStream in = IptriageDatabases.class.getResourceAsStream(BUILTIN_DIR + f);
                    if (in == null) {
                        throw new IptriageException(
                                "iptriage: the embedded database " + f + " is missing from this build");
                    }
                    ins.add(in);
                }
                h = sha256(ins);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                for (InputStream in : ins) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // read fully already
                    }
                }
            }
            builtinHash = h;
        }
        return h;
    }

    private static String sha256(List<InputStream> ins) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        for (InputStream in : ins) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * An open set of databases (one content) and the lookups made over it, per column list: shared by every list of
     * files with this content.
     */
    private static final class Shared {
        /** The views by the files' names and paths they show: the {@value #VIEWS_KEPT} used last. */
        private static final int VIEWS_KEPT = 16;

        private final Engine engine;
        private final List<List<Database>> databases;
        private final List<Source> openedWith;
        private final List<String> hashes;
        private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();
        private final Map<List<String>, Opened> views = new LinkedHashMap<>(16, 0.75f, true) {
            @java.io.Serial
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<List<String>, Opened> eldest) {
                return size() > VIEWS_KEPT;
            }
        };
        private boolean released; // guarded by this

        Shared(Engine engine, List<List<Database>> databases, List<Source> openedWith) {
            this.engine = engine;
            this.databases = List.copyOf(databases);
            this.openedWith = List.copyOf(openedWith);
            this.hashes = openedWith.stream().map(Source::sha256).toList();
        }

        /** This set as the files {@code sources} (of this content) show it. */
        synchronized Opened view(List<Source> sources) {
            return views.computeIfAbsent(labels(sources), k -> new Opened(this, sources));
        }

        synchronized void release() {
            released = true;
            lookups.values().forEach(Lookup::release);
        }

        synchronized Lookup lookup(String f, long cacheBytes) {
            return lookups.computeIfAbsent(
                    f + "\u0000" + cacheBytes, k -> new Lookup(engine, f, released ? 0 : cacheBytes));
        }
    }

    /**
     * An open set of databases as the files of a spec show it: their names and paths in {@link #infos} and in the
     * error texts of its lookups, though files of the same content elsewhere share its readers.
     */
    static final class Opened {
        private final Shared shared;
        private final List<Source> sources;
        private final List<Info> infos;
        /** Whether the files are others than the set was opened from (their error texts are relabelled). */
        private final boolean relabelled;

        private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();

        Opened(Shared shared, List<Source> sources) {
            this.shared = shared;
            this.sources = List.copyOf(sources);
            List<Info> out = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                Source s = sources.get(i);
                for (Database d : shared.databases.get(i)) {
                    out.add(new Info(
                            s.name(),
                            d.type(),
                            d.metadata().buildEpoch().toString(),
                            s.sha256(),
                            s.path() == null ? d.origin() : s.path().toString()));
                }
            }
            this.infos = List.copyOf(out);
            this.relabelled = !labels(sources).equals(labels(shared.openedWith));
        }

        List<Info> infos() {
            return infos;
        }

        /** Whether this and {@code other} are one open set (one content), shown as their own files. */
        boolean shares(Opened other) {
            return shared == other.shared;
        }

        /**
         * {@return the content hashes of the spec's entries this set was opened with, in order} The driver hands these
         * (not a second reading of the files) to the executors, which must open the same.
         */
        List<String> hashes() {
            return shared.hashes;
        }

        /**
         * Empties the caches of every lookup made over this set (see {@link Lookup#release}); lookups
         * made after it cache nothing.
         */
        void release() {
            shared.release();
        }

        /** The lookup of the columns {@code fields} names ({@code --fields} syntax), made once. */
        Lookup lookup(String fields) {
            return lookup(fields, cacheBytes(CACHE_DEFAULT));
        }

        /** The same, keeping answers to repeated values in up to {@code cacheBytes}; made once per both. */
        Lookup lookup(String fields, long cacheBytes) {
            String f = Lookup.normaliseFields(fields);
            Lookup base = shared.lookup(f, cacheBytes);
            if (!relabelled) {
                return base;
            }
            List<Source> from = shared.openedWith;
            return lookups.computeIfAbsent(
                    f + "\u0000" + cacheBytes, k -> base.relabelled(t -> relabel(t, from, sources)));
        }
    }
}
