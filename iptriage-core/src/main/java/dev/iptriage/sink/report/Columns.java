package dev.iptriage.sink.report;

import dev.iptriage.model.Field;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowValues;
import dev.iptriage.text.CellText;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Where each field is in a row, so the aggregator can read a field whether or not it was chosen. */
final class Columns {
    private final Map<Field, Integer> index = new EnumMap<>(Field.class);

    /** @param positions the field at each position of a row ({@code null}: a source's own column) */
    Columns(List<Field> positions) {
        for (int i = 0; i < positions.size(); i++) {
            if (positions.get(i) != null) {
                index.putIfAbsent(positions.get(i), i);
            }
        }
    }

    /** The field's text, empty when the row has no such column or no value. */
    String text(Field f, Row r) {
        Integer i = index.get(f);
        return i == null ? "" : CellText.text(RowValues.value(f, i, r));
    }

    /** The field as a number, or null when absent or not a finite number. */
    Double number(Field f, Row r) {
        Integer i = index.get(f);
        Object v = i == null ? null : RowValues.value(f, i, r);
        double d;
        if (v instanceof Number x) {
            d = x.doubleValue();
        } else if (v instanceof String s && !s.isBlank()) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(d) ? d : null;
    }
}
