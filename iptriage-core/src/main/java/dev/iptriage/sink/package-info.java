/**
 * The row formats of {@code enrich}: {@link dev.iptriage.sink.SinkFormat} (CSV, JSON Lines, JSON, an aligned table)
 * makes a {@link dev.iptriage.sink.RowFormat} per thread, which renders each {@link dev.iptriage.sink.Row} to bytes
 * independently of the others, so the engine may render in parallel and reuse a repeated address's bytes. {@link
 * dev.iptriage.sink.CellRowFormat} is the cell-by-cell contract of the CSV format that the engine's fast path builds
 * rows from; {@link dev.iptriage.sink.RowValues} gives the value of a column of a row. Cell text comes from {@link
 * dev.iptriage.text.CellText}.
 *
 * <p>The report is in the sub-packages: {@link dev.iptriage.sink.report} aggregates rows, {@link
 * dev.iptriage.sink.html} and {@link dev.iptriage.sink.png} draw the aggregates, {@link dev.iptriage.sink.world} holds
 * the map outlines.
 *
 * <p>Start with {@link dev.iptriage.sink.SinkFormat}.
 */
package dev.iptriage.sink;
