package dev.iptriage.sources;

/**
 * What the engine sent to one remote source in a run, for the run summary.
 *
 * @param source the source's name
 * @param destination where the addresses went ({@link RemoteSource#destination()})
 * @param asked distinct addresses sent
 * @param answered of those, answered with data ({@link SourceStatus#OK})
 * @param notFound answered that the source knows nothing of them
 * @param timeouts not answered in time
 * @param errors the source failed
 * @param skipped distinct private or reserved addresses not sent
 * @param reused addresses met again later in the run (in another block of lines or batch of
 *     addresses) and answered from the earlier answer without asking again; repeats within one
 *     block are answered together and not counted here
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
