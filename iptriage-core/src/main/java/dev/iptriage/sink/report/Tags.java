package dev.iptriage.sink.report;

import java.util.List;

/**
 * The lists the report's distinct addresses are on ({@code --list}: the {@value ReportAggregator#TAGS}
 * and {@value ReportAggregator#TAG_DETAILS} columns). A match whose detail says {@code "bogon": true}
 * (a private, reserved or bogon address in a public list, such as FireHOL level1's 10.0.0.0/8) is
 * counted apart, in {@code bogons}, not in {@code top}.
 *
 * @param addresses distinct addresses with at least one match that is not a bogon match (exact)
 * @param sightings the sightings of those addresses (exact)
 * @param top the lists most addresses are on, most first (ties by name): key the list's name, label
 *     its kind ({@code blocklist}, {@code warninglist}; empty when the rows have no {@value
 *     ReportAggregator#TAG_DETAILS}), addresses and sightings as in {@link Listings#top()} (exact
 *     while there are no more distinct lists than {@link ReportAggregator.Limits#keys()}, else lower
 *     bounds)
 * @param bogonAddresses distinct addresses with at least one bogon match (exact)
 * @param bogonSightings the sightings of those addresses (exact)
 * @param bogons per list, its bogon matches, counted like {@code top}
 */
public record Tags(
        long addresses, long sightings, List<Tally> top, long bogonAddresses, long bogonSightings, List<Tally> bogons) {
    /** Copies the lists. */
    public Tags {
        top = List.copyOf(top);
        bogons = List.copyOf(bogons);
    }
}
