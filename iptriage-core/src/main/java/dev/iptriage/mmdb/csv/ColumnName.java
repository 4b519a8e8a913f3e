package dev.iptriage.mmdb.csv;

import dev.iptriage.text.CellText;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The column names {@code db export} writes and {@code db build} reads: where a value sits in the
 * record, and optionally its type.
 *
 * <ul>
 *   <li>map keys are joined with dots: {@code city.names.en};
 *   <li>an array element follows its array as {@code [N]}: {@code subdivisions[0].iso_code};
 *   <li>a key that is empty, holds {@code . [ ] " :}, a control character or space at either end,
 *       or (at the top) is {@code network}, {@code start}, {@code end} or {@code $}, is written as a
 *       JSON string: {@code "network"}, {@code "a.b"}, {@code ""};
 *   <li>a record that is not a map is the column {@code $};
 *   <li>{@code :TYPE} at the end (a {@code --types} name) gives the column's type: {@code
 *       accuracy_radius:uint16}.
 * </ul>
 *
 * A path is a list of {@link String} keys and {@link Integer} indexes. Names written otherwise are
 * read as before: {@code subdivisions.0.iso_code} is a map with the key {@code 0}.
 *
 * @param path keys and indexes from the top of the record
 * @param type the type the name gives, or null
 */
record ColumnName(List<Object> path, ValueType type) {
    /** Names a top-level key cannot have unquoted: the address columns and the root. */
    static final Set<String> RESERVED = Set.of("network", "start", "end", "$");

    ColumnName {
        path = List.copyOf(path);
    }

    /** The name of a path, with {@code :type} when {@code type} is not null. */
    static String name(List<Object> path, ValueType type) {
        StringBuilder b = new StringBuilder();
        if (path.isEmpty()) {
            b.append('$');
        }
        for (int i = 0; i < path.size(); i++) {
            Object seg = path.get(i);
            if (seg instanceof Integer n) {
                b.append('[').append(n).append(']');
            } else {
                String key = (String) seg;
                if (i > 0) {
                    b.append('.');
                }
                if (plain(key, i == 0)) {
                    b.append(key);
                } else {
                    quote(b, key);
                }
            }
        }
        if (type != null) {
            b.append(':').append(type.label());
        }
        return b.toString();
    }

    private static boolean plain(String key, boolean top) {
        if (key.isEmpty() || !key.strip().equals(key) || (top && RESERVED.contains(key))) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '[' || c == ']' || c == '"' || c == ':' || c == '\\' || CellText.isUnsafe(c)) {
                return false;
            }
        }
        return true;
    }

    /** A JSON string, with every character that could drive a terminal escaped. */
    private static void quote(StringBuilder b, String key) {
        b.append('"');
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (CellText.isUnsafe(c) || Character.isSurrogate(c) && !validSurrogate(key, i)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Reads a header name.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static ColumnName parse(String name) {
        ValueType type = null;
        String body = name;
        int colon = name.lastIndexOf(':');
        if (colon > 0 && colon > name.lastIndexOf('"')) {
            try {
                type = ValueType.parse(name.substring(colon + 1));
                body = name.substring(0, colon);
            } catch (IllegalArgumentException e) {
                // not a type: the ':' is part of the name (a column of a CSV iptriage did not write)
            }
        }
        List<Object> path = new ArrayList<>();
        if (body.equals("$")) {
            return new ColumnName(path, type);
        }
        int i = 0;
        int n = body.length();
        boolean wantKey = true;
        while (i < n) {
            char c = body.charAt(i);
            if (c == '[') {
                int close = body.indexOf(']', i);
                String digits = close < 0 ? "" : body.substring(i + 1, close);
                if (!digits.matches("0|[1-9][0-9]{0,5}")) {
                    throw new IllegalArgumentException("'[' must start an array index such as [0]");
                }
                path.add(Integer.valueOf(digits));
                i = close + 1;
                wantKey = false;
                continue;
            }
            if (!wantKey) {
                if (c != '.') {
                    throw new IllegalArgumentException("expected '.' or '[' after ']' or a quoted key");
                }
                i++;
                if (i == n) {
                    throw new IllegalArgumentException("ends with '.'");
                }
                wantKey = true;
                continue;
            }
            if (c == '"') {
                StringBuilder key = new StringBuilder();
                i = unquote(body, i + 1, key);
                path.add(key.toString());
            } else {
                int end = i;
                while (end < n && body.charAt(end) != '.' && body.charAt(end) != '[') {
                    end++;
                }
                if (end == i) {
                    throw new IllegalArgumentException("an empty key (write it as \"\")");
                }
                String key = body.substring(i, end);
                if (key.indexOf(']') >= 0 || key.indexOf('"') >= 0) {
                    throw new IllegalArgumentException(
                            "key '" + key + "' holds ']' or '\"' (write such a key as a JSON string in quotes)");
                }
                path.add(key);
                i = end;
            }
            wantKey = false;
        }
        if (wantKey) {
            throw new IllegalArgumentException("no key");
        }
        return new ColumnName(path, type);
    }

    /** Reads a JSON string body from {@code i} (after the opening quote); returns the index after its end. */
    private static int unquote(String s, int i, StringBuilder out) {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= s.length()) {
                break;
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
                        throw new IllegalArgumentException("a quoted key has a bad \\u escape");
                    }
                    out.append((char) Integer.parseInt(s, i, i + 4, 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("a quoted key has a bad escape \\" + e);
            }
        }
        throw new IllegalArgumentException("a quoted key is not closed");
    }
}
