package dev.iptriage.extract;

import dev.iptriage.ip.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds every IPv4 and IPv6 address in free text (threat reports, log lines, mail headers), after
 * undoing defanging. Hand-written and linear in the input: the text is cut into runs of hex digits,
 * {@code :} and {@code .}, and each run is checked once; nothing backtracks, so hostile lines cost no
 * more than long ones.
 *
 * <p>Rejected on purpose (see the README, "Extraction policy"): dotted runs of 3, 5 or more numbers
 * (dates, OIDs, {@code 1.1.1.1.1}), a single leading dot ({@code .1.2.3.4}, PTR names), a trailing dot
 * followed by a letter ({@code 5.6.7.8.dsl.example}), numbers in a version context ({@code version
 * 6.1.1.0}, {@code v1.2.3.4}, {@code ~~6.1.1.0}), octets over 255, MAC addresses and certificate
 * serials (not valid IPv6), times ({@code 11:04:10}) and the bare {@code ::}.
 */
public final class TextExtractor {
    private static final int MAX_ZONE = 64;
    private static final boolean[] RUN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            RUN[c] = true;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            RUN[c] = true;
            RUN[c - 32] = true;
        }
        RUN[':'] = true;
        RUN['.'] = true;
    }

    private final ExtractOptions options;

    private TextExtractor(ExtractOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** {@return an extractor with these policies} */
    public static TextExtractor of(ExtractOptions options) {
        return new TextExtractor(options);
    }

    /** {@return the policies in use} */
    public ExtractOptions options() {
        return options;
    }

    /**
     * Returns the addresses in {@code text}, in order of appearance, repeats included.
     *
     * @param text any text; never throws for any content
     * @return the addresses found
     */
    public List<Found> extract(CharSequence text) {
        List<Found> out = new ArrayList<>(2);
        extract(text, out::add);
        return out;
    }

    /**
     * Streams the addresses in {@code text} to {@code sink}, in order of appearance.
     *
     * @param text any text; never throws for any content
     * @param sink receives each address found
     */
    public void extract(CharSequence text, Consumer<Found> sink) {
        CharSequence t = options.refang() ? Refang.apply(text) : text;
        int n = t.length();
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (c >= 128 || !RUN[c]) {
                i++;
                continue;
            }
            int j = i + 1;
            boolean digit = c <= '9' && c >= '0';
            boolean colon = c == ':';
            while (j < n && (c = t.charAt(j)) < 128 && RUN[c]) {
                digit |= c <= '9' && c >= '0';
                colon |= c == ':';
                j++;
            }
            if (digit || colon) {
                run(t, i, j, colon, sink);
            }
            i = j;
        }
    }

    private void run(CharSequence t, int a, int b, boolean colon, Consumer<Found> sink) {
        if (colon && Ipv6Candidate.find(t, a, b, options, sink)) {
            return;
        }
        int i = a;
        while (i < b) {
            char c = t.charAt(i);
            if (c == ':' || isHexLetter(c)) {
                i++;
                continue;
            }
            int j = i;
            while (j < b && ((c = t.charAt(j)) == '.' || (c >= '0' && c <= '9'))) {
                j++;
            }
            IpAddress v4 = Ipv4Candidate.find(t, i, j, options);
            if (v4 != null) {
                sink.accept(new Found(v4, null));
            }
            i = j;
        }
    }

    static boolean isHexLetter(char c) {
        return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isWordChar(char c) {
        return isLetter(c) || (c >= '0' && c <= '9') || c == '_';
    }

    static int maxZone() {
        return MAX_ZONE;
    }
}
