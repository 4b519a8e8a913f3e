package dev.iptriage.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.iptriage.extract.CsvDecoder;
import dev.iptriage.extract.Found;
import dev.iptriage.extract.LineDecoder;
import dev.iptriage.extract.Sighting;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.text.CellText;
import dev.iptriage.text.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Join mode ({@code enrich --from csv:COLUMN --keep-columns}): every CSV row is written back with its
 * own cells followed by the enrichment columns of the first address in the chosen column, so the log
 * can be filtered by country or ASN. A row without an address keeps its cells, with status {@code
 * invalid} and empty enrichment. The header is taken from the first input; an enrichment column whose
 * name the input already uses is prefixed with {@code iptriage_}. Output: CSV (formula-safe cells) or
 * JSON Lines.
 *
 * <p>Entry point: {@link #run}.
 */
final class JoinJob implements ExtractRunner.Handler {
    private static final JsonFactory JSON = Json.factory();
    private static final int BATCH = 256;
    /**
     * Addresses per batch when remote sources are asked: they answer concurrently, so a batch much
     * larger than their concurrency keeps them busy while the batch's slowest answer is awaited.
     */
    private static final int REMOTE_BATCH = 4096;

    /** A row read, waiting for its batch's lookups. */
    private record Pending(List<String> cells, Found ip) {}

    private final List<Pending> pending = new ArrayList<>(BATCH);

    private final Enricher enricher;
    private final RemoteStage remote;
    private final OutputStream out;
    private final CsvWriter csv;
    private final JsonGenerator json;
    private final Map<Status, Long> byStatus = new EnumMap<>(Status.class);
    private String firstError;
    private List<String> header;
    private long rows;

    private JoinJob(Enricher enricher, RemoteStage remote, OutputStream sink, boolean jsonl) throws IOException {
        this.enricher = enricher;
        this.remote = remote;
        this.out = new BufferedOutputStream(sink, 1 << 16);
        if (jsonl) {
            csv = null;
            json = JSON.createGenerator(out);
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.setRootValueSeparator(null);
        } else {
            json = null;
            csv = CsvWriter.builder()
                    .lineDelimiter(LineDelimiter.LF)
                    .autoFlush(false)
                    .build(out, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs the join.
     *
     * @param spec inputs in a {@code csv:COLUMN} mode
     * @param enricher the databases and columns to append
     * @param remote the remote sources, or null
     * @param jsonl JSON Lines instead of CSV
     * @param sink where the rows go (not closed)
     * @param progress told how far the reading got
     * @return what was read, the rows written and their statuses
     */
    static SightingJob.Result run(
            ExtractSpec spec,
            Enricher enricher,
            RemoteStage remote,
            boolean jsonl,
            OutputStream sink,
            ProgressListener progress)
            throws IOException {
        JoinJob job = new JoinJob(enricher, remote, sink, jsonl);
        ExtractSummary s = ExtractRunner.run(spec, job, progress);
        job.flush();
        if (job.csv != null) {
            job.csv.flush();
        } else {
            job.json.flush();
        }
        job.out.flush();
        return new SightingJob.Result(s, job.rows, job.byStatus, 0, job.firstError);
    }

    @Override
    public void line(String source, long line, LineDecoder.Shape shape, LineDecoder decoder, List<Sighting> found)
            throws IOException {
        if (!(decoder instanceof CsvDecoder c)) {
            throw new IllegalArgumentException("--keep-columns needs --from csv:COLUMN");
        }
        if (shape == LineDecoder.Shape.HEADER) {
            if (header == null && !c.header().isEmpty()) {
                header = header(c.header());
                if (csv != null) {
                    csv.writeRecord(header.stream().map(CellText::csvText).toList()); // the input's names
                }
            }
            return;
        }
        pending.add(new Pending(
                new ArrayList<>(c.cells()),
                found.isEmpty() ? null : found.get(0).ip()));
        if (pending.size() == batchSize()) {
            flush();
        }
    }

    /**
     * Looks the pending rows' addresses up together (one batched tree walk; the remote sources
     * asked at once) and writes the rows in order.
     */
    private void flush() throws IOException {
        List<Found> ips = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            if (p.ip() != null) {
                ips.add(p.ip());
            }
        }
        List<IpAddress> addresses = ips.stream().map(Found::address).toList();
        List<Enrichment> found = enricher.lookupAll(addresses);
        RemoteStage.Answers answers = remote == null || addresses.isEmpty()
                ? null
                : remote.resolve(addresses, RemoteStage.networks(ips), found);
        int k = 0;
        for (Pending p : pending) {
            Enrichment e = null;
            if (p.ip() != null) {
                e = found.get(k);
                if (answers != null) {
                    remote.fill(answers, k, e.values()); // the enrichment's own array
                }
                k++;
            }
            write(p.cells(), p.ip(), e);
        }
        pending.clear();
    }

    private void write(List<String> cells, Found ip, Enrichment e) throws IOException {
        List<Object> values = new ArrayList<>(header.size());
        List<Column> columns = enricher.columns();
        for (int i = 0; i < header.size() - columns.size(); i++) {
            values.add(i < cells.size() ? cells.get(i) : null);
        }
        for (int i = 0; i < columns.size(); i++) {
            Field f = columns.get(i).field();
            if (f == Field.IP) {
                values.add(ip == null ? null : ip.text());
            } else if (f == Field.STATUS) {
                values.add(e == null ? Status.INVALID.text() : e.statusText());
            } else {
                values.add(e == null ? null : e.values()[i]); // other built-in and custom columns alike
            }
        }
        byStatus.merge(e == null ? Status.INVALID : e.status(), 1L, Long::sum);
        if (firstError == null && e != null && e.error() != null) {
            firstError = e.error();
        }
        rows++;
        write(values);
    }

    private List<String> header(List<String> original) {
        List<String> h = new ArrayList<>(original);
        for (Column c : enricher.columns()) {
            h.add(original.contains(c.name()) ? "iptriage_" + c.name() : c.name());
        }
        return h;
    }

    private void write(List<Object> values) throws IOException {
        if (csv != null) {
            List<String> cells = new ArrayList<>(values.size());
            values.forEach(v -> cells.add(CellText.csv(v)));
            csv.writeRecord(cells);
            return;
        }
        json.writeStartObject();
        for (int i = 0; i < values.size(); i++) {
            json.writeFieldName(header.get(i));
            Json.write(json, values.get(i));
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private int batchSize() {
        return remote == null ? BATCH : REMOTE_BATCH;
    }
}
