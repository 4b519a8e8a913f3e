package dev.iptriage.dns;

import dev.iptriage.sources.SourceAnswer;
import java.util.Map;

/** Source answers made from DNS results. */
final class Answers {
    private Answers() {}

    /** The answer for a result without data of use: its status (and an error's detail), no values. */
    static SourceAnswer of(DnsResult r) {
        return sentOrNot(new SourceAnswer(r.status(), Map.of(), r.detail()), r);
    }

    /**
     * {@code a}, the answer to the question naming the address whose result is {@code r}: marked not sent ({@link
     * SourceAnswer#FROM_CACHE}) when the cache answered that question. Other questions it took (a PTR name's forward
     * lookup) do not name the address and do not count.
     */
    static SourceAnswer sentOrNot(SourceAnswer a, DnsResult r) {
        return r.fromCache() ? a.notSent(SourceAnswer.FROM_CACHE) : a;
    }
}
