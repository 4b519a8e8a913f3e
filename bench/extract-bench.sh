#!/usr/bin/env bash
# Extraction throughput: `iptriage extract --from text` on a large threat-report-like text (defanged
# indicators mixed into prose) and `--from nginx` on a large access log, next to `grep -oE` for dotted
# quads on the same files in the same run. Prints MB/s and the ratio to grep. The inputs are
# generated (seeded, reproducible) in OUT_DIR, not committed.
#
# The text case also runs on a LARGE_MB file and then prints the steady-state throughput: the extra
# megabytes over the extra seconds between the two sizes, which leaves out what every run pays once
# (JVM start and JIT compilation for iptriage, almost nothing for grep).
#
# Both sides write their whole output to a file in OUT_DIR, and the script prints how many lines
# each wrote (addresses found by iptriage, dotted quads by grep), so a side that skips work shows.
# Never send a peer's output to /dev/null: GNU grep then stops at the first match (it acts as -q).
#
# usage: bench/extract-bench.sh [SIZE_MB [LARGE_MB]]   (default 400 and 1600; LARGE_MB 0: skip it)
# env:   OUT_DIR (default bench/out/extract, git-ignored), REPEAT (runs per case, best; default 3),
#        IPTRIAGE_JAVA_OPTS (passed to bin/iptriage), IPTRIAGE_JAVA_HOME; iptriage runs with its defaults: other
#        IPTRIAGE_* variables (IPTRIAGE_FORMAT, IPTRIAGE_THREADS, ...) and the user's config file are ignored
# needs: python3, GNU grep
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZE_MB=${1:-400}
LARGE_MB=${2:-1600}
if [ "$LARGE_MB" -gt 0 ] && [ "$LARGE_MB" -le "$SIZE_MB" ]; then
    echo "bench: LARGE_MB ($LARGE_MB) must be larger than SIZE_MB ($SIZE_MB), or 0 to skip it" >&2
    exit 2
fi
OUT_DIR=${OUT_DIR:-$root/bench/out/extract}
REPEAT=${REPEAT:-3}
mkdir -p "$OUT_DIR"
# shellcheck source=../scripts/lib/no-user-settings.sh
. "$root/scripts/lib/no-user-settings.sh"
no_user_settings "$OUT_DIR"
text=$OUT_DIR/report-${SIZE_MB}m.txt
access=$OUT_DIR/access-${SIZE_MB}m.log

generate() { # kind file size_mb
    python3 - "$1" "$2" "$3" <<'PY'
import random, sys
kind, path, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(20261123)
words = ("the actor used infrastructure hosted at several providers and rotated domains every week "
         "while the loader version 6.1.7601 beaconed over https to the panel; see appendix for hashes").split()
def ip():
    return "%d.%d.%d.%d" % (rnd.randint(1, 223), rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254))
def defang(a):
    return rnd.choice([a, a.replace(".", "[.]"), a.replace(".", "(.)"), "hxxp://" + a.replace(".", "[.]") + "/x",
                       a.replace(".", "[dot]"), a + ":443"])
agents = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36", "curl/8.5.0",
          "python-requests/2.31", "Googlebot/2.1 (+http://www.google.com/bot.html)"]
paths = ["/", "/login", "/wp-admin/admin-ajax.php", "/api/v1/items?id=42", "/static/app.js", "/.env"]
clients = [ip() for _ in range(50000)]
target = size_mb << 20
written = 0
with open(path, "w") as f:
    while written < target:
        if kind == "text":
            line = " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 20)))
            if rnd.random() < 0.3:
                line += " C2 " + defang(ip()) + " " + " ".join(rnd.choice(words) for _ in range(5))
        else:
            line = '%s - - [%02d/Nov/2026:%02d:%02d:%02d +0000] "GET %s HTTP/1.1" %d %d "-" "%s"' % (
                rnd.choice(clients), rnd.randint(1, 28), rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59),
                rnd.choice(paths), rnd.choice([200, 200, 200, 301, 404, 500]), rnd.randint(100, 90000),
                rnd.choice(agents))
        f.write(line + "\n")
        written += len(line) + 1
PY
}

[ -f "$text" ] || { echo "== generating $text" >&2; generate text "$text" "$SIZE_MB"; }
[ -f "$access" ] || { echo "== generating $access" >&2; generate nginx "$access" "$SIZE_MB"; }
large=$OUT_DIR/report-${LARGE_MB}m.txt
if [ "$LARGE_MB" -gt 0 ] && [ ! -f "$large" ]; then
    echo "== generating $large" >&2
    generate text "$large" "$LARGE_MB"
fi
"$root/bin/iptriage" --version >/dev/null # build the jar outside the timings

# timed LABEL COMMAND...: REPEAT runs, stdout to $OUT_DIR/LABEL.out (a file, for every side alike);
# sets T (the best wall time in seconds) and N (the lines written: what was found)
timed() {
    local label=$1
    shift
    local out=$OUT_DIR/$label.out best="" s e t rc
    for _ in $(seq "$REPEAT"); do
        rm -f "$out"
        sync # the previous run's write-back does not land in this one's time
        s=$(date +%s.%N)
        rc=0
        "$@" >"$out" 2>"$OUT_DIR/$label.err" || rc=$?
        e=$(date +%s.%N)
        if [ "$rc" -ne 0 ]; then
            echo "bench: $label failed (exit $rc): $*" >&2
            head -n 20 "$OUT_DIR/$label.err" >&2
            exit 1
        fi
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    T=$best
    N=$(wc -l <"$out")
    [ "$N" -gt 0 ] || echo "bench: warning: $label wrote nothing ($out)" >&2
}

quad='([0-9]{1,3}\.){3}[0-9]{1,3}'
printf '%-32s %8s %10s %10s %8s %11s %11s\n' case MB grep_MB/s iptr_MB/s ratio grep_found iptr_found
row() { # label MB grep_s iptriage_s grep_found iptriage_found
    printf '%-32s %8.1f %10.1f %10.1f %8.2f %11s %11s\n' "$1" "$2" "$(echo "$2 / $3" | bc -l)" "$(echo "$2 / $4" | bc -l)" \
        "$(echo "$3 / $4" | bc -l)" "$5" "$6"
}
cases=("text:$text" "nginx:$access")
[ "$LARGE_MB" -gt 0 ] && cases+=("text:$large")
declare -A G I M
for c in "${cases[@]}"; do
    mode=${c%%:*}
    file=${c#*:}
    name=$(basename "$file")
    mb=$(echo "$(stat -c %s "$file") / 1000000" | bc -l)
    timed "grep-$name" env LC_ALL=C grep -oE "$quad" "$file"
    g=$T gn=$N
    for threads in 0 "$(nproc)"; do
        [ "$file" = "$large" ] && [ "$threads" = 0 ] && continue # the default only, on the large file
        timed "iptriage-$mode-t$threads-$name" "$root/bin/iptriage" extract -q --from "$mode" --threads "$threads" "$file"
        row "extract --from $mode -t$threads" "$mb" "$g" "$T" "$gn" "$N"
        G[$file]=$g I[$file]=$T M[$file]=$mb
    done
done
if [ "$LARGE_MB" -gt 0 ]; then
    dmb=$(echo "${M[$large]} - ${M[$text]}" | bc -l)
    dg=$(echo "${G[$large]} - ${G[$text]}" | bc -l)
    di=$(echo "${I[$large]} - ${I[$text]}" | bc -l)
    row "text, steady state (difference)" "$dmb" "$dg" "$di" - -
fi
echo "(ratio = grep time / iptriage time: above 1 means iptriage is faster; best of $REPEAT runs; both write"
echo " their output to a file in $OUT_DIR; *_found = lines written: iptriage's valid, refanged addresses, grep's"
echo " dotted quads (not refanged, not validated);"
echo " -t0 = --threads 0 (all on one thread), -tN = N worker threads decoding (the default: one per core);"
echo " iptriage includes JVM start; the steady-state row divides the extra MB of the large file by the extra seconds)"
