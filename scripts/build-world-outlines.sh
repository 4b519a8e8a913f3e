#!/usr/bin/env bash
# Rebuilds the country outlines that HTML reports and PNG maps draw:
#   iptriage-core/src/main/resources/dev/iptriage/sink/world/countries-110m.geojson
# from Natural Earth 1:110m Admin 0 boundaries (public domain) as packaged by world-atlas (ISC), with
# ISO numeric -> alpha-2 codes from i18n-iso-countries (MIT, build time only).
#
# usage: scripts/build-world-outlines.sh [OUT_FILE]
# Needs npm (registry access), Maven and a JDK >= 21. The normal build never runs this and never needs
# the network: the output is committed. Same inputs, same bytes.
set -euo pipefail

ATLAS_SPEC=world-atlas@2.0.2
ISO_CODES_SPEC=i18n-iso-countries@7.14.0

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/iptriage-core/src/main/resources/dev/iptriage/sink/world/countries-110m.geojson}
command -v npm >/dev/null 2>&1 || { echo "build-world-outlines: npm is not installed" >&2; exit 1; }
# shellcheck source=../bin/lib/find-java.sh
. "$root/bin/lib/find-java.sh"
iptriage_find_java || exit 1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() {
    local tgz
    tgz=$(cd "$work" && npm pack --silent "$1" | tail -n 1)
    mkdir -p "$work/$2"
    tar -xzf "$work/$tgz" -C "$work/$2"
}
fetch "$ATLAS_SPEC" atlas
fetch "$ISO_CODES_SPEC" iso

"$root/bin/mvn" -B -q -pl iptriage-tools -am -DskipTests package \
    dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
tools_jar=$(find "$root/iptriage-tools/target" -maxdepth 1 -name 'iptriage-tools-*.jar' \
    ! -name '*-tests.jar' ! -name '*-sources.jar' | head -n 1)
[ -n "$tools_jar" ] || { echo "build-world-outlines: no iptriage-tools jar was built" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
"$IPTRIAGE_JAVA_HOME/bin/java" -cp "$tools_jar:$(cat "$root/iptriage-tools/target/runtime-classpath.txt")" \
    dev.iptriage.tools.BuildWorldOutlines \
    --atlas-package "$work/atlas/package" --iso-codes-package "$work/iso/package" --out "$out"
