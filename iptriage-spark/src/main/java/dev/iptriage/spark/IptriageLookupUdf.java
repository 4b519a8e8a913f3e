package dev.iptriage.spark;

import dev.iptriage.model.Column;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;

/**
 * {@code iptriage_lookup(ip)} as a plain Java UDF, for clients that register a class by name: PySpark's
 * {@code spark.udf.registerJavaFunction("iptriage_lookup", "dev.iptriage.spark.IptriageLookupUdf",
 * IptriageLookupUdf.RETURN_TYPE)}. The default columns of the databases named by {@value
 * IptriageDatabases#CONFIG} (read from the executor's configuration); STRING or 4/16-byte BINARY in,
 * NULL in gives NULL.
 */
public final class IptriageLookupUdf implements UDF1<Object, Row> {
    private static final long serialVersionUID = 1L;

    /**
     * The return type in DDL: the default columns as strings ({@code struct<ip:string,status:string,...>}).
     * Databases with keys of their own (custom databases) add columns: use {@code iptriage_lookup} there.
     */
    public static final String RETURN_TYPE = ddl();

    private transient Lookup lookup;

    private static String ddl() {
        StringBuilder b = new StringBuilder("struct<");
        List<Column> cs = Column.parseList("default", List.of());
        for (int i = 0; i < cs.size(); i++) {
            b.append(i == 0 ? "" : ",").append(cs.get(i).name()).append(":string");
        }
        return b.append('>').toString();
    }

    @Override
    public Row call(Object ip) {
        if (ip == null) {
            return null;
        }
        Lookup l = lookup;
        if (l == null) {
            SparkEnv env = SparkEnv.get();
            String spec = env == null
                    ? IptriageDatabases.BUILTIN
                    : env.conf().get(IptriageDatabases.CONFIG, IptriageDatabases.BUILTIN);
            l = IptriageDatabases.open(spec, null).lookup("default");
            lookup = l;
        }
        return l.lookup(ip);
    }
}
