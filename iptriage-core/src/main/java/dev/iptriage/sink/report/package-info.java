/**
 * Report aggregation: {@link dev.iptriage.sink.report.ReportAggregator} folds rows into bounded
 * aggregates (counts by status, country, ASN, city and network, missing values per column, points per
 * rounded location, the most frequent rows) and yields a {@link dev.iptriage.sink.report.ReportData}
 * for the HTML, GeoJSON and PNG writers.
 */
package dev.iptriage.sink.report;
