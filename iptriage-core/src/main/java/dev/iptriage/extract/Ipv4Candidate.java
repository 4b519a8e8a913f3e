package dev.iptriage.extract;

import dev.iptriage.ip.IpAddress;
import java.util.Locale;
import java.util.Set;

/** Decides whether one maximal run of digits and dots in text is an IPv4 address. */
final class Ipv4Candidate {
    private static final String[] VERSION_WORDS = {"version", "ver", "v", "build", "release", "firmware", "oid"};

    private Ipv4Candidate() {}

    /**
     * Returns the address that the digits-and-dots run {@code [p, q)} of {@code t} spells, or null.
     * The run is maximal: the characters around it are neither digits nor dots.
     */
    static IpAddress find(CharSequence t, int p, int q, ExtractOptions options) {
        int lead = 0;
        while (p + lead < q && t.charAt(p + lead) == '.') {
            lead++;
        }
        if (lead == 1 || q - p - lead < 7) {
            return null; // ".1.2.3.4" continues a name (PTR, host); "..1.2.3.4" is an ellipsis
        }
        int trail = 0;
        while (q - trail - 1 > p && t.charAt(q - trail - 1) == '.') {
            trail++;
        }
        if (trail == 1 && q < t.length() && TextExtractor.isLetter(t.charAt(q))) {
            return null; // "5.6.7.8.dsl.example.net": part of a host name
        }
        IpAddress a = octets(t, p + lead, q - trail, options);
        return a != null && !versionContext(t, p, q) ? a : null;
    }

    private static IpAddress octets(CharSequence t, int from, int to, ExtractOptions options) {
        int bits = 0;
        int parts = 0;
        int i = from;
        while (i <= to) {
            int j = i;
            while (j < to && t.charAt(j) != '.') {
                j++;
            }
            int v = number(t, i, j, options.leadingZeros());
            if (v < 0 || parts == 5) {
                return null;
            }
            if (parts == 4) {
                // a fifth number: only "a.b.c.d.port" with the option
                return options.dottedPort() && v <= 65535 && j == to ? IpAddress.ofV4(bits) : null;
            }
            if (v > 255) {
                return null;
            }
            bits = (bits << 8) | v;
            parts++;
            i = j + 1;
        }
        return parts == 4 ? IpAddress.ofV4(bits) : null;
    }

    /** The decimal number in {@code [i, j)}, or -1 when empty, over 5 digits or zero-padded. */
    private static int number(CharSequence t, int i, int j, boolean leadingZeros) {
        int len = j - i;
        if (len == 0 || len > 5 || (len > 1 && t.charAt(i) == '0' && (!leadingZeros || len > 3))) {
            return -1;
        }
        int v = 0;
        for (int k = i; k < j; k++) {
            v = v * 10 + (t.charAt(k) - '0');
        }
        return v;
    }

    /**
     * Product tokens of browser and HTTP-library user agents whose version can look like an address
     * ({@code Chrome/120.0.0.0}, {@code Edg/120.0.2210.91}, {@code Version/17.1.2.0}). Only these: any
     * other {@code word/1.2.3.4} is an address (OpenVPN {@code alice/203.0.113.5:51234}, Squid {@code
     * HIER_DIRECT/93.184.216.34}).
     */
    private static final Set<String> PRODUCT_TOKENS = Set.of(
            "mozilla",
            "applewebkit",
            "khtml",
            "gecko",
            "chrome",
            "chromium",
            "crios",
            "headlesschrome",
            "safari",
            "version",
            "mobile",
            "edg",
            "edga",
            "edgios",
            "edge",
            "opr",
            "opera",
            "firefox",
            "fxios",
            "focus",
            "seamonkey",
            "thunderbird",
            "yabrowser",
            "samsungbrowser",
            "ucbrowser",
            "vivaldi",
            "brave",
            "trident",
            "msie",
            "presto",
            "electron",
            "qtwebengine",
            "silk",
            "miuibrowser",
            "huaweibrowser",
            "whale",
            "coc_coc_browser");

    /**
     * True when the slash at {@code slash} ends a user-agent product token, so the dotted quad after it (ending at
     * {@code end}) is its version: the word before the slash stands at the start of the text or after a blank,
     * bracket, quote, {@code ;} or {@code ,}, and is either a known browser token ({@link #PRODUCT_TOKENS}, any case)
     * or any word with a lower-case letter whose quad has no {@code :port} after it ({@code Skype/8.110.0.211},
     * {@code WhatsApp/2.23.20.0}). So OpenVPN's {@code alice/203.0.113.5:51234} (a port), Squid's {@code
     * HIER_DIRECT/93.184.216.34} (a code in capitals), {@code proxy/Chrome/1.2.3.4}, {@code http://1.2.3.4} and
     * {@code GET /1.2.3.4} keep their address.
     */
    private static boolean productToken(CharSequence t, int slash, int end) {
        int start = slash;
        while (start > 0 && slash - start < 16) {
            char c = t.charAt(start - 1);
            if (!TextExtractor.isWordChar(c) && c != '-') {
                break;
            }
            start--;
        }
        if (start == slash || (start > 0 && " \t([{\"';,".indexOf(t.charAt(start - 1)) < 0)) {
            return false;
        }
        String word = t.subSequence(start, slash).toString();
        if (PRODUCT_TOKENS.contains(word.toLowerCase(Locale.ROOT))) {
            return true;
        }
        boolean port = end + 1 < t.length() && t.charAt(end) == ':' && Character.isDigit(t.charAt(end + 1));
        return !port && !word.equals(word.toUpperCase(Locale.ROOT));
    }

    /** True when the text just before {@code p} says this is a version or an OID, not an address. */
    private static boolean versionContext(CharSequence t, int p, int end) {
        if (p == 0) {
            return false;
        }
        char before = t.charAt(p - 1);
        if (before == '~') {
            return true; // Windows package names: "...~amd64~~6.1.1.0"
        }
        if (before == '/') {
            return productToken(t, p - 1, end);
        }
        int wordEnd = p;
        while (wordEnd > 0 && wordEnd > p - 3 && " =:_-".indexOf(t.charAt(wordEnd - 1)) >= 0) {
            wordEnd--;
        }
        int start = wordEnd;
        while (start > 0 && wordEnd - start < 10 && TextExtractor.isLetter(t.charAt(start - 1))) {
            start--;
        }
        if (start == wordEnd || (start > 0 && TextExtractor.isWordChar(t.charAt(start - 1)))) {
            return false;
        }
        String word = t.subSequence(start, wordEnd).toString();
        for (String w : VERSION_WORDS) {
            if (w.equalsIgnoreCase(word)) {
                return true;
            }
        }
        return false;
    }
}
