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
import java.util.TreeMap;

/**
 * The header of a {@code db build} CSV: where the addresses are, and the data columns, each named
 * as {@link ColumnName} reads ({@code city.names.en}, {@code subdivisions[0].iso_code}, {@code
 * "network"}, {@code accuracy_radius:uint16}).
 *
 * @param names column names, in file order
 * @param columns what each data column names (null for the address columns)
 * @param network index of {@code network}, or -1
 * @param start index of {@code start}, or -1
 * @param end index of {@code end}, or -1
 */
record Header(List<String> names, List<ColumnName> columns, int network, int start, int end) {
    private static final int MAX_NAME = 1024;
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
            if (n.isEmpty() || n.length() > MAX_NAME) {
                throw problem(csv, "column " + (i + 1) + " has no usable name ('" + Addresses.clip(n) + "')");
            }
            if (!seen.add(n)) {
                throw problem(csv, "column '" + Addresses.clip(n) + "' appears twice");
            }
            names.add(n);
        }
        int network = names.indexOf("network");
        int start = names.indexOf("start");
        int end = names.indexOf("end");
        List<ColumnName> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i == network || i == start || i == end) {
                columns.add(null);
                continue;
            }
            try {
                columns.add(ColumnName.parse(names.get(i)));
            } catch (IllegalArgumentException e) {
                throw problem(
                        csv,
                        "column " + (i + 1) + " '" + Addresses.clip(names.get(i)) + "' is not a usable name: "
                                + e.getMessage());
            }
        }
        Header h = new Header(names, columns, network, start, end);
        h.check(csv, declared);
        return h;
    }

    private void check(Path csv, Set<String> declared) throws IOException {
        boolean range = start >= 0 && end >= 0;
        if ((network >= 0) == range || (!range && (start >= 0 || end >= 0))) {
            throw problem(
                    csv,
                    "expected either a 'network' column or both 'start' and 'end' columns, found "
                            + Addresses.clip(String.valueOf(names)));
        }
        for (String d : declared) {
            if (!names.contains(d) || !isData(names.indexOf(d))) {
                throw problem(
                        csv,
                        "--types names '" + Addresses.clip(d) + "', which is not a data column of "
                                + Addresses.clip(String.valueOf(names)));
            }
            if (columns.get(names.indexOf(d)).type() != null) {
                throw problem(csv, "--types names '" + Addresses.clip(d) + "', whose name already gives its type");
            }
        }
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < names.size(); j++) {
                if (i != j && isData(i) && isData(j)) {
                    conflict(csv, i, j);
                }
            }
        }
    }

    /** Refuses two columns that cannot both be in one record. */
    private void conflict(Path csv, int i, int j) throws IOException {
        List<Object> a = columns.get(i).path();
        List<Object> b = columns.get(j).path();
        if (a.isEmpty() != b.isEmpty()) {
            return; // $, a record that is not a map, beside the keys of map records: one per row
        }
        String an = Addresses.clip(names.get(i));
        String bn = Addresses.clip(names.get(j));
        int k = 0;
        while (k < a.size() && k < b.size() && a.get(k).equals(b.get(k))) {
            k++;
        }
        if (k < a.size() && k < b.size()) {
            if (a.get(k) instanceof Integer && b.get(k) instanceof String) {
                throw problem(csv, "column '" + an + "' makes an array of what column '" + bn + "' makes a map");
            }
            return;
        }
        if (a.size() < b.size()) {
            throw problem(csv, "column '" + an + "' is a value and also holds '" + bn + "'");
        }
        if (a.size() == b.size()
                && i < j
                && java.util.Objects.equals(
                        columns.get(i).type(), columns.get(j).type())) {
            throw problem(csv, "columns '" + an + "' and '" + bn + "' name the same value");
        }
    }

    private static IOException problem(Path csv, String what) {
        return new IOException(csv + ":1: " + what);
    }

    /** An array being filled: its elements by index, checked to be 0..n-1 by {@link #finish}. */
    private static final class Indexed extends TreeMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Puts a value at a path, creating the nested maps and arrays ({@link #finish} turns the arrays
     * into lists).
     *
     * @throws IllegalArgumentException when the place already holds a value (two columns of one
     *     path, of different types, both filled)
     */
    @SuppressWarnings("unchecked")
    static void put(Map<Object, Object> record, List<Object> path, String name, Object value) {
        Map<Object, Object> m = record;
        for (int i = 0; i < path.size() - 1; i++) {
            boolean array = path.get(i + 1) instanceof Integer;
            m = (Map<Object, Object>)
                    m.computeIfAbsent(path.get(i), k -> array ? new Indexed() : new LinkedHashMap<>());
        }
        if (m.putIfAbsent(path.getLast(), value) != null) {
            throw new IllegalArgumentException("column " + Addresses.clip(name)
                    + ": another column already gives this value (fill only one of the columns of one key)");
        }
    }

    /** The record as the writer takes it: arrays as lists. */
    static Object finish(Object v) {
        if (v instanceof Indexed ix) {
            List<Object> list = new ArrayList<>(ix.size());
            for (var e : ix.entrySet()) {
                if ((Integer) e.getKey() != list.size()) {
                    throw new IllegalArgumentException(
                            "an array has element [" + e.getKey() + "] but no [" + list.size() + "]");
                }
                list.add(finish(e.getValue()));
            }
            return list;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, finish(x)));
            return out;
        }
        return v;
    }
}
