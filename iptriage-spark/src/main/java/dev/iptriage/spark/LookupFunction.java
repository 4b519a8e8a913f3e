package dev.iptriage.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.runtime.AbstractFunction1;

/**
 * The function behind {@code iptriage_lookup}: carries the databases spec, the content hashes the
 * driver saw and the column list to the executors, where it looks each value up in the JVM's shared
 * databases ({@link IptriageDatabases}).
 */
final class LookupFunction extends AbstractFunction1<Object, Row> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String databases;
    private final ArrayList<String> hashes;
    private final String fields;
    private transient Lookup lookup;

    LookupFunction(String databases, List<String> hashes, String fields) {
        this.databases = databases;
        this.hashes = new ArrayList<>(hashes);
        this.fields = fields;
    }

    Lookup lookup() {
        Lookup l = lookup;
        if (l == null) {
            l = IptriageDatabases.open(databases, hashes).lookup(fields);
            lookup = l;
        }
        return l;
    }

    @Override
    public Row apply(Object value) {
        return value == null ? null : lookup().lookup(value);
    }
}
