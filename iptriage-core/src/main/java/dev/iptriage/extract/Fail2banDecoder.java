package dev.iptriage.extract;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * fail2ban's own log: {@code 2013-07-11 01:21:43,123 fail2ban.actions [123]: NOTICE [sshd] Ban 1.2.3.4}
 * (or the same after a syslog header), with the actions {@code Found}, {@code Ban}, {@code Unban} and
 * {@code Restore Ban}. Times without an offset are taken as UTC.
 */
final class Fail2banDecoder implements LineDecoder {
    static final int MAX_JAIL = 64;

    private final TextExtractor text;
    private final YearRule years;

    Fail2banDecoder(TextExtractor text, YearRule years) {
        this.text = text;
        this.years = years;
    }

    @Override
    public Shape decode(CharSequence line, Consumer<Sighting> out) {
        String s = line.toString();
        Instant time = null;
        Timestamps.At at = Timestamps.iso(s, 0);
        if (at != null) {
            time = at.time();
        } else {
            SyslogLine h = SyslogLine.parse(s, years);
            time = h == null ? null : h.time();
        }
        LineEvent.BanAction action = null;
        String jail = null;
        int close = -1;
        if (s.contains("fail2ban")) {
            for (close = s.indexOf("] "); close > 0; close = s.indexOf("] ", close + 1)) {
                action = action(s, close + 2);
                int open = -1;
                for (int k = close - 1; action != null && open < 0 && k >= 0 && k >= close - MAX_JAIL - 1; k--) {
                    open = s.charAt(k) == '[' ? k : -1;
                }
                if (open >= 0) {
                    jail = Untrusted.text(s.substring(open + 1, close), MAX_JAIL);
                    break;
                }
                action = null;
            }
        }
        LineEvent e = new LineEvent(time, -1, null, null, null, null, 1, jail, action);
        text.extract(jail == null ? s : s.substring(close + 2), f -> out.accept(new Sighting(f, null, e)));
        return action != null ? Shape.MATCHED : Shape.OTHER;
    }

    private static LineEvent.BanAction action(String s, int i) {
        if (s.startsWith("Found ", i)) {
            return LineEvent.BanAction.FOUND;
        }
        if (s.startsWith("Ban ", i)) {
            return LineEvent.BanAction.BAN;
        }
        if (s.startsWith("Unban ", i)) {
            return LineEvent.BanAction.UNBAN;
        }
        if (s.startsWith("Restore Ban ", i)) {
            return LineEvent.BanAction.RESTORE;
        }
        return null;
    }
}
