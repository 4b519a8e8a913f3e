/**
 * Runs jobs: the one entry point the CLI's {@code enrich} and {@code report} (and later the web page
 * and Spark) call. {@link dev.iptriage.engine.Engine} holds the databases, the language and the
 * remote sources; a {@link dev.iptriage.engine.Job} says what to read and what to write; {@link
 * dev.iptriage.engine.Engine#prepare} chooses the path and the columns and {@link
 * dev.iptriage.engine.Engine#run} (or {@code aggregate}) returns one {@link
 * dev.iptriage.engine.RunSummary}.
 *
 * <ul>
 *   <li>Lookups: {@link dev.iptriage.engine.Enricher} asks every database at once and merges their
 *       answers into one {@link dev.iptriage.engine.Enrichment} per address, the first database with
 *       a value winning each column.
 *   <li>The paths, package-private: {@code JobRunner} (address lists, in blocks on worker threads,
 *       rows in input order), {@code SightingJob} (a log or text format), {@code JoinJob} ({@code
 *       --keep-columns}); {@code RemoteStage} asks the remote sources ({@link
 *       dev.iptriage.sources.RemoteSource}) on all of them. {@code extract} runs {@link
 *       dev.iptriage.engine.ExtractRunner} with a {@link dev.iptriage.engine.SightingWriter}.
 *   <li>The fast path, package-private and in this package only: rows rendered per block ({@code
 *       BlockRenderer}), the bytes of repeated addresses ({@code RowCache}), records decoded once
 *       ({@code MmdbSource}, {@code RecordCache}), CSV rows from the cells kept with each record
 *       ({@code CellRows}, {@code CsvCells}), large buffers reused ({@code BufferPool}). Its rows are
 *       byte for byte those the plain path renders from each address's {@code Enrichment}.
 * </ul>
 *
 * <p>Start with {@link dev.iptriage.engine.Engine}; docs/architecture.md tells the whole way.
 */
package dev.iptriage.engine;
