package dev.iptriage.sink.report;

/**
 * How often a column had no value among the addresses the databases were asked about.
 *
 * @param column the column name
 * @param empty addresses with no value
 * @param total addresses looked up (status ok or not_found)
 */
public record Missing(String column, long empty, long total) {
    /** Share of empty values, 0 to 1 (0 when nothing was looked up). */
    public double share() {
        return total == 0 ? 0 : (double) empty / total;
    }
}
