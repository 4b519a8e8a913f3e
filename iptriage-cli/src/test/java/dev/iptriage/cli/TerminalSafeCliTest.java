package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.HostileText;
import dev.iptriage.testing.StubDownloadServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same hostile payloads ({@link HostileText#PAYLOADS}: OSC title, screen clear, reset, NUL, BEL,
 * C1 CSI, DEL, RLO) in database strings, database metadata, input lines, CSV headers and cells, file
 * names and arguments reach no output raw: not enrich's CSV, JSON Lines, JSON or table (list, join and
 * log modes), not lookup, db export, extract, db info/list/verify, fields, and no message on stderr.
 * Output is checked byte by byte, as a terminal would get it.
 */
class TerminalSafeCliTest {
    @TempDir
    static Path dir;

    static String city;
    static String asn;
    static String custom;
    /** Every payload as an input line, then addresses whose database strings carry them. */
    static String lines;

    @BeforeAll
    static void setUp() {
        city = HostileText.city(dir).toString();
        asn = HostileText.asn(dir).toString();
        custom = HostileText.custom(dir).toString();
        StringBuilder b = new StringBuilder();
        HostileText.PAYLOADS.forEach(p -> b.append(p).append('\n'));
        b.append(HostileText.ALL).append('\n');
        for (int i = 0; i <= HostileText.PAYLOADS.size(); i++) {
            b.append("198.51.10").append(i).append(".1\n");
        }
        lines = b.toString();
    }

    record Run(int code, byte[] out, byte[] err) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }

        String errText() {
            return new String(err, StandardCharsets.UTF_8);
        }
    }

    /** Runs in-process like {@link Cli#run}, keeping the bytes written. */
    static Run run(String stdin, String... args) {
        return run(Map.of(), stdin, args);
    }

    static Run run(Map<String, String> extraEnv, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOME", "/nonexistent-home");
        Env e = new Env(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                env,
                Terminal.from(env),
                Clock.fixed(Cli.NOW, ZoneOffset.UTC),
                false);
        int code = Main.run(e, args);
        return new Run(code, out.toByteArray(), err.toByteArray());
    }

    /** Runs and checks that neither stream carries a control character but LF (and {@code outAllowed}). */
    static Run safe(String stdin, String outAllowed, String... args) {
        return safe(Map.of(), stdin, outAllowed, args);
    }

    static Run safe(Map<String, String> env, String stdin, String outAllowed, String... args) {
        Run r = run(env, stdin, args);
        assertThat(HostileText.unsafe(r.out(), "\n" + outAllowed))
                .as("stdout of %s", List.of(args))
                .isEmpty();
        assertThat(HostileText.unsafe(r.err(), "\n"))
                .as("stderr of %s", List.of(args))
                .isEmpty();
        return r;
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void enrichInEveryFormatFromDatabaseStringsAndInvalidLines() {
        List<String> dbs = List.of("--db", city, "--db", asn, "--db", custom);
        for (String format : List.of("csv", "jsonl", "json", "table")) {
            for (List<String> extra : List.of(List.<String>of(), List.of("--fields", "all"), List.of("-u"))) {
                List<String> args = with(with(List.of("enrich", "-f", format), dbs.toArray(String[]::new)), "-");
                args.addAll(extra);
                Run r = safe(lines, "", args.toArray(String[]::new));
                assertThat(r.code()).as("%s", args).isZero();
                if (format.startsWith("json")) {
                    assertThat(r.outText()).contains("\\u001B]0;pwned\\u0007", "\\u009B2J", "\\u202E");
                } else {
                    assertThat(r.outText()).contains("\uFFFD]0;pwned\uFFFD", "\uFFFD[2J");
                }
            }
        }
        Run raw = safe(lines, "", "enrich", "--raw", "--db", city, "--db", custom, "-");
        assertThat(raw.outText()).contains("\uFFFD2J");
        Run rawJson = safe(lines, "", "enrich", "--raw", "-f", "jsonl", "--db", city, "--db", custom, "-");
        assertThat(rawJson.outText()).contains("\\u009B2J");
    }

    @Test
    void lookupAnswersWithoutControlCharacters() {
        List<String> args = new ArrayList<>(List.of("lookup", "--db", city, "--db", asn, "--db", custom));
        for (int i = 0; i <= HostileText.PAYLOADS.size(); i++) {
            args.add("198.51.10" + i + ".1");
        }
        args.addAll(HostileText.PAYLOADS.subList(0, 3)); // not addresses: said on stderr
        Run r = safe("", "", args.toArray(String[]::new));
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.outText()).contains("\uFFFD]0;pwned\uFFFD", "Evil\uFFFD[31m-Type\uFFFD");
        assertThat(r.errText()).contains("\uFFFD]0;pwned\uFFFD: not an IP address");
    }

    @Test
    void dbExportInCsvAndJsonLines() throws IOException {
        for (String db : List.of(city, asn, custom)) {
            assertThat(safe("", "", "db", "export", db).outText()).contains("\uFFFD[2J");
            for (String ext : List.of("csv", "jsonl")) {
                Path out = dir.resolve("export-" + Path.of(db).getFileName() + "." + ext);
                assertThat(safe("", "", "db", "export", db, "-o", out.toString())
                                .code())
                        .isZero();
                assertThat(HostileText.unsafe(Files.readAllBytes(out), "\n")).isEmpty();
            }
        }
    }

    @Test
    void extractAndLogModesFromHostileLogLinesAndFileNames() throws IOException {
        StringBuilder log = new StringBuilder();
        for (String p : HostileText.PAYLOADS) {
            String q = p.replace("\u0000", "").replace("\"", "");
            log.append("198.51.100.1 - - [07/Dec/2016:10:05:07 +0000] \"GET /a")
                    .append(q)
                    .append(" HTTP/1.1\" 200 612 \"-\" \"agent")
                    .append(q)
                    .append("\"\n");
        }
        log.append(HostileText.ALL).append(" 198.51.101.1\n");
        Path file = Files.writeString(dir.resolve("access\u001b]0;t\u0007.log"), log);
        String f = file.toString();
        for (String format : List.of("csv", "jsonl")) {
            safe("", "", "extract", "--from", "nginx", "-f", format, f);
            safe("", "", "extract", "--from", "auto", "-u", "-f", format, f);
            safe("", "", "extract", "--from", "text", "-f", format, f);
        }
        safe("", "\t", "extract", "-c", f); // COUNT<TAB>IP
        for (String format : List.of("csv", "jsonl", "json", "table")) {
            Run r = safe("", "", "enrich", "--from", "auto", "-u", "-f", format, "--db", city, "--db", custom, f);
            assertThat(r.errText()).contains("access\uFFFD]0;t\uFFFD.log");
            safe("", "", "enrich", "--from", "nginx", "-f", format, "--db", city, f);
        }
    }

    @Test
    void joinModeKeepsTheInputsColumnsWithoutControlCharacters() {
        String csv = "when,src_ip,\u001b[2Jnote\u202e\n"
                + "2024-01-01,198.51.100.1,\"" + HostileText.ALL + "\"\n"
                + "\u001b]0;x\u0007,not-an-ip,\u009b\n";
        for (String format : List.of("csv", "jsonl")) {
            Run r = safe(
                    csv,
                    "",
                    "enrich",
                    "--from",
                    "csv:src_ip",
                    "--keep-columns",
                    "-f",
                    format,
                    "--db",
                    city,
                    "--db",
                    custom);
            assertThat(r.code()).isZero();
            assertThat(r.outText()).contains(format.equals("csv") ? "\uFFFD[2Jnote\uFFFD" : "\\u001B[2Jnote\\u202E");
        }
    }

    @Test
    void databaseMetadataInDbInfoListVerifyAndFields() throws IOException {
        Path named = Files.copy(Path.of(custom), dir.resolve("named\u001b[2J\u0007.mmdb"));
        for (String db : List.of(custom, named.toString())) {
            Run info = safe("", "", "db", "info", db);
            assertThat(info.outText()).contains("Evil\uFFFD[31m-Type\uFFFD", "\uFFFD]0;desc\uFFFD");
            safe("", "", "db", "list", "--db", db);
            safe("", "", "db", "verify", db);
            safe("", "", "fields", "--db", db);
            safe(lines, "", "enrich", "--db", db, "-"); // the "database ..." note on stderr
        }
    }

    @Test
    void messagesThatQuoteInput() throws IOException {
        Path csv = Files.writeString(dir.resolve("cols.csv"), "ip,\u001b]0;col\u0007\n198.51.100.1,x\n");
        List<Run> runs = List.of(
                safe("", "", "enrich", dir.resolve("missing\u001b[2J\u0007.txt").toString()),
                safe("", "", "enrich", "--from", "csv:\u001b]0;x\u0007", csv.toString()),
                safe("", "", "enrich", "--from", "csv:nope", csv.toString()),
                safe("", "", "enrich", "--from", "\u001b[2J", csv.toString()),
                safe("", "", "enrich", "-f", "\u001b]0;x\u0007", csv.toString()),
                safe("", "", "enrich", "--fields", "ip,x\u001b[2J", csv.toString()),
                safe("", "", "enrich", "--\u001bc"),
                safe("", "", "\u001b[2J"),
                safe("", "", "db", "verify", dir.resolve("no\u001b[2J.mmdb").toString()),
                safe("", "", "db", "info", dir.resolve("no\u001b[2J.mmdb").toString()));
        for (Run r : runs) {
            assertThat(r.code()).isIn(2, 3);
            assertThat(r.errText() + r.outText()).contains("\uFFFD"); // the input, quoted and replaced
        }
        Path bad = Files.writeString(
                dir.resolve("bad.csv"), "network,name\n10.0.0.0/8,ok\n\u001b]0;net\u0007,x\n10.1.0.0/16,\u009b\n");
        Run build = safe(
                "",
                "",
                "db",
                "build",
                bad.toString(),
                "-o",
                dir.resolve("b.mmdb").toString(),
                "--type",
                "T\u001b[31m",
                "--max-errors",
                "5");
        assertThat(build.code()).isZero();
        assertThat(build.errText()).contains("T\uFFFD[31m");
    }

    @Test
    void dbUpdateNamesAHostileFolderSafely() throws IOException {
        try (StubDownloadServer stub = StubDownloadServer.start()) {
            stub.publish("GeoLite2-City", Fixtures.BUILT);
            Map<String, String> account = Map.of(
                    "MAXMIND_ACCOUNT_ID", StubDownloadServer.ACCOUNT, "MAXMIND_LICENSE_KEY", StubDownloadServer.KEY);
            Path target = dir.resolve("update\u001b]0;t\u0007");
            Run r = safe(
                    account,
                    "",
                    "",
                    "db",
                    "update",
                    "--host",
                    stub.url(),
                    "--edition",
                    "GeoLite2-City",
                    "--dir",
                    target.toString(),
                    "--dry-run");
            assertThat(r.code()).as(r.errText()).isZero();
            assertThat(r.outText()).contains("GeoLite2-City: would_update", "update\uFFFD]0;t\uFFFD");
        }
    }
}
