package dev.iptriage.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.iptriage.mmdb.MmdbWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A local HTTP server speaking MaxMind's direct-download protocol ({@code
 * /geoip/databases/EDITION/download?suffix=tar.gz|tar.gz.sha256}, basic auth) and DB-IP's Lite
 * file layout ({@code /free/EDITION-YYYY-MM.mmdb.gz}), serving databases built with our writer.
 * Downloads are redirected to {@code localhost} (the server listens on 127.0.0.1) as MaxMind
 * redirects to its storage host, so tests can check that credentials do not follow. Faults are
 * queued per path: status codes, a cut-short body, a wrong checksum.
 */
public final class StubDownloadServer implements AutoCloseable {
    /** The account id the stub accepts. */
    public static final String ACCOUNT = "123456";
    /** The license key the stub accepts. */
    public static final String KEY = "sEcReT-lIcEnSe-KeY_0123";

    /** A fault served instead of the normal answer, once. */
    public record Fault(int status, Map<String, String> headers, boolean truncate, long stallMillis) {
        /** An error status. */
        public static Fault status(int code) {
            return new Fault(code, Map.of(), false, 0);
        }

        /** 200 with the headers, then nothing for a while, then the connection closes. */
        public static Fault stall(long millis) {
            return new Fault(200, Map.of(), false, millis);
        }

        /** 429 with a Retry-After. */
        public static Fault tooMany(long retryAfterSeconds) {
            return new Fault(429, Map.of("Retry-After", Long.toString(retryAfterSeconds)), false, 0);
        }

        /** 200 with only the first half of the body. */
        public static Fault cutShort() {
            return new Fault(200, Map.of(), true, 0);
        }
    }

    private final HttpServer server;
    private final Map<String, byte[]> archives = new ConcurrentHashMap<>();
    private final Map<String, String> wrongChecksums = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<String> authOnStorage = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final String scheme;

    private StubDownloadServer(SSLContext tls) throws IOException {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(at, 0);
            scheme = "http";
        } else {
            HttpsServer https = HttpsServer.create(at, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
            scheme = "https";
        }
        server.createContext("/geoip/databases/", this::maxmind);
        server.createContext("/storage/", this::storage);
        server.createContext("/free/", this::dbip);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    /** Starts a plain HTTP stub on a free port of 127.0.0.1. */
    public static StubDownloadServer start() throws IOException {
        return new StubDownloadServer(null);
    }

    /** Starts an HTTPS stub with the given server context (see {@link TestTls}). */
    public static StubDownloadServer startHttps(SSLContext tls) throws IOException {
        return new StubDownloadServer(tls);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Publishes a MaxMind edition: a tar.gz holding {@code EDITION_DATE/EDITION.mmdb}. */
    public void publish(String edition, Instant built) {
        archives.put(
                edition, tarGz(edition + "_" + built.getEpochSecond() + "/" + edition + ".mmdb", mmdb(edition, built)));
    }

    /** Publishes a tar.gz with arbitrary entries (hostile archives). */
    public void publishRaw(String edition, Map<String, byte[]> entries) {
        archives.put(edition, tarGz(entries));
    }

    /**
     * Publishes a DB-IP Lite file for a month ({@code 2026-11}), of the type DB-IP's files of that edition carry
     * ({@code DBIP-City-Lite}, {@code DBIP-Country-Lite}, {@code DBIP-ASN-Lite (compat=GeoLite2-ASN)}).
     */
    public void publishDbIp(String edition, String month, Instant built) {
        String type = switch (edition) {
            case "dbip-asn-lite" -> "DBIP-ASN-Lite (compat=GeoLite2-ASN)";
            case "dbip-country-lite" -> "DBIP-Country-Lite";
            default -> "DBIP-City-Lite";
        };
        publishDbIp(edition, month, type, built);
    }

    /** Publishes a DB-IP Lite path holding a database of any type and build time (a wrong or stale file). */
    public void publishDbIp(String edition, String month, String type, Instant built) {
        archives.put("/free/" + edition + "-" + month + ".mmdb.gz", gzip(mmdb(type, built)));
    }

    /** Makes the published checksum of an edition wrong. */
    public void wrongChecksum(String edition) {
        wrongChecksums.put(edition, "0".repeat(64));
    }

    /** Queues faults for a path ({@code EDITION.sha256}, {@code EDITION.tar.gz} or a DB-IP path). */
    public void fail(String key, Fault... f) {
        faults.computeIfAbsent(key, k -> new java.util.concurrent.ConcurrentLinkedDeque<>())
                .addAll(List.of(f));
    }

    /** Requests seen for a key ({@code EDITION.sha256}, {@code EDITION.tar.gz}, a DB-IP path). */
    public int hits(String key) {
        return hits.getOrDefault(key, new AtomicInteger()).get();
    }

    /** Authorization headers that reached the storage host (must stay empty). */
    public List<String> authorizationOnStorage() {
        return List.copyOf(authOnStorage);
    }

    /** A small database of the edition's type. */
    public static byte[] mmdb(String type, Instant built) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType(type)
                .buildEpoch(built.getEpochSecond())
                .build();
        w.insert(new byte[] {8, 8, 8, 0}, 24, Map.of("country", Map.of("iso_code", "US"), "built", built.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void maxmind(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = String.valueOf(ex.getRequestURI().getQuery());
        String edition = path.substring("/geoip/databases/".length(), path.length() - "/download".length());
        boolean sha = query.equals("suffix=tar.gz.sha256");
        String key = edition + (sha ? ".sha256" : ".tar.gz");
        count(key);
        if (!authorized(ex)) {
            send(
                    ex,
                    401,
                    "{\"code\":\"AUTHORIZATION_INVALID\",\"error\":\"Invalid account ID or license key\"}"
                            .getBytes(StandardCharsets.UTF_8),
                    false);
            return;
        }
        byte[] archive = archives.get(edition);
        if (archive == null) {
            send(ex, 404, new byte[0], false);
        } else if (!fault(ex, key, archive)) {
            if (sha) {
                String sum = wrongChecksums.getOrDefault(edition, sha256(archive));
                send(ex, 200, (sum + "  " + edition + "_20261120.tar.gz\n").getBytes(StandardCharsets.UTF_8), false);
            } else {
                ex.getResponseHeaders()
                        .add(
                                "Location",
                                scheme + "://localhost:" + server.getAddress().getPort() + "/storage/" + edition);
                send(ex, 302, new byte[0], false);
            }
        }
    }

    private void storage(HttpExchange ex) throws IOException {
        String edition = ex.getRequestURI().getPath().substring("/storage/".length());
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            authOnStorage.add(auth);
        }
        String key = edition + ".tar.gz";
        byte[] archive = archives.get(edition);
        if (!fault(ex, key + ".storage", archive)) {
            send(ex, 200, archive, false);
        }
    }

    private void dbip(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        count(path);
        byte[] body = archives.get(path);
        if (body == null) {
            send(ex, 404, new byte[0], false);
        } else if (!fault(ex, path, body)) {
            send(ex, 200, body, false);
        }
    }

    private boolean fault(HttpExchange ex, String key, byte[] body) throws IOException {
        Deque<Fault> q = faults.getOrDefault(key, new ArrayDeque<>());
        Fault f = q.poll();
        if (f == null) {
            return false;
        }
        f.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (f.stallMillis() > 0) {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().flush();
            try {
                Thread.sleep(f.stallMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return true;
        }
        send(ex, f.status(), f.truncate() ? body : new byte[0], f.truncate());
        return true;
    }

    private boolean authorized(HttpExchange ex) {
        String want =
                "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":" + KEY).getBytes(StandardCharsets.UTF_8));
        return want.equals(ex.getRequestHeaders().getFirst("Authorization"));
    }

    private void count(String key) {
        hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private static void send(HttpExchange ex, int status, byte[] body, boolean truncate) throws IOException {
        // a cut-short body is sent as a complete chunked response of half the bytes, as when a proxy
        // drops the rest: only the checksum can tell
        ex.sendResponseHeaders(status, truncate ? 0 : body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body, 0, truncate ? body.length / 2 : body.length);
        } catch (IOException ignored) {
            // the client sees the connection end early, which is the point
        }
        ex.close();
    }

    private static byte[] tarGz(String name, byte[] content) {
        return tarGz(Map.of(name, content));
    }

    private static byte[] tarGz(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
