package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code iptriage serve} as a real process on the fixture databases, for the tests that need one. */
final class ServeProcess {
    private ServeProcess() {}

    /**
     * A started server.
     *
     * @param process the process
     * @param url the URL it printed, with its one-time token
     */
    record Started(Process process, String url) {
        /** {@return {@code http://127.0.0.1:PORT}} */
        String base() {
            return url.substring(0, url.indexOf("/?"));
        }
    }

    /** Starts {@code serve -q --db CITY --db ASN --no-lists EXTRA...} with HOME in {@code home}; waits for its URL. */
    static Started start(Path home, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "serve",
                "-q",
                "--db",
                Fixtures.city(home).toString(),
                "--db",
                Fixtures.asn(home).toString(),
                "--no-lists"));
        args.addAll(List.of(extra));
        Process p = RealProcess.builder(home, args.toArray(String[]::new)).start();
        String url = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(url).as(RealProcess.stderr(home)).startsWith("http://127.0.0.1:");
        return new Started(p, url);
    }

    /** Exchanges the URL's token; returns the session cookie ({@code NAME=VALUE}). */
    static String login(HttpClient http, String url) throws Exception {
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }
}
