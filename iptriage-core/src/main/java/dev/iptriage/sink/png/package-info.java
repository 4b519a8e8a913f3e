/**
 * The report's static images, drawn with Java2D (no browser, no display): {@link dev.iptriage.sink.png.PngImages}
 * writes the world map of a {@link dev.iptriage.sink.report.ReportData}'s points and the bar charts of its top
 * countries and ASNs.
 */
package dev.iptriage.sink.png;
