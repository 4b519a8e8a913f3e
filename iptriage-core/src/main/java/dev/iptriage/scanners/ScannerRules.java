package dev.iptriage.scanners;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.text.CellText;
import dev.iptriage.text.FileLineException;
import dev.iptriage.text.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rules that name the benign actors behind addresses (research scanners, search crawlers, security vendors...): by
 * network, by forward-confirmed reverse DNS name, by User-Agent. {@link #shipped()} are iptriage's own, dated and
 * sourced; {@link #read(Path)} reads a user's file and {@link #merge(ScannerRules)} lays it over them.
 *
 * <h2>The rules file</h2>
 *
 * UTF-8 text (a byte order mark is skipped), one setting per line, like the DNSBL zones file:
 *
 * <pre>
 * # a comment: from a '#' at the start of a line or after a space or tab, to the end of the line
 * [censys]                          a section per actor: its id (a-z, 0-9, '-', '_', at most 64)
 * name = Censys                     the organisation (required)
 * category = research_scanner       research_scanner | search_crawler | security_vendor | monitoring
 *                                   | cloud | public_resolver (required)
 * source = https://example.org/     where the rules come from; repeatable (default: the file's name)
 * licence = CC0-1.0                 the licence of the source (default: "not stated")
 * retrieved = 2026-12-06            when the source was read, YYYY-MM-DD (default: empty)
 * cidr = 192.0.2.0/24               a network, IPv4 or IPv6 (a bare address is a /32 or /128); repeatable
 * ptr_suffix = .scanner.example     a reverse DNS suffix, whole labels, leading dot optional; repeatable
 * ua_substring = ExampleBot/1.0     a User-Agent marker, any case; repeatable
 * </pre>
 *
 * <p>Keys and categories are read in any case. Each actor needs at least one matcher. An actor given twice, a key
 * other than a matcher given twice in one actor, an unknown key, a setting outside a section and a malformed value
 * are errors ({@link FileException}) naming the file, the line, the text and what was expected: a bad line is never
 * skipped. A network with host bits set ({@code 192.0.2.1/24}) is refused as a likely typo.
 *
 * <h2>Matching and precedence</h2>
 *
 * {@link #match} looks at three kinds of evidence, each found on its own:
 *
 * <ol>
 *   <li>{@code cidr}: the actor whose network holding the address is the most specific (an IPv4-mapped IPv6 address
 *       is looked up as its IPv4 address; one network given by two actors counts for the first by id);
 *   <li>{@code ptr}: only when the caller says the name is forward-confirmed ({@code fcrdns == TRUE}); a name that is
 *       not a valid host name (letters, digits, '-', '_', labels of 1 to 63, at most 253 characters) counts for
 *       nothing; the actor with the longest matching suffix (a suffix matches the name itself and names under it,
 *       whole labels only: {@code shodan.io} matches {@code census1.shodan.io}, not {@code evilshodan.io});
 *   <li>{@code user_agent}: the actor with the longest marker found in any of the User-Agents (the first {@value
 *       #MAX_USER_AGENT} characters of each are read), ties to the first by id.
 * </ol>
 *
 * When these name different actors, a network beats a name, and a name beats a User-Agent: the address's owner is
 * harder to fake than its reverse DNS, and a User-Agent is trivially spoofed. The winner's evidence lists every kind
 * for which one of the winner's own matchers matched (so a Censys network, a Censys PTR and a Censys User-Agent give
 * {@code [cidr, ptr, user_agent]}; a Censys network with a Shodan User-Agent gives {@code [cidr]}). A User-Agent
 * alone still names the actor, with the evidence {@code [user_agent]} only, for the reader to weigh.
 *
 * <p>A user file laid over the shipped rules with {@link #merge} replaces a shipped actor of the same id as a whole
 * and adds the others.
 */
public final class ScannerRules {
    /** The largest rules file read, in bytes. */
    public static final int MAX_FILE_BYTES = 16 << 20;

    /** The longest line, in characters. */
    public static final int MAX_LINE = 1000;

    /** How many characters of each User-Agent are looked at. */
    public static final int MAX_USER_AGENT = 4096;

    /** The longest actor id, name, source, licence or User-Agent marker. */
    static final int MAX_TEXT = 300;

    private static final String SHIPPED = "scanners.txt";

    private static final String KEYS = "name, category, source, licence, retrieved, cidr, ptr_suffix or ua_substring";

    private static volatile ScannerRules shipped;

    /** The actors, sorted by id. */
    private final List<Actor> actors;

    private final CidrIndex cidrs;

    /** Suffix (lower case, no dots around it) to actor indexes having it, first by id first. */
    private final Map<String, List<Integer>> suffixes;

    /** Markers, lower case, longest first, with their actor index. */
    private final List<Marker> markers;

    private record Marker(String lowerCase, int actor) {}

    private ScannerRules(Collection<Actor> actors) {
        List<Actor> sorted = new ArrayList<>(actors);
        sorted.sort(Comparator.comparing(Actor::id));
        this.actors = List.copyOf(sorted);
        List<List<Cidr>> networks = new ArrayList<>();
        Map<String, List<Integer>> bySuffix = new HashMap<>();
        List<Marker> ms = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Actor a = sorted.get(i);
            networks.add(a.cidrs());
            for (String s : a.ptrSuffixes()) {
                List<Integer> owners = bySuffix.computeIfAbsent(s, k -> new ArrayList<>());
                if (!owners.contains(i)) {
                    owners.add(i);
                }
            }
            for (String ua : a.userAgents()) {
                ms.add(new Marker(ua.toLowerCase(Locale.ROOT), i));
            }
        }
        ms.sort(Comparator.comparingInt((Marker m) -> -m.lowerCase().length()).thenComparingInt(Marker::actor));
        this.cidrs = new CidrIndex(networks);
        this.suffixes = Map.copyOf(bySuffix);
        this.markers = List.copyOf(ms);
    }

    /**
     * The rules that come with iptriage: a resource dated in each actor's {@code retrieved}, every actor with its
     * source and licence.
     *
     * @return the shipped rules
     * @throws IllegalStateException when the resource is missing or bad (a broken build)
     */
    public static ScannerRules shipped() {
        ScannerRules s = shipped;
        if (s == null) {
            try (InputStream in = ScannerRules.class.getResourceAsStream(SHIPPED)) {
                if (in == null) {
                    throw new IllegalStateException("the shipped scanner rules " + SHIPPED + " are missing");
                }
                s = new ScannerRules(parse(Path.of(SHIPPED), in.readAllBytes()));
            } catch (FileException e) {
                throw new IllegalStateException("the shipped scanner rules are bad: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shipped = s;
        }
        return s;
    }

    /**
     * Reads a rules file (see the class comment for the format).
     *
     * @param file the file
     * @return its rules
     * @throws FileException when the file cannot be read, is larger than {@value #MAX_FILE_BYTES} bytes, is not
     *     UTF-8, or has a bad line; it is an {@link IOException}
     */
    public static ScannerRules read(Path file) throws FileException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new FileException(
                        file, 0, "is larger than " + MAX_FILE_BYTES + " bytes; expected a scanner rules file");
            }
            bytes = Files.readAllBytes(file);
        } catch (FileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new FileException(file, 0, "does not exist");
        } catch (IOException e) {
            throw new FileException(file, 0, "cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new FileException(
                    file, 0, "is larger than " + MAX_FILE_BYTES + " bytes; expected a scanner rules file");
        }
        return new ScannerRules(parse(file, bytes));
    }

    /**
     * Lays a user's rules over these: an actor of the same id is replaced as a whole, the others are added.
     *
     * @param user the user's rules
     * @return the merged rules
     */
    public ScannerRules merge(ScannerRules user) {
        Map<String, Actor> byId = new TreeMap<>();
        actors.forEach(a -> byId.put(a.id(), a));
        user.actors.forEach(a -> byId.put(a.id(), a));
        return new ScannerRules(byId.values());
    }

    /** {@return the actors, sorted by id} */
    public List<Actor> actors() {
        return actors;
    }

    /**
     * Names the actor behind an address (see the class comment for the precedence).
     *
     * @param address the address
     * @param ptr its reverse DNS name, or null when not known
     * @param fcrdns whether that name is forward-confirmed; anything but {@code TRUE} makes the name no evidence
     * @param userAgents User-Agents seen from the address, may be empty; null elements are skipped
     * @return the actor and the evidence, or empty when no rule matches
     */
    public Optional<Match> match(IpAddress address, String ptr, Boolean fcrdns, Collection<String> userAgents) {
        Objects.requireNonNull(address, "address");
        int[] hits = new int[0];
        if (userAgents != null) {
            for (String ua : userAgents) {
                hits = union(hits, userAgentMarkers(ua));
            }
        }
        return decide(networkActor(address), ptrActors(ptr, fcrdns), hits);
    }

    /**
     * The first step of {@link #match}: the actor one of whose networks holds the address.
     *
     * @param address the address (IPv4-mapped addresses as the IPv4 address they carry)
     * @return the actor's index in {@link #actors()}, or -1
     */
    public int networkActor(IpAddress address) {
        return cidrs.lookup(address.isV4Mapped() ? address.unmap() : address);
    }

    /**
     * The second step of {@link #match}: the actors one of whose PTR suffixes a forward-confirmed name has.
     *
     * @param ptr the reverse DNS name, or null
     * @param fcrdns whether it is forward-confirmed; anything but {@code TRUE} gives none
     * @return their indexes in {@link #actors()}, longest suffix first, then by id; empty when none
     */
    public List<Integer> ptrActors(String ptr, Boolean fcrdns) {
        String name = Boolean.TRUE.equals(fcrdns) && ptr != null ? hostName(ptr) : null;
        return name == null ? List.of() : ptrOwners(name);
    }

    /**
     * The third step of {@link #match}: the User-Agent markers one User-Agent holds (compared in lower case, its
     * first {@value #MAX_USER_AGENT} characters). The answer depends on the string alone, so callers may keep it
     * per User-Agent; several User-Agents' markers are merged with {@link #union}.
     *
     * @param userAgent a User-Agent, or null
     * @return the markers' numbers in precedence order (longest marker first), ascending; empty when none
     */
    public int[] userAgentMarkers(String userAgent) {
        if (userAgent == null || userAgent.isEmpty() || markers.isEmpty()) {
            return new int[0];
        }
        String head = userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
        String ua = head.toLowerCase(Locale.ROOT);
        int[] out = new int[markers.size()];
        int n = 0;
        for (int i = 0; i < markers.size(); i++) {
            if (ua.contains(markers.get(i).lowerCase())) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Two ascending lists of marker numbers ({@link #userAgentMarkers}) as one, ascending, without repeats. */
    public static int[] union(int[] a, int[] b) {
        if (b.length == 0) {
            return a;
        }
        if (a.length == 0) {
            return b;
        }
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int x = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || out[n - 1] != x) {
                out[n++] = x;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The last step of {@link #match}: the actor and its evidence from the three kinds of matcher's findings (see the
     * class comment for the precedence).
     *
     * @param byNetwork {@link #networkActor}
     * @param byPtr {@link #ptrActors}
     * @param markerHits {@link #userAgentMarkers} of every User-Agent seen, merged
     * @return the actor and the evidence, or empty when nothing matched
     */
    public Optional<Match> decide(int byNetwork, List<Integer> byPtr, int[] markerHits) {
        int byUa = markerHits.length == 0 ? -1 : markers.get(markerHits[0]).actor();
        int winner = byNetwork >= 0 ? byNetwork : !byPtr.isEmpty() ? byPtr.get(0) : byUa;
        if (winner < 0) {
            return Optional.empty();
        }
        TreeSet<String> evidence = new TreeSet<>();
        if (byNetwork == winner) {
            evidence.add(Match.CIDR);
        }
        if (byPtr.contains(winner)) {
            evidence.add(Match.PTR);
        }
        for (int h : markerHits) {
            if (markers.get(h).actor() == winner) {
                evidence.add(Match.USER_AGENT);
                break;
            }
        }
        Actor a = actors.get(winner);
        return Optional.of(new Match(a.id(), a.name(), a.category(), evidence));
    }

    /** The actors with a suffix of the name: longest suffix first, then by id. */
    private List<Integer> ptrOwners(String name) {
        List<Integer> owners = new ArrayList<>(2);
        int from = 0;
        while (true) {
            List<Integer> o = suffixes.get(name.substring(from));
            if (o != null) {
                for (Integer i : o) {
                    if (!owners.contains(i)) {
                        owners.add(i);
                    }
                }
            }
            int dot = name.indexOf('.', from);
            if (dot < 0) {
                return owners;
            }
            from = dot + 1;
        }
    }

    /**
     * The name as compared: lower case, without white space around it and one trailing dot; null when it is not a
     * host name (labels of letters, digits, '-' and '_', 1 to 63 characters, at most 253 in all).
     */
    static String hostName(String ptr) {
        if (ptr.length() > 300) {
            return null;
        }
        String n = ptr.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return hostNameProblem(n) == null ? n : null;
    }

    /** Why a lower-case name without dots around it is not a host name, or null when it is one. */
    static String hostNameProblem(String n) {
        if (n.isEmpty()) {
            return "the name is empty";
        }
        if (n.length() > 253) {
            return "the name has " + n.length() + " characters, more than 253";
        }
        int label = 0;
        for (int i = 0; i <= n.length(); i++) {
            char c = i < n.length() ? n.charAt(i) : '.';
            if (c == '.') {
                if (label == 0) {
                    return "the name has an empty label";
                }
                if (label > 63) {
                    return "a label has more than 63 characters";
                }
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                label++;
            } else {
                return "the name has the character " + quote(String.valueOf(c), 4);
            }
        }
        return null;
    }

    /** Text for a message: control characters replaced, at most {@code max} characters, in quotes. */
    static String quote(String s, int max) {
        String t = s.length() > max ? s.substring(0, max) + "..." : s;
        return "'" + CellText.terminalSafe(t) + "'";
    }

    /** A rules file that cannot be read or has a bad line; the message names the file and the line. */
    public static final class FileException extends FileLineException {
        private static final long serialVersionUID = 1L;

        FileException(Path file, int line, String problem) {
            super(file, line, problem);
        }
    }

    private static List<Actor> parse(Path file, byte[] bytes) throws FileException {
        Parser parser = new Parser(file);
        Utf8Lines.forEach(
                bytes,
                MAX_LINE * 4, // a longer line cannot be MAX_LINE characters: not decoded
                parser::line,
                (line, length, tooLong) -> new FileException(
                        file,
                        line,
                        tooLong
                                ? "a line of " + length + " bytes; expected at most " + MAX_LINE + " characters"
                                : "not UTF-8 text; expected a scanner rules file in UTF-8"));
        return parser.finish();
    }

    /** The state of one read: the actors so far and the section being read. */
    private static final class Parser {
        private final Path file;
        private final List<Section> sections = new ArrayList<>();
        private final Map<String, Integer> sectionLines = new HashMap<>();
        private Section current;

        Parser(Path file) {
            this.file = file;
        }

        FileException error(int line, String problem) {
            return new FileException(file, line, problem);
        }

        void line(int lineNo, String raw) throws FileException {
            if (raw.length() > MAX_LINE) {
                throw error(
                        lineNo,
                        "a line of " + raw.length() + " characters " + quote(raw, 60) + "; expected at most "
                                + MAX_LINE);
            }
            String line = withoutComment(raw).strip();
            if (line.isEmpty()) {
                return;
            }
            if (line.startsWith("[")) {
                section(lineNo, line);
                return;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw error(lineNo, "not a setting: " + quote(line, 80) + "; expected '[actor-id]' or 'key = value'");
            }
            if (current == null) {
                throw error(
                        lineNo,
                        "a setting outside a section: " + quote(line, 80)
                                + "; expected an '[actor-id]' line first, e.g. [censys]");
            }
            current.set(
                    lineNo,
                    line.substring(0, eq).strip(),
                    line.substring(eq + 1).strip(),
                    line);
        }

        private static String withoutComment(String line) {
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                    return line.substring(0, i);
                }
            }
            return line;
        }

        private void section(int lineNo, String line) throws FileException {
            String id = line.endsWith("]") && line.length() >= 2
                    ? line.substring(1, line.length() - 1).strip()
                    : null;
            if (id == null || !id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                throw error(
                        lineNo,
                        "not an actor line: " + quote(line, 80)
                                + "; expected '[id]' with an id of lower-case letters, digits, '-' and '_', at most"
                                + " 64 characters, e.g. [censys]");
            }
            Integer first = sectionLines.putIfAbsent(id, lineNo);
            if (first != null) {
                throw error(lineNo, "actor " + id + " again (first on line " + first + "); expected each actor once");
            }
            current = new Section(this, lineNo, id);
            sections.add(current);
        }

        List<Actor> finish() throws FileException {
            List<Actor> out = new ArrayList<>(sections.size());
            for (Section s : sections) {
                out.add(s.build());
            }
            return out;
        }

        String fileName() {
            Path name = file.getFileName();
            String text = name != null ? name.toString() : file.toString();
            return printable(text) ? text : "rules file";
        }
    }

    private static boolean printable(String s) {
        return !s.isEmpty() && s.length() <= MAX_TEXT && s.codePoints().noneMatch(CellText::isUnsafe);
    }

    /** One {@code [actor]} section while it is read. */
    private static final class Section {
        private final Parser parser;
        private final int line;
        private final String id;
        private final Map<String, Integer> keyLines = new HashMap<>();
        private String name;
        private Category category;
        private final List<String> sources = new ArrayList<>();
        private String licence;
        private String retrieved;
        private final Map<Cidr, Integer> cidrs = new LinkedHashMap<>();
        private final List<String> suffixes = new ArrayList<>();
        private final List<String> userAgents = new ArrayList<>();

        Section(Parser parser, int line, String id) {
            this.parser = parser;
            this.line = line;
            this.id = id;
        }

        void set(int lineNo, String key, String value, String text) throws FileException {
            String k = key.toLowerCase(Locale.ROOT);
            boolean repeatable =
                    List.of("source", "cidr", "ptr_suffix", "ua_substring").contains(k);
            if (!repeatable
                    && !List.of("name", "category", "licence", "retrieved").contains(k)) {
                throw parser.error(
                        lineNo, "unknown key " + quote(key, 40) + " in " + quote(text, 80) + "; expected " + KEYS);
            }
            if (!repeatable) {
                Integer first = keyLines.putIfAbsent(k, lineNo);
                if (first != null) {
                    throw parser.error(
                            lineNo,
                            k + " again in [" + id + "] (first on line " + first + "); expected each key once per"
                                    + " actor");
                }
            }
            switch (k) {
                case "name" -> name = text(lineNo, k, value);
                case "licence" -> licence = text(lineNo, k, value);
                case "source" -> sources.add(text(lineNo, k, value));
                case "ua_substring" -> userAgents.add(text(lineNo, k, value));
                case "category" ->
                    category = Category.of(value)
                            .orElseThrow(() -> bad(
                                    lineNo,
                                    k,
                                    value,
                                    "research_scanner, search_crawler, security_vendor, monitoring, cloud or"
                                            + " public_resolver"));
                case "retrieved" -> {
                    try {
                        LocalDate.parse(value);
                    } catch (DateTimeParseException e) {
                        throw bad(lineNo, k, value, "a date YYYY-MM-DD such as 2026-12-06");
                    }
                    retrieved = value;
                }
                case "cidr" -> cidr(lineNo, value);
                case "ptr_suffix" -> {
                    String n = value.toLowerCase(Locale.ROOT);
                    n = n.startsWith(".") ? n.substring(1) : n;
                    n = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
                    String problem = hostNameProblem(n);
                    if (problem != null) {
                        throw bad(lineNo, k, value, "a DNS name such as .shodan.io (" + problem + ")");
                    }
                    if (!suffixes.contains(n)) {
                        suffixes.add(n);
                    }
                }
                default -> throw new AssertionError(k);
            }
        }

        private void cidr(int lineNo, String value) throws FileException {
            IpLiteral.Parsed p = IpLiteral.parse(value);
            String example = "an IPv4 or IPv6 network such as 192.0.2.0/24 or 2001:db8::/32";
            if (!p.ok()) {
                throw bad(lineNo, "cidr", value, example + " (" + p.error() + ")");
            }
            if (p.port() >= 0 || p.zone() != null || value.startsWith("[")) {
                throw bad(lineNo, "cidr", value, example + ", without port, zone or brackets");
            }
            Cidr c = p.network();
            if (!c.first().equals(p.address())) {
                throw bad(lineNo, "cidr", value, "a network address without host bits, " + c);
            }
            cidrs.putIfAbsent(c, lineNo);
        }

        private String text(int lineNo, String key, String value) throws FileException {
            if (!printable(value)) {
                throw bad(lineNo, key, value, "printable text of 1 to " + MAX_TEXT + " characters");
            }
            return value;
        }

        private FileException bad(int lineNo, String key, String value, String expected) {
            return parser.error(
                    lineNo,
                    (value.isEmpty() ? key + " has no value" : "bad " + key + " value " + quote(value, 80))
                            + "; expected " + expected);
        }

        Actor build() throws FileException {
            if (name == null) {
                throw parser.error(line, "actor " + id + " has no name; expected a 'name = Organisation' line");
            }
            if (category == null) {
                throw parser.error(
                        line, "actor " + id + " has no category; expected a 'category = research_scanner' line");
            }
            if (cidrs.isEmpty() && suffixes.isEmpty() && userAgents.isEmpty()) {
                throw parser.error(
                        line,
                        "actor " + id + " has no matcher; expected at least one cidr, ptr_suffix or ua_substring");
            }
            return new Actor(
                    id,
                    name,
                    category,
                    sources.isEmpty() ? List.of(parser.fileName()) : sources,
                    licence != null ? licence : "not stated",
                    retrieved != null ? retrieved : "",
                    List.copyOf(cidrs.keySet()),
                    suffixes,
                    userAgents);
        }
    }
}
