package dev.iptriage.dbupdate;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An input stream that remembers when it last delivered bytes, and can be closed when idle. */
final class ProgressInput extends FilterInputStream {
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;

    ProgressInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        lastProgress = System.nanoTime();
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        lastProgress = System.nanoTime();
        return n;
    }

    /** Called by the watchdog: closes the stream when nothing arrived for {@code limitNanos}. */
    void closeIfIdle(long limitNanos) {
        if (!stalled && System.nanoTime() - lastProgress > limitNanos) {
            stalled = true;
            try {
                close();
            } catch (IOException ignored) {
                // closing is how the blocked read is ended; its failure changes nothing
            }
        }
    }

    /** Whether the watchdog closed the stream. */
    boolean stalled() {
        return stalled;
    }
}
