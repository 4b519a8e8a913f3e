package dev.iptriage.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final String ERROR = "error: ";
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
        Auth auth = Auth.parse(msg);
        if (auth != null) {
            login = auth.login();
            user = auth.user();
            searched = auth.addr();
        } else {
            for (Slot slot : candidates(msg)) {
                Matcher m = slot.pattern().matcher(msg);
                if (m.matches()) {
                    login = slot.login();
                    user = login == null ? null : m.group("user");
                    searched = slot.hasAddress() ? addressToken(m.group("addr")) : "";
                    break;
                }
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
     * The other lines sshd writes with a client-chosen field (a user name, the client's version
     * string, its disconnect reason, its algorithm offer): the address is taken only from its own
     * place, so a client cannot plant an address by choosing a user name such as {@code 9.9.9.9} or
     * {@code x from 9.9.9.9}. A user name is matched greedily, so the address is the one sshd wrote
     * after it. Each slot names the first word of the lines it can match (after an optional {@code
     * error: }), so a line tries only its own few patterns.
     */
    private static final List<Slot> SLOTS = List.of(
            new Slot(
                    "Invalid user (?<user>.*) from (?<addr>\\S+)(?: port \\d+)?",
                    LineEvent.Login.INVALID_USER,
                    "Invalid"),
            new Slot(
                    "(?:Postponed|Partial) \\S+ for (?:invalid user )?.* from (?<addr>\\S+)"
                            + "(?: port \\d+(?: ssh2(?:: .*)?)?)?(?: \\[preauth\\])?",
                    null,
                    "Postponed",
                    "Partial"),
            new Slot(
                    "(?:error: )?maximum authentication attempts exceeded for (?:invalid user )?.* from (?<addr>\\S+)"
                            + " port \\d+ ssh2(?: \\[preauth\\])?",
                    null,
                    "maximum"),
            new Slot(
                    "(?:error: )?PAM: Authentication failure for (?:illegal user )?.* from (?<addr>\\S+)",
                    null,
                    "PAM:"),
            new Slot("User .* from (?<addr>\\S+) not allowed because [^']*", null, "User"),
            new Slot(
                    "(?:Disconnected from|Connection closed by|Connection reset by|Disconnecting|Timeout before"
                            + " authentication for) (?:invalid |authenticating )?user .* (?<addr>\\S+) port \\d+"
                            + "(?:: Too many authentication failures)?(?: \\[preauth\\])?",
                    null,
                    "Disconnected",
                    "Connection",
                    "Disconnecting",
                    "Timeout"),
            new Slot(
                    "[^;]*authentication failures?; logname=\\S* uid=\\S* euid=\\S* tty=\\S* ruser=\\S*"
                            + " rhost=(?<addr>\\S*)(?:\\s+user=.*)?",
                    null),
            new Slot("reverse mapping checking getaddrinfo for .* \\[(?<addr>[^\\]\\s]*)\\] failed.*", null, "reverse"),
            new Slot("Bad protocol version identification '.*' from (?<addr>\\S+)(?: port \\d+)?", null, "Bad"),
            new Slot(
                    "(?:error: )?(?:Received disconnect from|Disconnected from|Connection closed by|Connection reset by"
                            + "|Did not receive identification string from|Unable to negotiate with|banner exchange:"
                            + " Connection from|Connection from|Timeout before authentication for|Address)"
                            + " (?<addr>\\S+)(?: .*)?",
                    null,
                    "Received",
                    "Disconnected",
                    "Connection",
                    "Did",
                    "Unable",
                    "banner",
                    "Timeout",
                    "Address"),
            new Slot("(?:error: )?Disconnecting: Too many authentication failures for .*", null, "Disconnecting:"),
            new Slot("input_userauth_request: (?:invalid|illegal) user .*", null, "input_userauth_request:"));

    /** The slots a message can match, by its first word after an optional {@code error: }. */
    private static final Map<String, List<Slot>> BY_FIRST_WORD = byFirstWord();

    /** The slot whose lines start with any word (PAM's {@code ...authentication failure; logname=}). */
    private static final List<Slot> PAM_RHOST =
            SLOTS.stream().filter(s -> s.firstWords().isEmpty()).toList();

    private static Map<String, List<Slot>> byFirstWord() {
        Map<String, List<Slot>> m = new HashMap<>();
        for (Slot slot : SLOTS) {
            for (String w : slot.firstWords()) {
                m.computeIfAbsent(w, k -> new ArrayList<>()).add(slot);
            }
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(m);
    }

    private static List<Slot> candidates(String msg) {
        int from = msg.startsWith(ERROR) ? ERROR.length() : 0;
        int space = msg.indexOf(' ', from);
        List<Slot> slots = BY_FIRST_WORD.get(msg.substring(from, space < 0 ? msg.length() : space));
        if (msg.contains("; logname=")) {
            return slots == null ? PAM_RHOST : concat(slots, PAM_RHOST);
        }
        return slots == null ? List.of() : slots;
    }

    private static List<Slot> concat(List<Slot> a, List<Slot> b) {
        List<Slot> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private record Slot(Pattern pattern, LineEvent.Login login, boolean hasAddress, List<String> firstWords) {
        Slot(String regex, LineEvent.Login login, String... firstWords) {
            this(Pattern.compile(regex, Pattern.DOTALL), login, regex.contains("(?<addr>"), List.of(firstWords));
        }
    }

    /**
     * {@code Failed <method> for [invalid user ]U from A[ port N[ ssh2[: K F[ ID I (serial S) CA K F]]]]}
     * and the same with {@code Accepted}. The user name U and a certificate's key id I are chosen by the
     * client, so either may hold text like {@code from 9.9.9.9 port 1 ssh2}: the address is taken at
     * the one {@code from } after which the rest of the line has sshd's shape. When a user name or key
     * id makes two such places, the line names no address (whichever were taken, a client could plant
     * one); when none has that shape (a newer sshd's addition), the first {@code from A port N ssh2}.
     */
    private record Auth(LineEvent.Login login, String user, String addr) {
        private static final Pattern HEAD =
                Pattern.compile("(?:Failed \\S+ for (?:invalid user )?|Accepted \\S+ for )");
        private static final Pattern REST = Pattern.compile(
                "(?<addr>\\S+)(?: port \\d+(?: ssh2(?:: \\S+(?: \\S+)?(?: ID .* \\(serial \\d+\\) CA \\S+ \\S+)?)?)?)?"
                        + "(?: \\[preauth\\])?",
                Pattern.DOTALL);
        private static final Pattern LOOSE = Pattern.compile(" from (?<addr>\\S+) port \\d+ ssh2(?:[: ]|$)");
        private static final String FROM = " from ";

        static Auth parse(String msg) {
            LineEvent.Login login;
            if (msg.startsWith("Failed ")) {
                login = LineEvent.Login.FAILED;
            } else if (msg.startsWith("Accepted ")) {
                login = LineEvent.Login.ACCEPTED;
            } else {
                return null;
            }
            Matcher head = HEAD.matcher(msg);
            if (!head.lookingAt()) {
                return null;
            }
            int userStart = head.end();
            Matcher rest = REST.matcher(msg);
            int found = -1;
            String addr = null;
            for (int at = msg.indexOf(FROM, userStart); at >= 0; at = msg.indexOf(FROM, at + 1)) {
                rest.region(at + FROM.length(), msg.length());
                if (rest.matches()) {
                    if (found >= 0) {
                        return new Auth(login, null, ""); // two places fit: a planted address
                    }
                    found = at;
                    addr = addressToken(rest.group("addr"));
                }
            }
            if (found < 0) {
                // no place has sshd's shape (a newer sshd's wording, a line cut at sshd's 1024 bytes): the one place
                // that looks like " from A port N ssh2", and none when the user name may hold a second one
                Matcher loose = LOOSE.matcher(msg);
                if (!loose.find(userStart)) {
                    return null;
                }
                found = loose.start();
                addr = loose.group("addr");
                if (loose.find(loose.start() + 1)) {
                    return new Auth(login, null, "");
                }
            }
            return new Auth(login, msg.substring(userStart, found), addr);
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
        for (String mark : CLIENT_MARKS) {
            int at = indexOfIgnoreCase(msg, mark, cut);
            cut = at >= 0 ? at : cut;
        }
        return msg.substring(0, cut);
    }

    private static final String[] CLIENT_MARKS = {"user", "'", "\"", "offer"};

    /** The first place before {@code limit} where {@code mark} (ASCII) starts, in any case, or -1. */
    private static int indexOfIgnoreCase(String s, String mark, int limit) {
        int last = Math.min(limit, s.length() - mark.length() + 1);
        char first = mark.charAt(0);
        char firstUpper = Character.toUpperCase(first);
        for (int i = 0; i < last; i++) {
            char c = s.charAt(i);
            if ((c == first || c == firstUpper) && s.regionMatches(true, i, mark, 0, mark.length())) {
                return i;
            }
        }
        return -1;
    }

    private static String strip(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    /** The count of "message repeated N times" (at most 9 digits), else -1. */
    private static int parseCount(String s, int from, int to) {
        return to - from > 9 ? -1 : (int) SyslogLine.digits(s, from, to);
    }
}
