/**
 * Maintainer tools, not part of the shipped library or command: they build the resources core embeds, from pinned
 * open-data packages. {@link dev.iptriage.tools.BuildDefaultDb} builds the embedded country and ASN databases (run by
 * {@code scripts/build-default-db.sh}); {@link dev.iptriage.tools.BuildWorldOutlines} writes the country outlines of
 * the report maps (run by {@code scripts/build-world-outlines.sh}).
 */
package dev.iptriage.tools;
