package dev.iptriage.dbupdate;

import dev.iptriage.enrich.mmdb.Database;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Temporary files, the stored state, and the checked, atomic replacement of a database. */
final class Installer {
    private Installer() {}

    static Path stateDir(Path dir) {
        return dir.resolve(DatabaseUpdater.STATE_DIR);
    }

    /** A fresh temporary file in the state folder (same file system as the target: renames are atomic). */
    static Path temp(Path dir, String edition, String suffix) throws UpdateException {
        try {
            return Files.createTempFile(stateDir(dir), edition + ".", suffix);
        } catch (IOException e) {
            throw new UpdateException(UpdateException.Kind.CONFIG, dir + ": cannot write: " + e.getMessage());
        }
    }

    /** What was stored after the last successful update of the edition (checksum or month). */
    static Optional<String> state(Path dir, String edition) {
        try {
            Path p = stateDir(dir).resolve(edition + ".state");
            return Files.isRegularFile(p) && Files.isRegularFile(dir.resolve(edition + ".mmdb"))
                    ? Optional.of(Files.readString(p, StandardCharsets.UTF_8).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks the new database completely, keeps the current file as {@code .previous}, renames the
     * new one into place and stores the state. Returns the database type.
     */
    static String install(Path fresh, Path target, String edition, String state, String expectedType)
            throws UpdateException {
        String type = verify(fresh, expectedType);
        Path dir = target.getParent();
        try {
            if (Files.exists(target)) {
                Path previous = target.resolveSibling(target.getFileName() + ".previous");
                Files.deleteIfExists(previous);
                try {
                    Files.createLink(previous, target);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(target, previous, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            readableByAll(fresh);
            move(fresh, target);
            Path stateTemp = temp(dir, edition, ".state");
            Files.writeString(stateTemp, state + "\n", StandardCharsets.UTF_8);
            move(stateTemp, stateDir(dir).resolve(edition + ".state"));
        } catch (IOException e) {
            throw new UpdateException(UpdateException.Kind.CONFIG, target + ": cannot replace: " + e.getMessage());
        }
        return type;
    }

    private static String verify(Path fresh, String expectedType) throws UpdateException {
        try (MmdbReader r = MmdbReader.open(fresh)) {
            MmdbVerifier.Report rep = MmdbVerifier.verify(r, 0, Database.shapeOf(r));
            if (!rep.ok()) {
                throw new UpdateException(
                        UpdateException.Kind.CORRUPT,
                        "the downloaded database is corrupt: " + rep.problems().get(0));
            }
            String type = r.metadata().databaseType();
            if (expectedType != null && !type.equalsIgnoreCase(expectedType)) {
                throw new UpdateException(
                        UpdateException.Kind.CORRUPT,
                        "the download holds a '" + type + "' database, expected '" + expectedType + "'");
            }
            return type;
        } catch (UpdateException e) {
            throw e;
        } catch (IOException e) {
            throw new UpdateException(
                    UpdateException.Kind.CORRUPT, "the downloaded database is corrupt: " + e.getMessage());
        }
    }

    /**
     * Temporary files are private to the owner; a database is not secret, and other users (the
     * system folders are shared) must be able to read it.
     */
    private static void readableByAll(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray temporary file in the state folder is harmless
        }
    }
}
