package dev.iptriage.engine;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.model.Status;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * An {@link Enricher}'s rows as cells of bytes, for output formats that join cells (CSV): each
 * database record's values are encoded once, kept with the record, and every address that leads to
 * it reuses them; the per-address parts (status, network prefix, class, version) are given apart.
 * The cells are exactly what encoding {@link Enricher#enrichment}'s values would give. Thread-safe
 * (each thread fills its own {@link RowBytes}); the {@link Engine} makes one per enricher for CSV and keeps it:
 * the records remember the first one's cells.
 */
final class CellRows {
    /** Encodes a value (never {@code null}) as the bytes of a cell in a column. */
    @FunctionalInterface
    interface Encoder {
        byte[] encode(Object value, int column);
    }

    private static final String[] PRECISIONS = {"city", "subdivision", "country"};
    private static final IpClass[] CLASSES = IpClass.values();

    private final Enricher enricher;
    private final Encoder encoder;
    private final byte[][] classCells;
    private final byte[] v4Cell;
    private final byte[] v6Cell;
    private final byte[][] precisionCells;
    /** Per database: how its records become cells (made once: a lambda per call would cost an object). */
    private final List<Function<Object[], byte[][]>> encoders;

    /**
     * Rows of {@code enricher}'s columns with cells from {@code encoder}.
     *
     * @throws IllegalArgumentException if the enricher gives whole records ({@code raw}), which are
     *     rendered per address; see {@link #supports}
     */
    CellRows(Enricher enricher, Encoder encoder) {
        if (!supports(enricher)) {
            throw new IllegalArgumentException("raw records are not rendered as cells");
        }
        this.enricher = enricher;
        this.encoder = encoder;
        int version = enricher.versionSlot;
        this.v4Cell = version < 0 ? null : encoder.encode(4, version);
        this.v6Cell = version < 0 ? null : encoder.encode(6, version);
        int cls = enricher.classSlot;
        this.classCells = new byte[CLASSES.length][];
        for (int k = 0; cls >= 0 && k < CLASSES.length; k++) {
            classCells[k] = encoder.encode(CLASSES[k].label(), cls);
        }
        this.encoders = enricher.sources.stream()
                .map(b -> (Function<Object[], byte[][]>) v -> encode(b, v))
                .toList();
        int precision = enricher.precisionSlot;
        this.precisionCells = new byte[PRECISIONS.length][];
        for (int k = 0; precision >= 0 && k < PRECISIONS.length; k++) {
            precisionCells[k] = encoder.encode(PRECISIONS[k], precision);
        }
    }

    /** Whether {@code enricher}'s rows can be made of cells (not when it gives whole records). */
    static boolean supports(Enricher enricher) {
        return !enricher.raw && enricher.sourceSlot < 0; // the source column is made per row
    }

    /** A row's cells, filled by {@link #fill}; one per thread, reused row after row. */
    static final class RowBytes {
        private final byte[][] cells;
        private Status status;
        private int prefix;

        private RowBytes(int columns) {
            this.cells = new byte[columns][];
        }

        /**
         * The bytes of each column's cell, {@code null} for an empty one. The columns of the ip,
         * status, network and count fields are left to the caller: see {@link #status()} and {@link
         * #networkPrefix()}.
         */
        public byte[][] cells() {
            return cells;
        }

        /** The row's status (never {@link Status#ERROR}: such rows are not filled). */
        public Status status() {
            return status;
        }

        /**
         * The prefix length of the network column's network (of the address, unmapped), or -1 when
         * no database has one.
         */
        public int networkPrefix() {
            return prefix;
        }
    }

    /**
     * The column that has the network ({@link RowBytes#networkPrefix}), or -1: the first network
     * column, as in the enricher's values (a second one stays empty).
     */
    int networkColumn() {
        return enricher.networkSlot;
    }

    /** A row to fill. */
    RowBytes newRow() {
        return new RowBytes(enricher.columns.size());
    }

    /**
     * Looks up, for every address of {@code found}, the cells its records already keep, before any
     * row is filled. These lookups are independent of each other, so the processor overlaps their
     * cache misses (the record cache and the records are large and reached at random), where
     * filling row after row waits for each in turn. Optional: {@link #fill} looks up what this did
     * not find.
     *
     * @return per database, per address: the cells kept, or null; then per address the lists' answer (or null);
     *     for {@link #fill}
     */
    Object[][] prepare(Enricher.Batch found) {
        int n = found.size();
        List<Enricher.Bound> sources = enricher.sources;
        Object[][] kept = new Object[sources.size() + 1][];
        for (int s = 0; s < sources.size(); s++) {
            MmdbSource source = sources.get(s).source();
            Object[] k = kept[s] = new Object[n];
            for (int i = 0; i < n; i++) {
                k[i] = source.cachedDerived(found.result(s, i), this);
            }
        }
        if (enricher.tagSlots != null) { // the lists' answers, last
            Object[] k = kept[sources.size()] = new Object[n];
            for (int i = 0; i < n; i++) {
                k[i] = enricher.tagSlots.ahead(found.address(i));
            }
        }
        return kept;
    }

    /**
     * Fills {@code row} with address {@code i} of {@code found} ({@code prepared}: what {@link
     * #prepare} found, or null). Returns false, leaving {@code row}
     * undefined, when a database could not answer or its record could not be decoded: that row
     * needs {@link Enricher#enrichment}, which reports the error.
     */
    boolean fill(Enricher.Batch found, Object[][] prepared, int i, RowBytes row) {
        byte[][] out = row.cells;
        Arrays.fill(out, null);
        List<Enricher.Bound> sources = enricher.sources;
        boolean any = false;
        int prefix = -1;
        byte[] precision = null;
        for (int s = 0; s < sources.size(); s++) {
            if (found.failed(s, i)) {
                return false;
            }
            long r = found.result(s, i);
            if (!MmdbReader.found(r)) {
                continue;
            }
            any = true;
            Enricher.Bound b = sources.get(s);
            byte[][] c = prepared != null ? (byte[][]) prepared[s][i] : null;
            try {
                if (c == null) {
                    c = b.source().derived(r, this, encoders.get(s));
                }
            } catch (MmdbFormatException e) {
                return false;
            }
            int[] targets = b.targets();
            for (int j = 0; j < targets.length; j++) {
                int t = targets[j];
                if (t >= 0 && out[t] == null && c[j] != null) {
                    out[t] = c[j];
                }
            }
            if (precision == null) {
                precision = c[targets.length];
            }
            if (prefix < 0 || s == enricher.networkSource) { // as Enricher.assemble
                prefix = MmdbReader.prefix(r);
            }
        }
        IpAddress a = found.address(i);
        IpClass cls = IpClass.of(a);
        if (enricher.precisionSlot >= 0) {
            out[enricher.precisionSlot] = precision;
        }
        if (enricher.versionSlot >= 0) {
            out[enricher.versionSlot] = a.isV4() ? v4Cell : v6Cell;
        }
        if (enricher.classSlot >= 0) {
            out[enricher.classSlot] = classCells[cls.ordinal()];
        }
        if (enricher.tagSlots != null) {
            Object[] ahead = prepared != null ? prepared[sources.size()] : null;
            enricher.tagSlots.fillCells(a, out, encoder, ahead == null ? null : ahead[i]);
        }
        row.status = Enricher.classify(IpClass.statusOf(a, cls), any);
        row.prefix = prefix;
        return true;
    }

    /** A record's cells by value slot, then its location-precision cell (or null). */
    private byte[][] encode(Enricher.Bound b, Object[] v) {
        int[] targets = b.targets();
        byte[][] c = new byte[targets.length + 1][];
        for (int j = 0; j < targets.length; j++) {
            if (targets[j] >= 0 && v[j] != null) {
                c[j] = encoder.encode(v[j], targets[j]);
            }
        }
        if (enricher.precisionSlot >= 0) {
            String p = Enricher.precision(b, v);
            if (p != null) {
                c[targets.length] = precisionCells[Arrays.asList(PRECISIONS).indexOf(p)];
            }
        }
        return c;
    }
}
