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
 * @param asked addresses sent to the source: each distinct address once (one asked again when the
 *     answers kept for reuse have reached their cap, and counted again); not those the source answered
 *     {@link SourceStatus#SKIPPED} without sending (a budget spent, a dry run)
 * @param notSent addresses the engine kept back, never handed to the source: private and reserved
 *     ones (each distinct one once) and network lines. They are among the {@link
 *     SourceStatus#SKIPPED} outcomes, which also count the addresses a source itself answered
 *     skipped (a dry run's, which were handed to it but not sent)
 * @param outcomes per status, the distinct addresses that got it: the answers of those asked (and of those a
 *     source answered without sending, from its cache), and {@link SourceStatus#SKIPPED} for those not sent
 *     (the {@code notSent} ones, and those a source answered skipped)
 * @param reused lookups answered from an earlier answer (or skip) of the same address without
 *     asking again: on the list path an address met again in a later block of lines (repeats
 *     within one block are answered together, not counted), on the log path and the join one met
 *     again in a later batch
 * @param traffic what the source itself counted, by name, in the order it chose ({@link
 *     RemoteSource#traffic()}: DNS queries sent, answers from the cache, retries)
 * @param notSentWhy the distinct addresses not sent, by reason, in the order first met: {@code private or
 *     reserved} and {@code network lines} (kept back by the engine), and each {@code skipped:<why>} a source
 *     answered without sending ({@code skipped:budget}, {@code skipped:out_of_queries}, {@code skipped:dry_run}),
 *     and each reason a source gave for an answer it got without sending ({@link SourceAnswer#FROM_CACHE},
 *     {@link SourceAnswer#NOTHING_TO_ASK}: those answers' statuses are among the {@code outcomes}); none of
 *     these is in {@code asked}
 */
public record SourceStats(
        String source,
        String destination,
        long asked,
        long notSent,
        Map<SourceStatus, Long> outcomes,
        long reused,
        Map<String, Long> traffic,
        Map<String, Long> notSentWhy) {
    /** Copies the maps. */
    public SourceStats {
        Map<SourceStatus, Long> o = new EnumMap<>(SourceStatus.class);
        o.putAll(outcomes);
        outcomes = Collections.unmodifiableMap(o);
        traffic = Collections.unmodifiableMap(new LinkedHashMap<>(traffic));
        notSentWhy = Collections.unmodifiableMap(new LinkedHashMap<>(notSentWhy));
    }

    /** The reason for addresses the engine keeps back because of their class. */
    public static final String PRIVATE_OR_RESERVED = "private or reserved";

    /** The reason for network (CIDR) lines, which no source is asked about. */
    public static final String NETWORK_LINES = "network lines";

    /** The distinct addresses that got {@code status}. */
    public long count(SourceStatus status) {
        return outcomes.getOrDefault(status, 0L);
    }
}
