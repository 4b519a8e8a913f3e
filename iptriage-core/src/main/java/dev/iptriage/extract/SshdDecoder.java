package dev.iptriage.extract;

import java.util.function.Consumer;

/**
 * sshd's auth log lines (syslog or journal): {@code Failed <method> for [invalid user] U from A},
 * {@code Accepted <method> for U from A}, {@code Invalid user U from A}, and every other line with an
 * address (disconnects, preauth, PAM) as a plain sighting. {@code message repeated N times: [ ... ]}
 * stands for N events.
 */
final class SshdDecoder implements LineDecoder {
    private static final String REPEATED = "message repeated ";
    static final int MAX_USER = 64;

    private final TextExtractor text;
    private final YearRule years;

    SshdDecoder(TextExtractor text, YearRule years) {
        this.text = text;
        this.years = years;
    }

    @Override
    public Shape decode(CharSequence line, Consumer<Sighting> out) {
        SyslogLine h = SyslogLine.parse(line, years);
        String msg =
                line.subSequence(h == null ? 0 : h.message(), line.length()).toString();
        int repeat = 1;
        if (msg.startsWith(REPEATED)) {
            int times = msg.indexOf(" times: [");
            int n = times > REPEATED.length() ? parseCount(msg, REPEATED.length(), times) : -1;
            if (n > 0) {
                repeat = n;
                int end = msg.lastIndexOf(']');
                msg = msg.substring(times + 9, end > times ? end : msg.length()).strip();
            }
        }
        LineEvent e = event(msg, h == null ? null : h.time(), repeat, h == null ? -1 : h.pid());
        text.extract(msg, f -> out.accept(new Sighting(f, null, e)));
        boolean sshd = h != null && (h.program().equals("sshd") || h.program().startsWith("sshd-"));
        return sshd || e.login() != null ? Shape.MATCHED : Shape.OTHER;
    }

    private static LineEvent event(String msg, java.time.Instant time, int repeat, long pid) {
        LineEvent.Login login = null;
        String user = null;
        int from = msg.lastIndexOf(" from ");
        if (from > 0 && msg.startsWith("Failed ")) {
            int forAt = msg.indexOf(" for ");
            if (forAt > 0 && forAt < from) {
                login = LineEvent.Login.FAILED;
                user = strip(msg.substring(forAt + 5, from), "invalid user ");
            }
        } else if (from > 0 && msg.startsWith("Accepted ")) {
            int forAt = msg.indexOf(" for ");
            if (forAt > 0 && forAt < from) {
                login = LineEvent.Login.ACCEPTED;
                user = msg.substring(forAt + 5, from);
            }
        } else if (from >= 12 && msg.startsWith("Invalid user ")) {
            login = LineEvent.Login.INVALID_USER;
            user = from >= 13 ? msg.substring(13, from) : "";
        }
        return new LineEvent(time, -1, null, null, Untrusted.text(user, MAX_USER), login, repeat, null, null, pid);
    }

    private static String strip(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    /** The count of "message repeated N times" (at most 9 digits), else -1. */
    private static int parseCount(String s, int from, int to) {
        return to - from > 9 ? -1 : (int) SyslogLine.digits(s, from, to);
    }
}
