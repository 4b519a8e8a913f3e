package dev.iptriage.mmdb.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.iptriage.input.Input;
import dev.iptriage.input.UnreadableInputException;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        try (Source src = open(csv)) {
            var it = src.csv().iterator();
            if (!it.hasNext()) {
                throw new IOException(csv + ": empty file (expected a header row)");
            }
            CsvRecord first = it.next();
            String bad = src.text().problemIn(1, lastLine(first));
            if (bad != null) {
                throw new IOException(csv + ":1: header: " + bad);
            }
            header = Header.parse(csv, first.getFields(), options.declared().keySet());
            ValueType.Inference[] inference =
                    new ValueType.Inference[header.names().size()];
            for (int i = 0; i < inference.length; i++) {
                inference[i] = new ValueType.Inference();
            }
            v6 = inferPass(it, header, inference, src.text());
            for (int i = 0; i < inference.length; i++) {
                String name = header.names().get(i);
                if (header.isData(i)) {
                    ValueType named = header.columns().get(i).type();
                    types.put(
                            name, named != null ? named : options.declared().getOrDefault(name, inference[i].result()));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (CsvParseException e) {
            throw parseError(csv, e);
        }
        return rowsPass(csv, options, header, types, v6);
    }

    /**
     * The key path a column of {@link Result#columns()} fills, as a column name without its {@code :TYPE}
     * ({@code y:uint16} gives {@code y}; {@code subdivisions[0].iso_code} stays as it is).
     */
    public static String key(String column) {
        return ColumnName.name(ColumnName.parse(column).path(), null);
    }

    /** The parsed CSV and the decoder under it, which knows the lines holding invalid UTF-8. */
    private record Source(CsvReader<CsvRecord> csv, CheckedUtf8Reader text) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            csv.close();
        }
    }

    /**
     * The CSV read as every input is: gzip or not, a byte order mark skipped, UTF-16 transcoded.
     * Strict RFC 4180 quoting: a quote never closed, or text after a closing quote, is an error of
     * the file (the rows after it could not be told apart). The number of cells is checked per row
     * ({@link #rowProblem}), so a bad row is counted instead of ending the build.
     */
    private static Source open(Path csv) throws IOException {
        InputStream in;
        try {
            in = Input.file(csv).open();
        } catch (UnreadableInputException e) {
            throw new UnreadableInputException(csv + ": " + e.getMessage());
        }
        CheckedUtf8Reader text = new CheckedUtf8Reader(in);
        return new Source(
                CsvReader.builder()
                        .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                        .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                        .allowUnclosedQuote(false)
                        .ofCsvRecord(text),
                text);
    }

    private static final Pattern RECORD_LINE = Pattern.compile("record starting at line (\\d+)");

    /** A quoting error of the file, naming the line where the broken record (and its quote) starts. */
    private static IOException parseError(Path csv, CsvParseException e) {
        String m = String.valueOf(e.getMessage());
        Matcher line = RECORD_LINE.matcher(m);
        if (m.startsWith("Unclosed quoted field") && line.find()) {
            return new IOException(csv + ":" + line.group(1) + ": a quoted cell starting on this line is never closed"
                    + " (a '\"' without its closing '\"'; the rest of the file would have become one cell)");
        }
        if (m.startsWith("Unexpected character after closing quote") && line.find()) {
            return new IOException(csv + ":" + line.group(1) + ": text after the closing '\"' of a quoted cell"
                    + " (a quote inside a quoted cell is written twice: \"\"): " + m);
        }
        return new IOException(csv + ": " + m);
    }

    /** The last line of a record: its first, plus the line breaks inside quoted cells. */
    private static long lastLine(CsvRecord rec) {
        long line = rec.getStartingLineNumber();
        for (String f : rec.getFields()) {
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                if (c == '\n' && (i == 0 || f.charAt(i - 1) != '\r') || c == '\r') {
                    line++;
                }
            }
        }
        return line;
    }

    /** Why a row cannot be read as a row of this header (cells missing or extra, invalid UTF-8), or null. */
    private static String rowProblem(CsvRecord rec, Header header, CheckedUtf8Reader text) {
        int n = rec.getFieldCount();
        int m = header.names().size();
        if (n != m) {
            return n + (n == 1 ? " field" : " fields") + ", expected " + m
                    + " (as many as the header has; a cell holding a comma must be quoted: \"Acme, Inc\")";
        }
        return text.problemIn(rec.getStartingLineNumber(), lastLine(rec));
    }

    private static boolean inferPass(
            java.util.Iterator<CsvRecord> it, Header header, ValueType.Inference[] inf, CheckedUtf8Reader text) {
        boolean v6 = false;
        while (it.hasNext()) {
            CsvRecord rec = it.next();
            if (rowProblem(rec, header, text) != null) {
                continue; // a bad row, reported by the rows pass, must not change any column's type
            }
            try {
                v6 |= Addresses.usableIpv6(rec, header);
            } catch (IllegalArgumentException e) {
                continue; // a bad address: the rows pass reports it
            }
            for (int i = 0; i < inf.length; i++) {
                String cell = CellText.undoSpreadsheetSafe(rec.getField(i));
                if (header.isData(i) && !cell.isEmpty()) {
                    inf[i].see(cell);
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
        try (Source src = open(csv)) {
            var it = src.csv().iterator();
            it.next();
            while (it.hasNext()) {
                CsvRecord rec = it.next();
                counts[0]++;
                Entry e;
                try {
                    String problem = rowProblem(rec, header, src.text());
                    if (problem != null) {
                        throw new IllegalArgumentException(problem);
                    }
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
        } catch (CsvParseException e) {
            throw parseError(csv, e);
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
        Addresses.checkNotAliased(range, rec, header);
        Object[] values = new Object[header.names().size()];
        for (int i = 0; i < values.length; i++) {
            String cell = CellText.undoSpreadsheetSafe(rec.getField(i));
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

    /**
     * The record of a row: its non-empty cells, nested as their column names say; the column {@code
     * $} is the whole record.
     */
    private static Object record(Entry e, Header header) {
        Map<Object, Object> value = new LinkedHashMap<>();
        Object root = null;
        for (int i = 0; i < e.values().length; i++) {
            if (e.values()[i] != null) {
                List<Object> path = header.columns().get(i).path();
                if (!path.isEmpty()) {
                    Header.put(value, path, header.names().get(i), e.values()[i]);
                } else if (root == null) {
                    root = e.values()[i];
                } else {
                    throw new IllegalArgumentException("two columns give the whole record ($): fill only one");
                }
            }
        }
        if (root != null && !value.isEmpty()) {
            throw new IllegalArgumentException(
                    "the column $ gives the whole record, so the row's other data cells must be empty");
        }
        return root != null ? root : Header.finish(value);
    }

    private static void error(List<String> errors, long[] counts, String message) {
        counts[1]++;
        if (errors.size() < MAX_LISTED) {
            errors.add(message);
        }
    }
}
