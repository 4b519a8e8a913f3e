package dev.iptriage.mmdb.csv;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.sink.Cells;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * file is read twice (types, then rows), and the rows are held in memory until written.
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

    private record Entry(byte[] first, byte[] last, BigInteger size, Map<String, Object> value) {}

    /**
     * Reads the CSV and fills a writer.
     *
     * @throws IOException if the file cannot be read or its header is unusable (no {@code network}
     *     or {@code start}/{@code end} column, duplicate or empty names, conflicting nested names)
     */
    public static Result read(Path csv, Options options) throws IOException {
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

    private static CsvReader<CsvRecord> open(Path csv) throws IOException {
        return CsvReader.builder()
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .ofCsvRecord(csv, StandardCharsets.UTF_8);
    }

    private static boolean inferPass(java.util.Iterator<CsvRecord> it, Header header, ValueType.Inference[] inf) {
        boolean v6 = false;
        while (it.hasNext()) {
            CsvRecord rec = it.next();
            for (int i = 0; i < rec.getFieldCount() && i < inf.length; i++) {
                String cell = cell(rec.getField(i));
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
        List<Entry> entries = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long[] counts = new long[2];
        try (CsvReader<CsvRecord> reader = open(csv)) {
            var it = reader.iterator();
            it.next();
            while (it.hasNext()) {
                CsvRecord rec = it.next();
                counts[0]++;
                try {
                    entries.add(entry(rec, header, types));
                } catch (IllegalArgumentException e) {
                    error(errors, counts, csv + ":" + rec.getStartingLineNumber() + ": " + e.getMessage());
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        MmdbWriter.Builder b =
                MmdbWriter.builder().databaseType(options.databaseType()).ipVersion(v6 ? 6 : 4);
        if (options.description() != null) {
            b.description("en", options.description());
        }
        MmdbWriter writer = b.build();
        // broad rows first, so the more specific ones are written over them; the sort is stable
        entries.sort(Comparator.comparing(Entry::size).reversed());
        for (Entry e : entries) {
            try {
                writer.insertRange(e.first(), e.last(), e.value());
            } catch (IllegalArgumentException ex) {
                error(
                        errors,
                        counts,
                        csv + ": " + Addresses.text(e.first()) + "-" + Addresses.text(e.last()) + ": "
                                + ex.getMessage());
            }
        }
        return new Result(writer, counts[0], counts[1], List.copyOf(errors), v6 ? 6 : 4, types);
    }

    private static Entry entry(CsvRecord rec, Header header, Map<String, ValueType> types) {
        byte[][] range = Addresses.range(rec, header);
        Map<String, Object> value = new LinkedHashMap<>();
        for (int i = 0; i < header.names().size(); i++) {
            String cell = i < rec.getFieldCount() ? cell(rec.getField(i)) : "";
            if (!header.isData(i) || cell.isEmpty()) {
                continue;
            }
            String name = header.names().get(i);
            try {
                Header.put(value, name, types.get(name).convert(cell));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "column " + name + ": '" + Addresses.clip(cell) + "': " + e.getMessage());
            }
        }
        BigInteger size = new BigInteger(1, range[1]).subtract(new BigInteger(1, range[0]));
        return new Entry(range[0], range[1], size, value);
    }

    /**
     * Undoes the spreadsheet protection that {@code db export} adds ({@link Cells#spreadsheetSafe}),
     * so an exported file builds back to the same values.
     */
    static String cell(String raw) {
        if (raw.length() > 2 && raw.charAt(0) == '\'') {
            String rest = raw.substring(1);
            if (Cells.spreadsheetSafe(rest).equals(raw)) {
                return rest;
            }
        }
        return raw;
    }

    private static void error(List<String> errors, long[] counts, String message) {
        counts[1]++;
        if (errors.size() < MAX_LISTED) {
            errors.add(message);
        }
    }
}
