package dev.iptriage.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines of any length in bounded memory, for the extractors: a line longer than {@link #MAX_LINE}
 * bytes is handed out in pieces of at most that size (cut where no address is split, see {@link
 * #cut}), each flagged {@link #piece()}. LF ends a line; a CR before it
 * is dropped. Not thread-safe.
 */
public final class LineReader {
    /** Longest line (or piece of a longer one) handed out, in bytes. */
    public static final int MAX_LINE = 1 << 20;

    private static final int CUT_WINDOW = 1024;

    private final InputStream in;
    private final int maxLine;
    private final byte[] read = new byte[1 << 16];
    private int readPos;
    private int readLen;
    private byte[] line = new byte[256];
    private int length;
    private int carry;
    private long number;
    private boolean piece;
    private boolean continuing;
    private boolean eof;
    private long bytes;

    /** Reads {@code in} (not closed here) with the default {@link #MAX_LINE}. */
    public LineReader(InputStream in) {
        this(in, MAX_LINE);
    }

    /** Reads {@code in} with pieces of at most {@code maxLine} bytes (at least 2 * 1024). */
    public LineReader(InputStream in, int maxLine) {
        if (maxLine < 2 * CUT_WINDOW) {
            throw new IllegalArgumentException("maxLine must be at least " + 2 * CUT_WINDOW);
        }
        this.in = in;
        this.maxLine = maxLine;
    }

    /**
     * Moves to the next line or piece.
     *
     * @return false at the end of the input
     */
    public boolean next() throws IOException {
        if (!continuing) {
            number++;
        }
        shiftCarry();
        while (true) {
            if (readPos == readLen && !fill()) {
                return finish();
            }
            int nl = -1;
            for (int i = readPos; i < readLen; i++) {
                if (read[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? readLen : nl;
            int room = maxLine - length;
            int take = Math.min(end - readPos, room);
            append(readPos, take);
            readPos += take;
            if (take < end - (readPos - take)) {
                return cutPiece(); // the line goes on beyond maxLine
            }
            if (nl >= 0) {
                readPos = nl + 1;
                return endLine();
            }
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(read, 0, read.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        bytes += n;
        readPos = 0;
        readLen = n;
        return true;
    }

    private boolean finish() {
        if (length == 0 && !continuing) {
            number--;
            return false;
        }
        return endLine();
    }

    private boolean endLine() {
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        piece = continuing;
        continuing = false;
        return true;
    }

    private boolean cutPiece() {
        int cut = cut(line, 0, length);
        carry = length - cut;
        length = cut;
        piece = true;
        continuing = true;
        return true;
    }

    /**
     * Where a piece of {@code maxLine} bytes from {@code from} ends, chosen so that no address (plain
     * or defanged) is split and the word before an address that says what it is ({@code version },
     * {@code v}, {@code Chrome/}) stays with it; the rest goes to the next piece. Among the piece's
     * final 1024 bytes: before the last blank (space or tab); else before the last byte that is in no
     * address, defang or such word (not a letter, digit or one of {@code :.%[](){}<>,\/~=_-}); else,
     * the window being one such token, before the run of address characters at its end (hex digits,
     * {@code :}, {@code .}, {@code %} and the defang brackets) with the word before it; else (all
     * address characters) about 64 bytes before its end, where no digit or dot is.
     */
    static int cut(byte[] b, int from, int maxLine) {
        int end = from + maxLine;
        int low = end - CUT_WINDOW;
        for (int i = end - 1; i >= low; i--) {
            if (b[i] == ' ' || b[i] == '\t') {
                return withWord(b, i, low, end);
            }
        }
        for (int i = end - 1; i >= low; i--) {
            if (!TOKEN[b[i] & 0xFF]) {
                return withWord(b, i, low, end);
            }
        }
        int r = end;
        while (r > low && ADDRESS[b[r - 1] & 0xFF]) {
            r--;
        }
        if (r > low) {
            return withWord(b, r, low, end);
        }
        // all address characters: cut 64 bytes before the end (the extractor takes no IPv6 address from
        // a run that long and reads no further back), between two bytes that are not digits or dots
        int c = end - 64;
        while (c > low + 1 && (DOTTED[b[c - 1] & 0xFF] || DOTTED[b[c] & 0xFF])) {
            c--;
        }
        return c;
    }

    /**
     * Moves a cut at {@code c} (before a blank, punctuation or an address character) back when the
     * next piece would start with an address whose word in front ({@code version }, {@code ver=},
     * {@code Chrome/}, {@code ~}, or the run before {@code .dsl}) says what it is: before the blank or
     * punctuation in front of that word, or inside a longer word with its last 64 bytes.
     */
    private static int withWord(byte[] b, int c, int low, int end) {
        int d = c;
        while (d < end && d - c < 3 && SEPARATOR[b[d] & 0xFF]) {
            d++;
        }
        if (d < end && !ADDRESS[b[d] & 0xFF]) {
            return c; // (at the end, the next piece's first byte is not known yet)
        }
        int pos = c;
        for (int step = 0; step < 3; step++) {
            int k = pos;
            while (k > low && pos - k < 3 && SEPARATOR[b[k - 1] & 0xFF]) {
                k--;
            }
            int w = k;
            while (w > low && k - w < 64 && WORD[b[w - 1] & 0xFF]) {
                w--;
            }
            if (w == low || k - w == 64) {
                return w; // the extractor looks back less far than 64 bytes
            }
            if (!ADDRESS[b[w - 1] & 0xFF]) {
                return w - 1 > low ? w - 1 : w; // the blank or punctuation goes with the word
            }
            // the word follows an address run ("5.6.7.8.dsl" is a host name): the run and its word go too
            while (w > low && ADDRESS[b[w - 1] & 0xFF]) {
                w--;
            }
            pos = w;
        }
        return pos;
    }

    private static final boolean[] TOKEN = new boolean[256];
    private static final boolean[] ADDRESS = new boolean[256];
    private static final boolean[] DOTTED = new boolean[256];
    private static final boolean[] WORD = new boolean[256];
    private static final boolean[] SEPARATOR = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean digit = c >= '0' && c <= '9';
            TOKEN[c] = letter || digit || ":.%[](){}<>,\\/~=_-".indexOf(c) >= 0;
            ADDRESS[c] = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || ":.%[](){}<>,\\".indexOf(c) >= 0;
            DOTTED[c] = digit || c == '.';
            WORD[c] = letter || c == '_' || c == '-';
            SEPARATOR[c] = " \t=_-/~".indexOf(c) >= 0;
        }
    }

    private void shiftCarry() {
        if (carry > 0) {
            System.arraycopy(line, length, line, 0, carry);
            length = carry;
            carry = 0;
        } else {
            length = 0;
        }
    }

    private void append(int from, int n) {
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, length + n)));
        }
        System.arraycopy(read, from, line, length, n);
        length += n;
    }

    /** {@return the bytes of the current line; valid up to {@link #length()} until the next call} */
    public byte[] bytes() {
        return line;
    }

    /** {@return the length of the current line or piece} */
    public int length() {
        return length;
    }

    /** {@return the 1-based number of the line (all pieces of a long line share it)} */
    public long lineNumber() {
        return number;
    }

    /** {@return whether this is a piece of a line longer than the maximum} */
    public boolean piece() {
        return piece;
    }

    /** {@return bytes read so far (decompressed)} */
    public long bytesRead() {
        return bytes;
    }
}
