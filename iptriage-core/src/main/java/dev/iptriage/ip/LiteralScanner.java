package dev.iptriage.ip;

import java.nio.charset.StandardCharsets;

/**
 * The hand-written scanner behind {@link IpLiteral}: one instance per parse, over either bytes or
 * chars. Every loop advances or stops, nothing looks back, and every number is cut off after a few
 * digits, so any input costs O(length) and never throws; a failure leaves a short reason in {@link
 * #error}. Characters outside ASCII are never valid, so bytes and chars give the same answers.
 */
final class LiteralScanner {
    static final int MAX_ZONE_LENGTH = 64;
    static final String NOT_AN_IP = "not an IP address";
    private static final int SHOWN_DIGITS = 10;
    private static final String HEX_DIGITS = "0123456789ABCDEF";

    private final byte[] bytes;
    private final CharSequence chars;
    int end;
    int pos;

    boolean v4;
    long hi;
    long lo;
    String error;

    // IPv6 state: groups before and after the "::", as 128-bit accumulators
    private long headHi;
    private long headLo;
    private long tailHi;
    private long tailLo;
    private int head;
    private int tail;
    private boolean gap;
    private boolean sawColon;

    LiteralScanner(byte[] bytes, int off, int len) {
        this.bytes = bytes;
        this.chars = null;
        this.end = off + len;
        this.pos = off;
    }

    LiteralScanner(CharSequence chars) {
        this.bytes = null;
        this.chars = chars;
        this.end = chars.length();
        this.pos = 0;
    }

    /** The character at {@code i}, or -1 at or past the end. */
    int at(int i) {
        if (i >= end) {
            return -1;
        }
        return bytes != null ? bytes[i] & 0xFF : chars.charAt(i);
    }

    boolean atEnd() {
        return pos >= end;
    }

    /** Skips ASCII white space at both ends; returns false when nothing else is left. */
    boolean trim() {
        while (pos < end && isSpace(at(pos))) {
            pos++;
        }
        while (end > pos && isSpace(at(end - 1))) {
            end--;
        }
        return pos < end;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    boolean fail(String why) {
        error = why;
        return false;
    }

    /** Reports the character at {@code pos}: the end, or what it is, without echoing unsafe bytes. */
    boolean unexpected() {
        return fail(describeAt(pos));
    }

    String describeAt(int i) {
        int c = at(i);
        if (c < 0) {
            return "unexpected end of input";
        }
        if (c == ' ') {
            return "unexpected space";
        }
        if (c < 0x20 || c == 0x7F) {
            return "unexpected control character 0x" + HEX_DIGITS.charAt(c >> 4) + HEX_DIGITS.charAt(c & 0xF);
        }
        if (c > 0x7F) {
            return "unexpected non-ASCII character";
        }
        return "unexpected character '" + (char) c + "'";
    }

    /** Parses an IPv4 or IPv6 address at {@code pos} and leaves {@code pos} just after it. */
    boolean address() {
        int i = pos;
        while (i - pos < 12 && isDigit(at(i))) {
            i++;
        }
        if (i > pos && at(i) == '.') {
            v4 = true;
            return ipv4();
        }
        v4 = false;
        return ipv6();
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** Four decimal octets, no leading zeros (octal or decimal would be a guess), into {@link #lo}. */
    private boolean ipv4() {
        long bits = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (at(pos) != '.') {
                    return endsAddress(at(pos)) ? fail("IPv4 address needs 4 octets, got " + octet) : unexpected();
                }
                pos++;
            }
            int value = decimal("octet ", 255, " (ambiguous: octal or decimal?)");
            if (value < 0) {
                return false;
            }
            bits = (bits << 8) | value;
        }
        if (at(pos) == '.') {
            return fail("IPv4 address has more than 4 octets");
        }
        lo = bits;
        hi = 0;
        return true;
    }

    /**
     * Reads a decimal number of at most {@code max} without leading zeros at {@code pos}; returns -1
     * with an error naming {@code what} otherwise. Reads at most a few digits past the limit.
     */
    int decimal(String what, int max, String whyNoLeadingZero) {
        int first = pos;
        int value = 0;
        while (isDigit(at(pos)) && pos - first <= 5) {
            value = value * 10 + at(pos) - '0';
            pos++;
        }
        int digits = pos - first;
        if (digits == 0) {
            fail(isEmptyNumberEnd(at(pos)) ? "empty " + what.trim() : describeAt(pos));
            return -1;
        }
        if (digits > 1 && at(first) == '0') {
            fail(what + shownDigits(first) + " has a leading zero" + whyNoLeadingZero);
            return -1;
        }
        if (digits > 5 || value > max) {
            fail(what + shownDigits(first) + " > " + max);
            return -1;
        }
        return value;
    }

    private static boolean endsAddress(int c) {
        return c < 0 || c == ':' || c == '/' || c == ']' || c == '%' || isSpace(c);
    }

    private static boolean isEmptyNumberEnd(int c) {
        return c < 0 || c == '.' || c == ':' || c == '/' || c == ']';
    }

    /** The digits starting at {@code from}, cut after a few, for an error message. */
    private String shownDigits(int from) {
        StringBuilder sb = new StringBuilder(SHOWN_DIGITS + 3);
        int i = from;
        while (isDigit(at(i)) && i - from < SHOWN_DIGITS) {
            sb.append((char) at(i++));
        }
        return isDigit(at(i)) ? sb.append("...").toString() : sb.toString();
    }

    /**
     * An RFC 4291 section 2.2 IPv6 text: eight groups of 1 to 4 hex digits, at most one {@code ::} for
     * one or more zero groups, optionally an IPv4 dotted quad as the last 32 bits. Groups before the
     * {@code ::} collect in (headHi, headLo), those after in (tailHi, tailLo); the head is shifted up
     * over the gap at the end, so no array is needed.
     */
    private boolean ipv6() {
        if (at(pos) == ':') {
            if (at(pos + 1) != ':') {
                return fail("IPv6 address cannot start with a single ':'");
            }
            gap = true;
            sawColon = true;
            pos += 2;
            if (!isHexDigit(at(pos))) {
                return at(pos) == ':' ? unexpected() : finishV6();
            }
        }
        while (true) {
            int groupStart = pos;
            int value = hexGroup();
            if (pos == groupStart) {
                return sawColon ? unexpected() : fail(NOT_AN_IP);
            }
            if (at(pos) == '.') {
                return embeddedV4(groupStart) && finishV6();
            }
            if (pos - groupStart > 4) {
                return fail(
                        sawColon || colonAfterHex(pos)
                                ? "IPv6 group " + shownHex(groupStart) + " has more than 4 hex digits"
                                : NOT_AN_IP);
            }
            if (!addGroup(value)) {
                return false;
            }
            int next = separator();
            if (next < 0) {
                return false;
            }
            if (next == 0) {
                return sawColon ? finishV6() : fail(NOT_AN_IP);
            }
        }
    }

    /** Up to 5 hex digits (one too many is enough to report); their value. */
    private int hexGroup() {
        int first = pos;
        int value = 0;
        while (isHexDigit(at(pos)) && pos - first <= 4) {
            value = (value << 4) | hexValue(at(pos));
            pos++;
        }
        return value;
    }

    /** After a group: 1 when another group follows, 0 at the end of the address, -1 on an error. */
    private int separator() {
        if (at(pos) != ':') {
            return 0;
        }
        sawColon = true;
        if (at(pos + 1) != ':') {
            pos++;
            if (isHexDigit(at(pos))) {
                return 1;
            }
            fail(at(pos) < 0 ? "IPv6 address cannot end with a single ':'" : describeAt(pos));
            return -1;
        }
        if (gap) {
            fail("IPv6 address has more than one '::'");
            return -1;
        }
        gap = true;
        pos += 2;
        if (at(pos) == ':') {
            unexpected();
            return -1;
        }
        return isHexDigit(at(pos)) ? 1 : 0;
    }

    /** A dotted quad where a group was expected: the last 32 bits, so nothing may follow. */
    private boolean embeddedV4(int groupStart) {
        if (!sawColon) {
            return fail(NOT_AN_IP);
        }
        pos = groupStart;
        if (!ipv4()) {
            return false;
        }
        if (at(pos) == ':') {
            return fail("IPv4 part must be the last 32 bits of an IPv6 address");
        }
        return addGroup(lo >>> 16) && addGroup(lo & 0xFFFF);
    }

    private boolean addGroup(long group) {
        if (gap) {
            tailHi = (tailHi << 16) | (tailLo >>> 48);
            tailLo = (tailLo << 16) | group;
            tail++;
        } else {
            headHi = (headHi << 16) | (headLo >>> 48);
            headLo = (headLo << 16) | group;
            head++;
        }
        return head + tail <= 8 || fail("IPv6 address has more than 8 groups");
    }

    /** Whether the hex digits from {@code i} end in ':'; tells a long first group from a word. */
    private boolean colonAfterHex(int i) {
        while (isHexDigit(at(i))) {
            i++;
        }
        return at(i) == ':';
    }

    private static boolean isHexDigit(int c) {
        return hexValue(c) >= 0;
    }

    private String shownHex(int from) {
        StringBuilder sb = new StringBuilder(SHOWN_DIGITS + 3);
        int i = from;
        while (isHexDigit(at(i)) && i - from < SHOWN_DIGITS) {
            sb.append((char) at(i++));
        }
        return isHexDigit(at(i)) ? sb.append("...").toString() : sb.toString();
    }

    private boolean finishV6() {
        int groups = head + tail;
        if (!gap && groups != 8) {
            return fail("IPv6 address needs 8 groups or '::', got " + groups);
        }
        if (gap && groups > 7) {
            return fail("IPv6 address has 8 groups and a '::'");
        }
        // shift the head over the zero groups of the gap: 16 bits for each group not written
        int shift = 16 * (8 - head);
        long h = headHi;
        long l = headLo;
        if (shift >= 64) {
            h = shift == 128 ? 0 : headLo << (shift - 64);
            l = 0;
        } else if (shift > 0) {
            h = (headHi << shift) | (headLo >>> (64 - shift));
            l = headLo << shift;
        }
        hi = h | tailHi;
        lo = l | tailLo;
        v4 = false;
        return true;
    }

    /** After '/': a prefix length of at most {@code max}; -1 with an error otherwise. */
    int prefix(int max) {
        int first = pos;
        int value = 0;
        while (isDigit(at(pos)) && pos - first <= 3) {
            value = value * 10 + at(pos) - '0';
            pos++;
        }
        int digits = pos - first;
        if (digits == 0) {
            fail(at(pos) < 0 ? "empty prefix length" : describeAt(pos));
            return -1;
        }
        if (digits > 1 && at(first) == '0') {
            fail("prefix /" + shownDigits(first) + " has a leading zero");
            return -1;
        }
        if (digits > 3 || value > max) {
            fail("prefix /" + shownDigits(first) + " > " + max);
            return -1;
        }
        return value;
    }

    /** After '%': a zone id of printable ASCII other than space, '%', '/', '[' and ']'. */
    String zone() {
        int first = pos;
        while (isZoneChar(at(pos)) && pos - first <= MAX_ZONE_LENGTH) {
            pos++;
        }
        int length = pos - first;
        if (length == 0) {
            fail(at(pos) < 0 ? "empty zone id" : "zone id: " + describeAt(pos));
            return null;
        }
        if (length > MAX_ZONE_LENGTH) {
            fail("zone id longer than " + MAX_ZONE_LENGTH + " characters");
            return null;
        }
        return bytes != null
                ? new String(bytes, first, length, StandardCharsets.US_ASCII)
                : chars.subSequence(first, pos).toString();
    }

    private static boolean isZoneChar(int c) {
        return c > 0x20 && c < 0x7F && c != '%' && c != '/' && c != '[' && c != ']';
    }
}
