# shellcheck shell=bash
# Sourced by bin/iptriage and bin/mvn: sets IPTRIAGE_JAVA_HOME to a JDK >= 21, or explains and fails.
# Order: $IPTRIAGE_JAVA_HOME, $JAVA_HOME, the java on PATH, then the usual install folders.

_iptriage_java_major() { # prints the feature version of "$1/bin/java", or nothing
    local v=""
    # the JDK's release file answers without starting a JVM (which costs ~0.1 s per candidate)
    [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9.]*\).*/\1/p' "$1/release" | head -n 1)
    case "$v" in 1.*) ;; [0-9]*) printf '%s' "${v%%.*}"; return ;; esac
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
    case "$v" in 1.*) v=${v#1.}; v=${v%%.*} ;; esac
    printf '%s' "$v"
}

_iptriage_has_javac() { [ -x "$1/bin/javac" ] || [ "${2:-}" = jre-ok ]; }

iptriage_find_java() { # usage: iptriage_find_java [jre-ok]
    local need=21 c major candidates=()
    [ -n "${IPTRIAGE_JAVA_HOME:-}" ] && candidates+=("$IPTRIAGE_JAVA_HOME")
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v java >/dev/null 2>&1; then
        c=$(readlink -f "$(command -v java)")
        candidates+=("${c%/bin/java}")
    fi
    for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* \
        /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -d "$c" ] && candidates+=("$c")
    done
    local best="" best_major=0
    for c in "${candidates[@]}"; do
        [ -x "$c/bin/java" ] || continue
        _iptriage_has_javac "$c" "${1:-}" || continue
        major=$(_iptriage_java_major "$c")
        [[ "$major" =~ ^[0-9]+$ ]] || continue
        if [ "$major" -ge "$need" ]; then
            # the first explicit choice wins; among discovered ones, the newest
            if [ "$c" = "${IPTRIAGE_JAVA_HOME:-}" ] || [ "$c" = "${JAVA_HOME:-}" ]; then best=$c; break; fi
            if [ "$major" -gt "$best_major" ]; then best=$c; best_major=$major; fi
        fi
    done
    if [ -z "$best" ]; then
        echo "iptriage: needs a JDK $need or newer, and none was found." >&2
        echo "  looked at: \$IPTRIAGE_JAVA_HOME, \$JAVA_HOME, the java on PATH, /usr/lib/jvm/*, /opt/java/*, ~/.sdkman" >&2
        echo "  install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+) or set JAVA_HOME to it." >&2
        return 1
    fi
    IPTRIAGE_JAVA_HOME=$best
    export IPTRIAGE_JAVA_HOME
}
