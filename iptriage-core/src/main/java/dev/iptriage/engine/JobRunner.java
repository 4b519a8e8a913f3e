package dev.iptriage.engine;

import dev.iptriage.extract.Found;
import dev.iptriage.extract.ListParser;
import dev.iptriage.input.ChunkReader;
import dev.iptriage.input.Input;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Column;
import dev.iptriage.model.Status;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.sink.SinkFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs an {@code enrich} job: reads the inputs in blocks of whole lines, parses and enriches the
 * blocks on worker threads, and writes the rows in input order. Each distinct address is looked up
 * and rendered once; the rendered bytes are reused for repeats (up to {@link #CACHE_LIMIT}
 * addresses, after which repeats are looked up again: slower, same output). Memory stays bounded:
 * at most {@code 2 * threads + 2} blocks are in flight.
 *
 * <p>The list path of the {@link Engine}.
 */
final class JobRunner {
    /** Most distinct addresses whose rendered rows are kept for reuse. */
    static final int CACHE_LIMIT = 3_000_000;

    /** Most bytes of rendered rows kept for reuse. */
    static final long CACHE_BYTES = 256L << 20;

    static final int BLOCK = 1 << 20;
    static final int MAX_LINE = 1 << 20;
    private static final int UNIQUE_BATCH = 8192;

    private final JobSpec spec;
    private final ThreadLocal<BlockRenderer> renderers;
    private final ThreadLocal<BlockRenderer> uniqueRenderers;
    private final RowCache cache = new RowCache(CACHE_LIMIT, CACHE_BYTES);
    private final BufferPool outputs;
    private final BufferPool inputs;
    private final RowFormat main;

    private final boolean custom;

    private JobRunner(JobSpec spec, CellRows cellRows, Function<List<Column>, RowFormat> formats) {
        this.spec = spec;
        this.custom = formats != null;
        Function<List<Column>, RowFormat> f = custom ? formats : spec.format()::newRowFormat;
        // rows of remote answers are made afresh: the cache keeps rows by address alone
        RowCache shared = !custom && spec.format().cacheable() && spec.remote() == null ? cache : null;
        // enough arrays for every block in flight, and one being read or written
        this.outputs = new BufferPool(2 * spec.threads() + 4);
        this.inputs = new BufferPool(2 * spec.threads() + 4);
        this.main = f.apply(spec.enricher().columns());
        CellRows cells = custom || spec.remote() != null ? null : cellRows;
        RemoteStage remote = spec.remote();
        this.renderers = ThreadLocal.withInitial(() ->
                new BlockRenderer(spec.enricher(), f.apply(spec.enricher().columns()), cells, shared, outputs, remote));
        this.uniqueRenderers = ThreadLocal.withInitial(() ->
                new BlockRenderer(spec.enricher(), f.apply(spec.enricher().columns()), cells, null, outputs, remote));
    }

    /**
     * Runs the job, writing to {@code out} (not closed), and returns what it did.
     *
     * @param cellRows rows from the cells kept with the database records, for CSV output ({@link
     *     CellRows#supports}); or null
     */
    static RunSummary run(JobSpec spec, CellRows cellRows, OutputStream out, ProgressListener progress)
            throws IOException {
        if (cellRows != null && (spec.format() != SinkFormat.CSV || spec.remote() != null)) {
            throw new IllegalArgumentException("rows from cells are CSV rows without remote columns");
        }
        return new JobRunner(spec, cellRows, null).execute(out, progress);
    }

    /** Runs the job, with CSV rows from new cells ({@link Engine#newCsvRows}) where they apply. */
    static RunSummary run(JobSpec spec, OutputStream out, ProgressListener progress) throws IOException {
        boolean cells = spec.format() == SinkFormat.CSV
                && spec.enricher().columns().size() >= 2
                && spec.remote() == null
                && CellRows.supports(spec.enricher());
        return run(spec, cells ? Engine.newCsvRows(spec.enricher()) : null, out, progress);
    }

    /**
     * Runs the job with row renderers made by {@code formats} (one per worker thread, called with the
     * enricher's columns) instead of {@code spec.format()}'s, and never reuses rendered bytes: every row
     * reaches a renderer. This is how aggregating consumers (the report) see structured rows.
     */
    static RunSummary run(
            JobSpec spec, Function<List<Column>, RowFormat> formats, OutputStream out, ProgressListener progress)
            throws IOException {
        return new JobRunner(spec, null, formats).execute(out, progress);
    }

    private RunSummary execute(OutputStream sink, ProgressListener progress) throws IOException {
        long start = System.nanoTime();
        OutputStream out = custom ? sink : spec.format().wrap(sink);
        Totals t = new Totals(
                progress,
                spec.inputs().stream().mapToLong(i -> Math.max(0, i.size())).sum(),
                spec.inputs().stream().anyMatch(i -> i.size() < 0));
        ExecutorService pool = Workers.pool(spec.threads(), "iptriage-worker");
        try {
            out.write(main.header());
            ArrayDeque<Future<ChunkResult>> inflight = new ArrayDeque<>();
            for (Input input : spec.inputs()) {
                readInput(input, pool, inflight, out, t);
            }
            while (!inflight.isEmpty()) {
                t.take(Workers.await(inflight.poll()), out);
            }
            if (spec.unique()) {
                writeUnique(pool, out, t);
            }
            out.write(main.footer());
            out.flush();
            if (out != sink) {
                out.close();
            }
        } finally {
            pool.shutdownNow();
        }
        return t.summary(System.nanoTime() - start);
    }

    private void readInput(
            Input input, ExecutorService pool, ArrayDeque<Future<ChunkResult>> inflight, OutputStream out, Totals t)
            throws IOException {
        try (InputStream in = input.open()) {
            ChunkReader reader = new ChunkReader(in, BLOCK, MAX_LINE, inputs::take);
            long before = 0;
            ChunkReader.Block b;
            while ((b = reader.next()) != null) {
                ChunkReader.Block block = b;
                long read = reader.bytesRead();
                long bytes = read - before;
                before = read;
                inflight.add(pool.submit(() -> process(block, bytes)));
                while (inflight.size() >= 2 * spec.threads() + 2) {
                    take(t, Workers.await(inflight.poll()), out);
                }
            }
        } catch (OutputFailure e) {
            throw e.getCause(); // the output's problem, not the input's: the run stops
        } catch (IOException e) {
            t.inputError(input.name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** Takes a block's result; a failure to write it is told apart from the input's read errors. */
    private static void take(Totals t, ChunkResult r, OutputStream out) throws OutputFailure {
        try {
            t.take(r, out);
        } catch (IOException e) {
            throw new OutputFailure(e);
        }
    }

    private ChunkResult process(ChunkReader.Block b, long bytes) {
        ChunkResult r = new ChunkResult(spec.unique());
        r.bytes = bytes;
        byte[] d = b.data();
        Object[] keys = new Object[b.lines()];
        int n = 0;
        int s = 0;
        for (int i = 0; i < b.length(); i++) {
            if (d[i] != '\n') {
                continue;
            }
            Object key = b.truncated()
                    ? new ListParser.Invalid(
                            ListParser.text(d, s, i) + "\u2026",
                            "line too long (" + b.originalLength() + " bytes)",
                            ListParser.Kind.TOO_LONG)
                    : ListParser.parse(d, s, i, spec.strict(), spec.keepMapped());
            s = i + 1;
            if (key instanceof ListParser.Invalid inv) {
                r.invalid(inv);
            }
            keys[n++] = key;
        }
        r.lines = n;
        if (!b.truncated()) {
            inputs.give(d); // the keys hold no reference to it (a truncated block's is a small copy)
        }
        if (spec.unique()) {
            // blank and comment lines are not addresses: counted (r.blank, r.comments), not rows; any
            // other invalid line is a row of its own text, so it is never dropped silently
            for (int i = 0; i < n; i++) {
                if (!(keys[i] instanceof ListParser.Invalid inv)
                        || (inv.kind() != ListParser.Kind.BLANK && inv.kind() != ListParser.Kind.COMMENT)) {
                    r.keys.add(keys[i]);
                }
            }
            return r;
        }
        Bytes out = renderers.get().render(keys, null, n, r);
        r.rows = n;
        r.output = out.array();
        r.outputLength = out.size();
        return r;
    }

    private void writeUnique(ExecutorService pool, OutputStream out, Totals t) throws IOException {
        List<Map.Entry<Object, long[]>> entries;
        if (spec.order().sorted()) {
            // ranked before any is rendered: with --top N a heap of N, so only those rows are looked up
            RowSorter<Map.Entry<Object, long[]>> sorter = new RowSorter<>(spec.order());
            for (Map.Entry<Object, long[]> e : t.seen.entrySet()) {
                Object k = e.getKey();
                Found ip = found(k);
                sorter.add(e, ip, ip == null ? ((ListParser.Invalid) k).text() : null, e.getValue()[0], null, null);
            }
            t.seen = null;
            entries = sorter.drain();
        } else {
            entries = new ArrayList<>(t.seen.entrySet());
            t.seen = null;
        }
        ArrayDeque<Future<ChunkResult>> inflight = new ArrayDeque<>();
        for (int from = 0; from < entries.size(); from += UNIQUE_BATCH) {
            List<Map.Entry<Object, long[]>> batch =
                    entries.subList(from, Math.min(entries.size(), from + UNIQUE_BATCH));
            inflight.add(pool.submit(() -> {
                ChunkResult r = new ChunkResult(false);
                Object[] keys = new Object[batch.size()];
                long[] counts = new long[batch.size()];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = batch.get(i).getKey();
                    counts[i] = batch.get(i).getValue()[0];
                }
                Bytes o = uniqueRenderers.get().render(keys, counts, keys.length, r);
                r.rows = keys.length;
                r.output = o.array();
                r.outputLength = o.size();
                return r;
            }));
            while (inflight.size() >= 2 * spec.threads() + 2) {
                t.write(Workers.await(inflight.poll()), out);
            }
        }
        while (!inflight.isEmpty()) {
            t.write(Workers.await(inflight.poll()), out);
        }
    }

    /** The address of a distinct key of the list path, or null for an invalid line. */
    private static Found found(Object key) {
        return switch (key) {
            case IpAddress a -> new Found(a, null);
            case Cidr c -> new Found(c.address(), null, c.prefixLength());
            case Found f -> f;
            default -> null;
        };
    }

    /** Totals kept by the writing thread. */
    private final class Totals {
        private final ProgressListener progress;
        private final long totalBytes;
        private final long[] byStatus = new long[Status.values().length];
        private final List<String> inputErrors = new ArrayList<>();
        LinkedHashMap<Object, long[]> seen;
        private long lines;
        private long rows;
        private long bytes;
        private long blank;
        private long comments;
        private long truncated;
        private long overLimit;
        private String firstError;

        Totals(ProgressListener progress, long totalBytes, boolean unknownSize) {
            this.progress = progress;
            this.totalBytes = unknownSize ? -1 : totalBytes;
            this.seen = spec.unique() ? new LinkedHashMap<>() : null;
        }

        void take(ChunkResult r, OutputStream out) throws IOException {
            lines += r.lines;
            bytes += r.bytes;
            blank += r.blank;
            comments += r.comments;
            truncated += r.truncated;
            if (spec.unique()) {
                for (Object k : r.keys) {
                    long[] c = seen.get(k);
                    if (c != null) {
                        c[0]++;
                    } else if (seen.size() < spec.maxDistinct()) {
                        seen.put(k, new long[] {1});
                    } else {
                        overLimit++;
                    }
                }
            } else {
                write(r, out);
            }
            progress.progress(bytes, totalBytes, lines);
        }

        void write(ChunkResult r, OutputStream out) throws IOException {
            if (r.rows > 0 && rows > 0) {
                out.write(main.separator());
            }
            out.write(r.output, 0, r.outputLength);
            if (r.output.length > 0) {
                outputs.give(r.output);
                r.output = new byte[0];
            }
            rows += r.rows;
            for (int i = 0; i < byStatus.length; i++) {
                byStatus[i] += r.byStatus[i];
            }
            if (firstError == null) {
                firstError = r.firstError;
            }
        }

        void inputError(String message) {
            inputErrors.add(message);
        }

        RunSummary summary(long nanos) {
            Map<Status, Long> m = new EnumMap<>(Status.class);
            for (Status s : Status.values()) {
                m.put(s, byStatus[s.ordinal()]);
            }
            return new RunSummary(
                    lines,
                    rows,
                    m,
                    blank,
                    comments,
                    truncated,
                    overLimit,
                    0,
                    bytes,
                    java.time.Duration.ofNanos(nanos),
                    firstError,
                    inputErrors,
                    spec.unique(),
                    null,
                    List.of()); // the engine adds the remote sources' counts
        }
    }
}
