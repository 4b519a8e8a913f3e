package dev.iptriage.sources;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A column a source adds.
 *
 * @param name the column name: lower-case letters, digits and {@code _}, starting with a letter
 *     (it is a CSV header, a JSON key and a {@code --fields} name)
 * @param description what the column holds, as {@code iptriage fields} shows it
 */
public record SourceColumn(String name, String description) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** Checks the name. */
    public SourceColumn {
        Objects.requireNonNull(description, "description");
        if (!isName(name)) {
            throw new IllegalArgumentException(
                    "a source's column name must be lower-case letters, digits and _, starting with a letter: " + name);
        }
    }

    /**
     * Whether {@code name} may name a column or a source: lower-case letters, digits and {@code _},
     * starting with a letter, at most 64 characters.
     */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
