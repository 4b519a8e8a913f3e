package dev.iptriage.sink;

import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.text.CellText;

/** The value of column {@code i} of a row, whatever the field (ip, status and count come from the row itself). */
public final class RowValues {
    private RowValues() {}

    /** The value of field {@code f} at column {@code i} of {@code r}, or null. */
    public static Object value(Field f, int i, Row r) {
        return switch (f) {
            case IP -> r.ip();
            case STATUS -> r.status();
            case COUNT -> r.count();
            default -> i < r.values().length ? r.values()[i] : null;
        };
    }

    /** The value of column {@code c} at position {@code i} of {@code r} (a custom column's is a plain value). */
    public static Object value(Column c, int i, Row r) {
        return c.isCustom() ? (i < r.values().length ? r.values()[i] : null) : value(c.field(), i, r);
    }

    /** {@link #value} as text ({@link CellText#text}). */
    public static String text(Field f, int i, Row r) {
        return CellText.text(value(f, i, r));
    }
}
