package dev.iptriage.pipeline;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.nio.charset.StandardCharsets;

/**
 * Turns one line of an address list into a key: an {@link dev.iptriage.ip.IpAddress}, a {@link
 * dev.iptriage.ip.Cidr}, or an {@link Invalid} carrying the line's text and why it was rejected.
 *
 * <p>Lenient (default): leading/trailing blanks and a {@code #} comment are ignored, and the first
 * token (up to a blank, {@code ,} or {@code ;}) must be an address: {@code 1.2.3.4},
 * {@code 1.2.3.4:80}, {@code [2001:db8::1]:443}, {@code fe80::1%eth0}, {@code 10.0.0.0/8}. Strict:
 * the line, trimmed, must be exactly one address literal (like {@code inet_pton}).
 */
final class LineParser {
    private LineParser() {}

    /** Why a line is not an address, as counted in the summary. */
    enum Kind {
        BLANK,
        COMMENT,
        TOO_LONG,
        OTHER
    }

    /** An input line that is not an address. */
    record Invalid(String text, String reason, Kind kind) {}

    static Object parse(byte[] b, int start, int end, boolean strict) {
        int e = end;
        while (e > start && (b[e - 1] == '\r' || b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        int s = start;
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        if (s == e) {
            return new Invalid(text(b, start, e), "blank line", Kind.BLANK);
        }
        if (b[s] == '#') {
            return new Invalid(text(b, start, e), "comment", Kind.COMMENT);
        }
        int t = e;
        if (!strict) {
            t = s;
            while (t < e && b[t] != ' ' && b[t] != '\t' && b[t] != ',' && b[t] != ';' && b[t] != '#') {
                t++;
            }
        }
        IpAddress plain = IpLiteral.tryParseStrict(b, s, t - s);
        if (plain != null) {
            return plain; // the common case; the full parse below also says why a line fails
        }
        if (e - s >= 3 && b[s] == (byte) 0xEF && b[s + 1] == (byte) 0xBB && b[s + 2] == (byte) 0xBF) {
            return parse(b, s + 3, end, strict); // a UTF-8 byte order mark inside the input: files joined by cat
        }
        IpLiteral.Parsed p = strict ? IpLiteral.parseStrict(b, s, e - s) : IpLiteral.parse(b, s, t - s);
        if (!p.ok()) {
            return new Invalid(text(b, start, e), p.error(), Kind.OTHER);
        }
        return p.isNetwork() ? p.network() : p.address();
    }

    static String text(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }
}
