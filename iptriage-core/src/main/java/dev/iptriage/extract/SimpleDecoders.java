package dev.iptriage.extract;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import java.util.function.Consumer;

/** The decoders without structure: free text, generic syslog, and one address per line. */
final class SimpleDecoders {
    private SimpleDecoders() {}

    /** Every address anywhere in the line. */
    static LineDecoder text(TextExtractor text) {
        return new LineDecoder() {
            @Override
            public Shape decode(CharSequence line, Consumer<Sighting> out) {
                text.extract(line, f -> out.accept(new Sighting(f, null, LineEvent.NONE)));
                return Shape.MATCHED;
            }

            @Override
            public Shape decode(byte[] b, int off, int len, boolean ascii, Consumer<Sighting> out) {
                text.extract(b, off, len, f -> out.accept(new Sighting(f, null, LineEvent.NONE)));
                return Shape.MATCHED;
            }
        };
    }

    /** RFC 3164/5424 syslog: the time from the header, every address in the message. */
    static LineDecoder syslog(TextExtractor text, YearRule years) {
        return (line, out) -> {
            SyslogLine h = SyslogLine.parse(line, years);
            LineEvent e = h == null ? LineEvent.NONE : LineEvent.at(h.time());
            text.extract(line, f -> out.accept(new Sighting(f, null, e)));
            return h == null ? LineDecoder.Shape.OTHER : LineDecoder.Shape.MATCHED;
        };
    }

    /**
     * One address per line, read by the one list parser ({@link ListParser}, lenient), as {@code
     * enrich} reads lists: the first token (up to a blank, {@code ,}, {@code ;} or {@code #}) must be
     * an address, {@code ip:port}, {@code [v6]:port} or a CIDR (its network is reported, as {@code
     * enrich} writes it: see {@link Found#of}). Other lines are not searched: in a list they are
     * mistakes.
     */
    static LineDecoder list(ExtractOptions options) {
        return (line, out) -> {
            byte[] b = line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Found f = switch (ListParser.parse(b, 0, b.length, false, options.keepMapped())) {
                case IpAddress a -> new Found(a, null, -1);
                case Cidr c -> new Found(c.address(), null, c.prefixLength());
                case Found z -> z;
                default -> null; // not an address: in a list a mistake, not searched
            };
            if (f == null) {
                return LineDecoder.Shape.OTHER;
            }
            out.accept(new Sighting(f, null, LineEvent.NONE));
            return LineDecoder.Shape.MATCHED;
        };
    }
}
