package dev.iptriage.sink.report;

import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sink.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rows with the report's columns, for tests. */
public final class Rows {
    private Rows() {}

    /**
     * The report's columns and those the engine adds for {@code --ptr} and {@code --dnsbl}: each
     * source's own columns, then its {@code NAME_status}.
     */
    public static final List<Column> ONLINE = online();

    private static List<Column> online() {
        List<Column> c = new ArrayList<>(Column.of(ReportAggregator.COLUMNS));
        c.add(Column.custom("ptr", "ptr", List.of("ptr")));
        c.add(Column.custom("fcrdns", "ptr", List.of("fcrdns")));
        c.add(Column.custom("ptr_status", "ptr", List.of()));
        c.add(Column.custom("dnsbl", "dnsbl", List.of("dnsbl")));
        c.add(Column.custom("dnsbl_status", "dnsbl", List.of()));
        return List.copyOf(c);
    }

    /**
     * A row of {@link #ONLINE}: country {@code AA}, and the values of {@code ptr}, {@code fcrdns},
     * {@code ptr_status}, {@code dnsbl} and {@code dnsbl_status}, in this order (fewer: the rest empty).
     */
    public static Row online(String ip, String status, long count, Object... online) {
        Object[] v = new Object[ONLINE.size()];
        v[ReportAggregator.COLUMNS.indexOf(Field.COUNTRY_ISO)] = "AA";
        System.arraycopy(online, 0, v, ReportAggregator.COLUMNS.size(), online.length);
        return new Row(ip, status, v, count);
    }

    /**
     * The report's columns, {@code dnsbl} and those {@code --list} adds: {@code tags}, {@code
     * tag_details}, {@code scanner}, {@code scanner_evidence}.
     */
    public static final List<Column> TAGGED = tagged();

    private static List<Column> tagged() {
        List<Column> c = new ArrayList<>(Column.of(ReportAggregator.COLUMNS));
        c.add(Column.custom("dnsbl", "dnsbl", List.of("dnsbl")));
        for (String n : ReportAggregator.TAG_COLUMNS) {
            c.add(Column.custom(n, "lists", List.of(n)));
        }
        return List.copyOf(c);
    }

    /**
     * A row of {@link #TAGGED}: country {@code AA}, and the values of {@code dnsbl}, {@code tags},
     * {@code tag_details}, {@code scanner} and {@code scanner_evidence}, in this order (fewer: the
     * rest empty).
     */
    public static Row tagged(String ip, String status, long count, Object... values) {
        Object[] v = new Object[TAGGED.size()];
        v[ReportAggregator.COLUMNS.indexOf(Field.COUNTRY_ISO)] = "AA";
        System.arraycopy(values, 0, v, ReportAggregator.COLUMNS.size(), values.length);
        return new Row(ip, status, v, count);
    }

    /** One {@code tag_details} item as the engine makes it. */
    public static Map<String, Object> detail(String list, String kind, boolean bogon) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("list", list);
        m.put("network", "0.0.0.0/0");
        m.put("date", "2026-12-01");
        m.put("kind", kind);
        if (bogon) {
            m.put("bogon", true);
        }
        return m;
    }

    /** A row of {@link ReportAggregator#COLUMNS} with these values (the others empty). */
    public static Row of(String ip, String status, long count, Map<Field, Object> values) {
        Object[] v = new Object[ReportAggregator.COLUMNS.size()];
        values.forEach((f, x) -> v[ReportAggregator.COLUMNS.indexOf(f)] = x);
        return new Row(ip, status, v, count);
    }
}
