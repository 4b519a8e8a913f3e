package dev.iptriage.webservice;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How a run asks a MaxMind web service.
 *
 * @param product the service
 * @param base the service's base URL: {@code https://geoip.maxmind.com}, {@code https://geolite.info}, ...; {@code
 *     http://} only to a loopback address (a local stub: the license key travels in every request)
 * @param accountId the account id
 * @param licenseKey the license key: sent in the Authorization header, never written anywhere ({@link #toString()}
 *     masks it)
 * @param lang the language of names ({@code en}, {@code de}...), English where the answer has none in it
 * @param concurrency most queries in flight at once
 * @param maxQueries most paid answers this run (-1: no limit)
 * @param minRemaining stop asking before the account's {@code queries_remaining} would go below this (-1: never)
 * @param requestTimeout most time one request may take (then it is retried)
 * @param retries times a failed request is tried again (429, 5xx, timeouts, broken connections)
 * @param backoff the first wait before a retry (doubled each time, with jitter), when the service says no
 *     {@code Retry-After}
 * @param maxBackoff the longest wait before a retry, {@code Retry-After} included
 * @param sslContext the TLS trust to use (a local stub's certificate, a TLS-inspecting proxy's), or null for the
 *     system's
 * @param clock the time of the cache's entries
 */
public record WebServiceSettings(
        WebServiceProduct product,
        URI base,
        String accountId,
        String licenseKey,
        String lang,
        int concurrency,
        long maxQueries,
        long minRemaining,
        Duration requestTimeout,
        int retries,
        Duration backoff,
        Duration maxBackoff,
        SSLContext sslContext,
        Clock clock) {
    /** The paid service's host. */
    public static final String MAXMIND_HOST = "geoip.maxmind.com";

    /** The GeoLite service's host (Country and City only, about 1,000 queries a day). */
    public static final String GEOLITE_HOST = "geolite.info";

    /** The sandbox's host. */
    public static final String SANDBOX_HOST = "sandbox.maxmind.com";

    /** The default number of queries in flight. */
    public static final int DEFAULT_CONCURRENCY = 16;

    /**
     * Checks.
     *
     * @throws IllegalArgumentException for a base URL that is not https (or http to a loopback address), a missing
     *     account, or a GeoLite host asked for Insights
     */
    public WebServiceSettings {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(clock, "clock");
        if (accountId == null || accountId.isBlank() || licenseKey == null || licenseKey.isBlank()) {
            throw new IllegalArgumentException("no MaxMind account: set AccountID and LicenseKey in GeoIP.conf, or"
                    + " MAXMIND_ACCOUNT_ID and MAXMIND_LICENSE_KEY");
        }
        if (!accountId.strip().matches("[0-9]{1,12}")) {
            // not the value: a license key pasted in the wrong place must not be printed
            throw new IllegalArgumentException(
                    "the MaxMind account id is a number (AccountID, MAXMIND_ACCOUNT_ID," + " --account-id)");
        }
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (base.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && loopback(base)))) {
            throw new IllegalArgumentException("the web service is asked over https only (http only to this machine,"
                    + " for a local stub), not " + base.getScheme() + "://" + base.getHost());
        }
        if (base.getUserInfo() != null || base.getQuery() != null || base.getFragment() != null) {
            throw new IllegalArgumentException("the web service URL is a scheme, host and port only");
        }
        if (product == WebServiceProduct.INSIGHTS && GEOLITE_HOST.equalsIgnoreCase(base.getHost())) {
            throw new IllegalArgumentException("the GeoLite web service answers country and city, not insights");
        }
        if (concurrency < 1 || retries < 0) {
            throw new IllegalArgumentException("concurrency at least 1, retries at least 0");
        }
    }

    /** The settings of a product and account with the defaults: the paid host, English, 16 in flight, no budget. */
    public static WebServiceSettings of(WebServiceProduct product, String accountId, String licenseKey) {
        return new WebServiceSettings(
                product,
                URI.create("https://" + MAXMIND_HOST),
                accountId,
                licenseKey,
                "en",
                DEFAULT_CONCURRENCY,
                -1,
                -1,
                Duration.ofSeconds(20),
                3,
                Duration.ofMillis(500),
                Duration.ofSeconds(60),
                null,
                Clock.systemUTC());
    }

    /**
     * The base URL of a {@code --webservice-host} value: a host name ({@code geolite.info}), a {@code host:port}, or
     * a URL ({@code https://host:port}).
     *
     * @throws IllegalArgumentException when it is none of these
     */
    public static URI baseOf(String hostOrUrl) {
        String s = hostOrUrl.strip();
        URI u;
        try {
            u = URI.create(s.contains("://") ? s : "https://" + s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a host name or URL: " + s);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("not a host name or URL: " + s);
        }
        String path = u.getPath() == null ? "" : u.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("the web service URL has no path (" + path + ")");
        }
        return URI.create(u.getScheme() + "://" + u.getRawAuthority());
    }

    /** {@return the host and port the answers are kept under in the cache, and named in the summary} */
    public String authority() {
        return base.getRawAuthority();
    }

    private static boolean loopback(URI u) {
        String h = u.getHost();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name could resolve anywhere
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no DNS
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "WebServiceSettings[" + product.path() + " " + base + ", account " + accountId + ", key ****]";
    }
}
