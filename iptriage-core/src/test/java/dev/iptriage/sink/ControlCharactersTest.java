package dev.iptriage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.testing.HostileText;
import dev.iptriage.text.CellText;
import dev.iptriage.text.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rule for control characters: CSV cells replace them (but TAB, CR, LF) with U+FFFD, the table
 * replaces them all, JSON escapes them; every other character stays as it is.
 */
class ControlCharactersTest {
    @Test
    void cellsReplaceEachControlCharacterByOneReplacementAndKeepTheRest() {
        Random r = new Random(11);
        for (int k = 0; k < 50_000; k++) {
            String s = HostileText.random(r, 12);
            String cell = CellText.controlSafe(s);
            String term = CellText.terminalSafe(s);
            assertThat(HostileText.unsafe(cell, "\t\r\n")).isEmpty();
            assertThat(HostileText.unsafe(term, "")).isEmpty();
            assertThat(cell).hasSameSizeAs(s);
            assertThat(term).hasSameSizeAs(s);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean kept = HostileText.unsafe(String.valueOf(c), "").isEmpty();
                assertThat(cell.charAt(i)).isEqualTo(kept || c == '\t' || c == '\r' || c == '\n' ? c : '\uFFFD');
                assertThat(term.charAt(i)).isEqualTo(kept ? c : '\uFFFD');
            }
            assertThat(CellText.controlSafe(cell)).isSameAs(cell); // safe text is not copied
            assertThat(HostileText.unsafe(CellText.csv(Map.of("k", s, "l", List.of(s))), "\t\r\n"))
                    .isEmpty();
        }
        assertThat(CellText.csv("\u001b]0;pwned\u0007")).isEqualTo("\uFFFD]0;pwned\uFFFD");
        assertThat(CellText.csv("\t=1+1\u009b")).isEqualTo("'\t=1+1\uFFFD"); // still formula-safe
        assertThat(CellText.csv("Zürich \u200d👍\u00ad")).isEqualTo("Zürich \u200d👍\u00ad"); // joiners stay
    }

    @Test
    void jsonEscapesEveryControlCharacterAndReadsBack() throws IOException {
        Random r = new Random(12);
        ObjectMapper mapper = new ObjectMapper();
        for (int k = 0; k < 20_000; k++) {
            String s = HostileText.random(r, 12);
            String json = Json.toJson(Map.of(s, List.of(s)));
            assertThat(HostileText.unsafe(json, "")).isEmpty();
            assertThat(mapper.readTree(json)).isEqualTo(mapper.valueToTree(Map.of(s, List.of(s))));
        }
        assertThat(Json.toJson("\u0000\u001b\u007f\u0080\u009b\u009f\u202e\u2066\u2028"))
                .isEqualTo("\"\\u0000\\u001B\\u007F\\u0080\\u009B\\u009F\\u202E\\u2066\\u2028\"");
        assertThat(Json.toJson("é日\u200d")).isEqualTo("\"é日\u200d\"");
    }

    @Test
    void everyRowFormatHasTheRule() throws IOException {
        List<Column> columns = Column.of(List.of(Field.IP, Field.STATUS, Field.CITY, Field.AS_ORG));
        Object[] values = {null, null, HostileText.ALL, Map.of(HostileText.ALL, 1)};
        Row row = new Row(HostileText.ALL, "invalid", values, 0);
        for (SinkFormat f : SinkFormat.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RowFormat fmt = f.newRowFormat(columns);
            out.write(fmt.header());
            fmt.row(row, out);
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(HostileText.unsafe(text, f == SinkFormat.TABLE ? "\t\n" : "\n"))
                    .as("%s", f)
                    .isEmpty();
            assertThat(text).contains(f == SinkFormat.CSV || f == SinkFormat.TABLE ? "\uFFFD[2J" : "\\u001B[2J");
        }
    }
}
