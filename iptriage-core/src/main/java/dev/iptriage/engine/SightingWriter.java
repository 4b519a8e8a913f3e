package dev.iptriage.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.iptriage.extract.AddressSummary;
import dev.iptriage.extract.Found;
import dev.iptriage.extract.InputMode;
import dev.iptriage.extract.LineDecoder;
import dev.iptriage.extract.LineEvent;
import dev.iptriage.extract.Sighting;
import dev.iptriage.extract.SightingAggregator;
import dev.iptriage.model.Field;
import dev.iptriage.sink.Order;
import dev.iptriage.text.CellText;
import dev.iptriage.text.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes what {@code iptriage extract} found: one address per sighting, or per distinct address
 * ({@code unique}, optionally with its count), as plain text, CSV or JSON Lines. Per sighting the CSV
 * and JSON forms carry {@code source}, {@code line}, {@code ip} and the line's context; per distinct
 * address they carry the {@link SightingColumns}. Not thread-safe.
 *
 * <p>Entry point: {@link #open}; feed it to {@link ExtractRunner#run}, then call {@link #finish()}.
 */
public final class SightingWriter implements ExtractRunner.Handler {
    /** The output formats. */
    public enum Format {
        TEXT,
        CSV,
        JSONL
    }

    private static final List<String> PER_SIGHTING = List.of(
            "source",
            "line",
            "ip",
            "time",
            "role",
            "status",
            "path",
            "user_agent",
            "user",
            "login",
            "jail",
            "action",
            "repeat");
    private static final JsonFactory JSON = Json.factory();

    private final OutputStream out;
    private final Format format;
    private final boolean unique;
    private final boolean count;
    private final InputMode mode;
    private final Set<Field> modeColumns = new LinkedHashSet<>();
    private final SightingAggregator aggregator;
    private final Order order;
    private CsvWriter csv;
    private JsonGenerator json;

    private SightingWriter(
            OutputStream out, Format format, boolean unique, boolean count, InputMode mode, int max, Order order) {
        if (order.sorted() && order.key().lookedUp()) {
            throw new IllegalArgumentException("--sort " + order.key().id()
                    + " needs a lookup, which extract does not do: use enrich --unique --sort "
                    + order.key().id());
        }
        if (order.sorted() && !(unique || count)) {
            throw new IllegalArgumentException("--sort orders one entry per address: add --unique or --count");
        }
        this.order = order;
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.format = format;
        this.count = count;
        this.unique = unique || count;
        this.mode = mode;
        this.aggregator = this.unique ? new SightingAggregator(max) : null;
    }

    /**
     * A writer to {@code out} (not closed).
     *
     * @param format the format
     * @param unique one entry per distinct address, in order of first appearance
     * @param count with {@code unique}: add the count (text: {@code count<TAB>ip}); implies unique
     * @param mode the input format, which decides the context columns per distinct address
     * @param maxDistinct most distinct addresses kept
     */
    public static SightingWriter open(
            OutputStream out, Format format, boolean unique, boolean count, InputMode mode, int maxDistinct)
            throws IOException {
        return open(out, format, unique, count, mode, maxDistinct, Order.NONE);
    }

    /**
     * A writer to {@code out} (not closed) whose distinct addresses come in {@code order}.
     *
     * @param order with {@code unique} or {@code count}: the order of the addresses and how many are
     *     written; its key is not a database's ({@code asn}, {@code country}: nothing is looked up)
     * @throws IllegalArgumentException for an order without {@code unique}, or by a database's key
     * @see #open(OutputStream, Format, boolean, boolean, InputMode, int)
     */
    public static SightingWriter open(
            OutputStream out,
            Format format,
            boolean unique,
            boolean count,
            InputMode mode,
            int maxDistinct,
            Order order)
            throws IOException {
        SightingWriter w = new SightingWriter(out, format, unique, count, mode, maxDistinct, order);
        w.start();
        return w;
    }

    private void start() throws IOException {
        if (format == Format.CSV) {
            csv = CsvWriter.builder()
                    .lineDelimiter(LineDelimiter.LF)
                    .autoFlush(false)
                    .build(out, StandardCharsets.UTF_8);
            if (!unique) {
                csv.writeRecord(PER_SIGHTING);
            }
        } else if (format == Format.JSONL) {
            json = JSON.createGenerator(out);
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.setRootValueSeparator(null);
        }
    }

    @Override
    public void input(String source, InputMode inputMode) {
        modeColumns.addAll(SightingColumns.forMode(inputMode));
    }

    @Override
    public void line(String source, long line, LineDecoder.Shape shape, LineDecoder decoder, List<Sighting> found)
            throws IOException {
        for (Sighting s : found) {
            if (aggregator != null) {
                aggregator.add(s);
            } else if (format == Format.TEXT) {
                writeText(s.ip().text());
            } else {
                writeSighting(source, line, s);
            }
        }
    }

    /** {@return sightings of new addresses left out because the distinct limit was reached} */
    public long overLimit() {
        return aggregator == null ? 0 : aggregator.overLimit();
    }

    /**
     * {@return sightings whose context value was counted under {@code (other)} only, the kept values
     * having reached {@link SightingAggregator#VALUE_CHARS} characters}
     */
    public long untracked() {
        return aggregator == null ? 0 : aggregator.untracked();
    }

    /** Writes the distinct addresses (when unique) and flushes. */
    public void finish() throws IOException {
        if (aggregator != null) {
            List<Field> columns =
                    modeColumns.isEmpty() ? SightingColumns.forMode(mode) : SightingColumns.union(modeColumns);
            if (csv != null) {
                List<String> header = new ArrayList<>(List.of("ip"));
                columns.forEach(f -> header.add(f.column()));
                csv.writeRecord(header);
            }
            if (order.sorted()) {
                // a heap of N with --top N; the summaries of the addresses kept are built at the end
                RowSorter<Found> sorter = new RowSorter<>(new RowSorter.Spec(order, null));
                aggregator.forEachTally((ip, n, first, last) -> sorter.add(ip, ip, null, n, first, last));
                for (Found ip : sorter.drain()) {
                    writeSummaryUnchecked(aggregator.summary(ip), columns);
                }
            } else {
                aggregator.forEach(s -> writeSummaryUnchecked(s, columns));
            }
        }
        if (csv != null) {
            csv.flush();
        }
        if (json != null) {
            json.flush();
        }
        out.flush();
    }

    private void writeText(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private void writeSighting(String source, long line, Sighting s) throws IOException {
        LineEvent e = s.event();
        List<Object> v = new ArrayList<>(PER_SIGHTING.size());
        v.add(source);
        v.add(line);
        v.add(s.ip().text());
        v.add(e.time() == null ? null : e.time().toString());
        v.add(s.role());
        v.add(e.status() < 0 ? null : (Object) e.status());
        v.add(e.path());
        v.add(e.userAgent());
        v.add(e.user());
        v.add(e.login() == null ? null : e.login().name().toLowerCase(java.util.Locale.ROOT));
        v.add(e.jail());
        v.add(e.action() == null ? null : e.action().name().toLowerCase(java.util.Locale.ROOT));
        v.add(e.repeat() > 1 ? (Object) e.repeat() : null); // syslog's "message repeated N times"
        write(PER_SIGHTING, v);
    }

    private void writeSummaryUnchecked(AddressSummary s, List<Field> columns) {
        try {
            if (format == Format.TEXT) {
                writeText(count ? s.count() + "\t" + s.ip().text() : s.ip().text());
                return;
            }
            List<String> names = new ArrayList<>();
            List<Object> v = new ArrayList<>();
            names.add("ip");
            v.add(s.ip().text());
            for (Field f : columns) {
                names.add(f.column());
                v.add(SightingColumns.value(f, s));
            }
            write(names, v);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One CSV record or JSON object; JSON leaves out nulls. */
    private void write(List<String> names, List<Object> values) throws IOException {
        if (csv != null) {
            List<String> cells = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                cells.add(CellText.csv(values.get(i)));
            }
            csv.writeRecord(cells);
            return;
        }
        json.writeStartObject();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v != null) {
                json.writeFieldName(names.get(i));
                Json.write(json, v);
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }
}
