package dev.iptriage.sink.report;

import dev.iptriage.model.Field;
import dev.iptriage.sink.Row;
import java.util.Map;

/** Rows with the report's columns, for tests. */
public final class Rows {
    private Rows() {}

    /** A row of {@link ReportAggregator#COLUMNS} with these values (the others empty). */
    public static Row of(String ip, String status, long count, Map<Field, Object> values) {
        Object[] v = new Object[ReportAggregator.COLUMNS.size()];
        values.forEach((f, x) -> v[ReportAggregator.COLUMNS.indexOf(f)] = x);
        return new Row(ip, status, v, count);
    }
}
