package dev.iptriage.sink.report;

import dev.iptriage.sources.SourceStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one online source was sent in the run, as the report's facts show it.
 *
 * @param source the source's name ({@code ptr}, {@code dnsbl}, {@code cymru})
 * @param destination where the addresses went ({@code DNS resolver 127.0.0.1:53 for zen.spamhaus.org})
 * @param addresses distinct addresses sent (each once, unless the answers kept for reuse ran out): not those the
 *     source answered from its cache, which are among {@code notSentWhy}
 * @param traffic the source's own counts, by name, in its order (DNS queries, retries, cache hits)
 * @param notSent distinct addresses not sent: private and reserved ones, and network lines
 * @param reused lookups answered from an earlier answer without asking again
 * @param notSentWhy the addresses not sent by reason ({@link SourceStats#notSentWhy}), in the order first met
 */
public record SentFact(
        String source,
        String destination,
        long addresses,
        Map<String, Long> traffic,
        long notSent,
        long reused,
        Map<String, Long> notSentWhy) {
    /** Copies the maps. */
    public SentFact {
        traffic = Collections.unmodifiableMap(new LinkedHashMap<>(traffic));
        notSentWhy = Collections.unmodifiableMap(new LinkedHashMap<>(notSentWhy));
    }

    /** A fact whose addresses not sent were all private or reserved. */
    public SentFact(
            String source, String destination, long addresses, Map<String, Long> traffic, long notSent, long reused) {
        this(
                source,
                destination,
                addresses,
                traffic,
                notSent,
                reused,
                notSent > 0 ? Map.of(SourceStats.PRIVATE_OR_RESERVED, notSent) : Map.of());
    }

    /** The fact of a run's {@link SourceStats}. */
    public static SentFact of(SourceStats s) {
        return new SentFact(
                s.source(), s.destination(), s.asked(), s.traffic(), s.notSent(), s.reused(), s.notSentWhy());
    }
}
