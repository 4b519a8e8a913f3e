package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real FIFOs (mkfifo): a database or a file read more than once must be a regular file (opening a
 * FIFO nobody writes to blocks for ever), while the inputs of enrich and report may be pipes, as
 * {@code enrich <(cmd)} makes them. Every run has a hang guard.
 */
class NotRegularFileTest {
    private static final Duration GUARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @RegisterExtension
    final Fifos fifos = new Fifos();

    private Path fifo(String name) throws Exception {
        return fifos.make(dir, name);
    }

    private static Cli.Result guarded(String... args) {
        return assertTimeoutPreemptively(GUARD, () -> Cli.run("", args), () -> String.join(" ", args) + " hangs");
    }

    @Test
    void dbVerifyOnAFifoIsRefusedNotAHang() throws Exception {
        String f = fifo("x.mmdb").toString();
        Cli.Result r = guarded("db", "verify", f);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith(f + ": ").contains("not a regular file");
    }

    @Test
    void everyCommandOpeningADatabaseRefusesAFifo() throws Exception {
        String f = fifo("y.mmdb").toString();
        List<String[]> commands = List.of(
                new String[] {"db", "export", f},
                new String[] {"db", "info", f},
                new String[] {"enrich", "--db", f, "-"},
                new String[] {"lookup", "--db", f, "8.8.8.8"},
                new String[] {"fields", "--db", f},
                new String[] {
                    "report", "--db", f, "-", "-o", dir.resolve("r.html").toString()
                });
        for (String[] c : commands) {
            Cli.Result r = guarded(c);
            assertThat(r.code()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(3);
            assertThat(r.err()).as(String.join(" ", c)).contains(f).contains("not a regular file");
        }
    }

    @Test
    void dbBuildRefusesAFifoItWouldReadTwice() throws Exception {
        String f = fifo("in.csv").toString();
        Path out = dir.resolve("out.mmdb");
        Cli.Result r = guarded("db", "build", f, "-o", out.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(f).contains("not a regular file").contains("save it to a file first");
        assertThat(out).doesNotExist();
    }

    @Test
    void enrichAndReportStillReadAFifo() throws Exception {
        String asn = Fixtures.asn(dir).toString();
        Path ips = fifo("ips.txt");
        feed(ips, "8.8.8.8\n1.1.1.1\n");
        Cli.Result e = guarded("enrich", "--db", asn, "--fields", "ip,asn", ips.toString());
        assertThat(e.code()).isZero();
        assertThat(e.out().lines()).contains("ip,asn", "8.8.8.8,15169");

        // an enrich output arriving through a pipe named .csv: read once (before: opened twice, hung)
        Path rows = fifo("rows.csv");
        feed(rows, Cli.run("8.8.8.8\n", "enrich", "--db", asn, "-u").out());
        Path html = dir.resolve("report.html");
        Cli.Result r = guarded("report", "--db", asn, rows.toString(), "-o", html.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(html).exists();
    }

    /** Writes {@code text} into the FIFO from a daemon thread (it blocks until a reader opens it). */
    private static void feed(Path fifo, String text) {
        Thread t = new Thread(() -> {
            try {
                Files.writeString(fifo, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                // the reader went away
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
