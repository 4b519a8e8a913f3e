package dev.iptriage.pipeline;

import dev.iptriage.enrich.Enrichment;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Status;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.source.ChunkReader;
import dev.iptriage.source.Input;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an {@code enrich} job: reads the inputs in blocks of whole lines, parses and enriches the
 * blocks on worker threads, and writes the rows in input order. Each distinct address is looked up
 * and rendered once; the rendered bytes are reused for repeats (up to {@link #CACHE_LIMIT}
 * addresses, after which repeats are looked up again: slower, same output). Memory stays bounded:
 * at most {@code 2 * threads + 2} blocks are in flight.
 *
 * <p>Entry point: {@link #run}.
 */
public final class JobRunner {
    /** Most distinct addresses whose rendered rows are kept for reuse. */
    public static final int CACHE_LIMIT = 4_000_000;

    /** Most bytes of rendered rows kept for reuse. */
    public static final long CACHE_BYTES = 384L << 20;

    static final int BLOCK = 1 << 20;
    static final int MAX_LINE = 1 << 20;
    private static final int UNIQUE_BATCH = 8192;

    private final JobSpec spec;
    private final ThreadLocal<RowFormat> formats;
    private final RowCache cache = new RowCache(CACHE_LIMIT, CACHE_BYTES);
    private final RowFormat main;
    private static final Status[] STATUSES = Status.values();

    private JobRunner(JobSpec spec) {
        this.spec = spec;
        this.formats = ThreadLocal.withInitial(
                () -> spec.format().newRowFormat(spec.enricher().fields()));
        this.main = spec.format().newRowFormat(spec.enricher().fields());
    }

    /** Runs the job, writing to {@code out} (not closed), and returns what it did. */
    public static JobSummary run(JobSpec spec, OutputStream out, ProgressListener progress) throws IOException {
        return new JobRunner(spec).execute(out, progress);
    }

    private JobSummary execute(OutputStream sink, ProgressListener progress) throws IOException {
        long start = System.nanoTime();
        OutputStream out = spec.format().wrap(sink);
        Totals t = new Totals(
                progress,
                spec.inputs().stream().mapToLong(i -> Math.max(0, i.size())).sum(),
                spec.inputs().stream().anyMatch(i -> i.size() < 0));
        ExecutorService pool = Executors.newFixedThreadPool(spec.threads(), r -> {
            Thread th = new Thread(r, "iptriage-worker");
            th.setDaemon(true);
            return th;
        });
        try {
            out.write(main.header());
            ArrayDeque<Future<ChunkResult>> inflight = new ArrayDeque<>();
            for (Input input : spec.inputs()) {
                readInput(input, pool, inflight, out, t);
            }
            while (!inflight.isEmpty()) {
                t.take(await(inflight.poll()), out);
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
            ChunkReader reader = new ChunkReader(in, BLOCK, MAX_LINE);
            long before = 0;
            ChunkReader.Block b;
            while ((b = reader.next()) != null) {
                ChunkReader.Block block = b;
                long read = reader.bytesRead();
                long bytes = read - before;
                before = read;
                inflight.add(pool.submit(() -> process(block, bytes)));
                while (inflight.size() >= 2 * spec.threads() + 2) {
                    t.take(await(inflight.poll()), out);
                }
            }
        } catch (IOException e) {
            t.inputError(input.name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static ChunkResult await(Future<ChunkResult> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException("worker failed: " + e.getCause(), e.getCause());
        }
    }

    private ChunkResult process(ChunkReader.Block b, long bytes) {
        ChunkResult r = new ChunkResult(spec.unique());
        r.bytes = bytes;
        byte[] d = b.data();
        Bytes out = spec.unique() ? null : new Bytes(b.length() * 3);
        int s = 0;
        for (int i = 0; i < b.length(); i++) {
            if (d[i] != '\n') {
                continue;
            }
            Object key = b.truncated()
                    ? new LineParser.Invalid(
                            LineParser.text(d, s, i) + "\u2026", "line too long (" + b.originalLength() + " bytes)")
                    : LineParser.parse(d, s, i, spec.strict());
            s = i + 1;
            r.lines++;
            if (key instanceof LineParser.Invalid inv) {
                r.invalid(inv);
            }
            if (spec.unique()) {
                r.keys.add(key);
            } else {
                emit(key, 0, out, r);
            }
        }
        if (out != null) {
            r.output = out.array();
            r.outputLength = out.size();
        }
        return r;
    }

    /** Renders one row for {@code key} into {@code out}, counting it. */
    private void emit(Object key, long count, Bytes out, ChunkResult r) {
        RowFormat fmt = formats.get();
        if (r.rows > 0) {
            out.writeBytes(fmt.separator());
        }
        r.rows++;
        try {
            if (key instanceof LineParser.Invalid inv) {
                r.count(Status.INVALID, null);
                fmt.row(new Row(inv.text(), Status.INVALID.text(), new Object[0], count), out);
                return;
            }
            IpAddress a = key instanceof Cidr c ? c.address() : (IpAddress) key;
            int meta = (a.isV4() ? 1 : 2) | ((key instanceof Cidr c ? c.prefixLength() + 1 : 0) << 2);
            boolean reuse = count == 0 && spec.format().cacheable();
            int cached = reuse ? cache.get(a.hi(), a.lo(), meta, out) : -1;
            if (cached >= 0) {
                r.count(STATUSES[cached], null);
                return;
            }
            Enrichment e = spec.enricher().lookup(a);
            int start = out.size();
            fmt.row(new Row(key.toString(), e.statusText(), e.values(), count), out);
            r.count(e.status(), e.error());
            if (reuse && e.status() != Status.ERROR) {
                cache.put(
                        a.hi(),
                        a.lo(),
                        meta,
                        Arrays.copyOfRange(out.array(), start, out.size()),
                        e.status().ordinal());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeUnique(ExecutorService pool, OutputStream out, Totals t) throws IOException {
        List<Map.Entry<Object, long[]>> entries = new ArrayList<>(t.seen.entrySet());
        t.seen = null;
        ArrayDeque<Future<ChunkResult>> inflight = new ArrayDeque<>();
        for (int from = 0; from < entries.size(); from += UNIQUE_BATCH) {
            List<Map.Entry<Object, long[]>> batch =
                    entries.subList(from, Math.min(entries.size(), from + UNIQUE_BATCH));
            inflight.add(pool.submit(() -> {
                ChunkResult r = new ChunkResult(false);
                Bytes o = new Bytes(batch.size() * 160);
                for (Map.Entry<Object, long[]> e : batch) {
                    emit(e.getKey(), e.getValue()[0], o, r);
                }
                r.output = o.array();
                r.outputLength = o.size();
                return r;
            }));
            while (inflight.size() >= 2 * spec.threads() + 2) {
                t.write(await(inflight.poll()), out);
            }
        }
        while (!inflight.isEmpty()) {
            t.write(await(inflight.poll()), out);
        }
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

        JobSummary summary(long nanos) {
            Map<Status, Long> m = new EnumMap<>(Status.class);
            for (Status s : Status.values()) {
                m.put(s, byStatus[s.ordinal()]);
            }
            return new JobSummary(
                    lines,
                    rows,
                    m,
                    blank,
                    comments,
                    truncated,
                    overLimit,
                    bytes,
                    java.time.Duration.ofNanos(nanos),
                    firstError,
                    inputErrors);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
