#!/usr/bin/env bash
# iptriage on Spark against the UDF users write around GeoIP2-java (issue 18's benchmark).
#
#  1. generates N log-like rows (an access log's fields; client addresses drawn as bench/tags_gen.py
#     draws them, seeded; 0.5% "-", "unknown", empty, NULL) and writes them as Parquet, with Spark;
#  2. on one local[2] session, after an untimed warm-up of each job on 200,000 rows, ROUNDS
#     interleaved rounds of: a plain Parquet copy (the baseline: reading and writing without lookups),
#     iptriage_lookup (SQL), IptriageSpark.enrich (mapPartitions) and a GeoIP2-java UDF (static
#     DatabaseReader + CHMCache per JVM), each reading the Parquet and writing Parquet with the same
#     fields (city, country, postal_code, latitude, longitude, asn, as_org, network) from the shared
#     City + ASN databases; then checks on SAMPLE rows that iptriage and the UDF agree;
#  3. starts a standalone master and one 1-core worker from the Maven artifacts (as
#     scripts/spark-cluster-test.sh does), runs the iptriage_lookup job there (warm-up, then
#     CLUSTER_ROUNDS timed runs), adds a second worker, runs it again: two workers against one.
# The driver is iptriage-spark's test class dev.iptriage.spark.bench.SparkBench. Prints RESULT lines
# (each run), MEDIAN lines and the ratios; exit 1 when iptriage and the UDF disagree.
#
# usage: bench/spark-bench.sh [N]          (default 10000000 rows)
# env:   SHARED (default ../shared beside the project), DISTINCT (distinct addresses, default 200000),
#        SEED (default 18), ROUNDS (timed local rounds, default 3), CLUSTER_ROUNDS (default 2),
#        SAMPLE (rows compared, default 200000), CLUSTER=0 skips step 3, KEEP=1 keeps the work folder
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
work=$(mktemp -d "${TMPDIR:-/tmp}/iptriage-spark-bench.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [ "${KEEP:-}" = 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "building iptriage-core and iptriage-spark (with its test classes)..."
"$root/bin/mvn" -B -q -o install -pl iptriage-core -DskipTests -Dspotless.check.skip=true </dev/null
"$root/bin/mvn" -B -q -o package -pl iptriage-spark -DskipTests -Dspotless.check.skip=true </dev/null
"$root/bin/mvn" -B -q -o dependency:build-classpath -pl iptriage-spark -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" </dev/null >/dev/null
cp="$root/iptriage-spark/target/test-classes:$root/iptriage-spark/target/classes:$(cat "$work/cp.txt")"
spark_jar=$(ls "$root"/iptriage-spark/target/iptriage-spark-*.jar | grep -v -e sources -e tests | head -1)
core_jar=$(tr ':' '\n' <"$work/cp.txt" | grep '/iptriage-core-[^/]*-SNAPSHOT\.jar$' | head -1)
(cd "$root/iptriage-spark/target/test-classes" && "$IPTRIAGE_JAVA_HOME/bin/jar" cf "$work/bench.jar" dev/iptriage/spark/bench/*.class)

# Spark's own JVM flags for this version (what spark-submit's launcher adds)
cat >"$work/Flags.java" <<'JAVA'
public class Flags { public static void main(String[] a) { System.out.println(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()); } }
JAVA
read -r -a flags <<<"$("$java" -cp "$cp" "$work/Flags.java")"
local_conf=(-Dspark.master="local[2]" -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1
    -Dspark.sql.extensions=dev.iptriage.spark.IptriageExtensions -Dspark.iptriage.databases="$city,$asn")
bench() { "$java" "${flags[@]}" -Xmx4g "${local_conf[@]}" -cp "$cp" dev.iptriage.spark.bench.SparkBench "$@"; }

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; $("$java" -version 2>&1 | head -1)"
echo "generating $n rows (${DISTINCT:-200000} distinct addresses, seed ${SEED:-18}) as Parquet..."
bench gen "$n" "${DISTINCT:-200000}" "${SEED:-18}" 16 "$work/in.parquet" 2>"$work/gen.log" | grep -v '^$'
echo "input: $(du -sh "$work/in.parquet" | cut -f1)"

echo "local[2]: a warm-up, then ${ROUNDS:-3} interleaved rounds..."
status=0
bench local "$work/in.parquet" "$work/out" "$city" "$asn" "${ROUNDS:-3}" "${SAMPLE:-200000}" 2>"$work/local.log" |
    grep -e '^WARM-UP' -e '^RESULT' -e '^MEDIAN' -e '^RATIO' -e '^AGREE' -e '^MISMATCH' || status=1
for d in "$work"/out/local-?; do echo "output $(basename "$d"): $(du -sh "$d" | cut -f1)"; done
rm -rf "$work/out"
[ "${CLUSTER:-1}" = 0 ] && exit "$status"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
master_port=$(port)
# a Spark "distribution" made of the Maven artifacts (see scripts/spark-cluster-test.sh)
mkdir -p "$work/home/jars" "$work/w1" "$work/w2"
tr ':' '\n' <"$work/cp.txt" | grep '\.jar$' | grep -v -e '/iptriage-' -e '/fastcsv-' -e '/dnsjava-' -e '/sqlite-jdbc-' -e '/webjars/' -e '/junit' -e '/assertj' -e '/byte-buddy' |
    while read -r j; do ln -s "$j" "$work/home/jars/"; done
export SPARK_HOME="$work/home" SPARK_SCALA_VERSION=2.13 JAVA_HOME="$IPTRIAGE_JAVA_HOME" SPARK_LOCAL_IP=127.0.0.1
"$java" "${flags[@]}" -Xmx256m -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$master_port" --webui-port "$(port)" >"$work/master.log" 2>&1 &
pids+=($!)
worker() {
    "$java" "${flags[@]}" -Xmx256m -cp "$cp" org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --cores 1 --memory 3g --webui-port "$(port)" --work-dir "$work/w$1" \
        "spark://127.0.0.1:$master_port" >"$work/worker$1.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 120); do
        grep -q "Successfully registered with master" "$work/worker$1.log" 2>/dev/null && return 0
        sleep 1
    done
    echo "spark-bench: worker $1 did not register (logs in $work)" >&2
    KEEP=1
    exit 1
}
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
