package dev.iptriage.mmdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    private static final VarHandle CHECKED = MethodHandles.arrayElementVarHandle(long[].class);

    private final ByteBuffer buf;
    private final int base;
    private final int size;
    private final String where;
    /** One bit per offset of the section: values {@link #skip} has followed a pointer to and found sound. */
    private final long[] checked;

    int pos;
    int type;
    /** Whether {@link #decode} keeps the MMDB type of integers ({@link MmdbWriter.Uint16} and the others). */
    boolean typed;

    private int budget = MAX_VALUES;

    /**
     * @param buf the whole file
     * @param base absolute position of the section start (offsets and pointers are relative to it)
     * @param size section size in bytes
     * @param where file name and section, for messages
     */
    Decoder(ByteBuffer buf, int base, int size, String where) {
        this(buf, base, size, where, null);
    }

    /**
     * A decoder whose {@link #skip} follows pointers, remembering in {@code checked} (one bit per
     * offset, shared by the decoders of a file) the targets found sound.
     */
    Decoder(ByteBuffer buf, int base, int size, String where, long[] checked) {
        this.buf = buf;
        this.base = base;
        this.size = size;
        this.where = where;
        this.checked = checked;
    }

    /** The file name and section, for messages. */
    String where() {
        return where;
    }

    MmdbFormatException error(String what) {
        return new MmdbFormatException(where + ": " + what + " (at data offset " + pos + ")");
    }

    /** The error for a record at {@code offset} that is not a map in a file whose records are maps. */
    MmdbFormatException notAMap(int offset) {
        return new MmdbFormatException(where + ": the record at data offset " + offset + " is " + typeName(type)
                + " where this file's records are maps (a damaged search tree or pointer leads into the middle"
                + " of a record)");
    }

    /** The name of a data type, with its article, for messages. */
    static String typeName(int type) {
        return switch (type) {
            case POINTER -> "a pointer";
            case UTF8 -> "a string";
            case DOUBLE -> "a double";
            case BYTES -> "a byte array";
            case UINT16 -> "a uint16";
            case UINT32 -> "a uint32";
            case MAP -> "a map";
            case INT32 -> "an int32";
            case UINT64 -> "a uint64";
            case UINT128 -> "a uint128";
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case FLOAT -> "a float";
            default -> "a value of type " + type;
        };
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

    /** Whether the value at {@code offset}, after a pointer, is a map. */
    boolean isMapAt(int offset) throws MmdbFormatException {
        pos = offset;
        int s = control();
        if (type == POINTER) {
            pos = notAPointer(s);
            control();
        }
        return type == MAP;
    }

    /**
     * {@code target}, the offset a pointer leads to, unless a pointer is stored there: the spec
     * says a pointer never points to another pointer (libmaxminddb refuses such data too).
     */
    int notAPointer(int target) throws MmdbFormatException {
        if ((buf.get(base + target) & 0xFF) >>> 5 == POINTER) {
            throw error("a pointer to a pointer (at data offset " + target + "), which the MaxMind DB format forbids");
        }
        return target;
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
            pos = notAPointer(s);
            Object v = decode(depth + 1);
            pos = after;
            return v;
        }
        return switch (type) {
            case MAP -> decodeMap(s, depth);
            case ARRAY -> decodeArray(s, depth);
            default -> typed ? typedScalar(s) : scalar(s);
        };
    }

    /** {@link #scalar}, integers wrapped in the writer's types so uint16, int32, uint64 and uint128 stay apart. */
    private Object typedScalar(int s) throws MmdbFormatException {
        int t = type;
        Object v = scalar(s);
        return switch (t) {
            case UINT16 -> new MmdbWriter.Uint16((Integer) v);
            case UINT32 -> new MmdbWriter.Uint32((Long) v);
            case INT32 -> new MmdbWriter.Int32((Integer) v);
            case UINT64 -> new MmdbWriter.Uint64((BigInteger) v);
            case UINT128 -> new MmdbWriter.Uint128((BigInteger) v);
            default -> v;
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
            if (m.containsKey(key)) {
                throw duplicateKey(key);
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
                if (!wellFormedUtf8(buf, base + pos - s, s)) {
                    throw error("string is not valid UTF-8");
                }
                return new String(b, StandardCharsets.UTF_8);
            }
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Checks the {@code s} bytes of a string at the cursor, without decoding them, and skips them. */
    private void skipString(int s) throws MmdbFormatException {
        need(s);
        if (!wellFormedUtf8(buf, base + pos, s)) {
            throw error("string is not valid UTF-8");
        }
        pos += s;
    }

    /**
     * Whether {@code len} bytes at {@code start} of {@code b} are well-formed UTF-8 (the Unicode
     * standard's table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), which is what
     * the JDK's decoder accepts when told to report malformed input.
     */
    static boolean wellFormedUtf8(ByteBuffer b, int start, int len) {
        int end = start + len;
        int i = start;
        while (i + 8 <= end && (b.getLong(i) & 0x8080_8080_8080_8080L) == 0) {
            i += 8; // ASCII, 8 bytes at a time
        }
        while (i < end) {
            int c = b.get(i) & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n; // continuation bytes
            int lo = 0x80; // range of the first continuation byte
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                lo = c == 0xE0 ? 0xA0 : 0x80;
                hi = c == 0xED ? 0x9F : 0xBF;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                lo = c == 0xF0 ? 0x90 : 0x80;
                hi = c == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (i + n >= end) {
                return false; // cut short
            }
            int c1 = b.get(i + 1) & 0xff;
            if (c1 < lo || c1 > hi) {
                return false;
            }
            for (int k = 2; k <= n; k++) {
                if ((b.get(i + k) & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }

    /**
     * Skips the value at the cursor without materialising it, checking it as {@link #decode} would:
     * map keys are strings, strings UTF-8, sizes in range. With a {@linkplain #Decoder(ByteBuffer,
     * int, int, String, long[]) set of checked offsets}, pointers are followed too, each target once
     * per file (the set remembers it); without one, a pointer is only checked to lie in the section.
     */
    void skip(int depth) throws MmdbFormatException {
        if (depth > MAX_DEPTH) {
            throw error("data nested deeper than " + MAX_DEPTH + " levels (or a pointer cycle)");
        }
        int s = control();
        switch (type) {
            case POINTER -> {
                notAPointer(s);
                if (checked != null && ((long) CHECKED.getOpaque(checked, s >>> 6) & 1L << s) == 0) {
                    int after = pos;
                    pos = s;
                    skip(depth + 1);
                    // a lost update between threads only means that target is checked again later
                    CHECKED.setOpaque(checked, s >>> 6, (long) CHECKED.getOpaque(checked, s >>> 6) | 1L << s);
                    pos = after;
                }
            }
            case MAP -> {
                checkCount(s, 2, "map");
                if (s <= 2) {
                    long first = 0;
                    for (int i = 0; i < s; i++) {
                        long key = keyBytes();
                        checkKey(key);
                        if (i == 1) {
                            checkPair(first, key);
                        }
                        first = key;
                        skip(depth + 1);
                    }
                    return;
                }
                int keys = keyMark();
                try {
                    for (int i = 0; i < s; i++) {
                        long key = keyBytes();
                        checkKey(key);
                        pushKey(key);
                        skip(depth + 1);
                    }
                    checkDistinct(keys);
                } finally {
                    popKeys(keys);
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
        if (type == UTF8) {
            skipString(s);
            return;
        }
        need(s);
        pos += s;
    }

    /**
     * Reads a map key at the cursor, following a pointer if needed, and returns its absolute byte
     * position and length packed as {@code (start << 32) | length}; the cursor ends after the key.
     * The key's bytes are not checked to be UTF-8: a key found equal to a valid one is valid, the
     * others go through {@link #checkKey}.
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

    /**
     * The keys of the maps being read, for {@link #checkDistinct}: those of a map lie together, above
     * those of the maps it is inside (a nested map's are taken off as it ends), so one array, made on
     * first use and grown as keys come (not to the count a map claims), serves every map the decoder
     * reads. Maps of two keys or fewer are checked without it ({@link #checkPair}).
     */
    private long[] keyStack;

    private int keyTop;

    /** Where the keys of a map about to be read begin on the stack ({@link #pushKey}, {@link #popKeys}). */
    int keyMark() {
        return keyTop;
    }

    /** Puts a key (packed as {@link #keyBytes} gives it) on the stack, above those of its map read so far. */
    void pushKey(long key) {
        if (keyStack == null) {
            keyStack = new long[8];
        } else if (keyTop == keyStack.length) {
            keyStack = Arrays.copyOf(keyStack, keyStack.length * 2);
        }
        keyStack[keyTop++] = key;
    }

    /** Fails when the two keys of a map of two are equal (see {@link #checkDistinct}). */
    void checkPair(long first, long second) throws MmdbFormatException {
        if (sameKey(first, second)) {
            throw duplicateKey(keyText(second));
        }
    }

    /** Takes the keys from {@code mark} ({@link #keyMark}) up off the stack, as their map ends. */
    void popKeys(int mark) {
        keyTop = mark;
    }

    /**
     * Fails when two of the keys on the stack from {@code mark} ({@link #keyMark}) up, those of one
     * map, are equal: the format does not say which value wins, and readers differ (MaxMind's keep
     * the last, a first-match walk the first), so such a record has no one answer.
     */
    void checkDistinct(int mark) throws MmdbFormatException {
        int n = keyTop - mark;
        if (n > 32) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = mark; i < keyTop; i++) {
                if (!seen.add(keyText(keyStack[i]))) {
                    throw duplicateKey(keyText(keyStack[i]));
                }
            }
            return;
        }
        for (int i = mark + 1; i < keyTop; i++) {
            for (int j = mark; j < i; j++) {
                if (sameKey(keyStack[i], keyStack[j])) {
                    throw duplicateKey(keyText(keyStack[i]));
                }
            }
        }
    }

    private boolean sameKey(long a, long b) {
        int len = (int) a;
        if (len != (int) b) {
            return false;
        }
        int sa = (int) (a >>> 32);
        int sb = (int) (b >>> 32);
        if (sa == sb) {
            return true;
        }
        for (int i = 0; i < len; i++) {
            if (buf.get(sa + i) != buf.get(sb + i)) {
                return false;
            }
        }
        return true;
    }

    private MmdbFormatException duplicateKey(String key) {
        return error("a map has the key " + quoted(key) + " twice (which of its values counts is ambiguous)");
    }

    /**
     * {@code s} in double quotes for messages, with quotes, backslashes and control characters
     * (C0, DEL, C1) escaped as {@code \\uXXXX}, so a file's text cannot drive a terminal.
     */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The text of a map key (its bytes, as {@link #keyBytes} gives them; checked by {@link #checkKey}). */
    String keyText(long packed) {
        byte[] b = new byte[(int) packed];
        buf.get((int) (packed >>> 32), b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Checks that a key from {@link #keyBytes} is UTF-8. */
    void checkKey(long packed) throws MmdbFormatException {
        if (!wellFormedUtf8(buf, (int) (packed >>> 32), (int) packed)) {
            throw error("map key is not valid UTF-8");
        }
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
