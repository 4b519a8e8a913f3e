package dev.iptriage.dns;

import dev.iptriage.sources.SourceStatus;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one DNS question, classified from the response code of the answer (never from a
 * library's exception text).
 *
 * @param status {@link SourceStatus#OK} (records of the type asked), {@link SourceStatus#NXDOMAIN},
 *     {@link SourceStatus#NODATA} (the name exists without such records), {@link
 *     SourceStatus#SERVFAIL}, {@link SourceStatus#REFUSED}, {@link SourceStatus#TIMEOUT}, {@link
 *     SourceStatus#SKIPPED} (not sent: a dry run) or {@link SourceStatus#ERROR}
 * @param records with OK, the records' data as text: a name without its trailing dot (PTR), an
 *     address (A, AAAA), the character strings of one record joined (TXT, non-printable bytes as
 *     {@code \DDD}); empty otherwise
 * @param ttl seconds the answer may be kept (the smallest TTL of the records used, or for NXDOMAIN
 *     and NODATA the SOA's negative TTL; 0: not to be kept)
 * @param detail with ERROR, why; else null
 * @param fromCache whether the persistent cache ({@link DnsCacheFile}) gave the answer, nothing sent for it in this
 *     run (also when the question was shared with an earlier one of the run that the cache answered)
 */
public record DnsResult(SourceStatus status, List<String> records, long ttl, String detail, boolean fromCache) {
    /** Checks and copies. */
    public DnsResult {
        Objects.requireNonNull(status, "status");
        records = List.copyOf(records);
        if ((status == SourceStatus.ERROR) != (detail != null)) {
            throw new IllegalArgumentException("an error result, and only one, has a detail");
        }
    }

    /** A result not from the cache. */
    public DnsResult(SourceStatus status, List<String> records, long ttl, String detail) {
        this(status, records, ttl, detail, false);
    }

    /** A result without records or detail. */
    static DnsResult of(SourceStatus status) {
        return new DnsResult(status, List.of(), 0, null);
    }

    /** A failure for {@code why}. */
    static DnsResult error(String why) {
        return new DnsResult(SourceStatus.ERROR, List.of(), 0, why);
    }

    /** Whether the result is an answer (records, NXDOMAIN or NODATA), which may be cached. */
    public boolean isAnswer() {
        return status == SourceStatus.OK || status == SourceStatus.NXDOMAIN || status == SourceStatus.NODATA;
    }
}
