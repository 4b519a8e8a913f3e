/**
 * MaxMind DB ({@code .mmdb}) files, read, written and checked, knowing nothing of columns or GeoIP schemas. {@link
 * dev.iptriage.mmdb.MmdbReader#open(java.nio.file.Path)} reads a file (tree walks, one address or a batch in
 * lockstep, and record decoding); {@link dev.iptriage.mmdb.MmdbWriter#builder()} builds one (test fixtures, custom
 * internal-range databases, the embedded default databases); {@link dev.iptriage.mmdb.MmdbVerifier#verify} checks a
 * whole file's structure ({@code db verify}). The CSV import and export are in {@link dev.iptriage.mmdb.csv}.
 *
 * <p>Start with {@link dev.iptriage.mmdb.MmdbReader}.
 */
package dev.iptriage.mmdb;
