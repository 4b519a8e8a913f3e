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
        String url = server.url();
        String token = "/?" + URI.create(url).getRawQuery();
        HttpResponse<String> first = get(token, null);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(get(token, null).statusCode()).as("the token is used up").isEqualTo(403);
        String set = first.headers().firstValue("Set-Cookie").orElseThrow();
        // the cookie's name holds the port: two servers in one browser keep their own sessions
        assertThat(set).startsWith("iptriage_session_" + server.port() + "=");
        String cookie = set.substring(0, set.indexOf(';'));
        assertThat(get("/", cookie.replace("_" + server.port(), "")).statusCode())
                .isEqualTo(401);
        HttpResponse<String> page = get("/", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("src=\"/app.js\"").doesNotContain("<script>");
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
    void aMalformedForeignOrRepeatedOriginIsForbiddenAndTheServerGoesOn() throws Exception {
        String cookie = login();
        int p = server.port();
        String own = "http://127.0.0.1:" + p;
        List<String> bad = List.of(
                "Origin: null",
                "Origin: " + own + "/",
                "Origin: " + own + ".evil.example",
                "Origin: https://127.0.0.1:" + p,
                "Origin: http://127.0.0.1:" + (p + 1),
                "Origin: http://[::1]:" + p,
                "Origin: " + own + "\r\nOrigin: http://evil.example",
                "Origin: http://evil.example\r\nOrigin: " + own,
                "Origin: " + own + "\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Site: cross-site",
                "Origin: " + "x".repeat(8000),
                "Origin: \u00ff\u0001" + own,
                "X-No-Origin: 1");
        for (String h : bad) {
            String answer = raw("POST /api/enrich?from=list HTTP/1.1\r\nHost: 127.0.0.1:" + p + "\r\nCookie: " + cookie
                    + "\r\n" + h + "\r\nContent-Length: 8\r\nConnection: close\r\n\r\n8.8.8.8\n");
            assertThat(answer).as(h).matches("(?s)HTTP/1.1 (403|400|431).*");
        }
        assertThat(server.started()).isZero();
        String ok = raw("POST /api/enrich?from=list HTTP/1.1\r\nHost: 127.0.0.1:" + p + "\r\nCookie: " + cookie
                + "\r\nOrigin: " + own + "\r\nContent-Length: 8\r\nConnection: close\r\n\r\n8.8.8.8\n");
        assertThat(ok).startsWith("HTTP/1.1 200").contains("\"ip\":\"8.8.8.8\"");
        // two Host headers: the first may be ours, the second not
        assertThat(raw("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + p + "\r\nHost: evil.example\r\nCookie: " + cookie
                        + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
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
    void theStreamHasItsColumnsThenTheRowsOfEnrichUniqueThenASummary() throws Exception {
        String input = "8.8.8.8\nnot an address\n10.0.0.1\n81.2.69.160\n8.8.8.8\n\n2001:4860::1\n9.9.9.9\n8.8.8.8\n";
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
                "-u",
                "-f",
                "jsonl",
                "-q",
                "-");
        List<String> rows = lines.stream().filter(l -> l.startsWith("{\"ip\":")).toList();
        assertThat(rows).isEqualTo(cli.out().lines().toList());
        assertThat(rows.get(0)).contains("\"ip\":\"8.8.8.8\"").endsWith("\"count\":3}");
        // the first line names the rows' keys, in their order; the last sums the job up
        String keys = rows.get(0).replaceAll("\"([a-z_]+)\":[^,]*(,|})", "\"$1\"$2");
        assertThat(lines.get(0)).isEqualTo("{\"columns\":[" + keys.substring(1, keys.length() - 1) + "]}");
        assertThat(lines.get(lines.size() - 1))
                .as("auto reads this mix as text: the line without an address is no row")
                .startsWith("{\"summary\":{\"rows\":5,\"lines\":9,\"sightings\":7,"
                        + "\"statuses\":{\"ok\":3,\"not_found\":1,\"private\":1,\"reserved\":0,\"invalid\":0,")
                .contains("\"errors\":[]")
                .contains("\"sent\":[]");
        assertThat(lines)
                .as("nothing but columns, rows, progress and the summary")
                .allMatch(l -> l.startsWith("{\"ip\":")
                        || l.startsWith("{\"columns\":")
                        || l.startsWith("{\"progress\":")
                        || l.startsWith("{\"summary\":"));

        // a log: the same --from modes as enrich, with its sighting columns
        String log = "Dec  1 10:00:00 host sshd[1]: Failed password for root from 81.2.69.160 port 22 ssh2\n";
        HttpResponse<String> sshd = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/enrich?from=sshd"))
                        .header("Cookie", cookie)
                        .header("Origin", base())
                        .POST(HttpRequest.BodyPublishers.ofString(log))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sshd.body())
                .contains("\"ip\":\"81.2.69.160\"")
                .contains("\"city\":\"London\"")
                .contains("\"failed_logins\":1");
        // gzip, as a browser uploads a .gz file: as it is
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (OutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
            z.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        HttpResponse<String> zipped = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/enrich"))
                        .header("Cookie", cookie)
                        .header("Origin", base())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(zipped.body().lines().filter(l -> l.startsWith("{\"ip\":"))).containsExactlyElementsOf(rows);
    }

    @Test
    void jobsOfSeveralTabsAtOnceGetTheRowsEachGetsAlone() throws Exception {
        String cookie = login();
        java.util.Random random = new java.util.Random(17);
        List<String> inputs = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                b.append(random.nextInt(4) == 0 ? "81.2.69." : "8.8." + random.nextInt(256) + ".")
                        .append(random.nextInt(256))
                        .append('\n');
            }
            inputs.add(b.toString());
        }
        List<String> alone = new java.util.ArrayList<>();
        for (String in : inputs) {
            alone.add(rowsOf(post(cookie, base(), "same-origin", in).body()));
        }
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> together = new java.util.ArrayList<>();
        for (int t = 0; t < inputs.size(); t++) {
            together.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base() + "/api/enrich?from=list"))
                            .header("Cookie", cookie)
                            .header("Origin", base())
                            .header(LocalServer.TAB, "tab-" + t)
                            .POST(HttpRequest.BodyPublishers.ofString(inputs.get(t)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int t = 0; t < inputs.size(); t++) {
            assertThat(rowsOf(together.get(t).get().body())).as("tab %d", t).isEqualTo(alone.get(t));
        }
    }

    private static String rowsOf(String answer) {
        return answer.lines().filter(l -> l.startsWith("{\"ip\":")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void aBadModeOrAnUnknownSourceIsABadRequest() throws Exception {
        String cookie = login();
        for (String q : List.of("from=nosuch", "sources=ptr", "from=csv:")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/api/enrich?" + q))
                            .header("Cookie", cookie)
                            .header("Origin", base())
                            .POST(HttpRequest.BodyPublishers.ofString("8.8.8.8\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.body()).as(q).startsWith("Bad request: ");
        }
    }

    @Test
    void theConfigSaysWhatThePageMayOfferAndNeedsTheSession() throws Exception {
        assertThat(get("/api/config", null).statusCode()).isEqualTo(401);
        HttpResponse<String> c = get("/api/config", login());
        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(c.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(c.body())
                .contains("\"fields\":\"default\"")
                .contains("\"maxUpload\":1048576")
                .contains("\"sources\":[]")
                .contains("\"id\":\"nginx\"");
        // the map's names to codes: the report's mapping, both the databases' and the outlines' spellings
        assertThat(c.body()).contains("\"united states\":\"US\"", "\"united states of america\":\"US\"");
    }

    @Test
    void theMapsFilesComeFromTheServerAndNothingElseIsServed() throws Exception {
        String cookie = login();
        assertThat(get("/vendor/leaflet.js", cookie).body()).contains("Leaflet");
        assertThat(get("/vendor/leaflet.css", cookie).body())
                .contains("data:image/png;base64,")
                .doesNotContain("url(images/");
        assertThat(get("/vendor/markercluster.js", cookie).body()).contains("MarkerClusterGroup");
        assertThat(get("/world.geojson", cookie).body()).startsWith("{").contains("\"iso\"");
        for (String path : List.of(
                "/vendor/../app.js",
                "/vendor/leaflet.js.map",
                "/%2e%2e/pom.xml",
                "/serve/app.js",
                "/App.js",
                "/app.js.bak",
                "/dev/iptriage/cli/Main.class",
                "/version.properties")) {
            assertThat(raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nCookie: " + cookie
                            + "\r\nConnection: close\r\n\r\n"))
                    .as(path)
                    .startsWith("HTTP/1.1 404");
        }
    }

    @Test
    void theReportOfAViewIsTheReportOfTheSameRowsAsAnEnrichOutput() throws Exception {
        String cookie = login();
        String input = "8.8.8.8\n81.2.69.160\n81.2.69.160\n203.0.113.9\n10.0.0.1\n";
        String rows = post(cookie, base(), "same-origin", input)
                .body()
                .lines()
                .filter(l -> l.startsWith("{\"ip\":"))
                .map(l -> l + "\n")
                .collect(java.util.stream.Collectors.joining());
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/report"))
                        .header("Cookie", cookie)
                        .header("Origin", base())
                        .POST(HttpRequest.BodyPublishers.ofString(rows))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"iptriage-report.html\"");
        // the hostile city name of 203.0.113.9 is in the report, escaped, never markup
        assertThat(page.body()).doesNotContain(Fixtures.HOSTILE_CITY).contains("\\u003cscript\\u003ealert(1)");
        Path view = dir.resolve("view.jsonl");
        java.nio.file.Files.writeString(view, rows);
        Path html = dir.resolve("view.html");
        assertThat(Cli.run("", "report", "-q", "-o", html.toString(), view.toString())
                        .code())
                .isZero();
        assertThat(reportData(page.body())).isEqualTo(reportData(java.nio.file.Files.readString(html)));
        // a cross-site page cannot have one made either
        HttpResponse<String> cross = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/report"))
                        .header("Cookie", cookie)
                        .header("Origin", "http://evil.example")
                        .POST(HttpRequest.BodyPublishers.ofString(rows))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cross.statusCode()).isEqualTo(403);
    }

    /** The data a report's map and table are drawn from. */
    private static String reportData(String html) {
        int i = html.indexOf("id=\"report-data\"");
        assertThat(i).isPositive();
        int start = html.indexOf('>', i) + 1;
        return html.substring(start, html.indexOf("</script>", start));
    }

    @Test
    void aNewJobOfTheSameTabStopsItsLastOne() throws Exception {
        String cookie = login();
        try (Socket first = new Socket("127.0.0.1", server.port())) {
            first.setSoTimeout(30_000);
            OutputStream o = first.getOutputStream();
            // a job whose upload has begun and goes on (a chunked body, never ended)
            o.write(("POST /api/enrich?from=list HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nCookie: "
                            + cookie + "\r\nOrigin: " + base() + "\r\n" + LocalServer.TAB
                            + ": tab-1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n8.8.8.8\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertThat(status).startsWith("HTTP/1.1 200");
            awaitRunning(1);
            // how far a tab's job is: asked apart, since a browser reads no answer before its upload is sent
            assertThat(get("/api/progress", cookie).body()).isEqualTo("{\"running\":false}");
            HttpResponse<String> progress = http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/api/progress"))
                            .header("Cookie", cookie)
                            .header(LocalServer.TAB, "tab-1")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(progress.body()).startsWith("{\"running\":true,\"bytes\":8,\"total\":-1,\"lines\":");
            HttpResponse<String> second = http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/api/enrich"))
                            .header("Cookie", cookie)
                            .header("Origin", base())
                            .header(LocalServer.TAB, "tab-1")
                            .POST(HttpRequest.BodyPublishers.ofString("9.9.9.9\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(second.body()).contains("\"ip\":\"9.9.9.9\"");
            // the first job's upload goes on; its next read says it was replaced, and its answer ends so
            o.write("8\r\n1.1.1.1\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            assertThat(untilLastChunk(in)).contains("\"error\":\"a newer job of this tab replaced it\"");
        }
        awaitRunning(0);
    }

    @Test
    void anUploadSlowerThanTheTimeCapEndsWithTheRowsItHadAndWhy() throws Exception {
        server.close();
        server = new LocalServer(
                engine,
                new LocalServer.Settings(
                        "default",
                        1 << 20,
                        java.time.Duration.ofSeconds(1),
                        List.of(),
                        List.of(),
                        List.of(),
                        java.time.Clock.systemUTC(),
                        null),
                0);
        server.start();
        String cookie = login();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream o = s.getOutputStream();
            o.write(("POST /api/enrich?from=list HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nCookie: " + cookie
                            + "\r\nOrigin: " + base() + "\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            // a trickle: one address each 300 ms, past the 1 s cap
            for (int i = 0; i < 8; i++) {
                o.write(("8\r\n8.8.8." + i + "\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                o.flush();
                Thread.sleep(300);
            }
            String answer = untilLastChunk(new java.io.BufferedReader(
                    new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)));
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"ip\":\"8.8.8.0\"");
            assertThat(answer).contains("\"error\":\"the upload took longer than the time cap");
        }
    }

    /** A chunked answer's lines up to its last (empty) chunk; the upload may still be open. */
    private static String untilLastChunk(java.io.BufferedReader in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l; (l = in.readLine()) != null && !l.equals("0"); ) {
            b.append(l).append('\n');
        }
        return b.toString();
    }

    private void awaitRunning(int n) throws InterruptedException {
        for (int i = 0; i < 600 && server.running() != n; i++) {
            Thread.sleep(50);
        }
        assertThat(server.running()).isEqualTo(n);
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

    /**
     * An upload over the cap without a declared length, in every {@code from} mode: the rows are those of the whole
     * lines of its first MiB, the same rows {@code enrich -u} gives for that text cut at the cap, and the summary says
     * the rows were cut.
     */
    @Test
    void anUploadOverTheCapGivesTheRowsOfItsBeginningInEveryMode() throws Exception {
        String cookie = login();
        int cap = 1 << 20;
        java.util.function.IntFunction<String> address =
                i -> "81." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
        java.util.Map<String, java.util.function.IntFunction<String>> modes = new java.util.LinkedHashMap<>();
        modes.put("list", address);
        modes.put("text", address);
        modes.put("auto", address);
        modes.put(
                "nginx",
                i -> address.apply(i) + " - - [01/Dec/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"t\"");
        modes.put("csv:ip", i -> i == 0 ? "ip,n" : address.apply(i) + "," + i);
        modes.put("jsonl:ip", i -> "{\"ip\":\"" + address.apply(i) + "\"}");
        for (var m : modes.entrySet()) {
            StringBuilder b = new StringBuilder();
            int longest = 0;
            for (int i = 0; b.length() < cap + cap / 10; i++) {
                String line = m.getValue().apply(i) + "\n";
                longest = Math.max(longest, line.length());
                b.append(line);
            }
            byte[] big = b.toString().getBytes(StandardCharsets.US_ASCII);
            List<String> lines = chunked(
                            "/api/enrich?from=" + java.net.URLEncoder.encode(m.getKey(), StandardCharsets.UTF_8),
                            cookie,
                            big,
                            10_007)
                    .lines()
                    .toList();
            assertThat(lines.get(0)).as(m.getKey()).startsWith("HTTP/1.1 200");
            List<String> rows =
                    lines.stream().filter(l -> l.startsWith("{\"ip\":")).toList();
            // the text cut at the cap, to its last whole line
            String cut = new String(big, 0, cap, StandardCharsets.US_ASCII);
            cut = cut.substring(0, cut.lastIndexOf('\n') + 1);
            Cli.Result cli = Cli.run(
                    cut,
                    "enrich",
                    "--db",
                    dir.resolve("GeoLite2-City.mmdb").toString(),
                    "--db",
                    dir.resolve("GeoLite2-ASN.mmdb").toString(),
                    "--from",
                    m.getKey(),
                    "-u",
                    "-f",
                    "jsonl",
                    "-q",
                    "-");
            List<String> expected = cli.out().lines().toList();
            assertThat(expected.size()).as(m.getKey()).isGreaterThan(cap / longest - 2);
            assertThat(rows.size()).as(m.getKey()).isEqualTo(expected.size());
            assertThat(rows).as(m.getKey()).isEqualTo(expected);
            String summary = lines.get(lines.size() - 1);
            assertThat(summary)
                    .as(m.getKey())
                    .startsWith("{\"summary\":{\"rows\":" + rows.size() + ",")
                    .contains("\"error\":\"the upload is larger than 1 MiB: the rows are those of its beginning")
                    .contains("\"errors\":[]");
        }
    }

    /**
     * Posts {@code body} chunked in pieces of {@code piece} bytes (a length a browser might use, unlike the JDK
     * client's); returns the answer, its chunked framing taken off.
     */
    private String chunked(String path, String cookie, byte[] body, int piece) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(60_000);
            OutputStream o = new java.io.BufferedOutputStream(s.getOutputStream());
            o.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nCookie: " + cookie
                            + "\r\nOrigin: " + base() + "\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    s.getInputStream().transferTo(answer);
                } catch (IOException e) {
                    // the test below sees what came
                }
            });
            try {
                for (int at = 0; at < body.length; at += piece) {
                    int n = Math.min(piece, body.length - at);
                    o.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    o.write(body, at, n);
                    o.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                o.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                o.flush();
            } catch (IOException e) {
                // the server closed the connection once it had answered: what it read is all it takes
            }
            try {
                reader.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String raw = answer.toString(StandardCharsets.ISO_8859_1);
            int head = raw.indexOf("\r\n\r\n");
            StringBuilder text = new StringBuilder(raw.substring(0, head)).append('\n');
            int at = head + 4;
            while (at < raw.length()) {
                int eol = raw.indexOf("\r\n", at);
                int n = Integer.parseInt(raw.substring(at, eol).strip(), 16);
                if (n == 0) {
                    break;
                }
                text.append(raw, eol + 2, eol + 2 + n);
                at = eol + 2 + n + 2;
            }
            return new String(text.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
    }

    /**
     * A declared length over the cap is answered 413 at once, whatever the client does next: it half-closes after 8 KB,
     * or it stalls without closing (the server then lets the connection go within its drain time).
     */
    @Test
    void aDeclaredLengthOverTheCapIsRefusedAtOnceEvenWhenTheClientStopsSending() throws Exception {
        String cookie = login();
        for (String path : new String[] {"/api/enrich?from=text", "/api/report"}) {
            for (boolean halfClose : new boolean[] {true, false}) {
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    s.setSoTimeout(5_000);
                    OutputStream o = s.getOutputStream();
                    o.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nCookie: " + cookie
                                    + "\r\nOrigin: " + base() + "\r\nContent-Length: 2000000000\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    o.write("8.8.8.8\n".repeat(1024).getBytes(StandardCharsets.ISO_8859_1));
                    o.flush();
                    if (halfClose) {
                        s.shutdownOutput();
                    }
                    java.io.BufferedReader in = new java.io.BufferedReader(
                            new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    assertThat(in.readLine())
                            .as("%s %s", path, halfClose)
                            .isEqualTo("HTTP/1.1 413 Request Entity Too Large");
                    List<String> head = new java.util.ArrayList<>();
                    for (String l; (l = in.readLine()) != null && !l.isEmpty(); ) {
                        head.add(l.toLowerCase(java.util.Locale.ROOT));
                    }
                    assertThat(head).contains("connection: close");
                    assertThat(in.readLine()).startsWith("Too large: at most 1 MiB per job");
                }
            }
        }
        // each stalled connection is let go: the server's handlers are not held
        for (int i = 0; i < 400 && server.handling() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(server.handling()).isZero();
    }
}
