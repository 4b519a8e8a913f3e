#!/usr/bin/env bash
# Web service benchmark: iptriage --webservice insights against the write-up's method, a plain sequential loop over
# GeoIP2-java 5.2.0's WebServiceClient.insights (bench/ws-peer), in the same run, both against the project's local
# HTTPS stub of MaxMind's web services (iptriage-core's test class dev.iptriage.testing.MaxMindStub) answering after
# a random delay of LATENCY ms (default 30:80, like the real service from a distant network).
#
# Input: N distinct public addresses (default 5,000; 90% IPv4, 10% IPv6), seeded: 60% drawn around 800 busy blocks
# (attackers cluster in hosting ranges, so several addresses share one of the stub's networks), 40% anywhere.
# Each side gets a fresh stub log; the stub counts what it answered with 200 (a paid query). iptriage starts with an
# empty web service cache. Prints wall time, addresses/s, paid queries, the ratios, and whether the two sides'
# city, country, ISP and user type agree for every address.
#
# usage: bench/webservice-bench.sh
# env:   N, LATENCY (MIN:MAX ms), OUT_DIR (default bench/out/webservice, git-ignored), SHARED (default ../shared),
#        IPTRIAGE (default this tree's bin/iptriage), IPTRIAGE_JAVA_HOME, IPTRIAGE_JAVA_OPTS; iptriage runs with
#        its defaults: other IPTRIAGE_* variables (IPTRIAGE_WEBSERVICE_FOR, IPTRIAGE_MAX_QUERIES, ...) and the
#        user's config file are ignored (the account and key are the stub's, given as MAXMIND_* variables)
# needs: python3
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-5000}
LATENCY=${LATENCY:-30:80}
OUT_DIR=${OUT_DIR:-$root/bench/out/webservice}
SHARED=${SHARED:-$root/../shared}
IPTRIAGE=${IPTRIAGE:-$root/bin/iptriage}
ACCOUNT=424242
KEY=stub_LiCeNsE-kEy_4f2a
mkdir -p "$OUT_DIR"
# shellcheck source=../scripts/lib/no-user-settings.sh
. "$root/scripts/lib/no-user-settings.sh"
no_user_settings "$OUT_DIR"
"$IPTRIAGE" --version >/dev/null # build once

echo "== building the stub and the peer" >&2
"$root/bin/mvn" -B -q -o -pl iptriage-core test-compile -Dspotless.check.skip=true
"$root/bin/mvn" -B -q -o -pl iptriage-core dependency:build-classpath -Dmdep.outputFile="$OUT_DIR/core.cp" >/dev/null
"$root/bin/mvn" -B -q -o -f "$root/bench/ws-peer/pom.xml" compile dependency:build-classpath \
    -Dmdep.outputFile="$OUT_DIR/peer.cp" >/dev/null
# the JDK the launcher and bin/mvn use (bin/lib/find-java.sh: >= 21)
# shellcheck source=../bin/lib/find-java.sh
. "$root/bin/lib/find-java.sh"
iptriage_find_java || exit 1
JAVA="$IPTRIAGE_JAVA_HOME/bin/java"
[ -n "$JAVA" ] || { echo "webservice-bench: no Java 21 or newer" >&2; exit 1; }
stub_cp="$root/iptriage-core/target/test-classes:$root/iptriage-core/target/classes:$(cat "$OUT_DIR/core.cp")"
peer_cp="$root/bench/ws-peer/target/classes:$(cat "$OUT_DIR/peer.cp")"

ips=$OUT_DIR/ips-$N.txt
python3 - "$N" "$ips" <<'PY'
import ipaddress, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20261206)
def public(a):
    return a.is_global and not a.is_multicast
blocks = []
while len(blocks) < 800:
    b = ipaddress.IPv4Address(rnd.getrandbits(32) & 0xFFFFF000)
    if public(b):
        blocks.append(int(b))
seen, rows = set(), []
while len(rows) < n:
    r = rnd.random()
    if r < 0.1:
        a = ipaddress.IPv6Address((0x2001 << 112 | 0x4000 << 96) + rnd.getrandbits(96) if rnd.random() < 0.5 else (0x2a00 << 112) + rnd.getrandbits(112))
    elif r < 0.64:
        a = ipaddress.IPv4Address(rnd.choice(blocks) + rnd.randrange(4096))
    else:
        a = ipaddress.IPv4Address(rnd.getrandbits(32))
    if public(a) and str(a) not in seen:
        seen.add(str(a)); rows.append(str(a))
open(out, "w").write("\n".join(rows) + "\n")
PY

stub_pid=
start_stub() { # start_stub LOG
    rm -f "$OUT_DIR/port" "$OUT_DIR/ca.pem" "$1"
    "$JAVA" -cp "$stub_cp" dev.iptriage.testing.MaxMindStub --port-file "$OUT_DIR/port" --ca-file "$OUT_DIR/ca.pem" \
        --latency "$LATENCY" --account "$ACCOUNT" --key "$KEY" --log "$1" >"$OUT_DIR/stub.out" 2>&1 &
    stub_pid=$!
    for _ in $(seq 200); do [ -s "$OUT_DIR/port" ] && [ -s "$OUT_DIR/ca.pem" ] && break; sleep 0.05; done
    [ -s "$OUT_DIR/port" ] || { cat "$OUT_DIR/stub.out" >&2; echo "webservice-bench: the stub did not start" >&2; exit 1; }
}
stop_stub() { kill "$stub_pid" 2>/dev/null || true; wait "$stub_pid" 2>/dev/null || true; }
trap stop_stub EXIT
paid() { awk -F'\t' '$4 == "true" || $4 == "1" || $4 == "paid"' "$1" | wc -l; }
now() { date +%s.%N; }

echo "== peer: GeoIP2-java WebServiceClient.insights, one address after the other ($N addresses)" >&2
start_stub "$OUT_DIR/peer.log"
s=$(now)
"$JAVA" -cp "$peer_cp" peer.InsightsLoop "$ips" "$OUT_DIR/peer.csv" "$(cat "$OUT_DIR/port")" "$OUT_DIR/ca.pem" \
    "$ACCOUNT" "$KEY"
peer_s=$(echo "$(now) - $s" | bc -l)
stop_stub
peer_paid=$(paid "$OUT_DIR/peer.log")

echo "== iptriage enrich --webservice insights" >&2
start_stub "$OUT_DIR/iptriage.log"
rm -f "$OUT_DIR/ws-cache.jsonl"
s=$(now)
MAXMIND_ACCOUNT_ID=$ACCOUNT MAXMIND_LICENSE_KEY=$KEY "$IPTRIAGE" enrich --webservice insights \
    --webservice-host "https://127.0.0.1:$(cat "$OUT_DIR/port")" --webservice-ca "$OUT_DIR/ca.pem" \
    --webservice-cache "$OUT_DIR/ws-cache.jsonl" --fields ip,city,country_iso,isp,user_type,webservice_status \
    "$ips" >"$OUT_DIR/iptriage.csv" 2>"$OUT_DIR/iptriage.err"
ipt_s=$(echo "$(now) - $s" | bc -l)
stop_stub
ipt_paid=$(paid "$OUT_DIR/iptriage.log")
grep 'webservice:' "$OUT_DIR/iptriage.err" >&2 || true

python3 - "$OUT_DIR/peer.csv" "$OUT_DIR/iptriage.csv" <<'PY'
import csv, sys
peer = {r["ip"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
ours = {r["ip"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
bad = 0
for ip, p in peer.items():
    o = ours.get(ip)
    if o is None or any((p[k] or "") != (o[k] or "") for k in ("city", "country_iso", "isp", "user_type")):
        bad += 1
        if bad <= 5:
            print("mismatch:", ip, p, o, file=sys.stderr)
print(f"rows compared: {len(peer)}, mismatches: {bad}")
PY

echo
printf '%-44s %9s %12s %12s\n' side wall_s addresses/s paid_queries
printf '%-44s %9.2f %12.1f %12d\n' "GeoIP2-java insights(), sequential loop" "$peer_s" "$(echo "$N / $peer_s" | bc -l)" "$peer_paid"
printf '%-44s %9.2f %12.1f %12d\n' "iptriage enrich --webservice insights" "$ipt_s" "$(echo "$N / $ipt_s" | bc -l)" "$ipt_paid"
echo "throughput iptriage / peer: $(echo "$peer_s / $ipt_s" | bc -l | cut -c1-5)x (target: at least 10x); paid queries $ipt_paid vs $peer_paid"
