package dev.iptriage.mmdb.csv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.mmdb.MmdbFormatException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes every network of a MaxMind DB as CSV or JSON Lines ({@code iptriage db export}): a {@code
 * network} column (CIDR; IPv4 networks of an IPv6 database as IPv4) and the record flattened into
 * dotted keys ({@code city.names.en}, {@code subdivisions.0.iso_code}). The columns are those of
 * every record in the database, in order of first appearance in address order, so the header does
 * not depend on the first record. CSV cells are protected against spreadsheet formulas as
 * everywhere in iptriage ({@code db build} undoes it); JSON keeps types, with bytes as hex.
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
     */
    public record Result(long networks, long records, List<String> columns) {}

    /** Exports the database to {@code out} (not closed). */
    public static Result export(MmdbReader r, Format format, OutputStream out) throws IOException {
        Set<Integer> offsets = new HashSet<>();
        List<String> keys = new ArrayList<>();
        Set<String> known = new HashSet<>();
        MmdbNetworks.walk(r, (hi, lo, prefix, v4, offset) -> {
            if (offsets.add(offset)) {
                Flattener.mergeKeys(keys, known, flatten(r, offset).keySet());
            }
        });
        List<String> columns = List.copyOf(keys);
        Map<Integer, Map<String, Object>> cache = new LinkedHashMap<>(CACHE * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Map<String, Object>> e) {
                return size() > CACHE;
            }
        };
        RowWriter w = format == Format.CSV ? new CsvRows(out, columns) : new JsonRows(out, columns);
        long n;
        try {
            n = MmdbNetworks.walk(r, (hi, lo, prefix, v4, offset) -> {
                Map<String, Object> rec = cache.get(offset);
                if (rec == null) {
                    rec = flatten(r, offset);
                    cache.put(offset, rec);
                }
                IpAddress a = v4 ? IpAddress.ofV4((int) lo) : IpAddress.ofV6(hi, lo);
                try {
                    w.row(new Cidr(a, prefix).toString(), rec);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            w.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Result(n, offsets.size(), columns);
    }

    private static Map<String, Object> flatten(MmdbReader r, int offset) throws MmdbFormatException {
        return Flattener.flatten(r.decode(offset), null);
    }

    private interface RowWriter {
        void row(String network, Map<String, Object> record) throws IOException;

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
        public void row(String network, Map<String, Object> record) {
            cells[0] = network;
            for (int i = 0; i < columns.size(); i++) {
                Object v = record.get(columns.get(i));
                cells[i + 1] = CellText.csv(v);
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
        public void row(String network, Map<String, Object> record) throws IOException {
            any = true;
            g.writeStartObject();
            g.writeStringField("network", network);
            for (String c : columns) {
                Object v = record.get(c);
                if (v != null) {
                    g.writeFieldName(c);
                    Json.write(g, v);
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
