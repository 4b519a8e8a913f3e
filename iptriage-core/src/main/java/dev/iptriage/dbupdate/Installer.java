package dev.iptriage.dbupdate;

import dev.iptriage.databases.Database;
import dev.iptriage.mmdb.Metadata;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Temporary files, the stored state, and the checked, atomic replacement of a database. The public methods are the
 * parts {@code lists update} shares: temporary files deleted when the JVM exits, and the replacement that keeps the
 * replaced file as {@code .previous}.
 */
public final class Installer {
    private static final String TEMP = ".tmp";

    /** The temporary files not yet deleted, for the shutdown hook; guarded by itself. */
    private static final Set<Path> TEMPS = new HashSet<>();

    private static boolean hooked;

    /** Whether the JVM is exiting: no new temporary file then; guarded by {@link #TEMPS}. */
    private static boolean exiting;

    private Installer() {}

    static Path stateDir(Path dir) {
        return dir.resolve(DatabaseUpdater.STATE_DIR);
    }

    /**
     * A fresh temporary file in the state folder (same file system as the target: renames are
     * atomic), {@code EDITION.RANDOM.SUFFIX.tmp}. It is deleted when the JVM exits before it is
     * (Ctrl-C, SIGTERM); one left by a killed run is deleted by the next update ({@link #removeLeftovers}).
     */
    static Path temp(Path dir, String edition, String suffix) throws UpdateException {
        return tempIn(stateDir(dir), edition + ".", suffix);
    }

    /**
     * A fresh temporary file {@code PREFIX.RANDOM.SUFFIX.tmp} in {@code folder}, deleted when the JVM exits before it
     * is renamed or deleted ({@link #deleteQuietly}); put it on the target's file system so the rename is atomic.
     */
    public static Path tempIn(Path folder, String prefix, String suffix) throws UpdateException {
        try {
            synchronized (TEMPS) {
                if (exiting) {
                    throw new UpdateException(UpdateException.Kind.CONFIG, "interrupted");
                }
                if (!hooked) {
                    Runtime.getRuntime()
                            .addShutdownHook(new Thread(Installer::deleteTemps, "iptriage-update-temp-files"));
                    hooked = true;
                }
                Path p = Files.createTempFile(folder, prefix, suffix + TEMP);
                TEMPS.add(p);
                return p;
            }
        } catch (IOException e) {
            throw new UpdateException(UpdateException.Kind.CONFIG, folder + ": cannot write: " + e.getMessage());
        }
    }

    /**
     * Deletes the temporary files a killed update left in the state folder. Called with the folder
     * lock held, so no live update is using any of them.
     */
    static void removeLeftovers(Path dir) {
        removeLeftovers(stateDir(dir), "*");
    }

    /**
     * Deletes the temporary files ({@link #tempIn}) matching {@code glob} + {@code .tmp} that a killed run left in
     * {@code folder}. Call it with the folder's lock held.
     */
    public static void removeLeftovers(Path folder, String glob) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, glob + TEMP)) {
            for (Path p : files) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: they are tried again by the next update
        }
    }

    private static void deleteTemps() {
        synchronized (TEMPS) {
            exiting = true;
            for (Path p : List.copyOf(TEMPS)) {
                deleteQuietly(p); // which removes it from TEMPS
            }
        }
    }

    /**
     * What was stored after the last successful update of an edition.
     *
     * @param key the published SHA-256 (MaxMind) or the month (DB-IP) last installed
     * @param changed null when the installed file is the one installed then (same SHA-256), else why it is not:
     *     damaged, replaced by hand (say a {@code .previous} renamed back), or a state without the file's checksum
     */
    record State(String key, String changed) {
        /** The key, when the installed file is still the one it describes. */
        Optional<String> current() {
            return changed == null ? Optional.of(key) : Optional.empty();
        }
    }

    private static final String FILE_SHA256 = "file-sha256 ";

    /**
     * The state of an edition, checked against the installed file's own SHA-256 (as geoipupdate compares the local
     * file's hash, not a note of what it wrote): a file changed since is downloaded again. Empty when nothing was
     * installed (or the file is gone).
     */
    static Optional<State> state(Path dir, String edition) {
        Path file = dir.resolve(edition + ".mmdb");
        try {
            Path p = stateDir(dir).resolve(edition + ".state");
            if (!Files.isRegularFile(p) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            String key = lines.get(0).strip();
            String recorded = lines.stream()
                    .filter(l -> l.startsWith(FILE_SHA256))
                    .map(l -> l.substring(FILE_SHA256.length()).strip())
                    .findFirst()
                    .orElse(null);
            if (recorded == null) {
                return Optional.of(new State(key, "no checksum of " + file.getFileName() + " was recorded"));
            }
            String actual = sha256(file);
            return Optional.of(
                    actual.equalsIgnoreCase(recorded)
                            ? new State(key, null)
                            : new State(
                                    key,
                                    file.getFileName()
                                            + " is not the file last installed (its SHA-256 differs: damaged or"
                                            + " replaced)"));
        } catch (IOException | UncheckedIOException e) {
            return Optional.of(new State("", file.getFileName() + " cannot be read: " + e.getMessage()));
        }
    }

    /** The SHA-256 of a file, lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest md = MaxMindEdition.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Checks the new database completely, keeps the current file as {@code .previous}, renames the
     * new one into place and stores the state. Returns the database type.
     */
    static String install(Path fresh, Path target, String edition, String state, MetadataCheck check)
            throws UpdateException {
        String type = verify(fresh, check);
        Path dir = target.getParent();
        try {
            String fileSha = sha256(fresh);
            replaceKeepingPrevious(fresh, target);
            Path stateTemp = temp(dir, edition, ".state");
            Files.writeString(stateTemp, state + "\n" + FILE_SHA256 + fileSha + "\n", StandardCharsets.UTF_8);
            move(stateTemp, stateDir(dir).resolve(edition + ".state"));
        } catch (IOException e) {
            throw new UpdateException(UpdateException.Kind.CONFIG, target + ": cannot replace: " + e.getMessage());
        }
        return type;
    }

    /**
     * Renames {@code fresh} (in the target's folder or on its file system) to {@code target}, atomically where the
     * file system can, readable by all, after keeping the current {@code target} (if any) as {@code
     * TARGET.previous} (a hard link, else a copy).
     */
    public static void replaceKeepingPrevious(Path fresh, Path target) throws IOException {
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
    }

    /** Renames a temporary file into place (atomically where the file system can), replacing {@code to}. */
    public static void moveInto(Path from, Path to) throws IOException {
        move(from, to);
    }

    /** What a source knows its download must be (database type, build date): throws when the metadata is not. */
    @FunctionalInterface
    interface MetadataCheck {
        void check(Metadata m) throws UpdateException;
    }

    /** A check that the download is a database of exactly {@code expectedType} (case aside). */
    static MetadataCheck type(String expectedType) {
        return m -> {
            if (!m.databaseType().equalsIgnoreCase(expectedType)) {
                throw new UpdateException(
                        UpdateException.Kind.CORRUPT,
                        "the download holds a '" + m.databaseType() + "' database, expected '" + expectedType + "'");
            }
        };
    }

    private static String verify(Path fresh, MetadataCheck check) throws UpdateException {
        try (MmdbReader r = MmdbReader.open(fresh)) {
            MmdbVerifier.Report rep = MmdbVerifier.verify(r, 0, Database.shapeOf(r));
            if (!rep.ok()) {
                throw new UpdateException(
                        UpdateException.Kind.CORRUPT,
                        "the downloaded database is corrupt: " + rep.problems().get(0));
            }
            check.check(r.metadata());
            return r.metadata().databaseType();
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
        synchronized (TEMPS) {
            TEMPS.remove(from); // no longer a temporary file
        }
    }

    /**
     * Opens a temporary file made by {@link #tempIn} for writing (a download's body; a retry opens it again). Refused
     * once the JVM is exiting or the file was deleted: a retry racing the shutdown hook must not create it again
     * after the hook removed it (it would be left behind).
     *
     * @throws IOException when the run is ending, or the file cannot be opened
     */
    public static OutputStream openTemp(Path temp) throws IOException {
        synchronized (TEMPS) {
            if (exiting || !TEMPS.contains(temp)) {
                throw new IOException(temp + ": the run is ending");
            }
            return Files.newOutputStream(temp);
        }
    }

    /** Deletes a temporary file, ignoring failure (the next run's {@link #removeLeftovers} retries). */
    public static void deleteQuietly(Path p) {
        synchronized (TEMPS) {
            TEMPS.remove(p);
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray temporary file in the state folder is removed by the next update
        }
    }
}
