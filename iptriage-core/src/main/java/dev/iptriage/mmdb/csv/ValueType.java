package dev.iptriage.mmdb.csv;

import dev.iptriage.mmdb.MmdbWriter;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The MMDB type of a CSV column, declared ({@code --types n=uint32}) or inferred from every value in
 * the column, and the conversion of one cell to that type.
 */
public enum ValueType {
    /** utf8_string. */
    STRING,
    /** int32. */
    INT32,
    /** uint16. */
    UINT16,
    /** uint32. */
    UINT32,
    /** uint64. */
    UINT64,
    /** uint128. */
    UINT128,
    /** double. */
    DOUBLE,
    /** float. */
    FLOAT,
    /** boolean. */
    BOOLEAN,
    /** bytes, written as hexadecimal ({@code 00ff}). */
    BYTES;

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]*");
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,38})");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.[0-9]+([eE][-+]?[0-9]{1,3})?");
    private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xffff_ffffL);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger UINT128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** The name used in {@code --types} and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type of a value as {@link dev.iptriage.mmdb.MmdbReader#decodeTyped} gives it, or null for
     * a map or an array.
     */
    static ValueType of(Object v) {
        return switch (v) {
            case String s -> STRING;
            case Double d -> DOUBLE;
            case Float f -> FLOAT;
            case Boolean b -> BOOLEAN;
            case byte[] b -> BYTES;
            case MmdbWriter.Uint16 u -> UINT16;
            case MmdbWriter.Uint32 u -> UINT32;
            case MmdbWriter.Int32 i -> INT32;
            case MmdbWriter.Uint64 u -> UINT64;
            case MmdbWriter.Uint128 u -> UINT128;
            default -> null;
        };
    }

    /** The cell text of a value {@link #of} knows: what {@link #convert} reads back to the same value. */
    static String text(Object v) {
        return dev.iptriage.text.CellText.text(plain(v));
    }

    /** A value with the integer wrappers of {@link dev.iptriage.mmdb.MmdbReader#decodeTyped} unwrapped. */
    static Object plain(Object v) {
        return switch (v) {
            case MmdbWriter.Uint16 u -> u.value();
            case MmdbWriter.Uint32 u -> u.value();
            case MmdbWriter.Int32 i -> i.value();
            case MmdbWriter.Uint64 u -> u.value();
            case MmdbWriter.Uint128 u -> u.value();
            default -> v;
        };
    }

    /** Parses a {@code --types} name. */
    public static ValueType parse(String name) {
        for (ValueType t : values()) {
            if (t.label().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown type '" + name + "' (expected one of string, int32, uint16,"
                + " uint32, uint64, uint128, double, float, boolean, bytes)");
    }

    /**
     * Converts a cell to the value the writer stores.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    Object convert(String cell) {
        return switch (this) {
            case STRING -> cell;
            case BOOLEAN ->
                switch (cell) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw expected("true or false");
                };
            case DOUBLE -> parseDouble(cell);
            case FLOAT -> toFloat(cell, parseDouble(cell));
            case BYTES -> {
                if ((cell.length() & 1) != 0 || !HEX.matcher(cell).matches()) {
                    throw expected("hexadecimal digits, two per byte (00ff)");
                }
                yield HexFormat.of().parseHex(cell);
            }
            case INT32 ->
                new MmdbWriter.Int32(
                        integer(cell, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE))
                                .intValue());
            case UINT16 ->
                new MmdbWriter.Uint16(integer(cell, BigInteger.ZERO, BigInteger.valueOf(65535))
                        .intValue());
            case UINT32 ->
                new MmdbWriter.Uint32(integer(cell, BigInteger.ZERO, UINT32_MAX).longValue());
            case UINT64 -> new MmdbWriter.Uint64(integer(cell, BigInteger.ZERO, UINT64_MAX));
            case UINT128 -> new MmdbWriter.Uint128(integer(cell, BigInteger.ZERO, UINT128_MAX));
        };
    }

    private BigInteger integer(String cell, BigInteger min, BigInteger max) {
        if (!INTEGER.matcher(cell).matches()) {
            throw expected("an integer from " + min + " to " + max);
        }
        BigInteger v = new BigInteger(cell);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw expected("an integer from " + min + " to " + max);
        }
        return v;
    }

    private double parseDouble(String cell) {
        switch (cell) {
            case "Infinity", "-Infinity", "NaN" -> {
                return Double.parseDouble(cell); // as db export writes a stored infinity or NaN
            }
            default -> {}
        }
        if (!DECIMAL.matcher(cell).matches() && !INTEGER.matcher(cell).matches()) {
            throw expected("a decimal number such as 51.5");
        }
        double d = Double.parseDouble(cell);
        if (!Double.isFinite(d)) {
            throw expected("a finite number");
        }
        if (d == 0 && hasNonZeroDigit(cell)) {
            throw expected("a number the type can hold (this one is too close to 0: it would be stored as 0)");
        }
        return d;
    }

    private float toFloat(String cell, double d) {
        float f = Float.parseFloat(cell); // not (float) d: rounding twice can miss the nearest float
        if (!Float.isFinite(f) && Double.isFinite(d)) {
            throw expected("a number a float can hold (at most about 3.4e38)");
        }
        if (f == 0 && d != 0) {
            throw expected("a number a float can hold (this one is too close to 0: it would be stored as 0)");
        }
        return f;
    }

    /** Whether the mantissa of a decimal has a digit other than 0. */
    private static boolean hasNonZeroDigit(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private IllegalArgumentException expected(String what) {
        return new IllegalArgumentException("expected " + what + " for a " + label() + " column");
    }

    /**
     * Infers a column's type from all of its non-empty cells: see {@link Inference}.
     */
    static final class Inference {
        private boolean any;
        private boolean bool = true;
        private boolean integer = true;
        private boolean negative;
        private boolean decimal = true;
        private BigInteger max = BigInteger.ZERO;
        private BigInteger min = BigInteger.ZERO;

        /** Notes one non-empty cell. */
        void see(String cell) {
            any = true;
            bool &= cell.equals("true") || cell.equals("false");
            boolean isInt = INTEGER.matcher(cell).matches();
            if (integer && isInt) {
                BigInteger v = new BigInteger(cell);
                max = v.max(max);
                min = v.min(min);
                negative |= v.signum() < 0;
            }
            integer &= isInt;
            decimal &= isInt || DECIMAL.matcher(cell).matches();
        }

        /**
         * Booleans when every cell is {@code true}/{@code false}; integers (no sign but '-', no
         * leading zeros) as uint32 when all fit 0..2^32-1, int32 when some are negative and all fit
         * int32, uint64 when all fit 0..2^64-1; decimals (a '.' with digits on both sides, optional
         * exponent) as double; everything else, and integers that fit none of those, as strings.
         */
        ValueType result() {
            if (!any) {
                return STRING;
            }
            if (bool) {
                return BOOLEAN;
            }
            if (integer) {
                if (!negative && max.compareTo(UINT32_MAX) <= 0) {
                    return UINT32;
                }
                if (negative
                        && min.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) >= 0
                        && max.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0) {
                    return INT32;
                }
                return !negative && max.compareTo(UINT64_MAX) <= 0 ? UINT64 : STRING;
            }
            return decimal ? DOUBLE : STRING;
        }
    }
}
