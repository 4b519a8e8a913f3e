package dev.iptriage.engine;

import dev.iptriage.extract.AddressSummary;
import dev.iptriage.extract.Found;
import dev.iptriage.extract.InputMode;
import dev.iptriage.extract.LineDecoder;
import dev.iptriage.extract.ListParser;
import dev.iptriage.extract.Sighting;
import dev.iptriage.extract.SightingAggregator;
import dev.iptriage.extract.Untrusted;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.sink.SinkFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code enrich --from MODE} for the log and text formats: one row per address found (or, with
 * {@code unique}, per distinct address with its sighting columns such as {@code count}, {@code
 * first_seen} and {@code failed_logins}), enriched like the list path. The list format keeps its own,
 * faster path ({@link JobRunner}).
 *
 * <p>Entry point: {@link #run}.
 */
final class SightingJob implements ExtractRunner.Handler {
    private static final int BATCH = 256;
    /**
     * Addresses per batch when remote sources are asked: they answer concurrently, so a batch much
     * larger than their concurrency keeps them busy while the batch's slowest answer is awaited.
     */
    private static final int REMOTE_BATCH = 4096;

    private final Enricher enricher;
    private final RemoteStage remote;
    private final boolean unique;
    private final RowFormat rows;
    private final SightingAggregator aggregator;
    private final RowSorter.Spec order;
    private final List<Found> pending = new ArrayList<>(BATCH);
    /** With scanner columns: the User-Agent of each pending sighting, when its address was the web client. */
    private final List<String> pendingAgents;

    private final Map<Status, Long> byStatus = new EnumMap<>(Status.class);
    /** With {@code unique}: the distinct texts of chosen fields with no address, with their counts. */
    private final Map<String, Long> invalidTexts = new LinkedHashMap<>();
    /**
     * Most distinct invalid texts kept with {@code unique} (a hostile file cannot fill the memory), or
     * {@code maxDistinct} when lower; the sightings of the others count in {@link Result#overLimit}.
     */
    private static final int MAX_INVALID_TEXTS = 100_000;
    /** Characters of an invalid text kept and shown with {@code unique} (as context values are cut). */
    static final int INVALID_TEXT_CHARS = 256;

    private final int maxInvalidTexts;
    private long invalidOverLimit;

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 16);
    private OutputStream out;
    private long written;
    private String firstError;

    /**
     * What the job did.
     *
     * @param extraction what was read
     * @param rows rows written
     * @param byStatus rows per status
     * @param overLimit with {@code unique}: sightings of addresses and invalid texts left out (distinct
     *     limit reached)
     * @param untracked with {@code unique}: sightings whose context value was counted under {@code
     *     (other)} only, the kept values having reached {@link SightingAggregator#VALUE_CHARS}
     * @param firstError the first error row's reason, or null
     */
    public record Result(
            ExtractSummary extraction,
            long rows,
            Map<Status, Long> byStatus,
            long overLimit,
            long untracked,
            String firstError) {

        /** Copies the map. */
        public Result {
            byStatus = Map.copyOf(byStatus);
        }

        /** A result with no untracked context values. */
        public Result(
                ExtractSummary extraction, long rows, Map<Status, Long> byStatus, long overLimit, String firstError) {
            this(extraction, rows, byStatus, overLimit, 0, firstError);
        }

        /** {@return the rows with this status} */
        public long count(Status s) {
            return byStatus.getOrDefault(s, 0L);
        }
    }

    private SightingJob(
            Enricher enricher,
            RemoteStage remote,
            RowFormat rows,
            boolean unique,
            int maxDistinct,
            RowSorter.Spec order) {
        this.enricher = enricher;
        this.order = order;
        this.remote = remote;
        this.unique = unique;
        this.rows = rows;
        this.aggregator = unique ? new SightingAggregator(maxDistinct) : null;
        this.maxInvalidTexts = Math.min(maxDistinct, MAX_INVALID_TEXTS);
        this.pendingAgents = enricher.tagSlots != null && enricher.tagSlots.readsUserAgents() && !unique
                ? new ArrayList<>(BATCH)
                : null;
    }

    /**
     * Runs the job.
     *
     * @param spec what to read (a log or text {@link InputMode})
     * @param enricher the databases and columns; with {@code unique} its fields may include sighting
     *     columns ({@link Field#isSighting()}), filled from the aggregated sightings
     * @param format the output format
     * @param unique one row per distinct address
     * @param maxDistinct with {@code unique}: most distinct addresses kept
     * @param order with {@code unique}: the rows' order and how many are written
     * @param sink where the rows go (not closed)
     * @param progress told how far the reading got
     * @param remote the remote sources, or null
     */
    static Result run(
            ExtractSpec spec,
            Enricher enricher,
            RemoteStage remote,
            SinkFormat format,
            boolean unique,
            int maxDistinct,
            RowSorter.Spec order,
            OutputStream sink,
            ProgressListener progress)
            throws IOException {
        SightingJob job =
                new SightingJob(enricher, remote, format.newRowFormat(enricher.columns()), unique, maxDistinct, order);
        job.out = format.wrap(sink);
        return job.execute(spec, sink, progress);
    }

    /**
     * Runs the job with one row per distinct address handed to {@code rows} (a consumer such as a
     * report's aggregator, which writes nothing), the row's count being the address's sightings.
     *
     * @param spec what to read (a log or text {@link InputMode})
     * @param enricher the databases and columns (sighting columns are filled as in {@link #run})
     * @param remote the remote sources, or null
     * @param rows receives the rows, on this thread
     * @param maxDistinct most distinct addresses kept
     * @param progress told how far the reading got
     */
    static Result aggregate(
            ExtractSpec spec,
            Enricher enricher,
            RemoteStage remote,
            RowFormat rows,
            int maxDistinct,
            ProgressListener progress)
            throws IOException {
        SightingJob job = new SightingJob(enricher, remote, rows, true, maxDistinct, RowSorter.Spec.NONE);
        job.out = OutputStream.nullOutputStream();
        return job.execute(spec, job.out, progress);
    }

    private Result execute(ExtractSpec spec, OutputStream sink, ProgressListener progress) throws IOException {
        out.write(rows.header());
        ExtractSummary s = ExtractRunner.run(spec, this, progress);
        flush();
        if (unique) {
            writeUnique();
            for (Map.Entry<String, Long> e : invalidTexts.entrySet()) {
                writeInvalid(e.getKey(), e.getValue());
            }
        }
        out.write(rows.footer());
        out.flush();
        if (out != sink) {
            out.close();
        }
        return new Result(
                s,
                written,
                byStatus,
                unique ? aggregator.overLimit() + invalidOverLimit : 0,
                unique ? aggregator.untracked() : 0,
                firstError);
    }

    @Override
    public void line(String source, long line, LineDecoder.Shape shape, LineDecoder decoder, List<Sighting> found)
            throws IOException {
        for (Sighting s : found) {
            if (unique) {
                aggregator.add(s);
            } else {
                pending.add(s.ip());
                if (pendingAgents != null) {
                    pendingAgents.add("client".equals(s.role()) ? s.event().userAgent() : null);
                }
                if (pending.size() == batchSize()) {
                    flush();
                }
            }
        }
    }

    /**
     * A chosen field ({@code csv:COLUMN}, {@code jsonl:FIELD}) with no address: a row with status {@code
     * invalid} and the field's text, as a list line that is not an address is, in input order; with
     * {@code unique}, one row per distinct text (cut to {@value #INVALID_TEXT_CHARS} characters, control
     * characters replaced; at most {@code maxDistinct} or 100,000 texts, the others' sightings counted
     * in {@link Result#overLimit}) with its count after the addresses, and an empty field no row (as a
     * blank list line).
     */
    @Override
    public void invalid(String source, long line, ListParser.Invalid invalid) throws IOException {
        if (!unique) {
            flush();
            writeInvalid(invalid.text(), 1); // without unique a row is one sighting: count 1
        } else if (invalid.kind() != ListParser.Kind.BLANK) {
            String text = Untrusted.text(invalid.text(), INVALID_TEXT_CHARS);
            if (invalidTexts.containsKey(text) || invalidTexts.size() < maxInvalidTexts) {
                invalidTexts.merge(text, 1L, Long::sum);
            } else {
                invalidOverLimit++; // said in the summary, exit 5, as addresses past --max-distinct
            }
        }
    }

    private void writeInvalid(String text, long count) throws IOException {
        buf.reset();
        if (written > 0) {
            buf.write(rows.separator());
        }
        rows.row(new Row(text, Status.INVALID.text(), new Object[0], count), buf);
        buf.writeTo(out);
        written++;
        byStatus.merge(Status.INVALID, 1L, Long::sum);
    }

    private void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        List<Enrichment> e = lookUp(pending);
        for (int i = 0; i < pending.size(); i++) {
            if (pendingAgents != null && pendingAgents.get(i) != null) {
                enricher.tagSlots.refine(pending.get(i).address(), e.get(i).values(), List.of(pendingAgents.get(i)));
            }
            write(pending.get(i), e.get(i), null);
        }
        pending.clear();
        if (pendingAgents != null) {
            pendingAgents.clear();
        }
    }

    private void writeUnique() throws IOException {
        List<AddressSummary> batch = new ArrayList<>(BATCH);
        if (order.sorted()) {
            // the keys are ranked first (a heap of N with --top N); only the rows kept are looked up
            RowSorter<Found> sorter = new RowSorter<>(order);
            aggregator.forEachTally((ip, count, first, last) -> sorter.add(ip, ip, null, count, first, last));
            try {
                for (Found ip : sorter.drain()) {
                    batch.add(aggregator.summary(ip));
                    if (batch.size() == batchSize()) {
                        writeBatch(batch);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            writeBatch(batch);
            return;
        }
        try {
            aggregator.forEach(s -> {
                batch.add(s);
                if (batch.size() == batchSize()) {
                    writeBatch(batch);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writeBatch(batch);
    }

    private void writeBatch(List<AddressSummary> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Enrichment> e = lookUp(batch.stream().map(AddressSummary::ip).toList());
        try {
            for (int i = 0; i < batch.size(); i++) {
                write(batch.get(i).ip(), e.get(i), batch.get(i));
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        batch.clear();
    }

    /** The enrichments of {@code found}, with the remote sources' answers in their columns. */
    private List<Enrichment> lookUp(List<Found> found) {
        List<IpAddress> addresses = found.stream().map(Found::address).toList();
        List<Enrichment> e = enricher.lookupAll(addresses);
        if (remote != null) {
            RemoteStage.Answers answers = remote.resolve(addresses, RemoteStage.networks(found), e);
            for (int i = 0; i < e.size(); i++) {
                remote.fill(answers, i, e.get(i).values()); // each enrichment's own array
            }
        }
        return e;
    }

    private void write(Found ip, Enrichment e, AddressSummary summary) throws IOException {
        Object[] values = e.values();
        long count = 1; // without unique a row is one sighting
        if (summary != null) {
            values = values.clone();
            List<Column> columns = enricher.columns();
            for (int i = 0; i < columns.size(); i++) {
                Field f = columns.get(i).field();
                if (f != null && f.isSighting()) {
                    values[i] = SightingColumns.value(f, summary);
                }
            }
            count = summary.count();
            if (enricher.tagSlots != null && enricher.tagSlots.readsUserAgents() && clientOnly(summary)) {
                enricher.tagSlots.refine(
                        ip.address(), values, summary.userAgents().keySet());
            }
        }
        buf.reset();
        if (written > 0) {
            buf.write(rows.separator());
        }
        rows.row(new Row(ip.text(), e.statusText(), values, count), buf);
        buf.writeTo(out);
        written++;
        byStatus.merge(e.status(), 1L, Long::sum);
        if (firstError == null && e.error() != null) {
            firstError = e.error();
        }
    }

    /**
     * Whether an address was seen only as a web client: then the User-Agents of its lines are its own (a proxy's
     * lines carry its clients' User-Agents).
     */
    private static boolean clientOnly(AddressSummary s) {
        return !s.userAgents().isEmpty() && s.roles().size() == 1 && s.roles().containsKey("client");
    }

    private int batchSize() {
        return remote == null ? BATCH : REMOTE_BATCH;
    }
}
