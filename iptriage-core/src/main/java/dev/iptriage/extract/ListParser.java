package dev.iptriage.extract;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.nio.charset.StandardCharsets;

/**
 * The one parser of address-list lines, used by {@code enrich} (its list path) and by the {@code
 * list} input format of every command. Turns one line of an address list into a key: an {@link dev.iptriage.ip.IpAddress}, a {@link
 * dev.iptriage.ip.Cidr} (masked to its network), a {@link Found} for an address with a zone id
 * ({@code fe80::1%eth0}: written with it, looked up without it), or an {@link Invalid} carrying the
 * line's text and why it was rejected. An IPv4-mapped address becomes IPv4 unless kept ({@link
 * Found#of}, the rule of every mode).
 *
 * <p>Lenient (default): leading/trailing blanks and a {@code #} comment are ignored, and the first
 * token (up to a blank, {@code ,} or {@code ;}) must be an address: {@code 1.2.3.4},
 * {@code 1.2.3.4:80}, {@code [2001:db8::1]:443}, {@code fe80::1%eth0}, {@code 10.0.0.0/8}. Strict:
 * the line, trimmed, must be exactly one address literal (like {@code inet_pton}).
 */
public final class ListParser {
    private ListParser() {}

    /** Why a line is not an address, as counted in the summary. */
    public enum Kind {
        BLANK,
        COMMENT,
        TOO_LONG,
        OTHER
    }

    /**
     * An input line that is not an address.
     *
     * @param text the line as read (without its line end)
     * @param reason why it is not an address
     * @param kind what kind of line it is
     */
    public record Invalid(String text, String reason, Kind kind) {}

    /**
     * The key of the line {@code b[start, end)} (without its line end): an {@link IpAddress}, a
     * {@link Cidr}, a {@link Found} (an address with a zone id) or an {@link Invalid}.
     *
     * @param strict the line must be exactly one address literal
     * @param keepMapped keep an IPv4-mapped IPv6 address as it is instead of as IPv4
     */
    public static Object parse(byte[] b, int start, int end, boolean strict, boolean keepMapped) {
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
            // the common case; the full parse below also says why a line fails
            return keepMapped || !plain.isV4Mapped() ? plain : plain.unmap();
        }
        if (e - s >= 3 && b[s] == (byte) 0xEF && b[s + 1] == (byte) 0xBB && b[s + 2] == (byte) 0xBF) {
            // a UTF-8 byte order mark inside the input: files joined by cat
            return parse(b, s + 3, end, strict, keepMapped);
        }
        IpLiteral.Parsed p = strict ? IpLiteral.parseStrict(b, s, e - s) : IpLiteral.parse(b, s, t - s);
        if (!p.ok()) {
            return new Invalid(text(b, start, e), p.error(), Kind.OTHER);
        }
        Found f = Found.of(p, keepMapped); // as every mode reads one literal
        if (f.zone() != null) {
            return f; // written with its zone id, looked up without it
        }
        return f.prefixLength() >= 0 ? new Cidr(f.address(), f.prefixLength()) : f.address();
    }

    /** The text of {@code b[start, end)}, decoded as UTF-8. */
    public static String text(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }
}
