package dev.iptriage.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file atomically: into a temporary file beside it, renamed over the target only when
 * everything was written, so a failed run never leaves a half-written file behind (and an older
 * file of that name stays intact). Opening checks up front that the folder is writable.
 *
 * <p>No temporary file is left behind: a failed run deletes it, Ctrl-C and SIGTERM delete it (a
 * shutdown hook), and after a kill -9 the next run that writes into the folder deletes it. The name,
 * {@code .NAME.iptriage-PID-RANDOM.tmp}, says whose it is, and the writer holds a lock on it until
 * the rename: a file of that naming that nobody holds a lock on is a dead run's leftover. Files of
 * any other naming, and those a live run holds, are never touched.
 */
final class AtomicOutput implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();
    private static final Duration LEFTOVER_AGE = Duration.ofMinutes(1);
    private static final Pattern OWN = Pattern.compile("\\..+\\.iptriage-([0-9]{1,19})-[0-9a-z]+\\.tmp");

    /** The temporary files not yet renamed or deleted; guarded by itself. */
    private static final Set<AtomicOutput> OPEN = new HashSet<>();

    /** Whether the JVM is exiting (no new temporary file then); guarded by {@link #OPEN}. */
    private static boolean exiting;

    private static boolean hooked;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;

    private boolean committed;

    private AtomicOutput(Path target, Path temp) throws IOException {
        this.target = target;
        this.temp = temp;
        // created new (never through an existing file or link), with the same permissions as any new
        // file (the umask applies), not the owner-only ones of Files.createTempFile
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        lock(channel);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
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
        String name = abs.getFileName().toString();
        while (name.getBytes(StandardCharsets.UTF_8).length > 200) { // the name stays under 255 bytes
            name = name.substring(0, name.offsetByCodePoints(name.length(), -1));
        }
        Path temp = dir.resolve(
                "." + name + ".iptriage-" + PID + "-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            synchronized (OPEN) {
                if (exiting) {
                    throw CliException.output(target + ": not written: the run was interrupted");
                }
                if (!hooked) {
                    Runtime.getRuntime().addShutdownHook(new Thread(AtomicOutput::deleteAll, "iptriage-temp-files"));
                    hooked = true;
                }
                AtomicOutput o = new AtomicOutput(target, temp);
                OPEN.add(o);
                removeLeftovers(dir, temp);
                return o;
            }
        } catch (AccessDeniedException e) {
            throw CliException.output(target + ": cannot write here (permission denied)");
        } catch (NoSuchFileException e) {
            throw CliException.output(target + ": the folder does not exist");
        } catch (IOException e) {
            throw CliException.output(target + ": cannot write: " + e.getMessage());
        }
    }

    /** Flushes what was written so far and returns the temporary file holding it, to check it before {@link #commit}. */
    Path flushed() throws IOException {
        out.flush();
        return temp;
    }

    OutputStream stream() {
        return out;
    }

    /** Flushes and renames the temporary file onto the target (still locked, so never taken for a leftover). */
    void commit() {
        try {
            out.flush();
            keepPermissions();
            synchronized (OPEN) {
                if (!OPEN.contains(this)) { // the shutdown hook deleted it
                    throw CliException.output(target + ": not written: the run was interrupted");
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                committed = true;
                OPEN.remove(this);
            }
            out.close();
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
            synchronized (OPEN) {
                OPEN.remove(this);
            }
            deleteQuietly(temp); // before the lock goes with the channel
            try {
                out.close();
            } catch (IOException ignored) {
                // the temporary file is gone already
            }
        }
    }

    /** The shutdown hook (Ctrl-C, SIGTERM, System.exit): deletes every temporary file not yet renamed. */
    private static void deleteAll() {
        synchronized (OPEN) {
            exiting = true;
            OPEN.forEach(o -> deleteQuietly(o.temp));
            OPEN.clear();
        }
    }

    /**
     * Deletes the temporary files of this naming in {@code dir} that no live run holds (left by a run
     * killed with kill -9, or by a crash of the machine). This process's own are kept (a lock test
     * on them could drop its own lock); so is anything that cannot be opened or locked.
     */
    private static void removeLeftovers(Path dir, Path own) {
        long now; // the file system's clock, as it stamps files (a server's, a skewed or faked one)
        try {
            now = Files.getLastModifiedTime(own, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            now = System.currentTimeMillis();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.iptriage-*.tmp")) {
            for (Path p : files) {
                Matcher m = OWN.matcher(p.getFileName().toString());
                if (m.matches()
                        && !m.group(1).equals(Long.toString(PID))
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    deleteIfUnlocked(p, Long.parseLong(m.group(1)), now);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: an unreadable folder or a vanished file leaves the leftovers where they are
        }
    }

    /**
     * Deletes {@code p} when no run holds its lock and its run is gone: no process {@code pid} (the
     * common case, after kill -9), or the file is older than {@link #LEFTOVER_AGE} (the pid was
     * reused). A young unlocked file of a live pid is kept: its run may be between creating and
     * locking it.
     */
    private static void deleteIfUnlocked(Path p, long pid, long now) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.tryLock(0, Long.MAX_VALUE, true) == null) {
                return; // a live run writes it
            }
            boolean dead = ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
            long age = now
                    - Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
            if (dead || age > LEFTOVER_AGE.toMillis()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | OverlappingFileLockException e) {
            // locks do not work here, or it is gone already: keep it
        }
    }

    /** Holds the temporary file against {@link #removeLeftovers} of other runs while this one writes it. */
    @SuppressWarnings("resource") // the lock is released when the channel closes
    private static void lock(FileChannel ch) {
        try {
            ch.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            // a file system without locks: then other runs' tryLock fails too, and they keep the file
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: what is left is removed by the next run writing into this folder
        }
    }
}
