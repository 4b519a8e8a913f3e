package dev.iptriage.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Rendered rows of distinct addresses, keyed by the address bits, so a repeated address costs one
 * probe and one copy. Open addressing on primitive arrays split into {@value #SHARDS} shards, each
 * guarded by its own monitor (two worker threads rarely meet on one shard). Row bytes live in
 * per-shard chunks, so the whole cache is a few large arrays instead of millions of objects. Holds
 * at most {@code maxEntries} rows and {@code maxBytes} bytes; past that, {@link #put} declines and
 * callers simply render again.
 */
final class RowCache {
    static final int SHARDS = 64;

    private final Shard[] shards = new Shard[SHARDS];
    private final int maxEntriesPerShard;
    private final long maxBytesPerShard;

    RowCache(int maxEntries, long maxBytes) {
        this.maxEntriesPerShard = Math.max(16, maxEntries / SHARDS);
        this.maxBytesPerShard = Math.max(1 << 16, maxBytes / SHARDS);
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard();
        }
    }

    /** How many rows are kept (a moment's count: other threads may be adding). */
    long size() {
        long n = 0;
        for (Shard s : shards) {
            synchronized (s) {
                n += s.size;
            }
        }
        return n;
    }

    /** Mixes the key into a well-spread 64-bit hash. */
    static long hash(long hi, long lo, int meta) {
        long h = hi * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(lo * 0xC2B2AE3D27D4EB4FL, 31) ^ meta * 0x165667B19E3779F9L;
        return h ^ (h >>> 29) ^ (h >>> 47);
    }

    /** Where a cached row's bytes are: {@code arena[offset, offset + length)}, never overwritten. */
    static final class Ref {
        byte[] arena;
        int offset;
        int length;
    }

    /**
     * Points {@code ref} at the cached row for the key and returns its status ordinal, or returns -1
     * when the key is not cached (or was put so recently that this thread does not see it yet).
     * Takes no lock: a lock's atomic instruction per probe kept the processor from overlapping the
     * probes' cache misses, and both workers probe all the time. Chunks are append-only and never
     * replaced, so the bytes stay valid.
     */
    int find(long hi, long lo, int meta, Ref ref) {
        long h = hash(hi, lo, meta);
        return shards[(int) (h >>> 58)].find(h, hi, lo, meta, ref);
    }

    /** Stores a rendered row (when there is room). */
    void put(long hi, long lo, int meta, byte[] row, int status) {
        put(hi, lo, meta, row, 0, row.length, status);
    }

    /** Stores the rendered row {@code src[off, off + len)} (when there is room). */
    void put(long hi, long lo, int meta, byte[] src, int off, int len, int status) {
        long h = hash(hi, lo, meta);
        Shard s = shards[(int) (h >>> 58)];
        synchronized (s) {
            if (s.size < maxEntriesPerShard && s.used + len <= maxBytesPerShard) {
                s.put(h, hi, lo, meta, src, off, len, status);
            }
        }
    }

    /**
     * One shard: slots of four longs {hi, lo, meta, ref} in one array, so a probe reads one cache
     * line; ref = (chunk << 44) | (position << 24) | (length << 4) | status, 0 = empty. Rows are
     * appended to chunks of at most {@value #MAX_CHUNK} bytes (4 KiB first, each twice the last),
     * which are never copied or replaced: growing one large array instead left every outgrown copy
     * as garbage in the old generation, and the 10M-line benchmark paid for two full collections.
     */
    private static final class Shard {
        static final int MAX_CHUNK = 1 << 20;
        private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
        /**
         * Written under the shard's lock and read without it: a slot's ref is written last, with
         * release semantics, and read first, with acquire; a grown table or chunk list is filled
         * before it is published (volatile), and an outgrown table is never written again.
         */
        volatile long[] slots = new long[4 * 64];

        volatile byte[][] chunks = {new byte[4096]};
        int chunkCount = 1;
        int position;
        long used;
        int size;

        int find(long h, long hi, long lo, int meta, Ref out) {
            long[] slots = this.slots;
            int mask = slots.length / 4 - 1;
            for (int i = (int) h & mask; ; i = (i + 1) & mask) {
                int p = i << 2;
                long ref = (long) SLOT.getAcquire(slots, p + 3);
                if (ref == 0) {
                    return -1;
                }
                if (slots[p] == hi && slots[p + 1] == lo && slots[p + 2] == meta) {
                    out.arena = chunks[(int) (ref >>> 44)];
                    out.offset = (int) ((ref >>> 24) & 0xFFFFF);
                    out.length = (int) ((ref >>> 4) & 0xFFFFF);
                    return (int) (ref & 0xF);
                }
            }
        }

        void put(long h, long hi, long lo, int meta, byte[] src, int off, int len, int status) {
            if (len > 0xFFFFF || chunkCount == 1 << 19) {
                return;
            }
            if ((size + 1) * 2 > this.slots.length / 4) {
                grow();
            }
            long[] slots = this.slots;
            int mask = slots.length / 4 - 1;
            int i = (int) h & mask;
            while (slots[(i << 2) + 3] != 0) {
                int p = i << 2;
                if (slots[p] == hi && slots[p + 1] == lo && slots[p + 2] == meta) {
                    return; // another thread put it first
                }
                i = (i + 1) & mask;
            }
            byte[][] chunks = this.chunks;
            byte[] chunk = chunks[chunkCount - 1];
            if (position + len > chunk.length) {
                chunk = new byte[Math.min(MAX_CHUNK, Math.max(2 * chunk.length, len))];
                if (chunkCount == chunks.length) {
                    chunks = Arrays.copyOf(chunks, 2 * chunkCount);
                }
                chunks[chunkCount++] = chunk;
                this.chunks = chunks;
                position = 0;
            }
            System.arraycopy(src, off, chunk, position, len);
            int p = i << 2;
            slots[p] = hi;
            slots[p + 1] = lo;
            slots[p + 2] = meta;
            SLOT.setRelease(
                    slots,
                    p + 3,
                    ((long) (chunkCount - 1) << 44) | ((long) position << 24) | ((long) len << 4) | status);
            position += len;
            used += len;
            size++;
        }

        private void grow() {
            long[] old = this.slots;
            long[] slots = new long[old.length * 2];
            int mask = slots.length / 4 - 1;
            for (int j = 0; j < old.length; j += 4) {
                if (old[j + 3] == 0) {
                    continue;
                }
                int i = (int) hash(old[j], old[j + 1], (int) old[j + 2]) & mask;
                while (slots[(i << 2) + 3] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, j, slots, i << 2, 4);
            }
            this.slots = slots;
        }
    }
}
