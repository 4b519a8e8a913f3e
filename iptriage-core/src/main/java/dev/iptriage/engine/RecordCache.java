package dev.iptriage.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Decoded records ({@link MmdbSource.Entry}) by data-section offset, shared by the worker threads. An open-addressing table of
 * {@code int} keys per shard: a lookup is one probe into a key array and one read of the value, where a
 * map of boxed keys costs a node and a key object more, each a cache miss on a large table. Reads take no
 * lock (a key is published with release semantics after its value); writes lock one shard of 64. Holds
 * at most about {@code limit} records; past that, {@link #put} keeps nothing.
 */
final class RecordCache {
    private static final int SHARDS = 64;
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(int[].class);

    private final Shard[] shards = new Shard[SHARDS];
    private final int perShard;

    RecordCache(int limit) {
        this.perShard = Math.max(1, limit / SHARDS);
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard();
        }
    }

    /** Slots: key {@code offset + 1} (0 is empty) and its value. */
    private record Table(int[] keys, MmdbSource.Entry[] values) {
        Table(int size) {
            this(new int[size], new MmdbSource.Entry[size]);
        }
    }

    private static final class Shard {
        private volatile Table table = new Table(256);
        private int size;

        synchronized void put(int key, int hash, MmdbSource.Entry v, int max) {
            if (size >= max) {
                return;
            }
            Table t = table;
            if (2 * (size + 1) > t.keys().length) {
                Table bigger = new Table(2 * t.keys().length);
                for (int i = 0; i < t.keys().length; i++) {
                    if (t.keys()[i] != 0) {
                        insert(bigger, t.keys()[i], mix(t.keys()[i] - 1), t.values()[i]);
                    }
                }
                table = bigger; // published whole: readers of the old table still see a valid one
                t = bigger;
            }
            if (insert(t, key, hash, v)) {
                size++;
            }
        }

        private static boolean insert(Table t, int key, int hash, MmdbSource.Entry v) {
            int mask = t.keys().length - 1;
            int i = (hash >>> 6) & mask;
            while (t.keys()[i] != 0) {
                if (t.keys()[i] == key) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            t.values()[i] = v;
            KEYS.setRelease(t.keys(), i, key);
            return true;
        }
    }

    private static int mix(int offset) {
        int h = offset * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The record at {@code offset}, or null if not kept. */
    MmdbSource.Entry get(int offset) {
        int h = mix(offset);
        Table t = shards[h & (SHARDS - 1)].table;
        int[] keys = t.keys();
        int mask = keys.length - 1;
        int key = offset + 1;
        for (int i = (h >>> 6) & mask; ; i = (i + 1) & mask) {
            int k = (int) KEYS.getAcquire(keys, i);
            if (k == key) {
                return t.values()[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    /** Keeps {@code v} as the record at {@code offset} unless the cache is full or has one. */
    void put(int offset, MmdbSource.Entry v) {
        if (offset < 0 || offset == Integer.MAX_VALUE) {
            return;
        }
        int h = mix(offset);
        shards[h & (SHARDS - 1)].put(offset + 1, h, v, perShard);
    }
}
