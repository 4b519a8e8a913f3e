package dev.iptriage.dns;

import dev.iptriage.sources.SourceStatus;
import java.util.List;
import java.util.Objects;

/**
 * An answer as kept in the DNS cache ({@link DnsCacheFile}): its status, its records (as the client
 * chose to write them, any text) and the second it stops being fresh.
 *
 * @param status {@link SourceStatus#OK OK}, {@link SourceStatus#NXDOMAIN NXDOMAIN} or {@link
 *     SourceStatus#NODATA NODATA} only: answers, never transient failures (SERVFAIL, timeout), which
 *     are asked again on the next run
 * @param records the records of the answer (copied; no nulls)
 * @param expiresAtEpochSecond the first second (of the epoch) at which the answer is stale
 */
public record CachedAnswer(SourceStatus status, List<String> records, long expiresAtEpochSecond) {
    public CachedAnswer {
        Objects.requireNonNull(status, "status");
        if (!isCacheable(status)) {
            throw new IllegalArgumentException("only answers are cached (ok, nxdomain, nodata), not " + status.text());
        }
        records = List.copyOf(records);
    }

    /** Whether answers of this status may be cached: OK, NXDOMAIN and NODATA. */
    static boolean isCacheable(SourceStatus status) {
        return status == SourceStatus.OK || status == SourceStatus.NXDOMAIN || status == SourceStatus.NODATA;
    }
}
