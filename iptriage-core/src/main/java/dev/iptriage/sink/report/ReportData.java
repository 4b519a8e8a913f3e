package dev.iptriage.sink.report;

import java.util.List;

/**
 * Everything a report shows: bounded aggregates, whatever the input size.
 *
 * @param facts what the report was made from
 * @param sightings input lines with an address (any status but invalid)
 * @param distinct distinct addresses
 * @param countries every country seen, most seen first (key: ISO code, or the name when there is none)
 * @param asns top autonomous systems (key: the number, label: the organization)
 * @param cities top cities (key and label: {@code city, country})
 * @param networks top networks
 * @param missing share of empty values per column
 * @param points located addresses per rounded location, most seen first
 * @param pointsLeftOut located sightings at locations not in {@code points}
 * @param columns the columns of {@code rows}
 * @param rows the most seen addresses, one row each (values as text)
 * @param rowsTotal distinct addresses in all (rows beyond {@code rows} are only in an enriched file)
 * @param totals sums over all addresses of the sighting columns {@link ReportAggregator#TOTALS} the
 *     input had ({@code failed_logins}, {@code accepted_logins}, {@code bans}), by column name
 * @param sources per online source whose {@code NAME_status} column (or own column) the rows fill
 *     ({@code ptr}, {@code dnsbl}, {@code cymru}, in the rows' order), its answers over the distinct
 *     addresses; empty when no online source was asked
 * @param listings the DNS blocklist listings, when the rows have them: the {@value
 *     ReportAggregator#LISTINGS} column, filled in some row or with its source's status in some row
 *     (nothing listed is an answer: then a {@link Listings} of 0); empty otherwise
 * @param tags the lists the addresses are on, when the rows have the {@value ReportAggregator#TAGS}
 *     or {@value ReportAggregator#TAG_DETAILS} column with a value (an empty one too) in some row;
 *     empty otherwise
 * @param scanners the known scanners, when the rows have the {@value ReportAggregator#SCANNER} or
 *     {@value ReportAggregator#SCANNER_EVIDENCE} column with a value (an empty one too) in some row;
 *     empty otherwise
 */
public record ReportData(
        RunFacts facts,
        long sightings,
        long distinct,
        List<Tally> countries,
        List<Tally> asns,
        List<Tally> cities,
        List<Tally> networks,
        List<Missing> missing,
        List<Point> points,
        long pointsLeftOut,
        List<String> columns,
        List<List<String>> rows,
        long rowsTotal,
        java.util.Map<String, Long> totals,
        List<SourceSummary> sources,
        java.util.Optional<Listings> listings,
        java.util.Optional<Tags> tags,
        java.util.Optional<Scanners> scanners) {
    /** Copies the collections. */
    public ReportData {
        countries = List.copyOf(countries);
        asns = List.copyOf(asns);
        cities = List.copyOf(cities);
        networks = List.copyOf(networks);
        missing = List.copyOf(missing);
        points = List.copyOf(points);
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        totals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(totals));
        sources = List.copyOf(sources);
    }
}
