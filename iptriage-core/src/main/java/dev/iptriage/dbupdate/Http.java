package dev.iptriage.dbupdate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * GET with the retry rules of {@code db update} (also used by {@code lists update}): 5xx and network errors are
 * retried with exponential backoff; 429 waits for Retry-After when it is short, else fails; redirects are followed by
 * hand so the credentials go only to the host they are meant for (MaxMind redirects downloads to a storage host that
 * must not see them), and only to HTTPS (or loopback) addresses.
 */
public final class Http {
    private static final int MAX_REDIRECTS = 5;

    /**
     * How requests are made and retried.
     *
     * @param attempts tries per request for 5xx, 429 and network errors
     * @param backoff first wait between tries (doubled each time)
     * @param maxRetryAfter longest 429 Retry-After waited for; longer ones fail at once
     * @param timeout per-request timeout, and the longest pause in a body
     * @param userAgent the User-Agent header
     */
    public record Policy(int attempts, Duration backoff, Duration maxRetryAfter, Duration timeout, String userAgent) {}

    /**
     * A response that ended a {@link #fetch}: 200 (the body went to the sink) or 304.
     *
     * @param status 200 or 304
     * @param etag the ETag header, or null
     * @param lastModified the Last-Modified header, or null
     */
    public record Response(int status, String etag, String lastModified) {}

    private final HttpClient client;
    private final URI origin;
    private final String authorization;
    private final Policy options;

    Http(HttpClient client, URI origin, String authorization, DatabaseUpdater.Options options) {
        this(
                client,
                origin,
                authorization,
                new Policy(
                        options.attempts(),
                        options.backoff(),
                        options.maxRetryAfter(),
                        options.timeout(),
                        "iptriage-db-update"));
    }

    /** Requests without credentials (public files). */
    public Http(HttpClient client, Policy policy) {
        this(client, null, null, policy);
    }

    private Http(HttpClient client, URI origin, String authorization, Policy policy) {
        this.client = client;
        this.origin = origin;
        this.authorization = authorization;
        this.options = policy;
    }

    /** Fetches a small text resource. */
    String text(URI uri, String what) throws UpdateException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        get(
                uri,
                what,
                () -> {
                    out.reset(); // a retry starts over: keep only the last attempt's body
                    return out;
                },
                64 * 1024,
                null);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Where one attempt's body goes. */
    public interface Sink {
        /** A fresh output for one attempt's body (a retry starts over). */
        OutputStream open() throws IOException;
    }

    void get(URI uri, String what, Sink sink, long maxBytes, MessageDigest digest) throws UpdateException {
        request(uri, what, Map.of(), sink, maxBytes, digest);
    }

    /**
     * A GET with extra request headers (conditional requests: If-None-Match, If-Modified-Since): a 200's body goes to
     * {@code sink}; a 304 has none.
     *
     * @throws UpdateException when the request failed after the retries, the body is larger than {@code maxBytes}
     *     ({@link UpdateException.Kind#CORRUPT}) or was cut short ({@link UpdateException.Kind#NETWORK})
     */
    public Response fetch(URI uri, String what, Map<String, String> headers, Sink sink, long maxBytes)
            throws UpdateException {
        return request(uri, what, headers, sink, maxBytes, null);
    }

    private Response request(
            URI uri, String what, Map<String, String> headers, Sink sink, long maxBytes, MessageDigest digest)
            throws UpdateException {
        long delay = options.backoff().toMillis();
        UpdateException last = null;
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            try {
                if (digest != null) {
                    digest.reset();
                }
                HttpResponse<InputStream> r = send(uri, headers);
                int code = r.statusCode();
                if (code == 200) {
                    copyWatched(r.body(), sink, maxBytes, digest, what);
                    return response(code, r);
                }
                if (code == 304 && !headers.isEmpty()) {
                    drain(r.body());
                    return response(code, r);
                }
                drain(r.body());
                last = failure(code, what, r);
                if (code == 429) {
                    long wait = r.headers()
                            .firstValue("Retry-After")
                            .map(Http::seconds)
                            .orElse(-1L);
                    if (wait < 0 || Duration.ofSeconds(wait).compareTo(options.maxRetryAfter()) > 0) {
                        throw last;
                    }
                    sleep(Duration.ofSeconds(wait).toMillis());
                    continue;
                }
                if (code < 500) {
                    throw last;
                }
            } catch (UpdateException e) {
                if (e.kind() != UpdateException.Kind.NETWORK) {
                    throw e;
                }
                last = e;
            } catch (RefusedRedirect e) {
                // a decision about the server's answer, not a passing failure: asking again gets the same answer
                throw new UpdateException(
                        UpdateException.Kind.NETWORK, what + ": " + e.getMessage() + " (not retried)");
            } catch (IOException e) {
                last = new UpdateException(
                        UpdateException.Kind.NETWORK,
                        what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            if (attempt < options.attempts()) {
                sleep(delay);
                delay *= 2;
            }
        }
        throw new UpdateException(
                Objects.requireNonNull(last).kind(),
                last.getMessage() + " (after " + options.attempts() + " attempts)");
    }

    private static Response response(int code, HttpResponse<?> r) {
        return new Response(
                code,
                r.headers().firstValue("ETag").orElse(null),
                r.headers().firstValue("Last-Modified").orElse(null));
    }

    private HttpResponse<InputStream> send(URI uri, Map<String, String> headers) throws IOException {
        URI target = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(target).timeout(options.timeout()).header("User-Agent", options.userAgent());
            headers.forEach(b::header);
            if (authorization != null && sameOrigin(target)) {
                b.header("Authorization", authorization);
            }
            HttpResponse<InputStream> r;
            try {
                r = client.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            int code = r.statusCode();
            if (code / 100 != 3 || code == 304) {
                return r;
            }
            drain(r.body());
            String loc = r.headers()
                    .firstValue("Location")
                    .orElseThrow(() -> new RefusedRedirect("redirect without a Location"));
            try {
                target = target.resolve(loc.strip());
            } catch (IllegalArgumentException e) {
                throw new RefusedRedirect("the server redirected to an invalid address");
            }
            if (!allowed(target)) {
                throw new RefusedRedirect("refusing a redirect to a non-HTTPS address");
            }
        }
        throw new RefusedRedirect("more than " + MAX_REDIRECTS + " redirects");
    }

    /** A redirect that is not followed (not HTTPS, invalid, too many): final, never retried. */
    private static final class RefusedRedirect extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedRedirect(String message) {
            super(message);
        }
    }

    private boolean sameOrigin(URI u) {
        return u.getScheme().equals(origin.getScheme())
                && u.getHost().equalsIgnoreCase(origin.getHost())
                && u.getPort() == origin.getPort();
    }

    /** HTTPS anywhere; plain HTTP only to this machine (tests, a local mirror). */
    public static boolean allowed(URI u) {
        return u.getHost() != null
                && ("https".equals(u.getScheme()) || ("http".equals(u.getScheme()) && isLoopback(u)));
    }

    static boolean isLoopback(URI u) {
        String h = u.getHost();
        return h != null && (h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1"));
    }

    /**
     * The client's timeout ends with the response headers; a server that then stops sending would
     * hold the download forever. A watchdog closes the body when no byte arrived for the timeout,
     * which ends the blocked read.
     */
    private void copyWatched(InputStream in, Sink sink, long max, MessageDigest digest, String what)
            throws IOException {
        ProgressInput watched = new ProgressInput(in);
        long limit = options.timeout().toNanos();
        java.util.concurrent.ScheduledExecutorService dog =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "iptriage-download-watchdog");
                    t.setDaemon(true);
                    return t;
                });
        long period = Math.max(50, options.timeout().toMillis() / 4);
        dog.scheduleAtFixedRate(
                () -> watched.closeIfIdle(limit), period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            copy(watched, sink, max, digest, what);
        } catch (IOException e) {
            if (watched.stalled()) {
                throw new UpdateException(
                        UpdateException.Kind.NETWORK,
                        what + ": no data for " + options.timeout().toSeconds() + " s (stalled download)");
            }
            throw e;
        } finally {
            dog.shutdownNow();
        }
    }

    private static void copy(InputStream in, Sink sink, long max, MessageDigest digest, String what)
            throws IOException {
        try (in;
                OutputStream out = sink.open()) {
            BoundedCopy.copy(in, out, max, digest, what);
        }
    }

    private static void drain(InputStream in) {
        try (in) {
            in.readNBytes(4096);
        } catch (IOException ignored) {
            // the status code already says what went wrong
        }
    }

    private UpdateException failure(int code, String what, HttpResponse<?> r) {
        if (authorization == null && (code == 401 || code == 403 || code == 429)) {
            // no account: neither the license key nor the per-day download limit is the reason
            return new UpdateException(
                    code == 429 ? UpdateException.Kind.RATE_LIMITED : UpdateException.Kind.AUTH,
                    what + ": " + (code == 429 ? "too many requests" : "refused") + " (HTTP " + code + ")"
                            + (code == 429 ? ", try again " + retryAfter(r) : ""));
        }
        return switch (code) {
            case 401, 403 ->
                new UpdateException(
                        UpdateException.Kind.AUTH,
                        what + ": the server refused the account id and license key (HTTP " + code
                                + "): check AccountID and LicenseKey");
            case 404 -> new UpdateException(UpdateException.Kind.NOT_FOUND, what + ": not found (HTTP 404)");
            case 429 ->
                new UpdateException(
                        UpdateException.Kind.RATE_LIMITED,
                        what + ": too many requests (HTTP 429; the download limit is per day), try again "
                                + retryAfter(r));
            default ->
                new UpdateException(
                        code >= 500 ? UpdateException.Kind.NETWORK : UpdateException.Kind.CORRUPT,
                        what + ": HTTP " + code);
        };
    }

    private static String retryAfter(HttpResponse<?> r) {
        return r.headers()
                .firstValue("Retry-After")
                .map(s -> seconds(s) >= 0 ? "in " + seconds(s) + " s" : "later")
                .orElse("later");
    }

    /** Retry-After in seconds (the HTTP-date form counts as unknown). */
    private static long seconds(String s) {
        return s.strip().matches("[0-9]{1,9}") ? Long.parseLong(s.strip()) : -1;
    }

    private void sleep(long millis) throws UpdateException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpdateException(UpdateException.Kind.NETWORK, "interrupted");
        }
    }
}
