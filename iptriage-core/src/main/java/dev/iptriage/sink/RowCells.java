package dev.iptriage.sink;

import dev.iptriage.model.Field;

/** The value of column {@code i} of a row, whatever the field. */
final class RowCells {
    private RowCells() {}

    static Object value(Field f, int i, Row r) {
        return switch (f) {
            case IP -> r.ip();
            case STATUS -> r.status();
            case COUNT -> r.count();
            default -> i < r.values().length ? r.values()[i] : null;
        };
    }

    static String text(Field f, int i, Row r) {
        return Cells.text(value(f, i, r));
    }
}
