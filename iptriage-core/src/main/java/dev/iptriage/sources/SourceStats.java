package dev.iptriage.sources;

/**
 * What the engine sent to one remote source in a run, for the run summary.
 *
 * @param source the source's name
 * @param destination where the addresses went ({@link RemoteSource#destination()})
 * @param asked queries sent: each distinct address once (one asked again when the answers kept
 *     for reuse have reached their cap, and counted again)
 * @param answered of those, answered with data ({@link SourceStatus#OK})
 * @param notFound answered that the source knows nothing of them
 * @param timeouts not answered in time
 * @param errors the source failed
 * @param skipped addresses not sent: private or reserved ones (each distinct one once) and network
 *     lines
 * @param reused lookups answered from an earlier answer (or skip) of the same address without
 *     asking again: on the list path an address met again in a later block of lines (repeats
 *     within one block are answered together, not counted), on the log path and the join one met
 *     again in a later batch
 */
public record SourceStats(
        String source,
        String destination,
        long asked,
        long answered,
        long notFound,
        long timeouts,
        long errors,
        long skipped,
        long reused) {}
