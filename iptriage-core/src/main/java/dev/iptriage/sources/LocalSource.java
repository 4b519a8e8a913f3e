package dev.iptriage.sources;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A local .mmdb file as a source of columns: opened memory-mapped by the engine, answered on its
 * worker threads by the batched tree walk every database gets (with the record cache and the fast
 * CSV path), never sending anything anywhere. Its columns are the built-in ones its kind holds
 * ({@link dev.iptriage.model.Field}) and its records' own keys ({@code site}, {@code owner}, {@code
 * tags.team}); a list compiled to .mmdb by the project's writer is a local source too. Earlier local
 * sources take precedence per column, after the databases given to the engine.
 *
 * @param file the .mmdb file
 */
public record LocalSource(Path file) implements ColumnSource {
    /** Checks the path. */
    public LocalSource {
        Objects.requireNonNull(file, "file");
    }

    /** The file's name, as the databases' origins are. */
    @Override
    public String name() {
        return file.toString();
    }
}
