package dev.iptriage.engine;

import dev.iptriage.model.Column;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.text.CellText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The cells of CSV rows ({@link SinkFormat#CSV}), for rows put together from cell bytes made once
 * and kept ({@link CellRows}): for every row of two or more columns, the cells of its values joined
 * by {@link #DELIMITER} and followed by {@link #ROW_END} are exactly the bytes the format's {@link
 * RowFormat#row} writes (the tests check it over hostile values). A cell is the format's own output
 * for a two-column row of the value and a plain placeholder, cut at the delimiter; text that the
 * format never quotes (printable ASCII without a quote, delimiter or comment sign, the usual case)
 * is its own cell. Addresses, networks and counts are such text, so rows may write them without
 * {@link #cell}. Not thread-safe: one per thread.
 */
final class CsvCells {
    static final byte DELIMITER = ',';
    static final byte[] ROW_END = {'\n'};
    private static final String OTHER = "x";

    private final RowFormat pair = SinkFormat.CSV.newRowFormat(
            List.of(Column.custom("a", "cells", List.of()), Column.custom("b", "cells", List.of())));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    /** The bytes of a cell holding {@code value} ({@code null}: empty) in column {@code column}. */
    byte[] cell(Object value, int column) {
        String text = CellText.csv(value);
        if (isPlain(text)) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
        // only the first cell of a record is quoted when it starts with the comment sign: place it so
        Object[] values = column == 0 ? new Object[] {value, OTHER} : new Object[] {OTHER, value};
        out.reset();
        try {
            pair.row(new Row(null, null, values, 0), out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        byte[] b = out.toByteArray();
        int strip = OTHER.length() + 1; // "x," before the cell, or ",x" after it
        return column == 0
                ? Arrays.copyOfRange(b, 0, b.length - strip - ROW_END.length)
                : Arrays.copyOfRange(b, strip, b.length - ROW_END.length);
    }

    /** Printable ASCII that CSV never quotes: no quote, delimiter, comment sign or line end. */
    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == ',' || c == '#') {
                return false;
            }
        }
        return true;
    }
}
