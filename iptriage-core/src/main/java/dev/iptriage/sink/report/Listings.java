package dev.iptriage.sink.report;

import java.util.List;

/**
 * DNS blocklist listings over the report's distinct addresses, from the {@value
 * ReportAggregator#LISTINGS} column ({@code --dnsbl}: per address, a list of {@code zone:MEANING}
 * such as {@code zen.spamhaus.org:XBL}).
 *
 * @param addresses distinct addresses listed at least once, anywhere (exact)
 * @param sightings the sightings of those addresses (exact)
 * @param top the listings most addresses have, most first (ties by listing): the {@link Tally}'s key
 *     and label are the listing, its {@code addresses} the distinct addresses with it and its {@code
 *     sightings} theirs. Counted in at most {@link ReportAggregator.Limits#keys()} counters like the
 *     other top tables, ranked by addresses: exact while there are no more distinct listings than
 *     that (a built-in zone has a few), else below the truth by at most 1/keys of all the listings
 *     counted (one per listed address and listing), never above
 */
public record Listings(long addresses, long sightings, List<Tally> top) {
    /** Copies the list. */
    public Listings {
        top = List.copyOf(top);
    }
}
