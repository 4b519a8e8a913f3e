package dev.iptriage.extract;

/**
 * Undoes the usual ways analysts "defang" addresses so they cannot be clicked: {@code 1[.]1}, {@code
 * 1(.)1}, {@code 1{.}1}, {@code 1<.>1}, {@code 1[dot]1}, {@code 1(dot)1}, {@code 1\.1}, runs and
 * unbalanced brackets ({@code 10[[[.]]]10}, {@code 1.)1[.1}), {@code 2.2.2 . 2}, {@code [,]}, and
 * {@code [:]}/{@code [::]} inside IPv6. A defanged separator is only rewritten between two letters or
 * digits, so brackets around a whole address ({@code [192.0.2.1]}, {@code (1.2.3.4)}) stay. One pass,
 * linear in the input: a bracket run that is not part of a defanged separator is copied as a whole.
 */
final class Refang {
    private Refang() {}

    /** Returns the refanged text, or {@code s} itself when it has nothing to refang. */
    static CharSequence apply(CharSequence s) {
        if (!hasTrigger(s)) {
            return s;
        }
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!isOpener(c) && c != '.' && c != ' ') {
                out.append(c);
                i++;
                continue;
            }
            i = separator(s, i, out);
        }
        return out;
    }

    private static boolean hasTrigger(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '['
                    || c == '('
                    || c == '{'
                    || c == '<'
                    || c == '\\'
                    || c == ']'
                    || c == ')'
                    || c == '}'
                    || c == '>'
                    || (c == ' ' && i + 1 < n && s.charAt(i + 1) == '.')) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOpener(char c) {
        return c == '[' || c == '(' || c == '{' || c == '<' || c == '\\' || c == ']' || c == ')' || c == '}'
                || c == '>';
    }

    /**
     * Tries a defanged separator at {@code i} (brackets, a centre, brackets). Appends the refanged
     * separator, or on failure the characters before the centre unchanged, and returns where to go on.
     */
    private static int separator(CharSequence s, int i, StringBuilder out) {
        int n = s.length();
        boolean wordBefore = out.length() > 0 && isWord(out.charAt(out.length() - 1));
        int c0 = i;
        boolean spaced = s.charAt(i) == ' ';
        if (spaced) {
            c0++;
        } else {
            while (c0 < n && isOpener(s.charAt(c0))) {
                c0++;
            }
        }
        int centreLen = centre(s, c0);
        if (!wordBefore || centreLen == 0) {
            out.append(s, i, Math.max(c0, i + 1));
            return Math.max(c0, i + 1);
        }
        int c1 = c0 + centreLen;
        int after = c1;
        if (spaced) {
            after = after < n && s.charAt(after) == ' ' ? after + 1 : -1;
        } else {
            while (after < n && isOpener(s.charAt(after))) {
                after++;
            }
        }
        boolean bracketedBefore = c0 > i;
        boolean bracketedAfter = after > c1;
        char kind = s.charAt(c0);
        boolean ok = after > 0
                && after < n
                && isWord(s.charAt(after))
                && (spaced
                        ? kind == '.' && isDigit(out.charAt(out.length() - 1)) && isDigit(s.charAt(after))
                        : kind == '.' ? bracketedBefore || bracketedAfter : bracketedBefore && bracketedAfter);
        if (!ok) {
            out.append(s, i, Math.max(c0, i + 1));
            return Math.max(c0, i + 1);
        }
        out.append(kind == ':' ? s.subSequence(c0, c1) : ".");
        return after;
    }

    /** Length of a separator centre at {@code i}: {@code .}, {@code dot}, {@code ,}, {@code :} or {@code ::}. */
    private static int centre(CharSequence s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (c == '.' || c == ',') {
            return 1;
        }
        if (c == ':') {
            return i + 1 < s.length() && s.charAt(i + 1) == ':' ? 2 : 1;
        }
        if ((c == 'd' || c == 'D') && i + 2 < s.length()) {
            char o = s.charAt(i + 1);
            char t = s.charAt(i + 2);
            return (o == 'o' || o == 'O') && (t == 't' || t == 'T') ? 3 : 0;
        }
        return 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWord(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
