package dev.iptriage.text;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Turns values into cell text, and makes text safe for spreadsheets and terminals. */
public final class CellText {
    private CellText() {}

    /**
     * Plain text of a value: numbers without exponent, booleans as true/false, maps and lists as
     * compact JSON, bytes as hex, null as empty.
     */
    public static String text(Object v) {
        // an instanceof chain, not a pattern switch: the switch's shared type-switch method
        // collects one type profile for every column, and C2 kept speculating on it and
        // deoptimising the row renderer (16 recompilations of it in a 1M-address run)
        if (v instanceof String s) {
            return s;
        }
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return decimal(d);
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? decimal(Double.parseDouble(Float.toString(f))) : f.toString();
        }
        if (v instanceof FrozenJson f) {
            return f.json();
        }
        if (v instanceof Map<?, ?> m) {
            return Json.toJson(m);
        }
        if (v instanceof List<?> l) {
            return Json.toJson(l);
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        return v.toString();
    }

    private static String decimal(double d) {
        String s = Double.toString(d);
        int e = s.indexOf('E');
        return e < 0 || !Double.isFinite(d) ? s : plain(s, e);
    }

    /**
     * The plain form of {@code Double.toString}'s computerized notation ({@code -1.25E-5} ->
     * {@code -0.0000125}, {@code 1.0E10} -> {@code 10000000000}): the same digits, trailing zeros
     * dropped, the point moved by the exponent. This is what {@code
     * BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()} gives, without initializing
     * BigDecimal, whose tables cost a hot run tens of milliseconds the first time a coordinate is
     * that small.
     */
    static String plain(String s, int e) {
        boolean negative = s.charAt(0) == '-';
        int start = negative ? 1 : 0;
        // mantissa "I.FFF": one digit before the point
        StringBuilder digits = new StringBuilder(e).append(s, start, start + 1).append(s, start + 2, e);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits.setLength(end);
        int point = 1 + Integer.parseInt(s, e + 1, s.length(), 10); // digits before the point
        StringBuilder out = new StringBuilder(digits.length() + Math.abs(point) + 3);
        if (negative) {
            out.append('-');
        }
        if (point <= 0) {
            out.append("0.").repeat('0', -point).append(digits);
        } else if (point >= digits.length()) {
            out.append(digits).repeat('0', point - digits.length());
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return out.toString();
    }

    /**
     * Undoes {@link #spreadsheetSafe}: drops the apostrophe it would have added, so a file iptriage
     * wrote reads back to the same values; any other cell is returned as it is.
     */
    public static String undoSpreadsheetSafe(String raw) {
        return raw.length() >= 2 && raw.charAt(0) == '\'' && formulaAfterApostrophes(raw) ? raw.substring(1) : raw;
    }

    /**
     * Neutralises spreadsheet formula injection: a cell that starts with {@code = + - @}, tab or
     * carriage return and is not a plain number gets a leading apostrophe, so Excel and LibreOffice
     * show it as text instead of evaluating it. Numbers such as {@code -33.86} stay as they are. A
     * cell whose leading apostrophes are followed by such a start gets one more too, so {@link
     * #undoSpreadsheetSafe} tells the stored {@code '=x} ({@code ''=x}) from the protected {@code =x}
     * ({@code '=x}); any other apostrophe is left alone ({@code 's-Hertogenbosch} stays as it is).
     */
    public static String spreadsheetSafe(String s) {
        return formulaAfterApostrophes(s) ? "'" + s : s;
    }

    /** Whether {@code s}, past any leading apostrophes, starts like a formula and is no plain number. */
    private static boolean formulaAfterApostrophes(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && s.charAt(i) == '\'') {
            i++;
        }
        if (i == n) {
            return false;
        }
        char c = s.charAt(i);
        if (i == n - 1 && c != '=') {
            return false; // a lone "-" (a web log's empty field) or "+" is text to a spreadsheet; a lone "=" is not
        }
        boolean risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        return risky && !isNumber(s, i);
    }

    static boolean isNumber(String s) {
        return isNumber(s, 0);
    }

    /** Whether {@code s} from {@code from} on is a plain decimal number (a sign, digits, one dot). */
    private static boolean isNumber(String s, int from) {
        int i = from < s.length() && (s.charAt(from) == '-' || s.charAt(from) == '+') ? from + 1 : from;
        boolean digit = false;
        boolean dot = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return false;
            }
        }
        return digit;
    }

    /** What replaces a character that could drive a terminal: U+FFFD, the replacement character. */
    public static final char REPLACEMENT = '\uFFFD';

    /**
     * Whether {@code c} is replaced in output for a terminal or a spreadsheet: a C0 control (so
     * also TAB, CR and LF; {@link #controlSafe} keeps those), DEL, a C1 control (U+0080 to U+009F:
     * U+009B is CSI to a terminal that reads C1 in UTF-8), the line and paragraph separators
     * U+2028/U+2029, and the Unicode bidirectional controls (U+061C, U+200E, U+200F, U+202A to
     * U+202E, U+2066 to U+2069), which reorder what is shown (U+202E, RIGHT-TO-LEFT OVERRIDE, makes
     * {@code exe.txt} look like {@code txt.exe}). Other format characters (zero-width joiners,
     * soft hyphen, byte order mark) stay: they are part of some scripts and emoji and move no text.
     */
    public static boolean isUnsafe(int c) {
        if (c < 0x20) {
            return true;
        }
        if (c < 0x7f) {
            return false;
        }
        return c <= 0x9f
                || c == 0x061c
                || c == 0x200e
                || c == 0x200f
                || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /** Whether {@code c} is replaced in a CSV cell: {@link #isUnsafe}, but not TAB, CR or LF. */
    private static boolean isUnsafeInCell(char c) {
        return c != '\t' && c != '\r' && c != '\n' && isUnsafe(c);
    }

    /**
     * The text of a CSV cell: {@link #text} of the value, with {@link #controlSafe} and {@link
     * #spreadsheetSafe} applied. Every CSV writer (enrich and its byte-level fast path, join mode,
     * extract, db export) makes its cells with this.
     */
    public static String csv(Object v) {
        return v instanceof FrozenJson f ? f.csv() : csvText(text(v));
    }

    /** {@link #csv} of text. */
    public static String csvText(String s) {
        return spreadsheetSafe(controlSafe(s));
    }

    /**
     * Replaces every {@link #isUnsafe} character but TAB, CR and LF (which CSV quotes) with {@link
     * #REPLACEMENT}. Printable ASCII, the usual cell, costs one scan and no copy.
     */
    public static String controlSafe(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if ((c < 0x20 || c >= 0x7f) && isUnsafeInCell(c)) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            b.append(isUnsafeInCell(c) ? REPLACEMENT : c);
        }
        return b.toString();
    }

    /**
     * Replaces every {@link #isUnsafe} character (ANSI escapes, NUL, TAB, newlines, C1, bidi
     * controls...) with {@link #REPLACEMENT}, so text cannot drive a terminal or break a line.
     */
    public static String terminalSafe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isUnsafe(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append(REPLACEMENT);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
