package dev.iptriage.sink.report;

/**
 * One line of a top-N table.
 *
 * @param key what is counted (an ISO code, an ASN, a network, ...)
 * @param label its display text (a country or organization name; may equal {@code key})
 * @param sightings input lines that had it
 * @param addresses distinct addresses that had it
 */
public record Tally(String key, String label, long sightings, long addresses) {}
