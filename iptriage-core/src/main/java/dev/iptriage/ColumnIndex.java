package dev.iptriage;

import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns every {@link IpInfo} of one {@link IpTriage} answers for, and where each one is in
 * its value array: shared by all the results of that instance.
 */
final class ColumnIndex {
    private final List<Column> columns;
    /** Custom columns by name, lower case. */
    private final Map<String, Integer> customByName = new HashMap<>();

    private final Map<Column, Integer> byColumn = new HashMap<>();
    /** The position of each built-in column by {@link Field#ordinal()}, -1 when absent. */
    private final int[] byField = new int[Field.values().length];

    ColumnIndex(List<Column> columns) {
        this.columns = List.copyOf(columns);
        Arrays.fill(byField, -1);
        for (int i = 0; i < this.columns.size(); i++) {
            Column c = this.columns.get(i);
            if (!c.isCustom() && byField[c.field().ordinal()] < 0) {
                byField[c.field().ordinal()] = i;
            }
            if (c.isCustom()) {
                customByName.putIfAbsent(c.name().toLowerCase(Locale.ROOT), i);
            }
            byColumn.putIfAbsent(c, i);
        }
    }

    List<Column> columns() {
        return columns;
    }

    int size() {
        return columns.size();
    }

    Column get(int i) {
        return columns.get(i);
    }

    /** The position of a built-in column, or -1. */
    int slot(Field f) {
        return byField[f.ordinal()];
    }

    /**
     * The position of the column named {@code name}, matched as {@code --fields} matches names: a
     * built-in name first ({@link Field#byName}: case ignored, {@code -} for {@code _}), then a
     * custom column's name, case ignored. Throws when there is none.
     */
    int slot(String name) {
        Integer i = Field.byName(name)
                .map(f -> byColumn.get(Column.of(f)))
                .orElseGet(() -> customByName.get(name.toLowerCase(Locale.ROOT)));
        if (i == null) {
            throw unknown("'" + name + "'");
        }
        return i;
    }

    /** The position of {@code c}; throws when it is not one of the columns. */
    int slot(Column c) {
        Integer i = byColumn.get(c);
        if (i == null) {
            throw unknown("'" + c.name() + "'" + (c.isCustom() ? " of " + c.source() : ""));
        }
        return i;
    }

    private IllegalArgumentException unknown(String what) {
        return new IllegalArgumentException("no column " + what + " in this IpTriage; its columns: "
                + String.join(", ", columns.stream().map(Column::name).toList()));
    }
}
