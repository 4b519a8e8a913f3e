package dev.iptriage.extract;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Chooses an input format from the first lines of an input ({@code --from auto}). */
public final class FormatSniffer {
    /** How many lines the sniffer looks at. */
    public static final int LINES = 64;

    private static final Set<String> IP_COLUMNS = Set.of(
            "ip",
            "src_ip",
            "source_ip",
            "client_ip",
            "clientip",
            "dst_ip",
            "remote_addr",
            "remote_ip",
            "ip_address",
            "ipaddress",
            "address",
            "addr",
            "host",
            "src",
            "dst",
            "source.ip");

    private FormatSniffer() {}

    /**
     * The choice and why.
     *
     * @param mode the format chosen
     * @param reason what was seen, for the message on stderr
     */
    public record Choice(InputMode mode, String reason) {}

    /**
     * Picks the format that fits most of {@code firstLines} (blank lines ignored; at most {@link #LINES}
     * used): a CSV header with an address column, a web access log, fail2ban, sshd, a plain list, syslog,
     * else free text.
     */
    public static Choice sniff(List<String> firstLines) {
        List<String> lines =
                firstLines.stream().filter(l -> !l.isBlank()).limit(LINES).toList();
        if (lines.isEmpty()) {
            return new Choice(new InputMode(InputMode.Kind.LIST, ""), "empty input");
        }
        String csv = csvColumn(lines.get(0));
        if (csv != null) {
            return new Choice(new InputMode(InputMode.Kind.CSV, csv), "CSV header with column '" + csv + "'");
        }
        TextExtractor text = TextExtractor.of(ExtractOptions.DEFAULTS);
        YearRule years = YearRule.relativeTo(Instant.now());
        for (InputMode.Kind k : List.of(InputMode.Kind.NGINX, InputMode.Kind.FAIL2BAN, InputMode.Kind.SSHD)) {
            InputMode m = new InputMode(k, "");
            int hits = matches(m.decoder(text, years), lines);
            if (hits * 2 >= lines.size() && hits > 0) {
                return new Choice(m, hits + " of the first " + lines.size() + " lines are " + k.id() + " lines");
            }
        }
        int list = matches(InputMode.LIST.decoder(text, years), lines);
        if (list * 10 >= lines.size() * 8) {
            return new Choice(InputMode.LIST, list + " of the first " + lines.size() + " lines are one address each");
        }
        InputMode syslog = new InputMode(InputMode.Kind.SYSLOG, "");
        int sys = matches(syslog.decoder(text, years), lines);
        if (sys * 2 >= lines.size() && sys > 0) {
            return new Choice(syslog, sys + " of the first " + lines.size() + " lines are syslog lines");
        }
        return new Choice(
                new InputMode(InputMode.Kind.TEXT, ""), "no log format recognised: every address in the text");
    }

    private static int matches(LineDecoder d, List<String> lines) {
        int n = 0;
        for (String l : lines) {
            n += d.decode(l, s -> {}) == LineDecoder.Shape.MATCHED ? 1 : 0;
        }
        return n;
    }

    private static String csvColumn(String header) {
        if (header.indexOf(',') < 0
                || !TextExtractor.of(ExtractOptions.DEFAULTS).extract(header).isEmpty()) {
            return null;
        }
        for (String c : CsvDecoder.split(header)) {
            if (IP_COLUMNS.contains(c.strip().toLowerCase(Locale.ROOT))) {
                return c.strip();
            }
        }
        return null;
    }
}
