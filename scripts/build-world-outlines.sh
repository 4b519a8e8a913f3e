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
script=build-world-outlines
# shellcheck source=lib/tools.sh
. "$root/scripts/lib/tools.sh"

npm_fetch "$ATLAS_SPEC" atlas
npm_fetch "$ISO_CODES_SPEC" iso
tools_classpath

mkdir -p "$(dirname "$out")"
"$IPTRIAGE_JAVA_HOME/bin/java" -cp "$classpath" \
    dev.iptriage.tools.BuildWorldOutlines \
    --atlas-package "$work/atlas/package" --iso-codes-package "$work/iso/package" --out "$out"
