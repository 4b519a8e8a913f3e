package dev.iptriage.cli;

import static dev.iptriage.testing.dns.DnsTestWorld.PTR_CONFIRMED;
import static dev.iptriage.testing.dns.DnsTestWorld.PTR_HTML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iptriage serve --ptr}, as a real process asking the test's DNS servers on loopback: the source is offered with
 * what it sends where, nothing is asked until a job turns it on, and then only public addresses leave, counted in the
 * job's summary.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeOnlineTest {
    @TempDir
    static Path home;

    @DnsWorld
    static DnsTestWorld world;

    static Process serve;
    static String base;
    static String cookie;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        ServeProcess.Started started =
                ServeProcess.start(home, "--ptr", "--dnsbl", "--resolver", world.resolver(), "--no-cache");
        serve = started.process();
        base = started.base();
        cookie = ServeProcess.login(HTTP, started.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static String job(String sources, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/enrich?from=list&sources=" + sources))
                        .header("Cookie", cookie)
                        .header("Origin", base)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void jobsThatTurnTheBlocklistsOnTogetherWaitForItsOneHealthCheck() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<String>> jobs = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                jobs.add(pool.submit(() -> job("dnsbl", DnsTestWorld.LISTED_SBL + "\n")));
            }
            for (java.util.concurrent.Future<String> j : jobs) {
                assertThat(j.get(60, TimeUnit.SECONDS))
                        .contains("\"dnsbl\":[\"zen.spamhaus.org:SBL\"]")
                        .contains("\"dnsbl_status\":\"ok\"");
            }
        } finally {
            pool.shutdownNow();
        }
        // the health check (RFC 5782: 127.0.0.2 must be listed) was asked by one job only
        long checks = world.queryLog().stream()
                .filter(q -> q.name().toLowerCase(java.util.Locale.ROOT).startsWith("2.0.0.127.zen.spamhaus.org"))
                .count();
        assertThat(checks).isEqualTo(1);
    }

    @Test
    void theSourceIsOfferedOffAndAsksOnlyForTheJobsThatTurnItOn() throws Exception {
        assertThat(RealProcess.stderr(home))
                .contains("ptr offered, off until the page turns it on: sends each distinct public address to DNS"
                        + " resolver " + world.resolver());
        String config = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/config"))
                                .header("Cookie", cookie)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(config).contains("\"id\":\"ptr\"").contains("never sent");

        String off = job("", PTR_CONFIRMED + "\n10.0.0.1\n");
        assertThat(off).doesNotContain("\"ptr\"").contains("\"sent\":[]");
        assertThat(world.queriesRevealing(PTR_CONFIRMED))
                .as("nothing asked without the switch")
                .isEmpty();

        String on = job("ptr", PTR_CONFIRMED + "\n10.0.0.1\n" + PTR_HTML + "\n");
        assertThat(on).contains("\"ptr_status\":\"ok\"").contains("\"fcrdns\":true");
        assertThat(on.lines()
                        .filter(l -> l.startsWith("{\"summary\""))
                        .findFirst()
                        .orElseThrow())
                .contains("\"source\":\"ptr\"")
                .contains("2 distinct addresses looked up via DNS resolver " + world.resolver())
                .contains("not sent (private or reserved) 1");
        assertThat(world.queriesRevealing(PTR_CONFIRMED)).isNotEmpty();
        assertThat(world.queriesRevealing("10.0.0.1"))
                .as("a private address never leaves")
                .isEmpty();
        assertThat(on).contains("\"ip\":\"" + PTR_HTML + "\"");
    }
}
