# shellcheck shell=bash
# Sourced by bin/iptriage (source checkout) and by the release archive's bin/iptriage: the JVM flags
# both launchers give iptriage, and the start-up cache they keep. Needs bash, awk, wc, mktemp, mv,
# touch and rm (and find-java.sh's _iptriage_java_major, when sourced, for a Java without a release
# file).
#
# usage: iptriage_jvm_flags JAVA_HOME JAR CACHE_DIR LAUNCHER [iptriage arguments...]
#   JAVA_HOME  the Java that will run the jar (its release file gives the version)
#   CACHE_DIR  a writable folder for the start-up cache, or "" for none
#   LAUNCHER   the calling script: when it (or this file) is newer than the cache, it is recorded again
# Sets the array IPTRIAGE_JVM_FLAGS (everything before "-jar"), and exports IPTRIAGE_TTY_IN/OUT/ERR
# for the streams that are terminals (the JVM cannot tell).

_iptriage_java_feature() { # the feature version of the Java in "$1" (its release file; else asks it)
    local line v=""
    if [ -f "$1/release" ]; then
        while IFS= read -r line; do
            case "$line" in JAVA_VERSION=\"[0-9]*) v=${line#JAVA_VERSION=\"}; v=${v%%[!0-9]*}; break ;; esac
        done <"$1/release"
    fi
    if [ -z "$v" ] && declare -F _iptriage_java_major >/dev/null; then v=$(_iptriage_java_major "$1"); fi
    printf '%s' "$v"
}

iptriage_jvm_flags() {
    local java_home=$1 jar=$2 cache_dir=$3 launcher=$4
    shift 4

    [ -t 0 ] && export IPTRIAGE_TTY_IN=1
    [ -t 1 ] && export IPTRIAGE_TTY_OUT=1
    [ -t 2 ] && export IPTRIAGE_TTY_ERR=1

    # a bounded heap keeps the whole process near 1 GB; IPTRIAGE_JAVA_OPTS=-Xmx4g (say) for huge --unique runs
    local heap=(-Xmx768m)
    case " ${IPTRIAGE_JAVA_OPTS:-} " in *" -Xmx"*) heap=() ;; esac
    # ParallelGC suits this batch work on few cores, unless the user picks another collector
    local gc=(-XX:+UseParallelGC)
    case " ${IPTRIAGE_JAVA_OPTS:-} " in *"GC "*) gc=() ;; esac
    # Less inlining of warm methods (FreqInlineSize 50 instead of 325): the JIT compiler was a third of
    # the CPU of a run over 1M distinct addresses, mostly compiling the same few loops into their large
    # callers; with it, 1.61 -> 1.43 s there, 1.04 -> 0.88 s on 1M log-like lines and 1.16 -> 1.0 s
    # extracting from 419 MB of text, 10M lines unchanged, 1.68 GB of text about 3% slower
    # (interleaved runs, output on tmpfs).
    local jit=(-XX:FreqInlineSize=50)
    local tiered_jit=("${jit[@]}")
    # Short jobs run on the quick compiler alone (C1, -XX:TieredStopAtLevel=1). On two cores the
    # optimizing compiler (C2) spent 0.6 CPU-s compiling during a 1.2 s run over 1M addresses, more than
    # its faster code saved before the end; without it that run took 7% less time, 1M log-like lines
    # 28% less, extracting from 20 MB of text 23% less (interleaved runs). Past about 5M lines (85 MB)
    # C2 pays for itself (10M lines: 20% more time without it). So: when every input is a file and
    # together they hold less than 64 MiB, C1 alone; stdin (size unknown), larger inputs, the other
    # commands and any JIT option in IPTRIAGE_JAVA_OPTS keep the default tiered compilation, and so
    # does gzip input.
    _iptriage_quick_jit "$@" && jit=(-XX:TieredStopAtLevel=1)

    # Start-up cache. On JDK 25+ an AOT cache (classes loaded and linked) recorded by one training run
    # over a generated sample when the jar is new; on older JDKs a class-data sharing archive created by
    # the first run. Either one only makes starts faster; a stale or unusable cache is ignored by the JVM.
    # The cache holds no method profiles (-AOTRecordTraining): profiles from the small training run
    # misled the JIT on real inputs (1M distinct addresses on a City database took 14% longer with them,
    # 10M lines 13%), while the start-up gain is the same without them.
    local cds=()
    if [ -n "$cache_dir" ]; then
        cds=("-XX:SharedArchiveFile=$cache_dir/iptriage.jsa" -XX:+AutoCreateSharedArchive)
        local aot="$cache_dir/iptriage.aot" work
        if [ "$(_iptriage_java_feature "$java_home")" -ge 25 ] 2>/dev/null; then
            # (a failed training is remembered until the next build, so runs do not retry it every time)
            # (also recorded again when a launcher changed, as its recording options may have)
            if { [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ] || [ "$launcher" -nt "$aot" ] ||
                [ "${BASH_SOURCE[0]}" -nt "$aot" ]; } && [ ! "$aot.failed" -nt "$jar" ]; then
                # (no temporary folder, or no room in it: no training; the cache only makes starts faster)
                if work=$(mktemp -d 2>/dev/null) && awk 'BEGIN { srand(7); for (i = 0; i < 60000; i++) { r = rand();
                    if (r < 0.8) printf "%d.%d.%d.%d\n", int(rand() * 224), int(rand() * 256), int(rand() * 256), int(rand() * 256);
                    else if (r < 0.95) printf "2%03x:%x:%x::%x\n", int(rand() * 4096), int(rand() * 65536), int(rand() * 65536), int(rand() * 65536);
                    else print "not an address " i } }' >"$work/sample.txt" 2>/dev/null; then
                    # the training run is offline and the same for everyone: no config file, no
                    # IPTRIAGE_<KEY> setting (a user's ptr = true must not send 57,000 questions)
                    local opts="${IPTRIAGE_JAVA_OPTS:-}" v
                    # shellcheck disable=SC2086
                    if (for v in $(compgen -e); do case "$v" in IPTRIAGE_*) unset "$v" ;; esac; done
                        exec "$java_home/bin/java" -Xlog:disable -Xlog:all=off "${gc[@]}" "${heap[@]}" "${tiered_jit[@]}" \
                            -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining \
                            -XX:AOTCacheOutput="$work/iptriage.aot" $opts -jar "$jar" \
                            enrich -q --no-config --db builtin -o "$work/out.csv" "$work/sample.txt") \
                        </dev/null >/dev/null 2>&1; then
                        mv -f "$work/iptriage.aot" "$aot" 2>/dev/null || touch "$aot.failed" 2>/dev/null || true
                    else
                        touch "$aot.failed" 2>/dev/null || true
                    fi
                fi
                [ -n "${work:-}" ] && rm -rf "$work"
            fi
            [ -f "$aot" ] && cds=("-XX:AOTCache=$aot")
        fi
    fi
    # (-Xlog:disable keeps the JVM's own log lines, e.g. about that archive, off stdout)
    # shellcheck disable=SC2034 # the launchers' result
    IPTRIAGE_JVM_FLAGS=(-Xlog:disable -Xlog:all=off "${gc[@]}" "${heap[@]}" "${jit[@]}" "${cds[@]}")
}

_iptriage_quick_jit() { # true when the job is short enough for C1 alone (see above)
    case " ${IPTRIAGE_JAVA_OPTS:-} " in *Tiered*|*CompilationMode*) return 1 ;; esac
    case "${1:-}" in enrich|extract|report) ;; *) return 1 ;; esac
    shift
    local total=0 files=0 skip="" a size magic
    for a in "$@"; do
        if [ -n "$skip" ]; then skip=""; continue; fi
        case "$a" in
            # options whose values are not inputs
            -o|--output|--db|--db-dir|--png|--config|--list|--scanner-rules|--dnsbl-zones|--cache|--webservice-cache|--charts|--title|--sort|--top|--fields|-f|--format|--lang|--from) skip=1; continue ;;
            -) return 1 ;;                                     # stdin
            -*) continue ;;
            *.mmdb) continue ;;
        esac
        [ -f "$a" ] || continue
        # gzip input (read whatever its name): its size says little about the job's
        LC_ALL=C IFS= read -r -n 2 -d '' magic <"$a" 2>/dev/null || true
        [ "$magic" = $'\x1f\x8b' ] && return 1
        size=$(wc -c <"$a" 2>/dev/null) || return 1
        total=$((total + size))
        files=$((files + 1))
    done
    [ "$files" -gt 0 ] && [ "$total" -lt $((64 * 1024 * 1024)) ]
}
