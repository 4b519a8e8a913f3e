package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.databases.Database;
import dev.iptriage.input.Input;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {
    @TempDir
    static Path dir;

    static Enricher enricher;

    @BeforeAll
    static void setUp() throws Exception {
        enricher = Enricher.builder()
                .database(Database.open(Fixtures.city(dir)))
                .database(Database.open(Fixtures.asn(dir)))
                .build();
    }

    record Result(String out, RunSummary summary) {}

    static Result run(String input, SinkFormat fmt, boolean unique, boolean strict, Enricher e) throws IOException {
        return run(input.getBytes(StandardCharsets.UTF_8), fmt, unique, strict, e, 2);
    }

    static Result run(byte[] input, SinkFormat fmt, boolean unique, boolean strict, Enricher e, int threads)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobSpec spec = new JobSpec(
                List.of(Input.stdin(new ByteArrayInputStream(input))), e, fmt, unique, strict, threads, 1000);
        RunSummary s = JobRunner.run(spec, out, ProgressListener.NONE);
        return new Result(out.toString(StandardCharsets.UTF_8), s);
    }

    @Test
    void oneRowPerLineInOrderWithEveryStatus() throws IOException {
        String in = "8.8.8.8\r\n  81.2.69.160  \n\n# a comment\nnot an ip\n10.0.0.1\n192.0.2.7\n1.2.3.4:8080\n"
                + "[2001:4860::1]:443\n8.8.8.0/24 scanner\n999.1.1.1\n1.2.3.4";
        Result r = run(in, SinkFormat.CSV, false, false, enricher);
        assertThat(r.out().split("\n"))
                .containsExactly(
                        "ip,status,asn,as_org,network,city,country,postal_code,latitude,longitude",
                        "8.8.8.8,ok,15169,Google LLC,8.8.8.0/24,Mountain View,United States,94043,37.386,-122.0838",
                        "81.2.69.160,ok,20712,Andrews & Arnold Ltd,81.2.64.0/18,London,United Kingdom,,51.5142,-0.0931",
                        ",invalid,,,,,,,,",
                        "\"# a comment\",invalid,,,,,,,,",
                        "not an ip,invalid,,,,,,,,",
                        "10.0.0.1,private,,,10.0.0.0/8,,,,,", // in the City fixture only: its network
                        "192.0.2.7,reserved,,,,,,,,",
                        "1.2.3.4,not_found,,,,,,,,",
                        "2001:4860::1,ok,15169,Google LLC,2001:4860::/32,,United States,,37.751,-97.822",
                        "8.8.8.0/24,ok,15169,Google LLC,8.8.8.0/24,Mountain View,United States,94043,37.386,-122.0838",
                        "999.1.1.1,invalid,,,,,,,,",
                        "1.2.3.4,not_found,,,,,,,,");
        RunSummary s = r.summary();
        assertThat(s.lines()).isEqualTo(12);
        assertThat(s.rows()).isEqualTo(12);
        assertThat(s.count(Status.OK)).isEqualTo(4);
        assertThat(s.count(Status.INVALID)).isEqualTo(4);
        assertThat(s.blank()).isEqualTo(1);
        assertThat(s.comments()).isEqualTo(1);
        assertThat(s.count(Status.PRIVATE)).isEqualTo(1);
        assertThat(s.count(Status.RESERVED)).isEqualTo(1);
        assertThat(s.count(Status.NOT_FOUND)).isEqualTo(2);
    }

    @Test
    void customRowFormatsSeeEveryDistinctAddressOnceWithItsCount() throws IOException {
        Map<String, Long> seen = new ConcurrentHashMap<>();
        Function<List<Column>, RowFormat> formats = fields -> new RowFormat() {
            @Override
            public byte[] header() {
                return new byte[0];
            }

            @Override
            public void row(Row r, ByteArrayOutputStream out) {
                assertThat(seen.put(r.ip() + " " + r.status(), r.count())).isNull();
            }

            @Override
            public List<Column> columns() {
                return fields;
            }
        };
        String in = "8.8.8.8\n8.8.8.8\n81.2.69.1\n8.8.8.8\nnope\n10.0.0.1\n81.2.69.1\n".repeat(1000);
        JobSpec spec = new JobSpec(
                List.of(Input.stdin(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)))),
                enricher,
                SinkFormat.CSV,
                true,
                false,
                2,
                1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSummary s = JobRunner.run(spec, formats, out, ProgressListener.NONE);
        assertThat(out.size()).isZero();
        assertThat(seen)
                .containsOnly(
                        Map.entry("8.8.8.8 ok", 3000L),
                        Map.entry("81.2.69.1 ok", 2000L),
                        Map.entry("nope invalid", 1000L),
                        Map.entry("10.0.0.1 private", 1000L));
        assertThat(s.lines()).isEqualTo(7000);
    }

    @Test
    void strictModeAcceptsOnlyBareLiterals() throws IOException {
        Result r = run("8.8.8.8\n1.2.3.4:80\n8.8.8.0/24\n 8.8.8.8 \n", SinkFormat.CSV, false, true, enricher);
        assertThat(r.out().lines().map(l -> l.split(",")[1]).toList())
                .containsExactly("status", "ok", "invalid", "invalid", "ok");
    }

    @Test
    void csvNeutralisesFormulasButKeepsNegativeNumbers() throws IOException {
        Enricher e = Enricher.builder()
                .database(Database.open(dir.resolve("GeoLite2-City.mmdb")))
                .database(Database.open(dir.resolve("GeoLite2-ASN.mmdb")))
                .fields(List.of(Field.IP, Field.AS_ORG, Field.COUNTRY, Field.POSTAL_CODE, Field.LONGITUDE))
                .build();
        Result r = run("203.0.113.9\n=cmd|' /C calc'!A0\n81.2.69.1\n", SinkFormat.CSV, false, false, e);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(1))
                .isEqualTo(
                        "203.0.113.9,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",'=1+1,'@SUM(A1),2.0");
        assertThat(lines.get(2)).startsWith("'=cmd|' /C calc'!A0,");
        assertThat(lines.get(3)).endsWith(",-0.0931");
    }

    @Test
    void jsonLinesAndJsonAreValidAndTyped() throws IOException {
        ObjectMapper m = new ObjectMapper();
        Result jl = run("8.8.8.8\nbad\n", SinkFormat.JSONL, false, false, enricher);
        List<JsonNode> rows = new ArrayList<>();
        for (String l : jl.out().split("\n")) {
            rows.add(m.readTree(l));
        }
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("asn").isNumber()).isTrue();
        assertThat(rows.get(0).get("latitude").asDouble()).isEqualTo(37.386);
        assertThat(rows.get(1).get("status").asText()).isEqualTo("invalid");
        assertThat(rows.get(1).get("asn").isNull()).isTrue();
        JsonNode arr = m.readTree(run("8.8.8.8\n81.2.69.160\n1.2.3.4\n", SinkFormat.JSON, false, false, enricher)
                .out());
        assertThat(arr.isArray()).isTrue();
        assertThat(arr.size()).isEqualTo(3);
        assertThat(m.readTree(run("", SinkFormat.JSON, false, false, enricher).out())
                        .size())
                .isZero();
    }

    @Test
    void uniqueCountsInFirstSeenOrder() throws IOException {
        Result r = run(
                "1.2.3.4\n8.8.8.8\n1.2.3.4\nx\n8.8.8.8\n8.8.8.8\nx\n",
                SinkFormat.CSV,
                true,
                false,
                Enricher.builder()
                        .database(Database.open(dir.resolve("GeoLite2-ASN.mmdb")))
                        .fields(List.of(Field.IP, Field.STATUS, Field.ASN, Field.COUNT))
                        .build());
        assertThat(r.out().split("\n"))
                .containsExactly("ip,status,asn,count", "1.2.3.4,not_found,,2", "8.8.8.8,ok,15169,3", "x,invalid,,2");
        assertThat(r.summary().lines()).isEqualTo(7);
        assertThat(r.summary().rows()).isEqualTo(3);
    }

    @Test
    void manyBlocksOnManyThreadsKeepInputOrder() throws IOException {
        StringBuilder in = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            String ip = switch (i % 4) {
                case 0 -> "8.8.8." + (i % 256);
                case 1 -> "81.2.69." + (i % 256);
                case 2 -> "line-" + i;
                default -> "1.1.1." + (i % 256);
            };
            in.append(ip).append('\n');
            expected.add(ip);
        }
        Enricher e = Enricher.builder()
                .database(Database.open(dir.resolve("GeoLite2-ASN.mmdb")))
                .fields(List.of(Field.IP, Field.ASN))
                .build();
        Result r = run(in.toString().getBytes(StandardCharsets.UTF_8), SinkFormat.CSV, false, false, e, 4);
        List<String> ips =
                r.out().lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
        assertThat(ips).isEqualTo(expected);
        assertThat(r.summary().lines()).isEqualTo(300_000);
    }

    @Test
    void gzipInputIsReadTransparently() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write("8.8.8.8\n1.1.1.1\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path f = dir.resolve("ips.txt.gz");
        Files.write(f, gz.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobSpec spec = new JobSpec(List.of(Input.file(f)), enricher, SinkFormat.CSV, false, false, 1, 10);
        RunSummary s = JobRunner.run(spec, out, ProgressListener.NONE);
        assertThat(s.lines()).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("8.8.8.8,ok,15169");
    }

    @Test
    void hostileBytesNeverStopTheRun() throws IOException {
        byte[] junk = new byte[3 * (1 << 20) + 17];
        new java.util.Random(7).nextBytes(junk);
        // text first: a file whose first 8 KiB look binary is refused as a whole (InputEncodingTest)
        byte[] text = "# a list\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, junk, 0, text.length);
        byte[] tail = "\n8.8.8.8\n".getBytes(StandardCharsets.US_ASCII);
        byte[] in = java.util.Arrays.copyOf(junk, junk.length + tail.length);
        System.arraycopy(tail, 0, in, junk.length, tail.length);
        Result r = run(in, SinkFormat.CSV, false, false, enricher, 2);
        assertThat(r.out())
                .endsWith(
                        "8.8.8.8,ok,15169,Google LLC,8.8.8.0/24,Mountain View,United States,94043,37.386,-122.0838\n");
        assertThat(r.summary().count(Status.OK)).isEqualTo(1);
        assertThat(r.summary().lines()).isEqualTo(r.summary().rows());
    }

    @Test
    void aSingleHugeLineIsCutAndReported() throws IOException {
        byte[] big = new byte[5 * (1 << 20)];
        java.util.Arrays.fill(big, (byte) 'a');
        byte[] in = (new String(big, StandardCharsets.US_ASCII) + "\n8.8.8.8\n").getBytes(StandardCharsets.US_ASCII);
        Result r = run(in, SinkFormat.CSV, false, false, enricher, 2);
        assertThat(r.summary().truncated()).isEqualTo(1);
        assertThat(r.summary().lines()).isEqualTo(2);
        assertThat(r.out().length()).isLessThan(2000);
        assertThat(r.summary().count(Status.OK)).isEqualTo(1);
    }

    @Test
    void linesJustOverTheLimitAreCutWhateverArrayTheBlockGets() throws IOException {
        // blocks before and between the long lines, so reused (longer) arrays come back from the pool
        String normal = "1.1.1.1\n".repeat(300_000);
        String longLine = "8.8.8.8" + " ".repeat((1 << 20) + 60_000) + "\n";
        byte[] in = (normal + longLine + normal + longLine + longLine + normal).getBytes(StandardCharsets.US_ASCII);
        for (int threads : new int[] {1, 2}) {
            Result r = run(in, SinkFormat.CSV, false, false, enricher, threads);
            assertThat(r.summary().truncated()).as("threads %d", threads).isEqualTo(3);
            assertThat(r.summary().lines()).isEqualTo(900_003);
            assertThat(r.summary().count(Status.OK)).isEqualTo(900_000);
        }
    }

    @Test
    void aTruncatedGzipFileGivesARowForEveryWholeLineBeforeTheFailure() throws IOException {
        byte[] gz = ExtractRunnerTest.truncatedGzip(400_000);
        long expected = ExtractRunnerTest.wholeLinesBeforeTheFailure(gz);
        for (int threads : new int[] {1, 3}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Input input = new Input("t.gz", gz.length, () -> new ByteArrayInputStream(gz));
            JobSpec spec = new JobSpec(List.of(input), enricher, SinkFormat.CSV, false, false, threads, 1000);
            RunSummary s = JobRunner.run(spec, out, ProgressListener.NONE);
            assertThat(s.lines()).as("%d threads", threads).isEqualTo(expected);
            assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).hasSize((int) expected + 1);
            assertThat(s.inputErrors()).singleElement().asString().startsWith("t.gz: the gzip data ends early");
        }
    }

    @Test
    void aFailedWriteStopsTheRunAndIsNotTakenForAnInputError() {
        // a full disk under -o: writing the first block fails (8 MB per input, more blocks than are
        // in flight, so while the first input is read); the run must stop with that error, not note
        // it as a problem of the input being read and go on reading the next one
        byte[] block = "8.8.8.8\n".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);
        int[] opened = new int[1];
        Input input = new Input("in.txt", block.length, () -> {
            opened[0]++;
            return new ByteArrayInputStream(block);
        });
        java.io.OutputStream full = new java.io.OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 4096) { // the header fits, the first block's rows do not
                    throw new IOException("No space left on device");
                }
            }
        };
        JobSpec spec = new JobSpec(List.of(input, input), enricher, SinkFormat.CSV, false, false, 1, 1000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobRunner.run(spec, full, ProgressListener.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("No space left on device");
        assertThat(opened[0]).isEqualTo(1);
    }
}
