package dev.iptriage.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .properties} file written byte-for-byte reproducibly: keys in insertion order, no date
 * comment (unlike {@link java.util.Properties#store}), ASCII only ({@code \}{@code uXXXX} escapes),
 * so {@link java.util.Properties#load} reads it back from a stream or a reader alike.
 */
final class Manifest {
    private final Map<String, String> entries = new LinkedHashMap<>();
    private final String comment;

    /** A manifest with a one-line comment at the top. */
    Manifest(String comment) {
        this.comment = comment;
    }

    /** Adds an entry; keys must be unique. */
    Manifest put(String key, Object value) {
        if (entries.putIfAbsent(key, String.valueOf(value)) != null) {
            throw new IllegalArgumentException("duplicate key " + key);
        }
        return this;
    }

    /** Returns the file's text. */
    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(escape(comment, false)).append('\n');
        entries.forEach((k, v) ->
                sb.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
        return sb.toString();
    }

    /** Writes the file (UTF-8, which is ASCII here). */
    void write(Path file) throws IOException {
        Files.writeString(file, text(), StandardCharsets.UTF_8);
    }

    static String escape(String s, boolean key) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '=', ':', '#', '!' -> sb.append(key || i == 0 ? "\\" + c : String.valueOf(c));
                case ' ' -> sb.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
