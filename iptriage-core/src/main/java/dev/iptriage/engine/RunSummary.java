package dev.iptriage.engine;

import dev.iptriage.model.Status;
import dev.iptriage.sources.SourceStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, whatever its path: the one summary the front ends print and act on (exit codes).
 *
 * @param lines input lines read
 * @param rows rows written (handed to the consumer of an aggregate run)
 * @param byStatus rows per status (the list path with {@code unique}: distinct values per status)
 * @param blank blank lines (on the list path rows with status invalid, except with {@code unique})
 * @param comments {@code #} comment lines of a list (rows with status invalid, except with {@code
 *     unique})
 * @param truncated lines longer than the limit (cut, or read in pieces)
 * @param overLimit addresses (the log path: sightings) left out because the distinct limit was
 *     reached
 * @param untracked the log path with one row per address: sightings whose context value was counted
 *     under {@code (other)} only, the kept values having reached their cap
 * @param bytes input bytes read
 * @param elapsed wall time
 * @param firstError the first error row's reason, or null
 * @param inputErrors inputs that could not be read (or not to the end), with the reason
 * @param unique the list path with one row per distinct value: blank and comment lines were counted,
 *     not rows
 * @param extraction the log and text path (and the join): what the extraction read; null on the
 *     list path
 * @param sources per remote source, what was sent where
 */
public record RunSummary(
        long lines,
        long rows,
        Map<Status, Long> byStatus,
        long blank,
        long comments,
        long truncated,
        long overLimit,
        long untracked,
        long bytes,
        Duration elapsed,
        String firstError,
        List<String> inputErrors,
        boolean unique,
        ExtractSummary extraction,
        List<SourceStats> sources) {

    /** Copies the collections. */
    public RunSummary {
        inputErrors = List.copyOf(inputErrors);
        byStatus = Map.copyOf(byStatus.isEmpty() ? new EnumMap<>(Status.class) : new EnumMap<>(byStatus));
        sources = List.copyOf(sources);
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

    /** This summary with the remote sources' counts. */
    RunSummary withSources(List<SourceStats> stats) {
        return new RunSummary(
                lines,
                rows,
                byStatus,
                blank,
                comments,
                truncated,
                overLimit,
                untracked,
                bytes,
                elapsed,
                firstError,
                inputErrors,
                unique,
                extraction,
                stats);
    }

    /** The summary of a log or text run (or a join) from what it read and wrote. */
    static RunSummary ofSightings(SightingJob.Result r) {
        ExtractSummary x = r.extraction();
        return new RunSummary(
                x.lines(),
                r.rows(),
                r.byStatus(),
                x.blank(),
                0,
                x.longLines(),
                r.overLimit(),
                r.untracked(),
                x.bytes(),
                x.elapsed(),
                r.firstError(),
                x.inputErrors(),
                false,
                x,
                List.of());
    }
}
