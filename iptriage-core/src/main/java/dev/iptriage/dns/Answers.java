package dev.iptriage.dns;

import dev.iptriage.sources.SourceAnswer;
import java.util.Map;

/** Source answers made from DNS results. */
final class Answers {
    private Answers() {}

    /** The answer for a result without data of use: its status (and an error's detail), no values. */
    static SourceAnswer of(DnsResult r) {
        return new SourceAnswer(r.status(), Map.of(), r.detail());
    }
}
