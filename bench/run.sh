#!/usr/bin/env bash
# End-to-end benchmark: iptriage against MaxMind's C reader (the peer in ../shared/bench), same
# inputs, same databases, same run. Prints wall time, lines/s, peak RSS and the ratio to the peer,
# then checks that both wrote the same rows (compare.py from ../shared/bench).
#
# usage: bench/run.sh [CASE...]     cases: tiny 1m 1m-unique 10m (default: all)
# env:   SHARED (default ../shared), DATA_DIR (default $SHARED/data), INPUT_DIR (default
#        /tmp/bench-inputs), OUT_DIR (default /tmp/iptriage-bench), REPEAT (runs per case, median;
#        default 3), IPTRIAGE_JAVA_OPTS (passed to bin/iptriage), IPTRIAGE (the iptriage to run: a
#        launcher such as another checkout's bin/iptriage; default this tree's bin/iptriage;
#        bench/ab.sh uses it to run a build of another commit), IPTRIAGE_JAVA_HOME; iptriage runs with its
#        defaults: other IPTRIAGE_* variables and the user's config file are ignored (the databases are given
#        with --db)
# needs: Debian packages libmaxminddb-dev (the C peer) and python3-maxminddb (input generator):
#        apt-get install -y libmaxminddb-dev python3-maxminddb
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$root/../shared}
DATA_DIR=${DATA_DIR:-$SHARED/data}
INPUT_DIR=${INPUT_DIR:-/tmp/bench-inputs}
OUT_DIR=${OUT_DIR:-/tmp/iptriage-bench}
REPEAT=${REPEAT:-3}
IPTRIAGE=${IPTRIAGE:-$root/bin/iptriage}
CITY=$DATA_DIR/GeoLite2-City.mmdb
ASN=$DATA_DIR/GeoLite2-ASN.mmdb
CASES=("$@")
[ ${#CASES[@]} -eq 0 ] && CASES=(tiny 1m 1m-unique 10m)
mkdir -p "$OUT_DIR" "$INPUT_DIR"
# shellcheck source=../scripts/lib/no-user-settings.sh
. "$root/scripts/lib/no-user-settings.sh"
no_user_settings "$OUT_DIR"

[ -f "$CITY" ] && [ -f "$ASN" ] || { echo "bench: $CITY / $ASN not found (set SHARED or DATA_DIR)" >&2; exit 1; }
printf '#include <maxminddb.h>\n' | cc -E -x c - >/dev/null 2>&1 || { echo "bench: needs libmaxminddb-dev (apt-get install -y libmaxminddb-dev)" >&2; exit 1; }

# inputs from the shared deterministic generator
if [ ! -f "$INPUT_DIR/ips-10000000.txt" ] || [ ! -f "$INPUT_DIR/ips-1000000-unique.txt" ]; then
    echo "== generating inputs in $INPUT_DIR (about a minute)" >&2
    DATA_DIR=$DATA_DIR INPUT_DIR=$INPUT_DIR "$SHARED/bench/gen-ips/gen-inputs.sh" >&2
fi
head -n 20 "$INPUT_DIR/ips-1000000.txt" > "$INPUT_DIR/ips-20.txt"

# the C peer, built out of the read-only shared tree
mkdir -p "$OUT_DIR/cpeer"
cp "$SHARED/bench/peers/c/triage.c" "$SHARED/bench/peers/c/Makefile" "$OUT_DIR/cpeer/"
make -s -C "$OUT_DIR/cpeer" >&2
CPEER=$OUT_DIR/cpeer/triage

# iptriage: build once so the timed runs do not include it
"$IPTRIAGE" --version >/dev/null || { echo "bench: $IPTRIAGE --version failed" >&2; exit 1; }
# which build runs: the commit of the launcher's tree (+changes: with uncommitted ones)
script=bench
# shellcheck source=../scripts/lib/build-ref.sh
. "$root/scripts/lib/build-ref.sh"
build=$(describe_tree "$(dirname "$(readlink -f "$IPTRIAGE")")")

input_of() {
    case "$1" in
        tiny) echo "$INPUT_DIR/ips-20.txt" ;;
        1m) echo "$INPUT_DIR/ips-1000000.txt" ;;
        1m-unique) echo "$INPUT_DIR/ips-1000000-unique.txt" ;;
        10m) echo "$INPUT_DIR/ips-10000000.txt" ;;
        *) return 1 ;;
    esac
}

# run NAME OUT CMD...: REPEAT runs; sets WALL (median s) and RSS (max MB)
run() {
    local name=$1 out=$2
    shift 2
    local walls=() rss=0 w r
    for ((i = 1; i <= REPEAT; i++)); do
        rm -f "$out"
        # flush what the previous run wrote, so its write-back (up to a gigabyte, which the kernel
        # starts 30 s later) does not land in this run's time
        sync
        /usr/bin/time -f '%e %M' -o "$OUT_DIR/$name.time" "$@" > "$OUT_DIR/$name.log" 2>&1 ||
            { echo "bench: $name failed:" >&2; cat "$OUT_DIR/$name.log" >&2; exit 1; }
        read -r w r < "$OUT_DIR/$name.time"
        walls+=("$w")
        r=$((r / 1024))
        [ "$r" -gt "$rss" ] && rss=$r
    done
    WALL=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
    RSS=$rss
}

cat "$CITY" "$ASN" > /dev/null
{
    echo "date: $(date -u +%Y-%m-%d), host: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
    echo "java: $("$root/bin/mvn" -v 2>/dev/null | sed -n 's/^Java version: \([^,]*\).*/\1/p'), runs per case: $REPEAT (median wall, max RSS)"
    echo "iptriage: $IPTRIAGE at $build"
    printf '%-10s %-9s %9s %11s %8s %9s  %s\n' case tool wall_s lines/s rss_MB vs_C agreement
} | tee "$OUT_DIR/summary.txt"
for c in "${CASES[@]}"; do
    in=$(input_of "$c") || { echo "unknown case $c" >&2; exit 2; }
    lines=$(wc -l < "$in")
    cat "$in" > /dev/null
    run "c-$c" "$OUT_DIR/c-$c.csv" "$CPEER" "$CITY" "$ASN" "$in" "$OUT_DIR/c-$c.csv"
    cwall=$WALL crss=$RSS
    # --strict: only bare literals count as addresses, as for inet_pton in the C peer
    run "iptriage-$c" "$OUT_DIR/iptriage-$c.csv" "$IPTRIAGE" enrich -q --strict --db "$CITY" --db "$ASN" \
        -o "$OUT_DIR/iptriage-$c.csv" "$in"
    iwall=$WALL irss=$RSS
    python3 "$root/bench/to_peer_csv.py" "$OUT_DIR/iptriage-$c.csv" "$OUT_DIR/iptriage-$c.peer.csv"
    if python3 "$SHARED/bench/compare.py" "c=$OUT_DIR/c-$c.csv" "iptriage=$OUT_DIR/iptriage-$c.peer.csv" \
        > "$OUT_DIR/compare-$c.txt"; then agree="0 mismatches"; else agree="MISMATCH (see $OUT_DIR/compare-$c.txt)"; fi
    awk -v c="$c" -v l="$lines" -v cw="$cwall" -v cr="$crss" -v iw="$iwall" -v ir="$irss" -v a="$agree" 'BEGIN{
        # /usr/bin/time has 10 ms resolution: a 0.00 s run has no meaningful rate or ratio
        printf "%-10s %-9s %9.2f %11s %8d %9s  %s\n", c, "c", cw, (cw > 0 ? sprintf("%.0f", l/cw) : "-"), cr, "1.00x", ""
        printf "%-10s %-9s %9.2f %11s %8d %9s  %s\n", c, "iptriage", iw, (iw > 0 ? sprintf("%.0f", l/iw) : "-"), ir,
            (cw > 0 && iw > 0 ? sprintf("%.2fx", cw/iw) : "-"), a }' | tee -a "$OUT_DIR/summary.txt"
done
echo "outputs and logs in $OUT_DIR" >&2
