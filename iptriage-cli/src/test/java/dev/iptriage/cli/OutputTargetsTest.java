package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code -o} writes when the name is no plain file: a FIFO (straight through: its reader gets the
 * output and it stays a FIFO), a symbolic link (followed: the file it names is replaced, the link stays),
 * {@code -} (standard output, for every command taking -o), and the report's format choices. Only FIFOs
 * and links under a temporary folder: never a real device.
 */
class OutputTargetsTest {
    private static final Duration GUARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private String asn;
    private String city;

    @RegisterExtension
    final Fifos fifos = new Fifos();

    @BeforeEach
    void databases() {
        asn = Fixtures.asn(dir).toString();
        city = Fixtures.city(dir).toString();
    }

    private Path fifo(String name) throws Exception {
        return fifos.make(dir, name);
    }

    /** Reads the FIFO to its end in the background (opening it blocks until the writer opens it). */
    private static CompletableFuture<byte[]> drain(Path fifo) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                f.complete(in.readAllBytes());
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static Cli.Result guarded(String stdin, String... args) {
        return assertTimeoutPreemptively(GUARD, () -> Cli.run(stdin, args), () -> String.join(" ", args) + " hangs");
    }

    private static void assertStillAFifo(Path p) {
        assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                .as(p + " was replaced by a regular file")
                .isFalse();
        assertThat(Files.isSymbolicLink(p) || Files.isDirectory(p)).isFalse();
    }

    @Test
    void aFifoIsWrittenStraightThroughAndStaysAFifo() throws Exception {
        Path fifo = fifo("rows.csv");
        CompletableFuture<byte[]> read = drain(fifo);
        Cli.Result r =
                guarded("8.8.8.8\n1.1.1.1\n", "enrich", "--db", asn, "--fields", "ip,asn", "-o", fifo.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String got = new String(read.get(GUARD.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertThat(got.lines()).containsExactly("ip,asn", "8.8.8.8,15169", "1.1.1.1,13335");
        assertStillAFifo(fifo);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void everyWriterGoesStraightThroughAFifo() throws Exception {
        Path ext = fifo("ext.txt");
        CompletableFuture<byte[]> e = drain(ext);
        assertThat(guarded("a 8.8.8.8 b\n", "extract", "-o", ext.toString()).code())
                .isZero();
        assertThat(new String(e.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .contains("8.8.8.8");
        assertStillAFifo(ext);

        Path export = fifo("export.csv");
        CompletableFuture<byte[]> x = drain(export);
        assertThat(guarded("", "db", "export", asn, "-o", export.toString()).code())
                .isZero();
        assertThat(new String(x.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .contains("15169");
        assertStillAFifo(export);

        Path html = fifo("page.html");
        CompletableFuture<byte[]> h = drain(html);
        Cli.Result r = guarded("8.8.8.8\n", "report", "--db", city, "--db", asn, "-o", html.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(new String(h.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .contains("<html");
        assertStillAFifo(html);

        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "network,site\n10.0.0.0/8,lab\n");
        Path mmdb = fifo("built.mmdb");
        CompletableFuture<byte[]> m = drain(mmdb);
        Cli.Result b = guarded("", "db", "build", csv.toString(), "-o", mmdb.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(new String(m.get(30, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1))
                .contains("MaxMind.com");
        assertStillAFifo(mmdb);
    }

    @Test
    void aSymbolicLinkIsFollowedAndStaysALink() throws Exception {
        Path target = dir.resolve("target.csv");
        Files.writeString(target, "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), target.getFileName());
        Cli.Result r = Cli.run("8.8.8.8\n", "enrich", "--db", asn, "--fields", "ip,asn", "-o", link.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(target.getFileName());
        assertThat(Files.readString(target).lines()).containsExactly("ip,asn", "8.8.8.8,15169");

        // a link to a file not there yet: the file is made where the link points
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path dangling = Files.createSymbolicLink(dir.resolve("new.csv"), sub.resolve("made.csv"));
        assertThat(Cli.run("1.1.1.1\n", "enrich", "--db", asn, "--fields", "ip", "-o", dangling.toString())
                        .code())
                .isZero();
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(sub.resolve("made.csv")).lines()).containsExactly("ip", "1.1.1.1");
    }

    @Test
    void dashIsStandardOutputForEveryCommand() throws Exception {
        Cli.Result e = Cli.run("8.8.8.8\n", "enrich", "--db", asn, "--fields", "ip,asn", "-o", "-");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out().lines()).containsExactly("ip,asn", "8.8.8.8,15169");
        assertThat(dir.resolve("-")).doesNotExist();
        assertThat(Path.of("-")).doesNotExist();

        Cli.Result x = Cli.run("a 8.8.8.8 b\n", "extract", "-o", "-");
        assertThat(x.code()).as(x.err()).isZero();
        assertThat(x.out()).contains("8.8.8.8");

        Cli.Result d = Cli.run("", "db", "export", asn, "-o", "-");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).contains("15169");

        Cli.Result h = Cli.run("8.8.8.8\n", "report", "--db", city, "--db", asn, "-o", "-");
        assertThat(h.code()).as(h.err()).isZero();
        assertThat(h.out()).contains("<html").contains("</html>");

        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "network,site\n10.0.0.0/8,lab\n");
        Cli.Result b = Cli.run("", "db", "build", csv.toString(), "-o", "-");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("MaxMind.com");
        assertThat(Path.of("-")).doesNotExist();

        // nothing written to a stream can be taken back: a database db verify would reject is checked before
        Path city = dir.resolve("old-city.csv");
        Files.writeString(city, "network,subdivisions.0.iso_code\n81.2.69.0/24,ENG\n");
        Cli.Result bad = Cli.run("", "db", "build", city.toString(), "-o", "-", "--type", "GeoIP2-City");
        assertThat(bad.code()).as(bad.err()).isEqualTo(3);
        assertThat(bad.err()).contains("- was not written: as built it would fail db verify");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void binaryOutputIsNotWrittenToATerminal() throws Exception {
        Map<String, String> tty = Map.of("IPTRIAGE_TTY_OUT", "1");
        Cli.Result png = Cli.run("8.8.8.8\n", tty, "report", "--db", city, "--db", asn, "--png", "-");
        assertThat(png.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(png.err()).contains("--png").contains("binary").contains("terminal");
        assertThat(png.out()).isEmpty();

        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "network,site\n10.0.0.0/8,lab\n");
        Cli.Result db = Cli.run("", tty, "db", "build", csv.toString(), "-o", "-");
        assertThat(db.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(db.err()).contains("binary").contains("terminal");
        assertThat(db.out()).isEmpty();

        // not a terminal: the PNG goes out
        Cli.Result piped = Cli.run("8.8.8.8\n", "report", "--db", city, "--db", asn, "--png", "-");
        assertThat(piped.code()).as(piped.err()).isZero();
        assertThat(piped.out()).contains("PNG");

        Cli.Result two = Cli.run("8.8.8.8\n", "report", "--db", city, "--db", asn, "--png", "-", "-o", "-");
        assertThat(two.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(two.err()).contains("only one output");
    }

    @Test
    void reportRefusesDotJsonAndANameWithoutAFormat() throws Exception {
        Path json = dir.resolve("x.json");
        Cli.Result j = Cli.run("8.8.8.8\n", "report", "--db", city, "--db", asn, "-o", json.toString());
        assertThat(j.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(j.err()).contains(".html").contains(".geojson").contains("enrich -f json");
        assertThat(json).doesNotExist();

        Path pipe = fifo("63");
        Cli.Result p = guarded("8.8.8.8\n", "report", "--db", city, "--db", asn, "-o", pipe.toString());
        assertThat(p.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(p.err()).contains(".html").contains(".geojson").contains("-o -");
        assertStillAFifo(pipe);
    }

    @Test
    void fileDescriptorsAndStandardStreamsAreNeverRenamedOver() {
        // decided from the name alone (no device is opened here)
        assertThat(AtomicOutput.mode(Path.of("-"))).isEqualTo(AtomicOutput.Mode.STDOUT);
        assertThat(AtomicOutput.mode(Path.of("/dev/stdout"))).isEqualTo(AtomicOutput.Mode.STDOUT);
        assertThat(AtomicOutput.mode(Path.of("/dev/fd/1"))).isEqualTo(AtomicOutput.Mode.STDOUT);
        assertThat(AtomicOutput.mode(Path.of("/dev/fd/63"))).isEqualTo(AtomicOutput.Mode.DIRECT);
        assertThat(AtomicOutput.mode(Path.of("/proc/self/fd/63"))).isEqualTo(AtomicOutput.Mode.DIRECT);
        assertThat(AtomicOutput.mode(dir.resolve("plain.csv"))).isEqualTo(AtomicOutput.Mode.ATOMIC);
    }

    @Test
    void aLinkIntoProcIsADescriptorWhateverItLeadsTo() throws Exception {
        // /dev/stderr is such a link; when stderr is a regular file, renaming over it would replace the user's log
        Path link = Files.createSymbolicLink(dir.resolve("err.csv"), Path.of("/proc/self/fd/2"));
        assertThat(AtomicOutput.mode(link)).isEqualTo(AtomicOutput.Mode.DIRECT);
        Path twice = Files.createSymbolicLink(dir.resolve("err2.csv"), link.getFileName());
        assertThat(AtomicOutput.mode(twice)).isEqualTo(AtomicOutput.Mode.DIRECT);
        assertThat(AtomicOutput.isStderr(twice)).isTrue();
    }

    @Test
    void aDescriptorIsWrittenAfterWhatItHolds() throws Exception {
        // 'iptriage enrich -o /dev/fd/3 3>>runs.csv': the earlier runs stay (reopening with truncation lost them)
        Path log = dir.resolve("runs.csv");
        Files.writeString(log, "previous\n");
        try (java.io.FileOutputStream held = new java.io.FileOutputStream(log.toFile(), true)) {
            Path fd = descriptorOf(log);
            Cli.Result r = Cli.run("8.8.8.8\n", "enrich", "--db", asn, "--fields", "ip,asn", "-q", "-o", fd.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(held.getChannel().isOpen()).isTrue();
        }
        assertThat(Files.readString(log)).isEqualTo("previous\nip,asn\n8.8.8.8,15169\n");
    }

    @Test
    void standardErrorIsTheRunsOwnErrorStream() {
        // the rows and the run's messages share one position: neither overwrites the other
        Cli.Result r = Cli.run("8.8.8.8\n", "enrich", "--db", asn, "--fields", "ip,asn", "-o", "/dev/stderr");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("ip,asn\n8.8.8.8,15169\n");
        assertThat(r.err().indexOf("ip,asn")).isLessThan(r.err().indexOf("1 lines -> 1 rows"));
    }

    @Test
    void aDescriptorOpenForReadingOnlyIsRefused() throws Exception {
        // '-o /dev/fd/3 3<input': appending to a file the user opened for reading (the run's own input, say) is wrong
        Path input = dir.resolve("input.txt");
        Files.writeString(input, "8.8.8.8\n");
        try (java.io.FileInputStream held = new java.io.FileInputStream(input.toFile())) {
            Path fd = descriptorOf(input);
            Cli.Result r = Cli.run("8.8.8.8\n", "enrich", "--db", asn, "-q", "-o", fd.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(4);
            assertThat(r.err()).contains("is open for reading only");
            assertThat(held.available()).isPositive();
        }
        assertThat(Files.readString(input)).isEqualTo("8.8.8.8\n");
        Cli.Result stdin = Cli.run("8.8.8.8\n", "enrich", "--db", asn, "-q", "-o", "/dev/fd/0");
        assertThat(stdin.code()).isEqualTo(4);
        assertThat(stdin.err()).contains("descriptor 0 is open for reading only");
    }

    @Test
    void binaryOutputIsNotWrittenToStandardError() throws Exception {
        // the error stream is text for a person: a database or a PNG through it would come out mangled
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "network,site\n10.0.0.0/8,lab\n");
        Cli.Result b = Cli.run("", "db", "build", csv.toString(), "-o", "/dev/stderr");
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("binary output is not written to standard error");
        Cli.Result p = Cli.run(
                "8.8.8.8\n",
                "report",
                "--db",
                city,
                "--db",
                asn,
                "-o",
                dir.resolve("r.html").toString(),
                "--png",
                "/dev/stderr");
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).contains("binary output is not written to standard error");
    }

    /** This JVM's descriptor for {@code file}, as /proc/self/fd/N (a test opened it). */
    private static Path descriptorOf(Path file) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(p).equals(file.toAbsolutePath())) {
                        return p;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        assumeTrue(false, "no /proc/self/fd here");
        throw new IllegalStateException();
    }
}
