package dev.iptriage.sink;

import dev.iptriage.model.Field;

/** The value of column {@code i} of a row, whatever the field (ip, status and count come from the row itself). */
public final class RowCells {
    private RowCells() {}

    /** The value of field {@code f} at column {@code i} of {@code r}, or null. */
    public static Object value(Field f, int i, Row r) {
        return switch (f) {
            case IP -> r.ip();
            case STATUS -> r.status();
            case COUNT -> r.count();
            default -> i < r.values().length ? r.values()[i] : null;
        };
    }

    /** {@link #value} as text ({@link Cells#text}). */
    public static String text(Field f, int i, Row r) {
        return Cells.text(value(f, i, r));
    }
}
