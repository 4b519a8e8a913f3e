package dev.iptriage.lists;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a blocklist or watchlist file into an {@link IpList}. The format is detected from the content (the first
 * {@value #SNIFF} bytes), never from the file name:
 *
 * <ul>
 *   <li>{@code {...}} objects one per line, the first with a {@code "cidr":}, {@code "sblid":} or {@code "type":
 *       "metadata"} member: Spamhaus DROP JSON lines ({@code cidr}, {@code sblid}, {@code rir}, and a
 *       final {@code {"type":"metadata"}} record giving the date and terms);
 *   <li>one JSON document, pretty-printed or minified on one line of any length: a MISP warninglist ({@code name}, {@code version}, {@code category}, {@code type}, {@code
 *       list}); only type {@code cidr} is a list of addresses;
 *   <li>{@code ExitNode} / {@code ExitAddress} lines: the Tor exit list {@code exit-addresses}, one entry per {@code
 *       ExitAddress} line (a node may have several), with {@code node}, {@code published} and {@code seen};
 *   <li>a CSV header with {@code first_seen_utc} and {@code dst_ip}: Feodo Tracker CSV, entry {@code dst_ip} with
 *       {@code port}, {@code malware}, {@code status}, {@code first_seen}, {@code last_online};
 *   <li>a {@code #} header naming an ipset ({@code hash:ip} / {@code hash:net}) or with FireHOL's {@code Maintainer}
 *       and {@code File Date} lines: FireHOL {@code .ipset} / {@code .netset};
 *   <li>a {@code # User-Agent:} or {@code # PTR:} header line: an OpenFilters internet-scanners CIDR list (its
 *       header-less {@code cidr/} files are read as plain lists);
 *   <li>a {@code ;} header line naming DROP, or {@code CIDR ; SBLnnn} lines: Spamhaus DROP text;
 *   <li>anything else: a plain list.
 * </ul>
 *
 * <p>The text formats share one line syntax: one address, CIDR or range {@code a-b} per line; lines starting with
 * {@code #} or {@code ;} are comments, and the comment lines before the first entry are the header (title, source,
 * date, licence, maintainer are taken from its {@code Key: value} lines); text after a {@code #} or {@code ;} on an
 * entry's line is a trailing comment, kept as the fact {@code sblid} when it is an SBL id and as {@code comment}
 * otherwise. A CIDR with host bits set is a bad line (ambiguous: ipset and iprange mask it; see {@code Entries}). Bogons and private ranges
 * are kept: matching decides what they mean. Input is UTF-8 (a BOM is skipped), lines end with LF or CRLF, the last
 * line needs no line end.
 *
 * <p>Untrusted input: a bad line (not an entry, longer than {@value #MAX_LINE} bytes, not UTF-8) is a {@link
 * ListProblem} and is skipped; the first {@value #MAX_PROBLEMS} are kept and all are counted. Lines are read with a
 * cap, so a huge line costs bounded memory. An empty list (only comments, an empty MISP list) is valid. A file that
 * is not a list at all is a {@link NotAListException}: a file starting with the signature of compressed data (gzip,
 * bzip2, xz, zstd), a ZIP archive, a PNG or JPEG image or a UTF-16 or UTF-32 byte order mark (the message names it),
 * binary content in the first {@value #SNIFF} bytes (a NUL byte,
 * or at least 4 invalid UTF-8 sequences and more than one in 32 bytes; a stray Latin-1 byte is one bad line), JSON of an unknown shape, a MISP warninglist of another type
 * than {@code cidr}, or bad lines and no entry at all. A gzip-compressed file ({@code .gz}, recognised by its magic
 * bytes) is decompressed by {@link #read(Path)} and read as the list it holds (damaged gzip data is not a list);
 * {@link #read(InputStream, String, String)} takes the list's own bytes and says what compressed data is.
 */
public final class ListReader {
    private ListReader() {}

    /** The longest line read; a longer line is one problem. */
    public static final int MAX_LINE = 64 * 1024;

    /** How many problems an {@link IpList} keeps (all are counted). */
    public static final int MAX_PROBLEMS = 100;

    /** How many bytes at the start of a file decide its format. */
    public static final int SNIFF = 16 * 1024;

    /** A DROP JSON line's member: {@code "cidr":}, {@code "sblid":} or the metadata record's type. */
    private static final Pattern DROP_JSON = Pattern.compile("\"(cidr|sblid)\"\\s*:|\"type\"\\s*:\\s*\"metadata\"");

    /** How many header lines are kept. */
    private static final int MAX_HEADER_LINES = 200;

    /** A file that is not a list at all (binary, JSON of another shape, no entry but bad lines). */
    public static final class NotAListException extends IOException {
        private static final long serialVersionUID = 1L;

        NotAListException(String file, int line, String problem) {
            super(new ListProblem(line, problem).format(file));
        }
    }

    /**
     * Reads a list file (see the class comment).
     *
     * @param file the file
     * @return the list, named after the file without its extension
     * @throws NotAListException when the file is not a list at all
     * @throws IOException when it cannot be read
     */
    public static IpList read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            boolean gzip = in.read() == 0x1F && in.read() == 0x8B;
            in.reset();
            if (!gzip) {
                return read(in, file.toString(), name(file));
            }
            try (InputStream unzipped = new GZIPInputStream(in, 1 << 16)) {
                return read(unzipped, file.toString(), name(file));
            } catch (ZipException | EOFException e) {
                throw new NotAListException(
                        file.toString(), 0, "damaged gzip-compressed data (" + e.getMessage() + ")");
            }
        }
    }

    /**
     * The file name without its extension, and without {@code .gz} before it: {@code firehol_level1.netset} and
     * {@code firehol_level1.netset.gz} are {@code firehol_level1}.
     */
    static String name(Path file) {
        Path f = file.getFileName();
        String n = f == null ? file.toString() : f.toString();
        if (n.length() > 3 && n.regionMatches(true, n.length() - 3, ".gz", 0, 3)) {
            n = n.substring(0, n.length() - 3);
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * Reads a list from a stream.
     *
     * @param in the content; not closed
     * @param file the file's name for messages
     * @param name the list's name
     */
    public static IpList read(InputStream in, String file, String name) throws IOException {
        byte[] head = in.readNBytes(SNIFF);
        boolean whole = head.length < SNIFF;
        String kind = binaryKind(head);
        if (kind != null) {
            throw new NotAListException(file, 0, kind);
        }
        int start = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF
                ? 3
                : 0;
        for (int i = start; i < head.length; i++) {
            if (head[i] == 0) {
                throw new NotAListException(
                        file, 0, "binary data (a NUL byte at offset " + i + "); expected a text list");
            }
        }
        int invalid = invalidUtf8(head, start, whole);
        if (invalid >= 4 && invalid * 32L > head.length - start) {
            throw new NotAListException(
                    file,
                    0,
                    "binary data (" + invalid + " invalid UTF-8 sequences in the first " + head.length
                            + " bytes); expected a UTF-8 text list");
        }
        List<String> lines = new String(head, start, head.length - start, StandardCharsets.UTF_8)
                .lines()
                .toList();
        // the last line may be cut; when it is the only one (a minified JSON document, a huge first line), it is all
        // there is to go by
        boolean firstCut = !whole && lines.size() == 1;
        if (!whole && lines.size() > 1) {
            lines = lines.subList(0, lines.size() - 1);
        }
        ListFormat format = detect(lines, firstCut, file, name);
        InputStream all = new SequenceInputStream(new ByteArrayInputStream(head, start, head.length - start), in);
        Acc acc = new Acc(file, name, format);
        switch (format) {
            case SPAMHAUS_DROP_JSONL -> JsonLists.readJsonLines(all, acc);
            case MISP_WARNINGLIST -> JsonLists.readMisp(all, acc);
            case TOR_EXIT_ADDRESSES -> readTor(all, acc);
            case FEODO_CSV -> readFeodo(all, acc);
            default -> readText(all, acc);
        }
        return acc.finish();
    }

    /** Signatures of files that users pass as lists by mistake, with what to say: compressed, archives, images. */
    private static final List<Map.Entry<byte[], String>> SIGNATURES = List.of(
            Map.entry(bytes(0x1F, 0x8B), "gzip-compressed data; expected a text list (decompress it first)"),
            Map.entry(
                    bytes(0xFD, '7', 'z', 'X', 'Z', 0x00),
                    "xz-compressed data; expected a text list (decompress it first)"),
            Map.entry(
                    bytes(0x28, 0xB5, 0x2F, 0xFD), "zstd-compressed data; expected a text list (decompress it first)"),
            Map.entry(bytes('P', 'K', 0x03, 0x04), "a ZIP archive; expected a text list (extract it first)"),
            Map.entry(bytes('P', 'K', 0x05, 0x06), "a ZIP archive; expected a text list (extract it first)"),
            Map.entry(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A), "a PNG image; expected a text list"),
            Map.entry(bytes(0xFF, 0xD8, 0xFF), "a JPEG image; expected a text list"),
            Map.entry(bytes(0x00, 0x00, 0xFE, 0xFF), "UTF-32 text; expected a UTF-8 text list"),
            Map.entry(bytes(0xFF, 0xFE, 0x00, 0x00), "UTF-32 text; expected a UTF-8 text list"),
            Map.entry(bytes(0xFE, 0xFF), "UTF-16 text; expected a UTF-8 text list"),
            Map.entry(bytes(0xFF, 0xFE), "UTF-16 text; expected a UTF-8 text list"));

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    /** bzip2's block and end-of-stream magic numbers, after its {@code BZh1}..{@code BZh9} header. */
    private static final List<byte[]> BZIP2 =
            List.of(bytes(0x31, 0x41, 0x59, 0x26, 0x53, 0x59), bytes(0x17, 0x72, 0x45, 0x38, 0x50, 0x90));

    /** What a file is when it starts with a known signature, else null. */
    static String binaryKind(byte[] head) {
        for (Map.Entry<byte[], String> s : SIGNATURES) {
            if (startsWith(head, 0, s.getKey())) {
                return s.getValue();
            }
        }
        if (head.length >= 4
                && head[0] == 'B'
                && head[1] == 'Z'
                && head[2] == 'h'
                && head[3] >= '1'
                && head[3] <= '9') {
            for (byte[] magic : BZIP2) {
                if (startsWith(head, 4, magic)) {
                    return "bzip2-compressed data; expected a text list (decompress it first)";
                }
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        return b.length >= at + prefix.length && Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
    }

    /** Counts invalid UTF-8 sequences; an incomplete sequence at the end counts only when the input is whole. */
    private static int invalidUtf8(byte[] b, int start, boolean whole) {
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, start, b.length - start);
        CharBuffer out = CharBuffer.allocate(1024);
        int invalid = 0;
        while (true) {
            CoderResult r = d.decode(in, out, whole);
            if (r.isError()) {
                invalid++;
                in.position(in.position() + r.length());
            } else if (r.isOverflow()) {
                out.clear();
            } else {
                break;
            }
        }
        return invalid;
    }

    /**
     * Detects the format from the first lines.
     *
     * @param lines the first lines
     * @param firstCut whether {@code lines} is the start of one line longer than {@value #SNIFF} bytes
     */
    static ListFormat detect(List<String> lines, boolean firstCut, String file, String name) throws NotAListException {
        String first = lines.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .findFirst()
                .orElse("");
        if (first.startsWith("{")) {
            return (first.endsWith("}") || firstCut) && DROP_JSON.matcher(first).find()
                    ? ListFormat.SPAMHAUS_DROP_JSONL
                    : ListFormat.MISP_WARNINGLIST;
        }
        if (first.startsWith("[")) {
            throw new NotAListException(
                    file, 0, "a JSON array; expected a list: Spamhaus DROP JSON lines, a MISP warninglist or text");
        }
        ListFormat found = null;
        int dataLines = 0;
        for (String raw : lines) {
            String s = raw.strip();
            if (s.startsWith("ExitNode ") || s.startsWith("ExitAddress ")) {
                return ListFormat.TOR_EXIT_ADDRESSES;
            }
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("#") || s.startsWith(";")) {
                if (dataLines > 0) {
                    continue;
                }
                String lower = s.toLowerCase(Locale.ROOT);
                if (lower.contains("hash:net")) {
                    found = ListFormat.FIREHOL_NETSET;
                } else if (lower.contains("hash:ip")) {
                    found = ListFormat.FIREHOL_IPSET;
                } else if (found == null && (lower.contains("this file date") || lower.contains("source file date"))) {
                    found = file.endsWith(".ipset") ? ListFormat.FIREHOL_IPSET : ListFormat.FIREHOL_NETSET;
                } else if (found == null && (lower.startsWith("# user-agent:") || lower.startsWith("# ptr:"))) {
                    found = ListFormat.OPENFILTERS_CIDR;
                } else if (found == null && s.startsWith(";") && s.contains("DROP")) {
                    found = ListFormat.SPAMHAUS_DROP;
                }
                continue;
            }
            if (dataLines++ == 0) {
                String lower = s.toLowerCase(Locale.ROOT);
                if (lower.contains("dst_ip") && lower.contains("first_seen")) {
                    return ListFormat.FEODO_CSV;
                }
            }
            if (found == null && s.matches(".*;\\s*SBL\\d+.*")) {
                found = ListFormat.SPAMHAUS_DROP;
            }
            if (dataLines > 50) {
                break;
            }
        }
        return found == null ? ListFormat.PLAIN : found;
    }

    /** The text of a line, or null (and a problem) when it is too long or not UTF-8. */
    static String text(LineReader r, Acc acc, CharsetDecoder utf8) {
        if (r.tooLong()) {
            acc.problem(
                    r.number(),
                    "a line of " + r.fullLength() + " bytes; expected at most " + MAX_LINE
                            + " bytes per line (one entry per line)");
            return null;
        }
        byte[] b = r.bytes();
        int n = r.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(b, 0, n)).toString();
        } catch (CharacterCodingException e) {
            acc.problem(r.number(), "not UTF-8 text; expected a UTF-8 text file");
            return null;
        }
    }

    static CharsetDecoder utf8() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static boolean isComment(String s) {
        return s.startsWith("#") || s.startsWith(";");
    }

    /** Plain, FireHOL, DROP text, OpenFilters: one entry per line with comments. */
    private static void readText(InputStream in, Acc acc) throws IOException {
        LineReader r = new LineReader(in, MAX_LINE);
        CharsetDecoder utf8 = utf8();
        while (r.next()) {
            String s = text(r, acc, utf8);
            if (s == null) {
                continue;
            }
            s = s.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (isComment(s)) {
                acc.header(s);
                continue;
            }
            acc.headerDone = true;
            int hash = s.indexOf('#');
            int semi = s.indexOf(';');
            int cut = hash < 0 ? semi : semi < 0 ? hash : Math.min(hash, semi);
            String entry = cut < 0 ? s : s.substring(0, cut);
            Map<String, String> facts = Map.of();
            if (cut >= 0) {
                String comment = s.substring(cut + 1).strip();
                if (comment.matches("SBL\\d+")) {
                    facts = Map.of("sblid", comment);
                } else if (!comment.isEmpty()) {
                    facts = Map.of("comment", comment.length() > 200 ? comment.substring(0, 200) : comment);
                }
            }
            acc.entry(entry, r.number(), facts);
        }
    }

    /** Tor's exit-addresses. */
    private static void readTor(InputStream in, Acc acc) throws IOException {
        LineReader r = new LineReader(in, MAX_LINE);
        CharsetDecoder utf8 = utf8();
        String node = null;
        String published = null;
        while (r.next()) {
            String s = text(r, acc, utf8);
            if (s == null) {
                continue;
            }
            s = s.strip();
            if (s.isEmpty() || s.startsWith("@")) {
                continue;
            }
            int sp = s.indexOf(' ');
            String key = sp < 0 ? s : s.substring(0, sp);
            String rest = sp < 0 ? "" : s.substring(sp + 1).strip();
            switch (key) {
                case "ExitNode" -> {
                    node = rest;
                    published = null;
                }
                case "Published" -> published = rest;
                case "LastStatus" -> {}
                case "ExitAddress" -> {
                    int sp2 = rest.indexOf(' ');
                    String ip = sp2 < 0 ? rest : rest.substring(0, sp2);
                    Map<String, String> facts = new HashMap<>(4);
                    if (node != null && !node.isEmpty()) {
                        facts.put("node", node);
                    }
                    if (published != null && !published.isEmpty()) {
                        facts.put("published", published);
                    }
                    if (sp2 >= 0) {
                        facts.put("seen", rest.substring(sp2 + 1).strip());
                    }
                    acc.entry(ip, r.number(), facts);
                }
                default ->
                    acc.problem(
                            r.number(),
                            "unknown line " + Entries.quote(s)
                                    + "; expected ExitNode, Published, LastStatus or ExitAddress lines");
            }
        }
    }

    /** Feodo Tracker CSV. */
    private static void readFeodo(InputStream in, Acc acc) throws IOException {
        LineReader r = new LineReader(in, MAX_LINE);
        CharsetDecoder utf8 = utf8();
        List<String> columns = null;
        int ip = -1;
        while (r.next()) {
            String s = text(r, acc, utf8);
            if (s == null) {
                continue;
            }
            s = s.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("#")) {
                acc.header(s);
                continue;
            }
            acc.headerDone = true;
            List<String> fields = csv(s);
            if (columns == null) {
                columns = fields;
                ip = columns.indexOf("dst_ip");
                if (ip < 0) {
                    throw new NotAListException(
                            acc.file, r.number(), "a CSV header without dst_ip; expected Feodo Tracker's CSV header");
                }
                continue;
            }
            if (fields == null || fields.size() != columns.size()) {
                acc.problem(
                        r.number(),
                        (fields == null ? "an unclosed quote in " : fields.size() + " fields in ") + Entries.quote(s)
                                + "; expected " + columns.size() + " CSV fields " + String.join(",", columns));
                continue;
            }
            Map<String, String> facts = new HashMap<>(8);
            for (int i = 0; i < columns.size(); i++) {
                String key = switch (columns.get(i)) {
                    case "dst_port" -> "port";
                    case "malware" -> "malware";
                    case "c2_status" -> "status";
                    case "first_seen_utc" -> "first_seen";
                    case "last_online" -> "last_online";
                    default -> null;
                };
                if (key != null && !fields.get(i).isEmpty()) {
                    facts.put(key, fields.get(i));
                }
            }
            acc.entry(fields.get(ip), r.number(), facts);
        }
    }

    /** The fields of one CSV line ({@code "} quotes, {@code ""} inside them), or null for an unclosed quote. */
    static List<String> csv(String s) {
        List<String> out = new ArrayList<>(8);
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString().strip());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(f.toString().strip());
        return out;
    }

    /** Collects what a reader finds. */
    static final class Acc {
        final String file;
        final String name;
        final ListFormat format;
        final List<ListEntry> entries = new ArrayList<>();
        final List<ListProblem> problems = new ArrayList<>();
        long problemCount;
        final List<String> headerLines = new ArrayList<>();
        boolean headerDone;
        String title;
        String source;
        String date;
        String licence;
        String maintainer;
        final Map<String, String> facts = new LinkedHashMap<>();

        Acc(String file, String name, ListFormat format) {
            this.file = file;
            this.name = name;
            this.format = format;
        }

        void problem(int line, String message) {
            problemCount++;
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new ListProblem(line, message));
            }
        }

        void header(String commentLine) {
            if (!headerDone && headerLines.size() < MAX_HEADER_LINES) {
                headerLines.add(commentLine);
            }
        }

        void entry(String text, int line, Map<String, String> facts) {
            Entries.Result e = Entries.parse(text);
            if (e.error() != null) {
                problem(line, e.error());
            } else {
                entries.add(new ListEntry(e.first(), e.last(), line, facts));
            }
        }

        IpList finish() throws NotAListException {
            if (entries.isEmpty() && problemCount > 0) {
                ListProblem p = problems.get(0);
                throw new NotAListException(
                        file,
                        p.line(),
                        "no line is an entry (" + problemCount + " bad lines, the first: " + p.message() + ")");
            }
            Header.apply(headerLines, this);
            return new IpList(
                    name, format, title, source, date, licence, maintainer, facts, entries, problems, problemCount);
        }
    }
}
