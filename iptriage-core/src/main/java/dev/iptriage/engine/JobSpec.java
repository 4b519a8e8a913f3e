package dev.iptriage.engine;

import dev.iptriage.input.Input;
import dev.iptriage.sink.SinkFormat;
import java.util.List;

/**
 * What a run of the list path does ({@link JobRunner}), as the {@link Engine} sets it up.
 *
 * @param inputs files or stdin, read in order
 * @param enricher the databases and fields
 * @param format the output format
 * @param unique one row per distinct address (with a count) instead of one per line
 * @param strict accept only bare address literals (no ports, CIDRs, trailing text)
 * @param threads worker threads (at least 1)
 * @param maxDistinct with {@code unique}: most distinct values tracked; more are counted as
 *     {@link RunSummary#overLimit()} and left out
 * @param keepMapped write {@code ::ffff:a.b.c.d} as it is instead of as {@code a.b.c.d} (it is looked
 *     up as {@code a.b.c.d} either way)
 * @param remote the remote sources' stage, or null when there are none
 * @param order with {@code unique}: the rows' order and how many are written
 */
record JobSpec(
        List<Input> inputs,
        Enricher enricher,
        SinkFormat format,
        boolean unique,
        boolean strict,
        int threads,
        int maxDistinct,
        boolean keepMapped,
        RemoteStage remote,
        RowSorter.Spec order) {

    /** A job with no remote sources that writes IPv4-mapped addresses as IPv4. */
    JobSpec(
            List<Input> inputs,
            Enricher enricher,
            SinkFormat format,
            boolean unique,
            boolean strict,
            int threads,
            int maxDistinct) {
        this(inputs, enricher, format, unique, strict, threads, maxDistinct, false, null, RowSorter.Spec.NONE);
    }

    /** Copies the input list and checks the numbers. */
    JobSpec {
        inputs = List.copyOf(inputs);
        java.util.Objects.requireNonNull(order, "order");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (maxDistinct < 1) {
            throw new IllegalArgumentException("maxDistinct must be at least 1");
        }
    }

    /**
     * Default limit of distinct values with {@code --unique}: what the heap holds with room to spare
     * (about 2,500 per MB of maximum heap, at least 100,000).
     */
    public static int defaultMaxDistinct() {
        return (int) Math.max(
                100_000, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 400));
    }
}
