package dev.iptriage.dbupdate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Downloads databases into a folder, like MaxMind's geoipupdate ({@code iptriage db update}).
 *
 * <p>MaxMind: for each edition, the published SHA-256 ({@code
 * /geoip/databases/EDITION/download?suffix=tar.gz.sha256}, which does not count against the daily
 * download limit) is compared with the one stored after the last successful update, and the installed file with
 * the SHA-256 it had then; only a changed edition (or a damaged or replaced file) is downloaded ({@code suffix=tar.gz}, HTTP basic auth with account id and license key),
 * checked against that SHA-256, unpacked, verified structurally, and renamed into place, the old
 * file kept as {@code EDITION.mmdb.previous}. DB-IP Lite ({@link Source#DBIP_LITE}): the monthly
 * {@code EDITION-YYYY-MM.mmdb.gz} (no account), installed when its month is newer than the stored
 * one and of the edition's type and month, with its CC BY 4.0 attribution written beside it.
 *
 * <p>A lock on the folder serialises concurrent runs. A failure leaves the edition's current file
 * untouched. Entry point: {@link #update}.
 */
public final class DatabaseUpdater {
    /** Where MaxMind serves direct downloads. */
    public static final String MAXMIND_HOST = "download.maxmind.com";
    /** Where DB-IP serves the Lite files. */
    public static final String DBIP_HOST = "download.db-ip.com";
    /** The attribution DB-IP's licence requires. */
    public static final String DBIP_ATTRIBUTION =
            "IP Geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0"
                    + " (https://creativecommons.org/licenses/by/4.0/)";

    static final String STATE_DIR = ".iptriage-update";

    private DatabaseUpdater() {}

    /** Where databases come from. */
    public enum Source {
        /** MaxMind GeoIP2/GeoLite2, with an account. */
        MAXMIND,
        /** DB-IP Lite monthly files, no account. */
        DBIP_LITE
    }

    /**
     * How to update.
     *
     * @param source where from
     * @param directory the target folder (created if missing)
     * @param dryRun only check what would change: no database is downloaded
     * @param attempts tries per request for 5xx and network errors
     * @param backoff first wait between tries (doubled each time)
     * @param maxRetryAfter longest 429 Retry-After waited for; longer ones fail at once
     * @param timeout per-request timeout
     * @param lockWait how long to wait for another run's lock
     * @param maxBytes size limit of a download and of the unpacked database
     * @param clock the time (DB-IP's monthly file names)
     * @param tls the TLS context for HTTPS (trusted certificates), or null for the JDK's default
     */
    public record Options(
            Source source,
            Path directory,
            boolean dryRun,
            int attempts,
            Duration backoff,
            Duration maxRetryAfter,
            Duration timeout,
            Duration lockWait,
            long maxBytes,
            Clock clock,
            SSLContext tls) {
        /** A copy with {@code dryRun} set. */
        public Options withDryRun(boolean d) {
            return new Options(
                    source, directory, d, attempts, backoff, maxRetryAfter, timeout, lockWait, maxBytes, clock, tls);
        }

        /** A copy that trusts what {@code context} trusts (a private mirror's certificate, tests). */
        public Options withTls(SSLContext context) {
            return new Options(
                    source,
                    directory,
                    dryRun,
                    attempts,
                    backoff,
                    maxRetryAfter,
                    timeout,
                    lockWait,
                    maxBytes,
                    clock,
                    context);
        }
    }

    /** What happened to an edition. */
    public enum Status {
        /** Downloaded and installed. */
        UPDATED,
        /** Already current: nothing downloaded. */
        UNCHANGED,
        /** Dry run: a newer file is available. */
        WOULD_UPDATE,
        /** Failed; the current file (if any) is untouched. */
        FAILED
    }

    /**
     * One edition's outcome.
     *
     * @param edition the edition id
     * @param status what happened
     * @param file the database file in the folder
     * @param detail a one-line explanation
     * @param failure the kind of failure, when failed
     */
    public record Outcome(String edition, Status status, Path file, String detail, UpdateException.Kind failure) {}

    /**
     * Updates every edition of {@code config}, one after the other, under the folder lock.
     *
     * @param log progress messages (never the license key)
     * @return one outcome per edition (a failure of one edition does not stop the others, except
     *     refused credentials and rate limiting, which would fail them all)
     * @throws UpdateException for unusable settings or when the lock cannot be taken
     */
    @SuppressWarnings("try") // the lock is held, not used, inside the try
    public static List<Outcome> update(UpdateConfig config, Options options, Consumer<String> log)
            throws UpdateException {
        Source source = options.source();
        if (source == Source.MAXMIND
                && (config.accountId() == null || config.key().isEmpty())) {
            throw new UpdateException(
                    UpdateException.Kind.CONFIG,
                    "no MaxMind account: set AccountID and LicenseKey in GeoIP.conf, or MAXMIND_ACCOUNT_ID and"
                            + " MAXMIND_LICENSE_KEY (or use --source dbip-lite, which needs no account)");
        }
        if (config.editions().isEmpty()) {
            throw new UpdateException(UpdateException.Kind.CONFIG, "no editions to update (EditionIDs)");
        }
        URI base = base(config.host(), source == Source.MAXMIND ? MAXMIND_HOST : DBIP_HOST);
        Path dir = options.directory();
        try {
            Files.createDirectories(dir.resolve(STATE_DIR));
        } catch (IOException e) {
            throw new UpdateException(UpdateException.Kind.CONFIG, dir + ": cannot create the folder: " + e);
        }
        Http http = new Http(client(config, options), base, authorization(config, source), options);
        Edition edition = source == Source.MAXMIND
                ? new MaxMindEdition(http, base, options)
                : new DbIpEdition(http, base, options);
        try (FolderLock lock = FolderLock.acquire(dir.resolve(STATE_DIR).resolve("lock"), options.lockWait())) {
            log.accept("updating " + dir);
            Installer.removeLeftovers(dir); // of a run killed mid-download
            return run(config.editions(), edition, options, log);
        } catch (UpdateException e) {
            throw e;
        } catch (IOException e) {
            throw new UpdateException(UpdateException.Kind.CONFIG, dir + ": " + e.getMessage());
        }
    }

    private static List<Outcome> run(List<String> editions, Edition edition, Options options, Consumer<String> log) {
        List<Outcome> out = new ArrayList<>();
        UpdateException fatal = null;
        for (String ed : editions) {
            Path file = options.directory().resolve(ed + ".mmdb");
            if (fatal != null) {
                out.add(new Outcome(ed, Status.FAILED, file, "skipped: " + fatal.getMessage(), fatal.kind()));
                continue;
            }
            try {
                out.add(edition.update(ed, file, log));
            } catch (UpdateException e) {
                out.add(new Outcome(ed, Status.FAILED, file, e.getMessage(), e.kind()));
                if (e.kind() == UpdateException.Kind.AUTH || e.kind() == UpdateException.Kind.RATE_LIMITED) {
                    fatal = e;
                }
            }
        }
        return out;
    }

    /** {@code download.maxmind.com} -> https://download.maxmind.com; a URL is taken as is. */
    static URI base(String host, String fallback) throws UpdateException {
        String h = host == null || host.isBlank() ? fallback : host.strip();
        URI u;
        try {
            u = URI.create(h.contains("://") ? h : "https://" + h);
        } catch (IllegalArgumentException e) {
            u = URI.create("invalid:x");
        }
        if (u.getHost() == null || u.getScheme() == null) {
            throw new UpdateException(UpdateException.Kind.CONFIG, "Host '" + h + "' is not a host name or URL");
        }
        if (!Http.allowed(u)) {
            // the license key travels in the request: plain HTTP only to this machine (tests, local mirrors)
            throw new UpdateException(UpdateException.Kind.CONFIG, "Host '" + h + "' must use HTTPS");
        }
        return u;
    }

    private static String authorization(UpdateConfig c, Source source) {
        if (source != Source.MAXMIND) {
            return null;
        }
        String pair = c.accountId() + ":" + c.licenseKey();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpClient client(UpdateConfig c, Options o) throws UpdateException {
        HttpClient.Builder b =
                HttpClient.newBuilder().connectTimeout(o.timeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (o.tls() != null) {
            b.sslContext(o.tls());
        }
        if (c.proxy() != null && !c.proxy().isBlank()) {
            String p = c.proxy().replaceFirst("^[a-z]+://", "");
            int colon = p.lastIndexOf(':');
            try {
                String host = colon < 0 ? p : p.substring(0, colon);
                int port = colon < 0 ? 1080 : Integer.parseInt(p.substring(colon + 1));
                b.proxy(ProxySelector.of(new InetSocketAddress(host, port)));
            } catch (IllegalArgumentException e) {
                throw new UpdateException(UpdateException.Kind.CONFIG, "Proxy '" + c.proxy() + "' is not host:port");
            }
        }
        return b.build();
    }

    /** One source's way of updating one edition. */
    interface Edition {
        Outcome update(String edition, Path file, Consumer<String> log) throws UpdateException;
    }
}
