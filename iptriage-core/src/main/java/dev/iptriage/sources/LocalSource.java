package dev.iptriage.sources;

import dev.iptriage.databases.CustomColumns;
import dev.iptriage.databases.Database;
import dev.iptriage.model.Column;
import java.util.List;
import java.util.Objects;

/**
 * A local .mmdb file as a source of columns: answered on the engine's worker threads, by the
 * batched tree walk every database gets, its record cells kept for the fast CSV path. Its columns
 * are the built-in ones its kind holds ({@link dev.iptriage.model.Field}) and its own keys ({@link
 * CustomColumns}); a list compiled to .mmdb by the project's writer is a local source too.
 *
 * @param database the opened file
 */
public record LocalSource(Database database) implements ColumnSource {
    /** Checks the database. */
    public LocalSource {
        Objects.requireNonNull(database, "database");
    }

    /** The database's origin (its path, or {@code builtin:...}). */
    @Override
    public String name() {
        return database.origin();
    }

    /** The database's own keys as columns ({@link CustomColumns#discover}), in order. */
    public List<Column> columns() {
        return CustomColumns.discover(List.of(database));
    }
}
