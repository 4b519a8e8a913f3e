/**
 * The report's aggregation: {@link dev.iptriage.sink.report.ReportAggregator#create} folds rows (one per distinct
 * address, with its count) into bounded aggregates (counts by status, country, ASN, city and network, missing values
 * per column, points per rounded location, the most seen rows) and yields a {@link
 * dev.iptriage.sink.report.ReportData}, whatever the input size. {@link dev.iptriage.sink.report.EnrichedFile} feeds it
 * a file {@code enrich} wrote, without looking anything up; {@link dev.iptriage.sink.report.GeoJsonPoints} writes the
 * points as GeoJSON. The HTML and PNG writers ({@link dev.iptriage.sink.html}, {@link dev.iptriage.sink.png}) draw a
 * {@code ReportData}.
 *
 * <p>Start with {@link dev.iptriage.sink.report.ReportAggregator}.
 */
package dev.iptriage.sink.report;
