package dev.iptriage.pipeline;

import dev.iptriage.enrich.CellRows;
import dev.iptriage.enrich.Enricher;
import dev.iptriage.enrich.Enrichment;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.sink.CellRowFormat;
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
    /** Rows from the records' cells, or null: every row through {@link RowFormat#row}. */
    private final CellRows cellRows;

    private final CellRows.Cells cells;
    /** Per column: what fills it in a row from {@link #cellRows} (one of the {@code CELL} kinds). */
    private final byte[] kinds;

    private final byte[][] statusCells = new byte[STATUSES.length][];
    private final byte[] rowEnd;
    private final AsciiCells ascii = new AsciiCells();
    private static final byte RECORD = 0;
    private static final byte IP = 1;
    private static final byte STATUS = 2;
    private static final byte NETWORK = 3;
    private static final byte COUNT = 4;
    private final RowCache cache;
    private final BufferPool buffers;
    private long probes;
    private long hits;
    private boolean caching = true;
    private final RowCache.Ref ref = new RowCache.Ref();

    /**
     * @param cellRows rows from cells, for a {@link CellRowFormat} {@code fmt}; or null
     * @param cache the shared cache, or null to render every row afresh
     * @param buffers where the arrays of rendered blocks come from
     */
    BlockRenderer(Enricher enricher, RowFormat fmt, CellRows cellRows, RowCache cache, BufferPool buffers) {
        this.enricher = enricher;
        this.fmt = fmt;
        this.cache = cache;
        this.buffers = buffers;
        this.cellRows = fmt instanceof CellRowFormat ? cellRows : null;
        this.cells = this.cellRows == null ? null : this.cellRows.newCells();
        this.rowEnd = this.cellRows == null ? null : ((CellRowFormat) fmt).rowEnd();
        List<Column> columns = fmt.columns();
        this.kinds = new byte[columns.size()];
        for (int c = 0; c < kinds.length; c++) {
            Field f = columns.get(c).isCustom() ? null : columns.get(c).field();
            kinds[c] = f == Field.IP
                    ? IP
                    : f == Field.STATUS ? STATUS : f == Field.NETWORK ? NETWORK : f == Field.COUNT ? COUNT : RECORD;
        }
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
            // each row is a slice: of a cache arena, of an own array (invalid lines), or (src null)
            // the miss with index off[i]; the slices are copied once, into an exact-size result
            byte[][] src = new byte[n][];
            int[] off = new int[n];
            int[] len = new int[n];
            Map<Object, Integer> missIndex = new HashMap<>();
            List<Miss> misses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Object key = keys[i];
                long count = counts == null ? 0 : counts[i];
                if (key instanceof LineParser.Invalid inv) {
                    Bytes one = new Bytes(64 + inv.text().length());
                    fmt.row(new Row(inv.text(), Status.INVALID.text(), NO_VALUES, count), one);
                    src[i] = one.array();
                    len[i] = one.size();
                    r.count(Status.INVALID, null);
                    continue;
                }
                IpAddress a = key instanceof Cidr c ? c.address() : (IpAddress) key;
                int meta = (a.isV4() ? 1 : 2) | ((key instanceof Cidr c ? c.prefixLength() + 1 : 0) << 2);
                int status = useCache() ? cache.find(a.hi(), a.lo(), meta, ref) : -1;
                if (status >= 0) {
                    this.hits++;
                    src[i] = ref.arena;
                    off[i] = ref.offset;
                    len[i] = ref.length;
                    r.count(STATUSES[status], null);
                } else {
                    Integer known = missIndex.putIfAbsent(key, misses.size());
                    off[i] = known != null ? known : misses.size();
                    if (known == null) {
                        misses.add(new Miss(key, a, meta, count));
                    }
                }
            }
            Rendered[] rendered = lookUp(misses);
            return assemble(n, src, off, len, rendered, r);
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
            Enricher.Found found =
                    enricher.find(batch.stream().map(Miss::address).toList());
            for (int j = 0; j < batch.size(); j++) {
                Miss m = batch.get(j);
                one.reset();
                Status status;
                String error = null;
                if (cellRows != null && cellRows.fill(found, j, cells)) {
                    status = cells.status();
                    writeCells(m, found.address(j), (CellRowFormat) fmt, one);
                } else {
                    Enrichment e = enricher.enrichment(found, j);
                    fmt.row(new Row(m.key().toString(), e.statusText(), e.values(), m.count()), one);
                    status = e.status();
                    error = e.error();
                }
                byte[] bytes = one.toByteArray();
                out[from + j] = new Rendered(bytes, status, error);
                if (useCache() && status != Status.ERROR) {
                    cache.put(m.address().hi(), m.address().lo(), m.meta(), bytes, status.ordinal());
                }
            }
        }
        return out;
    }

    /**
     * The row of {@link #cells} for {@code m}: the records' cells as they are, the address, status,
     * network and count written here ({@code unmapped}: the address the databases were asked).
     */
    private void writeCells(Miss m, IpAddress unmapped, CellRowFormat f, Bytes out) {
        byte[][] c = cells.cells();
        boolean plain = f.plainAddresses();
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                out.write(f.delimiter());
            }
            byte kind = kinds[i];
            if (kind == RECORD) {
                if (c[i] != null) {
                    out.write(c[i], 0, c[i].length);
                }
            } else if (kind == STATUS) {
                int s = cells.status().ordinal();
                if (statusCells[s] == null) {
                    statusCells[s] = f.cell(cells.status().text(), i);
                }
                out.write(statusCells[s], 0, statusCells[s].length);
            } else if (!plain) {
                Object v = kind == IP
                        ? m.key().toString()
                        : kind == COUNT
                                ? (Object) m.count()
                                : cells.networkPrefix() < 0 ? null : Cidr.of(unmapped, cells.networkPrefix());
                byte[] b = v == null ? new byte[0] : f.cell(v, i);
                out.write(b, 0, b.length);
            } else if (kind == IP) {
                ascii.key(m.key(), out);
            } else if (kind == COUNT) {
                ascii.number(m.count(), out);
            } else if (cells.networkPrefix() >= 0) {
                ascii.network(unmapped, cells.networkPrefix(), out);
            }
        }
        out.write(rowEnd, 0, rowEnd.length);
    }

    /** Rows in order, with the format's separator between them, in one array from the pool. */
    private Bytes assemble(int n, byte[][] src, int[] off, int[] len, Rendered[] rendered, ChunkResult r) {
        byte[] sep = fmt.separator();
        long total = (long) Math.max(0, n - 1) * sep.length;
        for (int i = 0; i < n; i++) {
            total += src[i] != null ? len[i] : rendered[off[i]].bytes().length;
        }
        Bytes out = new Bytes(buffers.take((int) Math.min(Integer.MAX_VALUE - 16, total)));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(sep, 0, sep.length);
            }
            if (src[i] != null) {
                out.write(src[i], off[i], len[i]);
            } else {
                Rendered x = rendered[off[i]];
                out.write(x.bytes(), 0, x.bytes().length);
                r.count(x.status(), x.error());
            }
        }
        return out;
    }
}
