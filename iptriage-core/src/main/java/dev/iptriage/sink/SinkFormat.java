package dev.iptriage.sink;

import dev.iptriage.model.Column;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The output formats of {@code enrich}. */
public enum SinkFormat {
    CSV("csv"),
    JSONL("jsonl"),
    JSON("json"),
    TABLE("table");

    private final String name;

    SinkFormat(String name) {
        this.name = name;
    }

    /** The format's name on the command line. */
    public String formatName() {
        return name;
    }

    /** A new, single-thread row renderer for these columns. */
    public RowFormat newRowFormat(List<Column> fields) {
        return switch (this) {
            case CSV -> new CsvRowFormat(fields);
            case JSONL -> new JsonRowFormat(fields, false);
            case JSON -> new JsonRowFormat(fields, true);
            case TABLE -> new TableRowFormat(fields);
        };
    }

    /** Wraps the destination where the format needs a final pass (table alignment). */
    public OutputStream wrap(OutputStream out) {
        return this == TABLE ? new TableAligner(out) : out;
    }

    /** Whether a row's bytes may be reused for a repeated address. */
    public boolean cacheable() {
        return this != TABLE;
    }

    /** The format a file name implies: .csv, .jsonl/.ndjson, .json, .txt/.table. */
    public static Optional<SinkFormat> fromFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        if (n.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (n.endsWith(".txt") || n.endsWith(".table")) {
            return Optional.of(TABLE);
        }
        return Optional.empty();
    }

    /** Parses a {@code --format} value. */
    public static Optional<SinkFormat> byName(String s) {
        for (SinkFormat f : values()) {
            if (f.name.equalsIgnoreCase(s.trim())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
