package dev.iptriage.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * The DataFrame side of iptriage on Spark: {@link #enrich} appends the columns {@code iptriage enrich}
 * writes as one struct column, looking each partition's rows up in batches (the order of rows kept).
 */
public final class IptriageSpark {
    private IptriageSpark() {}

    /**
     * What {@link #enrich} does: which columns ({@code --fields} syntax; default {@code default}),
     * which databases (the {@value IptriageDatabases#CONFIG} syntax; default: the session's
     * configuration, else {@code builtin}), the name of the new column (default {@code iptriage}) and how
     * many rows are looked up together (default 1024).
     */
    public static final class Options implements Serializable {
        private static final long serialVersionUID = 1L;

        private String fields = "default";
        private String databases;
        private String column = "iptriage";
        private int batch = 1024;

        /** The defaults. */
        public static Options defaults() {
            return new Options();
        }

        /** The columns, as {@code --fields} names them (e.g. {@code "asn,as_org,country_iso"}). */
        public Options fields(String f) {
            this.fields = Objects.requireNonNull(f, "fields");
            return this;
        }

        /** The databases, as {@value IptriageDatabases#CONFIG} names them. */
        public Options databases(String d) {
            this.databases = Objects.requireNonNull(d, "databases");
            return this;
        }

        /** The name of the struct column appended. */
        public Options column(String c) {
            this.column = Objects.requireNonNull(c, "column");
            return this;
        }

        /** How many rows are looked up together. */
        public Options batch(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch must be at least 1, not " + n);
            }
            this.batch = n;
            return this;
        }
    }

    /**
     * {@code df} with one more column, a struct of what {@code iptriage enrich} writes for the address
     * in {@code ipColumn} (STRING, or 4/16-byte BINARY), as {@code iptriage_lookup} gives it. The
     * databases are opened on the driver first, so a missing or damaged file fails here, before any task. Column
     * names are matched as Spark matches them: regardless of case unless {@code spark.sql.caseSensitive} is true.
     *
     * @throws IllegalArgumentException when the column is missing, ambiguous or of another type, the new column's name
     *     ({@link Options#column}) is already a column of {@code df}, or a field is unknown
     * @throws IptriageException when a database is missing or damaged
     */
    public static Dataset<Row> enrich(Dataset<Row> df, String ipColumn, Options options) {
        StructType in = df.schema();
        boolean caseSensitive = caseSensitive(df.sparkSession());
        List<Integer> found = columns(in, ipColumn, caseSensitive);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no column '" + ipColumn + "' among " + Arrays.toString(in.fieldNames())
                    + (caseSensitive ? " (spark.sql.caseSensitive is true: the case counts)" : ""));
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("the column name '" + ipColumn + "' is ambiguous: "
                    + found.stream().map(i -> in.fieldNames()[i]).toList()
                    + " all match it (spark.sql.caseSensitive is false); rename one of them first");
        }
        int index = found.get(0);
        List<Integer> taken = columns(in, options.column, caseSensitive);
        if (!taken.isEmpty()) {
            throw new IllegalArgumentException("the column '" + options.column + "' for the answers is already "
                    + (taken.size() == 1 ? "the column '" + in.fieldNames()[taken.get(0)] + "'" : "taken")
                    + " of the data frame " + Arrays.toString(in.fieldNames())
                    + ": name another with Options.column (two columns of one name cannot be selected)");
        }
        DataType t = in.fields()[index].dataType();
        if (!(t instanceof StringType) && !(t instanceof BinaryType)) {
            throw new IllegalArgumentException("column '" + ipColumn + "' is " + t.simpleString()
                    + "; iptriage reads a STRING or a 4/16-byte BINARY address");
        }
        String spec = options.databases != null
                ? IptriageDatabases.normalise(options.databases)
                : IptriageDatabases.normalise(
                        df.sparkSession().conf().get(IptriageDatabases.CONFIG, IptriageDatabases.BUILTIN));
        IptriageDatabases.Opened opened = IptriageDatabases.open(spec, null);
        String fields = Lookup.normaliseFields(options.fields);
        long cache = IptriageDatabases.cacheBytes(
                df.sparkSession().conf().get(IptriageDatabases.CACHE, IptriageDatabases.CACHE_DEFAULT));
        StructType struct = opened.lookup(fields).schema();
        List<String> hashes = opened.hashes();
        StructType out = in.add(options.column, struct, true);
        return df.mapPartitions(
                new Partitions(new LookupFunction(spec, hashes, fields, cache), index, options.batch),
                Encoders.row(out));
    }

    /** Whether Spark resolves column names with their case ({@code spark.sql.caseSensitive}, false by default). */
    private static boolean caseSensitive(SparkSession spark) {
        return Boolean.parseBoolean(
                spark.conf().get("spark.sql.caseSensitive", "false").strip());
    }

    /** The places of the columns of {@code in} that the name {@code name} resolves to, as Spark resolves names. */
    private static List<Integer> columns(StructType in, String name, boolean caseSensitive) {
        String[] names = in.fieldNames();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (caseSensitive ? names[i].equals(name) : names[i].equalsIgnoreCase(name)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The schema of {@link #executorDatabases}. */
    public static final StructType EXECUTOR_DATABASES = new StructType()
            .add("executor_id", DataTypes.StringType, false)
            .add("host", DataTypes.StringType, false)
            .add("name", DataTypes.StringType, false)
            .add("type", DataTypes.StringType, false)
            .add("build_date", DataTypes.StringType, false)
            .add("sha256", DataTypes.StringType, false)
            .add("origin", DataTypes.StringType, false);

    /**
     * What the executors opened: one row per executor and database, from {@code tasks} tasks (use a few
     * per core so each executor runs some), each opening the databases of {@code databases} (the
     * {@value IptriageDatabases#CONFIG} syntax; null: the session's configuration) on its JVM as a
     * lookup does, checked against the driver's hashes. The SQL table function {@code
     * iptriage_databases()} shows the driver's view, which every executor is held to.
     *
     * @throws IptriageException (wrapped by Spark, from a task) when an executor has other data
     */
    public static Dataset<Row> executorDatabases(SparkSession spark, String databases, int tasks) {
        String spec = IptriageDatabases.normalise(
                databases != null ? databases : spark.conf().get(IptriageDatabases.CONFIG, IptriageDatabases.BUILTIN));
        List<String> hashes = IptriageDatabases.open(spec, null).hashes();
        ArrayList<String> expected = new ArrayList<>(hashes);
        MapPartitionsFunction<Long, Row> report = ignored -> {
            SparkEnv env = SparkEnv.get();
            String id = env.executorId();
            String host = env.blockManager().blockManagerId().host();
            List<Row> out = new ArrayList<>();
            for (IptriageDatabases.Info i :
                    IptriageDatabases.open(spec, expected).infos()) {
                out.add(RowFactory.create(id, host, i.name(), i.type(), i.buildDate(), i.sha256(), i.origin()));
            }
            return out.iterator();
        };
        return spark.range(0, tasks, 1, tasks)
                .mapPartitions(report, Encoders.row(EXECUTOR_DATABASES))
                .distinct();
    }

    /** Looks a partition's rows up {@code batch} at a time and appends the answers. */
    private static final class Partitions implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        private final LookupFunction function;
        private final int index;
        private final int batch;

        Partitions(LookupFunction function, int index, int batch) {
            this.function = function;
            this.index = index;
            this.batch = batch;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            Lookup lookup = function.lookup();
            return new Iterator<>() {
                private final List<Row> pending = new ArrayList<>(batch);
                private final Object[] values = new Object[batch];
                private Row[] answers = new Row[0];
                private int next;

                @Override
                public boolean hasNext() {
                    if (next < pending.size()) {
                        return true;
                    }
                    pending.clear();
                    next = 0;
                    while (pending.size() < batch && rows.hasNext()) {
                        Row r = rows.next();
                        values[pending.size()] = r.get(index);
                        pending.add(r);
                    }
                    if (pending.isEmpty()) {
                        return false;
                    }
                    answers = lookup.lookupAll(values, pending.size());
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row r = pending.get(next);
                    Object[] cells = new Object[r.length() + 1];
                    for (int i = 0; i < r.length(); i++) {
                        cells[i] = r.get(i);
                    }
                    cells[r.length()] = answers[next];
                    next++;
                    return RowFactory.create(cells);
                }
            };
        }
    }
}
