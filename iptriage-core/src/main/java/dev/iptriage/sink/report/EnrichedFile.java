package dev.iptriage.sink.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.text.CellText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds a file that {@code enrich} wrote (CSV with a header, or JSON Lines) to an aggregator: the
 * values are used as they are, nothing is looked up. Columns are matched by name, the built-in ones
 * and the aggregator's sources' own (the online sources' {@code ptr}, {@code dnsbl}, {@code
 * ptr_status}, ...); other columns are not read. A record that cannot be read (wrong number of
 * cells, bad JSON, no {@code ip}) is counted as an invalid line, never dropped silently.
 *
 * <p>Entry point: {@link #feed}.
 */
public final class EnrichedFile {
    /** What {@link #feed} read: records, and how many of them could not be used. */
    public record Result(long records, long bad, String firstBad) {}

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private EnrichedFile() {}

    /** Whether a file name looks like enrich output: .csv, .jsonl or .ndjson, maybe gzipped. */
    public static boolean looksEnriched(String name) {
        return SinkFormat.fromFileName(name)
                .filter(f -> f == SinkFormat.CSV || f == SinkFormat.JSONL)
                .isPresent();
    }

    /** Reads {@code in} (CSV when {@code name} ends in .csv, else JSON Lines) into {@code into}. */
    public static Result feed(String name, InputStream in, ReportAggregator into) throws IOException {
        return SinkFormat.fromFileName(name).orElse(SinkFormat.JSONL) == SinkFormat.CSV
                ? csv(name, in, into)
                : jsonl(name, in, into);
    }

    private static Result csv(String name, InputStream in, ReportAggregator into) throws IOException {
        long records = 0;
        long bad = 0;
        String firstBad = null;
        try (CsvReader<CsvRecord> r = CsvReader.builder()
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int[] slots = null;
            int width = 0;
            for (CsvRecord rec : r) {
                if (slots == null) {
                    slots = header(name, rec.getFields(), into.columns());
                    java.util.Arrays.stream(slots).filter(i -> i >= 0).forEach(into::hasColumn);
                    width = rec.getFieldCount();
                    continue;
                }
                records++;
                if (rec.getFieldCount() != width) {
                    bad++;
                    firstBad = firstBad != null
                            ? firstBad
                            : name + ":" + rec.getStartingLineNumber() + ": " + rec.getFieldCount()
                                    + " cells, the header has " + width;
                    into.add(invalid(String.join(",", rec.getFields())));
                    continue;
                }
                try {
                    into.add(row(rec.getFields(), slots, into.fields()));
                } catch (BadValue e) {
                    bad++;
                    firstBad = firstBad != null
                            ? firstBad
                            : name + ":" + rec.getStartingLineNumber() + ": " + e.getMessage();
                    into.add(invalid(String.join(",", rec.getFields())));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return new Result(records, bad, firstBad);
    }

    /**
     * Maps header cells to the aggregator's column slots (a built-in column by any of its names, a
     * source's own such as {@code ptr} or {@code dnsbl_status} by its name; -1 for a column the report
     * does not read); the header must name ip and status.
     */
    private static int[] header(String name, List<String> cells, List<Column> columns) throws IOException {
        int[] slots = new int[cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            slots[i] = slot(cells.get(i).strip(), columns);
        }
        if (!cells.contains(Field.IP.column()) || !cells.contains(Field.STATUS.column())) {
            throw new IOException(name + ": not an enrich output (the first line must be a header with ip and"
                    + " status columns, e.g. from 'iptriage enrich -o out.csv')");
        }
        return slots;
    }

    private static int slot(String cell, List<Column> columns) {
        Field f = Field.byName(cell).orElse(null);
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (f != null ? c.field() == f : c.isCustom() && c.name().equals(cell)) {
                return i;
            }
        }
        // a built-in name the aggregator has as a source's own column (or the other way round)
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(cell)) {
                return i;
            }
        }
        return -1;
    }

    /** A cell whose value cannot be what its column holds (a count that is no whole number of 1 or more). */
    private static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    private static Row row(List<String> cells, int[] slots, List<Field> fields) throws BadValue {
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < cells.size(); i++) {
            if (slots[i] >= 0) {
                values[slots[i]] = CellText.undoSpreadsheetSafe(cells.get(i));
            }
        }
        return toRow(values, fields);
    }

    private static Row toRow(Object[] values, List<Field> fields) throws BadValue {
        String ip = text(values, fields.indexOf(Field.IP));
        String status = text(values, fields.indexOf(Field.STATUS));
        long count = 1;
        int c = fields.indexOf(Field.COUNT);
        String cell = c < 0 ? "" : text(values, c).strip();
        if (!cell.isEmpty()) {
            // an empty cell (or no count column) is one sighting; anything else must be what enrich writes
            try {
                count = cell.chars().allMatch(ch -> ch >= '0' && ch <= '9') ? Long.parseLong(cell) : 0;
            } catch (NumberFormatException e) {
                count = 0; // more digits than a long holds
            }
            if (count < 1) {
                String shown = CellText.terminalSafe(cell.length() > 40 ? cell.substring(0, 40) + "\u2026" : cell);
                throw new BadValue("count '" + shown + "': expected a whole number from 1 to " + Long.MAX_VALUE);
            }
        }
        return ip.isEmpty()
                ? invalid("(no ip)")
                : new Row(ip, status.isEmpty() ? Status.ERROR.text() : status, values, count);
    }

    private static String text(Object[] values, int i) {
        return i < 0 || values[i] == null ? "" : values[i].toString();
    }

    private static Row invalid(String text) {
        return new Row(text, Status.INVALID.text(), new Object[0], 1);
    }

    private static Result jsonl(String name, InputStream in, ReportAggregator into) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        long records = 0;
        long bad = 0;
        String firstBad = null;
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < into.columns().size(); i++) {
            slots.putIfAbsent(into.columns().get(i).name(), i);
        }
        String line;
        long number = 0;
        while ((line = r.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            records++;
            String why;
            try {
                into.add(toRow(object(line, slots, into.fields().size(), into::hasColumn), into.fields()));
                continue;
            } catch (IOException e) {
                why = "not a JSON object";
            } catch (BadValue e) {
                why = e.getMessage();
            }
            bad++;
            firstBad = firstBad != null ? firstBad : name + ":" + number + ": " + why;
            into.add(invalid(line.length() > 200 ? line.substring(0, 200) + "\u2026" : line));
        }
        return new Result(records, bad, firstBad);
    }

    /** The object or array at the parser's position, as compact JSON text. */
    private static String structure(JsonParser p) throws IOException {
        java.io.StringWriter w = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        return w.toString();
    }

    /** The values of one JSON object (scalars as text, objects and arrays of known columns as JSON). */
    private static Object[] object(
            String line, Map<String, Integer> slot, int width, java.util.function.IntConsumer seen) throws IOException {
        Object[] values = new Object[width];
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Integer i = slot.get(p.currentName());
                if (i != null) {
                    seen.accept(i);
                }
                JsonToken t = p.nextToken();
                if (t.isStructStart() && i != null) {
                    values[i] = structure(p); // a sighting column's value-to-count object
                } else if (t.isStructStart()) {
                    p.skipChildren();
                } else if (i != null && t == JsonToken.VALUE_NUMBER_FLOAT) {
                    // as the CSV has it: plain decimal (-0.0005), not the writer's -5.0E-4
                    values[i] = CellText.text(p.getDoubleValue());
                } else if (i != null && t != JsonToken.VALUE_NULL) {
                    values[i] = p.getText();
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(e.getOriginalMessage(), e);
        }
        return values;
    }
}
