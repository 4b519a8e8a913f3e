package dev.iptriage.spark;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job scripts/spark-cluster-test.sh submits to a standalone cluster: enriches a list of addresses
 * with the databases of spark.iptriage.databases (shipped with --files) through iptriage_lookup and
 * IptriageSpark.enrich, writes Parquet, and compares both with iptriage enrich's CSV row for row;
 * checks that at least two executors opened the shipped copies with the driver's hashes. Exit 1 on
 * any difference.
 *
 * <p>usage: ClusterCheck LIST CLI_CSV PARQUET_OUT
 */
public final class ClusterCheck {
    private ClusterCheck() {}

    public static void main(String[] args) throws IOException {
        SparkSession spark =
                SparkSession.builder().appName("iptriage-cluster-check").getOrCreate();
        int failures = 0;
        try {
            List<Row> execs = IptriageSpark.executorDatabases(spark, null, 16).collectAsList();
            Set<String> ids = new TreeSet<>();
            Set<String> hashes = new TreeSet<>();
            for (Row r : execs) {
                ids.add(r.getString(0));
                hashes.add(r.getString(2) + "=" + r.getString(5));
                System.out.println("executor " + r.getString(0) + " on " + r.getString(1) + ": " + r.getString(3)
                        + " built " + r.getString(4) + " sha256 " + r.getString(5) + " from " + r.getString(6));
                // the copy Spark shipped to the executor (its work folder), not the path the driver named
                String shipped = org.apache.spark.SparkFiles.getRootDirectory();
                if (args.length > 3
                        && !r.getString(0).equals("driver")
                        && Path.of(r.getString(6))
                                .toRealPath()
                                .startsWith(Path.of(args[3]).toRealPath())) {
                    System.out.println("FAIL: executor " + r.getString(0) + " opened " + r.getString(6)
                            + ", the driver's path, not the shipped copy (driver's SparkFiles root " + shipped + ")");
                    failures++;
                }
            }
            if (ids.size() < 2) {
                System.out.println("FAIL: " + ids.size() + " executor(s) ran, want 2");
                failures++;
            }
            System.out.println("executors " + ids + " agree on " + hashes);

            StructType schema =
                    new StructType().add("id", DataTypes.LongType, false).add("ip", DataTypes.StringType, true);
            JavaRDD<Row> rows =
                    spark.read().textFile(args[0]).javaRDD().zipWithIndex().map(t -> RowFactory.create(t._2(), t._1()));
            Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(8);
            df.createOrReplaceTempView("ips");
            List<Row> sql = spark.sql("SELECT id, iptriage_lookup(ip) AS x FROM ips ORDER BY id")
                    .collectAsList();
            Dataset<Row> enriched = IptriageSpark.enrich(df, "ip", IptriageSpark.Options.defaults());
            enriched.select("id", "iptriage.*").write().mode("overwrite").parquet(args[2]);
            List<Row> parquet = spark.read().parquet(args[2]).orderBy("id").collectAsList();

            List<List<String>> cli = new ArrayList<>();
            try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(Path.of(args[1]))) {
                for (CsvRecord rec : csv) {
                    cli.add(rec.getFields());
                }
            }
            List<String> header = cli.get(0);
            int n = cli.size() - 1;
            int mismatches = 0;
            if (sql.size() != n || parquet.size() != n) {
                System.out.println("FAIL: rows: cli " + n + ", sql " + sql.size() + ", parquet " + parquet.size());
                failures++;
            }
            for (int i = 0; i < Math.min(n, Math.min(sql.size(), parquet.size())); i++) {
                List<String> want = cli.get(i + 1);
                List<String> a = new ArrayList<>();
                List<String> b = new ArrayList<>();
                Row s = sql.get(i).getStruct(1);
                Row p = parquet.get(i);
                for (String h : header) {
                    a.add(cell(s.getAs(h)));
                    b.add(cell(p.getAs(h)));
                }
                for (List<String> got : List.of(a, b)) {
                    if (!got.equals(want)) {
                        if (mismatches < 5) {
                            System.out.println("mismatch at row " + (i + 1) + ": cli " + want + " spark " + got);
                        }
                        mismatches++;
                    }
                }
            }
            System.out.println("rows " + n + ", compared twice (iptriage_lookup, IptriageSpark.enrich via Parquet),"
                    + " mismatches " + mismatches);
            failures += mismatches;
        } finally {
            spark.stop();
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static String cell(Object v) {
        return v == null ? "" : CellText.csv((String) v);
    }
}
