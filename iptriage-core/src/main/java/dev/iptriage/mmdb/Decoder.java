package dev.iptriage.mmdb;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes values of the MaxMind DB data section. Every read is bounds-checked against the section,
 * nesting and pointer chains are capped at {@link #MAX_DEPTH}, and one call decodes at most {@link
 * #MAX_VALUES} values, so a hostile file (cycles, huge claimed sizes, pointer fan-out) fails with
 * {@link MmdbFormatException} instead of hanging or exhausting memory. Not thread-safe: one instance
 * per call; the underlying buffer is shared read-only.
 */
final class Decoder {
    static final int MAX_DEPTH = 64;
    static final int MAX_VALUES = 1 << 20;

    static final int POINTER = 1;
    static final int UTF8 = 2;
    static final int DOUBLE = 3;
    static final int BYTES = 4;
    static final int UINT16 = 5;
    static final int UINT32 = 6;
    static final int MAP = 7;
    static final int INT32 = 8;
    static final int UINT64 = 9;
    static final int UINT128 = 10;
    static final int ARRAY = 11;
    static final int CONTAINER = 12;
    static final int END_MARKER = 13;
    static final int BOOLEAN = 14;
    static final int FLOAT = 15;

    private static final int[] POINTER_BIAS = {0, 2048, 526336, 0};

    private final ByteBuffer buf;
    private final int base;
    private final int size;
    private final String where;
    int pos;
    int type;
    private int budget = MAX_VALUES;

    /**
     * @param buf the whole file
     * @param base absolute position of the section start (offsets and pointers are relative to it)
     * @param size section size in bytes
     * @param where file name and section, for messages
     */
    Decoder(ByteBuffer buf, int base, int size, String where) {
        this.buf = buf;
        this.base = base;
        this.size = size;
        this.where = where;
    }

    MmdbFormatException error(String what) {
        return new MmdbFormatException(where + ": " + what + " (at data offset " + pos + ")");
    }

    int u8() throws MmdbFormatException {
        if (pos >= size) {
            throw error("value runs past the end of the section");
        }
        return buf.get(base + pos++) & 0xff;
    }

    private void need(long n) throws MmdbFormatException {
        if (n < 0 || pos + n > size) {
            throw error("a value of " + n + " bytes runs past the end of the section (" + size + " bytes)");
        }
    }

    /** Reads a control byte (and extended type); sets {@link #type}; returns the size field. */
    int control() throws MmdbFormatException {
        if (--budget < 0) {
            throw error("record has more than " + MAX_VALUES + " values");
        }
        int ctrl = u8();
        type = ctrl >>> 5;
        if (type == POINTER) {
            return pointerTarget(ctrl);
        }
        if (type == 0) {
            int ext = u8();
            type = 7 + ext;
            if (ext == 0 || type > FLOAT) {
                throw error("invalid extended type " + ext);
            }
        }
        int s = ctrl & 0x1f;
        if (s >= 29) {
            int extra = s - 28;
            need(extra);
            int v = 0;
            for (int i = 0; i < extra; i++) {
                v = (v << 8) | u8();
            }
            s = switch (extra) {
                case 1 -> 29 + v;
                case 2 -> 285 + v;
                default -> 65821 + v;
            };
        }
        return s;
    }

    private int pointerTarget(int ctrl) throws MmdbFormatException {
        int ss = (ctrl >>> 3) & 3;
        long v = ss == 3 ? 0 : ctrl & 7;
        need(ss + 1);
        for (int i = 0; i <= ss; i++) {
            v = (v << 8) | u8();
        }
        v += POINTER_BIAS[ss];
        if (v >= size) {
            throw error("pointer to offset " + v + " outside the section (" + size + " bytes)");
        }
        return (int) v;
    }

    /** Decodes the value at {@code offset}. */
    Object decodeAt(int offset) throws MmdbFormatException {
        pos = offset;
        return decode(0);
    }

    Object decode(int depth) throws MmdbFormatException {
        if (depth > MAX_DEPTH) {
            throw error("data nested deeper than " + MAX_DEPTH + " levels (or a pointer cycle)");
        }
        int s = control();
        if (type == POINTER) {
            int after = pos;
            pos = s;
            Object v = decode(depth + 1);
            pos = after;
            return v;
        }
        return switch (type) {
            case MAP -> decodeMap(s, depth);
            case ARRAY -> decodeArray(s, depth);
            default -> scalar(s);
        };
    }

    private Map<String, Object> decodeMap(int n, int depth) throws MmdbFormatException {
        checkCount(n, 2, "map");
        Map<String, Object> m = new LinkedHashMap<>(Math.min(n, 64) * 2);
        for (int i = 0; i < n; i++) {
            Object k = decode(depth + 1);
            if (!(k instanceof String key)) {
                throw error("map key is not a string");
            }
            m.put(key, decode(depth + 1));
        }
        return m;
    }

    private List<Object> decodeArray(int n, int depth) throws MmdbFormatException {
        checkCount(n, 1, "array");
        List<Object> l = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            l.add(decode(depth + 1));
        }
        return l;
    }

    void checkCount(int n, int minBytesEach, String what) throws MmdbFormatException {
        if ((long) n * minBytesEach > size - pos) {
            throw error(what + " claims " + n + " entries but only " + (size - pos) + " bytes remain");
        }
    }

    /** Decodes a non-container value whose control byte was just read. */
    Object scalar(int s) throws MmdbFormatException {
        return switch (type) {
            case UTF8 -> string(s);
            case DOUBLE -> {
                fixed(s, 8, "double");
                double d = buf.getDouble(base + pos);
                pos += 8;
                yield d;
            }
            case FLOAT -> {
                fixed(s, 4, "float");
                float f = buf.getFloat(base + pos);
                pos += 4;
                yield f;
            }
            case BYTES -> {
                need(s);
                byte[] b = new byte[s];
                buf.get(base + pos, b);
                pos += s;
                yield b;
            }
            case UINT16 -> (int) unsigned(s, 2, "uint16");
            case UINT32 -> unsigned(s, 4, "uint32");
            case INT32 -> (int) unsigned(s, 4, "int32");
            case UINT64, UINT128 -> big(s, type == UINT64 ? 8 : 16);
            case BOOLEAN -> {
                if (s > 1) {
                    throw error("boolean with size " + s);
                }
                yield s == 1;
            }
            default -> throw error("type " + type + " is not allowed in the data section");
        };
    }

    private void fixed(int s, int expected, String what) throws MmdbFormatException {
        if (s != expected) {
            throw error(what + " with size " + s + " (must be " + expected + ")");
        }
        need(s);
    }

    long unsigned(int s, int max, String what) throws MmdbFormatException {
        if (s > max) {
            throw error(what + " with size " + s + " (at most " + max + ")");
        }
        need(s);
        long v = 0;
        for (int i = 0; i < s; i++) {
            v = (v << 8) | (buf.get(base + pos++) & 0xff);
        }
        return v;
    }

    private Object big(int s, int max) throws MmdbFormatException {
        if (s > max) {
            throw error("uint" + (max * 8) + " with size " + s);
        }
        need(s);
        byte[] b = new byte[s + 1];
        buf.get(base + pos, b, 1, s);
        pos += s;
        return new BigInteger(b);
    }

    String string(int s) throws MmdbFormatException {
        need(s);
        byte[] b = new byte[s];
        buf.get(base + pos, b);
        pos += s;
        for (byte x : b) {
            if (x < 0) {
                return strictUtf8(b);
            }
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private String strictUtf8(byte[] b) throws MmdbFormatException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("string is not valid UTF-8");
        }
    }

    /** Skips the value at the cursor without materialising it (pointers are not followed). */
    void skip(int depth) throws MmdbFormatException {
        if (depth > MAX_DEPTH) {
            throw error("data nested deeper than " + MAX_DEPTH + " levels");
        }
        int s = control();
        switch (type) {
            case POINTER -> {}
            case MAP -> {
                checkCount(s, 2, "map");
                for (int i = 0; i < 2 * s; i++) {
                    skip(depth + 1);
                }
            }
            case ARRAY -> {
                checkCount(s, 1, "array");
                for (int i = 0; i < s; i++) {
                    skip(depth + 1);
                }
            }
            default -> skipPayload(s);
        }
    }

    /** Skips the payload of a scalar whose control byte was just read, checking its size. */
    void skipPayload(int s) throws MmdbFormatException {
        int max = switch (type) {
            case BOOLEAN -> 0;
            case UINT16 -> 2;
            case UINT32, INT32 -> 4;
            case UINT64 -> 8;
            case UINT128 -> 16;
            case DOUBLE, FLOAT -> type == DOUBLE ? 8 : 4;
            case UTF8, BYTES -> Integer.MAX_VALUE;
            default -> throw error("type " + type + " is not allowed in the data section");
        };
        if (type == BOOLEAN) {
            if (s > 1) {
                throw error("boolean with size " + s);
            }
            return;
        }
        if ((type == DOUBLE || type == FLOAT) && s != max) {
            throw error((type == DOUBLE ? "double" : "float") + " with size " + s + " (must be " + max + ")");
        }
        if (s > max) {
            throw error("type " + type + " with size " + s + " (at most " + max + ")");
        }
        need(s);
        pos += s;
    }

    /**
     * Reads a map key at the cursor, following a pointer if needed, and returns its absolute byte
     * position and length packed as {@code (start << 32) | length}; the cursor ends after the key.
     */
    long keyBytes() throws MmdbFormatException {
        int s = control();
        int after = -1;
        if (type == POINTER) {
            after = pos;
            pos = s;
            s = control();
            if (type == POINTER) {
                throw error("map key is a pointer to a pointer");
            }
        }
        if (type != UTF8) {
            throw error("map key is not a string (type " + type + ")");
        }
        need(s);
        long packed = ((long) (base + pos) << 32) | s;
        pos = after >= 0 ? after : pos + s;
        return packed;
    }

    boolean keyEquals(long packed, byte[] key) {
        int len = (int) packed;
        if (len != key.length) {
            return false;
        }
        int start = (int) (packed >>> 32);
        for (int i = 0; i < len; i++) {
            if (buf.get(start + i) != key[i]) {
                return false;
            }
        }
        return true;
    }
}
