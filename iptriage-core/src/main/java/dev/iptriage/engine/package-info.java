/**
 * Runs jobs over inputs and looks addresses up: the middle between the inputs ({@link dev.iptriage.input}, {@link
 * dev.iptriage.extract}), the databases ({@link dev.iptriage.databases}) and the outputs ({@link dev.iptriage.sink}).
 *
 * <ul>
 *   <li>Lookups: {@link dev.iptriage.engine.Enricher} asks several databases at once (one {@link
 *       dev.iptriage.engine.MmdbSource} each) and merges their answers into one {@link
 *       dev.iptriage.engine.Enrichment} per address, the first database with a value winning each column.
 *   <li>Runs, each taking a spec and returning a summary: {@link dev.iptriage.engine.JobRunner} ({@code enrich} of
 *       address lists, in parallel, in input order; {@link dev.iptriage.engine.JobSpec}, {@link
 *       dev.iptriage.engine.JobSummary}), {@link dev.iptriage.engine.SightingJob} ({@code enrich --from} a log or text
 *       format), {@link dev.iptriage.engine.JoinJob} ({@code --keep-columns}) and {@link
 *       dev.iptriage.engine.ExtractRunner} ({@code extract}, written by {@link dev.iptriage.engine.SightingWriter};
 *       {@link dev.iptriage.engine.ExtractSpec}, {@link dev.iptriage.engine.ExtractSummary}).
 *   <li>The byte-level fast path of the list run: rows rendered per block of lines ({@code BlockRenderer}), the bytes
 *       of repeated addresses ({@code RowCache}) and the cells of each database record ({@link
 *       dev.iptriage.engine.CellRows}, {@code RecordCache}) kept, large buffers reused ({@code BufferPool}). Package
 *       private apart from {@code CellRows}; its rows are byte for byte those the plain path renders from each
 *       address's {@code Enrichment}.
 * </ul>
 *
 * <p>Start with {@link dev.iptriage.engine.Enricher#builder()} for lookups and {@link dev.iptriage.engine.JobRunner}
 * for a run.
 */
package dev.iptriage.engine;
