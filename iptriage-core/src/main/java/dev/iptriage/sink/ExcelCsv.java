package dev.iptriage.sink;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * CSV for a double-click in Excel ({@code --excel}): a UTF-8 byte order mark first, so Excel reads the
 * file as UTF-8 rather than the machine's ANSI code page ({@code Düsseldorf}, not {@code DÃ¼sseldorf}),
 * and CRLF line ends. Only the ends of records become CRLF: a line break inside a quoted cell is part
 * of the value and stays as the CSV writer wrote it, as does every other byte (the formula-safe
 * escaping too). So stripping the mark and the CR before each record's LF gives the plain CSV back.
 *
 * <p>The bytes written through it must be CSV as RFC 4180 quotes it (a CR outside quotes is only ever
 * the CR of a CRLF). Not thread-safe.
 */
public final class ExcelCsv extends FilterOutputStream {
    /** The UTF-8 byte order mark. */
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private boolean quoted;
    private int previous = -1;

    private ExcelCsv(OutputStream out) {
        super(out);
    }

    /** {@return a stream writing to {@code out} (closed with it), the byte order mark already written} */
    public static ExcelCsv open(OutputStream out) throws IOException {
        out.write(BOM);
        return new ExcelCsv(out);
    }

    @Override
    public void write(int b) throws IOException {
        byte[] one = {(byte) b};
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int run = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                quoted = !quoted; // "" inside a quoted cell turns it twice
            } else if (c == '\n' && !quoted && previousByte(b, off, i) != '\r') {
                out.write(b, run, i - run);
                out.write('\r');
                run = i; // the LF goes out with the next run
            }
        }
        out.write(b, run, end - run);
        if (len > 0) {
            previous = b[end - 1];
        }
    }

    private int previousByte(byte[] b, int off, int i) {
        return i > off ? b[i - 1] : previous;
    }
}
