package dev.iptriage.sink;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.iptriage.model.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * CSV (RFC 4180 quoting, LF line ends, UTF-8, header row of column names) with every cell made
 * safe to open in a spreadsheet ({@link Cells#spreadsheetSafe}).
 */
final class CsvRowFormat implements RowFormat {
    private final List<Column> fields;
    private final String[] cells;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    private final CsvWriter csv;

    CsvRowFormat(List<Column> fields) {
        this.fields = List.copyOf(fields);
        this.cells = new String[fields.size()];
        this.csv = CsvWriter.builder()
                .lineDelimiter(LineDelimiter.LF)
                .autoFlush(false)
                .bufferSize(512)
                .build(buf, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public byte[] header() throws IOException {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Cells.spreadsheetSafe(fields.get(i).name()); // custom names come from a database
        }
        return render();
    }

    @Override
    public void row(Row r, ByteArrayOutputStream out) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Cells.spreadsheetSafe(Cells.text(RowCells.value(fields.get(i), i, r)));
        }
        out.write(render());
    }

    private byte[] render() throws IOException {
        buf.reset();
        csv.writeRecord(cells);
        csv.flush();
        return buf.toByteArray();
    }

    @Override
    public List<Column> columns() {
        return fields;
    }
}
