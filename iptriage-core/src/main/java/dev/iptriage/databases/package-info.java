/**
 * The {@code .mmdb} files a run uses and what they hold. {@link dev.iptriage.databases.DatabaseLocator#locate} decides
 * which files (from {@code --db}, {@code --db-dir}, {@code $IPTRIAGE_DB_DIR}, the usual GeoIP folders, else the
 * embedded {@link dev.iptriage.databases.BuiltinDatabases}); {@link dev.iptriage.databases.Database#open} opens and
 * validates one, and tells its {@link dev.iptriage.databases.DatabaseKind} from its metadata. Where a column lives in
 * a record of each schema is the table of {@code FieldPaths} (package-private; {@link
 * dev.iptriage.databases.Database#plan} is its way out); {@link dev.iptriage.databases.CustomColumns} names the columns
 * of a custom database's own keys.
 *
 * <p>Start with {@link dev.iptriage.databases.DatabaseLocator}.
 */
package dev.iptriage.databases;
