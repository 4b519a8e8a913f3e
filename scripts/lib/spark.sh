# Shared by scripts/spark-cluster-test.sh and bench/spark-bench.sh (sourced, not run): Spark from the Maven
# artifacts, no download. Needs $root (the project) and $java; sets $work, $cp, $spark_jar, $core_jar, $flags.
#
#   spark_setup NAME        a work folder (removed on exit unless KEEP=1; started processes killed), the builds of
#                           iptriage-core and iptriage-spark, the test class path, Spark's JVM flags
#   spark_master            a standalone master on a free loopback port ($master_port)
#   spark_worker K MEMORY   a 1-core worker in $work/wK, waited for until it has registered
#   spark_submit ARGS...    spark-submit as a distribution's bin/spark-submit runs it (see below)
# shellcheck shell=bash

pids=()

spark_cleanup() {
    for p in "${pids[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [ "${KEEP:-}" = 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}

spark_setup() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    trap spark_cleanup EXIT
    echo "building iptriage-core and iptriage-spark (with its test classes)..."
    "$root/bin/mvn" -B -q -o install -pl iptriage-core -DskipTests -Dspotless.check.skip=true </dev/null
    "$root/bin/mvn" -B -q -o package -pl iptriage-spark -DskipTests -Dspotless.check.skip=true </dev/null
    "$root/bin/mvn" -B -q -o dependency:build-classpath -pl iptriage-spark -Dmdep.includeScope=test \
        -Dmdep.outputFile="$work/cp.txt" </dev/null >/dev/null
    cp="$root/iptriage-spark/target/test-classes:$root/iptriage-spark/target/classes:$(cat "$work/cp.txt")"
    spark_jar=$(find "$root/iptriage-spark/target" -maxdepth 1 -name 'iptriage-spark-*.jar' \
        ! -name '*-sources.jar' ! -name '*-tests.jar' | head -1)
    core_jar=$(tr ':' '\n' <"$work/cp.txt" | grep '/iptriage-core-[^/]*-SNAPSHOT\.jar$' | head -1)
    # Spark's own JVM flags for this version (what spark-submit's launcher adds)
    cat >"$work/Flags.java" <<'JAVA'
public class Flags { public static void main(String[] a) { System.out.println(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()); } }
JAVA
    read -r -a flags <<<"$("$java" -cp "$cp" "$work/Flags.java")"
}

spark_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

spark_master() {
    master_port=$(spark_port)
    # a Spark "distribution" made of the Maven artifacts: SPARK_HOME/jars is what workers put on executors' class
    # path (Spark's own jars only: iptriage comes with --jars, without core's other libraries, which lookups do not
    # need)
    mkdir -p "$work/home/jars"
    tr ':' '\n' <"$work/cp.txt" | grep '\.jar$' |
        grep -v -e '/iptriage-' -e '/fastcsv-' -e '/dnsjava-' -e '/sqlite-jdbc-' -e '/webjars/' -e '/junit' \
            -e '/assertj' -e '/byte-buddy' |
        while read -r j; do ln -s "$j" "$work/home/jars/"; done
    export SPARK_HOME="$work/home" SPARK_SCALA_VERSION=2.13 JAVA_HOME="$IPTRIAGE_JAVA_HOME" SPARK_LOCAL_IP=127.0.0.1
    "$java" "${flags[@]}" -Xmx256m -cp "$cp" org.apache.spark.deploy.master.Master \
        --host 127.0.0.1 --port "$master_port" --webui-port "$(spark_port)" >"$work/master.log" 2>&1 &
    pids+=($!)
}

spark_worker() {
    mkdir -p "$work/w$1"
    "$java" "${flags[@]}" -Xmx256m -cp "$cp" org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --cores 1 --memory "$2" --webui-port "$(spark_port)" --work-dir "$work/w$1" \
        "spark://127.0.0.1:$master_port" >"$work/worker$1.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 120); do
        grep -q "Successfully registered with master" "$work/worker$1.log" 2>/dev/null && return 0
        sleep 1
    done
    echo "worker $1 did not register (logs in $work)" >&2
    KEEP=1
    exit 1
}

# spark_submit ARGS...     what a Spark distribution's bin/spark-submit does, over these jars: Spark's own launcher
#                          (org.apache.spark.launcher.Main, from $SPARK_HOME/jars) turns the spark-submit arguments
#                          into the driver's command line (class path from $SPARK_HOME, --driver-memory, the JVM
#                          flags this Spark version needs), printed NUL-separated after a NUL marker; that command
#                          is then run. Needs spark_master's SPARK_HOME and JAVA_HOME.
spark_submit() {
    local command_file="$work/submit-command" arg marker=0
    local cmd=()
    "$JAVA_HOME/bin/java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \
        org.apache.spark.deploy.SparkSubmit "$@" >"$command_file" ||
        { echo "spark_submit: Spark's launcher refused the arguments" >&2; return 1; }
    while IFS= read -r -d '' arg; do
        if [ "$marker" = 0 ]; then
            # anything the launcher printed before its marker is a message for the user
            [ -z "$arg" ] || printf '%s\n' "$arg" >&2
            marker=1
            continue
        fi
        [ ${#cmd[@]} -gt 0 ] || arg=${arg#$'\n'}
        cmd+=("$arg")
    done <"$command_file"
    [ ${#cmd[@]} -gt 0 ] || { echo "spark_submit: Spark's launcher printed no command" >&2; return 1; }
    "${cmd[@]}"
}
