package dev.iptriage.sink.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the report was made from.
 *
 * @param title the report's title
 * @param inputs the input names
 * @param lines input lines read
 * @param statuses input lines per status (ok, not_found, private, reserved, invalid, error)
 * @param databases the databases used (empty when the input was an enriched file)
 * @param generated when the report was made
 * @param notes remarks for the reader (limits reached, lines left out, ...)
 * @param sent what left the machine: per online source, the addresses sent and to where, the
 *     source's own traffic (DNS queries, retries, cache hits), the addresses not sent and the
 *     repeats answered without asking again ({@link SentFact#of} of the run's {@code
 *     RunSummary.sources()}; empty when no online source was asked)
 * @param lists the lists the run tagged with ({@code --list}), in the order given; empty when none
 */
public record RunFacts(
        String title,
        List<String> inputs,
        long lines,
        Map<String, Long> statuses,
        List<DatabaseFact> databases,
        Instant generated,
        List<String> notes,
        List<SentFact> sent,
        List<ListFact> lists) {
    /** Copies the collections. */
    public RunFacts {
        inputs = List.copyOf(inputs);
        statuses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(statuses));
        databases = List.copyOf(databases);
        notes = List.copyOf(notes);
        sent = List.copyOf(sent);
        lists = List.copyOf(lists);
    }

    /** The facts of a run that sent nothing to an online source and used no list. */
    public RunFacts(
            String title,
            List<String> inputs,
            long lines,
            Map<String, Long> statuses,
            List<DatabaseFact> databases,
            Instant generated,
            List<String> notes) {
        this(title, inputs, lines, statuses, databases, generated, notes, List.of(), List.of());
    }
}
