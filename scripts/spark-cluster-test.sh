#!/usr/bin/env bash
# iptriage on a real Spark cluster, not local mode: starts a standalone master and two workers (one
# core each) as separate JVMs on loopback from the Maven artifacts (no Spark download), submits
# ClusterCheck (iptriage-spark's tests) with the shared City + ASN databases shipped with --files,
# and compares iptriage_lookup and IptriageSpark.enrich (written as Parquet and read back) with
# `iptriage enrich -f csv` on the same generated list, row for row; checks that both executors
# opened the shipped copies with the driver's SHA-256. Exit 0 when all agree, 1 otherwise.
# Not run by CI (about a minute and a half on the 2-core development VM; see the end of the output).
#
# usage: scripts/spark-cluster-test.sh [LINES]      (default 100000 generated lines)
# env:   SHARED (default ../shared beside the project; its data/ holds GeoLite2-City/ASN.mmdb),
#        KEEP=1 keeps the work folder (logs, input, outputs)
# needs: python3, a JDK >= 21 (found like bin/iptriage does), the Maven artifacts (a first online
#        build of iptriage-spark fetches them)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/lib/find-java.sh
. "$root/bin/lib/find-java.sh"
iptriage_find_java || exit 2
java="$IPTRIAGE_JAVA_HOME/bin/java"
lines=${1:-100000}
shared=${SHARED:-$root/../shared}
city="$shared/data/GeoLite2-City.mmdb"
asn="$shared/data/GeoLite2-ASN.mmdb"
for f in "$city" "$asn"; do
    [ -f "$f" ] || { echo "spark-cluster-test: $f is missing (set SHARED)" >&2; exit 2; }
done
start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/iptriage-spark-cluster.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [ "${KEEP:-}" = 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "building iptriage-core, iptriage-spark and the CLI..."
"$root/bin/mvn" -B -q -o install -pl iptriage-core -DskipTests -Dspotless.check.skip=true </dev/null
"$root/bin/mvn" -B -q -o package -pl iptriage-spark -DskipTests -Dspotless.check.skip=true </dev/null
"$root/bin/mvn" -B -q -o dependency:build-classpath -pl iptriage-spark -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" </dev/null >/dev/null
cp="$root/iptriage-spark/target/test-classes:$root/iptriage-spark/target/classes:$(cat "$work/cp.txt")"
spark_jar=$(ls "$root"/iptriage-spark/target/iptriage-spark-*.jar | grep -v -e sources -e tests | head -1)
core_jar=$(tr ':' '\n' <"$work/cp.txt" | grep '/iptriage-core-[^/]*-SNAPSHOT\.jar$' | head -1)
(cd "$root/iptriage-spark/target/test-classes" && "$IPTRIAGE_JAVA_HOME/bin/jar" cf "$work/check.jar" dev/iptriage/spark/ClusterCheck*.class)

# Spark's own JVM flags for this version (what spark-submit's launcher adds)
cat >"$work/Flags.java" <<'JAVA'
public class Flags { public static void main(String[] a) { System.out.println(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()); } }
JAVA
read -r -a flags <<<"$("$java" -cp "$cp" "$work/Flags.java")"

echo "generating $lines lines and running iptriage enrich -f csv..."
python3 - "$lines" >"$work/in.txt" <<'PY'
import random, sys
r = random.Random(18)
junk = ["not an ip", "999.1.1.1", "1.2.3", "=1+1", "naïve", "8.8.8.8:53", "[2001:4860::8888]:443", "10.1.2.3/8", "fe80::1%eth0", "::ffff:8.8.8.8"]
for i in range(int(sys.argv[1])):
    k = r.random()
    if k < 0.7:
        print(".".join(str(r.randrange(256)) for _ in range(4)))
    elif k < 0.95:
        print("2%03x:%x::%x" % (r.randrange(0x1000), r.randrange(0x10000), r.randrange(0x10000)))
    else:
        print(r.choice(junk))
PY
"$root/bin/iptriage" enrich --no-lists --db "$city" --db "$asn" -f csv "$work/in.txt" >"$work/cli.csv"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
master_port=$(port)
# a Spark "distribution" made of the Maven artifacts: SPARK_HOME/jars is what workers put on executors' class path
# (Spark's own jars only: iptriage comes with --jars, without core's other libraries (CSV, DNS, SQLite, web assets), which lookups do not need)
mkdir -p "$work/home/jars" "$work/w1" "$work/w2"
tr ':' '\n' <"$work/cp.txt" | grep '\.jar$' | grep -v -e '/iptriage-' -e '/fastcsv-' -e '/dnsjava-' -e '/sqlite-jdbc-' -e '/webjars/' -e '/junit' -e '/assertj' -e '/byte-buddy' |
    while read -r j; do ln -s "$j" "$work/home/jars/"; done
export SPARK_HOME="$work/home" SPARK_SCALA_VERSION=2.13 JAVA_HOME="$IPTRIAGE_JAVA_HOME" SPARK_LOCAL_IP=127.0.0.1
echo "starting a master and two workers on 127.0.0.1:$master_port..."
"$java" "${flags[@]}" -Xmx256m -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$master_port" --webui-port "$(port)" >"$work/master.log" 2>&1 &
pids+=($!)
for w in 1 2; do
    "$java" "${flags[@]}" -Xmx256m -cp "$cp" org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --cores 1 --memory 1g --webui-port "$(port)" --work-dir "$work/w$w" \
        "spark://127.0.0.1:$master_port" >"$work/worker$w.log" 2>&1 &
    pids+=($!)
done
for i in $(seq 1 120); do
    n=$( (cat "$work"/worker*.log 2>/dev/null || true) | grep -c "Successfully registered with master" || true)
    [ "$n" -eq 2 ] && break
    sleep 1
done
[ "$n" -eq 2 ] || { echo "spark-cluster-test: the workers did not register (logs in $work)" >&2; KEEP=1; exit 1; }
ready=$(date +%s)

echo "submitting the job..."
status=0
"$java" "${flags[@]}" -Xmx768m -cp "$cp" org.apache.spark.deploy.SparkSubmit \
    --master "spark://127.0.0.1:$master_port" --deploy-mode client \
    --class dev.iptriage.spark.ClusterCheck \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.ui.enabled=false --conf spark.executor.memory=768m --conf spark.executor.cores=1 \
    --conf spark.cores.max=2 --conf spark.sql.shuffle.partitions=4 \
    --conf spark.scheduler.minRegisteredResourcesRatio=1 --conf spark.scheduler.maxRegisteredResourcesWaitingTime=60s \
    --jars "$spark_jar,$core_jar" \
    --files "$city,$asn" --conf "spark.iptriage.databases=$city,$asn" \
    --conf spark.sql.extensions=dev.iptriage.spark.IptriageExtensions \
    "$work/check.jar" "$work/in.txt" "$work/cli.csv" "$work/out.parquet" "$(dirname "$city")" \
    2>"$work/driver.log" || status=$?
end=$(date +%s)
echo "cluster up in $((ready - start)) s (with the builds), job $((end - ready)) s, total $((end - start)) s"
if [ "$status" -ne 0 ]; then
    echo "spark-cluster-test: FAILED (exit $status); driver log: $work/driver.log" >&2
    KEEP=1
    tail -20 "$work/driver.log" >&2
    exit 1
fi
echo "spark-cluster-test: OK"
