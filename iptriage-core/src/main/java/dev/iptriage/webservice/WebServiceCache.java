package dev.iptriage.webservice;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.text.Json;
import dev.iptriage.text.UserDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web service answers kept between runs, by network: an answer's {@code traits.network} is the largest network
 * with the same data, so one paid query answers every later address in it. One file of JSON lines, one answer per
 * line ({@code host}, {@code product}, {@code network}, {@code at} (epoch milliseconds), {@code status}, {@code body}:
 * the answer without the account's {@code maxmind} object), appended and flushed as each answer arrives: a run
 * killed at any moment keeps every answer it received, and a half-written last line is skipped when read. Answers
 * older than the maximum age are not used. The file holds the addresses a user looked up: it is created owner-only.
 * Nothing in it is trusted: a line that does not decode, or whose network is not a network, is skipped. The file is
 * rewritten without its stale and superseded lines when they are most of it. Each answer is appended by opening the
 * file anew under a lock (a sibling {@code .lock} file), so runs that append at once, one that rewrites it, or one
 * killed in the middle of a line lose no other's answers. Thread-safe.
 *
 * <p>Without a file ({@link #memory}) the same happens in memory: a run still asks each network once.
 */
public final class WebServiceCache implements AutoCloseable {
    /** The format of a line ({@code v}). */
    static final int FORMAT = 1;

    /** Longest line read (a City or Insights answer is 2 to 4 KB). */
    static final int MAX_LINE = 1 << 20;

    /** Largest file read; past it the file is not used (and not rewritten). */
    static final long MAX_FILE = 1L << 30;

    /** An answer kept: {@code status} is {@code ok}, {@code not_found} or {@code reserved}. */
    public record Entry(Cidr network, String status, Map<String, Object> body, long at) {}

    private final Path file; // null: memory only
    private final Clock clock;
    private final long maxAgeMillis;
    private final Map<Key, Entry> entries = new HashMap<>();
    /** Per host, product and family, the prefix lengths that have entries: a lookup tries only those. */
    private final Map<String, boolean[]> prefixes = new HashMap<>();

    /** Whether answers are appended to the file (not after {@link #close}, never for a cache in memory). */
    private boolean open;

    /** The file as last opened for appending, and its identity then (null where the file system has none). */
    private FileChannel channel;

    private Object channelKey;

    /** The file open for appending: the one open, unless the name now holds another file (a rewrite), or none. */
    private FileChannel channel() throws IOException {
        Object key = Files.exists(file)
                ? Files.readAttributes(file, BasicFileAttributes.class).fileKey()
                : null;
        if (channel == null || key == null || !key.equals(channelKey)) {
            if (channel != null) {
                channel.close();
            }
            UserDirs.createPrivate(file);
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channelKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        }
        return channel;
    }

    private long loaded;
    private long skipped;

    private record Key(String host, WebServiceProduct product, Cidr network) {}

    /**
     * Held while this process holds a cache file's lock: a file lock is per process, so two threads (or two caches of
     * one file) taking it at once would fail, not wait.
     */
    private static final Object FILES = new Object();

    private WebServiceCache(Path file, Clock clock, Duration maxAge) {
        this.file = file;
        this.clock = clock;
        this.maxAgeMillis = maxAge.toMillis();
    }

    /** Where the cache lives by default: {@code iptriage/webservice-cache.jsonl} in the user's cache folder. */
    public static Path defaultPath(Map<String, String> env, String userHome) {
        return UserDirs.cache(env, userHome).resolve("iptriage").resolve("webservice-cache.jsonl");
    }

    /** A cache in memory only: the answers of this run, by network. */
    public static WebServiceCache memory(Clock clock, Duration maxAge) {
        return new WebServiceCache(null, clock, maxAge);
    }

    /**
     * Opens (or creates, owner-only) the cache file and reads its fresh answers.
     *
     * @throws IOException when the file cannot be created, read or appended to, or is not a regular file
     */
    public static WebServiceCache open(Path file, Clock clock, Duration maxAge) throws IOException {
        UserDirs.createPrivate(file);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file, not a web service cache");
        }
        if (Files.size(file) > MAX_FILE) {
            throw new IOException(file + ": larger than " + (MAX_FILE >> 20) + " MiB, not read");
        }
        WebServiceCache c = new WebServiceCache(file, clock, maxAge);
        locked(file, () -> {
            long lines = c.read();
            if (lines - c.loaded > Math.max(1000, c.loaded)) {
                c.rewrite();
            }
        });
        c.open = true;
        return c;
    }

    /** Something done to the file. */
    @FunctionalInterface
    private interface FileWork {
        void run() throws IOException;
    }

    /** Does {@code work} holding the file's lock (a sibling {@code .lock} file): runs of iptriage take turns. */
    private static void locked(Path file, FileWork work) throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        synchronized (FILES) {
            UserDirs.createPrivate(lockFile);
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock();
                try {
                    work.run();
                } finally {
                    lock.release();
                }
            }
        }
    }

    /** Reads the file's lines; returns how many there were. */
    private long read() throws IOException {
        long lines = 0;
        long now = clock.millis();
        try (InputStream in = Files.newInputStream(file);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                if (line.length() > MAX_LINE) {
                    skipped++;
                    continue;
                }
                Optional<Map.Entry<Key, Entry>> e = decode(line);
                if (e.isEmpty()) {
                    skipped++;
                    continue;
                }
                if (now - e.get().getValue().at() > maxAgeMillis) {
                    continue; // stale: not counted as loaded, dropped at the next rewrite
                }
                Entry old = entries.get(e.get().getKey());
                if (old == null || old.at() <= e.get().getValue().at()) {
                    if (old == null) {
                        loaded++;
                    }
                    index(e.get().getKey(), e.get().getValue());
                }
            }
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map.Entry<Key, Entry>> decode(String line) {
        try {
            if (!(Json.read(line.getBytes(StandardCharsets.UTF_8), 32) instanceof Map<?, ?> m)) {
                return Optional.empty();
            }
            if (!(m.get("v") instanceof Long v && v == FORMAT)
                    || !(m.get("host") instanceof String host)
                    || !(m.get("product") instanceof String product)
                    || !(m.get("network") instanceof String network)
                    || !(m.get("at") instanceof Long at)
                    || !(m.get("status") instanceof String status)
                    || !List.of("ok", "not_found", "reserved").contains(status)) {
                return Optional.empty();
            }
            Optional<WebServiceProduct> p = WebServiceProduct.byName(product);
            Cidr net = cidr(network);
            Object body = m.get("body");
            if (p.isEmpty() || net == null || !(body == null || body instanceof Map)) {
                return Optional.empty();
            }
            Map<String, Object> b = body == null ? Map.of() : (Map<String, Object>) body;
            return Optional.of(Map.entry(new Key(host, p.get(), net), new Entry(net, status, b, at)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The network written as {@code address/prefix}, or null. */
    static Cidr cidr(String s) {
        if (s.length() > 64 || !s.matches("[0-9A-Fa-f.:]+/[0-9]{1,3}")) {
            return null;
        }
        IpLiteral.Parsed p = IpLiteral.parse(s);
        if (!p.ok() || p.prefixLength() < 0 || p.zone() != null || p.port() >= 0) {
            return null;
        }
        Cidr c = Cidr.of(p.address(), p.prefixLength());
        return c.first().equals(p.address()) ? c : null; // host bits set: not a network as a service writes it
    }

    private void index(Key k, Entry e) {
        entries.put(k, e);
        prefixes.computeIfAbsent(family(k.host(), k.product(), k.network().first()), x -> new boolean[129])[
                k.network().prefixLength()] = true;
    }

    private static String family(String host, WebServiceProduct product, IpAddress a) {
        return host + ' ' + product.path() + (a.isV4() ? " 4" : " 6");
    }

    /** Writes the fresh answers alone to a new file that replaces the old one. */
    private void rewrite() throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".webservice-cache", ".tmp");
        try {
            try (FileChannel w = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                for (Map.Entry<Key, Entry> e : entries.entrySet()) {
                    write(w, line(e.getKey(), e.getValue()));
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The freshest answer of {@code host}'s {@code product} whose network holds {@code a}, the most specific first.
     */
    public synchronized Optional<Entry> find(String host, WebServiceProduct product, IpAddress a) {
        boolean[] lengths = prefixes.get(family(host, product, a));
        if (lengths == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        for (int p = a.bitLength(); p >= 0; p--) {
            if (!lengths[p]) {
                continue;
            }
            Entry e = entries.get(new Key(host, product, Cidr.of(a, p)));
            if (e != null && now - e.at() <= maxAgeMillis) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Keeps an answer: in memory, and appended to the file at once (a kill after this keeps it).
     *
     * @param body the answer without the account's {@code maxmind} object (the caller removes it)
     * @throws IOException when the file cannot be written (the answer is still kept in memory)
     */
    public void put(String host, WebServiceProduct product, Cidr network, String status, Map<String, Object> body)
            throws IOException {
        Key k = new Key(host, product, network);
        Entry e = new Entry(network, status, body, clock.millis());
        byte[] line;
        synchronized (this) {
            index(k, e);
            if (!open) {
                return;
            }
            line = line(k, e);
        }
        // under the lock: another run may have rewritten the file (a new file under the same name: opened again)
        // or been killed in the middle of a line (ended first) since this one last wrote
        locked(file, () -> {
            synchronized (this) {
                FileChannel out = channel();
                long size = out.size();
                if (size > 0) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    out.read(last, size - 1);
                    if (last.get(0) != '\n') {
                        out.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                        size++;
                    }
                }
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    size += out.write(b, size);
                }
            }
        });
    }

    private static byte[] line(Key k, Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", FORMAT);
        m.put("host", k.host());
        m.put("product", k.product().path());
        m.put("network", k.network().toString());
        m.put("at", e.at());
        m.put("status", e.status());
        m.put("body", e.body());
        return (Json.toJson(m) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void write(FileChannel c, byte[] line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(line);
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    /** {@return how many answers were read from the file (fresh and distinct)} */
    public synchronized long loaded() {
        return loaded;
    }

    /** {@return how many lines of the file could not be read (damaged, foreign, half-written)} */
    public synchronized long skipped() {
        return skipped;
    }

    /** {@return the file, or null for a cache in memory} */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        open = false;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // every answer was written when it came: nothing is lost
            }
            channel = null;
        }
    }

    /** The keys of the answers kept, for tests. */
    synchronized List<String> networks() {
        List<String> out = new ArrayList<>();
        entries.keySet().forEach(k -> out.add(k.product().path() + " " + k.network()));
        return out;
    }
}
