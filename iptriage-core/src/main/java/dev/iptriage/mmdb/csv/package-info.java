/**
 * CSV to MMDB and back: {@link dev.iptriage.mmdb.csv.CsvToMmdb#read} builds a database from a CSV of
 * networks or ranges (custom internal-range databases); {@link
 * dev.iptriage.mmdb.csv.MmdbExport#export} writes any database as CSV or JSON Lines.
 */
package dev.iptriage.mmdb.csv;
