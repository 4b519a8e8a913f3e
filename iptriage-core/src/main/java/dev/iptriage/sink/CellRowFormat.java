package dev.iptriage.sink;

/**
 * A row format whose rows are cells joined by a delimiter, where a cell's bytes depend only on its
 * value and its column: a row can then be put together from cell bytes made once and kept, for
 * example with each database record. For every row of two or more columns, the cells of its
 * values joined by {@link #delimiter()} and followed by {@link #rowEnd()} are exactly the bytes
 * {@link #row} writes. Text made only of ASCII letters, digits and {@code . : /} (addresses,
 * networks, counts) is its own cell in any column, so callers may write it without {@link #cell}.
 */
public interface CellRowFormat extends RowFormat {
    /** The bytes of a cell holding {@code value} ({@code null}: empty) in column {@code column}. */
    byte[] cell(Object value, int column);

    /** The byte between two cells. */
    byte delimiter();

    /** The bytes that end a row. */
    byte[] rowEnd();
}
