/**
 * MaxMind DB ({@code .mmdb}) files. Entry points: {@link dev.iptriage.mmdb.MmdbWriter#builder()}
 * builds databases (test fixtures, custom internal-range databases, the embedded default database);
 * {@link dev.iptriage.mmdb.MmdbReader#open(java.nio.file.Path)} reads them.
 */
package dev.iptriage.mmdb;
