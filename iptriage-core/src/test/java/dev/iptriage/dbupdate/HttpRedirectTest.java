package dev.iptriage.dbupdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A redirect that is not followed is a final answer: asked once, not retried with backoff. */
class HttpRedirectTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://192.0.2.1/file", "", "/loop"})
    void aRefusedRedirectIsNotRetried(String location) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            if (!location.isEmpty()) {
                ex.getResponseHeaders().add("Location", location);
            }
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
        try {
            Http http = new Http(
                    HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build(),
                    new Http.Policy(4, Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(10), "test"));
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/loop");
            assertThatThrownBy(() -> http.fetch(uri, "list", Map.of(), ByteArrayOutputStream::new, 1 << 20))
                    .isInstanceOf(UpdateException.class)
                    .hasMessageContaining("(not retried)")
                    .hasMessageNotContaining("attempts");
            int perTry = location.equals("/loop") ? 6 : 1; // the redirects of one try, up to the limit
            assertThat(hits.get()).isLessThanOrEqualTo(perTry);
        } finally {
            server.stop(0);
        }
    }
}
