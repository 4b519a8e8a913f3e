package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.sink.SinkFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A CSV row ({@link SinkFormat#CSV}) is exactly its cells ({@link CsvCells#cell}) joined: what rows from cells rely on. */
class CsvCellsTest {
    private static final String ALPHABET = "aZ9 .,;:/\"'#=+-@\t\r\n()éß日\u2028\uD83D\uDE00\u0000\u007f";

    private static Object value(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> null;
            case 1 -> r.nextDouble() * 360 - 180;
            case 2 -> (long) r.nextInt();
            case 3 -> r.nextBoolean();
            case 4 -> Map.of("k", text(r));
            case 5 -> List.of(text(r), r.nextInt(10));
            case 6 -> "-" + r.nextInt(1000) + "." + r.nextInt(100);
            default -> text(r);
        };
    }

    private static String text(Random r) {
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(6); n > 0; n--) {
            b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    @Test
    void rowsAreTheirCellsJoined() throws IOException {
        Random r = new Random(7);
        for (int k = 0; k < 20_000; k++) {
            int n = 2 + r.nextInt(5);
            List<Field> fields = Arrays.asList(Field.values()).subList(2, 2 + n); // none of ip, status, count
            RowFormat f = SinkFormat.CSV.newRowFormat(Column.of(fields));
            CsvCells cells = new CsvCells();
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                values[i] = value(r);
            }
            ByteArrayOutputStream row = new ByteArrayOutputStream();
            f.row(new Row("x", "ok", values, 0), row);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    joined.write(CsvCells.DELIMITER);
                }
                joined.write(cells.cell(values[i], i));
            }
            joined.write(CsvCells.ROW_END);
            assertThat(joined.toByteArray()).as("%s", Arrays.toString(values)).isEqualTo(row.toByteArray());
        }
    }

    @Test
    void addressTextIsPlainInEveryColumn() throws IOException {
        CsvCells f = new CsvCells();
        for (String s : List.of("8.8.8.8", "::", "::ffff:1.2.3.4", "2001:db8::/32", "10.0.0.0/8", "123456789")) {
            for (int column = 0; column < 2; column++) {
                assertThat(new String(f.cell(s, column), java.nio.charset.StandardCharsets.US_ASCII))
                        .isEqualTo(s);
            }
        }
    }
}
