package dev.iptriage.extract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One column of a CSV file with a header row ({@code csv:src_ip}, or {@code csv:3} for the third
 * column): the first line names the columns, then every address in the chosen cell is a sighting (a
 * cell that is one literal is read as a list line is, so a CIDR gives its network:
 * {@link TextExtractor#extractValue}). A cell with no address, and a line too short to have the
 * column, is reported as {@link Sighting#invalid} (an empty cell as blank).
 * RFC 4180 quoting within a line; a quoted field spanning lines is not supported (its lines are
 * read as separate records). Lines starting with {@code #} are comments, reported like the header.
 */
public final class CsvDecoder implements LineDecoder {
    /** Most cells read from one line (a hostile line cannot make a huge array). */
    public static final int MAX_CELLS = 4096;

    private final TextExtractor text;
    private final String column;
    private List<String> header;
    private int index = -1;
    private List<String> cells = List.of();

    CsvDecoder(TextExtractor text, String column) {
        this.text = text;
        this.column = column;
    }

    @Override
    public Shape decode(CharSequence line, Consumer<Sighting> out) {
        String s = line.toString();
        if (s.startsWith("#")) {
            return Shape.HEADER; // a comment (block lists have banners and trailers)
        }
        if (header == null) {
            if (s.isBlank()) {
                return Shape.HEADER;
            }
            header = split(s);
            index = columnIndex(header, column);
            if (index < 0) {
                throw new IllegalArgumentException("no column '" + column + "' in the CSV header; columns: "
                        + String.join(", ", header.subList(0, Math.min(header.size(), 30))));
            }
            cells = header;
            return Shape.HEADER;
        }
        cells = split(s);
        if (index >= cells.size()) {
            out.accept(Sighting.invalid(
                    s,
                    "no column '" + column + "': the line has " + cells.size() + " cell"
                            + (cells.size() == 1 ? "" : "s"),
                    ListParser.Kind.OTHER));
            return Shape.OTHER;
        }
        value(text, cells.get(index), out);
        return Shape.MATCHED;
    }

    /**
     * The addresses of a chosen field's value ({@link TextExtractor#extractValue}), or, when it holds
     * none, its report as invalid: blank (an empty value, like a blank line of a list) or why its first
     * token is not an address.
     */
    static void value(TextExtractor text, String v, Consumer<Sighting> out) {
        boolean[] any = {false};
        text.extractValue(v, f -> {
            any[0] = true;
            out.accept(new Sighting(f, null, LineEvent.NONE));
        });
        if (!any[0]) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            Object key = ListParser.parse(b, 0, b.length, false, text.options().keepMapped());
            ListParser.Invalid inv = key instanceof ListParser.Invalid i
                    ? i
                    : new ListParser.Invalid(v, "no address the extraction policy accepts", ListParser.Kind.OTHER);
            out.accept(Sighting.invalid(
                    v, inv.reason(), inv.kind() == ListParser.Kind.BLANK ? inv.kind() : ListParser.Kind.OTHER));
        }
    }

    /** {@return the header's column names, or an empty list before the header was read} */
    public List<String> header() {
        return header == null ? List.of() : header;
    }

    /** {@return the cells of the last line decoded} */
    public List<String> cells() {
        return cells;
    }

    static int columnIndex(List<String> header, String column) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equalsIgnoreCase(column)) {
                return i;
            }
        }
        if (!column.isEmpty() && column.chars().allMatch(Character::isDigit) && column.length() < 6) {
            int i = Integer.parseInt(column) - 1;
            return i >= 0 && i < header.size() ? i : -1;
        }
        return -1;
    }

    /** Splits one CSV line (comma separated, RFC 4180 double quotes). */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int n = s.endsWith("\r") ? s.length() - 1 : s.length();
        for (int i = 0; i < n && out.size() < MAX_CELLS; i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < n && s.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
