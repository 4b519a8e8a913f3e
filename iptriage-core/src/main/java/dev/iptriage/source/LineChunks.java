package dev.iptriage.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream in chunks of whole lines for worker threads, which cut the lines themselves
 * ({@link Chunk#lines}): the reading thread only looks for the last line end of each chunk. The lines
 * and pieces are exactly those {@link LineReader} hands out (same line ends, same cuts of over-long
 * lines); memory stays bounded for any input, one 100 MB line included. Not thread-safe; the chunks
 * it returns are independent of it.
 */
public final class LineChunks {
    private final InputStream in;
    private final int chunkSize;
    private final int maxLine;
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
     * Lines of the input.
     *
     * @param data the bytes, from 0
     * @param length valid bytes
     * @param continues whether the first bytes go on with the previous chunk's last line
     * @param open whether the last line goes on in the next chunk (it is then one cut piece)
     * @param maxLine the longest line or piece handed out
     */
    public record Chunk(byte[] data, int length, boolean continues, boolean open, int maxLine) {
        /**
         * Hands out the lines and pieces in order, with a CR before a line end dropped.
         *
         * @return how many lines start in this chunk
         */
        public int lines(LineVisitor v) {
            int started = 0;
            boolean cont = continues;
            int start = 0;
            while (start < length) {
                int nl = ByteScan.indexOf(data, start, length, (byte) '\n');
                int end = nl < 0 ? length : nl;
                if (!cont) {
                    started++;
                }
                line(start, end, nl >= 0 || !open, cont, cont ? 0 : started, v);
                start = nl < 0 ? length : nl + 1;
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

    /** Reads {@code in} (not closed here) in chunks of about {@code chunkSize} bytes. */
    public LineChunks(InputStream in, int chunkSize) {
        this(in, chunkSize, LineReader.MAX_LINE);
    }

    /** As {@link #LineChunks(InputStream, int)}, with pieces of at most {@code maxLine} bytes (at least 2048). */
    public LineChunks(InputStream in, int chunkSize, int maxLine) {
        if (maxLine < 2048 || chunkSize < 1) {
            throw new IllegalArgumentException("maxLine must be at least 2048 and chunkSize positive");
        }
        this.in = in;
        this.chunkSize = chunkSize;
        this.maxLine = maxLine;
    }

    /** {@return bytes read so far (decompressed)} */
    public long bytesRead() {
        return bytesRead;
    }

    /** The next chunk, or null at the end of the input. */
    public Chunk next() throws IOException {
        byte[] buf = Arrays.copyOf(carry, Math.max(chunkSize, carryLen + 1));
        int len = carryLen;
        carryLen = 0;
        int searched = 0; // [0, searched) holds no line end
        while (true) {
            if (!eof && len < buf.length) {
                int n = in.read(buf, len, buf.length - len);
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

    private Chunk emit(byte[] buf, int end, int len, boolean open) {
        carryLen = len - end;
        if (carry.length < carryLen) {
            carry = new byte[Math.max(carryLen, 1024)];
        }
        System.arraycopy(buf, end, carry, 0, carryLen);
        Chunk c = new Chunk(buf, end, continuing, open, maxLine);
        continuing = open;
        return c;
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
