package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --excel} on every command that writes CSV: the bytes start with the UTF-8 byte order mark, every line
 * ends in CRLF, and without the mark and those CRs the output is the plain CSV byte for byte (formula guard and
 * all).
 */
class ExcelCliTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    static Path dir;

    static String asn;
    static String city;
    static Path list;
    static Path log;

    @BeforeAll
    static void setUp() throws IOException {
        asn = Fixtures.asn(dir).toString();
        city = Fixtures.city(dir).toString();
        list = Files.writeString(
                dir.resolve("ips.txt"),
                "81.2.69.160\n8.8.8.8\n203.0.113.7\nnot an address\n81.2.69.160\n2001:4860::1\n");
        log = Files.writeString(dir.resolve("access.log"), """
                81.2.69.160 - - [20/Nov/2026:10:00:00 +0000] "GET /a?x=1 HTTP/1.1" 200 5 "-" "Mozilla/5.0 (X11; Düsseldorf)"
                203.0.113.7 - - [20/Nov/2026:10:00:01 +0000] "POST /=cmd|' HTTP/1.1" 404 5 "-" "=HYPERLINK(\\"x\\")"
                81.2.69.160 - - [20/Nov/2026:10:00:02 +0000] "GET /b HTTP/1.1" 200 5 "-" "curl/8, \\"quoted\\""
                """);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "enrich --lang de --fields ip,status,country,city,as_org LIST",
                "enrich -u --sort count -r --lang de --fields all LIST",
                "enrich --from nginx -u --lang de LOG",
                "enrich --from nginx --lang de --fields default,country_iso LOG",
                "extract --from nginx -f csv LOG",
                "extract --from nginx -u -f csv LOG",
                "db export CITY",
            })
    void excelIsThePlainCsvWithAMarkAndCrlf(String command) throws IOException {
        List<String> args = args(command);
        byte[] plain = run(args);
        assertThat(new String(plain, StandardCharsets.UTF_8)).contains("\n");
        List<String> excelArgs = new ArrayList<>(args);
        excelArgs.add(command.startsWith("db") ? 2 : 1, "--excel");
        byte[] excel = run(excelArgs);

        assertThat(Arrays.copyOf(excel, 3)).isEqualTo(BOM);
        String text = new String(excel, 3, excel.length - 3, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n");
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            assertThat(text.charAt(i - 1)).as("before the line end at %d", i).isEqualTo('\r');
        }
        assertThat(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)).isEqualTo(plain);
        if (command.contains("--lang de") && command.startsWith("enrich")) {
            assertThat(text).contains("Vereinigtes Königreich");
        }
    }

    @Test
    void excelToAFileIsTheSameBytes() throws IOException {
        Path out = dir.resolve("excel.csv");
        Cli.Result r =
                Cli.run("", "enrich", "--db", city, "--db", asn, "--excel", "-o", out.toString(), list.toString());
        assertThat(r.code()).as(r.err()).isZero();
        byte[] file = Files.readAllBytes(out);
        assertThat(file).isEqualTo(run(args("enrich --excel LIST")));
        assertThat(Arrays.copyOf(file, 3)).isEqualTo(BOM);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "enrich --excel -f jsonl LIST|--excel writes CSV",
                "enrich --excel -o OUT.json LIST|--excel writes CSV",
                "extract --excel LIST|--excel writes CSV",
                "db export --excel -f jsonl CITY|--excel writes CSV",
            })
    void excelWithAnotherFormatIsAUsageError(String command, String message) {
        List<String> args = args(command.replace("OUT", dir.resolve("x").toString()));
        Cli.Result r = Cli.run("", args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(message);
    }

    private static List<String> args(String command) {
        List<String> out = new ArrayList<>();
        for (String a : command.split(" ")) {
            out.add(a.replace("LIST", list.toString())
                    .replace("LOG", log.toString())
                    .replace("CITY", city));
        }
        if (out.get(0).equals("enrich")) {
            out.addAll(1, List.of("--db", city, "--db", asn));
        }
        return out;
    }

    private static byte[] run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cli.Result r = Cli.run("", args.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        out.writeBytes(r.out().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
