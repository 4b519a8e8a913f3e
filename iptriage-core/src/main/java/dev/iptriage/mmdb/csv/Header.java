package dev.iptriage.mmdb.csv;

import dev.iptriage.text.CellText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a {@code db build} CSV: where the addresses are, and the data columns.
 *
 * @param names column names, in file order
 * @param network index of {@code network}, or -1
 * @param start index of {@code start}, or -1
 * @param end index of {@code end}, or -1
 */
record Header(List<String> names, int network, int start, int end) {
    private static final int MAX_NAME = 256;
    private static final int MAX_COLUMNS = 1000;

    boolean isData(int i) {
        return i != network && i != start && i != end;
    }

    static Header parse(Path csv, List<String> fields, Set<String> declared) throws IOException {
        if (fields.size() > MAX_COLUMNS) {
            throw problem(csv, fields.size() + " columns, more than the " + MAX_COLUMNS + " allowed");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String n = CellText.undoSpreadsheetSafe(fields.get(i).strip());
            if (i == 0 && n.startsWith("\uFEFF")) {
                n = n.substring(1);
            }
            if (n.isEmpty() || n.length() > MAX_NAME || n.startsWith(".") || n.endsWith(".") || n.contains("..")) {
                throw problem(csv, "column " + (i + 1) + " has no usable name ('" + Addresses.clip(n) + "')");
            }
            if (!seen.add(n)) {
                throw problem(csv, "column '" + n + "' appears twice");
            }
            names.add(n);
        }
        Header h = new Header(names, names.indexOf("network"), names.indexOf("start"), names.indexOf("end"));
        h.check(csv, declared);
        return h;
    }

    private void check(Path csv, Set<String> declared) throws IOException {
        boolean range = start >= 0 && end >= 0;
        if ((network >= 0) == range || (!range && (start >= 0 || end >= 0))) {
            throw problem(csv, "expected either a 'network' column or both 'start' and 'end' columns, found " + names);
        }
        for (String d : declared) {
            if (!names.contains(d) || !isData(names.indexOf(d))) {
                throw problem(csv, "--types names '" + d + "', which is not a data column of " + names);
            }
        }
        for (String a : names) {
            for (String b : names) {
                if (b.startsWith(a + ".")) {
                    throw problem(csv, "column '" + a + "' is a value and also holds '" + b + "'");
                }
            }
        }
    }

    private static IOException problem(Path csv, String what) {
        return new IOException(csv + ":1: " + what);
    }

    /** Puts a value at a dotted key, creating the nested maps. */
    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> record, String dotted, Object value) {
        Map<String, Object> m = record;
        int from = 0;
        for (int dot = dotted.indexOf('.'); dot >= 0; dot = dotted.indexOf('.', from)) {
            m = (Map<String, Object>) m.computeIfAbsent(dotted.substring(from, dot), k -> new LinkedHashMap<>());
            from = dot + 1;
        }
        m.put(dotted.substring(from), value);
    }
}
