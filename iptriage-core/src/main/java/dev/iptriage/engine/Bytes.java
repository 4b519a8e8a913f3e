package dev.iptriage.engine;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A byte buffer whose contents can be read without copying. Not thread-safe (unlike its parent,
 * whose writes, size and reset take a lock on every call): each instance belongs to one thread at a time.
 */
final class Bytes extends ByteArrayOutputStream {
    Bytes(int size) {
        super(size);
    }

    /** A buffer that writes into {@code initial} (grown as needed, like any other). */
    Bytes(byte[] initial) {
        super(0);
        buf = initial;
    }

    /** The backing array; valid up to {@link #size()}. */
    byte[] array() {
        return buf;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        room(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    @Override
    public void write(int b) {
        room(1);
        buf[count++] = (byte) b;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public void reset() {
        count = 0;
    }

    /**
     * Makes room for {@code len} more bytes and returns the array to write them into, from {@link
     * #size()} on; {@link #advance} then counts what was written.
     */
    byte[] reserve(int len) {
        room(len);
        return buf;
    }

    /** Counts {@code len} bytes written into the array {@link #reserve} returned. */
    void advance(int len) {
        Objects.checkFromIndexSize(count, len, buf.length);
        count += len;
    }

    private void room(int len) {
        if (len > buf.length - count) {
            long want = Math.max(2L * buf.length, (long) count + len);
            if (want > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("row buffer over 2 GB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }
}
