package dev.iptriage.input;

import dev.iptriage.text.ByteScan;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Cuts a stream into blocks of whole lines (about {@code blockSize} bytes each) for parallel
 * processing. A line longer than {@code maxLine} is not buffered whole: its first bytes are kept
 * and the rest is skipped, and the block reports it as {@link Block#truncated}, so memory stays
 * bounded for any input (one 100 MB line included).
 */
public final class ChunkReader {
    private final InputStream in;
    private final int blockSize;
    private final int maxLine;
    private byte[] carry = new byte[0];
    private int carryLen;
    private boolean eof;
    private long bytesRead;
    private long nextLine = 1;
    private final IntFunction<byte[]> buffers;
    private IOException failure;

    /**
     * A block of complete lines.
     *
     * @param data the bytes
     * @param length valid bytes in {@code data}
     * @param firstLine 1-based number of the first line in the input
     * @param lines number of lines in the block
     * @param truncated true when the single line in this block was longer than the limit and cut
     * @param originalLength the length of that line before it was cut
     */
    public record Block(byte[] data, int length, long firstLine, int lines, boolean truncated, long originalLength) {}

    /**
     * Reads {@code in} in blocks of about {@code blockSize} bytes; lines over {@code maxLine} are cut.
     * The blocks' arrays come from {@code buffers} (called with the least length needed; a longer array
     * is fine).
     */
    public ChunkReader(InputStream in, int blockSize, int maxLine, IntFunction<byte[]> buffers) {
        this.in = in;
        this.blockSize = blockSize;
        this.maxLine = maxLine;
        this.buffers = buffers;
    }

    /** Bytes consumed so far (compressed input counts decompressed bytes). */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * The next block, or null at the end. A read that fails after some whole lines were read gives those lines first,
     * as a block, and the failure at the next call: what was read is not lost with the rest (a part of a line is).
     */
    public Block next() throws IOException {
        if (failure != null) {
            IOException f = failure;
            failure = null;
            throw f;
        }
        // cap, not the array's length (a pooled array may be longer), decides what is read, so the
        // blocks and the cut of long lines never depend on which array the pool handed out
        int cap = Math.max(blockSize, carryLen) + 1;
        byte[] buf = buffers.apply(cap);
        System.arraycopy(carry, 0, buf, 0, carryLen);
        int len = carryLen;
        carryLen = 0;
        while (true) {
            if (!eof && len < cap - 1) {
                int n;
                try {
                    n = in.read(buf, len, cap - 1 - len);
                } catch (IOException e) {
                    int whole = lastNewline(buf, len);
                    eof = true; // the input ends here: read no more of it
                    if (whole < 0) {
                        throw e;
                    }
                    failure = e;
                    return block(buf, whole + 1);
                }
                if (n < 0) {
                    eof = true;
                } else {
                    bytesRead += n;
                    len += n;
                    if (len < cap - 1) {
                        continue;
                    }
                }
            }
            int cut = lastNewline(buf, len);
            if (cut >= 0) {
                keep(buf, cut + 1, len);
                return block(buf, cut + 1);
            }
            if (eof) {
                if (len == 0) {
                    return null;
                }
                buf[len] = '\n';
                return block(buf, len + 1);
            }
            if (len >= maxLine) {
                return longLine(buf, len);
            }
            cap = Math.min(maxLine + 1, cap * 2);
            if (buf.length < cap) {
                buf = Arrays.copyOf(buf, cap);
            }
        }
    }

    private Block block(byte[] buf, int len) {
        int lines = ByteScan.count(buf, 0, len, (byte) '\n');
        Block b = new Block(buf, len, nextLine, lines, false, 0);
        nextLine += lines;
        return b;
    }

    private Block longLine(byte[] buf, int len) throws IOException {
        long total = len;
        int tail = -1;
        byte[] skip = new byte[1 << 16];
        while (tail < 0) {
            int n = in.read(skip);
            if (n < 0) {
                eof = true;
                break;
            }
            bytesRead += n;
            for (int i = 0; i < n; i++) {
                if (skip[i] == '\n') {
                    tail = i;
                    break;
                }
            }
            total += tail < 0 ? n : tail;
            if (tail >= 0) {
                keep(skip, tail + 1, n);
            }
        }
        byte[] head = Arrays.copyOf(buf, Math.min(len, 256) + 1);
        head[head.length - 1] = '\n';
        Block b = new Block(head, head.length, nextLine, 1, true, total);
        nextLine++;
        return b;
    }

    private void keep(byte[] src, int from, int to) {
        carryLen = to - from;
        if (carry.length < carryLen) {
            carry = new byte[Math.max(carryLen, 1024)];
        }
        System.arraycopy(src, from, carry, 0, carryLen);
    }

    private static int lastNewline(byte[] b, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
