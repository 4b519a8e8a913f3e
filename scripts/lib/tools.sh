# Shared steps of the maintainer scripts that build committed resources with iptriage-tools.
# Source it after setting `root` (the project root) and `script` (the caller's name, for messages);
# it checks for npm, finds a JDK >= 21 and makes a temp dir `work`, removed on exit.
# shellcheck shell=bash

command -v npm >/dev/null 2>&1 || { echo "$script: npm is not installed" >&2; exit 1; }
# shellcheck source=../../bin/lib/find-java.sh
. "$root/bin/lib/find-java.sh"
iptriage_find_java || exit 1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# npm_fetch SPEC DIR: npm pack SPEC into the temp dir and unpack it to $work/DIR/package
npm_fetch() {
    local tgz
    tgz=$(cd "$work" && npm pack --silent "$1" | tail -n 1)
    [ -f "$work/$tgz" ] || { echo "$script: npm pack $1 produced no tarball" >&2; exit 1; }
    mkdir -p "$work/$2"
    tar -xzf "$work/$tgz" -C "$work/$2"
    echo "fetched $1" >&2
}

# tools_classpath: builds iptriage-core and iptriage-tools and sets `classpath` to copies of the jars in
# $work/lib (copied at once: other builds in this tree may clean target/ while the tool runs)
tools_classpath() {
    echo "building iptriage-core and iptriage-tools" >&2
    "$root/bin/mvn" -B -q -pl iptriage-tools -am -DskipTests package \
        dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
    local tools_jar entries i
    tools_jar=$(find "$root/iptriage-tools/target" -maxdepth 1 -name 'iptriage-tools-*.jar' \
        ! -name '*-tests.jar' ! -name '*-sources.jar' | head -n 1)
    [ -n "$tools_jar" ] || { echo "$script: no iptriage-tools jar was built" >&2; exit 1; }
    mkdir -p "$work/lib"
    classpath=""
    IFS=: read -r -a entries <<< "$tools_jar:$(cat "$root/iptriage-tools/target/runtime-classpath.txt")"
    for i in "${!entries[@]}"; do
        cp -r "${entries[$i]}" "$work/lib/$i-$(basename "${entries[$i]}")"
        classpath=$classpath${classpath:+:}$work/lib/$i-$(basename "${entries[$i]}")
    done
}
