# shellcheck shell=bash
# The set-up bench/tags-bench.sh and bench/sort-top-bench.sh share: their settings (N, REPEAT,
# OUT_DIR, SHARED, IPTRIAGE), iptriage run with its defaults but IPTRIAGE_DB_DIR (which names the
# databases every side reads, a folder `db update` filled; default $SHARED/data when it exists), and
# bench/tags_gen.py's seeded nginx log of N lines (and its three lists) in OUT_DIR, generated once.
# Source it after setting `root`; it sets `log` (the log's path) and builds iptriage once, outside
# the timed runs.
N=${N:-10000000}
REPEAT=${REPEAT:-3}
OUT_DIR=${OUT_DIR:-$root/bench/out/tags}
SHARED=${SHARED:-$root/../shared}
IPTRIAGE=${IPTRIAGE:-$root/bin/iptriage}
# shellcheck source=../scripts/lib/no-user-settings.sh  # relative to the bench script that sources this
. "$root/scripts/lib/no-user-settings.sh"
no_user_settings "$OUT_DIR" IPTRIAGE_DB_DIR
if [ -z "${IPTRIAGE_DB_DIR:-}" ] && [ -d "$SHARED/data" ]; then
    export IPTRIAGE_DB_DIR=$SHARED/data
fi
mkdir -p "$OUT_DIR"
log=$OUT_DIR/access-$N.log
if [ ! -f "$log" ] || [ ! -f "$OUT_DIR/watch.txt" ] || [ ! -f "$OUT_DIR/drop_v4.json" ] ||
    [ ! -f "$OUT_DIR/firehol_level1.netset" ]; then
    echo "== generating $log and its lists (10M lines: a few minutes)" >&2
    python3 "$root/bench/tags_gen.py" "$OUT_DIR" --lines "$N"
fi
"$IPTRIAGE" --version >/dev/null
