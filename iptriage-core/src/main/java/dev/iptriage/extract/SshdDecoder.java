package dev.iptriage.extract;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * sshd's auth log lines (syslog or journal): {@code Failed <method> for [invalid user] U from A},
 * {@code Accepted <method> for U from A}, {@code Invalid user U from A}, and every other line with an
 * address (disconnects, preauth, PAM) as a plain sighting. {@code message repeated N times: [ ... ]}
 * stands for N events. A field the client chose (user name, version string, disconnect reason) is
 * never searched: on a line sshd writes in a known shape only the address's own place is, and on
 * another sshd line only the text before the first {@code user}, quote or {@code offer}.
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
        // another program's line in the same log is not in sshd's format: searched whole
        boolean sshd = h == null || h.program().equals("sshd") || h.program().startsWith("sshd-");
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
        LineEvent.Login login = null;
        String user = null;
        String searched = msg;
        for (Slot slot : SLOTS) {
            Matcher m = slot.pattern().matcher(msg);
            if (m.matches()) {
                login = slot.login();
                user = login == null ? null : m.group("user");
                searched = slot.hasAddress() ? addressToken(m.group("addr")) : "";
                break;
            }
        }
        if (searched == msg && sshd) {
            searched = beforeClientText(msg);
        }
        LineEvent e = new LineEvent(
                h == null ? null : h.time(),
                -1,
                null,
                null,
                Untrusted.text(user, MAX_USER),
                login,
                repeat,
                null,
                null,
                h == null ? -1 : h.pid());
        text.extract(searched, f -> out.accept(new Sighting(f, null, e)));
        return (h != null && sshd) || login != null ? Shape.MATCHED : Shape.OTHER;
    }

    /**
     * The lines sshd writes with a client-chosen field (a user name, the client's version string,
     * its disconnect reason, its algorithm offer): the address is taken only from its own place, so a
     * client cannot plant an address by choosing a user name such as {@code 9.9.9.9} or {@code x from
     * 9.9.9.9}. A user name is matched greedily, so the address is the one sshd wrote after it.
     */
    private static final List<Slot> SLOTS = List.of(
            new Slot(
                    "Failed \\S+ for (?:invalid user )?(?<user>.*) from (?<addr>\\S+)"
                            + "(?: port \\d+(?: ssh2(?:: \\S+ \\S+)?)?)?(?: \\[preauth\\])?",
                    LineEvent.Login.FAILED),
            new Slot(
                    "Accepted \\S+ for (?<user>.*) from (?<addr>\\S+)(?: port \\d+(?: ssh2(?:: .*)?)?)?",
                    LineEvent.Login.ACCEPTED),
            new Slot("Invalid user (?<user>.*) from (?<addr>\\S+)(?: port \\d+)?", LineEvent.Login.INVALID_USER),
            new Slot(
                    "(?:Postponed|Partial) \\S+ for (?:invalid user )?.* from (?<addr>\\S+)"
                            + "(?: port \\d+(?: ssh2(?:: .*)?)?)?(?: \\[preauth\\])?",
                    null),
            new Slot(
                    "(?:error: )?maximum authentication attempts exceeded for (?:invalid user )?.* from (?<addr>\\S+)"
                            + " port \\d+ ssh2(?: \\[preauth\\])?",
                    null),
            new Slot("(?:error: )?PAM: Authentication failure for (?:illegal user )?.* from (?<addr>\\S+)", null),
            new Slot("User .* from (?<addr>\\S+) not allowed because [^']*", null),
            new Slot(
                    "(?:Disconnected from|Connection closed by|Connection reset by|Disconnecting|Timeout before"
                            + " authentication for) (?:invalid |authenticating )?user .* (?<addr>\\S+) port \\d+"
                            + "(?:: Too many authentication failures)?(?: \\[preauth\\])?",
                    null),
            new Slot(
                    "[^;]*authentication failures?; logname=\\S* uid=\\S* euid=\\S* tty=\\S* ruser=\\S*"
                            + " rhost=(?<addr>\\S*)(?:\\s+user=.*)?",
                    null),
            new Slot("reverse mapping checking getaddrinfo for .* \\[(?<addr>[^\\]\\s]*)\\] failed.*", null),
            new Slot("Bad protocol version identification '.*' from (?<addr>\\S+)(?: port \\d+)?", null),
            new Slot(
                    "(?:error: )?(?:Received disconnect from|Disconnected from|Connection closed by|Connection reset by"
                            + "|Did not receive identification string from|Unable to negotiate with|banner exchange:"
                            + " Connection from|Connection from|Timeout before authentication for|Address)"
                            + " (?<addr>\\S+)(?: .*)?",
                    null),
            new Slot("(?:error: )?Disconnecting: Too many authentication failures for .*", null),
            new Slot("input_userauth_request: (?:invalid|illegal) user .*", null));

    private record Slot(Pattern pattern, LineEvent.Login login, boolean hasAddress) {
        Slot(String regex, LineEvent.Login login) {
            this(Pattern.compile(regex, Pattern.DOTALL), login, regex.contains("(?<addr>"));
        }
    }

    /** A token sshd wrote as an address; an old sshd's {@code from A: 11: Bye} ends it with a colon. */
    private static String addressToken(String token) {
        return token.endsWith(":") && !token.endsWith("::") ? token.substring(0, token.length() - 1) : token;
    }

    /**
     * Another sshd line: searched up to the first place a client may have chosen the text (a user
     * name, a quoted string), so {@code session opened for user 9.9.9.9} yields nothing.
     */
    private static String beforeClientText(String msg) {
        int cut = msg.length();
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        for (String mark : new String[] {"user", "'", "\"", "offer"}) {
            int at = lower.indexOf(mark);
            cut = at >= 0 ? Math.min(cut, at) : cut;
        }
        return msg.substring(0, cut);
    }

    private static String strip(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    /** The count of "message repeated N times" (at most 9 digits), else -1. */
    private static int parseCount(String s, int from, int to) {
        return to - from > 9 ? -1 : (int) SyslogLine.digits(s, from, to);
    }
}
