package dev.iptriage.sources;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine sent to one remote source in a run, for the run summary.
 *
 * @param source the source's name
 * @param destination where the addresses went ({@link RemoteSource#destination()})
 * @param asked addresses handed to the source: each distinct address once (one asked again when the
 *     answers kept for reuse have reached their cap, and counted again)
 * @param notSent addresses the engine kept back, never handed to the source: private and reserved
 *     ones (each distinct one once) and network lines. They are among the {@link
 *     SourceStatus#SKIPPED} outcomes, which also count the addresses a source itself answered
 *     skipped (a dry run's, which were handed to it but not sent)
 * @param outcomes per status, the distinct addresses that got it: the answers of those asked, and
 *     {@link SourceStatus#SKIPPED} for those not sent (the {@code notSent} ones, and those a
 *     source answered skipped)
 * @param reused lookups answered from an earlier answer (or skip) of the same address without
 *     asking again: on the list path an address met again in a later block of lines (repeats
 *     within one block are answered together, not counted), on the log path and the join one met
 *     again in a later batch
 * @param traffic what the source itself counted, by name, in the order it chose ({@link
 *     RemoteSource#traffic()}: DNS queries sent, answers from the cache, retries)
 */
public record SourceStats(
        String source,
        String destination,
        long asked,
        long notSent,
        Map<SourceStatus, Long> outcomes,
        long reused,
        Map<String, Long> traffic) {
    /** Copies the maps. */
    public SourceStats {
        Map<SourceStatus, Long> o = new EnumMap<>(SourceStatus.class);
        o.putAll(outcomes);
        outcomes = Collections.unmodifiableMap(o);
        traffic = Collections.unmodifiableMap(new LinkedHashMap<>(traffic));
    }

    /** The distinct addresses that got {@code status}. */
    public long count(SourceStatus status) {
        return outcomes.getOrDefault(status, 0L);
    }
}
