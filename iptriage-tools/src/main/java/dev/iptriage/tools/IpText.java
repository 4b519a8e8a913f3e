package dev.iptriage.tools;

import java.math.BigInteger;

/**
 * Strict IP literal parsing for the source CSV files: one bare IPv4 dotted quad or IPv6 literal, no
 * white space, zone, brackets or prefix, and never a DNS lookup.
 */
final class IpText {
    private IpText() {}

    /**
     * Parses a literal into network byte order.
     *
     * @param s the literal
     * @return 4 bytes for IPv4, 16 bytes for IPv6
     * @throws IllegalArgumentException if {@code s} is not a valid literal
     */
    static byte[] parse(String s) {
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        byte[] v4 = parseV4(s);
        if (v4 == null) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 literal: '" + s + "'");
        }
        return v4;
    }

    /** Returns the address as an unsigned number. */
    static BigInteger toNumber(byte[] address) {
        return new BigInteger(1, address);
    }

    /**
     * Returns the number as an address of {@code length} bytes (4 or 16).
     *
     * @throws IllegalArgumentException if the number does not fit
     */
    static byte[] toBytes(BigInteger n, int length) {
        if (n.signum() < 0 || n.bitLength() > length * 8) {
            throw new IllegalArgumentException(n + " does not fit in " + length + " bytes");
        }
        byte[] raw = n.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0') || !digits(p)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseV6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            throw bad(s, "more than one '::'");
        }
        int[] head = groups(s, gap < 0 ? s : s.substring(0, gap), gap >= 0, gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(s, s.substring(gap + 2), true, true);
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            throw bad(s, "wrong number of groups");
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(out, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(out, 8 - tail.length + i, tail[i]);
        }
        return out;
    }

    /** Splits one side of an IPv6 literal into 16-bit groups; a trailing dotted quad counts as two. */
    private static int[] groups(String literal, String side, boolean mayBeEmpty, boolean mayEndInV4) {
        if (side.isEmpty()) {
            if (!mayBeEmpty) {
                throw bad(literal, "empty");
            }
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        String last = parts[parts.length - 1];
        byte[] v4 = last.indexOf('.') >= 0 && mayEndInV4 ? parseV4(last) : null;
        if (last.indexOf('.') >= 0 && v4 == null) {
            throw bad(literal, "bad embedded IPv4 '" + last + "'");
        }
        int n = parts.length - (v4 == null ? 0 : 1);
        int[] out = new int[n + (v4 == null ? 0 : 2)];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4 || !hex(p)) {
                throw bad(literal, "bad group '" + p + "'");
            }
            out[i] = Integer.parseInt(p, 16);
        }
        if (v4 != null) {
            out[n] = (v4[0] & 0xFF) << 8 | (v4[1] & 0xFF);
            out[n + 1] = (v4[2] & 0xFF) << 8 | (v4[3] & 0xFF);
        }
        return out;
    }

    private static void putGroup(byte[] out, int index, int value) {
        out[2 * index] = (byte) (value >>> 8);
        out[2 * index + 1] = (byte) value;
    }

    private static boolean digits(String p) {
        return p.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean hex(String p) {
        return p.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
    }

    private static IllegalArgumentException bad(String literal, String why) {
        return new IllegalArgumentException("not an IPv6 literal: '" + literal + "' (" + why + ")");
    }
}
