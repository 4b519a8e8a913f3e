package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.StubDownloadServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interrupted runs leave no temporary files: Ctrl-C (SIGINT) and SIGTERM delete them as the process
 * ends, and the leftover of a run killed with kill -9 is deleted by the next run that writes into its
 * folder, which keeps the temporary files of live runs and those of any other naming.
 */
class InterruptedRunTest {
    @TempDir
    static Path fixtures;

    static String city;
    static String asn;

    @BeforeAll
    static void setUp() {
        city = Fixtures.city(fixtures).toString();
        asn = Fixtures.asn(fixtures).toString();
    }

    /** A slow, endless stdin: a line now and then, so the run is mid-way (its output file open) until it is stopped. */
    private static final LongFunction<byte[]> SLOW = i -> {
        if (i > 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return "8.8.8.8 seen\n".getBytes(StandardCharsets.US_ASCII);
    };

    private static Process start(Path home, String command, Path out) throws IOException {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        if (args.get(0).equals("enrich")) {
            args.addAll(List.of("--db", city, "--max-age", "0"));
        }
        args.addAll(List.of("-q", "-", "-o", out.toString()));
        Process p = RealProcess.builder(home, args.toArray(String[]::new)).start();
        RealProcess.feed(p, SLOW);
        return p;
    }

    /** Waits until a file of {@code dir} matches (the run is mid-way), and returns it. */
    private static Path awaitFile(Path dir, Predicate<String> name, Process p) throws Exception {
        long deadline = System.nanoTime() + RealProcess.TIMEOUT_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Stream<Path> files = Files.list(dir)) {
                var f = files.filter(x -> name.test(x.getFileName().toString())).findFirst();
                if (f.isPresent()) {
                    return f.get();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no temporary file appeared in " + dir + " (the process "
                + (p.isAlive() ? "still runs)" : "ended with exit code " + p.exitValue() + ")"));
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "iptriage {0} -o {1}, then SIG{2}")
    @CsvSource({
        "enrich, out.csv, TERM, 15",
        "enrich, out.csv, INT, 2",
        "enrich --from text -f jsonl, out.jsonl, TERM, 15",
        "extract, found.txt, TERM, 15",
        "extract, found.txt, INT, 2",
    })
    void aSignalMidRunLeavesNoTemporaryFile(String command, String file, String signal, int number, @TempDir Path home)
            throws Exception {
        assumeFalse(
                signal.equals("INT") && RealProcess.sigintIgnored(),
                "SIGINT is ignored in this process (started in the background?), so in its children too");
        Path dir = Files.createDirectories(home.resolve("out"));
        Process p = start(home, command, dir.resolve(file));
        awaitFile(dir, n -> n.startsWith("." + file + ".") && n.endsWith(".tmp"), p);

        RealProcess.signal(p, signal);
        Integer code = RealProcess.waitFor(p);
        assertThat(code).as("exit code (128 + the signal's number)").isEqualTo(128 + number);
        assertThat(names(dir))
                .as("what the interrupted run left in its output folder")
                .isEmpty();
    }

    @Test
    void theNextRunRemovesTheLeftoverOfAKilledRunButNotOfALiveRunNorForeignFiles(@TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve("out"));
        Process killed = start(home, "enrich", dir.resolve("a.csv"));
        Path leftover = awaitFile(dir, n -> n.startsWith(".a.csv.") && n.endsWith(".tmp"), killed);
        assertThat(leftover.getFileName().toString()).startsWith(".a.csv.iptriage-" + killed.pid() + "-");
        killed.destroyForcibly(); // kill -9: no shutdown hook runs
        assertThat(RealProcess.waitFor(killed)).isEqualTo(128 + 9);
        assertThat(leftover).exists();

        Process live = start(home, "extract", dir.resolve("b.txt"));
        Path liveTemp = awaitFile(dir, n -> n.startsWith(".b.txt.") && n.endsWith(".tmp"), live);
        // not of our naming (another program's, or an older iptriage's): never touched
        Path foreign = Files.writeString(dir.resolve(".c.csv.3k2j4h5g.tmp"), "x");
        Path almost = Files.writeString(dir.resolve(".c.csv.iptriage-12x-3k2j4h5g.tmp"), "x");
        // our naming, a live process's pid, no lock: kept while young (its run may be about to lock
        // it), removed when old (the pid was reused by another process)
        Path young = Files.writeString(dir.resolve(".d.csv.iptriage-" + live.pid() + "-young.tmp"), "x");
        Path old = Files.writeString(dir.resolve(".e.csv.iptriage-" + live.pid() + "-old.tmp"), "x");
        // ten minutes before the file system's now (not this process's clock, which may differ)
        Files.setLastModifiedTime(
                old, FileTime.from(Files.getLastModifiedTime(young).toInstant().minusSeconds(600)));

        Path next = dir.resolve("next.csv");
        Cli.Result r = Cli.run("8.8.8.8\n", "enrich", "--db", city, "-q", "-o", next.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(next).exists();
        assertThat(leftover).doesNotExist();
        assertThat(old).doesNotExist();
        assertThat(liveTemp).exists();
        assertThat(foreign).exists();
        assertThat(almost).exists();
        assertThat(young).exists();

        RealProcess.signal(live, "TERM");
        assertThat(RealProcess.waitFor(live)).isEqualTo(128 + 15);
        assertThat(liveTemp).doesNotExist();
        assertThat(live.isAlive()).isFalse();
    }

    /** Every command that writes a file atomically clears the leftovers of killed runs from its folder. */
    static Stream<Arguments> writers() {
        return Stream.of(
                Arguments.of("enrich --db CITY -q - -o OUT/x.csv"),
                Arguments.of("extract -q - -o OUT/x.txt"),
                Arguments.of("report --db CITY --db ASN -q - -o OUT/r.html"),
                Arguments.of("report --db CITY -q - -o OUT/p.geojson"),
                Arguments.of("report --db CITY -q - --png OUT/m.png"),
                Arguments.of("report --db CITY -q - --charts OUT"),
                Arguments.of("db export CITY -o OUT/x.csv"),
                Arguments.of("db build CSV -o OUT/x.mmdb"));
    }

    @ParameterizedTest(name = "iptriage {0}")
    @MethodSource("writers")
    void everyAtomicOutputRemovesLeftovers(String command, @TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve("out"));
        Path csv = Files.writeString(home.resolve("in.csv"), "network,site\n10.1.0.0/16,lab\n");
        long dead = deadPid();
        Path leftover = Files.writeString(dir.resolve(".x.csv.iptriage-" + dead + "-abc.tmp"), "x");
        String[] args = command.replace("CITY", city)
                .replace("ASN", asn)
                .replace("CSV", csv.toString())
                .replace("OUT", dir.toString())
                .split(" ");
        Cli.Result r = Cli.run("8.8.8.8\n", args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(leftover).doesNotExist();
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void dbUpdateLeavesNoTemporaryFileOnSigtermAndClearsThoseOfAKilledRun(@TempDir Path home) throws Exception {
        Path state = home.resolve(".local/share/iptriage/db/.iptriage-update");
        Predicate<String> temp = n -> n.endsWith(".tmp");
        try (StubDownloadServer stub = StubDownloadServer.start()) {
            stub.publish("GeoLite2-City", Fixtures.BUILT);
            conf(home, stub);
            for (String how : List.of("TERM", "KILL")) {
                // the download sends its headers, then nothing: the run waits mid-download
                stub.fail("GeoLite2-City.tar.gz.storage", StubDownloadServer.Fault.stall(600_000));
                Process p = RealProcess.builder(home, "db", "update").start();
                p.getOutputStream().close();
                awaitFile(Files.createDirectories(state), temp, p);
                RealProcess.signal(p, how);
                RealProcess.waitFor(p);
                if (how.equals("TERM")) {
                    assertThat(names(state)).as("after SIGTERM").noneMatch(temp);
                }
            }
        }
        assertThat(names(state)).as("after kill -9").anyMatch(temp);
        try (StubDownloadServer stub = StubDownloadServer.start()) { // none of its threads stalled
            stub.publish("GeoLite2-City", Fixtures.BUILT);
            conf(home, stub);
            Cli.Result r = Cli.run("", Map.of("HOME", home.toString()), "db", "update", "--backoff-ms", "10");
            assertThat(r.out()).as(r.err()).contains("GeoLite2-City: updated");
            assertThat(names(state)).as("after the next update").noneMatch(temp);
        }
    }

    private static void conf(Path home, StubDownloadServer stub) throws IOException {
        Path conf = Files.createDirectories(home.resolve(".config/iptriage")).resolve("GeoIP.conf");
        Files.writeString(
                conf,
                "AccountID " + StubDownloadServer.ACCOUNT + "\nLicenseKey " + StubDownloadServer.KEY
                        + "\nEditionIDs GeoLite2-City\nHost " + stub.url() + "\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
    }
}
