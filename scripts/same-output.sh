#!/usr/bin/env bash
# "Nothing a user sees changes": builds BEFORE_REF (in a temporary git worktree) and the current tree
# (with its uncommitted changes), runs the same fixed suite of commands with both jars and compares
# every output file, stdout, stderr and exit code byte for byte. One line per case (same / DIFFERENT
# with the first difference), a total; exit 1 when anything differs, 2 on a usage or setup error.
#
# usage: scripts/same-output.sh [BEFORE_REF]     (default: d3c360e, the end of issue 12)
# env:   SHARED (default ../shared beside the project: data/, corpus/, maxmind-db/, bench/gen-ips/),
#        INPUT_DIR (the bench inputs, default /tmp/bench-inputs; generated there with
#        $SHARED/bench/gen-ips/gen-inputs.sh when missing, about a minute),
#        OUT_DIR (default: a new temporary folder), KEEP=1 (keep every output; by default only
#        the outputs of cases that differ are kept, in OUT_DIR), CASES (only the cases whose names
#        match one of these blank-separated patterns, e.g. CASES='from-* report-*')
#        (IPTRIAGE_JAVA_HOME picks the JDK; no other IPTRIAGE_* variable and no config file of the user's
#        reaches the runs)
# needs: git, python3, gzip, iconv, unzip, cmp/diff; a JDK >= 21 (found like bin/iptriage does)
# time:  the cases of both builds take 2.5 to 3.5 minutes on the 2-core development VM when it is
#        quiet (153 s and 206 s; 5 to 9 minutes while other builds load it), the two builds 15 s
#        to a minute each on top; the 1M-line cases and the ~400 JVM starts take most of it
#
# Cases: enrich on the 1M log-like and 1M distinct bench inputs with the full-scale City + ASN
# databases (default fields, --fields all --lang de, --unique, the embedded database) and on heads
# of them (jsonl, json, table, --raw, gzip, UTF-16, stdin); list-parsing corner cases; MaxMind's
# test databases (every kind of column, custom databases' own columns, corrupt files); every
# --from mode on the corpus logs with and without --unique, CSV and JSONL; --keep-columns; extract
# in its modes and formats; report (HTML, GeoJSON, PNG, charts); db export/info/list/verify/build;
# lookup; fields; --help and --version.
#
# Both builds run with the same JDK, JVM options, environment (an empty HOME, no IPTRIAGE_*
# variables, LC_ALL=C.UTF-8, TZ=UTC) and arguments, in a folder of their own with the same relative
# output names; each case runs before, then after, so the two runs of a case are seconds apart.
# Normalised before comparing (these legitimately vary from run to run; nothing else is):
#   - the elapsed time and rate in the summaries on stderr: "in 0.52 s (1,234 lines/s)" and
#     "in 0.52 s (12.3 MB/s)" become "in <secs> s (<rate> lines/s)" / "(<rate> MB/s)";
#   - the HTML report's generation time: "Generated 2026-12-06T10:00:00.123Z by iptriage";
#   - the run's own folders, should a message name them: OUT_DIR/before|after/CASE -> <case-dir>.
# Not normalised: the age of a database in days (a case whose two runs straddle midnight UTC
# shows it as a difference: run again) and `db build`'s build time (the built file is compared
# without its metadata section; messages show only its day).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
script="same-output.sh"
BEFORE_REF=${1:-d3c360e}
SHARED=${SHARED:-$root/../shared}
INPUT_DIR=${INPUT_DIR:-/tmp/bench-inputs}
KEEP=${KEEP:-0}
# shellcheck source=lib/build-ref.sh
. "$root/scripts/lib/build-ref.sh"
# shellcheck source=../bin/lib/find-java.sh
. "$root/bin/lib/find-java.sh"
iptriage_find_java jre-ok || exit 2
java=$IPTRIAGE_JAVA_HOME/bin/java

for f in "$SHARED/data/GeoLite2-City.mmdb" "$SHARED/data/GeoLite2-ASN.mmdb" "$SHARED/corpus/sources.json" \
    "$SHARED/maxmind-db/test-data/GeoIP2-City-Test.mmdb"; do
    [ -f "$f" ] || { echo "$script: $f not found (set SHARED)" >&2; exit 2; }
done
for c in git python3 gzip iconv unzip cmp diff; do
    command -v "$c" >/dev/null 2>&1 || { echo "$script: needs $c" >&2; exit 2; }
done
SHARED=$(cd "$SHARED" && pwd)
CITY=$SHARED/data/GeoLite2-City.mmdb
ASN=$SHARED/data/GeoLite2-ASN.mmdb
C=$SHARED/corpus
MT=$SHARED/maxmind-db/test-data

made_out_dir=""
if [ -z "${OUT_DIR:-}" ]; then
    OUT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/iptriage-same-output.XXXXXX")
    made_out_dir=1
fi
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
rm -rf "${OUT_DIR:?}"/{before,after,inputs,jars,home}
mkdir -p "$OUT_DIR"/{before,after,inputs,jars,home}
# no user settings: ipt below already runs each build with `env -i` and an empty HOME; this covers anything
# else the script runs, such as a case that calls bin/iptriage
# shellcheck source=lib/no-user-settings.sh
. "$root/scripts/lib/no-user-settings.sh"
no_user_settings "$OUT_DIR"
ref_dir=""
cleanup() {
    remove_ref "$ref_dir"
    rm -rf "${OUT_DIR:?}/jars" "${OUT_DIR:?}/home"
}
trap cleanup EXIT

# ---- the two builds
ref_dir=$(mktemp -d "${TMPDIR:-/tmp}/iptriage-before.XXXXXX")
rmdir "$ref_dir" # git worktree add wants to make it
build_ref "$BEFORE_REF" "$ref_dir"
before_desc="$BEFORE_REF ($(describe_tree "$ref_dir"))"
cp "$ref_dir/iptriage-cli/target/iptriage.jar" "$OUT_DIR/jars/before.jar"
remove_ref "$ref_dir"
ref_dir=""
echo "$script: building the current tree" >&2
build_tree "$root"
after_desc="current tree ($(describe_tree "$root"))"
# copies: a build in this tree while the cases run must not change what runs
cp "$root/iptriage-cli/target/iptriage.jar" "$OUT_DIR/jars/after.jar"

# ---- inputs (shared by both builds; only read by them)
if [ ! -f "$INPUT_DIR/ips-1000000.txt" ] || [ ! -f "$INPUT_DIR/ips-1000000-unique.txt" ]; then
    echo "$script: generating the bench inputs in $INPUT_DIR (about a minute)" >&2
    mkdir -p "$INPUT_DIR"
    DATA_DIR=$SHARED/data INPUT_DIR=$INPUT_DIR "$SHARED/bench/gen-ips/gen-inputs.sh" >&2
fi
IN=$OUT_DIR/inputs
M1=$INPUT_DIR/ips-1000000.txt
M1U=$INPUT_DIR/ips-1000000-unique.txt
head -n 10000 "$M1" >"$IN/head10k.txt"
head -n 10000 "$M1U" >"$IN/head10k-unique.txt"
gzip -n -c "$IN/head10k.txt" >"$IN/head10k.txt.gz"
# list-parsing corners (see the README's Input section), with a CRLF line, a NUL byte and a line
# of invalid UTF-8 at the end
cat >"$IN/list-corners.txt" <<'EOF'
8.8.8.8
  1.1.1.1  
8.8.4.4:53
[2001:4860:4860::8888]:443
[2606:4700::1111]
2001:4860:4860::8844
2A00:1450:4001:80B:0:0:0:200E
fe80::1%eth0
::ffff:9.9.9.9
10.0.0.1
192.168.1.1
100.64.0.1
127.0.0.1
169.254.1.1
192.0.2.1
198.18.0.1
2001:db8::1
224.0.0.1
255.255.255.255
0.0.0.0
81.2.69.0/24
81.2.69.160/27
2001:218::/32
1.2.3.4 # a comment
5.6.7.8,foo
9.10.11.12;bar
# a comment line

010.1.1.1
127.1
3232235777
0x7f000001
not an address
1.2.3.256
::
::1
1.2.3.4.5
=cmd|' /C calc'!A0
-2+3
@SUM(1)
8.8.8.8
8.8.8.8
2001:4860:4860::8888
EOF
printf '203.0.113.9\r\n198.51.100.7\x00x\n\xff\xfe\x80 9.9.9.9\n8.8.8.8' >>"$IN/list-corners.txt"
head -n 27 "$IN/list-corners.txt" | iconv -f UTF-8 -t UTF-16 >"$IN/list-utf16.txt"
{ echo 8.8.8.8; head -c 1200000 /dev/zero | tr '\0' 'a'; echo; echo 1.1.1.1; } >"$IN/long-line.txt"
# networks of MaxMind's test databases (their source data), as a list
grep -ohE '"[0-9a-fA-F:.]+/[0-9]+"' "$SHARED"/maxmind-db/source-data/*.json | tr -d '"' | LC_ALL=C sort -u >"$IN/mm-networks.txt"
# a CSV for the join mode, from the Apache log: quoting, a formula-like cell, a column named like
# an enrichment column (country), invalid and empty address cells, ip:port and a CIDR
{
    echo 'time,client,request,status,country,agent'
    head -n 1500 "$C/elastic-examples/apache_logs" | awk '{
        n = split($0, q, "\""); split($4, t, "[");
        gsub(/"/, "\"\"", q[6]);
        printf "%s,%s,\"%s\",%s,n/a,\"%s\"\n", t[2], $1, q[2], $9, q[6] }'
    echo '2015-05-17,,"GET /",200,n/a,empty address'
    echo '2015-05-17,not-an-ip,"GET /",200,n/a,=HYPERLINK("http://x")'
    echo '2015-05-17,10.0.0.1:8080,"GET /a,b",404,n/a,"quoted ""agent"""'
    echo '2015-05-17,2001:db8::/32,"GET /",200,n/a,+cmd'
    echo '2015-05-17,[2001:4860::1]:443,"GET /",200,"multi'
    echo 'line cell",x'
} >"$IN/join.csv"
# JSON Lines with a nested address field, an array of them, and a few bad lines
{
    grep -v '^#' "$C/blocklists/feodo/ipblocklist-2024-04-04.csv" | tail -n +2 | tr -d '"' |
        awk -F, '{ printf "{\"seen\":\"%s\",\"src\":{\"ip\":\"%s\",\"port\":%s},\"tags\":[\"%s\"]}\n", $1, $2, $3, $6 }'
    echo '{"src":{"ip":["1.2.3.4","2001:4860::8888","nope"]}}'
    echo '{"src":{"ip":12345}}'
    echo '{"src":{}}'
    echo '{"src":{"ip":"8.8.8.8:53"}}'
    echo 'not json 9.9.9.9'
    echo '{"src":{"ip":"10.0.0.0/8"},"trailing":'
} >"$IN/nested.jsonl"
# a CSV for db build: a network column, a start/end one, typed and nested columns
{
    echo 'network,site,owner,tags.team,score,active'
    echo '10.0.0.0/8,corp,it,net,1.5,true'
    echo '10.9.0.0/16,lab,research,ml,-2,false'
    echo '192.168.1.0/24,home,"Doe, J.",,42,true'
    echo '2001:db8::/32,v6,=formula,x,7,true'
    echo '8.8.8.8,dns,google,,0,false'
} >"$IN/custom.csv"
printf '10.1.2.3\n10.9.8.7\n192.168.1.20\n2001:db8::5\n8.8.8.8\n1.1.1.1\n' >"$IN/custom-ips.txt"

# ---- running one build
# the JVM options of bin/iptriage that could matter (heap: the default --max-distinct follows it;
# the collector), the quick JIT it picks for short jobs (no effect on output, only on time), and a
# class-data archive per build for faster starts
jvm_opts() {
    printf '%s\n' -Xlog:disable -Xlog:all=off -XX:+UseParallelGC -Xmx768m -XX:FreqInlineSize=50 \
        -XX:TieredStopAtLevel=1 "-XX:SharedArchiveFile=$OUT_DIR/jars/$1.jsa" -XX:+AutoCreateSharedArchive
}
mapfile -t opts_before < <(jvm_opts before)
mapfile -t opts_after < <(jvm_opts after)

# ipt ARGS...: runs the current build's jar with ARGS in the case's folder; appends the exit code
# to the case's file `exit-codes` (compared like any output)
ipt() {
    local rc=0 opts
    if [ "$build" = before ]; then opts=("${opts_before[@]}"); else opts=("${opts_after[@]}"); fi
    env -i PATH="$PATH" HOME="$OUT_DIR/home" LC_ALL=C.UTF-8 TZ=UTC \
        "$java" "${opts[@]}" -jar "$OUT_DIR/jars/$build.jar" "$@" || rc=$?
    echo "$rc" >>exit-codes
}

# embedded_db NAME: the embedded database NAME (iptriage-country.mmdb, iptriage-asn.mmdb) out of
# the current build's jar, into the case's folder
embedded_db() {
    local entry
    entry=$(unzip -Z1 "$OUT_DIR/jars/$build.jar" | grep "/$1\$" | head -n 1)
    [ -n "$entry" ] || { echo "no $1 in the jar" >&2; return 1; }
    unzip -p "$OUT_DIR/jars/$build.jar" "$entry" >"$1"
}

# mmdb_body FILE: FILE without its metadata section (which holds the build time), as FILE.body
mmdb_body() {
    python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
cut = data.rfind(b"\xab\xcd\xefMaxMind.com")
open(sys.argv[1] + ".body", "wb").write(data[:cut] if cut >= 0 else data)
PY
}

normalise() { # DIR: in place, see the header
    local dir=$1 f
    sed -E -i \
        -e 's/ in [0-9]+\.[0-9]+ s \([^()]* (lines\/s|MB\/s)\)/ in <secs> s (<rate> \1)/g' \
        -e "s#$dir#<case-dir>#g" "$dir/stderr"
    while IFS= read -r -d '' f; do
        sed -E -i 's/(<p class="sub">Generated )[^ <]+( by iptriage)/\1<time>\2/' "$f"
    done < <(find "$dir" -name '*.html' -print0)
}

# first_difference A B: where files A and B first differ (cmp), and that line of each (ASCII control
# characters shown as ?, cut at 300 characters)
first_difference() {
    local out line
    out=$(cmp -- "$1" "$2" 2>&1) || true
    line=$(sed -n 's/.*line \([0-9][0-9]*\)$/\1/p' <<<"$out")
    out=${out//"$1"/before}
    out=${out//"$2"/after}
    printf '%s' "$out"
    if [ -n "$line" ]; then
        printf '\n        before: %s' "$(sed -n "${line}{p;q}" "$1" | cut -c1-300 | LC_ALL=C tr '\000-\010\013-\037\177' '?')"
        printf '\n        after:  %s' "$(sed -n "${line}{p;q}" "$2" | cut -c1-300 | LC_ALL=C tr '\000-\010\013-\037\177' '?')"
    fi
}

# compare_dirs A B: nothing when folders A and B hold the same file names with the same bytes, else
# their first difference
compare_dirs() {
    local files other f
    files=$(cd "$1" && find . -type f | LC_ALL=C sort)
    other=$(cd "$2" && find . -type f | LC_ALL=C sort)
    if [ "$files" != "$other" ]; then
        printf 'the files written differ: %s' \
            "$(diff <(echo "$files") <(echo "$other") | grep '^[<>]' | head -n 4 | tr '\n' ' ' || true)"
        return 0
    fi
    while IFS= read -r f; do
        if ! cmp -s "$1/$f" "$2/$f"; then
            printf '%s: %s' "${f#./}" "$(first_difference "$1/$f" "$2/$f")"
            return 0
        fi
    done <<<"$files"
}

same=0
different=0
failed_cases=()
# run_case NAME FUNCTION: FUNCTION's commands for each build (in OUT_DIR/before|after/NAME, stdout
# and stderr of the whole case into files there), then the comparison
run_case() {
    local name=$1 fn=$2 d a b rc first p
    if [ -n "${CASES:-}" ]; then
        local pats
        read -r -a pats <<<"$CASES" # (read: no file name expansion of the patterns)
        for p in "${pats[@]}"; do
            # shellcheck disable=SC2254 # p is a pattern
            case "$name" in $p) break ;; esac
            p=""
        done
        [ -n "$p" ] || return 0
    fi
    SECONDS=0
    for build in before after; do
        d=$OUT_DIR/$build/$name
        mkdir -p "$d"
        # (not `( ... ) || rc=$?`: in a condition the function's commands would run without set -e)
        set +e
        (cd "$d" && set -e && "$fn") >"$d/stdout" 2>"$d/stderr" </dev/null
        rc=$?
        set -e
        # a failing preparation step (not the jar: ipt records its exit codes) is a broken case
        [ "$rc" -eq 0 ] || echo "case function failed: $rc" >>"$d/exit-codes"
        normalise "$d"
    done
    a=$OUT_DIR/before/$name
    b=$OUT_DIR/after/$name
    first=$(compare_dirs "$a" "$b")
    if [ -z "$first" ]; then
        same=$((same + 1))
        printf '%-10s %-34s %3d files %4d s\n' same "$name" "$(find "$a" -type f | wc -l)" "$SECONDS"
        [ "$KEEP" = 1 ] || rm -rf "$a" "$b"
    else
        different=$((different + 1))
        failed_cases+=("$name")
        printf '%-10s %-34s %s\n' DIFFERENT "$name" "$first"
    fi
}

# ---- the cases (each runs in its own folder; inputs are absolute paths, outputs relative names)
DB=(--db "$CITY" --db "$ASN")

# a. enrich on the bench inputs
c_enrich_1m() { ipt enrich "${DB[@]}" -o out.csv "$M1"; }
c_enrich_1m_distinct() { ipt enrich "${DB[@]}" -o out.csv "$M1U"; }
c_enrich_1m_all_de() { ipt enrich "${DB[@]}" --fields all --lang de -o out.csv "$M1"; }
c_enrich_1m_distinct_all_de() { ipt enrich "${DB[@]}" --fields all --lang de -o out.csv "$M1U"; }
c_enrich_1m_unique() { ipt enrich "${DB[@]}" --unique -o out.csv "$M1"; }
c_enrich_1m_distinct_unique() { ipt enrich "${DB[@]}" --unique -o out.jsonl "$M1U"; }
c_enrich_1m_embedded() { ipt enrich -o out.csv "$M1"; }
c_enrich_10k_formats() {
    ipt enrich "${DB[@]}" -f jsonl "$IN/head10k.txt"
    ipt enrich "${DB[@]}" -f table -o table.txt "$IN/head10k.txt"
    ipt enrich "${DB[@]}" -o out.json "$IN/head10k-unique.txt"
    ipt enrich "${DB[@]}" -u -f table -o unique-table.txt "$IN/head10k.txt"
    ipt enrich "${DB[@]}" -u -f json -o unique.out "$IN/head10k.txt"
    ipt enrich "${DB[@]}" --fields ip,country_iso,asn,ip_class,location_precision -u -o picked.csv "$IN/head10k.txt"
    ipt enrich "${DB[@]}" --fields default,time_zone,subdivision --lang ja -o ja.csv "$IN/head10k-unique.txt"
    ipt enrich "${DB[@]}" --strict -o strict.csv "$IN/head10k.txt.gz"
}
c_enrich_10k_raw() {
    ipt enrich "${DB[@]}" --fields all --raw -o raw.csv "$IN/head10k.txt"
    ipt enrich "${DB[@]}" --fields all --raw -o raw.jsonl "$IN/head10k-unique.txt"
    ipt enrich --raw -u -o raw-embedded.jsonl "$IN/head10k.txt"
}
c_enrich_list_corners() {
    ipt enrich "${DB[@]}" --fields all -o rows.csv "$IN/list-corners.txt"
    ipt enrich "${DB[@]}" -o rows.jsonl "$IN/list-corners.txt"
    ipt enrich "${DB[@]}" -u -o unique.csv "$IN/list-corners.txt"
    ipt enrich "${DB[@]}" --strict --keep-mapped -o strict.csv "$IN/list-corners.txt"
    ipt enrich "${DB[@]}" -f table <"$IN/list-corners.txt"
    ipt enrich "${DB[@]}" -o utf16.csv "$IN/list-utf16.txt"
    ipt enrich "${DB[@]}" -o long.csv "$IN/long-line.txt"
    ipt enrich "${DB[@]}" -o two.csv "$IN/head10k.txt.gz" - <"$IN/list-corners.txt"
    ipt enrich "${DB[@]}" -o bad.xlsx "$IN/list-corners.txt"
    ipt enrich "${DB[@]}" --fields ip,nonsense "$IN/list-corners.txt"
    ipt enrich "${DB[@]}" "$IN/missing-file.txt"
}
MM_DBS=()
for f in GeoIP2-Enterprise GeoIP2-City GeoIP2-Anonymous-IP GeoIP2-ISP GeoIP2-Connection-Type GeoIP2-Domain \
    GeoLite2-ASN GeoIP2-DensityIncome GeoIP2-User-Count GeoIP2-IP-Risk GeoIP2-Static-IP-Score \
    GeoIP-Anonymous-Plus GeoIP-Residential-Proxy; do
    MM_DBS+=(--db "$MT/$f-Test.mmdb")
done
MM_DBS+=(--db "$MT/MaxMind-DB-test-decoder.mmdb")
c_enrich_maxmind_test_dbs() {
    ipt enrich "${MM_DBS[@]}" --fields all --lang de -o all-de.csv "$IN/mm-networks.txt"
    ipt enrich "${MM_DBS[@]}" --fields all --raw -o all.jsonl "$IN/mm-networks.txt"
    ipt enrich "${MM_DBS[@]}" -u --lang zh-CN -f table "$IN/mm-networks.txt"
    ipt enrich --db "$MT/GeoIP2-Country-Test.mmdb" --db "$MT/GeoLite2-City-Test.mmdb" --fields all -o country.csv "$IN/mm-networks.txt"
    ipt enrich --db "$MT/MaxMind-DB-test-decoder.mmdb" --db "$MT/MaxMind-DB-test-nested.mmdb" --fields all \
        -o custom.jsonl "$IN/mm-networks.txt"
    ipt fields "${MM_DBS[@]}"
}
c_enrich_corrupt_dbs() {
    ipt enrich --db "$MT/MaxMind-DB-test-broken-pointers-24.mmdb" -o broken.csv "$IN/mm-networks.txt"
    ipt enrich --db "$MT/MaxMind-DB-test-broken-pointers-24.mmdb" --max-errors 100000 -o broken.jsonl "$IN/mm-networks.txt"
    ipt enrich --db "$MT/MaxMind-DB-test-broken-search-tree-24.mmdb" -o tree.csv "$IN/mm-networks.txt"
    ipt enrich --db "$MT/GeoIP2-City-Test-Invalid-Node-Count.mmdb" -o nodes.csv "$IN/mm-networks.txt"
    ipt enrich --db "$MT/GeoIP2-City-Test-Broken-Double-Format.mmdb" -o double.csv "$IN/mm-networks.txt"
}

# b. every --from mode on the corpus logs: rows and --unique, CSV and JSONL
LIST_IN=("$C/blocklists/tor/torbulkexitlist" "$C/blocklists/firehol/firehol_level1.netset"
    "$C/blocklists/spamhaus/drop-2023-02-20.excerpt.txt" "$C/blocklists/misc/kashalls-drop-style.txt")
TEXT_IN=("$C/ioc-finder/long-article-1.txt" "$C/iocextract/test_data/input.txt" "$C/iocextract/test_data/valid.txt"
    "$C/iocextract/test_data/invalid.txt" "$C/ioc_fanger/sample_text_defanged.txt" "$C/ioc-extractor/input.txt"
    "$C/lnav/datafile_ipaddr.0" "$C/blocklists/tor/exit-addresses" "$C/loghub/Mac/Mac_2k.log" "$C/loghub/Windows/Windows_2k.log")
NGINX_IN=("$C/elastic-beats/nginx-access/test.log" "$C/elastic-beats/nginx-access/test-with-host.log"
    "$C/elastic-beats/nginx-access/access.log" "$C/lnav/logfile_shop_access_log.0" "$C/fail2ban/logs/nginx-botsearch")
APACHE_IN=("$C/elastic-examples/apache_logs" "$C/lnav/logfile_access_log.0" "$C/loghub/Apache/Apache_2k.log"
    "$C/fail2ban/logs/apache-badbots")
SSHD_IN=("$C/fail2ban/logs/sshd" "$C/fail2ban/logs/sshd-journal" "$C/fail2ban/logs/zzz-sshd-obsolete-multiline"
    "$C/loghub/OpenSSH/OpenSSH_2k.log" "$C/fail2ban/logs/selinux-ssh")
F2B_IN=("$C/fail2ban/logs/recidive")
SYSLOG_IN=("$C/loghub/Linux/Linux_2k.log" "$C/fail2ban/logs/syslog-plain.txt" "$C/fail2ban/logs/syslog-v.txt"
    "$C/fail2ban/logs/syslog-vv.txt" "$C/fail2ban/testcases/testcase01.log" "$C/fail2ban/testcases/testcase-journal.log"
    "$C/lnav/logfile_haproxy.0")
CSV_IN=("$C/blocklists/feodo/ipblocklist-2024-04-04.csv" "$C/blocklists/feodo/ipblocklist-2021-12-20.csv")
# from_mode MODE INPUT...: rows and --unique, CSV and JSONL (plus --fields all with --unique)
from_mode() {
    local mode=$1
    shift
    ipt enrich "${DB[@]}" --from "$mode" -o rows.csv "$@"
    ipt enrich "${DB[@]}" --from "$mode" -o rows.jsonl "$@"
    ipt enrich "${DB[@]}" --from "$mode" -u -o unique.csv "$@"
    ipt enrich "${DB[@]}" --from "$mode" -u --fields all -o unique.jsonl "$@"
}
c_from_list() { from_mode list "${LIST_IN[@]}"; }
c_from_text() {
    from_mode text "${TEXT_IN[@]}"
    ipt enrich "${DB[@]}" --from text --no-refang --leading-zeros --dotted-port --keep-mapped -u -o options.csv \
        "${TEXT_IN[@]}" "$C/fail2ban/logs/dante"
}
c_from_nginx() { from_mode nginx "${NGINX_IN[@]}"; }
c_from_apache() { from_mode apache "${APACHE_IN[@]}"; }
c_from_sshd() { from_mode sshd "${SSHD_IN[@]}"; }
c_from_fail2ban() { from_mode fail2ban "${F2B_IN[@]}"; }
c_from_syslog() {
    from_mode syslog "${SYSLOG_IN[@]}"
    ipt enrich "${DB[@]}" --from syslog --year 2020 -u -o year.csv "${SYSLOG_IN[@]}"
}
c_from_csv() {
    from_mode csv:dst_ip "${CSV_IN[@]}"
    ipt enrich "${DB[@]}" --from csv:2 -u -f table "${CSV_IN[@]}"
    ipt enrich "${DB[@]}" --from csv:client -u -o join-unique.csv "$IN/join.csv"
    ipt enrich "${DB[@]}" --from csv:no_such_column -o missing.csv "${CSV_IN[@]}"
}
c_from_jsonl() {
    from_mode jsonl:src.ip "$IN/nested.jsonl"
    ipt enrich "${DB[@]}" --from jsonl:cidr -u -o cidr.csv "$C/blocklists/spamhaus/drop_v4-2025-04-15.excerpt.json"
    ipt enrich "${DB[@]}" --from jsonl:entries -u -o entries.csv "$C/blocklists/expected-entries.jsonl"
}
c_from_auto() {
    from_mode auto "${SSHD_IN[@]}" "${F2B_IN[@]}" "${NGINX_IN[@]}" "${APACHE_IN[@]}" "${CSV_IN[@]}" "${LIST_IN[@]}" \
        "${SYSLOG_IN[@]}" "${TEXT_IN[@]}"
    ipt enrich "${DB[@]}" --from auto -u -f table <"$C/elastic-examples/apache_logs"
}
c_from_auto_all_logs() { # every fail2ban and loghub log, each sniffed
    ipt enrich "${DB[@]}" --from auto -u --fields all -o unique.csv "$C"/fail2ban/logs/* "$C"/fail2ban/testcases/* \
        "$C"/loghub/*/*_2k.log
    ipt enrich --from auto -o rows.jsonl "$C"/fail2ban/logs/* "$C"/loghub/*/*_2k.log
}

# c. --keep-columns (join mode)
c_keep_columns() {
    ipt enrich "${DB[@]}" --from csv:dst_ip --keep-columns -o feodo.csv "${CSV_IN[@]}"
    ipt enrich "${DB[@]}" --from csv:dst_ip --keep-columns -o feodo.jsonl "${CSV_IN[@]}"
    ipt enrich "${DB[@]}" --from csv:client --keep-columns -o join.csv "$IN/join.csv"
    ipt enrich "${DB[@]}" --from csv:client --keep-columns --fields all -o join.jsonl "$IN/join.csv"
    ipt enrich --from csv:2 --keep-columns -f csv <"$IN/join.csv"
    ipt enrich "${DB[@]}" --from csv:client --keep-columns -u -o refused.csv "$IN/join.csv"
}

# d. extract
c_extract_text() {
    ipt extract "${TEXT_IN[@]}"
    ipt extract -u -o unique.txt "${TEXT_IN[@]}"
    ipt extract -c -o count.txt "${TEXT_IN[@]}"
    ipt extract -f csv -o rows.csv "${TEXT_IN[@]}"
    ipt extract -f jsonl -u -o unique.jsonl "${TEXT_IN[@]}"
    ipt extract --no-refang -c -o no-refang.txt "${TEXT_IN[@]}"
    ipt extract --leading-zeros --dotted-port --keep-mapped -c -o options.txt "$C"/fail2ban/logs/* "${TEXT_IN[@]}"
    ipt extract --threads 0 -f jsonl -o all-logs.jsonl "$C"/fail2ban/logs/* "$C"/loghub/*/*_2k.log
    ipt extract -c <"$C/ioc_fanger/sample_text_defanged.txt"
}
c_extract_logs() {
    ipt extract --from nginx -f jsonl -o nginx.jsonl "${NGINX_IN[@]}"
    ipt extract --from nginx -c -f csv -o nginx-count.csv "${NGINX_IN[@]}"
    ipt extract --from apache -c -o apache-count.txt "${APACHE_IN[@]}"
    ipt extract --from apache -f csv -o apache.csv "${APACHE_IN[@]}"
    ipt extract --from sshd --count -o sshd-count.txt "${SSHD_IN[@]}"
    ipt extract --from sshd -f jsonl -o sshd.jsonl "${SSHD_IN[@]}"
    ipt extract --from sshd -u -f jsonl -o sshd-unique.jsonl "${SSHD_IN[@]}"
    ipt extract --from fail2ban -f csv -o fail2ban.csv "${F2B_IN[@]}"
    ipt extract --from syslog -f jsonl -o syslog.jsonl "${SYSLOG_IN[@]}"
    ipt extract --from list -u -o list.txt "${LIST_IN[@]}"
    ipt extract --from csv:dst_ip -f csv -o csv.csv "${CSV_IN[@]}"
    ipt extract --from jsonl:src.ip -f jsonl -o jsonl.jsonl "$IN/nested.jsonl"
    ipt extract --from auto -u -f jsonl -o auto.jsonl "${SSHD_IN[@]}" "${F2B_IN[@]}" "${NGINX_IN[@]}" "${APACHE_IN[@]}"
}

# e. report (HTML with its generation time normalised, GeoJSON, PNG map, PNG charts)
c_report_bench() {
    ipt report "${DB[@]}" -o r.html -o r.geojson --png r.png --charts charts "$IN/head10k.txt"
}
c_report_access_log() {
    ipt report "${DB[@]}" --lang de --top 10 -o r.html -o r.geojson --png r.png --charts charts \
        "$C/elastic-examples/apache_logs" "$C/lnav/logfile_shop_access_log.0"
}
c_report_auth_logs() { # sshd and fail2ban sightings, the embedded database
    ipt report --title 'auth & bans <script>' --max-rows 50 -o r.html -o r.geojson --png r.png --charts charts \
        "${SSHD_IN[@]}" "${F2B_IN[@]}"
}
c_report_enrich_output() { # a file enrich wrote, read back without lookups
    ipt enrich "${DB[@]}" -u --fields default,country_iso -o rows.csv "$IN/head10k-unique.txt"
    ipt report -o r.html -o r.geojson --png r.png rows.csv
}

# f. databases, lookup, fields, help
c_db_export_embedded() {
    embedded_db iptriage-country.mmdb
    embedded_db iptriage-asn.mmdb
    ipt db export -o country.csv iptriage-country.mmdb
    ipt db export -o asn.jsonl iptriage-asn.mmdb
    rm -f iptriage-country.mmdb iptriage-asn.mmdb
}
c_db_export_shared() { ipt db export -o asn.csv "$ASN"; }
c_db_export_test_dbs() { # every one as CSV, the ones of most shapes also as JSON Lines (stdout)
    local f
    for f in "$MT"/*.mmdb; do
        case "$f" in *-Shield-Test.mmdb | *-28.mmdb) continue ;; esac # the same data as another one
        ipt db export -o "$(basename "$f" .mmdb).csv" "$f"
    done
    for f in GeoIP2-City-Test GeoIP2-Precision-Enterprise-Test GeoIP-Anonymous-Plus-Test MaxMind-DB-test-decoder \
        MaxMind-DB-test-nested MaxMind-DB-test-pointer-decoder MaxMind-DB-test-mixed-24 MaxMind-DB-test-broken-pointers-24; do
        ipt db export -f jsonl "$MT/$f.mmdb"
    done
}
c_db_info_list_verify() {
    ipt db info builtin "$CITY" "$ASN" "$MT/GeoIP2-Enterprise-Test.mmdb" "$MT/MaxMind-DB-test-decoder.mmdb"
    ipt db info
    ipt db list
    ipt db list "${DB[@]}" --db builtin
    ipt db list --db-dir "$SHARED/data" --max-age 0
    ipt db verify "$ASN" "$MT"/*.mmdb
    ipt db info "$MT/GeoIP2-City-Test-Invalid-Node-Count.mmdb"
}
c_db_build() {
    ipt db build "$IN/custom.csv" -o custom.mmdb --type Internal-Ranges --description 'test ranges'
    ipt db export custom.mmdb
    ipt db verify custom.mmdb
    ipt enrich --db custom.mmdb "${DB[@]}" --fields all -o enriched.csv "$IN/custom-ips.txt"
    ipt lookup --db custom.mmdb 10.9.1.1 2001:db8::1
    mmdb_body custom.mmdb
    rm custom.mmdb
}
c_lookup() {
    ipt lookup "${DB[@]}" 8.8.8.8 1.1.1.1:53 '[2001:4860:4860::8888]:443' 81.2.69.160/27 10.0.0.1 ::ffff:9.9.9.9
    ipt lookup 8.8.8.8 2a00:1450:4001:80b::200e 192.0.2.1
    ipt lookup "${MM_DBS[@]}" --lang de 81.2.69.160 2.125.160.216 1.0.128.5 67.43.156.1 ::1.128.0.1
    ipt lookup "${DB[@]}" 8.8.8.8 not-an-address 1.2.3.256
}
c_fields_help() {
    local c
    ipt fields
    ipt fields --db "$MT/MaxMind-DB-test-decoder.mmdb" --db "$CITY"
    ipt --version
    ipt
    ipt --help
    ipt db
    for c in enrich extract report lookup fields "db info" "db list" "db verify" "db build" "db export" "db update"; do
        # shellcheck disable=SC2086 # "db info" is two words
        ipt $c --help
    done
    ipt enrich --no-such-option
}

echo "before: $before_desc" >&2
echo "after:  $after_desc" >&2
echo "outputs: $OUT_DIR" >&2
start=$(date +%s)
run_case enrich-1m c_enrich_1m
run_case enrich-1m-distinct c_enrich_1m_distinct
run_case enrich-1m-all-de c_enrich_1m_all_de
run_case enrich-1m-distinct-all-de c_enrich_1m_distinct_all_de
run_case enrich-1m-unique c_enrich_1m_unique
run_case enrich-1m-distinct-unique c_enrich_1m_distinct_unique
run_case enrich-1m-embedded-db c_enrich_1m_embedded
run_case enrich-10k-formats c_enrich_10k_formats
run_case enrich-10k-raw c_enrich_10k_raw
run_case enrich-list-corners c_enrich_list_corners
run_case enrich-maxmind-test-dbs c_enrich_maxmind_test_dbs
run_case enrich-corrupt-dbs c_enrich_corrupt_dbs
run_case from-list c_from_list
run_case from-text c_from_text
run_case from-nginx c_from_nginx
run_case from-apache c_from_apache
run_case from-sshd c_from_sshd
run_case from-fail2ban c_from_fail2ban
run_case from-syslog c_from_syslog
run_case from-csv c_from_csv
run_case from-jsonl c_from_jsonl
run_case from-auto c_from_auto
run_case from-auto-all-logs c_from_auto_all_logs
run_case keep-columns c_keep_columns
run_case extract-text c_extract_text
run_case extract-logs c_extract_logs
run_case report-bench c_report_bench
run_case report-access-log c_report_access_log
run_case report-auth-logs c_report_auth_logs
run_case report-enrich-output c_report_enrich_output
run_case db-export-embedded c_db_export_embedded
run_case db-export-shared c_db_export_shared
run_case db-export-test-dbs c_db_export_test_dbs
run_case db-info-list-verify c_db_info_list_verify
run_case db-build c_db_build
run_case lookup c_lookup
run_case fields-help c_fields_help

echo "total: $((same + different)) cases, $same same, $different DIFFERENT ($(($(date +%s) - start)) s; before: $before_desc, after: $after_desc)"
if [ "$different" -gt 0 ]; then
    echo "outputs of the differing cases: $OUT_DIR/{before,after}/{$(IFS=,; echo "${failed_cases[*]}")}" >&2
    exit 1
fi
if [ "$KEEP" = 1 ]; then
    echo "outputs kept in $OUT_DIR" >&2
elif [ -n "$made_out_dir" ]; then
    rm -rf "$OUT_DIR"
fi
