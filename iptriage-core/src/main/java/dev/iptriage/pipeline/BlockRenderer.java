package dev.iptriage.pipeline;

import dev.iptriage.enrich.Enricher;
import dev.iptriage.enrich.Enrichment;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Status;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the rows of one block of keys in order. Repeated addresses are copied from the shared
 * {@link RowCache} with one probe; the block's distinct misses are looked up together, in batches
 * of {@value #BATCH}, so the database trees are walked for many addresses at once. Not
 * thread-safe: one per worker thread.
 */
final class BlockRenderer {
    static final int BATCH = 64;
    private static final Status[] STATUSES = Status.values();
    private static final Object[] NO_VALUES = new Object[0];

    private final Enricher enricher;
    private final RowFormat fmt;
    private final RowCache cache;
    private long probes;
    private long hits;
    private boolean caching = true;

    /** @param cache the shared cache, or null to render every row afresh */
    BlockRenderer(Enricher enricher, RowFormat fmt, RowCache cache) {
        this.enricher = enricher;
        this.fmt = fmt;
        this.cache = cache;
    }

    private record Miss(Object key, IpAddress address, int meta, long count) {}

    private record Rendered(byte[] bytes, Status status, String error) {}

    /**
     * Renders {@code n} keys ({@link IpAddress}, {@link Cidr} or {@link LineParser.Invalid}) with
     * their counts ({@code counts} null: no count column) and returns the bytes, counting statuses
     * into {@code r}.
     */
    Bytes render(Object[] keys, long[] counts, int n, ChunkResult r) {
        try {
            Bytes hits = new Bytes(Math.max(256, n * 96));
            int[] start = new int[n];
            int[] end = new int[n];
            Map<Object, Integer> missIndex = new HashMap<>();
            List<Miss> misses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                start[i] = hits.size();
                Object key = keys[i];
                long count = counts == null ? 0 : counts[i];
                if (key instanceof LineParser.Invalid inv) {
                    fmt.row(new Row(inv.text(), Status.INVALID.text(), NO_VALUES, count), hits);
                    end[i] = hits.size();
                    r.count(Status.INVALID, null);
                    continue;
                }
                IpAddress a = key instanceof Cidr c ? c.address() : (IpAddress) key;
                int meta = (a.isV4() ? 1 : 2) | ((key instanceof Cidr c ? c.prefixLength() + 1 : 0) << 2);
                int status = useCache() ? cache.get(a.hi(), a.lo(), meta, hits) : -1;
                if (status >= 0) {
                    this.hits++;
                    end[i] = hits.size();
                    r.count(STATUSES[status], null);
                } else {
                    start[i] = -1;
                    Integer known = missIndex.putIfAbsent(key, misses.size());
                    end[i] = known != null ? known : misses.size();
                    if (known == null) {
                        misses.add(new Miss(key, a, meta, count));
                    }
                }
            }
            if (misses.isEmpty() && fmt.separator().length == 0) {
                return hits;
            }
            Rendered[] rendered = lookUp(misses);
            return assemble(n, start, end, hits, rendered, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether to use the cache: input where addresses do not repeat (under 2% hits after 200k
     * probes) only pays for it, so this renderer stops probing and filling it. Speed only; the
     * output is the same either way.
     */
    private boolean useCache() {
        if (cache == null || !caching) {
            return false;
        }
        if (++probes == 200_000 && hits * 50 < probes) {
            caching = false;
        }
        return caching;
    }

    private Rendered[] lookUp(List<Miss> misses) throws IOException {
        Rendered[] out = new Rendered[misses.size()];
        Bytes one = new Bytes(256);
        for (int from = 0; from < misses.size(); from += BATCH) {
            List<Miss> batch = misses.subList(from, Math.min(misses.size(), from + BATCH));
            List<Enrichment> found =
                    enricher.lookupAll(batch.stream().map(Miss::address).toList());
            for (int j = 0; j < batch.size(); j++) {
                Miss m = batch.get(j);
                Enrichment e = found.get(j);
                one.reset();
                fmt.row(new Row(m.key().toString(), e.statusText(), e.values(), m.count()), one);
                byte[] bytes = one.toByteArray();
                out[from + j] = new Rendered(bytes, e.status(), e.error());
                if (useCache() && e.status() != Status.ERROR) {
                    cache.put(
                            m.address().hi(),
                            m.address().lo(),
                            m.meta(),
                            bytes,
                            e.status().ordinal());
                }
            }
        }
        return out;
    }

    /** Rows in order: hits from the hits buffer, misses (end[i] = their index) from the lookups. */
    private Bytes assemble(int n, int[] start, int[] end, Bytes hits, Rendered[] rendered, ChunkResult r) {
        byte[] sep = fmt.separator();
        Bytes out = new Bytes(hits.size() + rendered.length * 128 + n * sep.length + 16);
        byte[] h = hits.array();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(sep, 0, sep.length);
            }
            if (start[i] >= 0) {
                out.write(h, start[i], end[i] - start[i]);
            } else {
                Rendered x = rendered[end[i]];
                out.write(x.bytes(), 0, x.bytes().length);
                r.count(x.status(), x.error());
            }
        }
        return out;
    }
}
