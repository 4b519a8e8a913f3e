package dev.iptriage.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file atomically: into a temporary file beside it, renamed over the target only when
 * everything was written, so a failed run never leaves a half-written file behind (and an older
 * file of that name stays intact). Opening checks up front that the folder is writable.
 */
final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private static final SecureRandom RANDOM = new SecureRandom();

    private boolean committed;

    private AtomicOutput(Path target, Path temp) throws IOException {
        this.target = target;
        this.temp = temp;
        // created new (never through an existing file or link), with the same permissions as any new
        // file (the umask applies), not the owner-only ones of Files.createTempFile
        this.out = new BufferedOutputStream(
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 20);
    }

    static AtomicOutput open(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw CliException.output(target + ": is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.output(target + ": the folder " + dir + " does not exist");
        }
        try {
            Path temp =
                    dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            return new AtomicOutput(target, temp);
        } catch (AccessDeniedException e) {
            throw CliException.output(target + ": cannot write here (permission denied)");
        } catch (NoSuchFileException e) {
            throw CliException.output(target + ": the folder does not exist");
        } catch (IOException e) {
            throw CliException.output(target + ": cannot write: " + e.getMessage());
        }
    }

    OutputStream stream() {
        return out;
    }

    /** Flushes, closes and renames the temporary file onto the target. */
    void commit() {
        try {
            out.close();
            keepPermissions();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        } catch (IOException e) {
            throw CliException.output(target + ": writing failed: " + e.getMessage());
        }
    }

    /** Replacing a file keeps its permissions, as writing over it would. */
    private void keepPermissions() throws IOException {
        if (Files.exists(target)) {
            try {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
        }
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the temporary file is removed below either way
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a stray temporary file is harmless
            }
        }
    }
}
