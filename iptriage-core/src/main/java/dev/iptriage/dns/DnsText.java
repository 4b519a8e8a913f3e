package dev.iptriage.dns;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.text.CellText;
import java.util.Locale;

/** Names and text for the DNS sources: reversed query labels, DNS name checks, safe quoting for messages. */
final class DnsText {
    /** The longest DNS name in text, without the trailing dot (RFC 1035: 255 octets on the wire). */
    static final int MAX_NAME = 253;

    /** The longest label (RFC 1035). */
    static final int MAX_LABEL = 63;

    /** The length of the labels of an IPv6 address in a query, with their dot: 32 nibbles and 32 dots. */
    static final int IPV6_LABELS = 64;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private DnsText() {}

    /**
     * The labels that stand for an address in a reverse-style query (RFC 5782, RFC 3596): the four
     * octets in reverse order for IPv4 ({@code 4.3.2.1} for 1.2.3.4), the 32 nibbles in reverse
     * order for IPv6. The caller decides about IPv4-mapped addresses: {@link IpAddress#unmap()}
     * first to ask them as IPv4; as they are, they give 32 nibbles like any IPv6 address.
     *
     * @param a the address
     * @return the labels, without a leading or trailing dot
     */
    static String reversedLabels(IpAddress a) {
        if (a.isV4()) {
            int bits = a.v4Bits();
            return (bits & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + ((bits >>> 16) & 0xFF) + "." + (bits >>> 24);
        }
        char[] out = new char[IPV6_LABELS - 1];
        int at = 0;
        for (int i = 31; i >= 0; i--) {
            long half = i < 16 ? a.hi() : a.lo();
            int nibble = (int) (half >>> (4 * (15 - (i & 15)))) & 0xF;
            out[at++] = HEX[nibble];
            if (i > 0) {
                out[at++] = '.';
            }
        }
        return new String(out);
    }

    /**
     * The name as compared and queried: lower case, without one trailing dot, and without white
     * space around it.
     */
    static String normalName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * Checks a DNS name (no trailing dot): labels of ASCII letters, digits and hyphens, 1 to 63
     * characters each, not starting or ending with a hyphen, at most {@code max} characters in all.
     *
     * @param name the name
     * @param max the longest name allowed
     * @return why the name is not valid, or null when it is
     */
    static String nameProblem(String name, int max) {
        if (name.isEmpty()) {
            return "the name is empty";
        }
        if (name.length() > max) {
            return "the name has " + name.length() + " characters, more than " + max;
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    return "the name has an empty label";
                }
                if (len > MAX_LABEL) {
                    return "the name has a label of " + len + " characters, more than " + MAX_LABEL;
                }
                if (name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
                    return "the label " + quote(name.substring(labelStart, i), 70) + " starts or ends with a hyphen";
                }
                labelStart = i + 1;
            } else if (!isLdh(c)) {
                return "the name has the character " + quote(String.valueOf(c), 10)
                        + " (only letters, digits and hyphens)";
            }
        }
        return null;
    }

    /** Whether {@code c} is an ASCII letter, digit or hyphen. */
    static boolean isLdh(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }

    /**
     * Whether a code point is shown as it is in a label or a message: not a control character (C0,
     * DEL, C1), no format character (bidirectional controls, zero-width characters, byte order
     * mark), no line or paragraph separator, no other space than U+0020, no private-use, unassigned
     * or lone surrogate code point.
     */
    static boolean isPrintable(int cp) {
        if (cp >= 0x20 && cp < 0x7f) {
            return true;
        }
        if (CellText.isUnsafe(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.SURROGATE -> false;
            default -> true;
        };
    }

    /**
     * Text from outside (a line of a file, a TXT string) for a message: in single quotes, about
     * {@code max} characters of it at most (escapes count), with a backslash before a quote or a backslash and every
     * character that is not {@link #isPrintable} written as {@code \n}, {@code \r}, {@code \t} or
     * {@code \}{@code uXXXX}; a longer text ends with {@code ...} and its length. The result is
     * printable ASCII plus printable letters of other scripts, so it cannot drive a terminal.
     *
     * @param s the text, may be null (shown as {@code null})
     * @param max how many characters to show at most, escapes included (one escape may pass it)
     * @return the quoted text
     */
    static String quote(String s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16).append('\'');
        int i = 0;
        while (i < s.length() && b.length() <= max) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\'', '\\' -> b.append('\\').append((char) cp);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (isPrintable(cp)) {
                        b.appendCodePoint(cp);
                    } else if (Character.isBmpCodePoint(cp)) {
                        b.append(String.format(Locale.ROOT, "\\u%04X", cp));
                    } else {
                        b.append(String.format(Locale.ROOT, "\\u%04X\\u%04X", (int) Character.highSurrogate(cp), (int)
                                Character.lowSurrogate(cp)));
                    }
                }
            }
        }
        b.append('\'');
        if (i < s.length()) {
            b.append("... (").append(s.length()).append(" characters)");
        }
        return b.toString();
    }
}
