package dev.iptriage.dns;

import dev.iptriage.sources.SourceStatus;
import dev.iptriage.text.UserDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The persistent DNS answer cache: one SQLite file, shared by the runs of iptriage (several at once
 * too: WAL journal and a busy timeout), keyed by query (an opaque string the DNS client chooses, e.g.
 * {@code PTR 4.3.2.1.in-addr.arpa.}), holding answers ({@link CachedAnswer}: ok, nxdomain, nodata)
 * until their TTL runs out. A rerun asks the file first and sends nothing for fresh entries.
 *
 * <p>The file holds the query names of the runs, which reveal the addresses looked up, so it is
 * created owner-only (and so are the folders it creates) where the file system has POSIX
 * permissions.
 *
 * <p>{@link #get} is cheap under concurrency (a small pool of read connections; what is not yet
 * written is answered from memory). {@link #put} is buffered: one writer thread writes the buffer in
 * batches, each in one transaction, every {@value #BATCH} puts and at least every second; {@link
 * #close} writes the rest. Time is only what the {@link Clock} says. The file is untrusted input: a
 * row that does not decode is a miss, and a file that is not an iptriage DNS cache of this schema
 * is refused ({@link #open}) and left as it is.
 */
public final class DnsCacheFile implements AutoCloseable {
    /** SQLite's {@code PRAGMA application_id} of the file: "ipDC" (iptriage DNS cache). */
    static final int APPLICATION_ID = 0x69704443;

    /** The schema this code reads and writes ({@code PRAGMA user_version}). */
    static final int SCHEMA = 1;

    /** Buffered puts that start a write. */
    static final int BATCH = 512;

    private static final long FLUSH_EVERY_MILLIS = 1000;
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_READERS =
            Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SQLITE_HEADER = 100;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;
    private static final Pattern WRAPPED = Pattern.compile("\\[SQLITE_[A-Z_]+\\][^(]*\\((.+)\\)", Pattern.DOTALL);
    private static final byte RECORDS_FORMAT = 1;

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS answer ("
            + "key TEXT NOT NULL PRIMARY KEY, status TEXT NOT NULL, records BLOB NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID";
    private static final String IDENTITY = "SELECT (SELECT application_id FROM pragma_application_id()),"
            + " (SELECT user_version FROM pragma_user_version()), (SELECT count(*) FROM sqlite_master)";
    private static final String SELECT = "SELECT status, records, expires FROM answer WHERE key = ?";
    private static final String UPSERT =
            "INSERT OR REPLACE INTO answer (key, status, records, expires) VALUES (?, ?, ?, ?)";
    private static final String DELETE_STALE =
            "DELETE FROM answer WHERE NOT (typeof(expires) = 'integer' AND expires > ?)";

    private final Path file;
    private final String url;
    private final Clock clock;
    private final Connection writer;
    private final Map<String, CachedAnswer> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<Reader> idle = new ArrayBlockingQueue<>(MAX_READERS);
    private final Queue<Reader> readers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger readersMade = new AtomicInteger();
    /** Read: a get or put under way; write: closing (waits for them, then refuses new ones). */
    private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();

    private final Object writing = new Object();
    private final ScheduledExecutorService flusher;
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final AtomicLong writes = new AtomicLong();
    private boolean closed; // guarded by life

    private DnsCacheFile(Path file, String url, Clock clock, Connection writer) {
        this.file = file;
        this.url = url;
        this.clock = clock;
        this.writer = writer;
        this.flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("iptriage-dns-cache").factory());
        flusher.scheduleWithFixedDelay(
                this::flushQuietly, FLUSH_EVERY_MILLIS, FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Where the cache lives by default: {@code $XDG_CACHE_HOME/iptriage/dns-cache.sqlite} when {@code
     * XDG_CACHE_HOME} is set and absolute (a relative one is ignored, as the XDG base directory
     * specification says), else {@code <userHome>/.cache/iptriage/dns-cache.sqlite}.
     */
    public static Path defaultPath(Map<String, String> env, String userHome) {
        return UserDirs.cache(env, userHome).resolve("iptriage").resolve("dns-cache.sqlite");
    }

    /**
     * Opens the cache {@code file}, creating it (owner-only, and its missing parent folders
     * owner-only, where POSIX) and its schema when it does not exist or is empty.
     *
     * @throws IOException with the file and what is wrong: a file that is not an iptriage DNS cache
     *     (not SQLite, a truncated or damaged file, another program's database, another schema), a
     *     folder, a file that cannot be written. Such a file is left as it is (never overwritten or
     *     deleted), and an open that fails leaves nothing that breaks the next one.
     */
    public static DnsCacheFile open(Path file, Clock clock) throws IOException {
        Objects.requireNonNull(clock, "clock");
        Path path = file.toAbsolutePath().normalize();
        create(path);
        checkHeader(path);
        String url = "jdbc:sqlite:" + path.toUri();
        Connection writer = null;
        try {
            writer = connect(url);
            try (Statement s = writer.createStatement()) {
                if (isEmpty(path, s)) {
                    initialise(path, s);
                }
                useWal(s);
                s.execute("PRAGMA synchronous = NORMAL"); // WAL: a power cut may lose the last writes, never the file
            }
            return new DnsCacheFile(path, url, clock, writer);
        } catch (SQLException e) {
            closeQuietly(writer);
            int code = e.getErrorCode() & 0xff; // SQLite's primary result code
            String what = code == SQLITE_CORRUPT || code == SQLITE_NOTADB
                    ? "not a usable iptriage DNS cache (damaged: "
                    : "cannot open the DNS cache (";
            throw new IOException(path + ": " + what + reason(e) + ")", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(writer);
            throw e;
        }
    }

    /** The missing folders and the file, owner-only where POSIX; an existing file is left as it is. */
    private static void create(Path path) throws IOException {
        try {
            UserDirs.createPrivate(path);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(path + ": cannot create the DNS cache (" + e.getFile() + " is not a folder)", e);
        } catch (AccessDeniedException e) {
            throw new IOException(path + ": cannot create the DNS cache (permission denied: " + e.getFile() + ")", e);
        } catch (IOException e) {
            throw new IOException(path + ": cannot create the DNS cache (" + e.getMessage() + ")", e);
        }
    }

    /** Refuses, before SQLite opens it, a file that is not SQLite or cannot be written. */
    private static void checkHeader(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": not a regular file (a folder, pipe, socket or device), not a DNS cache");
        }
        if (!Files.isReadable(path) || !Files.isWritable(path)) {
            throw new IOException(path + ": cannot read and write the DNS cache (permission denied)");
        }
        Path folder = path.getParent();
        if (folder != null && !Files.isWritable(folder)) { // SQLite writes its journal files beside the cache
            throw new IOException(path + ": cannot write beside the DNS cache (permission denied: " + folder + ")");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(SQLITE_HEADER);
        }
        if (head.length == 0) {
            return; // empty: a new cache
        }
        if (head.length < SQLITE_MAGIC.length
                || !Arrays.equals(head, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
            throw new IOException(path + ": not an iptriage DNS cache (not SQLite)");
        }
        if (head.length < SQLITE_HEADER) {
            throw new IOException(path + ": not a usable iptriage DNS cache (a truncated SQLite file)");
        }
    }

    /**
     * Whether the file is a new cache (no schema yet), after checking, without writing, that an
     * existing one is ours, of this schema, and sound.
     */
    private static boolean isEmpty(Path path, Statement s) throws SQLException, IOException {
        int application;
        int schema;
        long objects;
        try (ResultSet r = s.executeQuery(IDENTITY)) { // one statement: one snapshot, while another run creates it
            r.next();
            application = r.getInt(1);
            schema = r.getInt(2);
            objects = r.getLong(3);
        }
        if (application == 0 && schema == 0 && objects == 0) {
            return true;
        }
        if (application != APPLICATION_ID) {
            throw new IOException(path + ": not an iptriage DNS cache (a SQLite database of another program)");
        }
        checkSchema(path, schema);
        try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
            String verdict = r.next() ? r.getString(1) : "no answer";
            if (!"ok".equals(verdict)) {
                throw new IOException(path + ": not a usable iptriage DNS cache (damaged: " + verdict + ")");
            }
        }
        s.executeQuery("SELECT key, status, records, expires FROM answer LIMIT 0")
                .close();
        return false;
    }

    private static void checkSchema(Path path, int schema) throws IOException {
        if (schema > SCHEMA) {
            throw new IOException(
                    path + ": made by a newer iptriage (schema " + schema + "; this one knows schema " + SCHEMA + ")");
        }
        if (schema != SCHEMA) {
            throw new IOException(path + ": an iptriage DNS cache of unknown schema " + schema
                    + " (this one knows schema " + SCHEMA + ")");
        }
    }

    /** The schema, in one transaction (another run may be creating it at the same time). */
    private static void initialise(Path path, Statement s) throws SQLException, IOException {
        s.execute("BEGIN IMMEDIATE");
        boolean done = false;
        try {
            int application = intPragma(s, "application_id");
            if (application == 0
                    && intPragma(s, "user_version") == 0
                    && count(s, "SELECT count(*) FROM sqlite_master") == 0) {
                s.execute(CREATE);
                s.execute("PRAGMA application_id = " + APPLICATION_ID);
                s.execute("PRAGMA user_version = " + SCHEMA);
            } else if (application != APPLICATION_ID) {
                throw new IOException(path + ": not an iptriage DNS cache (a SQLite database of another program)");
            } else {
                checkSchema(path, intPragma(s, "user_version"));
            }
            s.execute("COMMIT");
            done = true;
        } finally {
            if (!done) {
                rollbackQuietly(s);
            }
        }
    }

    /**
     * WAL journal: runs at once read while one writes. Switching a new file to it needs the file to
     * itself, and SQLite answers "busy" at once (without waiting) when two runs switch it at the same
     * time, so this tries again, within the busy timeout. A file system without WAL keeps 'delete'.
     */
    private static void useWal(Statement s) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MILLIS);
        while (true) {
            try {
                s.execute("PRAGMA journal_mode = WAL");
                return;
            } catch (SQLException e) {
                if ((e.getErrorCode() & 0xff) != SQLITE_BUSY || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(5, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
        }
    }

    private static int intPragma(Statement s, String name) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static long count(Statement s, String query) throws SQLException {
        try (ResultSet r = s.executeQuery(query)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static Connection connect(String url) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.resetOpenMode(SQLiteOpenMode.CREATE); // the file exists: this code created it, or checked it
        try {
            return config.createConnection(url);
        } catch (LinkageError | RuntimeException e) { // SQLite's native library did not load
            throw new SQLException("SQLite's native library did not load: " + e, e);
        }
    }

    /** SQLite's own words for a failure (sqlite-jdbc wraps them: "[SQLITE_CODE] Generic text (words)"). */
    private static String reason(SQLException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        Matcher wrapped = WRAPPED.matcher(m);
        return wrapped.matches() ? wrapped.group(1) : m;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing after a failure: the first failure is the one reported
            }
        }
    }

    /**
     * The fresh answer cached for {@code key} (its expiry after the clock's now), or null: none, stale,
     * a row that does not decode, a file that fails to answer, or a closed cache. Thread-safe; counts
     * a hit or a miss.
     */
    public CachedAnswer get(String key) {
        Objects.requireNonNull(key, "key");
        CachedAnswer found = find(key, clock.instant().getEpochSecond());
        (found == null ? misses : hits).increment();
        return found;
    }

    private CachedAnswer find(String key, long now) {
        Lock lock = life.readLock();
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            CachedAnswer buffered = pending.get(key); // the last put, not written yet
            if (buffered != null) {
                return buffered.expiresAtEpochSecond() > now ? buffered : null;
            }
            Reader reader = borrow();
            if (reader == null) {
                return null;
            }
            try {
                return reader.read(key, now);
            } finally {
                idle.add(reader);
            }
        } catch (SQLException | RuntimeException e) {
            return null; // a cache that fails to answer is a miss, never a failed run
        } finally {
            lock.unlock();
        }
    }

    /** An idle reader, a new one while there are fewer than the limit, or the next one given back. */
    private Reader borrow() throws SQLException {
        Reader r = idle.poll();
        if (r != null) {
            return r;
        }
        if (readersMade.incrementAndGet() <= MAX_READERS) {
            try {
                r = new Reader(connect(url));
            } catch (SQLException | RuntimeException e) {
                readersMade.decrementAndGet();
                throw e;
            }
            readers.add(r);
            return r;
        }
        readersMade.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Stores {@code answer} for {@code key}: buffered, written by the writer thread in batches (or by
     * {@link #close}). The last put for a key wins. An answer already stale by the clock is ignored,
     * and so is a put after close (a late answer of a run that is over). Thread-safe.
     */
    public void put(String key, CachedAnswer answer) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(answer, "answer");
        if (answer.expiresAtEpochSecond() <= clock.instant().getEpochSecond()) {
            return;
        }
        Lock lock = life.readLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            pending.put(key, answer);
        } finally {
            lock.unlock();
        }
        if (pending.size() >= BATCH && flushQueued.compareAndSet(false, true)) {
            try {
                flusher.execute(() -> {
                    flushQueued.set(false);
                    flushQuietly();
                });
            } catch (RejectedExecutionException e) {
                flushQueued.set(false); // closing: close writes the buffer
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException e) {
            // kept in the buffer: the next write (at the latest close) tries again and reports
        }
    }

    /**
     * Writes the buffer in one transaction. An entry leaves the buffer once written, unless a later
     * put replaced it meanwhile (then that one is written next time).
     */
    void flush() throws IOException {
        synchronized (writing) {
            if (pending.isEmpty()) {
                return;
            }
            long now = clock.instant().getEpochSecond();
            List<Map.Entry<String, CachedAnswer>> batch = new ArrayList<>(pending.size());
            for (Map.Entry<String, CachedAnswer> e : pending.entrySet()) {
                batch.add(Map.entry(e.getKey(), e.getValue()));
            }
            int written = 0;
            try (Statement s = writer.createStatement();
                    PreparedStatement upsert = writer.prepareStatement(UPSERT)) {
                s.execute("BEGIN IMMEDIATE");
                boolean done = false;
                try {
                    for (Map.Entry<String, CachedAnswer> e : batch) {
                        CachedAnswer a = e.getValue();
                        if (a.expiresAtEpochSecond() <= now) {
                            continue; // went stale in the buffer
                        }
                        upsert.setString(1, e.getKey());
                        upsert.setString(2, a.status().name());
                        upsert.setBytes(3, encode(a.records()));
                        upsert.setLong(4, a.expiresAtEpochSecond());
                        upsert.addBatch();
                        written++;
                    }
                    if (written > 0) {
                        upsert.executeBatch();
                    }
                    s.execute("COMMIT");
                    done = true;
                } finally {
                    if (!done) {
                        rollbackQuietly(s);
                    }
                }
            } catch (SQLException e) {
                throw new IOException(file + ": cannot write the DNS cache (" + reason(e) + ")", e);
            }
            for (Map.Entry<String, CachedAnswer> e : batch) {
                pending.remove(e.getKey(), e.getValue());
            }
            writes.addAndGet(written);
        }
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolled back already (or never began)
        }
    }

    /** Gets that found a fresh answer. */
    public long hits() {
        return hits.sum();
    }

    /** Gets that did not. */
    public long misses() {
        return misses.sum();
    }

    /**
     * Answers written to the file by this handle so far (an answer replaced by a later put for the
     * same key before it was written is written once). After {@link #close}, every put that was not
     * ignored is written.
     */
    public long writes() {
        return writes.get();
    }

    /** The cache file (absolute). */
    public Path path() {
        return file;
    }

    /**
     * Writes what is buffered, deletes the stale rows, closes the file. Idempotent; gets after it
     * miss and puts after it are ignored.
     *
     * @throws IOException when the buffer could not be written (those answers are lost; the file is
     *     closed all the same)
     */
    @Override
    public void close() throws IOException {
        Lock lock = life.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true; // after the gets and puts under way, before any other
        } finally {
            lock.unlock();
        }
        flusher.shutdown();
        try {
            flusher.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException failure = null;
        try {
            flush();
        } catch (IOException e) {
            failure = e;
        }
        synchronized (writing) {
            try (PreparedStatement delete = writer.prepareStatement(DELETE_STALE)) {
                delete.setLong(1, clock.instant().getEpochSecond());
                delete.executeUpdate();
            } catch (SQLException e) {
                // stale rows are misses anyway; the next close deletes them
            }
            for (Reader r : readers) {
                closeQuietly(r);
            }
            try {
                writer.close();
            } catch (SQLException e) {
                IOException closing = new IOException(file + ": cannot close the DNS cache (" + reason(e) + ")", e);
                if (failure == null) {
                    failure = closing;
                } else {
                    failure.addSuppressed(closing);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A read connection with its prepared query; used by one thread at a time. */
    private static final class Reader implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement select;

        Reader(Connection connection) throws SQLException {
            this.connection = connection;
            try {
                this.select = connection.prepareStatement(SELECT);
            } catch (SQLException e) {
                closeQuietly(connection);
                throw e;
            }
        }

        CachedAnswer read(String key, long now) throws SQLException {
            select.setString(1, key);
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                return decode(r.getObject(1), r.getObject(2), r.getObject(3), now);
            }
        }

        @Override
        public void close() {
            closeQuietly(select);
            closeQuietly(connection);
        }
    }

    /** A row as read, checked like any untrusted input: null unless it is a fresh answer. */
    static CachedAnswer decode(Object status, Object records, Object expires, long now) {
        if (!(expires instanceof Integer || expires instanceof Long)) {
            return null;
        }
        long expiresAt = ((Number) expires).longValue();
        if (expiresAt <= now || !(status instanceof String name) || !(records instanceof byte[] blob)) {
            return null;
        }
        SourceStatus s = switch (name) {
            case "OK" -> SourceStatus.OK;
            case "NXDOMAIN" -> SourceStatus.NXDOMAIN;
            case "NODATA" -> SourceStatus.NODATA;
            default -> null;
        };
        List<String> list = decodeRecords(blob);
        return s == null || list == null ? null : new CachedAnswer(s, list, expiresAt);
    }

    /**
     * Records as a BLOB that keeps any text exactly (any character, unpaired surrogates too): a format
     * byte, the count, then each record's length in UTF-16 units and its units, big-endian.
     */
    static byte[] encode(List<String> records) {
        long size = 1 + 4;
        for (String r : records) {
            size += 4 + 2L * r.length();
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("records too large to cache: " + size + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        b.put(RECORDS_FORMAT).putInt(records.size());
        for (String r : records) {
            b.putInt(r.length());
            for (int i = 0; i < r.length(); i++) {
                b.putChar(r.charAt(i));
            }
        }
        return b.array();
    }

    /** {@link #encode}'s records, or null for a BLOB that is not exactly one such encoding. */
    static List<String> decodeRecords(byte[] blob) {
        try {
            ByteBuffer b = ByteBuffer.wrap(blob);
            if (b.get() != RECORDS_FORMAT) {
                return null;
            }
            int n = b.getInt();
            if (n < 0 || n > b.remaining() / 4) {
                return null;
            }
            List<String> records = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int length = b.getInt();
                if (length < 0 || length > b.remaining() / 2) {
                    return null;
                }
                char[] units = new char[length];
                b.asCharBuffer().get(units);
                b.position(b.position() + 2 * length);
                records.add(new String(units));
            }
            return b.hasRemaining() ? null : records;
        } catch (BufferUnderflowException e) {
            return null;
        }
    }
}
