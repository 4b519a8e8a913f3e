#!/usr/bin/env bash
# Sort-and-top benchmark (issue 19): the top talkers of a large access log against the plain
# one-row-per-address run, interleaved (A B C A B C ...), each under /usr/bin/time -v:
#   A: iptriage enrich --from nginx --unique LOG > A.csv
#   B: iptriage enrich --from nginx --unique --sort count -r --top 10 LOG > B.csv
#   C: iptriage enrich --from nginx --unique --sort count -r LOG > /dev/null   (a full sort, no top)
# and prints, per side, the median wall time and the largest peak RSS. Afterwards it checks that B's
# ten rows are A's rows sorted by count (descending, ties by address) and cut at ten (python3).
#
# The log is bench/tags_gen.py's (seeded): N nginx lines over 200,000 distinct clients (90% IPv4,
# 10% IPv6, Zipf-like skew), kept in OUT_DIR and shared with tags-bench.sh.
#
# usage: bench/sort-top-bench.sh
# env:   N (log lines, default 10000000), REPEAT (runs of each side; default 3), OUT_DIR (default
#        bench/out/tags, git-ignored), SHARED (default ../shared), IPTRIAGE_DB_DIR (default
#        $SHARED/data when it exists), IPTRIAGE (default this tree's bin/iptriage), IPTRIAGE_JAVA_OPTS,
#        IPTRIAGE_JAVA_HOME; iptriage runs with its defaults but IPTRIAGE_DB_DIR: other IPTRIAGE_* variables
#        (IPTRIAGE_FIELDS, IPTRIAGE_PTR, ...) are ignored, and --no-config skips the user's config file
# needs: python3, GNU time (/usr/bin/time)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/tags-log.sh
. "$root/bench/lib/tags-log.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # side out args...
    local side=$1 out=$2
    shift 2
    /usr/bin/time -v "$@" >"$out" 2>"$work/err"
    local wall rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/err")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/err")
    echo "$side $wall $rss" >>"$work/results"
    echo "  $side: $wall, peak RSS $((rss / 1024)) MiB" >&2
}

for i in $(seq "$REPEAT"); do
    echo "== round $i" >&2
    run A "$work/A.csv" "$IPTRIAGE" enrich -q --no-config --from nginx --unique "$log"
    run B "$work/B.csv" "$IPTRIAGE" enrich -q --no-config --from nginx --unique --sort count -r --top 10 "$log"
    run C /dev/null "$IPTRIAGE" enrich -q --no-config --from nginx --unique --sort count -r "$log"
done

python3 - "$work/results" "$work/A.csv" "$work/B.csv" <<'PY'
import csv, ipaddress, statistics, sys
def secs(t):
    s = 0.0
    for part in t.split(':'):
        s = s * 60 + float(part)
    return s
rows = [l.split() for l in open(sys.argv[1])]
names = {'A': '--unique', 'B': '--unique --sort count -r --top 10', 'C': '--unique --sort count -r'}
base = None
for side in 'ABC':
    w = [secs(r[1]) for r in rows if r[0] == side]
    rss = max(int(r[2]) for r in rows if r[0] == side) / 1024
    med = statistics.median(w)
    base = base or med
    print(f"{side} {names[side]:36} median {med:6.2f} s (runs {', '.join(f'{x:.2f}' for x in w)}), "
          f"peak RSS {rss:.0f} MiB, {med / base:.2f}x A's time")
def key(ip):
    a = ipaddress.ip_address(ip.split('%')[0])
    return (a.version, int(a))
a = list(csv.DictReader(open(sys.argv[2], encoding='utf-8')))
b = list(csv.DictReader(open(sys.argv[3], encoding='utf-8')))
want = sorted(a, key=lambda r: (-int(r['count']), key(r['ip'])))[:10]
ok = [r['ip'] for r in b] == [r['ip'] for r in want] and b == want
print(f"check: {len(a):,} distinct addresses in A; B's ten rows {'are' if ok else 'are NOT'} A's first ten by count")
sys.exit(0 if ok else 1)
PY
