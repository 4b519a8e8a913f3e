package dev.iptriage.mmdb.csv;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.iptriage.input.Input;
import dev.iptriage.input.UnreadableInputException;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a MaxMind DB from a CSV file ({@code iptriage db build}).
 *
 * <p>The CSV has a header. Each row is a network, in a {@code network} column (a CIDR such as
 * {@code 10.1.0.0/16} or a single address), or a range, in {@code start} and {@code end} columns
 * (inclusive, any two addresses of one family). Every other column becomes a key of the row's
 * record; a dotted name ({@code location.site}) becomes a nested map. Empty cells are left out of
 * the record. Column types are declared ({@link Options#declared}) or inferred from every cell of
 * the column ({@link ValueType.Inference#result()}). The database is IPv6 (IPv4 rows at {@code
 * ::/96}, aliased as in MaxMind's files) when any row is IPv6, else IPv4.
 *
 * <p><b>Overlaps: the more specific row wins.</b> Where rows overlap, the one covering fewer
 * addresses wins on the overlap, whatever the row order; between rows of equal size the later row
 * wins. So {@code 10.0.0.0/8 -> corp} and {@code 10.9.0.0/16 -> lab} give {@code lab} for {@code
 * 10.9.x.x} and {@code corp} for the rest.
 *
 * <p>A bad row (bad address, host bits set, value that does not fit the type, a network inside an
 * IPv4 alias) is counted and reported with its line and left out; a bad header is an error. The
 * file is read twice (types, then rows); a sorted file without overlaps streams into the writer,
 * any other is read a third time and its rows held in memory (equal records once) to be sorted.
 */
public final class CsvToMmdb {
    /** Problems listed in a result (the count is exact). */
    public static final int MAX_LISTED = 20;

    private CsvToMmdb() {}

    /**
     * What to build.
     *
     * @param databaseType the {@code database_type} metadata
     * @param declared declared column types; other columns are inferred
     * @param description an English description, or null
     */
    public record Options(String databaseType, Map<String, ValueType> declared, String description) {
        /** Copies the map. */
        public Options {
            declared = Map.copyOf(declared);
        }
    }

    /**
     * The outcome.
     *
     * @param writer the filled writer, ready to {@link MmdbWriter#write}
     * @param rows data rows read
     * @param errorCount rows left out
     * @param errors the first {@value #MAX_LISTED} problems, as {@code file:line: what}
     * @param ipVersion 4 or 6
     * @param columns every data column and its type, in header order
     */
    public record Result(
            MmdbWriter writer,
            long rows,
            long errorCount,
            List<String> errors,
            int ipVersion,
            Map<String, ValueType> columns) {}

    /** A row: its range, the number of addresses in it minus one (128 bits), its cells. */
    private record Entry(byte[] first, byte[] last, long sizeHi, long sizeLo, Object[] values, long line) {
        /** Larger ranges first; the sizes are unsigned 128-bit numbers. */
        static final Comparator<Entry> BROADEST_FIRST = (a, b) -> {
            int c = Long.compareUnsigned(b.sizeHi(), a.sizeHi());
            return c != 0 ? c : Long.compareUnsigned(b.sizeLo(), a.sizeLo());
        };
    }

    /**
     * Reads the CSV and fills a writer.
     *
     * @throws IOException if the file cannot be read or its header is unusable (no {@code network}
     *     or {@code start}/{@code end} column, duplicate or empty names, conflicting nested names)
     */
    public static Result read(Path csv, Options options) throws IOException {
        // read two or three times: a pipe would be empty (or, a FIFO, block for ever) the second time
        if (!Files.readAttributes(csv, BasicFileAttributes.class).isRegularFile()) {
            throw new IOException(csv + ": not a regular file (a folder, pipe, socket or device): db build"
                    + " reads its input more than once; save it to a file first");
        }
        Header header;
        Map<String, ValueType> types = new LinkedHashMap<>();
        boolean v6;
        try (CsvReader<CsvRecord> reader = open(csv)) {
            var it = reader.iterator();
            if (!it.hasNext()) {
                throw new IOException(csv + ": empty file (expected a header row)");
            }
            header = Header.parse(csv, it.next().getFields(), options.declared().keySet());
            ValueType.Inference[] inference =
                    new ValueType.Inference[header.names().size()];
            for (int i = 0; i < inference.length; i++) {
                inference[i] = new ValueType.Inference();
            }
            v6 = inferPass(it, header, inference);
            for (int i = 0; i < inference.length; i++) {
                String name = header.names().get(i);
                if (header.isData(i)) {
                    types.put(name, options.declared().getOrDefault(name, inference[i].result()));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return rowsPass(csv, options, header, types, v6);
    }

    /** The CSV read as every input is: gzip or not, a byte order mark skipped, UTF-16 transcoded. */
    private static CsvReader<CsvRecord> open(Path csv) throws IOException {
        InputStream in;
        try {
            in = Input.file(csv).open();
        } catch (UnreadableInputException e) {
            throw new UnreadableInputException(csv + ": " + e.getMessage());
        }
        return CsvReader.builder()
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static boolean inferPass(java.util.Iterator<CsvRecord> it, Header header, ValueType.Inference[] inf) {
        boolean v6 = false;
        while (it.hasNext()) {
            CsvRecord rec = it.next();
            for (int i = 0; i < rec.getFieldCount() && i < inf.length; i++) {
                String cell = CellText.undoSpreadsheetSafe(rec.getField(i));
                if (header.isData(i) && !cell.isEmpty()) {
                    inf[i].see(cell);
                } else if (!header.isData(i)) {
                    v6 |= cell.indexOf(':') >= 0;
                }
            }
        }
        return v6;
    }

    private static Result rowsPass(Path csv, Options options, Header header, Map<String, ValueType> types, boolean v6)
            throws IOException {
        Result streamed = build(csv, options, header, types, v6, true);
        return streamed != null ? streamed : build(csv, options, header, types, v6, false);
    }

    /**
     * One pass over the rows. In order mode each row goes straight into the writer as long as it
     * starts after every earlier row ends (a sorted file without overlaps, as large exports are), so
     * memory holds only the tree; at the first row that does not, it returns null and the caller
     * reads again, keeping the rows (equal records stored once) to write the broad ones first.
     */
    private static Result build(
            Path csv, Options options, Header header, Map<String, ValueType> types, boolean v6, boolean inOrder)
            throws IOException {
        MmdbWriter writer = writer(options, v6);
        List<Entry> entries = new ArrayList<>();
        Map<Object, Object> canon = inOrder ? null : new HashMap<>();
        List<String> errors = new ArrayList<>();
        long[] counts = new long[2];
        BigInteger maxLast = null;
        try (CsvReader<CsvRecord> reader = open(csv)) {
            var it = reader.iterator();
            it.next();
            while (it.hasNext()) {
                CsvRecord rec = it.next();
                counts[0]++;
                Entry e;
                try {
                    e = entry(rec, header, types, canon);
                } catch (IllegalArgumentException ex) {
                    error(errors, counts, csv + ":" + rec.getStartingLineNumber() + ": " + ex.getMessage());
                    continue;
                }
                if (!inOrder) {
                    entries.add(e);
                } else if (maxLast != null && new BigInteger(1, e.first()).compareTo(maxLast) <= 0) {
                    return null;
                } else {
                    maxLast = new BigInteger(1, e.last());
                    insert(writer, e, header, csv, errors, counts);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // broad rows first, so the more specific ones are written over them; the sort is stable
        entries.sort(Entry.BROADEST_FIRST);
        for (Entry e : entries) {
            insert(writer, e, header, csv, errors, counts);
        }
        return new Result(writer, counts[0], counts[1], List.copyOf(errors), v6 ? 6 : 4, types);
    }

    private static MmdbWriter writer(Options options, boolean v6) {
        MmdbWriter.Builder b =
                MmdbWriter.builder().databaseType(options.databaseType()).ipVersion(v6 ? 6 : 4);
        if (options.description() != null) {
            b.description("en", options.description());
        }
        return b.build();
    }

    private static void insert(
            MmdbWriter writer, Entry e, Header header, Path csv, List<String> errors, long[] counts) {
        try {
            writer.insertRange(e.first(), e.last(), record(e, header));
        } catch (IllegalArgumentException ex) {
            error(errors, counts, csv + ":" + e.line() + ": " + ex.getMessage());
        }
    }

    /** Parses a row: its range and its converted cells (null where empty), shared via {@code canon}. */
    private static Entry entry(CsvRecord rec, Header header, Map<String, ValueType> types, Map<Object, Object> canon) {
        byte[][] range = Addresses.range(rec, header);
        Object[] values = new Object[header.names().size()];
        for (int i = 0; i < values.length; i++) {
            String cell = i < rec.getFieldCount() ? CellText.undoSpreadsheetSafe(rec.getField(i)) : "";
            if (!header.isData(i) || cell.isEmpty()) {
                continue;
            }
            String name = header.names().get(i);
            try {
                Object v = types.get(name).convert(cell);
                values[i] = canon == null ? v : canon.computeIfAbsent(v, x -> x);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "column " + name + ": '" + Addresses.clip(cell) + "': " + e.getMessage());
            }
        }
        BigInteger size = new BigInteger(1, range[1]).subtract(new BigInteger(1, range[0]));
        return new Entry(
                range[0],
                range[1],
                size.shiftRight(64).longValue(),
                size.longValue(),
                values,
                rec.getStartingLineNumber());
    }

    /** The record of a row: its non-empty cells, dotted names nested. */
    private static Map<String, Object> record(Entry e, Header header) {
        Map<String, Object> value = new LinkedHashMap<>();
        for (int i = 0; i < e.values().length; i++) {
            if (e.values()[i] != null) {
                Header.put(value, header.names().get(i), e.values()[i]);
            }
        }
        return value;
    }

    private static void error(List<String> errors, long[] counts, String message) {
        counts[1]++;
        if (errors.size() < MAX_LISTED) {
            errors.add(message);
        }
    }
}
