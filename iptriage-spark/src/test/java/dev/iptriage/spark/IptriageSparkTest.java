package dev.iptriage.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.iptriage.databases.BuiltinDatabases;
import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.extract.ListParser;
import dev.iptriage.input.Input;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.testing.Fixtures;
import dev.iptriage.text.CellText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * iptriage on Spark in local mode, one session for the class: the SQL functions (loaded from
 * META-INF/services), the DataFrame call, the Java UDF class, BINARY input, NULL and invalid rows, a
 * damaged database, and every way against {@code iptriage enrich -f csv} (the engine's CSV) on the
 * same generated input, row for row.
 */
class IptriageSparkTest {
    @TempDir
    static Path dir;

    static SparkSession spark;
    static Path city;
    static Path asn;
    static String databases;

    @BeforeAll
    static void start() {
        city = Fixtures.city(dir);
        asn = Fixtures.asn(dir);
        databases = city + "," + asn;
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("iptriage-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config(IptriageDatabases.CONFIG, databases)
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static final StructType IPS =
            new StructType().add("id", DataTypes.IntegerType, false).add("ip", DataTypes.StringType, true);

    private static Dataset<Row> ips(List<String> values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            rows.add(RowFactory.create(i, values.get(i)));
        }
        return spark.createDataFrame(rows, IPS).repartition(2).sortWithinPartitions("id");
    }

    @Test
    void theRawRecordIsTheClisJsonOnSparksOwnJackson() throws IOException {
        // `raw` is written by core's Json, on the Jackson Spark brings (core's own is left out): in tasks, as the CLI
        ips(Arrays.asList("81.2.69.160", "8.8.8.8", "10.0.0.1")).createOrReplaceTempView("r");
        List<Row> rows = spark.sql("SELECT id, iptriage_lookup(ip, 'ip,raw').raw AS raw FROM r ORDER BY id")
                .collectAsList();
        try (Engine engine = Engine.builder()
                .databases(List.of(Database.open(city), Database.open(asn)))
                .build()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            engine.run(
                    Job.of(List.of(Input.stdin(new ByteArrayInputStream(
                                    "81.2.69.160\n8.8.8.8\n10.0.0.1\n".getBytes(StandardCharsets.US_ASCII)))))
                            .withFields("ip,raw")
                            .withFormat(dev.iptriage.sink.SinkFormat.JSONL),
                    out,
                    ProgressListener.NONE);
            List<String> cli = out.toString(StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < 3; i++) {
                String expected = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(cli.get(i))
                        .get("raw")
                        .toString();
                if (expected.equals("null")) {
                    assertThat(rows.get(i).isNullAt(1)).isTrue();
                } else {
                    assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                                    .readTree(rows.get(i).getString(1)))
                            .as("row %d", i)
                            .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(expected));
                }
            }
            assertThat(rows.get(0).getString(1)).contains("London");
        }
    }

    @Test
    void sqlFunctionAnswersAsTheCliWithNullAndInvalidRows() {
        ips(Arrays.asList("8.8.8.8", null, "not an ip", "10.1.2.3", "2001:4860::1", "81.2.69.160:443"))
                .createOrReplaceTempView("t");
        List<Row> rows = spark.sql("SELECT id, iptriage_lookup(ip) AS x FROM t ORDER BY id")
                .collectAsList();
        assertThat(rows).hasSize(6);
        Row google = rows.get(0).getStruct(1);
        assertThat(google.<String>getAs("status")).isEqualTo("ok");
        assertThat(google.<String>getAs("asn")).isEqualTo("15169");
        assertThat(google.<String>getAs("as_org")).isEqualTo("Google LLC");
        assertThat(google.<String>getAs("city")).isEqualTo("Mountain View");
        assertThat(google.<String>getAs("network")).isEqualTo("8.8.8.0/24");
        assertThat(rows.get(1).isNullAt(1)).as("NULL in, NULL out").isTrue();
        Row invalid = rows.get(2).getStruct(1);
        assertThat(invalid.<String>getAs("status")).isEqualTo("invalid");
        assertThat(invalid.<String>getAs("ip")).isEqualTo("not an ip");
        assertThat(rows.get(3).getStruct(1).<String>getAs("status")).isEqualTo("private");
        assertThat(rows.get(5).getStruct(1).<String>getAs("ip")).isEqualTo("81.2.69.160");
        assertThat(rows.get(5).getStruct(1).<String>getAs("city")).isEqualTo("London");

        Row one = spark.sql("SELECT iptriage_lookup('1.1.1.1', 'asn,as_org') AS x")
                .first()
                .getStruct(0);
        assertThat(one.schema().fieldNames()).containsExactly("status", "asn", "as_org");
        assertThat(one.<String>getAs("as_org")).isEqualTo("Cloudflare, Inc.");
        assertThatThrownBy(() -> spark.sql("SELECT iptriage_lookup(1)").collectAsList())
                .hasStackTraceContaining("STRING or a 4/16-byte BINARY");
    }

    @Test
    void theReadmesSqlRuns() {
        spark.createDataFrame(
                        List.of(RowFactory.create("8.8.8.8 - GET /", "8.8.8.8", "GET from 1.1.1[.]1")),
                        new StructType()
                                .add("line", DataTypes.StringType)
                                .add("src_ip", DataTypes.StringType)
                                .add("message", DataTypes.StringType))
                .createOrReplaceTempView("logs");
        assertThat(spark.sql("SELECT src_ip, iptriage_lookup(src_ip) AS ipt FROM logs")
                        .first()
                        .getStruct(1)
                        .<String>getAs("asn"))
                .isEqualTo("15169");
        Row chosen = spark.sql(
                        "SELECT x.* FROM (SELECT iptriage_lookup(src_ip, 'country_iso,asn,as_org') AS x FROM logs)")
                .first();
        assertThat(chosen.schema().fieldNames()).containsExactly("status", "country_iso", "asn", "as_org");
        assertThat(chosen.<String>getAs("country_iso")).isEqualTo("US");
        assertThat(spark.sql("SELECT iptriage_extract(message) AS ips FROM logs")
                        .first()
                        .<String>getList(0))
                .containsExactly("1.1.1.1");
        assertThat(spark.sql("SELECT * FROM iptriage_databases()").count()).isEqualTo(2);
    }

    @Test
    void binaryAddressesOfFourAndSixteenBytes() {
        spark.sql(
                        "SELECT iptriage_lookup(unhex('08080808')) AS a, iptriage_lookup(unhex('20014860000000000000000000000001')) AS b,"
                                + " iptriage_lookup(unhex('0102')) AS c, iptriage_lookup(unhex('00000000000000000000FFFF08080808')) AS d")
                .createOrReplaceTempView("b");
        Row r = spark.sql("SELECT a, b, c, d FROM b").first();
        assertThat(r.getStruct(0).<String>getAs("ip")).isEqualTo("8.8.8.8");
        assertThat(r.getStruct(0).<String>getAs("asn")).isEqualTo("15169");
        assertThat(r.getStruct(1).<String>getAs("ip")).isEqualTo("2001:4860::1");
        assertThat(r.getStruct(1).<String>getAs("status")).isEqualTo("ok");
        assertThat(r.getStruct(2).<String>getAs("status")).isEqualTo("invalid");
        assertThat(r.getStruct(2).<String>getAs("ip")).isEqualTo("0102");
        assertThat(r.getStruct(3).<String>getAs("ip"))
                .as("IPv4-mapped as IPv4, as the CLI")
                .isEqualTo("8.8.8.8");
    }

    @Test
    void extractFindsTheAddressesAsTheCli() {
        Row r = spark.sql(
                        "SELECT iptriage_extract('from 8.8.8[.]8 and hxxp://1.1.1[.]1/x, ::ffff:10.0.0.1 and 10.1.2.3/8') AS a,"
                                + " iptriage_extract(CAST(NULL AS STRING)) AS n, iptriage_extract('none') AS e")
                .first();
        assertThat(r.<String>getList(0)).containsExactly("8.8.8.8", "1.1.1.1", "10.0.0.1", "10.1.2.3");
        assertThat(r.isNullAt(1)).isTrue();
        assertThat(r.<String>getList(2)).isEmpty();
    }

    @Test
    void databasesTableSaysTypeBuildDateAndHash() throws Exception {
        List<Row> rows = spark.sql("SELECT * FROM iptriage_databases()").collectAsList();
        assertThat(rows).extracting(x -> x.<String>getAs("type")).containsExactly("GeoLite2-City", "GeoLite2-ASN");
        assertThat(rows).extracting(x -> x.<String>getAs("build_date")).containsOnly(Fixtures.BUILT.toString());
        assertThat(rows.get(0).<String>getAs("sha256")).isEqualTo(sha256(city));
        assertThat(rows.get(1).<String>getAs("sha256")).isEqualTo(sha256(asn));
    }

    @Test
    void executorsReportTheDriversHashes() throws Exception {
        List<Row> rows = IptriageSpark.executorDatabases(spark, null, 4).collectAsList();
        assertThat(rows).extracting(x -> x.<String>getAs("sha256")).containsOnly(sha256(city), sha256(asn));
        assertThat(rows).extracting(x -> x.<String>getAs("executor_id")).containsOnly("driver");
    }

    @Test
    void aDatabaseFileReplacedBetweenQueriesAnswersTheNextQuery() throws Exception {
        Path live = dir.resolve("live-" + System.nanoTime() + ".mmdb");
        Files.copy(city, live);
        spark.conf().set(IptriageDatabases.CONFIG, live.toString());
        try {
            String query =
                    "SELECT iptriage_lookup(ip, 'asn,city').asn FROM VALUES ('8.8.8.8'), ('81.2.69.142') AS t(ip)";
            assertThat(spark.sql(query).collectAsList())
                    .extracting(r -> r.get(0))
                    .containsOnlyNulls();
            List<String> old = IptriageDatabases.open(live.toString(), null).hashes();
            // an update as `db update` makes it: a complete file renamed over the old one
            Path next = live.resolveSibling(live.getFileName() + ".new");
            Files.copy(asn, next);
            Files.move(next, live, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertThat(spark.sql(query).collectAsList())
                    .extracting(r -> r.get(0))
                    .first()
                    .isEqualTo("15169");
            assertThat(spark.sql("SELECT sha256 FROM iptriage_databases()").collectAsList())
                    .extracting(r -> r.get(0))
                    .containsExactly(sha256(asn));
            assertThat(IptriageDatabases.isOpen(old))
                    .as("the replaced content let go")
                    .isFalse();
        } finally {
            spark.conf().set(IptriageDatabases.CONFIG, databases);
        }
    }

    private static String sha256(Path p) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @Test
    void dataFrameEnrichKeepsTheOrderAndTheColumns() {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            in.add(i % 7 == 0 ? null : "8.8." + (i % 10) + "." + i);
        }
        Dataset<Row> df = ips(in).withColumn("part", org.apache.spark.sql.functions.spark_partition_id());
        Dataset<Row> out = IptriageSpark.enrich(
                df,
                "ip",
                IptriageSpark.Options.defaults().fields("ip,asn,network").batch(3));
        assertThat(out.schema().fieldNames()).containsExactly("id", "ip", "part", "iptriage");
        List<Row> rows = out.collectAsList();
        assertThat(rows).hasSize(50);
        java.util.Map<Integer, List<Integer>> byPartition = new java.util.TreeMap<>();
        for (Row r : rows) {
            byPartition.computeIfAbsent(r.getInt(2), k -> new ArrayList<>()).add(r.getInt(0));
            String ip = r.getString(1);
            if (ip == null) {
                assertThat(r.isNullAt(3)).isTrue();
            } else {
                Row x = r.getStruct(3);
                assertThat(x.<String>getAs("ip"))
                        .as("the struct is its own row's")
                        .isEqualTo(ip);
                assertThat(x.<String>getAs("asn")).isEqualTo(ip.startsWith("8.8.8.") ? "15169" : "3356");
            }
        }
        // each partition's rows in their order (batches of 3 put back in place), none lost or repeated
        assertThat(byPartition).hasSizeGreaterThan(1);
        byPartition.values().forEach(ids -> assertThat(ids).isSorted());
        assertThat(byPartition.values().stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, 50).boxed().toList());
    }

    @Test
    void enrichRefusesANewColumnNameTheDataFrameHas() {
        Dataset<Row> df = ips(List.of("8.8.8.8"));
        for (String taken : List.of("ip", "IP", "id")) {
            assertThatThrownBy(() -> IptriageSpark.enrich(
                            df, "ip", IptriageSpark.Options.defaults().column(taken)))
                    .as("new column %s", taken)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + taken + "' for the answers is already the column")
                    .hasMessageContaining("Options.column");
        }
        // another name is fine, and its struct is selectable by name
        Row r = IptriageSpark.enrich(df, "ip", IptriageSpark.Options.defaults().column("geo"))
                .select("ip", "geo.asn")
                .collectAsList()
                .get(0);
        assertThat(r.getString(1)).isEqualTo("15169");
    }

    @Test
    void enrichFindsTheColumnAsSparkResolvesNames() {
        Dataset<Row> df = ips(List.of("8.8.8.8")).withColumnRenamed("ip", "S");
        // by default Spark ignores the case of names: so does enrich
        assertThat(spark.conf().get("spark.sql.caseSensitive", "false")).isEqualTo("false");
        Row r = IptriageSpark.enrich(df, "s", IptriageSpark.Options.defaults())
                .select("s", "iptriage.asn")
                .collectAsList()
                .get(0);
        assertThat(r.getString(1)).isEqualTo("15169");
        // two columns that differ in case only: ambiguous, as Spark says of them
        Dataset<Row> both = df.select(
                org.apache.spark.sql.functions.col("S"),
                org.apache.spark.sql.functions.lit("1.1.1.1").as("s"));
        spark.conf().set("spark.sql.caseSensitive", "true");
        try {
            assertThat(IptriageSpark.enrich(both, "s", IptriageSpark.Options.defaults())
                            .select("iptriage.ip")
                            .collectAsList()
                            .get(0)
                            .getString(0))
                    .as("with the case counting, s is the lower-case column")
                    .isEqualTo("1.1.1.1");
            assertThatThrownBy(() -> IptriageSpark.enrich(df, "s", IptriageSpark.Options.defaults()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no column 's'")
                    .hasMessageContaining("spark.sql.caseSensitive is true");
        } finally {
            spark.conf().unset("spark.sql.caseSensitive");
        }
        assertThatThrownBy(() -> IptriageSpark.enrich(both, "S", IptriageSpark.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ambiguous");
    }

    @Test
    void binaryColumnsAreLookedUpInTasksToo() {
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("b", DataTypes.BinaryType, true);
        List<Row> rows = new ArrayList<>();
        byte[][] values = {
            {8, 8, 8, 8},
            {0x20, 0x01, 0x48, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
            {1, 2},
            null,
            {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 8, 8, 8, 8}
        };
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(i, values[i % values.length]));
        }
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(3);
        df.createOrReplaceTempView("bin");
        List<Row> sql = spark.sql("SELECT id, iptriage_lookup(b) AS x FROM bin").collectAsList();
        List<Row> api = IptriageSpark.enrich(df, "b", IptriageSpark.Options.defaults())
                .select("id", "iptriage")
                .collectAsList();
        for (List<Row> got : List.of(sql, api)) {
            assertThat(got).hasSize(40);
            for (Row r : got) {
                int k = r.getInt(0) % values.length;
                if (k == 3) {
                    assertThat(r.isNullAt(1)).isTrue();
                    continue;
                }
                Row x = r.getStruct(1);
                String expected = new String[] {"8.8.8.8", "2001:4860::1", "0102", null, "8.8.8.8"}[k];
                assertThat(x.<String>getAs("ip")).isEqualTo(expected);
                assertThat(x.<String>getAs("status")).isEqualTo(k == 2 ? "invalid" : "ok");
            }
        }
    }

    @Test
    void javaUdfClassForRegisterJavaFunction() {
        spark.udf()
                .registerJava(
                        "iptriage_lookup_udf",
                        IptriageLookupUdf.class.getName(),
                        DataType.fromDDL(IptriageLookupUdf.RETURN_TYPE));
        ips(Arrays.asList("81.2.69.160", null, "junk")).createOrReplaceTempView("u");
        List<Row> rows =
                spark.sql("SELECT iptriage_lookup_udf(ip) FROM u ORDER BY id").collectAsList();
        assertThat(rows.get(0).getStruct(0).<String>getAs("city")).isEqualTo("London");
        assertThat(rows.get(1).isNullAt(0)).isTrue();
        assertThat(rows.get(2).getStruct(0).<String>getAs("status")).isEqualTo("invalid");
    }

    @Test
    void theUdfClassOpensTheSessionsDatabasesWhenRegistered() throws IOException {
        Path bad = dir.resolve("damaged-for-udf-City.mmdb");
        byte[] good = Files.readAllBytes(city);
        Files.write(bad, Arrays.copyOf(good, good.length / 3));
        String before = spark.conf().get(IptriageDatabases.CONFIG, IptriageDatabases.BUILTIN);
        spark.conf().set(IptriageDatabases.CONFIG, bad.toString()); // set at run time, as PySpark users do
        try {
            assertThatThrownBy(() -> spark.udf()
                            .registerJava(
                                    "iptriage_bad_udf",
                                    IptriageLookupUdf.class.getName(),
                                    DataType.fromDDL(IptriageLookupUdf.RETURN_TYPE)))
                    .hasStackTraceContaining(bad.toString())
                    .hasStackTraceContaining("not a valid .mmdb file");
        } finally {
            spark.conf().set(IptriageDatabases.CONFIG, before);
        }
    }

    @Test
    void theUdfRegisteredByItsHelperHasItsTypeAndFailsWithTheFileOnTop() throws IOException {
        IptriageLookupUdf.register(spark, "iptriage_helper_udf");
        ips(Arrays.asList("81.2.69.160", null, "junk")).createOrReplaceTempView("h");
        Dataset<Row> out = spark.sql("SELECT iptriage_helper_udf(ip) AS x FROM h ORDER BY id");
        assertThat(out.schema().apply("x").dataType().sql())
                .isEqualTo(DataType.fromDDL(IptriageLookupUdf.RETURN_TYPE).sql());
        List<Row> rows = out.collectAsList();
        assertThat(rows.get(0).getStruct(0).<String>getAs("ip")).isEqualTo("81.2.69.160");
        assertThat(rows.get(0).getStruct(0).<String>getAs("status")).isEqualTo("ok");
        assertThat(rows.get(0).getStruct(0).<String>getAs("city")).isEqualTo("London");
        assertThat(rows.get(1).isNullAt(0)).isTrue();

        Path bad = dir.resolve("damaged-for-helper-City.mmdb");
        byte[] good = Files.readAllBytes(city);
        Files.write(bad, Arrays.copyOf(good, good.length / 3));
        spark.conf().set(IptriageDatabases.CONFIG, bad.toString());
        try {
            // what a user sees first is the file and the problem, not Spark's reflection
            assertThatThrownBy(() -> IptriageLookupUdf.register(spark, "iptriage_bad_helper_udf"))
                    .isInstanceOf(IptriageException.class)
                    .hasMessageContaining(bad.toString())
                    .hasMessageContaining("not a valid .mmdb file");
        } finally {
            spark.conf().set(IptriageDatabases.CONFIG, databases);
        }
    }

    @Test
    void aDamagedDatabaseIsOneClearErrorAtOpen() throws IOException {
        Path bad = dir.resolve("damaged-City.mmdb");
        byte[] good = Files.readAllBytes(city);
        Files.write(bad, Arrays.copyOf(good, good.length / 2)); // cut in the middle
        IptriageSpark.Options o = IptriageSpark.Options.defaults().databases(bad.toString());
        assertThatThrownBy(() -> IptriageSpark.enrich(ips(List.of("8.8.8.8")), "ip", o))
                .isInstanceOf(IptriageException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("not a valid .mmdb file");
        // again on this JVM: the same failure at once, the file not opened again
        IptriageException first = catchIptriage(() -> IptriageDatabases.open(bad.toString(), null));
        IptriageException second = catchIptriage(() -> IptriageDatabases.open(bad.toString(), null));
        assertThat(second).isSameAs(first);

        spark.conf().set(IptriageDatabases.CONFIG, bad.toString());
        try {
            assertThatThrownBy(
                            () -> spark.sql("SELECT iptriage_lookup('8.8.8.8')").collectAsList())
                    .hasStackTraceContaining("not a valid .mmdb file");
        } finally {
            spark.conf().set(IptriageDatabases.CONFIG, databases);
        }
    }

    @Test
    void anExecutorWithOtherDataThanTheDriverFails() {
        assertThatThrownBy(() -> IptriageDatabases.open(databases, List.of("00", "11")))
                .isInstanceOf(IptriageException.class)
                .hasMessageContaining("differ on this node from the driver's")
                .hasMessageContaining("GeoLite2-City.mmdb=");
    }

    private static IptriageException catchIptriage(Runnable r) {
        try {
            r.run();
        } catch (IptriageException e) {
            return e;
        }
        throw new AssertionError("no IptriageException");
    }

    /** Lines as an analyst's list holds them: hits, misses, private, CIDRs, ports, zones, junk, hostile text. */
    static List<String> generate(long seed, int n) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        String[] junk = {
            "not an ip",
            "999.1.1.1",
            "1.2.3",
            "8.8.8.8.8",
            "=1+1",
            "@SUM(A1)",
            "\"quoted\"",
            "naïve",
            "x\u202ey",
            "::g",
            "1.2.3.4/33",
            "[2001:db8::1]",
            "-",
            "+1"
        };
        for (int i = 0; i < n; i++) {
            String s = switch (r.nextInt(14)) {
                case 0 -> "8.8.8." + r.nextInt(256);
                case 1 -> "8.8." + r.nextInt(256) + "." + r.nextInt(256);
                case 2 -> "81.2." + (64 + r.nextInt(64)) + "." + r.nextInt(256);
                case 3 -> "203.0.113." + r.nextInt(256);
                case 4 -> "1.1.1." + r.nextInt(256);
                case 5 -> r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
                case 6 ->
                    "2001:4860:" + Integer.toHexString(r.nextInt(65536)) + "::" + Integer.toHexString(r.nextInt(65536));
                case 7 -> "10." + r.nextInt(256) + ".0.1";
                case 8 ->
                    List.of("192.168.1.1", "127.0.0.1", "fe80::1%eth0", "::1", "192.0.2.7", "2001:db8::5")
                            .get(r.nextInt(6));
                case 9 ->
                    List.of("8.8.8.0/24", "10.1.2.3/8", "2001:4860::/32", "::ffff:8.8.8.8", "::ffff:1.1.1.0/120")
                            .get(r.nextInt(5));
                case 10 ->
                    List.of("8.8.8.8:53", "[2001:4860::8888]:443", " 81.2.69.160 ", "8.8.4.4,extra", "1.1.1.1;x")
                            .get(r.nextInt(5));
                case 11 -> junk[r.nextInt(junk.length)];
                case 12 ->
                    "2001:" + Integer.toHexString(r.nextInt(65536)) + "::" + Integer.toHexString(r.nextInt(65536));
                default -> "81.2.69." + r.nextInt(256);
            };
            out.add(s);
        }
        return out;
    }

    /** {@code iptriage enrich -f csv} of the lines, through the engine as the CLI runs it: header, then rows. */
    static List<List<String>> cliCsv(List<String> lines, String fields, List<Database> dbs) throws IOException {
        byte[] in = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Engine engine = Engine.builder().databases(dbs).build()) {
            engine.run(
                    Job.of(List.of(Input.stdin(new ByteArrayInputStream(in)))).withFields(fields),
                    out,
                    ProgressListener.NONE);
        }
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(out.toString(StandardCharsets.UTF_8))) {
            for (CsvRecord rec : csv) {
                rows.add(rec.getFields());
            }
        }
        return rows;
    }

    /** A struct as the CLI's CSV cells: its text escaped as CSV does, NULL as an empty cell. */
    static List<String> cells(Row struct, List<String> header) {
        List<String> out = new ArrayList<>();
        for (String h : header) {
            String v = struct.getAs(h);
            out.add(v == null ? "" : CellText.csv(v));
        }
        return out;
    }

    @Test
    void everyWayEqualsTheCliCsvRowForRow() throws IOException {
        List<String> lines = generate(18, 3000);
        List<List<String>> cli = cliCsv(lines, "default", List.of(Database.open(city), Database.open(asn)));
        List<String> header = cli.get(0);
        List<List<String>> want = cli.subList(1, cli.size());
        assertThat(want).hasSize(lines.size());

        Dataset<Row> df = ips(lines);
        df.createOrReplaceTempView("p");
        List<Row> sql =
                spark.sql("SELECT iptriage_lookup(ip) FROM p ORDER BY id").collectAsList();
        List<Row> enriched = IptriageSpark.enrich(
                        df, "ip", IptriageSpark.Options.defaults().batch(100))
                .orderBy("id")
                .collectAsList();
        spark.udf()
                .registerJava(
                        "iptriage_lookup_udf",
                        IptriageLookupUdf.class.getName(),
                        DataType.fromDDL(IptriageLookupUdf.RETURN_TYPE));
        List<Row> udf =
                spark.sql("SELECT iptriage_lookup_udf(ip) FROM p ORDER BY id").collectAsList();

        int mismatches = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<List<String>> got = List.of(
                    cells(sql.get(i).getStruct(0), header),
                    cells(enriched.get(i).getStruct(2), header),
                    cells(udf.get(i).getStruct(0), header));
            for (List<String> g : got) {
                if (!g.equals(want.get(i))) {
                    mismatches++;
                    if (examples.size() < 5) {
                        examples.add(lines.get(i) + ": cli " + want.get(i) + " spark " + g);
                    }
                }
            }
        }
        assertThat(mismatches).as("mismatches: %s", examples).isZero();
    }

    @Test
    void theGeneratedCodeAnswersAsTheInterpretedExpression() throws IOException {
        // iptriage_lookup generates its own code (inside whole-stage code generation) and also evaluates
        // row by row (Spark's interpreted mode): both must give every answer the CLI gives
        List<String> lines = generate(2027, 2000);
        List<List<String>> cli = cliCsv(lines, "default", List.of(Database.open(city), Database.open(asn)));
        List<String> header = cli.get(0);
        List<Row> rows = new ArrayList<>();
        Random random = new Random(2027);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            byte[] b = line == null ? null : line.getBytes(StandardCharsets.UTF_8);
            Object parsed = b == null ? null : ListParser.parse(b, 0, b.length, false, false);
            byte[] binary = parsed instanceof IpAddress a
                    ? a.toBytes()
                    : random.nextBoolean() ? null : new byte[random.nextInt(20)];
            rows.add(RowFactory.create(i, line, binary));
        }
        StructType schema = IPS.add("bin", DataTypes.BinaryType, true);
        spark.createDataFrame(rows, schema).repartition(2).createOrReplaceTempView("g");
        String query = "SELECT iptriage_lookup(ip) AS a, iptriage_lookup(bin) AS b FROM g ORDER BY id";

        Dataset<Row> generated = spark.sql(query);
        List<Row> fast = generated.collectAsList();
        // the adaptive plan as it ran
        assertThat(generated.queryExecution().executedPlan().toString())
                .as("the lookup runs inside a whole-stage code generation stage")
                .containsPattern("(?m)^[ :+-]*\\*\\(\\d+\\) Project \\[iptriage_lookup\\(ip");
        List<Row> plain;
        spark.conf().set("spark.sql.codegen.wholeStage", "false");
        spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
        try {
            plain = spark.sql(query).collectAsList();
        } finally {
            spark.conf().unset("spark.sql.codegen.wholeStage");
            spark.conf().unset("spark.sql.codegen.factoryMode");
        }
        assertThat(fast).hasSize(lines.size()).isEqualTo(plain);
        int mismatches = 0;
        int binaries = 0;
        for (int i = 0; i < lines.size(); i++) {
            Row r = fast.get(i);
            mismatches += cells(r.getStruct(0), header).equals(cli.get(i + 1)) ? 0 : 1;
            String line = lines.get(i);
            byte[] text = line == null ? null : line.getBytes(StandardCharsets.UTF_8);
            if (text != null && ListParser.parse(text, 0, text.length, false, false) instanceof IpAddress) {
                // the address as 4 or 16 bytes answers as the same address as text
                binaries++;
                mismatches += r.getStruct(1).equals(r.getStruct(0)) ? 0 : 1;
            }
        }
        assertThat(mismatches).isZero();
        assertThat(binaries).as("binary addresses compared").isGreaterThan(lines.size() / 2);
    }

    @Test
    void theCacheOfRepeatedValuesNeverChangesAnAnswer() throws IOException {
        // every value three times, in three orders: most lookups are repeats, answered from the cache
        List<String> once = generate(1807, 1500);
        List<String> lines = new ArrayList<>(once);
        List<String> reversed = new ArrayList<>(once);
        java.util.Collections.reverse(reversed);
        lines.addAll(reversed);
        List<String> shuffled = new ArrayList<>(once);
        java.util.Collections.shuffle(shuffled, new Random(18));
        lines.addAll(shuffled);
        String fields = "default,country_iso";
        List<List<String>> cli = cliCsv(lines, fields, List.of(Database.open(city), Database.open(asn)));
        List<String> header = cli.get(0);
        Dataset<Row> df = ips(lines);
        df.createOrReplaceTempView("c");
        // none, so small that it fills at once (the rest looked up each time), the default
        for (String size : List.of("0", "4k", IptriageDatabases.CACHE_DEFAULT)) {
            spark.conf().set(IptriageDatabases.CACHE, size);
            try {
                List<Row> sql = spark.sql("SELECT iptriage_lookup(ip, '" + fields + "') FROM c ORDER BY id")
                        .collectAsList();
                List<Row> enriched = IptriageSpark.enrich(
                                df,
                                "ip",
                                IptriageSpark.Options.defaults().fields(fields).batch(64))
                        .orderBy("id")
                        .collectAsList();
                int mismatches = 0;
                for (int i = 0; i < lines.size(); i++) {
                    List<String> want = cli.get(i + 1);
                    mismatches += cells(sql.get(i).getStruct(0), header).equals(want) ? 0 : 1;
                    mismatches += cells(enriched.get(i).getStruct(2), header).equals(want) ? 0 : 1;
                }
                assertThat(mismatches).as("cache %s", size).isZero();
            } finally {
                spark.conf().unset(IptriageDatabases.CACHE);
            }
            int[] cached = IptriageDatabases.open(databases, null)
                    .lookup(fields, IptriageDatabases.cacheBytes(size))
                    .cached();
            if (size.equals("0")) {
                assertThat(cached).containsExactly(0, 0);
            } else if (size.equals("4k")) {
                // the JVM's caches together: full already, or after a few entries
                assertThat(cached[0]).isLessThan(once.size() / 10);
                assertThat(cached[1]).isLessThan(once.size() / 10);
            } else {
                assertThat(cached[0]).as("rows cached").isGreaterThan(once.size() / 2);
                assertThat(cached[1]).as("internal rows cached").isGreaterThan(once.size() / 2);
            }
        }
    }

    @Test
    void aCacheSizeThatIsNoSizeIsAClearError() {
        spark.conf().set(IptriageDatabases.CACHE, "lots");
        try {
            assertThatThrownBy(
                            () -> spark.sql("SELECT iptriage_lookup('8.8.8.8')").collectAsList())
                    .hasStackTraceContaining(IptriageDatabases.CACHE + "=lots is not a size");
        } finally {
            spark.conf().unset(IptriageDatabases.CACHE);
        }
    }

    @Test
    void aFileThatIsNotTheContentItWasHashedAsIsNotOpened() {
        // a file replaced between hashing and mapping: the mapped bytes are checked against the hash
        IptriageDatabases.Source stale = new IptriageDatabases.Source("City.mmdb", city, "00".repeat(32));
        assertThatThrownBy(() -> IptriageDatabases.openChecked(stale))
                .isInstanceOf(IptriageException.class)
                .hasMessageContaining(city.toString())
                .hasMessageContaining("changed while it was being opened");
    }

    @Test
    void theEmbeddedDataEqualsTheCliCsvRowForRow() throws IOException {
        List<String> lines = generate(1818, 2000);
        String fields = "default,country_iso,continent";
        List<List<String>> cli = cliCsv(lines, fields, BuiltinDatabases.open());
        List<String> header = cli.get(0);
        List<Row> got = IptriageSpark.enrich(
                        ips(lines),
                        "ip",
                        IptriageSpark.Options.defaults().databases("builtin").fields(fields))
                .orderBy("id")
                .collectAsList();
        int mismatches = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!cells(got.get(i).getStruct(2), header).equals(cli.get(i + 1))) {
                mismatches++;
            }
        }
        assertThat(got.get(0).getStruct(2).schema().fieldNames()).containsExactlyElementsOf(header);
        assertThat(mismatches).isZero();
    }
}
