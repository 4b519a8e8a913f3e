package dev.iptriage.spark.bench;

import dev.iptriage.spark.IptriageSpark;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The driver of bench/spark-bench.sh.
 *
 * <ul>
 *   <li>{@code gen N DISTINCT SEED PARTITIONS OUT}: N log-like rows (an access log's fields; the client
 *       address drawn from DISTINCT addresses as bench/tags_gen.py draws them: 90% public IPv4, 10% IPv6
 *       in 50 /32s, weight 1/rank^1.1; plus 0.5% "-", "unknown", empty and NULL), written as Parquet.
 *       Each row is a function of SEED and its number only, so the data do not depend on the partitions.
 *   <li>{@code local IN OUT CITY ASN ROUNDS SAMPLE}: on this session (local[2] from the script), after an
 *       untimed warm-up of each job on 200,000 rows, ROUNDS interleaved rounds of a plain Parquet copy
 *       (the baseline), a copy that adds a struct of nine strings cut from the address (the second
 *       baseline: writing an answer of that size, no lookup), iptriage_lookup (SQL), IptriageSpark.enrich (mapPartitions) and the GeoIP2-java
 *       UDF, each reading IN and writing Parquet under OUT; and the copy, iptriage_lookup and the UDF
 *       into Spark's noop sink (run, not written). Then checks on SAMPLE rows that iptriage and the UDF
 *       agree; exit 1 if not.
 *   <li>{@code cluster IN OUT ROUNDS LABEL}: iptriage_lookup, a warm-up then ROUNDS timed runs, on the
 *       cluster the script submitted to.
 * </ul>
 *
 * Prints {@code RESULT} lines (one per timed run) and {@code MEDIAN} lines.
 */
public final class SparkBench {
    /** The CLI's default columns but ip and status (iptriage always adds status). */
    static final String FIELDS = "city,country,postal_code,latitude,longitude,asn,as_org,network";

    private SparkBench() {}

    public static void main(String[] args) throws Exception {
        SparkSession spark =
                SparkSession.builder().appName("iptriage-spark-bench").getOrCreate();
        int status = 0;
        try {
            switch (args[0]) {
                case "gen" ->
                    gen(
                            spark,
                            Long.parseLong(args[1]),
                            Integer.parseInt(args[2]),
                            Long.parseLong(args[3]),
                            Integer.parseInt(args[4]),
                            args[5]);
                case "local" ->
                    status = local(
                            spark,
                            args[1],
                            args[2],
                            args[3],
                            args[4],
                            Integer.parseInt(args[5]),
                            Integer.parseInt(args[6]),
                            args.length > 7 && args[7].equals("1"));
                case "cluster" -> cluster(spark, args[1], args[2], Integer.parseInt(args[3]), args[4]);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        } finally {
            spark.stop();
        }
        System.exit(status);
    }

    // ---- input -------------------------------------------------------------------------------------

    static final StructType LOG = new StructType()
            .add("ts", DataTypes.StringType, false)
            .add("client_ip", DataTypes.StringType, true)
            .add("method", DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false)
            .add("status", DataTypes.IntegerType, false)
            .add("bytes", DataTypes.LongType, false)
            .add("user_agent", DataTypes.StringType, false);

    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST", "HEAD"};
    private static final String[] PATHS = {
        "/",
        "/index.html",
        "/login",
        "/wp-login.php",
        "/wp-admin/admin-ajax.php",
        "/api/v1/items?id=42",
        "/static/app.js",
        "/static/style.css",
        "/.env",
        "/favicon.ico",
        "/robots.txt",
        "/search?q=ip+triage"
    };
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 200, 301, 304, 404, 404, 403, 500};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "curl/8.5.0",
        "python-requests/2.31.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    };
    private static final String[] JUNK = {"-", "unknown", ""};
    private static final int[] PRIVATE_FIRST = {0, 10, 100, 127, 169, 172, 192, 198, 203};

    static void gen(SparkSession spark, long n, int distinct, long seed, int partitions, String out) {
        MapPartitionsFunction<Long, Row> rows = ids -> {
            double[] cum = cumulative(distinct);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return ids.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    long id = ids.next();
                    SplittableRandom r = new SplittableRandom(mix(seed, id));
                    String ip;
                    double k = r.nextDouble();
                    if (k < 0.001) {
                        ip = null;
                    } else if (k < 0.005) {
                        ip = JUNK[r.nextInt(JUNK.length)];
                    } else {
                        int rank = Arrays.binarySearch(cum, r.nextDouble() * cum[cum.length - 1]);
                        ip = address(seed, rank < 0 ? Math.min(-rank - 1, cum.length - 1) : rank);
                    }
                    long second = id * 86400L / Math.max(n, 1);
                    String ts = String.format(
                            Locale.ROOT, "2026-12-06T%02d:%02d:%02dZ", second / 3600, second / 60 % 60, second % 60);
                    return RowFactory.create(
                            ts,
                            ip,
                            METHODS[r.nextInt(METHODS.length)],
                            PATHS[r.nextInt(PATHS.length)],
                            STATUSES[r.nextInt(STATUSES.length)],
                            (long) r.nextInt(200, 60000),
                            AGENTS[r.nextInt(AGENTS.length)]);
                }
            };
        };
        long t0 = System.nanoTime();
        spark.range(0, n, 1, partitions)
                .mapPartitions(rows, Encoders.row(LOG))
                .write()
                .mode("overwrite")
                .parquet(out);
        System.out.printf(
                Locale.ROOT,
                "generated %d rows (%d distinct addresses, seed %d) in %.1f s%n",
                n,
                distinct,
                seed,
                (System.nanoTime() - t0) / 1e9);
    }

    private static double[] cumulative(int distinct) {
        double[] cum = new double[distinct];
        double s = 0;
        for (int i = 0; i < distinct; i++) {
            s += 1.0 / Math.pow(i + 1, 1.1);
            cum[i] = s;
        }
        return cum;
    }

    /** The address of the given rank of the population: a function of the seed and the rank. */
    static String address(long seed, int rank) {
        SplittableRandom r = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, rank));
        if (r.nextDouble() < 0.9) {
            while (true) {
                int first = r.nextInt(1, 224);
                if (Arrays.binarySearch(PRIVATE_FIRST, first) < 0) {
                    return first + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
                }
            }
        }
        // 50 /32s in 2000::/4, the prefix a function of the seed
        SplittableRandom p = new SplittableRandom(mix(seed, -1 - r.nextInt(50)));
        int prefix = 0x20000000 | p.nextInt(1 << 28);
        StringBuilder b = new StringBuilder();
        b.append(Integer.toHexString(prefix >>> 16)).append(':').append(Integer.toHexString(prefix & 0xffff));
        for (int i = 0; i < 6; i++) {
            b.append(':').append(Integer.toHexString(r.nextInt(1 << 16)));
        }
        return b.toString();
    }

    private static long mix(long seed, long id) {
        long z = seed * 0x9E3779B97F4A7C15L + id;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- timed runs --------------------------------------------------------------------------------

    /** Rows of the untimed warm-up run of each job (JIT, databases opened). */
    private static final int WARM_UP = 200_000;

    private static final String COPY = "Parquet copy, no lookup (baseline)";
    private static final String WRITE = "Parquet copy + nine string columns from substr, no lookup (second baseline)";
    private static final String SQL = "iptriage_lookup (SQL)";
    private static final String UDF = "GeoIP2-java UDF (DatabaseReader + CHMCache)";
    /** A job's name with this suffix writes to Spark's noop sink: the plan runs, nothing is written. */
    private static final String NOOP = ", noop sink";

    private interface Job {
        Dataset<Row> plan(Dataset<Row> in);
    }

    private static Map<String, Job> iptriageJobs(SparkSession spark) {
        Map<String, Job> jobs = new LinkedHashMap<>();
        jobs.put(SQL, in -> {
            in.createOrReplaceTempView("logs");
            return spark.sql("SELECT *, iptriage_lookup(client_ip, '" + FIELDS + "') AS iptriage FROM logs");
        });
        jobs.put(
                "IptriageSpark.enrich (mapPartitions)",
                in -> IptriageSpark.enrich(
                        in, "client_ip", IptriageSpark.Options.defaults().fields(FIELDS)));
        return jobs;
    }

    private static Map<String, List<Double>> rounds(
            SparkSession spark, String in, String out, Map<String, Job> jobs, int rounds, String label) {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        long rows = spark.read().parquet(in).count();
        int i = 0;
        for (Map.Entry<String, Job> j : jobs.entrySet()) {
            long t0 = System.nanoTime();
            write(j.getKey(), j.getValue().plan(spark.read().parquet(in).limit(WARM_UP)), out + "/warm-up-" + i++);
            System.out.printf(
                    Locale.ROOT,
                    "WARM-UP %s | %s | %d rows | %.2f s%n",
                    label,
                    j.getKey(),
                    WARM_UP,
                    (System.nanoTime() - t0) / 1e9);
        }
        for (int round = 1; round <= rounds; round++) {
            i = 0;
            for (Map.Entry<String, Job> j : jobs.entrySet()) {
                Dataset<Row> plan = j.getValue().plan(spark.read().parquet(in));
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                write(j.getKey(), plan, out + "/" + label.replace(' ', '-') + "-" + i++);
                double s = (System.nanoTime() - t0) / 1e9;
                double c = (cpuNanos() - c0) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "RESULT %s | %s | round %d | %.2f s | %d rows | %.0f rows/s | this JVM's CPU %.2f s%n",
                        label,
                        j.getKey(),
                        round,
                        s,
                        rows,
                        rows / s,
                        c);
                times.computeIfAbsent(j.getKey(), k -> new ArrayList<>()).add(s);
                CPU.computeIfAbsent(j.getKey(), k -> new ArrayList<>()).add(c);
            }
        }
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            double m = median(e.getValue());
            System.out.printf(
                    Locale.ROOT,
                    "MEDIAN %s | %s | %.2f s | %.0f rows/s | runs %s%n",
                    label,
                    e.getKey(),
                    m,
                    rows / m,
                    e.getValue());
        }
        return times;
    }

    private static void write(String job, Dataset<Row> plan, String path) {
        if (job.endsWith(NOOP)) {
            plan.write().format("noop").mode("overwrite").save();
        } else {
            plan.write().mode("overwrite").parquet(path);
        }
    }

    /** CPU seconds of each job's runs in this JVM (in local mode: the driver and the executor's tasks). */
    private static final Map<String, List<Double>> CPU = new LinkedHashMap<>();

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The narrow jobs' fields: a small answer. */
    static final String NARROW_FIELDS = "country_iso,asn";

    private static final String SQL_NARROW = "iptriage_lookup (SQL), " + NARROW_FIELDS;
    private static final String UDF_NARROW = "GeoIP2-java UDF, " + NARROW_FIELDS;

    static int local(
            SparkSession spark,
            String in,
            String out,
            String city,
            String asn,
            int rounds,
            int sample,
            boolean narrow) {
        spark.udf().register("geoip2_lookup", new GeoIp2Udf(city, asn), GeoIp2Udf.RETURN_TYPE);
        spark.udf()
                .register("geoip2_country_asn", new GeoIp2Udf.CountryAsn(city, asn), GeoIp2Udf.CountryAsn.RETURN_TYPE);
        Map<String, Job> jobs = new LinkedHashMap<>();
        jobs.put(COPY, df -> df);
        // what writing a struct of nine strings with many distinct values costs without any lookup: the
        // size of iptriage's answer (status and the eight fields, as text)
        jobs.put(WRITE, df -> {
            df.createOrReplaceTempView("logs");
            StringBuilder b = new StringBuilder("SELECT *, named_struct(");
            for (int i = 0; i < 9; i++) {
                b.append(i == 0 ? "" : ", ")
                        .append("'s")
                        .append(i)
                        .append("', substr(client_ip, ")
                        .append(1 + i % 3)
                        .append(", ")
                        .append(4 + i)
                        .append(')');
            }
            return spark.sql(b.append(") AS x FROM logs").toString());
        });
        jobs.putAll(iptriageJobs(spark));
        jobs.put(UDF, df -> {
            df.createOrReplaceTempView("logs");
            return spark.sql("SELECT *, geoip2_lookup(client_ip) AS geoip2 FROM logs");
        });
        // the same plans without Parquet's writing: what the lookups cost, apart from writing their answers
        for (String name : List.of(COPY, SQL, UDF)) {
            jobs.put(name + NOOP, jobs.get(name));
        }
        if (narrow) {
            // a small answer, both ways: less to write
            jobs.put(SQL_NARROW, df -> {
                df.createOrReplaceTempView("logs");
                return spark.sql("SELECT *, iptriage_lookup(client_ip, '" + NARROW_FIELDS + "') AS iptriage FROM logs");
            });
            jobs.put(UDF_NARROW, df -> {
                df.createOrReplaceTempView("logs");
                return spark.sql("SELECT *, geoip2_country_asn(client_ip) AS geoip2 FROM logs");
            });
        }
        Map<String, List<Double>> times = rounds(spark, in, out, jobs, rounds, "local");
        double copy = median(times.get(COPY));
        double b = median(times.get(UDF));
        for (String name : iptriageJobs(spark).keySet()) {
            double a = median(times.get(name));
            double cb = median(CPU.get(UDF));
            double ca = median(CPU.get(name));
            double cc = median(CPU.get(COPY));
            System.out.printf(
                    Locale.ROOT,
                    "RATIO local | %s / UDF | throughput %.2fx | lookup time beyond the Parquet copy %.2fx"
                            + " | CPU %.2fx | CPU beyond the copy's %.2fx | %s / the second baseline %.2fx%n",
                    name,
                    b / a,
                    (b - copy) / (a - copy),
                    cb / ca,
                    (cb - cc) / (ca - cc),
                    name,
                    a / median(times.get(WRITE)));
        }
        double noopCopy = median(times.get(COPY + NOOP));
        double noopSql = median(times.get(SQL + NOOP));
        double noopUdf = median(times.get(UDF + NOOP));
        System.out.printf(
                Locale.ROOT,
                "RATIO local | %s / UDF, noop sink (the plans run, nothing written) | throughput %.2fx"
                        + " | time beyond the noop copy %.2fx | CPU %.2fx%n",
                SQL,
                noopUdf / noopSql,
                (noopUdf - noopCopy) / (noopSql - noopCopy),
                median(CPU.get(UDF + NOOP)) / median(CPU.get(SQL + NOOP)));
        int status = agree(spark, in, sample);
        if (narrow) {
            System.out.printf(
                    Locale.ROOT,
                    "RATIO local | %s / %s | throughput %.2fx | time beyond the Parquet copy %.2fx | CPU %.2fx%n",
                    SQL_NARROW,
                    UDF_NARROW,
                    median(times.get(UDF_NARROW)) / median(times.get(SQL_NARROW)),
                    (median(times.get(UDF_NARROW)) - copy) / (median(times.get(SQL_NARROW)) - copy),
                    median(CPU.get(UDF_NARROW)) / median(CPU.get(SQL_NARROW)));
            status |= agreeNarrow(spark, in, sample);
        }
        return status;
    }

    /** The narrow jobs' answers compared on a sample: the country code, the AS number as a number. */
    static int agreeNarrow(SparkSession spark, String in, int sample) {
        spark.read().parquet(in).createOrReplaceTempView("logs");
        List<Row> rows = spark.sql("SELECT client_ip, iptriage_lookup(client_ip, '" + NARROW_FIELDS + "') AS a,"
                        + " geoip2_country_asn(client_ip) AS b FROM logs LIMIT " + sample)
                .collectAsList();
        int mismatches = 0;
        int found = 0;
        for (Row r : rows) {
            Row a = r.getStruct(1);
            Row b = r.getStruct(2);
            boolean same = a == null || b == null
                    ? a == b
                    : Objects.equals(a.getAs("country_iso"), b.getAs("country_iso"))
                            && Objects.equals(
                                    a.getAs("asn"), b.isNullAt(1) ? null : String.valueOf(b.<Long>getAs("asn")));
            if (a != null && a.getAs("country_iso") != null) {
                found++;
            }
            if (!same) {
                if (mismatches < 5) {
                    System.out.println("MISMATCH " + r);
                }
                mismatches++;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "AGREE %s: %d rows compared (%d with a country), %d mismatches%n",
                NARROW_FIELDS,
                rows.size(),
                found,
                mismatches);
        return mismatches == 0 ? 0 : 1;
    }

    static void cluster(SparkSession spark, String in, String out, int rounds, String label) {
        Map<String, Job> jobs = iptriageJobs(spark);
        jobs.keySet().retainAll(List.of(SQL));
        rounds(spark, in, out, jobs, rounds, label);
        // the driver is one of the infos
        System.out.printf(
                Locale.ROOT,
                "EXECUTORS %s | %d%n",
                label,
                spark.sparkContext().statusTracker().getExecutorInfos().length - 1);
    }

    /** Compares iptriage_lookup with the UDF on a sample: the same fields, numbers as numbers, networks as addresses. */
    static int agree(SparkSession spark, String in, int sample) {
        spark.read().parquet(in).createOrReplaceTempView("logs");
        List<Row> rows = spark.sql("SELECT client_ip, iptriage_lookup(client_ip, '" + FIELDS + "') AS a,"
                        + " geoip2_lookup(client_ip) AS b FROM logs LIMIT " + sample)
                .collectAsList();
        String[] fields = FIELDS.split(",");
        int mismatches = 0;
        int found = 0;
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (Row r : rows) {
            Row a = r.getStruct(1);
            Row b = r.getStruct(2);
            if (a == null || b == null) {
                if (a != b) {
                    mismatches++;
                    System.out.println("MISMATCH " + r);
                }
                continue;
            }
            statuses.merge(a.getAs("status"), 1, Integer::sum);
            if (a.getAs("city") != null || a.getAs("asn") != null) {
                found++;
            }
            for (String f : fields) {
                if (!same(f, a.getAs(f), b.getAs(f))) {
                    if (mismatches < 5) {
                        System.out.println("MISMATCH " + r.getString(0) + " " + f + ": iptriage " + a.getAs(f)
                                + ", geoip2 " + b.getAs(f));
                    }
                    mismatches++;
                    break;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "AGREE %d rows compared (%d with data; iptriage statuses %s), %d mismatches%n",
                rows.size(),
                found,
                statuses,
                mismatches);
        return mismatches == 0 ? 0 : 1;
    }

    private static boolean same(String field, String a, Object b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return switch (field) {
            case "latitude", "longitude" -> Double.parseDouble(a) == (Double) b;
            case "asn" -> a.equals(b.toString());
            case "network" -> network(a).equals(network((String) b));
            default -> a.equals(b);
        };
    }

    private static String network(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            return InetAddress.getByName(cidr.substring(0, slash)).getHostAddress() + cidr.substring(slash);
        } catch (java.net.UnknownHostException e) {
            return cidr;
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(Objects.requireNonNull(xs));
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
