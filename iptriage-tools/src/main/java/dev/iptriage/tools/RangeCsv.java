package dev.iptriage.tools;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the ip-location-db range CSV files: no header, one inclusive range per row as {@code
 * first,last,value...} with literal addresses (e.g. {@code 1.0.0.0,1.0.0.255,AU} or {@code
 * 1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."}). Rows must be sorted by their first address. They may
 * overlap: the country files put exceptions (a GeoFeed entry inside a whois block) after the broader
 * row, so rows are meant to apply in file order, a later row winning where it overlaps an earlier one.
 * A malformed or unsorted row stops the build with the file and line.
 */
final class RangeCsv {
    /**
     * One row.
     *
     * @param line the line number in the file (1-based)
     * @param range the addresses
     * @param values the fields after the two addresses
     * @param overlapsEarlier whether the range overlaps an earlier row's
     */
    record Row(long line, Span range, List<String> values, boolean overlapsEarlier) {}

    /** Receives the rows of one file. */
    @FunctionalInterface
    interface RowHandler {
        void accept(Row row) throws IOException;
    }

    private RangeCsv() {}

    /**
     * Reads every row of {@code csv}.
     *
     * @param csv the file (UTF-8)
     * @param bytes 4 if the file holds IPv4 ranges, 16 for IPv6
     * @param minValues how many fields each row must have after the addresses
     * @param handler called once per row, in file order
     * @return the number of rows
     * @throws IOException if the file cannot be read or a row is malformed
     */
    static long read(Path csv, int bytes, int minValues, RowHandler handler) throws IOException {
        long rows = 0;
        BigInteger previousFirst = null;
        BigInteger maxLast = null;
        try (CsvReader<CsvRecord> reader = CsvReader.builder()
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .ofCsvRecord(csv, StandardCharsets.UTF_8)) {
            for (CsvRecord rec : reader) {
                if (rec.getFieldCount() == 1 && rec.getField(0).isEmpty()) {
                    continue;
                }
                Span range = parse(csv, rec, bytes, minValues);
                if (previousFirst != null && range.first().compareTo(previousFirst) < 0) {
                    throw problem(csv, rec, "rows are not sorted by first address");
                }
                boolean overlaps = maxLast != null && range.first().compareTo(maxLast) <= 0;
                previousFirst = range.first();
                maxLast = maxLast == null || range.last().compareTo(maxLast) > 0 ? range.last() : maxLast;
                List<String> values = List.copyOf(rec.getFields().subList(2, rec.getFieldCount()));
                handler.accept(new Row(rec.getStartingLineNumber(), range, values, overlaps));
                rows++;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return rows;
    }

    private static Span parse(Path csv, CsvRecord rec, int bytes, int minValues) throws IOException {
        if (rec.getFieldCount() < 2 + minValues) {
            throw problem(csv, rec, "expected at least " + (2 + minValues) + " fields");
        }
        try {
            byte[] first = IpText.parse(rec.getField(0));
            byte[] last = IpText.parse(rec.getField(1));
            if (first.length != bytes || last.length != bytes) {
                throw new IllegalArgumentException("expected IPv" + (bytes == 4 ? 4 : 6) + " addresses");
            }
            return new Span(IpText.toNumber(first), IpText.toNumber(last));
        } catch (IllegalArgumentException e) {
            throw problem(csv, rec, e.getMessage());
        }
    }

    private static IOException problem(Path csv, CsvRecord rec, String why) {
        return new IOException(csv + ":" + rec.getStartingLineNumber() + ": " + why + ": " + rec.getFields());
    }
}
