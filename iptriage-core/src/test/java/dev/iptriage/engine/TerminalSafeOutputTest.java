package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.databases.CustomColumns;
import dev.iptriage.databases.Database;
import dev.iptriage.input.Input;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.model.Column;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.HostileText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database strings and invalid input lines full of control characters reach no output raw: CSV made
 * on the byte-level fast path (cells kept with the records, the row cache) is byte for byte the CSV
 * of the plain per-row path, and neither carries a C0 control but TAB, CR and LF, DEL, a C1 control,
 * U+2028/U+2029 or a bidi control; JSON Lines, JSON and the table carry none either (JSON as escapes
 * that read back to the same text).
 */
class TerminalSafeOutputTest {
    private static final int NETWORKS = 300;

    @TempDir
    static Path dir;

    static Enricher enricher;
    static List<String> invalidLines = new ArrayList<>();

    /** Random hostile strings in every kind of column: names, organization, time zone, custom keys. */
    @BeforeAll
    static void setUp() throws Exception {
        Random r = new Random(20261206);
        MmdbWriter city = writer("GeoLite2-City");
        MmdbWriter asn = writer("GeoLite2-ASN");
        MmdbWriter custom = writer("Hostile-Custom");
        for (int i = 0; i < NETWORKS; i++) {
            String net = "198.18." + i % 256 + "." + (i / 256) * 128;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("city", Map.of("names", Map.of("en", HostileText.random(r, 12))));
            c.put(
                    "country",
                    Map.of("iso_code", HostileText.random(r, 2), "names", Map.of("en", HostileText.random(r, 8))));
            c.put("location", Map.of("latitude", 1.5, "longitude", -2.5, "time_zone", HostileText.random(r, 6)));
            c.put("postal", Map.of("code", HostileText.random(r, 5)));
            Fixtures.insert(city, net, 25, c);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("autonomous_system_number", new MmdbWriter.Uint32(64500 + i));
            a.put("autonomous_system_organization", HostileText.random(r, 16));
            Fixtures.insert(asn, net, 25, a);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("note", HostileText.random(r, 10));
            x.put("tags", List.of(HostileText.random(r, 4), HostileText.random(r, 4)));
            x.put("meta", Map.of("owner", HostileText.random(r, 6)));
            Fixtures.insert(custom, net, 25, x);
        }
        List<Database> dbs = List.of(
                Database.open(Fixtures.write(city, dir.resolve("city.mmdb"))),
                Database.open(Fixtures.write(asn, dir.resolve("asn.mmdb"))),
                Database.open(Fixtures.write(custom, dir.resolve("custom.mmdb"))));
        List<Column> customColumns = CustomColumns.discover(dbs);
        assertThat(customColumns).extracting(Column::name).contains("note", "tags", "meta.owner");
        enricher = Enricher.builder()
                .databases(dbs)
                .columns(Column.parseList("all", customColumns))
                .build();
        for (int i = 0; i < 200; i++) {
            String line = HostileText.random(r, 14).replace("\n", "").replace("\r", "");
            invalidLines.add(line.isEmpty() ? HostileText.ALL : line);
        }
        invalidLines.addAll(HostileText.PAYLOADS);
        invalidLines.add(HostileText.ALL);
    }

    private static MmdbWriter writer(String type) {
        return MmdbWriter.builder()
                .databaseType(type)
                .languages(List.of("en"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
    }

    /** Addresses of every network, repeated in random order (so the row cache takes part), and the invalid lines. */
    private static byte[] input(long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            if (r.nextInt(10) == 0) {
                b.append(invalidLines.get(r.nextInt(invalidLines.size())));
            } else {
                int n = r.nextInt(NETWORKS);
                b.append("198.18.").append(n % 256).append('.').append((n / 256) * 128 + r.nextInt(4));
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] run(byte[] input, SinkFormat format, boolean unique, boolean perRow) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobSpec spec = new JobSpec(
                List.of(Input.stdin(new ByteArrayInputStream(input))), enricher, format, unique, false, 2, 100_000);
        if (perRow) {
            JobRunner.run(spec, format::newRowFormat, out, ProgressListener.NONE);
        } else {
            JobRunner.run(spec, out, ProgressListener.NONE);
        }
        return out.toByteArray();
    }

    @Test
    void csvOfTheFastPathIsThatOfThePlainPathAndCarriesNoControlCharacter() throws IOException {
        for (boolean unique : new boolean[] {false, true}) {
            byte[] in = input(unique ? 2 : 1);
            byte[] fast = run(in, SinkFormat.CSV, unique, false);
            byte[] plain = run(in, SinkFormat.CSV, unique, true);
            String text = new String(fast, StandardCharsets.UTF_8);
            assertThat(text).isEqualTo(new String(plain, StandardCharsets.UTF_8));
            assertThat(HostileText.unsafe(fast, "\t\r\n")).isEmpty();
            assertThat(text).contains("\uFFFD]0;pwned\uFFFD", "\uFFFD[2J", "\uFFFDc", "\uFFFD2J");
        }
    }

    @Test
    void jsonEscapesThemAndReadsBackToTheSameText() throws IOException {
        byte[] in = input(3);
        for (SinkFormat f : List.of(SinkFormat.JSONL, SinkFormat.JSON)) {
            byte[] out = run(in, f, false, false);
            assertThat(HostileText.unsafe(out, "\n")).isEmpty();
            String text = new String(out, StandardCharsets.UTF_8);
            assertThat(text).contains("\\u001B]0;pwned\\u0007", "\\u009B2J", "\\u007F", "\\u202E", "\\u0000");
            JsonNode rows = new ObjectMapper()
                    .readTree(
                            f == SinkFormat.JSON
                                    ? text
                                    : "[" + String.join(",", text.lines().toList()) + "]");
            List<String> expectedIps =
                    new String(in, StandardCharsets.UTF_8).lines().toList();
            assertThat(rows.size()).isEqualTo(expectedIps.size());
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).get("status").asText().equals("invalid")) {
                    // an invalid row keeps its line, without the blanks at its end and a byte order
                    // mark at its start (files joined with cat: see Input)
                    assertThat(rows.get(i).get("ip").asText())
                            .isEqualTo(
                                    expectedIps.get(i).replaceAll("[ \t]+$", "").replaceFirst("^\uFEFF", ""));
                }
            }
        }
    }

    @Test
    void theTableCarriesNoControlCharacterButItsLineEnds() throws IOException {
        byte[] out = run(input(4), SinkFormat.TABLE, false, false);
        assertThat(HostileText.unsafe(out, "\n")).isEmpty();
        assertThat(new String(out, StandardCharsets.UTF_8)).contains("\uFFFD");
    }
}
