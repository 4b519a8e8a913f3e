#!/usr/bin/env bash
# Rebuilds the embedded default database that iptriage-core ships, so that `iptriage enrich` works with
# no account and no download:
#   iptriage-core/src/main/resources/dev/iptriage/defaultdb/iptriage-country.mmdb  (country, continent,
#       country-level coordinates; database_type iptriage-Default-Country)
#   iptriage-core/src/main/resources/dev/iptriage/defaultdb/iptriage-asn.mmdb      (ASN + organization;
#       database_type iptriage-Default-ASN)
#   iptriage-core/src/main/resources/dev/iptriage/defaultdb/manifest.properties    (sources, versions,
#       licences, attribution, data date, counts, sha256; read by `iptriage db info`)
#
# usage: scripts/build-default-db.sh [OUT_DIR]
#   OUT_DIR defaults to the resource directory above. Needs npm (registry access), Maven and a
#   JDK >= 21 (found like bin/mvn does). The normal build never runs this and never needs the network.
#
# What it does: `npm pack`s the pinned package versions below into a temp dir and unpacks them, builds
# iptriage-core and iptriage-tools (bin/mvn -DskipTests package), then runs
# dev.iptriage.tools.BuildDefaultDb on the unpacked directories and copies the three files into OUT_DIR.
# The output is byte-identical for the same inputs and JDK (build_epoch is the data snapshot time; the
# English country names come from the JDK's CLDR data).
#
# Inputs (exact versions; licences):
#   @ip-location-db/geo-whois-asn-country  country per IP range             CC0-1.0
#   @ip-location-db/asn                    ASN + organization per IP range  CC BY 4.0 (RouteViews, NRO, DB-IP)
#   world-atlas                            Natural Earth 1:10m boundaries   public domain data, ISC packaging
#   i18n-iso-countries                     ISO numeric -> alpha-2 codes     MIT (used at build time only)
#
# To update the data: pick the newest versions (npm view @ip-location-db/asn versions --json | tail), set
# them below, run this script, then `bin/mvn -pl iptriage-tools -am verify` (DefaultDbResourcesTest checks
# the new files), review `git diff --stat`, and update NOTICE if a source or licence changed.
set -euo pipefail

COUNTRY_SPEC=@ip-location-db/geo-whois-asn-country@2.3.2026061719
ASN_SPEC=@ip-location-db/asn@2.3.2026061719
ATLAS_SPEC=world-atlas@2.0.2
ISO_CODES_SPEC=i18n-iso-countries@7.14.0

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/iptriage-core/src/main/resources/dev/iptriage/defaultdb}
script=build-default-db
# shellcheck source=lib/tools.sh
. "$root/scripts/lib/tools.sh"

npm_fetch "$COUNTRY_SPEC" country
npm_fetch "$ASN_SPEC" asn
npm_fetch "$ATLAS_SPEC" atlas
npm_fetch "$ISO_CODES_SPEC" iso
tools_classpath

mkdir -p "$work/out"
"$IPTRIAGE_JAVA_HOME/bin/java" -Xmx2g -cp "$classpath" dev.iptriage.tools.BuildDefaultDb \
    --country-package "$work/country/package" \
    --asn-package "$work/asn/package" \
    --atlas-package "$work/atlas/package" \
    --iso-codes-package "$work/iso/package" \
    --out "$work/out"

mkdir -p "$out"
for f in iptriage-country.mmdb iptriage-asn.mmdb manifest.properties; do
    cp "$work/out/$f" "$out/$f.tmp"
    chmod 644 "$out/$f.tmp"
    mv "$out/$f.tmp" "$out/$f"
done
ls -l "$out" >&2
