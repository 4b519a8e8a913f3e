package dev.iptriage.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
    private final long cacheBytes;
    private transient Lookup lookup;

    LookupFunction(String databases, List<String> hashes, String fields, long cacheBytes) {
        this.databases = databases;
        this.hashes = new ArrayList<>(hashes);
        this.fields = fields;
        this.cacheBytes = cacheBytes;
    }

    /** The column list, as given. */
    String fields() {
        return fields;
    }

    Lookup lookup() {
        Lookup l = lookup;
        if (l == null) {
            l = IptriageDatabases.open(databases, hashes).lookup(fields, cacheBytes);
            lookup = l;
        }
        return l;
    }

    @Override
    public Row apply(Object value) {
        return value == null ? null : lookup().lookup(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LookupFunction f
                && databases.equals(f.databases)
                && hashes.equals(f.hashes)
                && fields.equals(f.fields)
                && cacheBytes == f.cacheBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(databases, hashes, fields, cacheBytes);
    }
}
