package dev.iptriage.input;

import dev.iptriage.text.ByteScan;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Reads a stream in chunks of whole lines for worker threads, which cut the lines themselves
 * ({@link Chunk#lines}): the reading thread only looks for the last line end of each chunk. The lines
 * and pieces are exactly those {@link LineReader} hands out (same line ends, same cuts of over-long
 * lines); memory stays bounded for any input, one 100 MB line included. Not thread-safe; the chunks
 * it returns are independent of it.
 */
public final class LineChunks {
    /** Most lines in one chunk: a worker's results for a chunk of short lines stay small. */
    public static final int MAX_LINES = 16_384;

    private IOException failure;
    private final InputStream in;
    private final int chunkSize;
    private final int maxLine;
    private final int maxLines;
    private final ArrayDeque<Chunk> ready = new ArrayDeque<>();
    private byte[] carry = new byte[0];
    private int carryLen;
    private boolean continuing;
    private boolean eof;
    private long bytesRead;

    /** Receives the lines of a chunk. */
    @FunctionalInterface
    public interface LineVisitor {
        /**
         * One line or piece.
         *
         * @param number its number relative to the chunk: 0 for the rest of the previous chunk's last
         *     line (a piece), then 1, 2, ... for the lines that start in this chunk
         * @param piece whether it is a piece of a line longer than the maximum
         */
        void line(byte[] b, int off, int len, int number, boolean piece);
    }

    /**
     * Lines of the input: {@code data[from, to)}. Chunks cut from one read share its array (read only).
     *
     * @param data the bytes
     * @param from where the chunk starts
     * @param to where it ends
     * @param continues whether the first bytes go on with the previous chunk's last line
     * @param open whether the last line goes on in the next chunk (it is then one cut piece)
     * @param maxLine the longest line or piece handed out
     */
    public record Chunk(byte[] data, int from, int to, boolean continues, boolean open, int maxLine) {
        /**
         * Hands out the lines and pieces in order, with a CR before a line end dropped.
         *
         * @return how many lines start in this chunk
         */
        public int lines(LineVisitor v) {
            int started = 0;
            boolean cont = continues;
            int start = from;
            while (start < to) {
                int nl = ByteScan.indexOf(data, start, to, (byte) '\n');
                int end = nl < 0 ? to : nl;
                if (!cont) {
                    started++;
                }
                line(start, end, nl >= 0 || !open, cont, cont ? 0 : started, v);
                start = nl < 0 ? to : nl + 1;
                cont = false;
            }
            return started;
        }

        private void line(int from, int end, boolean ends, boolean cont, int number, LineVisitor v) {
            int pos = from;
            boolean piece = cont;
            while (end - pos > maxLine) {
                int c = LineReader.cut(data, pos, maxLine);
                v.line(data, pos, c - pos, number, true);
                pos = c;
                piece = true;
            }
            int len = end - pos;
            if (!ends) {
                v.line(data, pos, len, number, true);
                return;
            }
            if (len > 0 && data[pos + len - 1] == '\r') {
                len--;
            }
            v.line(data, pos, len, number, piece);
        }
    }

    /**
     * Reads {@code in} (not closed here) in chunks of about {@code chunkSize} bytes and at most {@link
     * #MAX_LINES} lines.
     */
    public LineChunks(InputStream in, int chunkSize) {
        this(in, chunkSize, LineReader.MAX_LINE, MAX_LINES);
    }

    /**
     * As {@link #LineChunks(InputStream, int)}, with pieces of at most {@code maxLine} bytes (at least
     * 2048) and chunks of at most {@code maxLines} lines.
     */
    public LineChunks(InputStream in, int chunkSize, int maxLine, int maxLines) {
        if (maxLine < 2048 || chunkSize < 1 || maxLines < 1) {
            throw new IllegalArgumentException("maxLine must be at least 2048, chunkSize and maxLines positive");
        }
        this.in = in;
        this.chunkSize = chunkSize;
        this.maxLine = maxLine;
        this.maxLines = maxLines;
    }

    /** {@return bytes read so far (decompressed)} */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * The next chunk, or null at the end of the input. A read that fails after some whole lines were read gives those
     * lines first and the failure after them: what was read is not lost with the rest (a part of a line is).
     */
    public Chunk next() throws IOException {
        if (!ready.isEmpty()) {
            return ready.poll();
        }
        if (failure != null) {
            IOException f = failure;
            failure = null;
            throw f;
        }
        byte[] buf = Arrays.copyOf(carry, Math.max(chunkSize, carryLen + 1));
        int len = carryLen;
        carryLen = 0;
        int searched = 0; // [0, searched) holds no line end
        while (true) {
            if (!eof && len < buf.length) {
                int n;
                try {
                    n = in.read(buf, len, buf.length - len);
                } catch (IOException e) {
                    int whole = lastNewline(buf, 0, len);
                    eof = true; // the input ends here: read no more of it
                    if (whole < 0) {
                        throw e;
                    }
                    failure = e;
                    Chunk c = emit(buf, whole + 1, whole + 1, false);
                    return c;
                }
                if (n < 0) {
                    eof = true;
                } else {
                    bytesRead += n;
                    len += n;
                    if (len < buf.length) {
                        continue;
                    }
                }
            }
            int nl = lastNewline(buf, searched, len);
            if (nl >= 0) {
                return emit(buf, nl + 1, len, false);
            }
            searched = len;
            if (eof) {
                return len == 0 && !continuing ? null : emit(buf, len, len, false);
            }
            if (len > maxLine) {
                return emit(buf, LineReader.cut(buf, 0, maxLine), len, true);
            }
            buf = Arrays.copyOf(buf, Math.min(maxLine + 1, buf.length * 2));
        }
    }

    /** Keeps {@code buf[end, len)} for the next read; returns {@code buf[0, end)} as chunks of at most maxLines lines. */
    private Chunk emit(byte[] buf, int end, int len, boolean open) {
        carryLen = len - end;
        if (carry.length < carryLen) {
            carry = new byte[Math.max(carryLen, 1024)];
        }
        System.arraycopy(buf, end, carry, 0, carryLen);
        boolean cont = continuing;
        continuing = open;
        int from = 0;
        while (true) {
            int last = ByteScan.nth(buf, from, end, (byte) '\n', maxLines);
            if (last < 0 || last + 1 >= end) {
                ready.add(new Chunk(buf, from, end, cont, open, maxLine));
                return ready.poll();
            }
            ready.add(new Chunk(buf, from, last + 1, cont, false, maxLine));
            cont = false;
            from = last + 1;
        }
    }

    private static int lastNewline(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
