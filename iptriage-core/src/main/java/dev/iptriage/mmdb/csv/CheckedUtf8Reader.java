package dev.iptriage.mmdb.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * Decodes UTF-8 with a decoder that reports malformed input instead of replacing it silently: each
 * malformed sequence becomes U+FFFD in the text (so the CSV parser goes on) and is remembered with
 * its line and byte offset, so the row holding it can be refused ({@link #problemIn}).
 *
 * <p>Lines are counted as the CSV parser counts them: LF, CR and CRLF each end one.
 */
final class CheckedUtf8Reader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    /** Line (1-based) to the first problem on it. */
    private final TreeMap<Long, String> problems = new TreeMap<>();

    private long consumed; // bytes before bytes.position()
    private long line = 1;
    private boolean afterCr;
    private boolean eof;
    private boolean flushed;

    CheckedUtf8Reader(InputStream in) {
        this.in = in;
    }

    /**
     * The first malformed sequence on lines {@code first..last}, as a message, or null. Valid for
     * every line the parser has already handed out (it reads ahead, never behind).
     */
    String problemIn(long first, long last) {
        var e = problems.ceilingEntry(first);
        return e == null || e.getKey() > last ? null : e.getValue();
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (out.position() == off) {
            if (flushed) {
                return -1;
            }
            int before = bytes.position();
            int from = out.position();
            CoderResult r = decoder.decode(bytes, out, eof);
            consumed += bytes.position() - before;
            count(cbuf, from, out.position());
            if (r.isError()) {
                if (!out.hasRemaining()) {
                    break; // no room for the replacement: the decoder reports it again on the next call
                }
                int at = bytes.position();
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < r.length(); i++) {
                    hex.append(i == 0 ? "" : " ").append(String.format("0x%02x", bytes.get(at + i) & 0xff));
                }
                problems.putIfAbsent(
                        line,
                        "invalid UTF-8 (" + hex + ") at byte offset " + consumed
                                + "; the file must be UTF-8 or UTF-16 (convert it, e.g. iconv -f latin1 -t utf-8)");
                bytes.position(at + r.length());
                consumed += r.length();
                out.put('\uFFFD');
                afterCr = false;
            } else if (r.isUnderflow()) {
                if (eof) {
                    if (decoder.flush(out).isUnderflow()) {
                        flushed = true;
                    }
                } else {
                    fill();
                }
            } else {
                break; // overflow: the caller's array is full
            }
        }
        int n = out.position() - off;
        return n == 0 && flushed ? -1 : n;
    }

    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void count(char[] cbuf, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = cbuf[i];
            if (c == '\n') {
                if (!afterCr) {
                    line++;
                }
                afterCr = false;
            } else if (c == '\r') {
                line++;
                afterCr = true;
            } else {
                afterCr = false;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
