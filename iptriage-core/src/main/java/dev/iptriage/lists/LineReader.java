package dev.iptriage.lists;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines of bytes with a length cap, in bounded memory: a line longer than {@link #max} is reported as too long
 * and its bytes beyond the cap are skipped, never kept. LF ends a line; a CR before it is dropped; the last line needs
 * no LF.
 */
final class LineReader {
    private final InputStream in;
    private final int max;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;

    private byte[] line = new byte[256];
    private int len;
    private long fullLength;
    private int number;

    LineReader(InputStream in, int max) {
        this.in = in;
        this.max = max;
    }

    /**
     * Reads the next line.
     *
     * @return false at the end of the input
     */
    boolean next() throws IOException {
        len = 0;
        fullLength = 0;
        boolean any = false;
        while (true) {
            if (pos == lim) {
                if (eof || !fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int nl = -1;
            for (int i = pos; i < lim; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? lim : nl;
            append(pos, end - pos);
            pos = nl < 0 ? lim : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        number++;
        if (len > 0 && line[len - 1] == '\r' && fullLength == len) {
            len--;
            fullLength--;
        }
        return true;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            pos = lim = 0;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    private void append(int from, int n) {
        fullLength += n;
        int keep = Math.min(n, max - len);
        if (keep <= 0) {
            return;
        }
        if (len + keep > line.length) {
            byte[] bigger = new byte[Math.min(max, Math.max(line.length * 2, len + keep))];
            System.arraycopy(line, 0, bigger, 0, len);
            line = bigger;
        }
        System.arraycopy(buf, from, line, len, keep);
        len += keep;
    }

    /** {@return whether the line was longer than the cap (then {@link #bytes} holds only its start)} */
    boolean tooLong() {
        return fullLength > max;
    }

    /** {@return the line's length in bytes, also beyond the cap} */
    long fullLength() {
        return fullLength;
    }

    /** {@return the buffer holding the line's bytes from 0 to {@link #length}} */
    byte[] bytes() {
        return line;
    }

    /** {@return the number of bytes of the line kept} */
    int length() {
        return len;
    }

    /** {@return the line's number, counted from 1} */
    int number() {
        return number;
    }
}
