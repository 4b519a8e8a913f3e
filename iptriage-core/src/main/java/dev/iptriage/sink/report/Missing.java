package dev.iptriage.sink.report;

/**
 * How often a column had no value among the addresses the databases were asked about.
 *
 * @param column the column name
 * @param empty addresses with no value
 * @param total addresses looked up (status ok or not_found)
 * @param absent the input has no such column (an enriched file made without it): its values are not empty but unknown
 */
public record Missing(String column, long empty, long total, boolean absent) {
    /** A column the input has. */
    public Missing(String column, long empty, long total) {
        this(column, empty, total, false);
    }

    /** Share of empty values, 0 to 1 (0 when nothing was looked up). */
    public double share() {
        return total == 0 ? 0 : (double) empty / total;
    }
}
