/**
 * CSV to MMDB and back ({@code db build}, {@code db export}): {@link dev.iptriage.mmdb.csv.CsvToMmdb#read} builds a
 * database from a CSV of networks or ranges (custom internal-range databases), reporting bad rows with their line;
 * {@link dev.iptriage.mmdb.csv.MmdbExport#export} writes any database as CSV or JSON Lines, one row per network.
 */
package dev.iptriage.mmdb.csv;
