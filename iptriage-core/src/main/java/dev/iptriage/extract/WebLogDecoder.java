package dev.iptriage.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * nginx and Apache access logs, combined and common formats: {@code [vhost] addr ident user [time]
 * "request" status bytes ["referer" "agent" ["x-forwarded-for"]]}, where {@code addr} may be preceded
 * by an X-Forwarded-For list ({@code "a, b" addr} or {@code a, b, addr}). The left-most address of the
 * forwarding chain is the {@code client}, the others and the connecting address are {@code proxy}; a
 * virtual-host address in front is {@code server}.
 */
final class WebLogDecoder implements LineDecoder {
    static final int MAX_TEXT = 256;

    private final TextExtractor text;

    WebLogDecoder(TextExtractor text) {
        this.text = text;
    }

    @Override
    public Shape decode(CharSequence line, Consumer<Sighting> out) {
        String s = line.toString();
        int bracket = s.indexOf(" [");
        Timestamps.At at = bracket < 0 ? null : Timestamps.web(s, bracket + 2);
        if (at == null || at.end() + 3 > s.length() || !s.startsWith("] \"", at.end())) {
            text.extract(s, f -> out.accept(new Sighting(f, null, LineEvent.NONE)));
            return Shape.OTHER;
        }
        int reqStart = at.end() + 3;
        int reqEnd = closingQuote(s, reqStart);
        int status = reqEnd < 0 ? -1 : Timestamps.num(s, reqEnd + 2, 3);
        String path = reqEnd < 0 ? null : path(s, reqStart, reqEnd);
        List<String> quoted = reqEnd < 0 ? List.of() : quotedAfter(s, reqEnd + 5);
        String agent = quoted.size() >= 2 ? clean(quoted.get(1)) : null;
        LineEvent e = new LineEvent(at.time(), status, path, agent, null, null, 1, null, null);
        List<List<Found>> groups = addressGroups(s.substring(0, dropIdentUser(s, bracket)));
        List<Found> chain = new ArrayList<>();
        if (quoted.size() >= 3) {
            chain.addAll(text.extract(quoted.get(2)));
        }
        int last = groups.size() - 1;
        for (int g = 0; g < last - 1; g++) {
            groups.get(g).forEach(f -> out.accept(new Sighting(f, "server", e)));
        }
        if (last >= 1) {
            chain.addAll(0, groups.get(last - 1)); // an X-Forwarded-For list written before the address
            if (groups.get(last - 1).size() == 1 && chain.size() == 1) {
                out.accept(new Sighting(chain.remove(0), "server", e)); // a lone vhost address
            }
        }
        if (last >= 0) {
            chain.addAll(groups.get(last));
        }
        for (int i = 0; i < chain.size(); i++) {
            out.accept(new Sighting(chain.get(i), i == 0 ? "client" : "proxy", e));
        }
        return status >= 100 ? Shape.MATCHED : Shape.OTHER;
    }

    /** The end of the address part: before the last two blank-separated tokens (ident, user). */
    private static int dropIdentUser(String s, int end) {
        int i = end;
        for (int t = 0; t < 2; t++) {
            int sp = s.lastIndexOf(' ', i - 1);
            if (sp < 0) {
                return 0;
            }
            i = sp;
        }
        return i;
    }

    /** Addresses per blank-separated group; {@code a, b} and {@code "a, b"} are one group. */
    private List<List<Found>> addressGroups(String part) {
        List<List<Found>> groups = new ArrayList<>();
        int i = 0;
        int n = part.length();
        while (i < n) {
            while (i < n && part.charAt(i) == ' ') {
                i++;
            }
            int j = i;
            boolean quote = j < n && part.charAt(j) == '"';
            j += quote ? 1 : 0;
            while (j < n && (quote ? part.charAt(j) != '"' : part.charAt(j) != ' ' || part.charAt(j - 1) == ',')) {
                j++;
            }
            List<Found> g = text.extract(part.substring(i, Math.min(n, j + (quote ? 1 : 0))));
            if (!g.isEmpty() || j > i) {
                groups.add(g);
            }
            i = j + 1;
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }

    private static int closingQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** The quoted fields after the status and size: referer, agent, X-Forwarded-For. */
    private static List<String> quotedAfter(String s, int from) {
        List<String> out = new ArrayList<>(3);
        int i = s.indexOf('"', Math.min(from, s.length()));
        while (i >= 0 && out.size() < 3) {
            int end = closingQuote(s, i + 1);
            if (end < 0) {
                break;
            }
            out.add(s.substring(i + 1, end));
            i = s.indexOf('"', end + 1);
        }
        return out;
    }

    private static String path(String s, int from, int to) {
        int sp = s.indexOf(' ', from);
        if (sp < 0 || sp >= to) {
            return null;
        }
        int end = sp + 1;
        while (end < to && s.charAt(end) != ' ' && s.charAt(end) != '?') {
            end++;
        }
        return end > sp + 1 ? clean(s.substring(sp + 1, end)) : null;
    }

    private static String clean(String v) {
        return v == null || v.isEmpty() || v.equals("-") ? null : Untrusted.text(v, MAX_TEXT);
    }
}
