package dev.iptriage.extract;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How to read an input ({@code --from}): {@code list}, {@code text}, {@code nginx}, {@code apache},
 * {@code sshd}, {@code fail2ban}, {@code syslog}, {@code csv:COLUMN}, {@code jsonl:FIELD} or {@code
 * auto} (sniffed from the first lines by {@link FormatSniffer}).
 *
 * @param kind the format
 * @param argument the CSV column or the dotted JSON path; "" for the others
 */
public record InputMode(Kind kind, String argument) {

    /** The formats. */
    public enum Kind {
        LIST,
        TEXT,
        NGINX,
        APACHE,
        SSHD,
        FAIL2BAN,
        SYSLOG,
        CSV,
        JSONL,
        AUTO;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The default of {@code enrich}: one address per line. */
    public static final InputMode LIST = new InputMode(Kind.LIST, "");

    /**
     * Parses a {@code --from} value.
     *
     * @throws IllegalArgumentException naming the valid values
     */
    public static InputMode parse(String spec) {
        String s = spec.strip();
        int colon = s.indexOf(':');
        String name = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? "" : s.substring(colon + 1).strip();
        Kind kind = Arrays.stream(Kind.values())
                .filter(k -> k.id().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("unknown input mode '" + spec + "'; valid: " + valid()));
        boolean needsArg = kind == Kind.CSV || kind == Kind.JSONL;
        if (needsArg == arg.isEmpty()) {
            throw new IllegalArgumentException(
                    needsArg
                            ? "'" + name + "' needs a "
                                    + (kind == Kind.CSV ? "column: csv:COLUMN" : "field: jsonl:FIELD")
                            : "'" + name + "' takes no argument");
        }
        return new InputMode(kind, arg);
    }

    private static String valid() {
        return Arrays.stream(Kind.values())
                .map(k -> k == Kind.CSV ? "csv:COLUMN" : k == Kind.JSONL ? "jsonl:FIELD" : k.id())
                .collect(Collectors.joining(", "));
    }

    /**
     * A new decoder for one input.
     *
     * @throws IllegalStateException for {@code auto}: sniff first with {@link FormatSniffer#sniff}
     */
    public LineDecoder decoder(TextExtractor text, YearRule years) {
        return switch (kind) {
            case LIST -> SimpleDecoders.list(text.options());
            case TEXT -> SimpleDecoders.text(text);
            case NGINX, APACHE -> new WebLogDecoder(text);
            case SSHD -> new SshdDecoder(text, years);
            case FAIL2BAN -> new Fail2banDecoder(text, years);
            case SYSLOG -> SimpleDecoders.syslog(text, years);
            case CSV -> new CsvDecoder(text, argument);
            case JSONL -> new JsonlDecoder(text, argument);
            case AUTO -> throw new IllegalStateException("sniff the format of 'auto' first");
        };
    }

    /** {@return whether its decoders keep no state between lines, so blocks may be decoded in parallel} */
    public boolean stateless() {
        return kind != Kind.CSV;
    }

    @Override
    public String toString() {
        return argument.isEmpty() ? kind.id() : kind.id() + ":" + argument;
    }
}
