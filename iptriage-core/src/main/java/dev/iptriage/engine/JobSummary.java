package dev.iptriage.engine;

import dev.iptriage.model.Status;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a job did.
 *
 * @param lines input lines read
 * @param rows output rows written
 * @param byStatus rows per status (with {@code --unique}: distinct values per status)
 * @param blank blank lines (rows with status invalid, except with {@code unique})
 * @param comments {@code #} comment lines (rows with status invalid, except with {@code unique})
 * @param truncated lines longer than the limit (cut, reported invalid)
 * @param overLimit distinct values left out because {@code --unique} hit its limit
 * @param bytes input bytes read
 * @param elapsed wall time
 * @param firstError the first error row's reason, or null
 * @param inputErrors inputs that could not be read (or not to the end), with the reason
 * @param unique one row per distinct value: blank and comment lines are not rows, only counted
 */
public record JobSummary(
        long lines,
        long rows,
        Map<Status, Long> byStatus,
        long blank,
        long comments,
        long truncated,
        long overLimit,
        long bytes,
        Duration elapsed,
        String firstError,
        java.util.List<String> inputErrors,
        boolean unique) {

    /** Copies the map. */
    public JobSummary {
        inputErrors = java.util.List.copyOf(inputErrors);
        byStatus = Map.copyOf(byStatus.isEmpty() ? new EnumMap<>(Status.class) : new EnumMap<>(byStatus));
    }

    /** Rows with a status. */
    public long count(Status s) {
        return byStatus.getOrDefault(s, 0L);
    }

    /** Input lines per second. */
    public double linesPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? lines : lines / s;
    }
}
