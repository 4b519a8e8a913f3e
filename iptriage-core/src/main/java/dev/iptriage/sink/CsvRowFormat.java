package dev.iptriage.sink;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.iptriage.model.Column;
import dev.iptriage.text.CellText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * CSV (RFC 4180 quoting, LF line ends, UTF-8, header row of column names) with every cell made
 * safe to open in a spreadsheet and to print on a terminal ({@link CellText#csv}).
 */
final class CsvRowFormat implements RowFormat {
    private static final byte[] EMPTY_ONE_CELL_ROW = {'"', '"', '\n'};

    private final List<Column> fields;
    private final String[] cells;
    private final Chars chars = new Chars();
    private final CsvWriter csv;

    CsvRowFormat(List<Column> fields) {
        this.fields = List.copyOf(fields);
        this.cells = new String[fields.size()];
        this.csv = CsvWriter.builder()
                .lineDelimiter(LineDelimiter.LF)
                .autoFlush(false)
                .bufferSize(512)
                .build(chars);
    }

    /**
     * Collects the characters FastCSV writes for one record, which {@link #render} then turns into
     * UTF-8 in one pass (a plain copy for ASCII, the usual case), instead of a charset encoder per row.
     */
    private static final class Chars extends Writer {
        private char[] buf = new char[256];
        private int count;

        @Override
        public void write(char[] c, int off, int len) {
            if (count + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(2 * buf.length, count + len));
            }
            System.arraycopy(c, off, buf, count, len);
            count += len;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Override
    public byte[] header() throws IOException {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = CellText.csvText(fields.get(i).name()); // custom names come from a database
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        render(cells, out);
        return out.toByteArray();
    }

    @Override
    public void row(Row r, ByteArrayOutputStream out) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = CellText.csv(RowValues.value(fields.get(i), i, r));
        }
        if (cells.length == 1 && cells[0].isEmpty()) {
            // a row of one empty cell written as nothing would be an empty line, which CSV readers
            // skip: the row would be lost
            out.write(EMPTY_ONE_CELL_ROW);
            return;
        }
        render(cells, out);
    }

    private void render(String[] record, ByteArrayOutputStream out) throws IOException {
        chars.count = 0;
        csv.writeRecord(record);
        csv.flush();
        char[] c = chars.buf;
        int n = chars.count;
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            if (c[i] >= 0x80) {
                // not ASCII: the whole record at once, so no surrogate pair is ever split
                byte[] utf8 = new String(c, 0, n).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                return;
            }
            b[i] = (byte) c[i];
        }
        out.write(b, 0, n);
    }

    @Override
    public List<Column> columns() {
        return fields;
    }
}
