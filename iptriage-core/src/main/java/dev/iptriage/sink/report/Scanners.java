package dev.iptriage.sink.report;

import java.util.List;

/**
 * The known scanners among the report's distinct addresses (the {@value ReportAggregator#SCANNER}
 * and {@value ReportAggregator#SCANNER_EVIDENCE} columns), and the callout: addresses that are
 * both listed and a known scanner.
 *
 * @param addresses distinct addresses a scanner rule names (exact)
 * @param sightings the sightings of those addresses (exact): their share of all sightings is the
 *     share from known scanners
 * @param top the organisations with the most sightings, most first (ties by name), counted in at
 *     most {@link ReportAggregator.Limits#keys()} counters like the other top tables
 * @param listed the callout: known scanners that are listed too (a tag of a list that is not a
 *     warninglist and not a bogon match, or a DNS blocklist listing), the most seen first (ties by
 *     address), at most {@link ReportAggregator.Limits#top()}
 * @param listedAddresses how many such addresses there are in all (exact): those beyond {@code
 *     listed} are left out
 */
public record Scanners(
        long addresses, long sightings, List<Organisation> top, List<ListedScanner> listed, long listedAddresses) {
    /** Copies the lists. */
    public Scanners {
        top = List.copyOf(top);
        listed = List.copyOf(listed);
    }

    /**
     * One scanner organisation.
     *
     * @param name the organisation
     * @param sightings the sightings of its addresses
     * @param addresses its distinct addresses
     * @param evidence how its addresses were recognised ({@code cidr}, {@code ptr}, {@code
     *     user_agent}), sorted, at most {@value ReportAggregator#MAX_EVIDENCE}
     */
    public record Organisation(String name, long sightings, long addresses, List<String> evidence) {
        /** Copies the list. */
        public Organisation {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * An address that is a known scanner and listed.
     *
     * @param ip the address
     * @param organisation the scanner's organisation
     * @param sightings its sightings
     * @param lists the lists it is on (list names, then DNS blocklist listings), at most {@value
     *     ReportAggregator#MAX_CALLOUT_LISTS}
     * @param moreLists how many more lists it is on
     */
    public record ListedScanner(String ip, String organisation, long sightings, List<String> lists, int moreLists) {
        /** Copies the list. */
        public ListedScanner {
            lists = List.copyOf(lists);
        }
    }
}
