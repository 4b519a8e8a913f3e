package dev.iptriage.sink;

import dev.iptriage.model.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Renders rows to bytes. A row's bytes depend only on the row, so the engine may render in
 * parallel and reuse the bytes of a repeated address. Between two rows the engine writes {@link
 * #separator()}; the file starts with {@link #header()} and ends with {@link #footer()}.
 * Implementations are not thread-safe: use one per thread ({@link SinkFormat#newRowFormat}).
 */
public interface RowFormat {
    /** Bytes before the first row (e.g. the CSV header). */
    byte[] header() throws IOException;

    /** Bytes between two rows (none by default: each row ends its own line). */
    default byte[] separator() {
        return new byte[0];
    }

    /** Bytes after the last row (none by default). */
    default byte[] footer() {
        return new byte[0];
    }

    /** Appends one row. */
    void row(Row r, ByteArrayOutputStream out) throws IOException;

    /** The columns, in order. */
    List<Column> columns();
}
