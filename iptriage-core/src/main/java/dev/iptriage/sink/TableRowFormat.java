package dev.iptriage.sink;

import dev.iptriage.model.Column;
import dev.iptriage.text.CellText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Rows for a terminal: cells separated by tabs here, aligned into columns by {@link
 * TableAligner} once enough rows are seen. Control characters are replaced so hostile text cannot
 * drive the terminal.
 */
final class TableRowFormat implements RowFormat {
    private final List<Column> fields;

    TableRowFormat(List<Column> fields) {
        this.fields = List.copyOf(fields);
    }

    @Override
    public byte[] header() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            b.append(i == 0 ? "" : "\t")
                    .append(CellText.terminalSafe(fields.get(i).name()));
        }
        return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void row(Row r, ByteArrayOutputStream out) throws IOException {
        StringBuilder b = new StringBuilder(128);
        for (int i = 0; i < fields.size(); i++) {
            Column c = fields.get(i);
            Object v = RowValues.value(c, i, r);
            b.append(i == 0 ? "" : "\t")
                    .append(CellText.terminalSafe(
                            !c.isCustom() && v instanceof Map<?, ?> m ? compact(m) : CellText.text(v)));
        }
        out.write(b.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Value-to-count maps (sighting columns) as {@code a (3), b (1)}: easier to read than JSON. */
    private static String compact(Map<?, ?> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, n) -> b.append(b.isEmpty() ? "" : ", ")
                .append(k)
                .append(" (")
                .append(n)
                .append(')'));
        return b.toString();
    }

    @Override
    public List<Column> columns() {
        return fields;
    }
}
