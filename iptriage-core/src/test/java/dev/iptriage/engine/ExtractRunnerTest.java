package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.extract.ExtractOptions;
import dev.iptriage.extract.InputMode;
import dev.iptriage.extract.LineDecoder;
import dev.iptriage.extract.ListParser;
import dev.iptriage.extract.Sighting;
import dev.iptriage.input.Input;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Hostile and odd inputs through the extraction reader: nothing crashes, every line is counted. */
class ExtractRunnerTest {
    private record Seen(long line, String ip) {}

    private static Input bytes(byte[] b) {
        return new Input("test", b.length, () -> new ByteArrayInputStream(b));
    }

    private static ExtractSummary run(Input in, String mode, List<Seen> seen) throws IOException {
        ExtractSpec spec = new ExtractSpec(List.of(in), InputMode.parse(mode), ExtractOptions.DEFAULTS, 0);
        return ExtractRunner.run(spec, (source, line, shape, decoder, found) -> {
            for (Sighting s : found) {
                seen.add(new Seen(line, s.ip().text()));
            }
        });
    }

    /** A 100 MB line, generated as it is read (never held whole), with addresses at both ends and inside. */
    private static ExtractSummary runThreads(Input in, int threads) throws IOException {
        ExtractSpec spec = new ExtractSpec(List.of(in), InputMode.parse("text"), ExtractOptions.DEFAULTS, 0, threads);
        return ExtractRunner.run(spec, (source, line, shape, decoder, found) -> {});
    }

    private static InputStream hugeLine(long size) {
        byte[] head = "192.0.2.1 ".getBytes(StandardCharsets.US_ASCII);
        byte[] mid = " 198.51.100.2 ".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = " 203.0.113.3\n10.0.0.1\n".getBytes(StandardCharsets.US_ASCII);
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long total = size + tail.length;
                if (pos >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - pos);
                for (int i = 0; i < n; i++, pos++) {
                    long midAt = size / 2;
                    b[off + i] = pos < head.length
                            ? head[(int) pos]
                            : pos >= midAt && pos < midAt + mid.length
                                    ? mid[(int) (pos - midAt)]
                                    : pos >= size ? tail[(int) (pos - size)] : (byte) ('a' + (pos % 7));
                }
                return n;
            }
        };
    }

    private record Bad(long line, String text, String reason) {}

    private static List<Object> runFields(byte[] in, String mode) throws IOException {
        List<Object> out = new ArrayList<>();
        ExtractSpec spec = new ExtractSpec(List.of(bytes(in)), InputMode.parse(mode), ExtractOptions.DEFAULTS, 0);
        ExtractRunner.run(spec, new ExtractRunner.Handler() {
            @Override
            public void line(
                    String source, long line, LineDecoder.Shape shape, LineDecoder decoder, List<Sighting> found) {
                found.forEach(f -> out.add(new Seen(line, f.ip().text())));
            }

            @Override
            public void invalid(String source, long line, ListParser.Invalid invalid) {
                out.add(new Bad(line, invalid.text(), invalid.reason()));
            }
        });
        return out;
    }

    /**
     * A JSON line over 1 MiB is read in pieces: its field is read from the first piece only (the
     * others are no records), and when that has no
     * address the line is one short invalid entry, not one holding each piece; each array element
     * with no address is its own entry.
     */
    @Test
    void aLongJsonLineIsOneShortInvalidEntryAndEachBadArrayElementIsOne() throws IOException {
        String pad = "a".repeat(3 << 20);
        // an object in the padding near the first cut: the later pieces are not read as records
        String planted = "x".repeat((1 << 20) - 100 - 25) + " {\"ip\":\"9.9.9.9\"}" + "x".repeat(1 << 20);
        String in = "{\"ip\":\"192.0.2.1\",\"pad\":\"" + planted + "\"}\n"
                + "{\"pad\":\"" + pad + "\",\"ip\":\"203.0.113.3\"}\n"
                + "{\"ip\":[\"x\",\"198.51.100.2\",\"y\",7]}\n";
        List<Object> out = runFields(in.getBytes(StandardCharsets.US_ASCII), "jsonl:ip");
        assertThat(out).hasSize(6);
        assertThat(out.get(0)).isEqualTo(new Seen(1, "192.0.2.1"));
        assertThat(out.get(1)).isInstanceOfSatisfying(Bad.class, b -> {
            assertThat(b.line()).isEqualTo(2);
            assertThat(b.reason()).isEqualTo("line over 1 MiB: not read as JSON");
            assertThat(b.text()).isEqualTo("{\"pad\":\"" + "a".repeat(256 - 8));
        });
        assertThat(out.subList(2, 6))
                .containsExactly(
                        new Seen(3, "198.51.100.2"),
                        new Bad(3, "x", "not an IP address"),
                        new Bad(3, "y", "not an IP address"),
                        new Bad(3, "7", "field 'ip' is a number, not a string"));
    }

    @Test
    void hundredMegabyteLineIsReadInPiecesWithEveryAddress() throws IOException {
        long size = 100L << 20;
        List<Seen> seen = new ArrayList<>();
        ExtractSummary s = run(new Input("huge", -1, () -> hugeLine(size)), "text", seen);
        assertThat(seen)
                .containsExactly(
                        new Seen(1, "192.0.2.1"),
                        new Seen(1, "198.51.100.2"),
                        new Seen(1, "203.0.113.3"),
                        new Seen(2, "10.0.0.1"));
        assertThat(s.lines()).isEqualTo(2);
        assertThat(s.longLines()).isEqualTo(1);
        // the 100-piece line is one line with addresses, not a line per piece
        assertThat(s.withAddress()).isEqualTo(2);
        assertThat(s.withoutAddress() + s.blank() + s.headers()).isZero();
        assertThat(s.bytes()).isGreaterThan(size);
    }

    @Test
    void aLongLineIsOneLineOfTheSummaryWhateverItsPiecesHold() throws IOException {
        // pieces without an address, then one with, then a short line without; and a long line with none
        String line1 = "x".repeat(3 << 20) + " 192.0.2.1 " + "y".repeat(2 << 20);
        String text = line1 + "\nnothing here\n" + "z ".repeat(1 << 20) + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        for (int threads : new int[] {0, 1, 3}) {
            ExtractSummary s = runThreads(new Input("long", -1, () -> new ByteArrayInputStream(bytes)), threads);
            assertThat(s.lines()).as("threads %d", threads).isEqualTo(3);
            assertThat(s.longLines()).isEqualTo(2);
            assertThat(s.withAddress()).isEqualTo(1);
            assertThat(s.withoutAddress()).isEqualTo(2);
            assertThat(s.sightings()).isEqualTo(1);
        }
    }

    @Test
    void binaryInvalidUtf8CrlfAndNulAreCountedNotFatal() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("ok 192.0.2.1\r\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {(byte) 0xC3, 0x28, ' ', '1', '9', '2', '.', '0', '.', '2', '.', '2', '\n'});
        b.writeBytes(
                new byte[] {'1', '.', '1', 0, '.', '1', '.', '1', ' ', 0, '8', '.', '8', '.', '8', '.', '8', '\n'});
        // text first: a file whose first 8 KiB look binary is refused as a whole (InputEncodingTest)
        b.writeBytes("a line of text without an address\n".repeat(300).getBytes(StandardCharsets.US_ASCII));
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise);
        b.writeBytes(noise);
        b.writeBytes("\n\nlast 2001:db8::1".getBytes(StandardCharsets.US_ASCII));
        List<Seen> seen = new ArrayList<>();
        ExtractSummary s = run(bytes(b.toByteArray()), "text", seen);
        assertThat(seen).startsWith(new Seen(1, "192.0.2.1"), new Seen(2, "192.0.2.2"), new Seen(3, "8.8.8.8"));
        assertThat(seen).last().isEqualTo(new Seen(s.lines(), "2001:db8::1"));
        assertThat(s.invalidUtf8()).isGreaterThanOrEqualTo(2);
        assertThat(s.nulLines()).isGreaterThanOrEqualTo(2);
        assertThat(s.blank()).isEqualTo(1);
        assertThat(s.withAddress() + s.withoutAddress() + s.blank() + s.headers())
                .isEqualTo(s.lines());
    }

    @Test
    void workerThreadsGiveTheSameLinesInTheSameOrder() throws IOException {
        StringBuilder log = new StringBuilder();
        Random r = new Random(3);
        for (int i = 0; i < 60_000; i++) {
            log.append(i % 5 == 0 ? "" : "noise " + r.nextInt(1000))
                    .append(i % 3 == 0 ? " 10." + (i % 250) + "." + r.nextInt(250) + ".1[.]" : "")
                    .append(i % 7 == 0 ? " 2001:db8::" + Integer.toHexString(i) : "")
                    .append('\n');
        }
        byte[] b = log.toString().getBytes(StandardCharsets.US_ASCII);
        List<ExtractSummary> summaries = new ArrayList<>();
        List<List<Seen>> results = new ArrayList<>();
        for (int threads : new int[] {0, 1, 3}) {
            List<Seen> seen = new ArrayList<>();
            ExtractSpec spec =
                    new ExtractSpec(List.of(bytes(b)), InputMode.parse("text"), ExtractOptions.DEFAULTS, 0, threads);
            summaries.add(ExtractRunner.run(spec, (source, line, shape, decoder, found) -> {
                for (Sighting s : found) {
                    seen.add(new Seen(line, s.ip().text()));
                }
            }));
            results.add(seen);
        }
        assertThat(results.get(0)).hasSizeGreaterThan(20_000);
        assertThat(results.get(1)).isEqualTo(results.get(0));
        assertThat(results.get(2)).isEqualTo(results.get(0));
        assertThat(summaries.get(2).withAddress()).isEqualTo(summaries.get(0).withAddress());
        assertThat(summaries.get(2).blank()).isEqualTo(summaries.get(0).blank()).isPositive();
    }

    /** A gzip file of {@code lines} numbered lines with an address each, cut off at 70% of its length. */
    static byte[] truncatedGzip(int lines) throws IOException {
        StringBuilder log = new StringBuilder();
        Random r = new Random(7);
        for (int i = 1; i <= lines; i++) {
            log.append("line ")
                    .append(i)
                    .append(" from 10.")
                    .append(i >> 16)
                    .append('.')
                    .append((i >> 8) & 255);
            log.append('.')
                    .append(i & 255)
                    .append(" noise ")
                    .append(r.nextInt(1_000_000))
                    .append('\n');
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(log.toString().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] whole = gz.toByteArray();
        return java.util.Arrays.copyOf(whole, whole.length * 7 / 10);
    }

    /** The whole lines a plain reader of {@code gz} gets before the stream fails: the most any reader can give. */
    static long wholeLinesBeforeTheFailure(byte[] gz) {
        long lines = 0;
        byte[] buf = new byte[4096];
        try (InputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz))) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    lines += buf[i] == '\n' ? 1 : 0;
                }
            }
        } catch (IOException expected) {
            return lines;
        }
        throw new AssertionError("the stream did not fail");
    }

    @Test
    void aTruncatedGzipFileGivesEveryWholeLineBeforeTheFailureWithAnyNumberOfThreads() throws IOException {
        // several MB of lines: many chunks in flight when the read fails; none of them may be lost
        byte[] gz = truncatedGzip(400_000);
        long expected = wholeLinesBeforeTheFailure(gz);
        assertThat(expected).isGreaterThan(100_000);
        for (String mode : new String[] {"text", "auto"}) {
            for (int threads : new int[] {0, 1, 3}) {
                List<Seen> seen = new ArrayList<>();
                ExtractSpec spec =
                        new ExtractSpec(List.of(bytes(gz)), InputMode.parse(mode), ExtractOptions.DEFAULTS, 0, threads);
                ExtractSummary sum = ExtractRunner.run(spec, (source, line, shape, decoder, found) -> {
                    for (Sighting s : found) {
                        seen.add(new Seen(line, s.ip().text()));
                    }
                });
                assertThat(seen).as("%s, %d threads", mode, threads).hasSize((int) expected);
                for (int i = 0; i < seen.size(); i += 9973) {
                    int n = i + 1;
                    assertThat(seen.get(i))
                            .isEqualTo(new Seen(n, "10." + (n >> 16) + "." + ((n >> 8) & 255) + "." + (n & 255)));
                }
                assertThat(sum.lines()).isEqualTo(expected);
                assertThat(sum.inputErrors()).singleElement().asString().startsWith("test: the gzip data ends early");
            }
        }
    }

    @Test
    void gzipAndAutoDetectionPerInput() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            for (int i = 0; i < 20; i++) {
                z.write(("Dec 10 06:55:4" + (i % 10) + " h sshd[1]: Failed password for root from 192.0.2." + i
                                + " port 22 ssh2\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
        List<Seen> seen = new ArrayList<>();
        List<LineDecoder.Shape> shapes = new ArrayList<>();
        ExtractSpec spec = new ExtractSpec(
                List.of(bytes(gz.toByteArray()), bytes("a,ip\nx,192.0.2.200\n".getBytes(StandardCharsets.US_ASCII))),
                InputMode.parse("auto"),
                ExtractOptions.DEFAULTS,
                0);
        ExtractSummary s = ExtractRunner.run(spec, (source, line, shape, decoder, found) -> {
            shapes.add(shape);
            found.forEach(f -> seen.add(new Seen(line, f.ip().text())));
        });
        assertThat(s.choices()).hasSize(2);
        assertThat(s.choices().get(0)).contains("sshd");
        assertThat(s.choices().get(1)).contains("csv:ip");
        assertThat(seen).hasSize(21).last().isEqualTo(new Seen(2, "192.0.2.200"));
        assertThat(s.headers()).isEqualTo(1);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "threads {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 2})
    void progressIsReportedWhileReading(int threads) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append("seen 192.0.2.").append(i % 250).append(" here\n");
        }
        byte[] b = text.toString().getBytes(StandardCharsets.US_ASCII);
        ExtractSpec spec =
                new ExtractSpec(List.of(bytes(b)), InputMode.parse("text"), ExtractOptions.DEFAULTS, 0, threads);
        List<long[]> calls = new ArrayList<>();
        ExtractRunner.run(
                spec,
                (source, line, shape, decoder, found) -> {},
                (done, total, lines) -> calls.add(new long[] {done, total, lines}));
        assertThat(calls).hasSizeGreaterThan(1);
        assertThat(calls).allSatisfy(c -> assertThat(c[0]).isBetween(0L, (long) b.length));
        assertThat(calls.get(calls.size() - 1)[1]).isEqualTo(b.length);
    }

    /**
     * Knowing every input's format before the run (enrich --unique, report) must not consume inputs
     * that cannot be read twice: stdin, and pipes such as {@code <(zcat x.gz)} that have a size.
     */
    @Test
    void sniffingEveryInputConsumesNoStreamThatCannotBeReadTwice(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        String sshd = "Dec 10 06:55:46 host sshd[1]: Invalid user web from 192.0.2.1\n".repeat(3);
        String f2b = "2013-07-11 01:21:44,123 fail2ban.actions [1]: NOTICE  [sshd] Ban 192.0.2.4\n".repeat(3);
        java.nio.file.Path file = java.nio.file.Files.writeString(
                dir.resolve("nginx.log"),
                "203.0.113.7 - - [07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 200 5 \"-\" \"a\"\n");
        List<Input> inputs = List.of(oneShot("pipe", sshd, true), Input.file(file), oneShot("-", f2b, false));
        ExtractSpec spec = new ExtractSpec(inputs, InputMode.parse("auto"), ExtractOptions.DEFAULTS, 0);
        ExtractRunner.Sniffed s = ExtractRunner.sniffAll(spec);
        assertThat(s.modes()).extracting(InputMode::toString).containsExactly("sshd", "nginx", "fail2ban");
        List<Seen> seen = new ArrayList<>();
        ExtractSummary sum = ExtractRunner.run(s.spec(), (source, line, shape, decoder, found) -> {
            for (Sighting x : found) {
                seen.add(new Seen(line, x.ip().text()));
            }
        });
        assertThat(sum.lines()).isEqualTo(7);
        assertThat(seen).hasSize(7);
    }

    /** A stream that can be opened once, like a pipe ({@code sized}: it has a size, as /dev/fd/N has). */
    private static Input oneShot(String name, String text, boolean sized) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        InputStream once = new ByteArrayInputStream(b);
        boolean[] opened = {false};
        return new Input(name, sized ? 0 : -1, () -> {
            if (opened[0]) {
                return InputStream.nullInputStream();
            }
            opened[0] = true;
            return once;
        });
    }
}
