package dev.iptriage.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
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
 *
 * <p>A symbolic link is followed: the temporary file goes beside the file it names, which the rename
 * replaces, so the link stays a link (as the shell's {@code >} writes through it). What exists and is
 * no regular file (a FIFO, a device, a socket, a {@code /dev/fd/N} descriptor as {@code >(cmd)}
 * gives) is written straight through: there is nothing to rename over, and nothing atomic to promise.
 * {@code -} is standard output.
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

    /** How an output is written. */
    enum Mode {
        /** Into a temporary file beside the (real) target, renamed over it at the end. */
        ATOMIC,
        /** Straight into what is there already: a pipe, a device, a socket, a file descriptor. */
        DIRECT,
        /** To standard output ({@code -o -}). */
        STDOUT
    }

    private final Path target;
    private final Path real;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private final Mode mode;
    private final PrintStream stdout;

    private boolean committed;

    private AtomicOutput(Path target, Path real, Path temp) throws IOException {
        this.target = target;
        this.real = real;
        this.temp = temp;
        this.mode = Mode.ATOMIC;
        this.stdout = null;
        // created new (never through an existing file or link), with the same permissions as any new
        // file (the umask applies), not the owner-only ones of Files.createTempFile
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        lock(channel);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
    }

    private AtomicOutput(Path target, Mode mode, OutputStream out, PrintStream stdout) {
        this.target = target;
        this.real = target;
        this.temp = null;
        this.channel = null;
        this.mode = mode;
        this.out = out;
        this.stdout = stdout;
    }

    /**
     * Whether {@code target} names standard error: {@code /dev/stderr}, {@code /dev/fd/2} or {@code
     * /proc/self/fd/2}. Written through the run's own error stream, so the rows and the run's messages
     * share one position in whatever it is (opening the path again would start a second position at 0:
     * over a file, the rows would overwrite the messages, and the messages the rows).
     */
    static boolean isStderr(Path target) {
        // a link to one of them is one of them
        return alongLinks(
                target.toAbsolutePath().normalize(),
                p -> p.equals(Path.of("/dev/stderr"))
                        || p.equals(Path.of("/dev/fd/2"))
                        || p.equals(Path.of("/proc/self/fd/2")));
    }

    /** Whether {@code abs}, or a path a symbolic link on the way from it leads to, passes {@code test}. */
    private static boolean alongLinks(Path abs, java.util.function.Predicate<Path> test) {
        Path p = abs;
        for (int i = 0; i < 40; i++) {
            if (test.test(p)) {
                return true;
            }
            if (!Files.isSymbolicLink(p)) {
                return false;
            }
            try {
                p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** Whether {@code target} names standard output: {@code -}, {@code /dev/stdout} or {@code /dev/fd/1}. */
    static boolean isStdout(Path target) {
        if (target.toString().equals("-")) {
            return true;
        }
        Path abs = target.toAbsolutePath().normalize();
        return abs.equals(Path.of("/dev/stdout"))
                || abs.equals(Path.of("/dev/fd/1"))
                || abs.equals(Path.of("/proc/self/fd/1"));
    }

    /**
     * How {@code target} is written: standard output for {@code -}; straight through for a file
     * descriptor ({@code /dev/fd/N}, what {@code >(cmd)} gives) and for anything existing that is
     * neither a regular file nor a folder (a FIFO, a device, a socket), since renaming a file over
     * those would replace them; atomically otherwise.
     */
    static Mode mode(Path target) {
        if (isStdout(target)) {
            return Mode.STDOUT;
        }
        Path abs = target.toAbsolutePath().normalize();
        if (descriptor(abs)) {
            return Mode.DIRECT;
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs) && !Files.isDirectory(abs)) {
            return Mode.DIRECT;
        }
        return Mode.ATOMIC;
    }

    /** The number N of a path that leads to {@code /dev/fd/N} or {@code /proc/self/fd/N}, or -1. */
    private static int descriptorNumber(Path abs) {
        int[] n = {-1};
        alongLinks(abs, p -> {
            Path parent = p.getParent();
            if (parent != null && (parent.equals(Path.of("/dev/fd")) || parent.equals(Path.of("/proc/self/fd")))) {
                try {
                    n[0] = Integer.parseInt(p.getFileName().toString());
                    return true;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            return false;
        });
        return n[0];
    }

    /** Whether this process's descriptor {@code fd} is open for reading only (Linux's fdinfo; else false). */
    static boolean readOnly(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("flags:")) {
                    return (Integer.parseInt(line.substring(6).strip(), 8) & 3) == 0; // O_ACCMODE == O_RDONLY
                }
            }
        } catch (IOException | RuntimeException e) {
            // no fdinfo here: let the open decide
        }
        return false;
    }

    /**
     * Whether {@code abs}, or a symbolic link on the way from it ({@code /dev/stderr} to {@code
     * /proc/self/fd/2}), names an open file descriptor: what it leads to is the descriptor's file, pipe
     * or terminal, never a place for a file beside it.
     */
    private static boolean descriptor(Path abs) {
        return alongLinks(abs, p -> p.startsWith(Path.of("/dev/fd")) || p.startsWith(Path.of("/proc")));
    }

    /**
     * Refuses binary output ({@code binary}) to standard output when that is a terminal, where it
     * would only garble the screen.
     */
    static void checkTerminal(Path target, Env env, boolean binary, String what) {
        if (binary && mode(target) == Mode.STDOUT && env.terminal().stdout()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    target + ": " + what + " is binary and standard output is a terminal: redirect it (> file, | cmd)"
                            + " or name a file");
        }
    }

    /**
     * Opens {@code target} for writing: {@code -} is standard output ({@code env.out()}; refused for
     * {@code binary} output when that is a terminal); a pipe, device or file descriptor is written
     * straight through; a file (or a symbolic link, followed to the file it names) atomically.
     */
    static AtomicOutput open(Path target, Env env, boolean binary) {
        switch (mode(target)) {
            case STDOUT -> {
                checkTerminal(target, env, binary, "the output");
                return new AtomicOutput(target, Mode.STDOUT, Stdout.stream(env.out()), env.out());
            }
            case DIRECT -> {
                if (isStderr(target)) {
                    if (binary) { // the run's error stream is text for a person: it would mangle the bytes
                        throw new CliException(
                                ExitCodes.USAGE,
                                target + ": binary output is not written to standard error: name a file, or use -o -");
                    }
                    return new AtomicOutput(target, Mode.STDOUT, Stdout.stream(env.err()), env.err());
                }
                int fd = descriptorNumber(target.toAbsolutePath().normalize());
                if (fd == 0 || fd > 2 && readOnly(fd)) {
                    throw CliException.output(target + ": descriptor " + fd + " is open for reading only");
                }
                try {
                    // a descriptor (what the shell opened: '3>file', '3>>file', '>(cmd)') is opened again at its
                    // end: opening it with truncation would throw away what is there (a '>>' log). The new opening
                    // has a position of its own (not the shell's). A FIFO or a device is just written.
                    OutputStream o = descriptor(target.toAbsolutePath().normalize())
                            ? Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                            : Files.newOutputStream(target, StandardOpenOption.WRITE);
                    return new AtomicOutput(target, Mode.DIRECT, new BufferedOutputStream(o, 1 << 16), null);
                } catch (AccessDeniedException e) {
                    throw CliException.output(target + ": cannot write here (permission denied)");
                } catch (NoSuchFileException e) {
                    throw CliException.output(target + ": does not exist");
                } catch (IOException e) {
                    throw CliException.output(target + ": cannot write: " + e.getMessage());
                }
            }
            default -> {
                return openAtomic(target);
            }
        }
    }

    private static AtomicOutput openAtomic(Path target) {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw CliException.output(target + ": is a directory");
        }
        Path real = followLinks(target, abs);
        Path dir = real.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.output(target + ": the folder " + dir + " does not exist");
        }
        String name = real.getFileName().toString();
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
                AtomicOutput o = new AtomicOutput(target, real, temp);
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

    /**
     * The file a symbolic link {@code abs} names, followed to its end (as the shell's {@code >} does), so
     * the new file replaces that one and the link stays a link; {@code abs} itself when it is no link.
     * A dangling link gives the file it would name (created there).
     */
    private static Path followLinks(Path target, Path abs) {
        Path p = abs;
        for (int i = 0; i < 40; i++) {
            if (!Files.isSymbolicLink(p)) {
                return p;
            }
            try {
                Path parent = p.getParent();
                p = parent.resolve(Files.readSymbolicLink(p));
            } catch (IOException e) {
                throw CliException.output(target + ": cannot read the symbolic link: " + e.getMessage());
            }
        }
        throw CliException.output(target + ": too many levels of symbolic links");
    }

    /**
     * Flushes what was written so far and returns the temporary file holding it, to check it before {@link #commit};
     * null when the output goes straight into a pipe, a device or stdout (there is no file to check).
     */
    Path flushed() throws IOException {
        out.flush();
        return temp;
    }

    OutputStream stream() {
        return out;
    }

    /**
     * Atomic: flushes and renames the temporary file onto the target (still locked, so never taken for
     * a leftover). Otherwise flushes (and closes a pipe or device).
     */
    void commit() {
        if (mode == Mode.STDOUT) {
            try {
                out.flush();
            } catch (IOException e) {
                throw CliException.output(
                        (isStdout(target) ? "standard output" : target.toString()) + ": " + e.getMessage());
            }
            Stdout.check(stdout);
            committed = true;
            return;
        }
        if (mode == Mode.DIRECT) {
            try {
                out.close();
            } catch (IOException e) {
                throw CliException.output(target + ": writing failed: " + e.getMessage());
            }
            committed = true;
            return;
        }
        try {
            out.flush();
            keepPermissions();
            synchronized (OPEN) {
                if (!OPEN.contains(this)) { // the shutdown hook deleted it
                    throw CliException.output(target + ": not written: the run was interrupted");
                }
                try {
                    Files.move(temp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                    Files.move(temp, real, StandardCopyOption.REPLACE_EXISTING);
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
        if (Files.exists(real)) {
            try {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(real));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
        }
    }

    @Override
    public void close() {
        if (mode == Mode.STDOUT) {
            return; // standard output stays open
        }
        if (mode == Mode.DIRECT) {
            if (!committed) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the run failed already; that error is the one reported
                }
            }
            return;
        }
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
