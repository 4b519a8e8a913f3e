#!/usr/bin/env bash
# Online-source benchmark: iptriage's reverse DNS, DNS blocklist and Team Cymru lookups against the
# seed's method (a 10-thread dnspython loop, PTR and DNSBL only) in the same run, both asking the
# same simulated resolver (../shared/bench/dns/simdns.py: 5-40 ms per answer, fault names that
# answer SERVFAIL or never) serving a zone made by ../shared/bench/dns/genzone.py for N distinct
# public addresses of the 1M-unique bench input. Checks every answer against genzone's truth file,
# then reruns iptriage with its cache and counts the queries simdns saw (must be 0).
#
# usage: bench/dns-bench.sh
# env:   SHARED (default ../shared), N (addresses, default 10000), INPUT_DIR (default
#        /tmp/bench-inputs), OUT_DIR (default /tmp/iptriage-dns-bench), DELAY_MS (default 5:40),
#        IPTRIAGE (the iptriage to run; default this tree's bin/iptriage)
# needs: Debian's python3-dnspython (simdns, genzone and the seed run on /usr/bin/python3):
#        apt-get install -y python3-dnspython
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$root/../shared}
N=${N:-10000}
INPUT_DIR=${INPUT_DIR:-/tmp/bench-inputs}
OUT_DIR=${OUT_DIR:-/tmp/iptriage-dns-bench}
DELAY_MS=${DELAY_MS:-5:40}
IPTRIAGE=${IPTRIAGE:-$root/bin/iptriage}
PY=/usr/bin/python3
DNS=$SHARED/bench/dns
SEED=$SHARED/bench/peers/python-dns/seed_resolver.py

"$PY" -c 'import dns.message' 2>/dev/null ||
    { echo "dns-bench: needs python3-dnspython (apt-get install -y python3-dnspython)" >&2; exit 1; }
[ -f "$DNS/simdns.py" ] || { echo "dns-bench: $DNS/simdns.py not found (set SHARED)" >&2; exit 1; }
mkdir -p "$OUT_DIR"
if [ ! -f "$INPUT_DIR/ips-1000000-unique.txt" ]; then
    echo "== generating inputs in $INPUT_DIR (about a minute)" >&2
    DATA_DIR=$SHARED/data INPUT_DIR=$INPUT_DIR "$SHARED/bench/gen-ips/gen-inputs.sh" >&2
fi

# the first N distinct public unicast addresses (multicast is never sent): the same list for both
# tools and the zone
"$PY" - "$INPUT_DIR/ips-1000000-unique.txt" "$N" > "$OUT_DIR/ips.txt" <<'PYEOF'
import ipaddress, sys
seen, n = set(), int(sys.argv[2])
with open(sys.argv[1], encoding='utf-8', errors='replace') as f:
    for line in f:
        try:
            ip = ipaddress.ip_address(line.strip())
        except ValueError:
            continue
        if ip.is_global and not ip.is_multicast and ip not in seen:
            seen.add(ip)
            print(ip)
            if len(seen) == n:
                break
PYEOF
echo "== zone for $(wc -l < "$OUT_DIR/ips.txt") addresses" >&2
"$PY" "$DNS/genzone.py" "$OUT_DIR/ips.txt" "$OUT_DIR/zone.jsonl" --truth "$OUT_DIR/truth.jsonl"

rm -f "$OUT_DIR/dns.port" "$OUT_DIR/queries.tsv"
"$PY" "$DNS/simdns.py" --zone "$OUT_DIR/zone.jsonl" --port-file "$OUT_DIR/dns.port" \
    --delay-ms "$DELAY_MS" --log "$OUT_DIR/queries.tsv" --seconds 3600 > "$OUT_DIR/simdns.log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do [ -s "$OUT_DIR/dns.port" ] && break; sleep 0.1; done
[ -s "$OUT_DIR/dns.port" ] || { cat "$OUT_DIR/simdns.log" >&2; echo "dns-bench: simdns did not start" >&2; exit 1; }
port=$(cat "$OUT_DIR/dns.port")
"$IPTRIAGE" --version > /dev/null # build once, outside the timed runs

queries() { if [ -f "$OUT_DIR/queries.tsv" ]; then wc -l < "$OUT_DIR/queries.tsv"; else echo 0; fi; }
# simdns writes its log behind its answers: wait until it has stopped growing for 2 s
settle() {
    local last=-1 now same=0
    for _ in $(seq 1 120); do
        now=$(queries)
        if [ "$now" -eq "$last" ]; then same=$((same + 1)); [ $same -ge 4 ] && return 0; else same=0; fi
        last=$now
        sleep 0.5
    done
}
timed() { # timed NAME CMD...: sets WALL (s) and RSS (MB)
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -o "$OUT_DIR/$name.time" "$@" > "$OUT_DIR/$name.out" 2> "$OUT_DIR/$name.err" ||
        { cat "$OUT_DIR/$name.err" >&2; echo "dns-bench: $name failed" >&2; exit 1; }
    read -r WALL RSS < "$OUT_DIR/$name.time"
    RSS=$((RSS / 1024))
}

echo "== seed (10 threads of dnspython, PTR + DNSBL)" >&2
settle
q0=$(queries)
timed seed "$PY" "$SEED" "$OUT_DIR/ips.txt" "$OUT_DIR/seed.csv" --server 127.0.0.1 --port "$port"
settle
seed_wall=$WALL seed_rss=$RSS seed_q=$(($(queries) - q0))

echo "== iptriage enrich --ptr --dnsbl --cymru (cold cache)" >&2
rm -f "$OUT_DIR/cache.sqlite"*
q0=$(queries)
timed iptriage "$IPTRIAGE" enrich --ptr --dnsbl --cymru --resolver "127.0.0.1:$port" \
    --cache "$OUT_DIR/cache.sqlite" -f jsonl -o "$OUT_DIR/iptriage.jsonl" "$OUT_DIR/ips.txt"
settle
ipt_wall=$WALL ipt_rss=$RSS ipt_q=$(($(queries) - q0))

echo "== iptriage again (warm cache)" >&2
q0=$(queries)
timed rerun "$IPTRIAGE" enrich --ptr --dnsbl --cymru --resolver "127.0.0.1:$port" \
    --cache "$OUT_DIR/cache.sqlite" -f jsonl -o "$OUT_DIR/rerun.jsonl" "$OUT_DIR/ips.txt"
rerun_wall=$WALL rerun_rss=$RSS
settle
rerun_q=$(($(queries) - q0))
tail -n "$rerun_q" "$OUT_DIR/queries.tsv" > "$OUT_DIR/rerun-queries.tsv"

"$PY" "$root/bench/dns_check.py" "$OUT_DIR/truth.jsonl" "$OUT_DIR/iptriage.jsonl" "$OUT_DIR/rerun.jsonl" \
    "$OUT_DIR/seed.csv" "$OUT_DIR/rerun-queries.tsv" > "$OUT_DIR/check.txt"
n=$(wc -l < "$OUT_DIR/ips.txt")
echo
echo "addresses: $n distinct public, resolver delay ${DELAY_MS} ms (simdns), $(nproc) cores"
printf '%-22s %8s %10s %8s %9s  %s\n' run wall_s addr/s rss_MB queries note
awk -v n="$n" -v w="$seed_wall" -v r="$seed_rss" -v q="$seed_q" 'BEGIN{printf "%-22s %8.2f %10.0f %8d %9d  %s\n","seed (ptr+dnsbl)",w,n/w,r,q,"10 threads, dnspython"}'
awk -v n="$n" -v w="$ipt_wall" -v r="$ipt_rss" -v q="$ipt_q" -v sw="$seed_wall" 'BEGIN{printf "%-22s %8.2f %10.0f %8d %9d  %.1fx the seed'"'"'s throughput (ptr+fcrdns+dnsbl+cymru)\n","iptriage cold cache",w,n/w,r,q,sw/w}'
awk -v n="$n" -v w="$rerun_wall" -v r="$rerun_rss" -v q="$rerun_q" 'BEGIN{printf "%-22s %8.2f %10.0f %8d %9d  %s\n","iptriage warm cache",w,n/w,r,q,"only the fault names again (failures are never cached)"}'
echo
cat "$OUT_DIR/check.txt"
grep -q '^iptriage mismatches: 0$' "$OUT_DIR/check.txt" &&
    grep -q '^rerun: queries for names that had an answer: 0$' "$OUT_DIR/check.txt" ||
    { echo "dns-bench: FAILED (mismatches, or the rerun asked a name the cache had)" >&2; exit 1; }
