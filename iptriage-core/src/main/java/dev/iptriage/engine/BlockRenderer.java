package dev.iptriage.engine;

import dev.iptriage.extract.Found;
import dev.iptriage.extract.ListParser;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

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
    // what fills a column of a row made from cells
    private static final byte RECORD = 0;
    private static final byte IP = 1;
    private static final byte STATUS = 2;
    private static final byte NETWORK = 3;
    private static final byte COUNT = 4;

    private final Enricher enricher;
    /** The remote sources, or null: then every row is rendered by {@link RowFormat#row}. */
    private final RemoteStage remote;

    private final RowFormat fmt;
    /** Rows from the records' cells, or null: every row through {@link RowFormat#row}. */
    private final CellRows cellRows;
    /** {@code fmt} when rows are made from cells ({@link #cellRows} not null), else null. */
    private final CsvCells cellFormat;

    private final CellRows.RowBytes cells;
    /** Per column: what fills it in a row from {@link #cellRows} ({@link #RECORD}, {@link #IP}, ...). */
    private final byte[] kinds;

    private final byte[][] statusCells = new byte[STATUSES.length][];
    /** No record's cells, for rows of invalid lines. */
    private final byte[][] noCells;

    private final byte[] rowEnd;
    private final int statusColumn;
    private final RowCache cache;
    private final BufferPool buffers;
    private long probes;
    private long hits;
    /** Addresses seen again within a block (the block's index finds them, not the cache). */
    private long repeats;

    private boolean caching = true;
    private final RowCache.Ref ref = new RowCache.Ref();

    // the block's distinct misses (addresses not in the cache, and invalid lines), by index
    private int misses;
    private Object[] missKey = new Object[256];
    /** The address to look up, or null for an invalid line (rendered as it is found). */
    private IpAddress[] missAddress = new IpAddress[256];

    private int[] missMeta = new int[256];
    private long[] missCount = new long[256];
    /** Where each miss's row is in {@link #missRows}, its status ordinal and error. */
    private int[] missOff = new int[256];

    private int[] missLen = new int[256];
    private byte[] missStatus = new byte[256];
    private String[] missError = new String[256];
    /** Miss index + 1 by key, open addressing; 0 is empty. */
    private int[] missTable = new int[512];

    private final Bytes missRows = new Bytes(1 << 16);
    // each row of the block: a slice of a cache arena, or (src null) the miss with index off[i]
    private byte[][] src = new byte[0][];
    private int[] off = new int[0];
    private int[] len = new int[0];
    private final IpAddress[] batch = new IpAddress[BATCH];
    private final int[] batchMiss = new int[BATCH];

    /**
     * @param cellRows rows from cells, for CSV ({@link CsvCells}); or null
     * @param cache the shared cache, or null to render every row afresh
     * @param buffers where the arrays of rendered blocks come from
     * @param remote the remote sources, whose answers fill their columns; or null
     */
    BlockRenderer(
            Enricher enricher,
            RowFormat fmt,
            CellRows cellRows,
            RowCache cache,
            BufferPool buffers,
            RemoteStage remote) {
        this.enricher = enricher;
        this.remote = remote;
        this.fmt = fmt;
        this.cache = cache;
        this.buffers = buffers;
        this.cellFormat = cellRows != null && remote == null ? new CsvCells() : null;
        this.cellRows = this.cellFormat == null ? null : cellRows;
        this.cells = this.cellRows == null ? null : this.cellRows.newRow();
        this.rowEnd = this.cellRows == null ? null : CsvCells.ROW_END;
        List<Column> columns = fmt.columns();
        this.kinds = new byte[columns.size()];
        int network = this.cellRows == null ? -1 : this.cellRows.networkColumn();
        for (int c = 0; c < kinds.length; c++) {
            Field f = columns.get(c).isCustom() ? null : columns.get(c).field();
            kinds[c] = f == Field.IP
                    ? IP
                    : f == Field.STATUS ? STATUS : f == Field.COUNT ? COUNT : c == network ? NETWORK : RECORD;
        }
        int status = 0;
        while (status < kinds.length && kinds[status] != STATUS) {
            status++;
        }
        this.statusColumn = status;
        this.noCells = new byte[kinds.length][];
    }

    /**
     * Renders {@code n} keys ({@link IpAddress}, {@link Cidr}, {@link Found} or {@link ListParser.Invalid}) with
     * their counts ({@code counts} null: a row per line, each one sighting, so a {@code count} column
     * says 1) and returns the bytes, counting statuses into {@code r}.
     */
    Bytes render(Object[] keys, long[] counts, int n, ChunkResult r) {
        try {
            startBlock(n);
            for (int i = 0; i < n; i++) {
                Object key = keys[i];
                long count = counts == null ? 1 : counts[i]; // without -u a row is one sighting
                if (key instanceof ListParser.Invalid inv) {
                    int m = addMiss(key, null, 0, count);
                    int at = missRows.size();
                    if (cellRows != null) {
                        writeInvalid(inv.text(), count, missRows);
                    } else {
                        fmt.row(new Row(inv.text(), Status.INVALID.text(), NO_VALUES, count), missRows);
                    }
                    missRendered(m, at, Status.INVALID, null);
                    off[i] = m;
                    continue;
                }
                if (key instanceof Found f) {
                    // a zone id: a row of its own (the cache and the block's index know addresses, not zones)
                    off[i] = addMiss(key, f.address(), 0, count);
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
                    off[i] = missIndex(key, a, meta, count);
                }
            }
            lookUp();
            return assemble(n, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startBlock(int n) {
        if (src.length < n) {
            src = new byte[n][];
            off = new int[n];
            len = new int[n];
        } else {
            Arrays.fill(src, 0, n, null);
        }
        int size = Integer.highestOneBit(Math.max(16, n)) * 4;
        if (missTable.length < size) {
            missTable = new int[size];
        } else {
            Arrays.fill(missTable, 0);
        }
        for (int m = 0; m < misses; m++) {
            missKey[m] = null;
            missAddress[m] = null;
            missError[m] = null;
        }
        misses = 0;
        missRows.reset();
    }

    /** The index of the miss for this key, added if it is new in the block. */
    private int missIndex(Object key, IpAddress a, int meta, long count) {
        long h = RowCache.hash(a.hi(), a.lo(), meta);
        int mask = missTable.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            int m = missTable[i] - 1;
            if (m < 0) {
                m = addMiss(key, a, meta, count);
                missTable[i] = m + 1;
                return m;
            }
            IpAddress b = missAddress[m];
            if (b.hi() == a.hi() && b.lo() == a.lo() && missMeta[m] == meta) {
                repeats++;
                return m;
            }
        }
    }

    private int addMiss(Object key, IpAddress a, int meta, long count) {
        if (misses == missKey.length) {
            int size = 2 * misses;
            missKey = Arrays.copyOf(missKey, size);
            missAddress = Arrays.copyOf(missAddress, size);
            missMeta = Arrays.copyOf(missMeta, size);
            missCount = Arrays.copyOf(missCount, size);
            missOff = Arrays.copyOf(missOff, size);
            missLen = Arrays.copyOf(missLen, size);
            missStatus = Arrays.copyOf(missStatus, size);
            missError = Arrays.copyOf(missError, size);
        }
        int m = misses++;
        missKey[m] = key;
        missAddress[m] = a;
        missMeta[m] = meta;
        missCount[m] = count;
        return m;
    }

    /** Miss {@code m}'s row is {@link #missRows} from {@code at} to its end. */
    private void missRendered(int m, int at, Status status, String error) {
        missOff[m] = at;
        missLen[m] = missRows.size() - at;
        missStatus[m] = (byte) status.ordinal();
        missError[m] = error;
    }

    /**
     * Whether to use the cache: input where addresses do not repeat only pays for it, so this
     * renderer stops probing and filling it when 20,000 probes and puts (about 10,000 lines) saw
     * no address twice, neither as a hit nor within the block, or when 200,000 saw under 2% hits.
     * (Hits alone say nothing so early: the cache is filled after each block, so the first block,
     * some 60,000 lines, has none even on log-like input.) Speed only; the output is the same
     * either way.
     */
    private boolean useCache() {
        if (cache == null || !caching) {
            return false;
        }
        probes++;
        if ((probes == 20_000 && hits + repeats == 0) || (probes == 200_000 && hits * 50 < probes)) {
            caching = false;
        }
        return caching;
    }

    /**
     * Looks the block's addresses up, {@value #BATCH} at a time, and renders their rows; with remote
     * sources, after asking them all of the block's addresses at once (they answer concurrently).
     */
    private void lookUp() throws IOException {
        if (remote != null) {
            lookUpWithRemote();
            return;
        }
        int k = 0;
        for (int m = 0; m < misses; m++) {
            if (missAddress[m] != null) {
                batch[k] = missAddress[m];
                batchMiss[k++] = m;
                if (k == BATCH) {
                    lookUp(k);
                    k = 0;
                }
            }
        }
        if (k > 0) {
            lookUp(k);
        }
    }

    /**
     * {@link #lookUp()} with remote sources: the databases' rows first, then the sources' answers to the whole block
     * at once (a source may be asked only where the databases left a column empty: it sees the rows), then the rows
     * are rendered in order.
     */
    private void lookUpWithRemote() throws IOException {
        Enrichment[] local = new Enrichment[misses];
        int k = 0;
        for (int m = 0; m <= misses; m++) {
            if (m < misses && missAddress[m] != null) {
                batch[k] = missAddress[m];
                batchMiss[k++] = m;
            }
            if (k > 0 && (k == BATCH || m == misses)) {
                Enricher.Batch found = enricher.find(batch, k);
                for (int j = 0; j < k; j++) {
                    local[batchMiss[j]] = enricher.enrichment(found, j);
                }
                k = 0;
            }
        }
        boolean[] networks = new boolean[misses];
        Object[][] rows = new Object[misses][];
        for (int m = 0; m < misses; m++) {
            networks[m] = missKey[m] instanceof Cidr;
            rows[m] = local[m] == null ? null : local[m].values();
        }
        RemoteStage.Answers answers = remote.resolve(missAddress, networks, misses, rows);
        for (int m = 0; m < misses; m++) {
            Enrichment e = local[m];
            if (e == null) {
                continue;
            }
            int at = missRows.size();
            remote.fill(answers, m, e.values()); // the row's own array: assembled for it
            fmt.row(new Row(missKey[m].toString(), e.statusText(), e.values(), missCount[m]), missRows);
            missRendered(m, at, e.status(), e.error());
        }
    }

    private void lookUp(int k) throws IOException {
        Enricher.Batch found = enricher.find(batch, k);
        Object[][] prepared = cellRows != null ? cellRows.prepare(found) : null;
        for (int j = 0; j < k; j++) {
            int m = batchMiss[j];
            int at = missRows.size();
            Status status;
            String error = null;
            if (cellRows != null && cellRows.fill(found, prepared, j, cells)) {
                status = cells.status();
                writeCells(m, found.address(j), missRows);
            } else {
                Enrichment e = enricher.enrichment(found, j);
                fmt.row(new Row(missKey[m].toString(), e.statusText(), e.values(), missCount[m]), missRows);
                status = e.status();
                error = e.error();
            }
            missRendered(m, at, status, error);
            if (status != Status.ERROR && !(missKey[m] instanceof Found) && useCache()) {
                IpAddress a = missAddress[m];
                cache.put(a.hi(), a.lo(), missMeta[m], missRows.array(), at, missLen[m], status.ordinal());
            }
        }
    }

    /**
     * The row of {@link #cells} for {@code m}: the records' cells as they are, the status cell, and
     * the address, network and count written here as ASCII, which CSV ({@link CsvCells}) writes as
     * it is ({@code unmapped}: the address the databases were asked).
     */
    private void writeCells(int m, IpAddress unmapped, Bytes out) {
        byte[] status = statusCell(cells.status());
        byte[][] ip = missKey[m] instanceof Found f ? ipCells(f.text()) : null;
        writeRow(cells.cells(), status, ip, missKey[m], unmapped, cells.networkPrefix(), missCount[m], out);
    }

    /**
     * A row of cells: {@code c}'s in the record columns, {@code status}, the ip column's cells from
     * {@code ipCells} or else {@code key} as ASCII, the network of {@code unmapped} (when {@code
     * prefix >= 0}) and {@code count}.
     */
    private void writeRow(
            byte[][] c,
            byte[] status,
            byte[][] ipCells,
            Object key,
            IpAddress unmapped,
            int prefix,
            long count,
            Bytes out) {
        int need = kinds.length + rowEnd.length;
        for (int i = 0; i < kinds.length; i++) {
            byte kind = kinds[i];
            need += kind == RECORD
                    ? (c[i] == null ? 0 : c[i].length)
                    : kind == STATUS
                            ? status.length
                            : kind == IP && ipCells != null ? ipCells[i].length : AsciiCells.MAX;
        }
        byte[] b = out.reserve(need);
        int at = out.size();
        byte delimiter = CsvCells.DELIMITER;
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                b[at++] = delimiter;
            }
            byte kind = kinds[i];
            if (kind == RECORD) {
                at = copy(c[i], b, at);
            } else if (kind == STATUS) {
                at = copy(status, b, at);
            } else if (kind == IP) {
                at = ipCells != null ? copy(ipCells[i], b, at) : AsciiCells.key(key, b, at);
            } else if (kind == COUNT) {
                at = AsciiCells.number(count, b, at);
            } else if (prefix >= 0) {
                at = AsciiCells.network(unmapped, prefix, b, at);
            }
        }
        at = copy(rowEnd, b, at);
        out.advance(at - out.size());
    }

    private byte[] statusCell(Status s) {
        byte[] cell = statusCells[s.ordinal()];
        if (cell == null) {
            cell = statusCells[s.ordinal()] = cellFormat.cell(s.text(), statusColumn);
        }
        return cell;
    }

    /**
     * An invalid line's row as cells, the same bytes as its row from {@link RowFormat#row}: the
     * line's text in the ip columns, the status and the count; the other columns empty. (Rendering
     * it by the row path made that path hot enough for the JIT compiler on inputs with a little
     * junk, for no other rows.)
     */
    private void writeInvalid(String text, long count, Bytes out) {
        writeRow(noCells, statusCell(Status.INVALID), ipCells(text), null, null, -1, count, out);
    }

    /** The ip columns' cells holding {@code text} (an invalid line, an address with a zone id). */
    private byte[][] ipCells(String text) {
        byte[][] texts = new byte[kinds.length][];
        for (int i = 0; i < kinds.length; i++) {
            texts[i] = kinds[i] == IP ? cellFormat.cell(text, i) : null;
        }
        return texts;
    }

    private static int copy(byte[] src, byte[] b, int at) {
        if (src == null) {
            return at;
        }
        if (src.length <= 16) {
            for (int k = 0; k < src.length; k++) {
                b[at + k] = src[k];
            }
        } else {
            System.arraycopy(src, 0, b, at, src.length);
        }
        return at + src.length;
    }

    /** Rows in order, with the format's separator between them, in one array from the pool. */
    private Bytes assemble(int n, ChunkResult r) {
        byte[] sep = fmt.separator();
        long total = (long) Math.max(0, n - 1) * sep.length;
        for (int i = 0; i < n; i++) {
            total += src[i] != null ? len[i] : missLen[off[i]];
        }
        Bytes out = new Bytes(buffers.take((int) Math.min(Integer.MAX_VALUE - 16, total)));
        byte[] rows = missRows.array();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(sep, 0, sep.length);
            }
            if (src[i] != null) {
                out.write(src[i], off[i], len[i]);
            } else {
                int m = off[i];
                out.write(rows, missOff[m], missLen[m]);
                r.count(STATUSES[missStatus[m]], missError[m]);
            }
        }
        return out;
    }
}
