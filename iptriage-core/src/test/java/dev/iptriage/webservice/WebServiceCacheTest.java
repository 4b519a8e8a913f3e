package dev.iptriage.webservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.testing.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebServiceCacheTest {
    private static final String HOST = "geoip.maxmind.com";
    private static final Duration DAYS_30 = Duration.ofDays(30);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T00:00:00Z"));

    private static IpAddress ip(String s) {
        return IpLiteral.parseStrict(s).address();
    }

    private static Cidr net(String s) {
        return WebServiceCache.cidr(s);
    }

    @Test
    void anAnswerCoversItsWholeNetworkTheMostSpecificWinsAndHostsAndProductsAreApart() throws IOException {
        Path f = dir.resolve("c/webservice-cache.jsonl");
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            c.put(
                    HOST,
                    WebServiceProduct.INSIGHTS,
                    net("81.2.0.0/16"),
                    "ok",
                    Map.of("city", Map.of("names", Map.of("en", "Wide"))));
            c.put(
                    HOST,
                    WebServiceProduct.INSIGHTS,
                    net("81.2.69.0/24"),
                    "ok",
                    Map.of("city", Map.of("names", Map.of("en", "Narrow"))));
            c.put(HOST, WebServiceProduct.INSIGHTS, net("2001:db8:100::/48"), "not_found", Map.of());
            assertThat(c.find(HOST, WebServiceProduct.INSIGHTS, ip("81.2.69.160"))
                            .map(e -> e.network().toString()))
                    .contains("81.2.69.0/24");
            assertThat(c.find(HOST, WebServiceProduct.INSIGHTS, ip("81.2.70.1"))
                            .map(e -> e.network().toString()))
                    .contains("81.2.0.0/16");
            assertThat(c.find(HOST, WebServiceProduct.INSIGHTS, ip("2001:db8:100:ffff::1"))
                            .map(WebServiceCache.Entry::status))
                    .contains("not_found");
            assertThat(c.find(HOST, WebServiceProduct.INSIGHTS, ip("81.3.0.1"))).isEmpty();
            assertThat(c.find(HOST, WebServiceProduct.CITY, ip("81.2.69.160"))).isEmpty();
            assertThat(c.find("geolite.info", WebServiceProduct.INSIGHTS, ip("81.2.69.160")))
                    .isEmpty();
            assertThat(c.find(HOST, WebServiceProduct.INSIGHTS, ip("::ffff:81.2.69.160")))
                    .isEmpty(); // asked unmapped
        }
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void answersSurviveAReopenUntilTheyAreOlderThanTheMaximumAge() throws IOException {
        Path f = dir.resolve("cache.jsonl");
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            c.put(HOST, WebServiceProduct.CITY, net("192.0.2.0/24"), "ok", Map.of("traits", Map.of("isp", "X")));
        }
        clock.advance(Duration.ofDays(29));
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            Optional<WebServiceCache.Entry> e = c.find(HOST, WebServiceProduct.CITY, ip("192.0.2.77"));
            assertThat(e).isPresent();
            assertThat(e.get().body()).isEqualTo(Map.of("traits", Map.of("isp", "X")));
            assertThat(c.loaded()).isEqualTo(1);
            clock.advance(Duration.ofDays(2)); // stale while open too
            assertThat(c.find(HOST, WebServiceProduct.CITY, ip("192.0.2.77"))).isEmpty();
        }
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            assertThat(c.loaded()).isZero();
        }
    }

    @Test
    void aDamagedOrHalfWrittenLineIsSkippedAndTheRestIsRead() throws IOException {
        Path f = dir.resolve("cache.jsonl");
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            c.put(HOST, WebServiceProduct.CITY, net("192.0.2.0/24"), "ok", Map.of());
        }
        String good = Files.readString(f);
        String lines = "not json\n"
                + "{\"v\":1,\"host\":\"h\",\"product\":\"city\",\"network\":\"192.0.2.1/24\",\"at\":1,\"status\":\"ok\"}\n" // host bits
                + "{\"v\":2}\n"
                + "{\"v\":1,\"host\":\"h\",\"product\":\"nope\",\"network\":\"10.0.0.0/8\",\"at\":1,\"status\":\"ok\"}\n"
                + "{\"v\":1,\"host\":\"h\",\"product\":\"city\",\"network\":\"10.0.0.0/8\",\"at\":1,\"status\":\"maybe\"}\n"
                + "[1,2]\n"
                + good
                + good.substring(0, good.length() / 2); // killed while writing
        Files.writeString(f, lines, StandardCharsets.UTF_8);
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            assertThat(c.loaded()).isEqualTo(1);
            assertThat(c.skipped()).isEqualTo(7);
            assertThat(c.find(HOST, WebServiceProduct.CITY, ip("192.0.2.1"))).isPresent();
            // appending after a torn line: the new answer is read back on its own line
            c.put(HOST, WebServiceProduct.CITY, net("198.51.100.0/24"), "ok", Map.of());
        }
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            assertThat(c.find(HOST, WebServiceProduct.CITY, ip("198.51.100.9"))).isPresent();
        }
    }

    @Test
    void staleAndSupersededLinesAreDroppedWhenTheyAreMostOfTheFile() throws IOException {
        Path f = dir.resolve("cache.jsonl");
        Random r = new Random(3);
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            for (int i = 0; i < 3000; i++) {
                c.put(HOST, WebServiceProduct.COUNTRY, net("10." + r.nextInt(4) + ".0.0/16"), "ok", Map.of("n", (long)
                        i));
            }
        }
        long before = Files.readAllLines(f).size();
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            assertThat(c.loaded()).isEqualTo(4);
            assertThat(c.networks()).hasSize(4);
        }
        assertThat(before).isEqualTo(3000);
        assertThat(Files.readAllLines(f)).hasSize(4);
        // the newest answer of each network was kept
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            long newest = (Long) c.find(HOST, WebServiceProduct.COUNTRY, ip("10.0.1.1"))
                    .orElseThrow()
                    .body()
                    .get("n");
            assertThat(newest).isGreaterThan(2900);
        }
    }

    @Test
    void twoCachesOfOneFileAppendWithoutLosingALine() throws Exception {
        Path f = dir.resolve("cache.jsonl");
        try (WebServiceCache a = WebServiceCache.open(f, clock, DAYS_30);
                WebServiceCache b = WebServiceCache.open(f, clock, DAYS_30)) {
            Thread[] t = new Thread[4];
            for (int k = 0; k < t.length; k++) {
                WebServiceCache c = k % 2 == 0 ? a : b;
                int base = k;
                t[k] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 200; i++) {
                        try {
                            c.put(HOST, WebServiceProduct.CITY, net("10." + base + "." + i + ".0/24"), "ok", Map.of());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
            }
            for (Thread x : t) {
                x.join();
            }
        }
        try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
            assertThat(c.loaded()).isEqualTo(800);
            assertThat(c.skipped()).isZero();
        }
    }

    @Test
    void anotherRunRewritingTheFileOrKilledMidLineLosesNoneOfThisRunsAnswers() throws IOException {
        Path f = dir.resolve("cache.jsonl");
        try (WebServiceCache a = WebServiceCache.open(f, clock, DAYS_30)) {
            a.put(HOST, WebServiceProduct.CITY, net("192.0.2.0/24"), "ok", Map.of());
            try (WebServiceCache b = WebServiceCache.open(f, clock, DAYS_30)) {
                for (int i = 0; i < 3000; i++) { // superseded lines: most of the file
                    b.put(HOST, WebServiceProduct.COUNTRY, net("10." + i % 4 + ".0.0/16"), "ok", Map.of());
                }
            }
            try (WebServiceCache c = WebServiceCache.open(f, clock, DAYS_30)) {
                assertThat(c.loaded()).isEqualTo(5); // and it rewrote the file: a new file under the same name
            }
            assertThat(Files.readAllLines(f)).hasSize(5);
            a.put(HOST, WebServiceProduct.CITY, net("198.51.100.0/24"), "ok", Map.of());
            Files.writeString(f, "{\"v\":1,\"host\":", StandardOpenOption.APPEND); // a run killed mid-line
            a.put(HOST, WebServiceProduct.CITY, net("203.0.113.0/24"), "ok", Map.of());
        }
        try (WebServiceCache r = WebServiceCache.open(f, clock, DAYS_30)) {
            assertThat(r.find(HOST, WebServiceProduct.CITY, ip("198.51.100.7"))).isPresent();
            assertThat(r.find(HOST, WebServiceProduct.CITY, ip("203.0.113.7"))).isPresent();
            assertThat(r.find(HOST, WebServiceProduct.CITY, ip("192.0.2.7"))).isPresent();
            assertThat(r.skipped()).isEqualTo(1);
        }
    }

    @Test
    void aFolderOrAnUnwritableFileIsRefusedAndTheMemoryCacheStillCoalesces() throws IOException {
        Path folder = dir.resolve("folder");
        Files.createDirectories(folder);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebServiceCache.open(folder, clock, DAYS_30))
                .isInstanceOf(IOException.class);
        WebServiceCache m = WebServiceCache.memory(clock, DAYS_30);
        m.put(HOST, WebServiceProduct.CITY, net("192.0.2.0/24"), "ok", Map.of());
        assertThat(m.find(HOST, WebServiceProduct.CITY, ip("192.0.2.200"))).isPresent();
        assertThat(m.file()).isNull();
        Files.writeString(dir.resolve("x"), "", StandardOpenOption.CREATE);
        assertThat(List.of(m.networks().get(0))).containsExactly("city 192.0.2.0/24");
    }
}
