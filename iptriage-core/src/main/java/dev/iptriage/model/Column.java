package dev.iptriage.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One output column: a built-in {@link Field}, or a column of a source's own: a custom database's
 * key (its {@code site}, {@code owner}, {@code tags.team} ...) or a remote source's answer. Sinks
 * and the engine address columns by position; this record gives each position its name and, for a
 * source's column, where the value lives.
 *
 * @param name the column name in headers and JSON keys
 * @param field the built-in column, or {@code null} for a source's own
 * @param source for a source's own column, the source that fills it: a database's {@code origin},
 *     or a remote source's name (else null)
 * @param path for a source's own column, the keys leading to the value in that source's records
 *     or answers (else empty)
 */
public record Column(String name, Field field, String source, List<String> path) {
    /** Validates and copies. */
    public Column {
        if ((field == null) == (source == null)) {
            throw new IllegalArgumentException("a column is either built-in or a source's own: " + name);
        }
        path = List.copyOf(path);
    }

    /** The built-in column {@code f}. */
    public static Column of(Field f) {
        return new Column(f.column(), f, null, List.of());
    }

    /** The built-in columns, in order. */
    public static List<Column> of(List<Field> fields) {
        return fields.stream().map(Column::of).toList();
    }

    /** A source's own column named {@code name}, filled from {@code path} in the records of {@code source}. */
    public static Column custom(String name, String source, List<String> path) {
        return new Column(name, null, source, path);
    }

    /** Whether this column is a source's own (a custom database's key, a remote source's answer). */
    public boolean isCustom() {
        return field == null;
    }

    /**
     * Parses a {@code --fields} value against the built-in columns and {@code custom}: {@code
     * default} is {@link Field#defaults()} followed by every custom column, {@code all} is {@link
     * Field#all()} followed by every custom column, other names pick one column (a built-in name
     * wins over a custom one; names ignore case).
     *
     * @throws IllegalArgumentException naming the unknown column and listing the valid ones
     */
    public static List<Column> parseList(String spec, List<Column> custom) {
        Set<Column> out = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            switch (p.toLowerCase(Locale.ROOT)) {
                case "default" -> {
                    out.addAll(of(Field.defaults()));
                    out.addAll(custom);
                }
                case "all" -> {
                    out.addAll(of(Field.all()));
                    out.addAll(custom);
                }
                default -> out.add(byName(p, custom).orElseThrow(() -> unknown(p, custom)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no fields selected");
        }
        return new ArrayList<>(out);
    }

    private static Optional<Column> byName(String name, List<Column> custom) {
        Optional<Field> f = Field.byName(name);
        if (f.isPresent()) {
            return f.map(Column::of);
        }
        return custom.stream().filter(c -> c.name.equalsIgnoreCase(name)).findFirst();
    }

    private static IllegalArgumentException unknown(String name, List<Column> custom) {
        List<String> valid = new ArrayList<>(Field.names());
        custom.forEach(c -> valid.add(c.name));
        return new IllegalArgumentException(
                "unknown field '" + name + "'; valid: default, all, " + String.join(", ", valid));
    }
}
