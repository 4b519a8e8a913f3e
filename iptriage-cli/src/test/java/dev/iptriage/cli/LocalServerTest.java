package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iptriage serve}'s server: the token, the cookie, the Host and Origin checks, the headers, the job stream. */
class LocalServerTest {
    @TempDir
    Path dir;

    private Engine engine;
    private LocalServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        engine = Engine.builder()
                .databases(List.of(Database.open(Fixtures.city(dir)), Database.open(Fixtures.asn(dir))))
                .build();
        server = new LocalServer(engine, "default", 1 << 20, 0);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Exchanges the token; returns the session cookie. */
    private String login() throws Exception {
        HttpResponse<String> r = get(
                URI.create(server.url()).getRawPath() + "?"
                        + URI.create(server.url()).getRawQuery(),
                null);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/");
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(set).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        return set.substring(0, set.indexOf(';'));
    }

    private HttpResponse<String> post(String cookie, String origin, String site, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/api/enrich?from=auto"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (site != null) {
            b.header("Sec-Fetch-Site", site);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with a Host header of our choosing (the JDK client will not send a forged one). */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theTokenIsExchangedOnceForAnHttpOnlyCookieAndNothingAnswersWithoutIt() throws Exception {
        assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{32}");
        assertThat(get("/", null).statusCode()).isEqualTo(401);
        assertThat(get("/app.js", null).statusCode()).isEqualTo(401);
        assertThat(get("/?token=00000000000000000000000000000000", null).statusCode())
                .isEqualTo(403);
        assertThat(get("/", "iptriage_session=guess").statusCode()).isEqualTo(401);
        String cookie = login();
        HttpResponse<String> page = get("/", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<script src=\"/app.js\" defer></script>")
                .doesNotContain("<script>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(LocalServer.CSP);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("Cross-Origin-Resource-Policy")).contains("same-origin");
        assertThat(page.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control"));
        assertThat(get("/app.js", cookie).body()).contains("textContent").doesNotContain("innerHTML");
    }

    @Test
    void aForeignOrMalformedHostIsForbiddenAndTheServerGoesOn() throws Exception {
        int p = server.port();
        for (String host : List.of(
                "evil.example:" + p,
                "rebind.test:" + p,
                "127.0.0.1:" + (p + 1),
                "127.0.0.1",
                "[::1",
                "localhost:" + p + "@evil",
                "")) {
            String answer = raw("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(host).startsWith("HTTP/1.1 403");
        }
        assertThat(raw("GET / HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 403"); // no Host at all
        assertThat(raw("GET / HTTP/1.1\r\nHost: localhost:" + p + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 401"); // the right name: on to the session check
        assertThat(get("/", login()).statusCode()).isEqualTo(200);
    }

    @Test
    void theJobEndpointWantsTheCookieAndThePagesOwnOrigin() throws Exception {
        String cookie = login();
        String origin = base();
        assertThat(post(null, origin, "same-origin", "8.8.8.8\n").statusCode()).isEqualTo(401);
        assertThat(post(cookie, null, null, "8.8.8.8\n").statusCode()).isEqualTo(403);
        assertThat(post(cookie, "http://evil.example", "cross-site", "8.8.8.8\n")
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(cookie, origin, "cross-site", "8.8.8.8\n").statusCode()).isEqualTo(403);
        assertThat(post(cookie, origin, "same-site", "8.8.8.8\n").statusCode()).isEqualTo(403);
        assertThat(post(cookie, "http://localhost:" + server.port(), "same-origin", "8.8.8.8\n")
                        .statusCode())
                .as("the Origin of another name than the Host's")
                .isEqualTo(403);
        HttpResponse<String> ok = post(cookie, origin, "same-origin", "8.8.8.8\n");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).contains("application/x-ndjson; charset=utf-8");
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base() + "/api/enrich"))
                                        .header("Cookie", cookie)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(405);
    }

    @Test
    void theStreamHasTheRowsEnrichWritesThenASummary() throws Exception {
        String input = "8.8.8.8\nnot an address\n10.0.0.1\n81.2.69.160\n2001:4860::1\n9.9.9.9\n";
        String cookie = login();
        List<String> lines =
                post(cookie, base(), "same-origin", input).body().lines().toList();
        Cli.Result cli = Cli.run(
                input,
                "enrich",
                "--db",
                dir.resolve("GeoLite2-City.mmdb").toString(),
                "--db",
                dir.resolve("GeoLite2-ASN.mmdb").toString(),
                "--from",
                "auto", // as the page asks by default
                "-f",
                "jsonl",
                "-q",
                "-");
        assertThat(lines.subList(0, lines.size() - 1))
                .isEqualTo(cli.out().lines().toList());
        assertThat(lines.get(lines.size() - 1))
                .startsWith(
                        "{\"summary\":{\"rows\":" + (lines.size() - 1) + ",\"statuses\":{\"ok\":3,\"not_found\":1,");

        // a log: the same --from modes as enrich
        String log = "Dec  1 10:00:00 host sshd[1]: Failed password for root from 81.2.69.160 port 22 ssh2\n";
        HttpResponse<String> sshd = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/enrich?from=sshd"))
                        .header("Cookie", cookie)
                        .header("Origin", base())
                        .POST(HttpRequest.BodyPublishers.ofString(log))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sshd.body()).contains("\"ip\":\"81.2.69.160\"").contains("\"city\":\"London\"");
    }

    @Test
    void anUploadOverTheCapIsRefusedOrCutWithAClearMessage() throws Exception {
        String cookie = login();
        String big = "8.8.8.8\n".repeat((1 << 20) / 8 + 10);
        HttpResponse<String> declared = post(cookie, base(), "same-origin", big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("at most 1 MiB");
        // without a length (a stream): the rows of its beginning, then the reason
        HttpResponse<String> streamed = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/enrich"))
                        .header("Cookie", cookie)
                        .header("Origin", base())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(200);
        List<String> lines = streamed.body().lines().toList();
        assertThat(lines.get(lines.size() - 1)).contains("\"error\":\"the upload is larger than 1 MiB");
    }
}
