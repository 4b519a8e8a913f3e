package dev.iptriage.sources;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Field;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A source that answers one address at a time, asynchronously: reverse DNS, DNS blocklists, Team
 * Cymru, a web service. The engine, not the source, does the bulk work: it asks each distinct
 * address once per run, at most {@link #maxConcurrency()} at a time, gives up on an answer after
 * {@link #timeout()}, never asks private or reserved addresses unless {@link #isLocal()}, waits for
 * a block's answers before writing it (input order is kept), writes each address's {@link
 * SourceAnswer} into the source's columns and a {@code NAME_status} column, and counts what was
 * sent ({@link SourceStats}). Off unless the user names it: a run with no remote source sends
 * nothing anywhere.
 *
 * <p>Implementations must be thread-safe; {@link #lookup} is called from the engine's worker
 * threads and must not block (start the query, return its future).
 */
public non-sealed interface RemoteSource extends ColumnSource {
    /** The columns the source adds, in order (its {@code NAME_status} column follows them). */
    List<SourceColumn> columns();

    /**
     * Where the addresses go, as the run summary says it ({@code "DNS resolver 127.0.0.1:53"},
     * {@code "geoip.maxmind.com"}).
     */
    String destination();

    /**
     * Whether the source answers on this machine without sending the address anywhere: only such a
     * source is asked private and reserved addresses. Default false.
     */
    default boolean isLocal() {
        return false;
    }

    /**
     * The built-in columns the source's answers fill besides its own (a web service's {@code city}, {@code asn}...),
     * keyed in {@link SourceAnswer#values()} by the column's name: merged into the row, the answer's value replacing
     * the databases' where the answer has one. Default: none. (A source may also give its whole answer as a map under
     * the key {@link #RAW}: with {@code --raw} it joins the databases' records in the {@code raw} column, under the
     * source's name.)
     */
    default Set<Field> fills() {
        return Set.of();
    }

    /**
     * Whether the source is asked only about addresses whose row the local databases left without a value in one of
     * the {@link #fills()} columns the run shows (the others get {@link SourceStatus#SKIPPED} {@code local}, not
     * sent; its own columns are filled where it is asked). Default false: every public address is asked.
     */
    default boolean onlyWhenMissing() {
        return false;
    }

    /** The key under which a source may give its whole answer (a map) in {@link SourceAnswer#values()}. */
    String RAW = "raw";

    /** Most questions in flight at once (default 32). */
    default int maxConcurrency() {
        return 32;
    }

    /**
     * How long an answer may take before the address gets {@link SourceStatus#TIMEOUT} (default 10
     * seconds). A question that timed out is cancelled and no longer holds one of the {@link
     * #maxConcurrency()} places.
     */
    default Duration timeout() {
        return Duration.ofSeconds(10);
    }

    /**
     * What the source counted of its own traffic so far, by name, for the run summary ({@code
     * "queries" -> 12345}, {@code "cache hits" -> 10}); the engine adds it to the source's {@link
     * SourceStats}. Default: nothing.
     */
    default java.util.Map<String, Long> traffic() {
        return java.util.Map.of();
    }

    /**
     * Starts looking {@code address} up. The stage completes with the answer; completing
     * exceptionally, or throwing, gives the address {@link SourceStatus#ERROR} with the exception's
     * message (a null stage or answer: {@code error:no answer}). When the answer takes longer than
     * {@link #timeout()}, the engine cancels the stage's {@code CompletableFuture} (if it has one):
     * a source should then stop the query.
     */
    CompletionStage<SourceAnswer> lookup(IpAddress address);
}
