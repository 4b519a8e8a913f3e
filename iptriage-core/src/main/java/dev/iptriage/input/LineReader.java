package dev.iptriage.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines of any length in bounded memory, for the extractors: a line longer than {@link #MAX_LINE}
 * bytes is handed out in pieces of at most that size (cut after a blank near the end when there is
 * one, so an address is rarely split), each flagged {@link #piece()}. LF ends a line; a CR before it
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
     * Where a piece of {@code maxLine} bytes from {@code from} ends: after the last blank (space or tab)
     * among its final 1024 bytes, or at its end when there is none.
     */
    static int cut(byte[] b, int from, int maxLine) {
        int end = from + maxLine;
        for (int i = end - 1; i >= end - CUT_WINDOW; i--) {
            if (b[i] == ' ' || b[i] == '\t') {
                return i + 1;
            }
        }
        return end;
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
