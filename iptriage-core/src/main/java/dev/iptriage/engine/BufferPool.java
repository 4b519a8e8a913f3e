package dev.iptriage.engine;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Reuses the large arrays a job goes through once per block (input blocks, rendered output): a
 * 10M-line run otherwise allocates over a gigabyte of them, and the young collections that follow
 * copy whatever blocks are in flight. Thread-safe.
 */
final class BufferPool {
    private final ArrayBlockingQueue<byte[]> free;

    /** A pool that keeps at most {@code max} arrays. */
    BufferPool(int max) {
        this.free = new ArrayBlockingQueue<>(max);
    }

    /** An array of at least {@code min} bytes (contents undefined): a kept one if it is large enough. */
    byte[] take(int min) {
        byte[] b = free.poll();
        if (b != null && b.length >= min) {
            return b;
        }
        // some room, so that the next, slightly larger block fits too
        return new byte[(int) Math.min(Integer.MAX_VALUE - 16, min + (long) min / 8)];
    }

    /** Gives an array back for reuse; the caller must not touch it afterwards. */
    void give(byte[] b) {
        free.offer(b);
    }
}
