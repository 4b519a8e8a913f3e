/**
 * The report as one self-contained HTML file (scripts, styles, data and map outlines inlined; no network origin
 * unless the user opts into a tile server). Entry point: {@link dev.iptriage.sink.html.HtmlReport#write}, which draws a
 * {@link dev.iptriage.sink.report.ReportData}.
 */
package dev.iptriage.sink.html;
