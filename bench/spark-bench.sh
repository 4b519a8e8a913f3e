#!/usr/bin/env bash
# iptriage on Spark against the UDF users write around GeoIP2-java (issue 18's benchmark).
#
#  1. generates N log-like rows (an access log's fields; client addresses drawn as bench/tags_gen.py
#     draws them, seeded; 0.5% "-", "unknown", empty, NULL) and writes them as Parquet, with Spark;
#  2. on one local[2] session, after an untimed warm-up of each job on 200,000 rows, ROUNDS
#     interleaved rounds of: a plain Parquet copy (the baseline: reading and writing without lookups),
#     a copy adding nine strings cut from the address (the second baseline: writing an answer of
#     iptriage's size without looking anything up), iptriage_lookup (SQL), IptriageSpark.enrich (mapPartitions) and a GeoIP2-java UDF (static
#     DatabaseReader + CHMCache per JVM), each reading the Parquet and writing Parquet with the same
#     fields (city, country, postal_code, latitude, longitude, asn, as_org, network) from the shared
#     City + ASN databases; and the copy, iptriage_lookup and the UDF again into Spark's noop sink
#     (the plans run, nothing is written: the lookups' cost apart from Parquet's writing); then checks
#     on SAMPLE rows that iptriage and the UDF agree;
#  3. starts a standalone master and one 1-core worker from the Maven artifacts (as
#     scripts/spark-cluster-test.sh does), runs the iptriage_lookup job there (warm-up, then
#     CLUSTER_ROUNDS timed runs), adds a second worker, runs it again: two workers against one.
# The driver is iptriage-spark's test class dev.iptriage.spark.bench.SparkBench. Prints RESULT lines
# (each run), MEDIAN lines and the ratios; exit 1 when iptriage and the UDF disagree.
#
# usage: bench/spark-bench.sh [N]          (default 10000000 rows)
# env:   SHARED (default ../shared beside the project), DISTINCT (distinct addresses, default 200000),
#        SEED (default 18), ROUNDS (timed local rounds, default 3), CLUSTER_ROUNDS (default 2),
#        SAMPLE (rows compared, default 200000), CLUSTER=0 skips step 3, KEEP=1 keeps the work folder,
#        NARROW=1 adds two jobs with a small answer (country_iso and asn) to each local round: iptriage_lookup and
#        the same UDF returning those two fields, compared on the sample too
# needs: a JDK >= 21 (found like bin/iptriage does), python3, the Maven artifacts (one online build of
#        iptriage-spark fetches them); offline afterwards
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/lib/find-java.sh
. "$root/bin/lib/find-java.sh"
iptriage_find_java || exit 2
java="$IPTRIAGE_JAVA_HOME/bin/java"
n=${1:-10000000}
shared=${SHARED:-$root/../shared}
city="$shared/data/GeoLite2-City.mmdb"
asn="$shared/data/GeoLite2-ASN.mmdb"
for f in "$city" "$asn"; do
    [ -f "$f" ] || { echo "spark-bench: $f is missing (set SHARED)" >&2; exit 2; }
done
city=$(cd "$(dirname "$city")" && pwd)/GeoLite2-City.mmdb
asn=$(cd "$(dirname "$asn")" && pwd)/GeoLite2-ASN.mmdb
# shellcheck source=../scripts/lib/spark.sh
. "$root/scripts/lib/spark.sh"
spark_setup iptriage-spark-bench
(cd "$root/iptriage-spark/target/test-classes" && "$IPTRIAGE_JAVA_HOME/bin/jar" cf "$work/bench.jar" dev/iptriage/spark/bench/*.class)

local_conf=(-Dspark.master="local[2]" -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1
    -Dspark.sql.extensions=dev.iptriage.spark.IptriageExtensions -Dspark.iptriage.databases="$city,$asn")
bench() { "$java" "${flags[@]}" -Xmx4g "${local_conf[@]}" -cp "$cp" dev.iptriage.spark.bench.SparkBench "$@"; }

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; $("$java" -version 2>&1 | head -1)"
echo "generating $n rows (${DISTINCT:-200000} distinct addresses, seed ${SEED:-18}) as Parquet..."
bench gen "$n" "${DISTINCT:-200000}" "${SEED:-18}" 16 "$work/in.parquet" 2>"$work/gen.log" | grep -v '^$'
echo "input: $(du -sh "$work/in.parquet" | cut -f1)"

echo "local[2]: a warm-up, then ${ROUNDS:-3} interleaved rounds..."
status=0
bench local "$work/in.parquet" "$work/out" "$city" "$asn" "${ROUNDS:-3}" "${SAMPLE:-200000}" "${NARROW:-0}" 2>"$work/local.log" |
    grep -e '^WARM-UP' -e '^RESULT' -e '^MEDIAN' -e '^RATIO' -e '^AGREE' -e '^MISMATCH' || status=1
for d in "$work"/out/local-?; do echo "output $(basename "$d"): $(du -sh "$d" | cut -f1)"; done
rm -rf "$work/out"
[ "${CLUSTER:-1}" = 0 ] && exit "$status"

spark_master
worker() { spark_worker "$1" 3g; }
submit() {
    "$java" "${flags[@]}" -Xmx1g -cp "$cp" org.apache.spark.deploy.SparkSubmit \
        --master "spark://127.0.0.1:$master_port" --deploy-mode client \
        --class dev.iptriage.spark.bench.SparkBench \
        --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
        --conf spark.ui.enabled=false --conf spark.executor.memory=2g --conf spark.executor.cores=1 \
        --conf spark.cores.max="$1" --conf spark.scheduler.minRegisteredResourcesRatio=1.0 \
        --jars "$spark_jar,$core_jar" \
        --files "$city,$asn" --conf "spark.iptriage.databases=$city,$asn" \
        --conf spark.sql.extensions=dev.iptriage.spark.IptriageExtensions \
        "$work/bench.jar" cluster "$work/in.parquet" "$work/out" "${CLUSTER_ROUNDS:-2}" "$2" 2>"$work/driver-$1.log" |
        grep -e '^WARM-UP' -e '^RESULT' -e '^MEDIAN' -e '^EXECUTORS' || { echo "spark-bench: the job failed; driver log: $work/driver-$1.log" >&2; KEEP=1; exit 1; }
    rm -rf "$work/out"
}
echo "standalone cluster, one 1-core worker: a warm-up, then ${CLUSTER_ROUNDS:-2} runs..."
worker 1
submit 1 "1 worker"
echo "standalone cluster, two 1-core workers: the same..."
worker 2
submit 2 "2 workers"
exit "$status"
