package dev.iptriage.sink;

/**
 * One output row: the address text (or the original text of an invalid line), its status, the
 * enrichment values (in the job's field order; may be empty for invalid rows) and, with
 * {@code --unique}, how often it was seen.
 */
public record Row(String ip, String status, Object[] values, long count) {}
