package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.MaxMindStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --webservice} run killed with SIGKILL in the middle, then run again: every answer the first run received
 * was kept as it arrived, so the two runs together pay once per network (the stub's log says what was paid).
 */
class WebServiceKillTest {
    @TempDir
    Path dir;

    /** {@code n} distinct public addresses, clustered so that many share one of the stub's networks. */
    static List<String> addresses(int n, long seed) {
        Random r = new Random(seed);
        List<Integer> blocks = new ArrayList<>();
        while (blocks.size() < 300) {
            int a = 11 + r.nextInt(180);
            if (a != 100 && a != 127 && a != 169 && a != 172) {
                blocks.add(a << 24 | r.nextInt(1 << 16) << 8);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < n) {
            int x = blocks.get(r.nextInt(blocks.size())) + r.nextInt(1 << 12);
            out.add((x >>> 24) + "." + (x >>> 16 & 255) + "." + (x >>> 8 & 255) + "." + (x & 255));
        }
        return new ArrayList<>(out);
    }

    @Test
    void aRunKilledMidwayThenRunAgainPaysOncePerNetwork() throws Exception {
        List<String> ips = addresses(2000, 16);
        Path input = dir.resolve("ips.txt");
        Files.writeString(input, String.join("\n", ips) + "\n");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path conf = home.resolve(".config/iptriage/GeoIP.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "AccountID " + MaxMindStub.ACCOUNT + "\nLicenseKey " + MaxMindStub.KEY + "\n");
        Path city = Fixtures.city(dir);
        Path cache = dir.resolve("ws-cache.jsonl");
        try (MaxMindStub stub = MaxMindStub.start(MaxMindStub.Options.defaults().withLatency(2, 8))) {
            Set<String> networks = new HashSet<>();
            ips.forEach(ip -> networks.add(stub.network(ip)));
            assertThat(networks.size()).as("addresses share networks").isBetween(300, 1900);
            List<String> args = List.of(
                    "enrich",
                    "--db",
                    city.toString(),
                    "--webservice",
                    "insights",
                    "--webservice-host",
                    stub.baseUrl(),
                    "--webservice-ca",
                    stub.caPem().toString(),
                    "--webservice-cache",
                    cache.toString(),
                    input.toString(),
                    "-o",
                    dir.resolve("first.csv").toString());
            Process p = RealProcess.builder(home, args.toArray(String[]::new)).start();
            try {
                long deadline = System.nanoTime() + RealProcess.TIMEOUT_SECONDS * 1_000_000_000L;
                while (stub.paidAnswers() < 200 && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(p.isAlive())
                        .as("the first run is still under way: %s", RealProcess.stderr(home))
                        .isTrue();
                // the queries from now on wait unanswered; then the run is killed with what it has received
                stub.hold();
                while (lines(cache) < stub.paidAnswers() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                long paidBefore = stub.paidAnswers();
                assertThat(lines(cache))
                        .as("every answer received is in the cache")
                        .isEqualTo(paidBefore);
                p.destroyForcibly(); // SIGKILL: no shutdown hook runs
                assertThat(RealProcess.waitFor(p)).isNotZero();
                assertThat(paidBefore).isLessThan(networks.size());
            } finally {
                p.destroyForcibly(); // a failed check must not leave the run going
            }
            stub.release(); // the held queries are answered 503, to nobody: not paid

            Cli.Result again = Cli.run(
                    "",
                    Map.of(
                            "HOME",
                            home.toString(),
                            "XDG_CACHE_HOME",
                            dir.resolve("c").toString()),
                    args.subList(0, args.size() - 2).toArray(String[]::new));
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(again.out().lines().count()).isEqualTo(ips.size() + 1);
            assertThat(again.out().lines().skip(1))
                    .allSatisfy(l -> assertThat(l).endsWith(",ok"));
            assertThat(stub.paidAnswers())
                    .as("paid once per network over both runs")
                    .isEqualTo(networks.size());
        }
    }

    private static long lines(Path f) throws IOException {
        if (!Files.exists(f)) {
            return 0;
        }
        try (var s = Files.lines(f)) {
            return s.filter(l -> l.endsWith("}")).count();
        }
    }
}
