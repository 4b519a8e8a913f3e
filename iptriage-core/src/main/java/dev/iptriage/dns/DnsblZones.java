package dev.iptriage.dns;

import dev.iptriage.dns.DnsblZone.Ipv6;
import dev.iptriage.text.FileLineException;
import dev.iptriage.text.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The DNSBL zones iptriage knows, with dated, sourced return code tables, and the reader of a
 * user's file that adds zones or changes a built-in one.
 *
 * <h2>The zones file</h2>
 *
 * UTF-8 text (a byte order mark is skipped), one setting per line; {@code examples/dnsbl-zones.txt}
 * is a commented example.
 *
 * <pre>
 * # a comment: from a '#' at the start of a line or after a space or tab, to the end of the line
 * [bl.example.org]                  a section per zone: the zone's DNS name (a trailing dot is fine)
 * ipv6 = probe                      yes | no | probe (default: probe)
 * public-resolvers = refused        refused | ok (default: ok)
 * dqs-zone = zen.dq.spamhaus.net    Spamhaus DQS zone with the same data, under dq.spamhaus.net (default: none)
 * source = https://bl.example.org/  where the table comes from (default: the file's name)
 * checked = 2026-12-06              when it was checked, YYYY-MM-DD (default: empty)
 * 127.0.0.2 = Spam source           a return code (127.0.0.0/8) and its meaning
 * 127.0.0.3 = Open proxy
 * </pre>
 *
 * <p>Keys and the values {@code yes}, {@code no}, {@code probe}, {@code refused}, {@code ok} are
 * read in any case. A meaning is printable text of at most {@value DnsblZone#MAX_MEANING}
 * characters; codes in 127.255.255.0/24 are refused (zones answer errors there, never listings).
 * A section that names a built-in zone changes it: the settings it gives replace the built-in
 * ones, and if it lists any code its codes replace the built-in table as a whole. A zone or a code
 * given twice, an unknown key, a setting outside a section and a malformed line are errors ({@link
 * FileException}) naming the file, the line, the text and what was expected: a bad line is never
 * skipped.
 */
public final class DnsblZones {
    /** The largest zones file read, in bytes. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /** The longest line, in characters. */
    public static final int MAX_LINE = 1000;

    private static final String CODE_EXAMPLE = "an IPv4 address of 127.0.0.0/8 such as 127.0.0.2";
    private static final String KEYS = "ipv6, public-resolvers, dqs-zone, source, checked, or a code such as 127.0.0.2";

    private static final String SPAMHAUS_ZONES =
            "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html";
    private static final String CHECKED = "2026-12-06";

    /*
     * Each zone: its codes from the page named as its source, checked on the date given. Ipv6.PROBE
     * where that page does not say whether the list has IPv6 data (the client asks the RFC 5782
     * IPv6 test entry at start, so a list without IPv6 data is reported unsupported, never clean).
     * refusesPublicResolvers where the list answers public resolvers with errors or not at all.
     */
    private static final List<DnsblZone> BUILT_IN = List.of(
            // Spamhaus: codes and errors from the "Available Zones" page; SBL has answered IPv6
            // queries since February 2016, so the zones with SBL data do; XBL and PBL: not stated,
            // so probed. Public resolvers get 127.255.255.254, so they are refused here first.
            new DnsblZone(
                    "zen.spamhaus.org",
                    Ipv6.YES,
                    true,
                    "zen.dq.spamhaus.net",
                    codes(
                            "127.0.0.2", "SBL",
                            "127.0.0.3", "CSS",
                            "127.0.0.4", "XBL",
                            "127.0.0.9", "DROP",
                            "127.0.0.10", "PBL-ISP",
                            "127.0.0.11", "PBL-Spamhaus",
                            "127.0.0.30", "BCL"),
                    SPAMHAUS_ZONES,
                    CHECKED),
            new DnsblZone(
                    "sbl.spamhaus.org",
                    Ipv6.YES,
                    true,
                    "sbl.dq.spamhaus.net",
                    codes("127.0.0.2", "SBL", "127.0.0.3", "CSS", "127.0.0.9", "DROP", "127.0.0.30", "BCL"),
                    SPAMHAUS_ZONES,
                    CHECKED),
            new DnsblZone(
                    "xbl.spamhaus.org",
                    Ipv6.PROBE,
                    true,
                    "xbl.dq.spamhaus.net",
                    codes("127.0.0.4", "XBL"),
                    SPAMHAUS_ZONES,
                    CHECKED),
            new DnsblZone(
                    "sbl-xbl.spamhaus.org",
                    Ipv6.YES,
                    true,
                    "sbl-xbl.dq.spamhaus.net",
                    codes(
                            "127.0.0.2", "SBL",
                            "127.0.0.3", "CSS",
                            "127.0.0.4", "XBL",
                            "127.0.0.9", "DROP",
                            "127.0.0.30", "BCL"),
                    SPAMHAUS_ZONES,
                    CHECKED),
            new DnsblZone(
                    "pbl.spamhaus.org",
                    Ipv6.PROBE,
                    true,
                    "pbl.dq.spamhaus.net",
                    codes("127.0.0.10", "PBL-ISP", "127.0.0.11", "PBL-Spamhaus"),
                    SPAMHAUS_ZONES,
                    CHECKED),
            // DroneBL: the codes of its own "how to use" page (third-party summaries have them
            // wrong, e.g. 5 = DDoS); free, also commercially; answers anyone. IPv6: not stated.
            new DnsblZone(
                    "dnsbl.dronebl.org",
                    Ipv6.PROBE,
                    false,
                    null,
                    codes(
                            "127.0.0.3", "IRC drone",
                            "127.0.0.5", "Bottler",
                            "127.0.0.6", "Unknown spambot or drone",
                            "127.0.0.7", "DDoS drone",
                            "127.0.0.8", "SOCKS proxy",
                            "127.0.0.9", "HTTP proxy",
                            "127.0.0.10", "ProxyChain",
                            "127.0.0.11", "Web page proxy",
                            "127.0.0.12", "Open DNS resolver",
                            "127.0.0.13", "Brute force attacker",
                            "127.0.0.14", "Open WinGate proxy",
                            "127.0.0.15", "Compromised router or gateway",
                            "127.0.0.16", "Autorooting worm",
                            "127.0.0.17", "Botnet (experimental)",
                            "127.0.0.18", "DNS/MX host on IRC",
                            "127.0.0.19", "Abused VPN service",
                            "127.0.0.255", "Uncategorized"),
                    "https://dronebl.org/docs/howtouse",
                    CHECKED),
            // SpamCop: one code; listings lapse 12 to 24 hours after the last report; answers anyone.
            new DnsblZone(
                    "bl.spamcop.net",
                    Ipv6.PROBE,
                    false,
                    null,
                    codes("127.0.0.2", "SCBL"),
                    "https://www.spamcop.net/bl.shtml",
                    CHECKED),
            // Barracuda: one code; answers only DNS servers registered with Barracuda, which a
            // public resolver is not.
            new DnsblZone(
                    "b.barracudacentral.org",
                    Ipv6.PROBE,
                    true,
                    null,
                    codes("127.0.0.2", "BRBL"),
                    "https://www.barracudacentral.org/rbl/how-to-use",
                    CHECKED),
            // PSBL: one code (spam trap hits); "anybody is free to use" it.
            new DnsblZone(
                    "psbl.surriel.com",
                    Ipv6.PROBE,
                    false,
                    null,
                    codes("127.0.0.2", "PSBL"),
                    "https://psbl.surriel.com/howto/",
                    CHECKED),
            // blocklist.de: attackers of the last 48 hours, one code per attacked service (the
            // German page of its DNS service; the English one leaves the table out; it spells
            // code 20 "manuall"). IPv6: not stated.
            new DnsblZone(
                    "bl.blocklist.de",
                    Ipv6.PROBE,
                    false,
                    null,
                    codes(
                            "127.0.0.2", "amavis",
                            "127.0.0.3", "apacheddos",
                            "127.0.0.4", "asterisk",
                            "127.0.0.5", "badbot",
                            "127.0.0.6", "ftp",
                            "127.0.0.7", "imap",
                            "127.0.0.8", "ircbot",
                            "127.0.0.9", "mail",
                            "127.0.0.10", "pop3",
                            "127.0.0.11", "regbot",
                            "127.0.0.12", "rfi-attack",
                            "127.0.0.13", "sasl",
                            "127.0.0.14", "ssh",
                            "127.0.0.15", "w00tw00t",
                            "127.0.0.16", "portflood",
                            "127.0.0.17", "sql-injection",
                            "127.0.0.18", "webmin",
                            "127.0.0.19", "trigger-spam",
                            "127.0.0.20", "manual",
                            "127.0.0.21", "bruteforcelogin",
                            "127.0.0.22", "mysql"),
                    "https://www.blocklist.de/de/rbldns.html",
                    CHECKED),
            // UCEPROTECT level 1 only: single addresses. Levels 2 and 3 list whole allocations and
            // networks for the neighbours' sins ("collateral" by design), so they are left out. Its
            // pages state no code table; 127.0.0.2 is the RFC 5782 listing code it answers.
            new DnsblZone(
                    "dnsbl-1.uceprotect.net",
                    Ipv6.PROBE,
                    false,
                    null,
                    codes("127.0.0.2", "UCEPROTECT L1"),
                    "https://www.uceprotect.net/",
                    CHECKED),
            // s5h.net: a small personal list, "fully RFC 5782 compliant", one code. Third-party
            // pages say it has IPv6 data; its own does not say, so probed.
            new DnsblZone(
                    "all.s5h.net",
                    Ipv6.PROBE,
                    false,
                    null,
                    codes("127.0.0.2", "S5H"),
                    "https://www.s5h.net/rblcheck",
                    CHECKED));

    private static final Map<String, DnsblZone> BY_NAME = index(BUILT_IN);

    private DnsblZones() {}

    private static Map<String, String> codes(String... codeMeaning) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < codeMeaning.length; i += 2) {
            m.put(codeMeaning[i], codeMeaning[i + 1]);
        }
        return m;
    }

    private static Map<String, DnsblZone> index(List<DnsblZone> zones) {
        Map<String, DnsblZone> m = new HashMap<>();
        for (DnsblZone z : zones) {
            if (m.put(z.zone(), z) != null) {
                throw new AssertionError("built-in zone twice: " + z.zone());
            }
        }
        return Map.copyOf(m);
    }

    /**
     * The built-in zones, each with a return code table, the page it comes from and the date it was
     * checked. Not included: SORBS (closed in June 2024, its data wiped), cbl.abuseat.org (part of
     * Spamhaus XBL since 2021), UCEPROTECT levels 2 and 3 (whole networks).
     *
     * @return the zones, ZEN first
     */
    public static List<DnsblZone> builtIn() {
        return BUILT_IN;
    }

    /**
     * Finds a built-in zone by name.
     *
     * @param zone the zone name, in any case, with or without a trailing dot
     * @return the zone, or empty when iptriage has no table for it
     */
    public static Optional<DnsblZone> builtIn(String zone) {
        return Optional.ofNullable(BY_NAME.get(DnsText.normalName(Objects.requireNonNull(zone, "zone"))));
    }

    /** A zones file that cannot be read or has a bad line; the message names the file and the line. */
    public static final class FileException extends FileLineException {
        private static final long serialVersionUID = 1L;

        FileException(Path file, int line, String problem) {
            super(file, line, problem);
        }
    }

    /**
     * Reads a zones file (see the class comment for the format).
     *
     * @param file the file
     * @return its zones in the file's order; a zone that is built in starts from the built-in one
     * @throws FileException when the file cannot be read, is larger than {@value #MAX_FILE_BYTES}
     *     bytes, is not UTF-8, or has a bad line; it is an {@link IOException}
     */
    public static List<DnsblZone> read(Path file) throws FileException {
        byte[] bytes = readBytes(file);
        Reader reader = new Reader(file);
        Utf8Lines.forEach(
                bytes,
                Integer.MAX_VALUE, // the reader says how long a line may be
                reader::line,
                (line, length, tooLong) -> new FileException(file, line, "not UTF-8 text; expected a UTF-8 text file"));
        return reader.finish();
    }

    private static byte[] readBytes(Path file) throws FileException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new FileException(
                        file, 0, "larger than " + MAX_FILE_BYTES + " bytes; expected a small text file of DNSBL zones");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new FileException(file, 0, "no such file");
        } catch (AccessDeniedException e) {
            throw new FileException(file, 0, "permission denied");
        } catch (FileException e) {
            throw e;
        } catch (IOException e) {
            throw new FileException(file, 0, "cannot be read: " + e.getMessage());
        }
    }

    /** The state of one read: the zones so far and the section being read. */
    private static final class Reader {
        private final Path file;
        private final List<Section> sections = new ArrayList<>();
        private final Map<String, Integer> sectionLines = new HashMap<>();
        private Section current;

        Reader(Path file) {
            this.file = file;
        }

        private FileException error(int line, String problem) {
            return new FileException(file, line, problem);
        }

        void line(int lineNo, String raw) throws FileException {
            if (raw.length() > MAX_LINE) {
                throw error(
                        lineNo,
                        "a line of " + raw.length() + " characters " + DnsText.quote(raw, 60) + "; expected at most "
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
                throw error(
                        lineNo,
                        "not a setting: " + DnsText.quote(line, 80)
                                + "; expected '[zone]', 'key = value' or '127.0.0.2 = meaning'");
            }
            if (current == null) {
                throw error(
                        lineNo,
                        "a setting outside a section: " + DnsText.quote(line, 80)
                                + "; expected a '[zone]' line first, e.g. [bl.example.org]");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            current.set(lineNo, key, value, line);
        }

        /** The line without its comment: from a '#' at its start or after a space or tab. */
        private static String withoutComment(String line) {
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                    return line.substring(0, i);
                }
            }
            return line;
        }

        private void section(int lineNo, String line) throws FileException {
            if (!line.endsWith("]") || line.length() < 2) {
                throw error(
                        lineNo,
                        "not a section line: " + DnsText.quote(line, 80)
                                + "; expected '[zone]' with a DNS name, e.g. [bl.example.org]");
            }
            String name = DnsText.normalName(line.substring(1, line.length() - 1));
            String problem = DnsText.nameProblem(name, DnsblZone.MAX_ZONE);
            if (problem != null) {
                throw error(
                        lineNo,
                        "bad zone name " + DnsText.quote(line, 80) + ": " + problem
                                + "; expected a DNS name of letters, digits and hyphens, e.g. [bl.example.org]");
            }
            Integer first = sectionLines.putIfAbsent(name, lineNo);
            if (first != null) {
                throw error(
                        lineNo,
                        "zone " + name + " again (first on line " + first
                                + "); expected each zone in one section only");
            }
            current = new Section(this, lineNo, name);
            sections.add(current);
        }

        List<DnsblZone> finish() throws FileException {
            List<DnsblZone> zones = new ArrayList<>(sections.size());
            for (Section s : sections) {
                zones.add(s.build());
            }
            return List.copyOf(zones);
        }
    }

    /** One {@code [zone]} section while it is read. */
    private static final class Section {
        private final Reader reader;
        private final int line;
        private final String zone;
        private final Map<String, Integer> keyLines = new HashMap<>();
        private final Map<String, String> codes = new LinkedHashMap<>();
        private final Map<String, Integer> codeLines = new HashMap<>();
        private Ipv6 ipv6;
        private Boolean refuses;
        private String dqsZone;
        private String source;
        private String checked;

        Section(Reader reader, int line, String zone) {
            this.reader = reader;
            this.line = line;
            this.zone = zone;
        }

        void set(int lineNo, String key, String value, String line) throws FileException {
            if (!key.isEmpty() && Character.isDigit(key.charAt(0))) {
                code(lineNo, key, value);
                return;
            }
            String k = key.toLowerCase(Locale.ROOT);
            if (!List.of("ipv6", "public-resolvers", "dqs-zone", "source", "checked")
                    .contains(k)) {
                throw reader.error(
                        lineNo,
                        "unknown key " + DnsText.quote(key, 40) + " in " + DnsText.quote(line, 80) + "; expected "
                                + KEYS);
            }
            Integer first = keyLines.putIfAbsent(k, lineNo);
            if (first != null) {
                throw reader.error(
                        lineNo,
                        k + " again in [" + zone + "] (first on line " + first + "); expected each key once per zone");
            }
            String v = value.toLowerCase(Locale.ROOT);
            switch (k) {
                case "ipv6" ->
                    ipv6 = switch (v) {
                        case "yes" -> Ipv6.YES;
                        case "no" -> Ipv6.NO;
                        case "probe" -> Ipv6.PROBE;
                        default -> throw bad(lineNo, k, value, "yes, no or probe");
                    };
                case "public-resolvers" ->
                    refuses = switch (v) {
                        case "refused" -> Boolean.TRUE;
                        case "ok" -> Boolean.FALSE;
                        default -> throw bad(lineNo, k, value, "refused or ok");
                    };
                case "dqs-zone" -> {
                    String name = DnsText.normalName(value);
                    String problem = DnsText.nameProblem(name, DnsblZone.MAX_ZONE);
                    if (problem != null) {
                        throw bad(lineNo, k, value, "a DNS name such as zen.dq.spamhaus.net (" + problem + ")");
                    }
                    if (!name.endsWith(".dq.spamhaus.net")) {
                        // the DQS key goes out in these names: a file must not send it to anyone else
                        throw bad(lineNo, k, value, "a Spamhaus DQS zone, under dq.spamhaus.net");
                    }
                    dqsZone = name;
                }
                case "source" -> {
                    if (value.isEmpty()
                            || value.length() > 300
                            || !value.codePoints().allMatch(DnsText::isPrintable)) {
                        throw bad(lineNo, k, value, "printable text of at most 300 characters, e.g. a URL");
                    }
                    source = value;
                }
                case "checked" -> {
                    String problem = DnsblZone.dateProblem(value);
                    if (problem != null) {
                        throw bad(lineNo, k, value, "a date YYYY-MM-DD such as 2026-12-06");
                    }
                    checked = value;
                }
                default -> throw new AssertionError(k);
            }
        }

        private FileException bad(int lineNo, String key, String value, String expected) {
            return reader.error(
                    lineNo,
                    (value.isEmpty() ? key + " has no value" : "bad " + key + " value " + DnsText.quote(value, 80))
                            + "; expected " + expected);
        }

        private void code(int lineNo, String key, String value) throws FileException {
            String code;
            try {
                code = DnsblZone.canonicalCode(key);
            } catch (IllegalArgumentException e) {
                throw reader.error(
                        lineNo,
                        "bad code " + DnsText.quote(key, 40) + ": " + e.getMessage() + "; expected " + CODE_EXAMPLE);
            }
            String problem = DnsblZone.meaningProblem(value);
            if (problem != null) {
                throw reader.error(
                        lineNo,
                        "bad meaning of " + code + " " + DnsText.quote(value, 80) + ": " + problem
                                + "; expected a short label of printable text, at most " + DnsblZone.MAX_MEANING
                                + " characters");
            }
            Integer first = codeLines.putIfAbsent(code, lineNo);
            if (first != null) {
                throw reader.error(
                        lineNo,
                        "code " + code + " again in [" + zone + "] (first on line " + first
                                + "); expected each code once per zone");
            }
            codes.put(code, value);
        }

        DnsblZone build() throws FileException {
            DnsblZone base = BY_NAME.get(zone);
            try {
                return new DnsblZone(
                        zone,
                        ipv6 != null ? ipv6 : base != null ? base.ipv6() : Ipv6.PROBE,
                        refuses != null ? refuses : base != null && base.refusesPublicResolvers(),
                        dqsZone != null ? dqsZone : base != null ? base.dqsZone() : null,
                        !codes.isEmpty() || base == null ? codes : base.codes(),
                        source != null ? source : base != null && codes.isEmpty() ? base.source() : fileName(),
                        checked != null ? checked : base != null && codes.isEmpty() ? base.checked() : "");
            } catch (IllegalArgumentException e) {
                throw reader.error(line, "zone " + zone + ": " + e.getMessage());
            }
        }

        private String fileName() {
            Path name = reader.file.getFileName();
            String text = name != null ? name.toString() : reader.file.toString();
            return text.codePoints().allMatch(DnsText::isPrintable) && text.length() <= 300 ? text : "zones file";
        }
    }
}
