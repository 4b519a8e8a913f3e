package dev.iptriage.extract;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.text.ByteScan;
import java.nio.charset.StandardCharsets;
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
    private static final boolean[] RUN = new boolean[256];

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
        // chars over 0xFF become '?', which is never part of an address
        byte[] b = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        extract(b, 0, b.length, sink);
    }

    /**
     * Streams the addresses in a value meant to hold one (a CSV cell, a JSON string): when the whole
     * value, blanks around it ignored, is one literal (an address, {@code ip:port}, {@code [v6]:port}, a
     * zone id, a CIDR), it is read as a line of an address list is ({@link Found#of}: a CIDR gives its
     * network); anything else is searched as free text.
     *
     * @param value any text; never throws for any content
     * @param sink receives each address found
     */
    public void extractValue(CharSequence value, Consumer<Found> sink) {
        IpLiteral.Parsed p = IpLiteral.parse(value);
        if (p.ok()) {
            sink.accept(Found.of(p, options.keepMapped()));
        } else {
            extract(value, sink);
        }
    }

    /**
     * Streams the addresses in a line of ASCII or UTF-8 bytes to {@code sink}: the same results as
     * {@link #extract(CharSequence, Consumer)} on the decoded text, without decoding it.
     *
     * @param b the buffer
     * @param off where the text starts
     * @param len how many bytes it has
     * @param sink receives each address found
     */
    public void extract(byte[] b, int off, int len, Consumer<Found> sink) {
        if (ByteScan.digitOrColon(b, off, off + len) == off + len) {
            return; // no digit and no colon: no address, defanged or not
        }
        int trigger = options.refang() ? Refang.firstTrigger(b, off, len) : -1;
        if (trigger >= 0) {
            byte[] r = new byte[len];
            scan(r, 0, Refang.apply(b, off, len, r, trigger), sink);
        } else {
            scan(b, off, len, sink);
        }
    }

    /**
     * Finds the runs (hex digits, {@code :} and {@code .}) that hold a digit or a colon. It looks for
     * those two first, which are rare in prose, and widens the run from there: scanning for any run
     * character would branch unpredictably on every hex letter of ordinary words.
     */
    private void scan(byte[] b, int off, int len, Consumer<Found> sink) {
        AsciiView view = null;
        int end = off + len;
        int done = off;
        int i = off;
        while (true) {
            i = ByteScan.digitOrColon(b, i, end);
            if (i >= end) {
                return;
            }
            int a = i;
            while (a > done && RUN[b[a - 1] & 0xFF]) {
                a--;
            }
            boolean colon = false;
            int j = i;
            while (j < end && RUN[b[j] & 0xFF]) {
                colon |= b[j] == ':';
                j++;
            }
            view = view != null ? view : new AsciiView(b, off, len);
            run(view, a - off, j - off, colon, sink);
            done = j;
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
