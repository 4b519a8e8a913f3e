package dev.iptriage.dbupdate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock on the database folder, held for a whole update so two runs (processes or
 * threads) never interleave their replacements. A second run waits up to a limit, then fails. Also used by
 * {@code lists update} for the lists folder.
 */
public final class FolderLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock held in {@code file} (created if missing), waiting up to {@code wait} for another holder.
     *
     * @throws UpdateException ({@link UpdateException.Kind#LOCKED}) when it stays held
     */
    public static FolderLock acquire(Path file, Duration wait) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock l = tryLock(ch);
                if (l != null) {
                    return new FolderLock(ch, l);
                }
                if (System.nanoTime() > deadline) {
                    throw new UpdateException(
                            UpdateException.Kind.LOCKED,
                            "another update is running in this folder (lock " + file + " held for over "
                                    + wait.toSeconds() + " s)");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ch.close();
            throw new UpdateException(UpdateException.Kind.LOCKED, "interrupted while waiting for " + file);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** The JVM refuses a second lock on one file with an exception rather than null: same meaning. */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
