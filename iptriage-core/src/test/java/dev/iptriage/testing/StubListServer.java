package dev.iptriage.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server publishing list files at fixed paths (the catalogue's paths, for {@code lists update --mirror}),
 * with ETag / Last-Modified validators and 304 answers to matching conditional requests, like the publishers' servers.
 * It records every request's path and headers. Faults are queued per path: a status (with headers such as
 * Retry-After), a body instead of the published one (an HTML error page), or a response cut short (fewer bytes than
 * its Content-Length).
 */
public final class StubListServer implements AutoCloseable {
    /**
     * One queued answer.
     *
     * @param status the status code
     * @param headers extra response headers
     * @param body the body to send instead of the published one, or null
     * @param truncate send the published body's Content-Length but only half its bytes, then close
     */
    public record Fault(int status, Map<String, String> headers, byte[] body, boolean truncate) {
        /** A bare status. */
        public static Fault status(int code) {
            return new Fault(code, Map.of(), null, false);
        }

        /** A 429 with {@code Retry-After: seconds}. */
        public static Fault tooMany(long seconds) {
            return new Fault(429, Map.of("Retry-After", Long.toString(seconds)), null, false);
        }

        /** A 200 with this body (an HTML page, garbage). */
        public static Fault body(String text) {
            return new Fault(200, Map.of(), text.getBytes(StandardCharsets.UTF_8), false);
        }

        /** A 200 whose body is cut short: the declared length is not reached. */
        public static Fault cutShort() {
            return new Fault(200, Map.of(), null, true);
        }
    }

    /** A request the server saw. */
    public record Request(String path, Map<String, String> headers) {}

    private record Published(byte[] body, String etag, String lastModified) {}

    private final HttpServer server;
    private final Map<String, Published> files = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private StubListServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
    }

    /** Starts a stub on a free port of 127.0.0.1. */
    public static StubListServer start() throws IOException {
        return new StubListServer();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Publishes {@code body} at {@code path} with these validators (either may be null). */
    public void publish(String path, String body, String etag, String lastModified) {
        files.put(path, new Published(body.getBytes(StandardCharsets.UTF_8), etag, lastModified));
    }

    /** Queues answers for {@code path}, used before the published file. */
    public void fail(String path, Fault... f) {
        faults.computeIfAbsent(path, k -> new ArrayDeque<>()).addAll(List.of(f));
    }

    /** The requests of {@code path}, in order. */
    public List<Request> requests(String path) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.path().equals(path)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Every request, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> h.put(k, String.join(",", v)));
        requests.add(new Request(path, h));
        Published p = files.get(path);
        Deque<Fault> q = faults.get(path);
        Fault f = q == null ? null : q.poll();
        if (f != null) {
            f.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (f.truncate() && p != null) {
                ex.sendResponseHeaders(200, p.body().length);
                OutputStream o = ex.getResponseBody();
                o.write(p.body(), 0, p.body().length / 2);
                o.flush();
                // a handler that throws makes the server drop the connection: the client sees the body end early
                throw new IOException("cut short on purpose");
            }
            send(ex, f.status(), f.body() == null ? new byte[0] : f.body());
            return;
        }
        if (p == null) {
            send(ex, 404, "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (p.etag() != null) {
            ex.getResponseHeaders().add("ETag", p.etag());
        }
        if (p.lastModified() != null) {
            ex.getResponseHeaders().add("Last-Modified", p.lastModified());
        }
        String inm = h.get("If-None-Match");
        String ims = h.get("If-Modified-Since");
        boolean same = inm != null ? inm.equals(p.etag()) : ims != null && ims.equals(p.lastModified());
        send(ex, same ? 304 : 200, same ? new byte[0] : p.body());
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
