package dev.iptriage.cli;

import static dev.iptriage.cli.OnlineCli.*;
import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.HostileText;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PTR names and TXT strings are hostile input: the world's formula, HTML, terminal-control, bidi
 * and invalid-UTF-8 PTR names, its 255-byte name and its hostile Team Cymru TXT stay inert in every
 * output: no CSV cell a spreadsheet would run, no control character in the table, JSON, lookup or
 * on stderr, and no markup of theirs in the HTML report.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnlineHostileCliTest {
    @TempDir
    static Path dir;

    @DnsWorld
    static DnsTestWorld world;

    /** The hostile answers, and two plain ones (a repeat included). */
    static final List<String> HOSTILE = List.of(
            PTR_FORMULA,
            PTR_HTML,
            PTR_CONTROL,
            PTR_LONGEST,
            PTR_BYTES,
            CYMRU_HOSTILE,
            CYMRU_GARBLED,
            PTR_CONFIRMED,
            LISTED_SBL,
            PTR_FORMULA);

    static final String INPUT = String.join("\n", HOSTILE) + "\n";

    /** Runs, and checks that neither stream carries a control character but LF. */
    static Bytes safe(String stdin, String... args) {
        Bytes r = runBytes(stdin, args);
        assertThat(r.code()).as("%s: %s", List.of(args), r.errText()).isZero();
        assertThat(HostileText.unsafe(r.out(), "\n"))
                .as("stdout of %s", List.of(args))
                .isEmpty();
        assertThat(HostileText.unsafe(r.err(), "\n"))
                .as("stderr of %s", List.of(args))
                .isEmpty();
        return r;
    }

    @Test
    void csvCellsAreNeverFormulasInAnyMode() throws IOException {
        StringBuilder log = new StringBuilder();
        StringBuilder table = new StringBuilder("when,src_ip\n");
        for (int i = 0; i < HOSTILE.size(); i++) {
            log.append(OnlineSourcesCliTest.nginx(HOSTILE.get(i), i));
            table.append(i).append(',').append(HOSTILE.get(i)).append('\n');
        }
        Path access = Files.writeString(dir.resolve("access.log"), log);
        Path fw = Files.writeString(dir.resolve("fw.csv"), table);
        List<List<String>> modes = List.of(
                List.of("-"),
                List.of("--unique", "-"),
                List.of("--from", "nginx", "--unique", access.toString()),
                List.of("--from", "csv:src_ip", "--keep-columns", fw.toString()));
        for (List<String> mode : modes) {
            List<String> a = new ArrayList<>(List.of(args(world, "enrich", "--ptr", "--dnsbl", "--cymru")));
            a.addAll(mode);
            Bytes r = safe(INPUT, a.toArray(String[]::new));
            List<Map<String, String>> rows = csv(r.outText());
            for (Map<String, String> row : rows) {
                // each cell is a guarded value (what the guard makes of the value it stands for), so none
                // starts like a formula
                row.forEach((column, cell) -> assertThat(CellText.spreadsheetSafe(CellText.undoSpreadsheetSafe(cell)))
                        .as("%s: %s of %s is no formula", mode, column, row.get("ip"))
                        .isEqualTo(cell));
            }
            var got = byIp(rows, "ip", SOURCES);
            assertExpected(got, SOURCES);
            assertThat(got.get(PTR_FORMULA).get(0)).isEqualTo("'=cmd|'\\032/C\\032calc'!A0.evil.test");
            assertThat(got.get(PTR_LONGEST).get(0)).isEqualTo(PTR_LONGEST_NAME).hasSize(253);
            List<String> cymru = got.get(CYMRU_HOSTILE).subList(SOURCES.indexOf("origin_asn"), SOURCES.size());
            assertThat(cymru.subList(0, 5))
                    .as("no field of the hostile TXT string becomes a value")
                    .containsOnly("");
            assertThat(cymru.get(5)).startsWith("error:").endsWith("(country '=1+1' is not two letters)");
        }
    }

    @Test
    void theTableJsonLookupAndStderrHaveNoControlCharacters() {
        for (String format : List.of("table", "jsonl", "json", "csv")) {
            Bytes r = safe(INPUT, args(world, "enrich", "-f", format, "--ptr", "--dnsbl", "--cymru"));
            // the name in DNS presentation form (RFC 1035 \DDD); JSON escapes its backslashes
            String name = "ctl\\027[2J\\027[31mred\\007\\000\\013\\010\\127.evil.test";
            String shown = format.equals("table") ? name.substring(0, 30) : name; // the table cuts long cells
            assertThat(r.outText()).contains(format.startsWith("json") ? name.replace("\\", "\\\\") : shown);
        }
        Bytes table = safe(
                INPUT,
                args(world, "enrich", "-f", "table", "--fields", "ip,ptr,fcrdns,cymru_status", "--ptr", "--cymru"));
        assertThat(table.outText())
                .contains("=cmd|'\\032/C\\032calc'!A0.evil.test")
                .contains("<script>alert\\(1\\)</script>.evil.test")
                .contains("\\226\\128\\174gnp-exe\\255\\155.evil.test");
        List<String> lookup = new ArrayList<>(List.of(args(world, "lookup", "--ptr", "--dnsbl", "--cymru")));
        lookup.addAll(HOSTILE);
        Bytes l = safe("", lookup.toArray(String[]::new));
        assertThat(l.outText())
                .contains("    ptr               ctl\\027[2J\\027[31mred\\007\\000\\013\\010\\127.evil.test\n")
                .contains("    ptr               " + PTR_LONGEST_NAME + "\n")
                .contains("(country '=1+1' is not two letters)");
    }

    @Test
    void theReportEscapesTheirMarkup() throws IOException {
        Path html = dir.resolve("hostile.html");
        Bytes r = safe(INPUT, args(world, "report", "--ptr", "--dnsbl", "--cymru", "-", "-o", html.toString()));
        assertThat(r.outText()).isEmpty();
        byte[] bytes = Files.readAllBytes(html);
        // the page's own style sheets have tabs and CRs; nothing else may be a control
        assertThat(HostileText.unsafe(bytes, "\n\r\t")).isEmpty();
        String page = Files.readString(html);
        assertThat(page)
                .doesNotContain("<script>alert")
                .doesNotContain("<img src=x")
                .doesNotContain("</script>.evil")
                // the names are there, escaped
                .containsAnyOf(
                        "\\u003cscript\\u003ealert\\\\(1\\\\)\\u003c/script\\u003e.evil.test", "&lt;script&gt;alert")
                .containsAnyOf("\\u003cimg src=x onerror=alert(1)\\u003e", "&lt;img src=x")
                .contains("host1.fcrdns.test");
    }
}
