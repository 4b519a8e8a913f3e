#!/usr/bin/env bash
# iptriage on a real Spark cluster, not local mode: starts a standalone master and two workers (one
# core each) as separate JVMs on loopback from the Maven artifacts (no Spark download), submits
# ClusterCheck (iptriage-spark's tests) with the README's spark-submit arguments through Spark's own
# launcher (as a distribution's bin/spark-submit does) and the shared City + ASN databases shipped with --files,
# and compares iptriage_lookup and IptriageSpark.enrich (written as Parquet and read back) with
# `iptriage enrich -f csv` on the same generated list, row for row; checks that both executors
# opened the shipped copies with the driver's SHA-256. Exit 0 when all agree, 1 otherwise.
# Not run by CI (about a minute and a half on the 2-core development VM; see the end of the output).
#
# usage: scripts/spark-cluster-test.sh [LINES]      (default 100000 generated lines)
# env:   SHARED (default ../shared beside the project; its data/ holds GeoLite2-City/ASN.mmdb),
#        KEEP=1 keeps the work folder (logs, input, outputs); iptriage enrich runs with its defaults:
#        IPTRIAGE_* variables other than IPTRIAGE_JAVA_HOME and IPTRIAGE_JAVA_OPTS, and the user's config
#        file, are ignored
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
# shellcheck source=lib/spark.sh
. "$root/scripts/lib/spark.sh"
spark_setup iptriage-spark-cluster
(cd "$root/iptriage-spark/target/test-classes" && "$IPTRIAGE_JAVA_HOME/bin/jar" cf "$work/check.jar" dev/iptriage/spark/ClusterCheck*.class)

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
# shellcheck source=lib/no-user-settings.sh
. "$root/scripts/lib/no-user-settings.sh"
no_user_settings "$work"
"$root/bin/iptriage" enrich --no-config --no-lists --db "$city" --db "$asn" -f csv "$work/in.txt" >"$work/cli.csv"

echo "starting a master and two workers on loopback..."
spark_master
spark_worker 1 1g
spark_worker 2 1g
ready=$(date +%s)

echo "submitting the job..."
status=0
# the README's spark-submit line (--master, --jars, --files, the two --confs, --class), through Spark's own launcher
# as bin/spark-submit runs it; and what this machine needs: loopback, small executors, no web UI, the check's CSV
# reader (fastcsv) beside iptriage's jars
fastcsv_jar=$(tr ':' '\n' <"$work/cp.txt" | grep '/fastcsv-[^/]*\.jar$' | head -1)
spark_submit --master "spark://127.0.0.1:$master_port" --deploy-mode client --driver-memory 768m \
    --jars "$spark_jar,$core_jar,$fastcsv_jar" \
    --files "$city,$asn" \
    --conf "spark.iptriage.databases=$city,$asn" \
    --conf spark.sql.extensions=dev.iptriage.spark.IptriageExtensions \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.ui.enabled=false --conf spark.executor.memory=768m --conf spark.executor.cores=1 \
    --conf spark.cores.max=2 --conf spark.sql.shuffle.partitions=4 \
    --conf spark.scheduler.minRegisteredResourcesRatio=1 --conf spark.scheduler.maxRegisteredResourcesWaitingTime=60s \
    --class dev.iptriage.spark.ClusterCheck \
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
