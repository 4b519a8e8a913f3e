package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte order marks, UTF-16 and binary data in every input path, as a user meets them (issue 12, item
 * 5): the same input written in UTF-8, UTF-8 with a BOM, UTF-16LE and UTF-16BE (with a BOM, as
 * Windows tools write them; CRLF or LF), gzip of UTF-16LE, and UTF-16LE without a BOM gives
 * byte-identical output in every command and mode; what cannot be read as text is exit 3 with one
 * line naming the file and what was found.
 */
class EncodingCliTest {
    @TempDir
    static Path dir;

    static String city;
    static String asn;

    @BeforeAll
    static void databases() {
        city = Fixtures.city(dir).toString();
        asn = Fixtures.asn(dir).toString();
    }

    /** The ways a text file comes. */
    enum Encoding {
        UTF8(s -> s.getBytes(StandardCharsets.UTF_8)),
        UTF8_BOM(s -> concat(bytes(0xEF, 0xBB, 0xBF), s.getBytes(StandardCharsets.UTF_8))),
        UTF16LE_BOM(s -> concat(bytes(0xFF, 0xFE), s.getBytes(StandardCharsets.UTF_16LE))),
        UTF16BE_BOM(s -> concat(bytes(0xFE, 0xFF), s.getBytes(StandardCharsets.UTF_16BE))),
        GZIP_UTF16LE_BOM(s -> gzip(UTF16LE_BOM.encode(s))),
        UTF16LE_NO_BOM(s -> s.getBytes(StandardCharsets.UTF_16LE));

        private final Function<String, byte[]> encoder;

        Encoding(Function<String, byte[]> encoder) {
            this.encoder = encoder;
        }

        byte[] encode(String s) {
            return encoder.apply(s);
        }
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(String name, byte[] content) {
        try {
            Path p = Files.createTempDirectory(dir, "in").resolve(name);
            Files.write(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- the three cases of the issue, as written there ---

    @Test
    void aUtf8ByteOrderMarkNoLongerMakesTheFirstAddressInvalid() {
        Path ips = write("ips.txt", Encoding.UTF8_BOM.encode("8.8.8.8\n81.2.69.160\n"));
        Cli.Result r = Cli.run("", "enrich", "--db", city, "--db", asn, ips.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList().get(1)).startsWith("8.8.8.8,ok,15169,Google LLC");
        assertThat(r.err()).contains("ok 2", "invalid 0");
    }

    @Test
    void excelsCsvUtf8HasItsIpColumn() {
        // Excel's "CSV UTF-8 (Comma delimited)": a byte order mark and CRLF
        Path csv = write("fw.csv", Encoding.UTF8_BOM.encode("ip,action\r\n8.8.8.8,deny\r\n81.2.69.160,allow\r\n"));
        Cli.Result r = Cli.run("", "enrich", "--db", city, "--db", asn, "--from", "csv:ip", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\n8.8.8.8,ok,15169,", "\n81.2.69.160,ok,20712,");
        Cli.Result k = Cli.run(
                "", "enrich", "--db", asn, "--from", "csv:ip", "--keep-columns", "--fields", "ip,asn", csv.toString());
        assertThat(k.out()).startsWith("ip,action,iptriage_ip,asn\n8.8.8.8,deny,8.8.8.8,15169\n");
    }

    @Test
    void aPowerShellUtf16ListIsEnriched() {
        // PowerShell 5's "Get-Content ... > ips.txt": FF FE, then UTF-16LE with CRLF
        byte[] ps = Encoding.UTF16LE_BOM.encode("8.8.8.8\r\n81.2.69.160\r\n");
        Path ips = write("ips.txt", ps);
        Cli.Result r = Cli.run("", "enrich", "--db", city, "--db", asn, ips.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(1).map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1))))
                .containsExactly("8.8.8.8,ok", "81.2.69.160,ok");
        Cli.Result piped = Cli.run(ps, "enrich", "--db", city, "--db", asn);
        assertThat(piped.out()).isEqualTo(r.out());
        assertThat(Cli.run("", "extract", ips.toString()).out()).isEqualTo("8.8.8.8\n81.2.69.160\n");
    }

    @Test
    void filesWithAByteOrderMarkJoinedByCatKeepTheirFirstAddress() {
        byte[] one = Encoding.UTF8_BOM.encode("8.8.8.8\r\n");
        byte[] cat = concat(one, one); // cat a.txt b.txt | iptriage enrich -
        Cli.Result r = Cli.run(cat, "enrich", "--db", asn, "--fields", "ip,status,asn", "-");
        assertThat(r.out()).isEqualTo("ip,status,asn\n8.8.8.8,ok,15169\n8.8.8.8,ok,15169\n");
        assertThat(Cli.run(cat, "extract", "-").out()).isEqualTo("8.8.8.8\n8.8.8.8\n");
    }

    // --- every input path, every encoding: the same output ---

    /** One way of reading an input: the command line, with FILE for the input and OUT for an output file. */
    record Way(String name, String content, String ext, String... args) {
        /** Runs it on {@code input}; returns what it wrote (stdout, or the output file's content) and the exit code. */
        String run(byte[] input) {
            Path in = write("input" + ext, input);
            Path out = in.resolveSibling(args[0].equals("db") ? "out.mmdb" : "out.geojson");
            List<String> a = new ArrayList<>();
            boolean stdin = false;
            for (String s : args) {
                stdin |= s.equals("-");
                a.add(s.equals("FILE") ? in.toString() : s.equals("OUT") ? out.toString() : s);
            }
            Cli.Result r = stdin ? Cli.run(input, a.toArray(String[]::new)) : Cli.run("", a.toArray(String[]::new));
            try {
                String written = "";
                if (a.contains(out.toString()) && Files.exists(out)) {
                    written = a.get(0).equals("db")
                            ? Cli.run("", "db", "export", out.toString()).out()
                            : Files.readString(out);
                }
                return "exit " + r.code() + "\n" + r.out() + written;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A random address list: addresses in every form, comments, blank and junk lines, non-ASCII text. */
    static String list(Random r) {
        String[] forms = {
            "8.8.8.8",
            "81.2.69.160",
            "2001:4860::1",
            "1.10.16.0/20",
            "81.2.69.161:443",
            "[2001:4860::8888]:53",
            "fe80::1%eth0",
            "::ffff:8.8.4.4",
            "10.1.2.3",
            "# Zürich office",
            "",
            "not an address: 東京",
            "emoji \uD83D\uDE00"
        };
        String eol = r.nextBoolean() ? "\r\n" : "\n";
        StringBuilder s = new StringBuilder("8.8.8.8").append(eol);
        for (int i = 0, n = 5 + r.nextInt(60); i < n; i++) {
            s.append(
                            r.nextInt(4) == 0
                                    ? r.nextInt(224) + "." + r.nextInt(256) + ".1.2"
                                    : forms[r.nextInt(forms.length)])
                    .append(eol);
        }
        return s.toString();
    }

    static List<Way> paths(Random r) {
        String list = list(r);
        List<String> addresses =
                list.lines().filter(l -> l.matches("[0-9].*\\.[0-9]+")).toList();
        StringBuilder csv = new StringBuilder("time,ip,note\r\n");
        StringBuilder jsonl = new StringBuilder();
        StringBuilder sshd = new StringBuilder();
        for (String a : addresses) {
            csv.append("2024-01-01,").append(a).append(",Zürich\r\n");
            jsonl.append("{\"src\":{\"ip\":\"").append(a).append("\"},\"note\":\"東京\"}\n");
            sshd.append("Jan  1 00:00:00 host sshd[1]: Failed password for invalid user admin from ")
                    .append(a)
                    .append(" port 22 ssh2\n");
        }
        String enriched =
                Cli.run(list, "enrich", "--db", city, "--db", asn, "-u").out();
        String enrichedJsonl = Cli.run(list, "enrich", "--db", city, "--db", asn, "-u", "-f", "jsonl")
                .out();
        String db = "network,site\n10.0.0.0/8,Zürich\n1.10.16.0/20,東京\n2001:db8::/32,lab\n";
        String[] dbs = {"--db", city, "--db", asn};
        return List.of(
                new Way("enrich FILE", list, ".txt", with(dbs, "enrich", "FILE")),
                new Way("enrich - (stdin)", list, ".txt", with(dbs, "enrich", "-")),
                new Way("enrich -u", list, ".txt", with(dbs, "enrich", "-u", "FILE")),
                new Way("enrich --from text", list, ".txt", with(dbs, "enrich", "--from", "text", "FILE")),
                new Way("enrich --from auto -u", list, ".txt", with(dbs, "enrich", "--from", "auto", "-u", "FILE")),
                new Way("extract", list, ".txt", "extract", "FILE"),
                new Way("extract --threads 0", list, ".txt", "extract", "--threads", "0", "FILE"),
                new Way("extract --from list -c", list, ".txt", "extract", "--from", "list", "-c", "FILE"),
                new Way("report (auto: a list)", list, ".txt", with(dbs, "report", "FILE", "-o", "OUT")),
                new Way("report --from text", list, ".txt", with(dbs, "report", "--from", "text", "FILE", "-o", "OUT")),
                new Way(
                        "enrich --from csv:ip",
                        csv.toString(),
                        ".csv",
                        with(dbs, "enrich", "--from", "csv:ip", "FILE")),
                new Way(
                        "enrich --from csv:ip --keep-columns",
                        csv.toString(),
                        ".csv",
                        with(dbs, "enrich", "--from", "csv:ip", "--keep-columns", "FILE")),
                new Way(
                        "enrich --from auto (csv)",
                        csv.toString(),
                        ".csv",
                        with(dbs, "enrich", "--from", "auto", "FILE")),
                new Way("extract --from csv:ip", csv.toString(), ".csv", "extract", "--from", "csv:ip", "FILE"),
                new Way(
                        "enrich --from jsonl:src.ip",
                        jsonl.toString(),
                        ".jsonl",
                        with(dbs, "enrich", "--from", "jsonl:src.ip", "FILE")),
                new Way(
                        "enrich --from sshd -u",
                        sshd.toString(),
                        ".log",
                        with(dbs, "enrich", "--from", "sshd", "-u", "FILE")),
                new Way(
                        "extract --from auto -c (sshd)",
                        sshd.toString(),
                        ".log",
                        "extract",
                        "--from",
                        "auto",
                        "-c",
                        "FILE"),
                new Way("report on an enriched .csv", enriched, ".csv", "report", "FILE", "-o", "OUT"),
                new Way("report on an enriched .jsonl", enrichedJsonl, ".jsonl", "report", "FILE", "-o", "OUT"),
                new Way("db build", db, ".csv", "db", "build", "FILE", "-o", "OUT"));
    }

    private static String[] with(String[] dbs, String command, String... rest) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of(dbs));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyPathGivesTheSameOutputInEveryEncoding(long seed) {
        for (Way p : paths(new Random(seed))) {
            String utf8 = p.run(Encoding.UTF8.encode(p.content()));
            assertThat(utf8).as(p.name()).startsWith("exit 0\n");
            assertThat(utf8).as(p.name()).containsAnyOf("8.8.8.8", "Zürich");
            for (Encoding e : Encoding.values()) {
                assertThat(p.run(e.encode(p.content())))
                        .as(p.name() + " in " + e)
                        .isEqualTo(utf8);
            }
        }
    }

    // --- what is not text: exit 3, one line naming the file and what was found ---

    static List<String[]> refusingCommands() {
        return List.of(
                new String[] {"enrich", "-q", "--db", asn, "FILE"},
                new String[] {"enrich", "-q", "--db", asn, "-"},
                new String[] {"enrich", "-q", "--db", asn, "--from", "csv:ip", "FILE"},
                new String[] {"enrich", "-q", "--db", asn, "--from", "auto", "-u", "FILE"},
                new String[] {"extract", "-q", "FILE"},
                new String[] {"extract", "-q", "--threads", "0", "FILE"},
                new String[] {"report", "-q", "--db", asn, "FILE", "-o", "OUT"},
                new String[] {"db", "build", "FILE", "-o", "OUT"});
    }

    @Test
    void whatIsNotTextIsExit3WithOneLineSayingWhatItIs() throws IOException {
        byte[] random = new byte[20_000];
        new Random(7).nextBytes(random);
        random[0] = 'x';
        byte[] utf32 = concat(bytes(0xFF, 0xFE, 0, 0), "8.8.8.8\n".getBytes(Charset.forName("UTF-32LE")));
        byte[] xz = bytes(0xFD, '7', 'z', 'X', 'Z', 0, 0, 4, 0xE6, 0xD6, 0xB4, 0x46);
        List<Object[]> cases = List.of(
                new Object[] {"random.csv", random, "binary data, not text: "},
                new Object[] {"utf32.csv", utf32, "UTF-32LE text (byte order mark FF FE 00 00)"},
                new Object[] {"list.csv.xz", xz, "xz-compressed"},
                new Object[] {"gz-random.csv", gzipped(random), "binary data, not text: "});
        for (Object[] c : cases) {
            for (String[] command : refusingCommands()) {
                Path in = write((String) c[0], (byte[]) c[1]);
                Path out = in.resolveSibling(command[0].equals("db") ? "out.mmdb" : "out.geojson");
                List<String> a = new ArrayList<>();
                boolean stdin = false;
                for (String s : command) {
                    stdin |= s.equals("-");
                    a.add(s.equals("FILE") ? in.toString() : s.equals("OUT") ? out.toString() : s);
                }
                String[] args = a.toArray(String[]::new);
                Cli.Result r = stdin ? Cli.run((byte[]) c[1], args) : Cli.run("", args);
                String what = String.join(" ", command) + " on " + c[0];
                assertThat(r.code()).as(what + ": " + r.err()).isEqualTo(3);
                String name = stdin ? "-" : in.toString();
                assertThat(r.err().lines().filter(l -> l.contains((String) c[2])))
                        .as(what + ": " + r.err())
                        .singleElement()
                        .asString()
                        .contains(name + ": " + c[2]);
                if (!command[0].equals("db")) {
                    assertThat(r.err().strip()).as(what).hasLineCount(1); // -q: nothing else
                }
                assertThat(r.out().lines().count()).as(what).isLessThanOrEqualTo(1); // a header at most
                if (command[0].equals("db")) {
                    assertThat(out).as(what).doesNotExist();
                }
            }
        }
    }

    private static byte[] gzipped(byte[] b) {
        return gzip(b);
    }

    @Test
    void logsWithNulBytesAreStillRead() {
        // stray NUL bytes, and a run of them where a log was truncated while written (copytruncate)
        byte[] log = concat(new byte[50_000], "8.8.8.8 \0 x\n1.1.1.1\n\0\0\n".getBytes(StandardCharsets.US_ASCII));
        Path in = write("messages", log);
        Cli.Result r = Cli.run("", "extract", in.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("8.8.8.8\n1.1.1.1\n");
        assertThat(r.err()).contains("2 with NUL bytes");
        Path list = write("ips.txt", "8.8.8.8 \0 x\n\0\0\n8.8.8.8\n".getBytes(StandardCharsets.US_ASCII));
        Cli.Result e = Cli.run("", "enrich", "--db", asn, "--fields", "ip,status,asn", list.toString());
        assertThat(e.code()).as(e.err()).isZero();
        List<String> rows = e.out().lines().toList();
        assertThat(rows).hasSize(4); // the NUL line is a row (its cell's text is the CSV writer's business)
        assertThat(rows.get(1)).isEqualTo("8.8.8.8,ok,15169");
        assertThat(rows.get(2)).endsWith(",invalid,");
        assertThat(rows.get(3)).isEqualTo("8.8.8.8,ok,15169");
    }
}
