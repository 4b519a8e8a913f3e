package dev.iptriage.mmdb;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A value to be written, in canonical immutable form: one variant per MMDB data type, with equality
 * and hashing by content and type (so equal values can be stored once), captured at insert time (so
 * later changes to the caller's maps and arrays do not leak into the database).
 */
sealed interface Datum {
    /** Largest payload size (bytes of a string, entries of a map or array) the format can state. */
    int MAX_SIZE = 65_821 + 0xFF_FFFF;

    /** Nesting deeper than this is refused (it also stops cyclic maps and lists). */
    int MAX_DEPTH = 512;

    BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);
    BigInteger UINT128_LIMIT = BigInteger.ONE.shiftLeft(128);

    record Str(String value) implements Datum {}

    record Dbl(long bits) implements Datum {}

    record Flt(int bits) implements Datum {}

    record U16(int value) implements Datum {}

    record U32(long value) implements Datum {}

    record I32(int value) implements Datum {}

    /** An unsigned 64-bit value held in a {@code long}. */
    record U64(long value) implements Datum {}

    record U128(BigInteger value) implements Datum {}

    record Bool(boolean value) implements Datum {}

    record Bytes(byte[] value) implements Datum {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + value.length + "]";
        }
    }

    /** A map in the caller's iteration order; {@code keys.get(i)} maps to {@code values.get(i)}. */
    record MapD(List<Str> keys, List<Datum> values) implements Datum {}

    record Arr(List<Datum> items) implements Datum {}

    /**
     * Converts a Java value to its canonical form.
     *
     * @throws IllegalArgumentException naming the type or the limit when the value cannot be stored
     */
    static Datum of(Object value) {
        return of(value, 0);
    }

    private static Datum of(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels (cyclic?)");
        }
        return switch (value) {
            case null -> throw new IllegalArgumentException("null value (absent data is not stored; leave it out)");
            case String s -> str(s);
            case Map<?, ?> m -> map(m, depth);
            case List<?> l -> array(l, depth);
            case Long l -> unsignedLong(l);
            case Integer i -> new I32(i);
            case Double d -> new Dbl(Double.doubleToRawLongBits(d));
            case Float f -> new Flt(Float.floatToRawIntBits(f));
            case Boolean b -> new Bool(b);
            case byte[] b -> bytes(b);
            case BigInteger b -> new U128(checkRange(b, UINT128_LIMIT, "uint128"));
            case MmdbWriter.Uint16 u -> new U16(u.value());
            case MmdbWriter.Uint32 u -> new U32(u.value());
            case MmdbWriter.Int32 i -> new I32(i.value());
            case MmdbWriter.Uint64 u -> new U64(u.value().longValue());
            case MmdbWriter.Uint128 u -> new U128(u.value());
            default ->
                throw new IllegalArgumentException("cannot store a "
                        + value.getClass().getName()
                        + " (allowed: String, Double, Float, Boolean, byte[], Map<String,?>, List<?>,"
                        + " Integer, Long, BigInteger and the MmdbWriter integer wrappers)");
        };
    }

    private static Str str(String s) {
        long length = utf8Length(s);
        if (length > MAX_SIZE) {
            throw new IllegalArgumentException("string of " + length + " UTF-8 bytes exceeds the limit " + MAX_SIZE);
        }
        return new Str(s);
    }

    private static Datum bytes(byte[] b) {
        checkSize(b.length, "byte array");
        return new Bytes(b.clone());
    }

    private static Datum unsignedLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative Long " + value + " (Long maps to uint32/uint64; use Integer)");
        }
        return value <= 0xFFFF_FFFFL ? new U32(value) : new U64(value);
    }

    private static Datum map(Map<?, ?> map, int depth) {
        checkSize(map.size(), "map");
        List<Str> keys = new ArrayList<>(map.size());
        List<Datum> values = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map key " + e.getKey() + " is not a String");
            }
            keys.add(str(key));
            try {
                values.add(of(e.getValue(), depth + 1));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("under key \"" + key + "\": " + ex.getMessage(), ex);
            }
        }
        return new MapD(List.copyOf(keys), List.copyOf(values));
    }

    private static Datum array(List<?> list, int depth) {
        checkSize(list.size(), "list");
        List<Datum> items = new ArrayList<>(list.size());
        for (Object item : list) {
            items.add(of(item, depth + 1));
        }
        return new Arr(List.copyOf(items));
    }

    private static void checkSize(int size, String what) {
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException(what + " of size " + size + " exceeds the limit " + MAX_SIZE);
        }
    }

    /** Checks {@code 0 <= value < limit}; returns it. */
    static BigInteger checkRange(BigInteger value, BigInteger limit, String type) {
        if (value == null || value.signum() < 0 || value.compareTo(limit) >= 0) {
            throw new IllegalArgumentException(type + " out of range: " + value);
        }
        return value;
    }

    /** UTF-8 length of {@code s}; refuses unpaired surrogates, which UTF-8 cannot represent. */
    static long utf8Length(String s) {
        int n = s.length();
        long length = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                length += 1;
            } else if (!Character.isSurrogate(c)) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 2;
                i++;
            } else {
                throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
            }
        }
        return length;
    }
}
