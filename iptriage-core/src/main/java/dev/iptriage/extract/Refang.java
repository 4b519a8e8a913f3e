package dev.iptriage.extract;

import dev.iptriage.text.ByteScan;

/**
 * Undoes the usual ways analysts "defang" addresses so they cannot be clicked: {@code 1[.]1}, {@code
 * 1(.)1}, {@code 1{.}1}, {@code 1<.>1}, {@code 1[dot]1}, {@code 1(dot)1}, {@code 1\.1}, runs and
 * unbalanced brackets ({@code 10[[[.]]]10}, {@code 1.)1[.1}), {@code 2.2.2 . 2}, {@code [,]}, and in
 * IPv6 the same brackets around colons ({@code [:]}, {@code (:)}, {@code [::]}, {@code \:}), also next
 * to other colons ({@code 2001:db8[:]:1}, {@code [:][:]1}). A defanged separator is only rewritten
 * between two letters or digits (a {@code ::} needs one on one side), so brackets around a whole
 * address ({@code [192.0.2.1]}, {@code (1.2.3.4)}, {@code [::1]}, {@code [::]:80}) stay. One pass
 * over bytes (ASCII; other bytes are copied), linear in the input: a bracket run that is not part of
 * a defanged separator is copied as a whole. The output is never longer than the input.
 */
final class Refang {
    private static final boolean[] OPENER = new boolean[256];

    static {
        for (char c : "[({<\\])}>".toCharArray()) {
            OPENER[c] = true;
        }
    }

    private final byte[] s;
    private final int end;
    private final byte[] out;
    private int o;

    private Refang(byte[] s, int end, byte[] out) {
        this.s = s;
        this.end = end;
        this.out = out;
    }

    /**
     * Where refanging must start, or -1 when there is nothing to refang: the first bracket or
     * backslash (one back when a {@code .} comes right before it, as in {@code 1.]1}), or the blank
     * of the first {@code " ."}. Every byte before it is copied unchanged by {@link #apply}: a lone
     * {@code .} is a plain dot.
     */
    static int firstTrigger(byte[] b, int off, int len) {
        int end = off + len;
        for (int p = next(b, off, end); p < end; p = next(b, p + 1, end)) {
            boolean after = p > off && b[p - 1] == (b[p] == '.' ? ' ' : '.');
            if (b[p] != '.' || after) {
                return after ? p - 1 : p;
            }
        }
        return -1;
    }

    /**
     * Refangs {@code b[off, off + len)} into {@code out}.
     *
     * @param out at least {@code len} long
     * @return the length written to {@code out}
     */
    static int apply(byte[] b, int off, int len, byte[] out) {
        return apply(b, off, len, out, off);
    }

    /**
     * {@link #apply(byte[], int, int, byte[])} when nothing before {@code from} can start a separator
     * ({@link #firstTrigger}): those bytes are copied as they are.
     */
    static int apply(byte[] b, int off, int len, byte[] out, int from) {
        Refang r = new Refang(b, off + len, out);
        int i = r.copy(off, from);
        while (i < r.end) {
            int p = next(b, i, r.end);
            // a separator starts at a bracket, a '.', or the blank of " ."
            int start = p < r.end && b[p] == '.' && p > i && b[p - 1] == ' ' ? p - 1 : p;
            r.copy(i, start);
            i = start < r.end ? r.separator(start) : start;
        }
        return r.o;
    }

    /** {@link #apply} one byte at a time: the plain reading the fast one is tested against. */
    static int applyPlain(byte[] b, int off, int len, byte[] out) {
        Refang r = new Refang(b, off + len, out);
        int i = off;
        while (i < r.end) {
            byte c = b[i];
            if (OPENER[c & 0xFF] || c == '.' || (c == ' ' && i + 1 < r.end && b[i + 1] == '.')) {
                i = r.separator(i);
            } else {
                out[r.o++] = c;
                i++;
            }
        }
        return r.o;
    }

    /**
     * Index of the next bracket, backslash or {@code .} at or after {@code i}, or {@code end}. Reads
     * eight bytes at a time: prose has few of them, and a byte-by-byte loop branches on each byte.
     */
    static int next(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long x = ByteScan.word(b, i);
            long m = ByteScan.zeros((x & 0xFEFEFEFEFEFEFEFEL) ^ 0x2828282828282828L) // ( )
                    | ByteScan.zeros((x & 0xFDFDFDFDFDFDFDFDL) ^ 0x3C3C3C3C3C3C3C3CL) // < >
                    | ByteScan.zeros((x & 0xDFDFDFDFDFDFDFDFL) ^ 0x5B5B5B5B5B5B5B5BL) // [ {
                    | ByteScan.zeros((x & 0xDFDFDFDFDFDFDFDFL) ^ 0x5D5D5D5D5D5D5D5DL) // ] }
                    | ByteScan.zeros(x ^ 0x5C5C5C5C5C5C5C5CL) // backslash
                    | ByteScan.zeros(x ^ 0x2E2E2E2E2E2E2E2EL); // .
            if (m != 0) {
                // the lowest flagged byte is exact (a false flag only ever sits above a true one)
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (OPENER[b[i] & 0xFF] || b[i] == '.') {
                return i;
            }
        }
        return end;
    }

    private static boolean isOpener(byte c) {
        return OPENER[c & 0xFF];
    }

    /**
     * Tries a defanged separator at {@code i} (brackets, a centre, brackets). Writes the refanged
     * separator, or on failure the characters before the centre unchanged, and returns where to go on.
     */
    private int separator(int i) {
        boolean spaced = s[i] == ' ';
        int c0 = i;
        if (spaced) {
            c0++;
        } else {
            while (c0 < end && isOpener(s[c0])) {
                c0++;
            }
            if (c0 < end && s[c0] == ':') {
                return colons(i);
            }
        }
        boolean wordBefore = o > 0 && isWord(out[o - 1]);
        int centreLen = centre(c0);
        int after = centreLen == 0 ? -1 : skipAfter(c0 + centreLen, spaced);
        if (!wordBefore || after < 0 || after >= end || !isWord(s[after]) || !fits(i, c0, centreLen, after, spaced)) {
            return copy(i, Math.max(c0, i + 1));
        }
        out[o++] = '.';
        return after;
    }

    /**
     * A group of brackets and colons starting at the bracket {@code i}: {@code [:]}, {@code [::]},
     * {@code [:][:]}, {@code [:]:}, {@code \:}, ... It is refanged to its colons when one of them is
     * defanged (brackets on both sides, or a backslash before it) and the colons, counted with those
     * written just before the group, can be part of an IPv6 address: one colon between two letters or
     * digits, or a {@code ::} with a letter or digit on at least one side ({@code [:][:]1}, {@code
     * fe80[:][:]}). A closing bracket that closes nothing opened in the group ends it: it belongs
     * to brackets around the address ({@code [2001[:]db8[:][:]]:443}). A group that is not refanged
     * is copied whole, so every byte is looked at a bounded number of times.
     */
    private int colons(int i) {
        int j = i;
        int depth = 0;
        int n = 0;
        boolean defanged = false;
        while (j < end) {
            byte c = s[j];
            if (c == ':') {
                int k = j;
                while (k < end && s[k] == ':') {
                    k++;
                }
                defanged |= j > i && (s[j - 1] == '\\' || (isOpener(s[j - 1]) && k < end && isOpener(s[k])));
                n += k - j;
                j = k;
            } else if (isClosing(c)) {
                if (depth == 0 && n > 0) {
                    break; // closes brackets opened before the group
                }
                depth = Math.max(0, depth - 1);
                j++;
            } else if (isOpener(c)) {
                depth += c == '\\' ? 0 : 1;
                j++;
            } else {
                break;
            }
        }
        int before = 0; // colons just written, at most 3 looked at
        while (before < 3 && before < o && out[o - 1 - before] == ':') {
            before++;
        }
        boolean wordBefore = o > before && isWord(out[o - 1 - before]);
        boolean wordAfter = j < end && isWord(s[j]);
        int total = before + n;
        boolean fits = total == 1 ? wordBefore && wordAfter : total == 2 && (wordBefore || wordAfter);
        if (!defanged || !fits) {
            return copy(i, j);
        }
        for (int k = 0; k < n; k++) {
            out[o++] = ':';
        }
        return j;
    }

    private static boolean isClosing(byte c) {
        return c == ']' || c == ')' || c == '}' || c == '>';
    }

    private int skipAfter(int c1, boolean spaced) {
        if (spaced) {
            return c1 < end && s[c1] == ' ' ? c1 + 1 : -1;
        }
        int after = c1;
        while (after < end && isOpener(s[after])) {
            after++;
        }
        return after;
    }

    /** A {@code .} needs brackets on one side, the others on both; spaced only {@code 1 . 2}. */
    private boolean fits(int i, int c0, int centreLen, int after, boolean spaced) {
        byte kind = s[c0];
        if (spaced) {
            return kind == '.' && isDigit(out[o - 1]) && isDigit(s[after]);
        }
        boolean before = c0 > i;
        boolean behind = after > c0 + centreLen;
        return kind == '.' ? before || behind : before && behind;
    }

    private int copy(int from, int to) {
        System.arraycopy(s, from, out, o, to - from);
        o += to - from;
        return to;
    }

    /** Length of a separator centre at {@code i}: {@code .}, {@code dot} or {@code ,}. */
    private int centre(int i) {
        if (i >= end) {
            return 0;
        }
        byte c = s[i];
        if (c == '.' || c == ',') {
            return 1;
        }
        if ((c == 'd' || c == 'D') && i + 2 < end) {
            byte d = s[i + 1];
            byte t = s[i + 2];
            return (d == 'o' || d == 'O') && (t == 't' || t == 'T') ? 3 : 0;
        }
        return 0;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWord(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
