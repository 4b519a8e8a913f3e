package dev.iptriage.sink.report;

import dev.iptriage.sources.SourceStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one online source ({@code --ptr}, {@code --dnsbl}, {@code --cymru}, or any other {@link
 * dev.iptriage.sources.RemoteSource}) answered about the report's distinct addresses, read from the
 * rows: its {@code NAME_status} column and its own columns. Exact counts (one number per status and
 * per column, whatever the input size).
 *
 * @param source the source's name (its status column is {@code NAME_status})
 * @param statuses distinct addresses per status, only the statuses that occurred, in the order of
 *     {@link SourceStatus} ({@code ok}, {@code not_found}, {@code nxdomain}, {@code nodata}, {@code
 *     servfail}, {@code refused}, {@code timeout}, {@code skipped}, {@code unsupported}, {@code
 *     error}; {@code error:<why>} is counted as {@code error}); a value outside that vocabulary is
 *     counted as {@link #OTHER}, last. Addresses with an empty status are not counted.
 * @param columns the source's own columns, in the rows' order, with the distinct addresses that have
 *     a value in each
 */
public record SourceSummary(String source, Map<String, Long> statuses, List<Filled> columns) {
    /** The key of {@link #statuses} for a status outside the vocabulary. */
    public static final String OTHER = "other";

    /** Every key {@link #statuses} may have, in its order: the vocabulary, then {@link #OTHER}. */
    public static final List<String> STATUSES = vocabulary();

    private static List<String> vocabulary() {
        List<String> out = new java.util.ArrayList<>();
        for (SourceStatus s : SourceStatus.values()) {
            out.add(s.text());
        }
        out.add(OTHER);
        return List.copyOf(out);
    }

    /**
     * One of the source's own columns.
     *
     * @param column the column's name ({@code ptr}, {@code fcrdns}, {@code dnsbl}, {@code origin_asn}, ...)
     * @param addresses distinct addresses with a value (an empty list counts as no value)
     * @param yesNo whether every value was {@code true} or {@code false} (as {@code fcrdns}'s are); then
     *     {@code trues} and {@code falses} split {@code addresses}, else both are 0
     * @param trues distinct addresses whose value is {@code true}
     * @param falses distinct addresses whose value is {@code false}
     */
    public record Filled(String column, long addresses, boolean yesNo, long trues, long falses) {}

    /** Copies the collections. */
    public SourceSummary {
        statuses = Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
        columns = List.copyOf(columns);
    }

    /** {@return the distinct addresses with a status} */
    public long addresses() {
        return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * {@return the distinct addresses the source failed to answer for: {@code servfail}, {@code
     * refused}, {@code timeout} and {@code error}}
     */
    public long failed() {
        long n = 0;
        for (SourceStatus s :
                List.of(SourceStatus.SERVFAIL, SourceStatus.REFUSED, SourceStatus.TIMEOUT, SourceStatus.ERROR)) {
            n += statuses.getOrDefault(s.text(), 0L);
        }
        return n;
    }
}
