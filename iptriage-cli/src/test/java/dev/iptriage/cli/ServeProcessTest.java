package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iptriage serve} as a real process: Ctrl-C (here SIGTERM, which a background test process always receives)
 * ends a running job with the reason on its page, and an upload that stalls is dropped without holding up the others.
 */
class ServeProcessTest {
    @TempDir
    Path home;

    private Process serve;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (serve != null) {
            serve.destroyForcibly();
        }
    }

    /** Starts serve; returns its URL (with the token). */
    private String start(String... extra) throws IOException {
        ServeProcess.Started started = ServeProcess.start(home, extra);
        serve = started.process();
        return started.url();
    }

    private String login(String url) throws Exception {
        return ServeProcess.login(http, url);
    }

    /** A job whose chunked upload has begun and is left open; returns its socket, the answer's head read. */
    private static Socket openJob(URI base, String cookie) throws IOException {
        Socket s = new Socket("127.0.0.1", base.getPort());
        s.setSoTimeout(60_000);
        OutputStream o = s.getOutputStream();
        String origin = "http://127.0.0.1:" + base.getPort();
        o.write(("POST /api/enrich?from=list HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort() + "\r\nCookie: " + cookie
                        + "\r\nOrigin: " + origin + "\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n8.8.8.8\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
        return s;
    }

    private static String readAll(Socket s) throws IOException {
        StringBuilder b = new StringBuilder();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String l; (l = in.readLine()) != null && !l.equals("0"); ) {
                b.append(l).append('\n');
            }
        } catch (java.net.SocketException e) {
            b.append("[reset]");
        }
        return b.toString();
    }

    @Test
    void stoppingTheServerEndsARunningJobWithTheReasonOnItsPage() throws Exception {
        String url = start();
        URI base = URI.create(url);
        String cookie = login(url);
        try (Socket job = openJob(base, cookie)) {
            Thread.sleep(500); // the job is reading its upload
            RealProcess.signal(serve, "TERM");
            String answer = readAll(job);
            assertThat(answer)
                    .startsWith("HTTP/1.1 200")
                    .contains("{\"summary\":{\"error\":\"the server is stopping (Ctrl-C)");
        }
        assertThat(RealProcess.waitFor(serve)).isEqualTo(128 + 15);
        assertThat(RealProcess.stderr(home)).contains("stopping 1 running job");
    }

    @Test
    void stoppingTheServerDoesNotWaitForAPageThatStoppedReading() throws Exception {
        String url = start();
        URI base = URI.create(url);
        String cookie = login(url);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 300_000; i++) { // distinct addresses: tens of MB of rows, more than the sockets hold
            b.append("10.")
                    .append(i >> 16)
                    .append('.')
                    .append((i >> 8) & 255)
                    .append('.')
                    .append(i & 255)
                    .append('\n');
        }
        byte[] body = b.toString().getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket("127.0.0.1", base.getPort())) {
            OutputStream o = s.getOutputStream();
            o.write(("POST /api/enrich?from=list HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort() + "\r\nCookie: "
                            + cookie
                            + "\r\nOrigin: http://127.0.0.1:" + base.getPort() + "\r\nContent-Length: " + body.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            o.write(body);
            o.flush();
            Thread.sleep(3_000); // its rows fill the socket buffers; this client reads none of them
            RealProcess.signal(serve, "TERM");
            assertThat(RealProcess.waitFor(serve)).as("the server ended").isEqualTo(128 + 15);
        }
        assertThat(RealProcess.stderr(home)).contains("stopping 1 running job");
    }

    @Test
    void anUploadThatStallsIsDroppedAfterTheTimeCapAndTheOthersGoOn() throws Exception {
        String url = start("--max-time", "1");
        URI base = URI.create(url);
        String cookie = login(url);
        try (Socket stalled = openJob(base, cookie)) {
            // meanwhile another job is served at once
            HttpResponse<String> other = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + "/api/enrich"))
                            .header("Cookie", cookie)
                            .header("Origin", "http://127.0.0.1:" + base.getPort())
                            .POST(HttpRequest.BodyPublishers.ofString("81.2.69.160\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.body()).contains("\"city\":\"London\"");
            // the stalled one sends nothing more: the JDK server drops it a few seconds after the cap
            String answer = readAll(stalled);
            assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("\"summary\"");
        }
        assertThat(serve.isAlive()).isTrue();
    }
}
