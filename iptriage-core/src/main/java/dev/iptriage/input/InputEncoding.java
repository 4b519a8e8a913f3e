package dev.iptriage.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.input.ReaderInputStream;

/**
 * Tells from the first bytes of an input how it is encoded, so that every reader sees UTF-8: a
 * UTF-8 byte order mark is skipped, UTF-16 (with a byte order mark, or without one when its first
 * block is mostly ASCII, every other byte zero) is transcoded to UTF-8 as a stream, and what cannot
 * be read as text is refused with an {@link UnreadableInputException} saying what was found: UTF-32,
 * a compressed or archive format other than gzip, a PDF, a packet capture, or binary data.
 *
 * <p>Binary means: in the first {@value #SNIFF} bytes (NUL bytes not counted), over a quarter are C0
 * control characters other than TAB, LF, VT, FF, CR and ESC, or over one in twenty are while besides
 * over one in ten is not UTF-8 or NUL bytes are scattered (a run of them for every 50 other bytes).
 * Text in a legacy 8-bit encoding (no control characters), a log with stray NUL bytes or a run of
 * them (a file truncated while written) and a log with some control characters in valid UTF-8 (FIX
 * messages, terminal colours) all stay text. Plain UTF-8 costs one look at the first block: the
 * stream itself is returned.
 */
public final class InputEncoding {
    /** How many bytes are looked at. */
    public static final int SNIFF = 8192;

    private InputEncoding() {}

    /**
     * What the first bytes say.
     *
     * @param charset how to read the rest: UTF-8, UTF-16LE or UTF-16BE; null when the input cannot be read
     * @param skip bytes of the byte order mark to skip
     * @param problem why the input cannot be read, or null
     */
    record Verdict(Charset charset, int skip, String problem) {
        static Verdict unreadable(String problem) {
            return new Verdict(null, 0, problem);
        }
    }

    /**
     * The content of {@code in} as UTF-8 bytes. Reads only what is available to look at the first
     * block (at least four bytes unless the input is shorter), so a slow pipe is not waited for.
     *
     * @param in the input, positioned at its start; closed by closing the returned stream
     * @throws UnreadableInputException when it is not text iptriage reads (the message says what it is)
     */
    public static InputStream utf8(InputStream in) throws IOException {
        BufferedInputStream b = in instanceof BufferedInputStream bis ? bis : new BufferedInputStream(in, 1 << 16);
        b.mark(SNIFF);
        byte[] head = new byte[SNIFF];
        int n = 0;
        while (n < 4) {
            int r = b.read(head, n, SNIFF - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        b.reset();
        Verdict v = sniff(head, n);
        if (v.problem() != null) {
            b.close();
            throw new UnreadableInputException(v.problem());
        }
        b.skipNBytes(v.skip());
        if (v.charset().equals(StandardCharsets.UTF_8)) {
            return b;
        }
        return ReaderInputStream.builder()
                .setReader(new InputStreamReader(b, v.charset()))
                .setCharset(StandardCharsets.UTF_8)
                .setBufferSize(1 << 16)
                .get();
    }

    /**
     * A small text file (a configuration, a key), decoded like an input: a byte order mark is
     * skipped (Windows editors write one), UTF-16 read.
     *
     * @throws UnreadableInputException when it is not text iptriage reads (the message does not name the file)
     */
    public static String readString(Path file) throws IOException {
        try (InputStream in = utf8(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The verdict on the first {@code n} bytes of an input. */
    static Verdict sniff(byte[] b, int n) {
        if (starts(b, n, 0xFF, 0xFE, 0x00, 0x00) || starts(b, n, 0x00, 0x00, 0xFE, 0xFF)) {
            String which = b[0] == 0 ? "UTF-32BE" : "UTF-32LE";
            return Verdict.unreadable(which + " text (byte order mark " + hex(b, 4) + "), which iptriage does not"
                    + " read: convert it to UTF-8 first (iconv -f UTF-32 -t UTF-8)");
        }
        if (starts(b, n, 0xEF, 0xBB, 0xBF)) {
            return text(StandardCharsets.UTF_8, 3, b, n);
        }
        if (starts(b, n, 0xFF, 0xFE)) {
            return text(StandardCharsets.UTF_16LE, 2, b, n);
        }
        if (starts(b, n, 0xFE, 0xFF)) {
            return text(StandardCharsets.UTF_16BE, 2, b, n);
        }
        String format = format(b, n);
        if (format != null) {
            return Verdict.unreadable(format);
        }
        Charset bomless = utf16WithoutBom(b, n);
        return text(bomless != null ? bomless : StandardCharsets.UTF_8, 0, b, n);
    }

    /** Text in {@code cs} after {@code skip} bytes, unless its first block looks binary. */
    private static Verdict text(Charset cs, int skip, byte[] b, int n) {
        byte[] utf8 = b;
        int from = skip;
        int to = n;
        if (!cs.equals(StandardCharsets.UTF_8)) {
            utf8 = new String(b, skip, (n - skip) & ~1, cs).getBytes(StandardCharsets.UTF_8);
            from = 0;
            to = utf8.length;
        }
        String binary = binary(utf8, from, to);
        if (binary == null) {
            return new Verdict(cs, skip, null);
        }
        String name = cs.equals(StandardCharsets.UTF_8) ? "" : " (read as " + cs.name() + ")";
        return Verdict.unreadable(binary + name + hint(b, n));
    }

    /**
     * Why the bytes look binary, or null when they can be text: C0 control characters (not TAB, LF,
     * VT, FF, CR, ESC) are over a quarter of the bytes other than NUL, or over 5% of them while besides
     * over 10% are not UTF-8 or NUL bytes are scattered among the others.
     */
    static String binary(byte[] b, int from, int to) {
        int control = 0;
        int nul = 0;
        int nulRuns = 0;
        int notUtf8 = 0;
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c == 0) {
                nul++;
                if (i == from || b[i - 1] != 0) {
                    nulRuns++;
                }
                i++;
            } else if (c < 0x80) {
                if (c < 0x20 && !(c >= '\t' && c <= '\r') && c != 0x1B) {
                    control++;
                }
                i++;
            } else {
                int len = utf8Length(b, i, to);
                if (len < 0) {
                    notUtf8++;
                    i++;
                } else {
                    i += len;
                }
            }
        }
        int other = to - from - nul;
        boolean binary = control >= 4
                && (control * 4 > other || (control * 20 > other && (notUtf8 * 10 > other || nulRuns * 50 > other)));
        if (!binary) {
            return null;
        }
        return String.format(
                "binary data, not text: %,d control characters, %,d bytes that are not UTF-8 and %,d NUL bytes"
                        + " in the first %,d bytes",
                control, notUtf8, nul, to - from);
    }

    /** The length of the UTF-8 sequence at {@code i}, or -1 when it is not one (a sequence cut at {@code to} counts). */
    private static int utf8Length(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : -1;
        if (len < 0) {
            return -1;
        }
        for (int k = 1; k < len && i + k < to; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return len;
    }

    /**
     * UTF-16 without a byte order mark: of the byte pairs holding exactly one zero byte, the zero is
     * nearly always on the same side, and such pairs (ASCII characters) are at least half the pairs
     * that are not both zero. Anything less sure is not taken for UTF-16 (it may then look binary).
     */
    private static Charset utf16WithoutBom(byte[] b, int n) {
        int[] z = zeroSides(b, n);
        int pairs = z[2];
        if (z[1] >= 2 && z[1] * 2 >= pairs && z[0] * 20 <= z[1]) {
            return StandardCharsets.UTF_16LE; // "1\0.\0": the high byte, second, is zero
        }
        if (z[0] >= 2 && z[0] * 2 >= pairs && z[1] * 20 <= z[0]) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /** Pairs with only the first byte zero, with only the second zero, and pairs not both zero. */
    private static int[] zeroSides(byte[] b, int n) {
        int[] z = new int[3];
        for (int i = 0; i + 1 < n; i += 2) {
            boolean first = b[i] == 0;
            boolean second = b[i + 1] == 0;
            if (first && !second) {
                z[0]++;
            } else if (second && !first) {
                z[1]++;
            }
            if (!first || !second) {
                z[2]++;
            }
        }
        return z;
    }

    /** A hint when zero bytes sit on one side of the byte pairs, as in UTF-16 without a byte order mark. */
    private static String hint(byte[] b, int n) {
        int[] z = zeroSides(b, n);
        int one = Math.max(z[0], z[1]);
        int other = Math.min(z[0], z[1]);
        return one >= 2 && one * 8 >= z[2] && other * 20 <= one
                ? " (UTF-16 without a byte order mark? convert it to UTF-8 first)"
                : "";
    }

    /** A format known by its first bytes that is not text, or null. */
    private static String format(byte[] b, int n) {
        if (starts(b, n, 'P', 'K', 3, 4) || starts(b, n, 'P', 'K', 5, 6)) {
            return "a zip archive (as .xlsx and .docx files are), not text: unpack it or save it as CSV or text"
                    + " first";
        }
        if (starts(b, n, 'B', 'Z', 'h')
                && n >= 10
                && new String(b, 4, 6, StandardCharsets.ISO_8859_1).equals("1AY&SY")) {
            return compressed("bzip2", "bunzip2 -k");
        }
        if (starts(b, n, 0xFD, '7', 'z', 'X', 'Z', 0)) {
            return compressed("xz", "unxz -k");
        }
        if (starts(b, n, 0x28, 0xB5, 0x2F, 0xFD)) {
            return compressed("zstd", "unzstd");
        }
        if (starts(b, n, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
            return "a 7-Zip archive, not text: unpack it first";
        }
        if (starts(b, n, '%', 'P', 'D', 'F', '-')) {
            return "a PDF document, not text: convert it to text first (pdftotext)";
        }
        if (starts(b, n, 0xD4, 0xC3, 0xB2, 0xA1)
                || starts(b, n, 0xA1, 0xB2, 0xC3, 0xD4)
                || starts(b, n, 0x4D, 0x3C, 0xB2, 0xA1)
                || starts(b, n, 0xA1, 0xB2, 0x3C, 0x4D)
                || (starts(b, n, 0x0A, 0x0D, 0x0D, 0x0A) && n >= 12 && pcapngOrder(b))) {
            return "a packet capture, not text: list its addresses first (tshark -r FILE -T fields -e ip.src"
                    + " -e ip.dst)";
        }
        return null;
    }

    private static String compressed(String format, String command) {
        return format + "-compressed, which iptriage does not read (gzip only): decompress it first (" + command + ")";
    }

    /** The byte-order magic of a pcapng section header block, at bytes 8 to 11. */
    private static boolean pcapngOrder(byte[] b) {
        return (b[8] == 0x1A && b[9] == 0x2B && b[10] == 0x3C && b[11] == 0x4D)
                || (b[8] == 0x4D && b[9] == 0x3C && b[10] == 0x2B && b[11] == 0x1A);
    }

    private static boolean starts(byte[] b, int n, int... prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i > 0 ? " " : "").append(String.format("%02X", b[i] & 0xFF));
        }
        return s.toString();
    }
}
