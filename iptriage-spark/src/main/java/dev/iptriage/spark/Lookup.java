package dev.iptriage.spark;

import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Enrichment;
import dev.iptriage.extract.Found;
import dev.iptriage.extract.ListParser;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.text.CellText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Looks values up as {@code iptriage enrich} reads the lines of an address list, and answers with the
 * cells it writes: one struct per value, one string field per column (named as the CLI's columns; the
 * text the CLI writes, before CSV's quoting and spreadsheet escaping; NULL where its cell is empty).
 * {@code status} is always there. Thread-safe.
 */
final class Lookup {
    private final List<Column> columns;
    private final Engine.Lookups lookups;
    private final StructType schema;

    Lookup(Engine engine, String fields) {
        List<Column> chosen = new ArrayList<>(engine.columns(fields));
        for (Column c : chosen) {
            if (c.field() != null && c.field().isSighting()) {
                throw new IllegalArgumentException(
                        "iptriage: column " + c.name() + " is filled from the sightings of a log run, not by a lookup");
            }
        }
        Column status = Column.of(Field.STATUS);
        if (!chosen.contains(status)) {
            chosen.add(0, status);
        }
        this.columns = List.copyOf(chosen);
        this.lookups = engine.lookups(columns);
        List<StructField> fs = new ArrayList<>();
        for (Column c : columns) {
            fs.add(DataTypes.createStructField(c.name(), DataTypes.StringType, true));
        }
        this.schema = DataTypes.createStructType(fs);
    }

    static String normaliseFields(String fields) {
        return fields == null || fields.isBlank() ? "default" : fields.strip();
    }

    StructType schema() {
        return schema;
    }

    /** One value: a String, a 4- or 16-byte {@code byte[]}; null gives null. */
    Row lookup(Object value) {
        return lookupAll(new Object[] {value}, 1)[0];
    }

    /** The first {@code n} values of {@code values}, in order. */
    Row[] lookupAll(Object[] values, int n) {
        Row[] out = new Row[n];
        Object[] keys = new Object[n];
        List<IpAddress> asked = new ArrayList<>(n);
        boolean[] networks = new boolean[n];
        for (int i = 0; i < n; i++) {
            Object key = values[i] == null ? null : key(values[i]);
            keys[i] = key;
            if (key instanceof IpAddress a) {
                asked.add(a);
            } else if (key instanceof Cidr c) {
                networks[asked.size()] = true;
                asked.add(c.address());
            } else if (key instanceof Found f) {
                asked.add(f.address());
            }
        }
        List<Enrichment> found = asked.isEmpty() ? List.of() : lookups.lookupAll(asked, networks);
        int k = 0;
        for (int i = 0; i < n; i++) {
            Object key = keys[i];
            if (key == null) {
                continue;
            }
            if (key instanceof ListParser.Invalid inv) {
                out[i] = row(inv.text(), Status.INVALID.text(), null);
                continue;
            }
            String ip = key instanceof Found f ? f.text() : key.toString();
            Enrichment e = found.get(k++);
            out[i] = row(ip, e.statusText(), e.values());
        }
        return out;
    }

    private Row row(String ip, String status, Object[] values) {
        Object[] cells = new Object[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            Field f = columns.get(i).isCustom() ? null : columns.get(i).field();
            if (f == Field.IP) {
                cells[i] = ip;
            } else if (f == Field.STATUS) {
                cells[i] = status;
            } else if (values != null && values[i] != null) {
                cells[i] = CellText.text(values[i]);
            }
        }
        return RowFactory.create(cells);
    }

    /** What the CLI makes of a line holding this value: an address, a network, an address with a zone, or invalid. */
    static Object key(Object value) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return ListParser.parse(b, 0, b.length, false, false);
        }
        if (value instanceof byte[] b) {
            if (b.length == 4 || b.length == 16) {
                return IpAddress.ofBytes(b).unmap();
            }
            return new ListParser.Invalid(
                    HexFormat.of().formatHex(b),
                    "a binary address has 4 or 16 bytes, not " + b.length,
                    ListParser.Kind.OTHER);
        }
        return new ListParser.Invalid(String.valueOf(value), "not a string or a binary address", ListParser.Kind.OTHER);
    }
}
