package dev.iptriage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code -f table} pads by the columns a terminal draws, not by code points: for random mixes of ASCII,
 * wide (CJK, Hangul, full-width) characters and combining marks, every column starts at the same
 * terminal column on every row. The widths the test expects come from how it built each cell (its own
 * classes of characters), not from the aligner's width function.
 */
class TableAlignerWidthTest {
    /** A character and the columns it takes. */
    private record Piece(String text, int width) {}

    private static Piece piece(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> new Piece(String.valueOf((char) ('a' + r.nextInt(26))), 1);
            case 1 -> new Piece(new String(Character.toChars(0x4E00 + r.nextInt(0x5000))), 2); // CJK ideographs
            case 2 -> new Piece(new String(Character.toChars(0xAC00 + r.nextInt(0x2000))), 2); // Hangul syllables
            case 3 -> new Piece(new String(Character.toChars(0xFF21 + r.nextInt(26))), 2); // full-width Latin
            case 4 -> new Piece("e\u0301", 1); // a combining acute accent: no column of its own
            default -> new Piece("\u3042", 2); // hiragana a (--lang ja)
        };
    }

    /** The columns a cell of this text takes, by the pieces it was built from. */
    private record Cell(String text, int width) {}

    private static Cell cell(Random r, int maxWidth) {
        StringBuilder b = new StringBuilder();
        int w = 0;
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            Piece p = piece(r);
            if (w + p.width() > maxWidth) {
                break;
            }
            b.append(p.text());
            w += p.width();
        }
        if (b.isEmpty()) {
            return new Cell("x", 1);
        }
        return new Cell(b.toString(), w);
    }

    @Test
    void everyColumnStartsAtTheSameTerminalColumnOnEveryRow() throws IOException {
        for (int seed = 0; seed < 200; seed++) {
            Random r = new Random(seed);
            int columns = 2 + r.nextInt(4);
            int rows = 1 + r.nextInt(30);
            List<List<Cell>> table = new ArrayList<>();
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                List<Cell> row = new ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    row.add(cell(r, TableAligner.MAX_WIDTH)); // never cut: the starts are comparable
                }
                table.add(row);
                in.append(String.join("\t", row.stream().map(Cell::text).toList()))
                        .append('\n');
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TableAligner a = new TableAligner(out)) {
                a.write(in.toString().getBytes(StandardCharsets.UTF_8));
            }
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(rows);
            int[] starts = null;
            for (int i = 0; i < rows; i++) {
                int[] s = starts(lines.get(i), table.get(i));
                if (starts == null) {
                    starts = s;
                }
                assertThat(s).as("seed %d, row %d: %s", seed, i, lines.get(i)).containsExactly(starts);
            }
        }
    }

    /** The terminal column each cell of {@code line} starts at, knowing the cells' texts and widths. */
    private static int[] starts(String line, List<Cell> cells) {
        int[] s = new int[cells.size()];
        int pos = 0; // chars into the line
        int col = 0; // terminal columns
        for (int c = 0; c < cells.size(); c++) {
            while (line.charAt(pos) == ' ') {
                pos++;
                col++;
            }
            s[c] = col;
            assertThat(line.substring(pos)).startsWith(cells.get(c).text());
            pos += cells.get(c).text().length();
            col += cells.get(c).width();
        }
        assertThat(pos).isEqualTo(line.length());
        return s;
    }

    @Test
    void aWideCellTooLongIsCutToTheCapWithAnEllipsis() throws IOException {
        String wide = "\u6F22".repeat(30); // 60 columns
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TableAligner a = new TableAligner(out)) {
            a.write((wide + "\tx\nab\ty\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        // 19 ideographs (38 columns) and the ellipsis (1) fit in 40, padded to 40, then two spaces
        assertThat(lines.get(0)).isEqualTo("\u6F22".repeat(19) + "\u2026" + " ".repeat(1 + 2) + "x");
        assertThat(lines.get(1)).isEqualTo("ab" + " ".repeat(38 + 2) + "y");
    }
}
