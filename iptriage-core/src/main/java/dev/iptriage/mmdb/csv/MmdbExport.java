package dev.iptriage.mmdb.csv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.mmdb.MmdbNetworks;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.text.CellText;
import dev.iptriage.text.Flattener;
import dev.iptriage.text.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes every network of a MaxMind DB as CSV or JSON Lines ({@code iptriage db export}): a {@code
 * network} column (CIDR; IPv4 networks of an IPv6 database as IPv4) and one column per value of the
 * records, named as {@link ColumnName} says ({@code city.names.en}, {@code subdivisions[0].iso_code},
 * a hostile key such as {@code network} quoted as {@code "network"}), with {@code :TYPE} where {@code
 * db build} would infer another type from the cells ({@code location.accuracy_radius:uint16}), so
 * {@code db build} stores the same values with the same types again. A path holding values of
 * several types in different records gets one column per type. The columns are those of every
 * record in the database, in order of first appearance in address order, so the header does not
 * depend on the first record. CSV cells are protected against spreadsheet formulas as everywhere
 * in iptriage ({@code db build} undoes it); JSON keeps types, with bytes as hex.
 *
 * <p>Two walks over the tree: one collecting the columns from each distinct record, one writing.
 * Memory holds the set of distinct record offsets and a bounded cache of flattened records.
 */
public final class MmdbExport {
    private static final int CACHE = 10_000;

    private MmdbExport() {}

    /** Output format. */
    public enum Format {
        /** CSV with a header. */
        CSV,
        /** One JSON object per line. */
        JSONL
    }

    /**
     * The outcome.
     *
     * @param networks rows written
     * @param records distinct data records
     * @param columns the header after {@code network}
     * @param emptyValues empty strings, maps and arrays in the distinct records: written as empty
     *     cells (CSV) or left out (JSON Lines), so {@code db build} does not store them again
     */
    public record Result(long networks, long records, List<String> columns, long emptyValues) {}

    /** A value of a record and where it sits. */
    private record Leaf(String pathName, ValueType type, Object value) {}

    /** Exports the database to {@code out} (not closed). */
    public static Result export(MmdbReader r, Format format, OutputStream out) throws IOException {
        Set<Integer> offsets = new HashSet<>();
        List<String> paths = new ArrayList<>();
        Set<String> known = new HashSet<>();
        // per path, its types in order of appearance, each with the inference db build would make
        Map<String, Map<ValueType, ValueType.Inference>> types = new HashMap<>();
        long[] empty = new long[1];
        MmdbNetworks.walk(r, (hi, lo, prefix, v4, offset) -> {
            if (offsets.add(offset)) {
                List<Leaf> leaves = leaves(r.decodeTyped(offset), empty);
                Set<String> names = new LinkedHashSet<>();
                for (Leaf l : leaves) {
                    names.add(l.pathName());
                    ValueType.Inference inf = types.computeIfAbsent(l.pathName(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(l.type(), k -> new ValueType.Inference());
                    String text = ValueType.text(l.value());
                    if (!text.isEmpty()) {
                        inf.see(text);
                    }
                }
                Flattener.mergeKeys(paths, known, names);
            }
        });
        // a column per path and type; its name says the type where db build would infer another one
        List<String> columns = new ArrayList<>();
        Map<String, Map<ValueType, Integer>> slots = new HashMap<>();
        for (String p : paths) {
            Map<ValueType, ValueType.Inference> byType = types.get(p);
            for (var e : byType.entrySet()) {
                boolean plain = byType.size() == 1 && e.getValue().result() == e.getKey();
                slots.computeIfAbsent(p, k -> new HashMap<>()).put(e.getKey(), columns.size());
                columns.add(plain ? p : p + ":" + e.getKey().label());
            }
        }
        Map<Integer, Object[]> cache = new LinkedHashMap<>(CACHE * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Object[]> e) {
                return size() > CACHE;
            }
        };
        RowWriter w = format == Format.CSV ? new CsvRows(out, columns) : new JsonRows(out, columns);
        long n;
        try {
            n = MmdbNetworks.walk(r, (hi, lo, prefix, v4, offset) -> {
                Object[] row = cache.get(offset);
                if (row == null) {
                    row = new Object[columns.size()];
                    for (Leaf l : leaves(r.decodeTyped(offset), new long[1])) {
                        row[slots.get(l.pathName()).get(l.type())] = l.value();
                    }
                    cache.put(offset, row);
                }
                IpAddress a = v4 ? IpAddress.ofV4((int) lo) : IpAddress.ofV6(hi, lo);
                try {
                    w.row(new Cidr(a, prefix).toString(), row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            w.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Result(n, offsets.size(), List.copyOf(columns), empty[0]);
    }

    /** The scalar values of a record, in record order; empty strings, maps and arrays are counted, not listed. */
    private static List<Leaf> leaves(Object record, long[] empty) {
        List<Leaf> out = new ArrayList<>();
        walk(new ArrayList<>(), record, out, empty);
        return out;
    }

    private static void walk(List<Object> path, Object v, List<Leaf> out, long[] empty) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                empty[0]++;
            }
            m.forEach((k, x) -> {
                path.add(k);
                walk(path, x, out, empty);
                path.removeLast();
            });
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                empty[0]++;
            }
            for (int i = 0; i < l.size(); i++) {
                path.add(i);
                walk(path, l.get(i), out, empty);
                path.removeLast();
            }
        } else if ("".equals(v) || v instanceof byte[] b && b.length == 0) {
            empty[0]++;
        } else {
            out.add(new Leaf(ColumnName.name(path, null), ValueType.of(v), v));
        }
    }

    private interface RowWriter {
        void row(String network, Object[] values) throws IOException;

        void finish() throws IOException;
    }

    private static final class CsvRows implements RowWriter {
        private final CsvWriter csv;
        private final List<String> columns;
        private final String[] cells;

        CsvRows(OutputStream out, List<String> columns) throws IOException {
            this.csv = CsvWriter.builder()
                    .lineDelimiter(LineDelimiter.LF)
                    .autoFlush(false)
                    .build(new NonClosing(out), StandardCharsets.UTF_8);
            this.columns = columns;
            this.cells = new String[columns.size() + 1];
            cells[0] = "network";
            for (int i = 0; i < columns.size(); i++) {
                cells[i + 1] = CellText.csvText(columns.get(i));
            }
            csv.writeRecord(cells);
        }

        @Override
        public void row(String network, Object[] values) {
            cells[0] = network;
            for (int i = 0; i < columns.size(); i++) {
                Object v = values[i];
                cells[i + 1] = v == null ? "" : CellText.csvText(ValueType.text(v));
            }
            csv.writeRecord(cells);
        }

        @Override
        public void finish() throws IOException {
            csv.flush();
        }
    }

    private static final class JsonRows implements RowWriter {
        private static final JsonFactory FACTORY = Json.factory();
        private final JsonGenerator g;
        private final List<String> columns;
        private boolean any;

        JsonRows(OutputStream out, List<String> columns) throws IOException {
            this.g = FACTORY.createGenerator(new NonClosing(out));
            g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            this.columns = columns;
        }

        @Override
        public void row(String network, Object[] values) throws IOException {
            any = true;
            g.writeStartObject();
            g.writeStringField("network", network);
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v != null) {
                    g.writeFieldName(columns.get(i));
                    Json.write(g, ValueType.plain(v));
                }
            }
            g.writeEndObject();
        }

        @Override
        public void finish() throws IOException {
            if (any) {
                g.writeRaw('\n');
            }
            g.flush();
        }
    }

    /** Lets the writers flush into a stream the caller closes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
