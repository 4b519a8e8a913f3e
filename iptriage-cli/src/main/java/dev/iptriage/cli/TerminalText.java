package dev.iptriage.cli;

import dev.iptriage.text.CellText;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream for text meant for a person at a terminal (messages on stderr; the output of {@code
 * lookup}, {@code db info}, {@code db list}, {@code db verify}, {@code fields}): every character
 * {@link CellText#isUnsafe} but TAB, CR and LF is written as U+FFFD, and so is every byte that is not
 * part of well-formed UTF-8, whatever part of the program wrote it (a message quoting a file name, a
 * database's type, picocli echoing a bad argument). Messages quote input, and input is hostile: this
 * is the one place that keeps its escape sequences from the terminal. Not for data (CSV, JSON): their
 * formats make their own cells safe.
 */
final class TerminalText extends FilterOutputStream {
    private static final byte[] REPLACEMENT =
            String.valueOf(CellText.REPLACEMENT).getBytes(StandardCharsets.UTF_8);

    /** A UTF-8 sequence begun in one write and not yet complete. */
    private final byte[] pending = new byte[4];

    private int have;
    private int need;

    private TerminalText(OutputStream out) {
        super(out);
    }

    /**
     * Flushes, and fails when the stream below has failed (a print stream keeps its failures to itself), so
     * {@link PrintStream#checkError()} of the stream this filter makes sees a full disk or a closed reader too.
     */
    @Override
    public void flush() throws IOException {
        super.flush();
        if (out instanceof PrintStream p && p.checkError()) {
            throw new IOException("writing to standard error failed");
        }
    }

    /** {@code out} behind the filter, as a UTF-8 print stream that flushes at each line. */
    static PrintStream wrap(PrintStream out) {
        return new PrintStream(new TerminalText(out), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) throws IOException {
        accept((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int plain = off; // a run of safe ASCII is written as it is, in one call
        for (int i = off; i < off + len; i++) {
            byte x = b[i];
            if (need == 0 && x >= 0x20 && x < 0x7f) {
                continue;
            }
            out.write(b, plain, i - plain);
            accept(x);
            plain = i + 1;
        }
        out.write(b, plain, off + len - plain);
    }

    private void accept(byte x) throws IOException {
        int u = x & 0xff;
        if (need > 0) {
            if ((u & 0xc0) == 0x80) {
                pending[have++] = x;
                if (have == need + 1) {
                    complete();
                }
                return;
            }
            out.write(REPLACEMENT); // a sequence cut short
            need = 0;
            have = 0;
        }
        if (u < 0x80) {
            if (u == '\t' || u == '\r' || u == '\n' || !CellText.isUnsafe(u)) {
                out.write(u);
            } else {
                out.write(REPLACEMENT);
            }
        } else if (u >= 0xc2 && u <= 0xf4) {
            pending[0] = x;
            have = 1;
            need = u < 0xe0 ? 1 : u < 0xf0 ? 2 : 3;
        } else {
            out.write(REPLACEMENT); // a continuation byte without a lead, or a byte UTF-8 never has
        }
    }

    private void complete() throws IOException {
        int cp = pending[0] & (0x3f >> need);
        for (int i = 1; i < have; i++) {
            cp = cp << 6 | (pending[i] & 0x3f);
        }
        boolean shortest = cp >= (need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000);
        boolean valid = shortest && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
        if (valid && !CellText.isUnsafe(cp)) {
            out.write(pending, 0, have);
        } else {
            out.write(REPLACEMENT);
        }
        need = 0;
        have = 0;
    }

    @Override
    public void close() throws IOException {
        if (need > 0) {
            out.write(REPLACEMENT);
            need = 0;
            have = 0;
        }
        super.close();
    }
}
