#!/usr/bin/env bash
# Web page benchmark (issue 17): iptriage serve's page in Debian's Chromium, driven by Playwright for Java
# (bench/serve-driver, the Playwright version of the browser tests; never a downloaded browser), against a real
# `bin/iptriage serve --port 0` on the shared full-scale databases. Measures, from clicking Enrich (#run):
#   paste:  N_PASTE pasted lines (#text, --from auto): time to the first painted row and to the complete view;
#   upload: an N_LOG-line nginx access log chosen in #file (#from = FROM, default nginx): the same two times,
#           interleaved with the CLI's `iptriage report --from nginx -o FILE LOG` on the same log and databases
#           (upload, report, upload, report, ...); prints the ratio of the medians, upload complete / report
#           (target: at most 2);
# and the server's peak RSS (VmHWM of the serve JVM), the page's JS heap (CDP Performance.getMetrics
# JSHeapUsedSize, sampled every 100 ms during a job) and its long tasks (a PerformanceObserver installed before
# the page's code; the count over 200 ms and over 50 ms, and the longest). The page is loaded again before each
# job. Times come from the page's performance marks (iptriage:start, iptriage:first-row, iptriage:complete) when
# it sets them, otherwise from the driver's own observers (the click on #run; the animation frame after the first
# `#table tbody tr`; the one after #status says "Done." or body[data-state=done]); the "via" column says which.
#
# Inputs (seeded, reproducible; kept in OUT_DIR, not committed): the paste is N_PASTE lines like the shared
# bench inputs' mix (85% public IPv4, 10% IPv6, 3% private/reserved, 2% junk), about 70% distinct, repeats
# skewed to a few heavy hitters; the log is bench/tags_gen.py's nginx "combined" log (200,000 distinct clients,
# 90% IPv4, 10% IPv6, Zipf-like skew; 1M lines are about 170 MB).
#
# usage: bench/serve-bench.sh
# env:   N_PASTE (default 10000), N_LOG (default 1000000), REPEAT (runs of each case, median; default 3),
#        FROM (the page's mode for the log: nginx or auto; default nginx), OUT_DIR (default bench/out/serve,
#        git-ignored), SHARED (default ../shared), IPTRIAGE_DB_DIR (the databases of both serve and report;
#        default $SHARED/data when it exists), IPTRIAGE (default this tree's bin/iptriage), IPTRIAGE_JAVA_OPTS
#        (passed to bin/iptriage, both sides), CHROMIUM (default /usr/bin/chromium), TIMEOUT_S (per job; 900),
#        STALL_S (a job fails when nothing on the page changed for that long; 120)
#        CASES (default "paste upload"; "paste" alone skips the log, its generation and the CLI runs);
#        iptriage runs with its defaults but IPTRIAGE_DB_DIR: other IPTRIAGE_* variables (but IPTRIAGE_JAVA_HOME)
#        and the user's config file are ignored
# needs: python3, chromium (Debian), Maven dependencies of the browser tests (bin/mvn fetches them once)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
N_PASTE=${N_PASTE:-10000}
N_LOG=${N_LOG:-1000000}
REPEAT=${REPEAT:-3}
FROM=${FROM:-nginx}
CASES=${CASES:-paste upload}
OUT_DIR=${OUT_DIR:-$root/bench/out/serve}
SHARED=${SHARED:-$root/../shared}
IPTRIAGE=${IPTRIAGE:-$root/bin/iptriage}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# IPTRIAGE_DB_DIR is kept on purpose: it names the databases both sides read (a folder `db update` filled)
# shellcheck source=../scripts/lib/no-user-settings.sh
. "$root/scripts/lib/no-user-settings.sh"
no_user_settings "$OUT_DIR" IPTRIAGE_DB_DIR
if [ -z "${IPTRIAGE_DB_DIR:-}" ] && [ -d "$SHARED/data" ]; then
    export IPTRIAGE_DB_DIR=$SHARED/data
fi
export CASES REPEAT FROM CHROMIUM TIMEOUT_S STALL_S PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mkdir -p "$OUT_DIR"
[ -x "$CHROMIUM" ] || { echo "serve-bench: $CHROMIUM not found (apt-get install chromium)" >&2; exit 1; }

paste=$OUT_DIR/paste-$N_PASTE.txt
if [ ! -f "$paste" ]; then
    python3 - "$N_PASTE" "$paste" <<'PY'
import ipaddress, itertools, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20261207)
RESERVED = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16',
            '192.0.2.0/24', 'fc00::/7', 'fe80::/10', '2001:db8::/32']
JUNK = ['-', 'unknown', 'N/A', 'localhost', '999.1.2.3', '10.0.0', 'not an address', '2001:db8::g']
def public_v4():
    while True:
        a = ipaddress.IPv4Address(rnd.getrandbits(32))
        if a.is_global and not a.is_multicast:
            return str(a)
def one():
    r = rnd.random()
    if r < 0.85:
        return public_v4()
    if r < 0.95:
        return str(ipaddress.IPv6Address((rnd.choice([0x2001, 0x2400, 0x2600, 0x2a00, 0x2c0f]) << 112) | rnd.getrandbits(100)))
    if r < 0.98:
        net = ipaddress.ip_network(rnd.choice(RESERVED))
        return str(net[rnd.randrange(min(net.num_addresses, 1 << 24))])
    return rnd.choice(JUNK)
# about 70% distinct: a population of 0.7 n values, every one used once, the rest drawn with a Zipf-like skew
pop = [one() for _ in range(int(n * 0.7))]
cum = list(itertools.accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(len(pop))))
lines = pop + rnd.choices(pop, cum_weights=cum, k=n - len(pop))
rnd.shuffle(lines)
open(out, 'w').write('\n'.join(lines) + '\n')
PY
fi
log=$OUT_DIR/access-$N_LOG.log
if [ ! -f "$log" ] && [[ " $CASES " == *" upload "* ]]; then
    echo "== generating $log (1M lines: about 30 s)" >&2
    python3 "$root/bench/tags_gen.py" "$OUT_DIR" --lines "$N_LOG" >&2
fi

"$IPTRIAGE" --version >/dev/null # build once, outside the timed runs
# which build runs: the commit of the launcher's tree (+changes: with uncommitted ones)
# shellcheck disable=SC2034 # read by build-ref.sh
script=serve-bench
# shellcheck source=../scripts/lib/build-ref.sh
. "$root/scripts/lib/build-ref.sh"
build=$(describe_tree "$(dirname "$(readlink -f "$IPTRIAGE")")")
echo "== building the driver (bench/serve-driver)" >&2
"$root/bin/mvn" -B -q -o -f "$root/bench/serve-driver/pom.xml" compile dependency:build-classpath \
    -Dmdep.outputFile="$OUT_DIR/driver.cp" >/dev/null ||
    "$root/bin/mvn" -B -q -f "$root/bench/serve-driver/pom.xml" compile dependency:build-classpath \
        -Dmdep.outputFile="$OUT_DIR/driver.cp" >/dev/null
# shellcheck source=../bin/lib/find-java.sh
. "$root/bin/lib/find-java.sh"
iptriage_find_java jre-ok || exit 1
driver_cp="$root/bench/serve-driver/target/classes:$(cat "$OUT_DIR/driver.cp")"

# the server: the launcher execs the JVM, so $! is the serve JVM's pid (for its VmHWM). A background command of a
# script starts with SIGINT ignored (and a JVM then leaves it ignored): env --default-signal gives it back, so
# serve stops on SIGINT as it does on Ctrl-C.
serve_pid=
stop_serve() {
    if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
        kill -INT "$serve_pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$serve_pid" 2>/dev/null && { echo "serve-bench: serve did not stop on SIGINT" >&2; kill "$serve_pid"; }
        wait "$serve_pid" 2>/dev/null || true
    fi
    serve_pid=
}
trap stop_serve EXIT
trap 'exit 130' INT TERM
env --default-signal=INT "$IPTRIAGE" serve --port 0 </dev/null >"$OUT_DIR/serve.out" 2>"$OUT_DIR/serve.err" &
serve_pid=$!
url=
for _ in $(seq 600); do
    url=$(grep -m 1 '^http://127\.0\.0\.1:' "$OUT_DIR/serve.out" || true)
    [ -n "$url" ] && break
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$url" ] || { cat "$OUT_DIR/serve.err" >&2; echo "serve-bench: serve printed no URL" >&2; exit 1; }
echo "== serve (pid $serve_pid) on ${url%%\?*}" >&2

rc=0
CLI_ERR=$OUT_DIR/report.err "$IPTRIAGE_JAVA_HOME/bin/java" -cp "$driver_cp" bench.ServeBench "$url" "$serve_pid" "$paste" "$log" -- \
    "$IPTRIAGE" report --from nginx -o "$OUT_DIR/report.html" >"$OUT_DIR/result.txt" || rc=$?
stop_serve

echo
logsize="not used"
[[ " $CASES " == *" upload "* ]] && logsize="$(wc -l <"$log") lines ($(du -m "$log" | cut -f1) MB)"
echo "paste: $N_PASTE lines ($(sort -u "$paste" | wc -l) distinct); log: $logsize; databases:" \
    "${IPTRIAGE_DB_DIR:-default}; $REPEAT runs each; $(nproc) cores; build: $build"
cat "$OUT_DIR/result.txt"
if [ "$rc" -ne 0 ]; then
    echo "serve-bench: the driver failed (exit $rc); serve's messages are in $OUT_DIR/serve.err" >&2
    exit "$rc"
fi
