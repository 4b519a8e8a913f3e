#!/usr/bin/env bash
# Before/after benchmark: builds BEFORE_REF in a temporary git worktree, then runs bench/run.sh
# (this tree's, so both get the same harness) on that build and right after on the current tree
# (with its uncommitted changes). Each build runs through its own bin/iptriage launcher, so its JVM
# options and start-up cache are the ones of its commit. Progress and each table go to stderr as
# they come; both tables together to stdout at the end. Compare the ratios against the C peer
# (each run measures the peer again); absolute times move with the machine's load.
#
# usage: bench/ab.sh [BEFORE_REF] [CASE...]   BEFORE_REF default d3c360e (the end of issue 12);
#                                            cases as for bench/run.sh (default: all)
# env:   as bench/run.sh (SHARED, DATA_DIR, INPUT_DIR, REPEAT, IPTRIAGE_JAVA_OPTS); OUT_DIR (default
#        /tmp/iptriage-bench-ab) gets before/ and after/, each a bench/run.sh OUT_DIR; both builds run with
#        iptriage's defaults: IPTRIAGE_* variables other than IPTRIAGE_JAVA_HOME and IPTRIAGE_JAVA_OPTS, and
#        the user's config file, are ignored
# e.g.:  REPEAT=1 bench/ab.sh d3c360e tiny      (a quick check of the harness)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
script=ab.sh
BEFORE_REF=d3c360e
case "${1:-}" in
    "" | tiny | 1m | 1m-unique | 10m) ;;
    *) BEFORE_REF=$1; shift ;;
esac
OUT_DIR=${OUT_DIR:-/tmp/iptriage-bench-ab}
# shellcheck source=../scripts/lib/no-user-settings.sh
. "$root/scripts/lib/no-user-settings.sh"
no_user_settings "$OUT_DIR" # (bench/run.sh does it again for each build)
# shellcheck source=../scripts/lib/build-ref.sh
. "$root/scripts/lib/build-ref.sh"

ref_dir=$(mktemp -d "${TMPDIR:-/tmp}/iptriage-before.XXXXXX")
rmdir "$ref_dir" # git worktree add wants to make it
trap 'remove_ref "$ref_dir"' EXIT
build_ref "$BEFORE_REF" "$ref_dir"
echo "$script: building the current tree" >&2
build_tree "$root"

mkdir -p "$OUT_DIR"
echo "== before: $BEFORE_REF ($(describe_tree "$ref_dir"))" >&2
IPTRIAGE=$ref_dir/bin/iptriage OUT_DIR=$OUT_DIR/before "$root/bench/run.sh" "$@" >&2
echo "== after: current tree ($(describe_tree "$root"))" >&2
IPTRIAGE=$root/bin/iptriage OUT_DIR=$OUT_DIR/after "$root/bench/run.sh" "$@" >&2

echo "before: $BEFORE_REF"
cat "$OUT_DIR/before/summary.txt"
echo
echo "after: current tree"
cat "$OUT_DIR/after/summary.txt"
