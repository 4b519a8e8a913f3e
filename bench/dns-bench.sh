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
#        IPTRIAGE (the iptriage to run; default this tree's bin/iptriage), IPTRIAGE_JAVA_HOME,
#        IPTRIAGE_JAVA_OPTS; iptriage runs with its defaults: other IPTRIAGE_* variables (a Spamhaus DQS key
#        would send the DNSBL questions to other zones) and the user's config file are ignored
# needs: Debian's python3-dnspython (simdns, genzone and the seed run on /usr/bin/python3):
#        apt-get install -y python3-dnspython
# shellcheck source-path=SCRIPTDIR
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
mkdir -p "$OUT_DIR"
# shellcheck source=../scripts/lib/no-user-settings.sh
. "$root/scripts/lib/no-user-settings.sh"
no_user_settings "$OUT_DIR"

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

# one simdns per phase, each with its own query log: simdns buffers its log and writes it all when
# it stops, so a phase's queries are counted after its server has stopped. Every phase's server
# takes the first one's port: iptriage keeps its cache per resolver (address and port)
sim=
port=0
start_sim() { # start_sim PHASE: sets port
    rm -f "$OUT_DIR/dns.port" "$OUT_DIR/queries-$1.tsv"
    "$PY" "$DNS/simdns.py" --zone "$OUT_DIR/zone.jsonl" --port "$port" --port-file "$OUT_DIR/dns.port" \
        --delay-ms "$DELAY_MS" --log "$OUT_DIR/queries-$1.tsv" --seconds 3600 > "$OUT_DIR/simdns-$1.log" 2>&1 &
    sim=$!
    for _ in $(seq 1 600); do [ -s "$OUT_DIR/dns.port" ] && break; sleep 0.1; done
    [ -s "$OUT_DIR/dns.port" ] || { cat "$OUT_DIR/simdns-$1.log" >&2; echo "dns-bench: simdns did not start" >&2; exit 1; }
    port=$(cat "$OUT_DIR/dns.port")
}
stop_sim() { # stop_sim PHASE: sets Q (queries the phase's server saw)
    kill -TERM "$sim"
    wait "$sim" || true
    sim=
    Q=$(wc -l < "$OUT_DIR/queries-$1.tsv")
}
trap '[ -n "$sim" ] && kill $sim 2>/dev/null || true' EXIT
"$IPTRIAGE" --version > /dev/null # build once, outside the timed runs

timed() { # timed NAME CMD...: sets WALL (s) and RSS (MB)
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -o "$OUT_DIR/$name.time" "$@" > "$OUT_DIR/$name.out" 2> "$OUT_DIR/$name.err" ||
        { cat "$OUT_DIR/$name.err" >&2; echo "dns-bench: $name failed" >&2; exit 1; }
    read -r WALL RSS < "$OUT_DIR/$name.time"
    RSS=$((RSS / 1024))
}

echo "== seed (10 threads of dnspython, PTR + DNSBL)" >&2
start_sim seed
timed seed "$PY" "$SEED" "$OUT_DIR/ips.txt" "$OUT_DIR/seed.csv" --server 127.0.0.1 --port "$port"
stop_sim seed
seed_wall=$WALL seed_rss=$RSS seed_q=$Q

echo "== iptriage enrich --ptr --dnsbl --cymru (cold cache)" >&2
rm -f "$OUT_DIR/cache.sqlite"*
start_sim cold
timed iptriage "$IPTRIAGE" enrich --ptr --dnsbl --cymru --resolver "127.0.0.1:$port" \
    --cache "$OUT_DIR/cache.sqlite" -f jsonl -o "$OUT_DIR/iptriage.jsonl" "$OUT_DIR/ips.txt"
stop_sim cold
ipt_wall=$WALL ipt_rss=$RSS ipt_q=$Q

echo "== iptriage again (warm cache)" >&2
start_sim warm
timed rerun "$IPTRIAGE" enrich --ptr --dnsbl --cymru --resolver "127.0.0.1:$port" \
    --cache "$OUT_DIR/cache.sqlite" -f jsonl -o "$OUT_DIR/rerun.jsonl" "$OUT_DIR/ips.txt"
stop_sim warm
rerun_wall=$WALL rerun_rss=$RSS rerun_q=$Q

"$PY" "$root/bench/dns_check.py" "$OUT_DIR/truth.jsonl" "$OUT_DIR/iptriage.jsonl" "$OUT_DIR/rerun.jsonl" \
    "$OUT_DIR/seed.csv" "$OUT_DIR/queries-warm.tsv" > "$OUT_DIR/check.txt"
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
