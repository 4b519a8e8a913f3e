package dev.iptriage.sink;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Aligns tab-separated lines into padded columns. The first {@value #SAMPLE} lines set the column
 * widths (capped at {@value #MAX_WIDTH} terminal columns; longer cells are cut with an ellipsis), then
 * lines stream through with those widths, so memory stays bounded for any input. Widths are display
 * widths, as a terminal draws them ({@link WCWidth}): a wide (CJK) character takes two columns, a
 * combining mark none.
 */
final class TableAligner extends FilterOutputStream {
    static final int SAMPLE = 1000;
    static final int MAX_WIDTH = 40;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<String[]> sample = new ArrayList<>();
    private int[] widths;

    TableAligner(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n') {
            lineDone(line.toString(StandardCharsets.UTF_8).split("\t", -1));
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void lineDone(String[] cells) throws IOException {
        if (widths != null) {
            print(cells);
            return;
        }
        sample.add(cells);
        if (sample.size() >= SAMPLE) {
            flushSample();
        }
    }

    private void flushSample() throws IOException {
        int n = 0;
        for (String[] c : sample) {
            n = Math.max(n, c.length);
        }
        widths = new int[n];
        for (String[] c : sample) {
            for (int i = 0; i < c.length; i++) {
                widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i], width(c[i])));
            }
        }
        for (String[] c : sample) {
            print(c);
        }
        sample.clear();
    }

    private void print(String[] cells) throws IOException {
        StringBuilder b = new StringBuilder(128);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            int len = width(c);
            int w = i < widths.length ? widths[i] : len;
            if (len > w) {
                c = cut(c, w - 1) + "\u2026";
                len = width(c);
            }
            b.append(c);
            if (i < cells.length - 1) {
                b.append(" ".repeat(w - len + 2));
            }
        }
        out.write(b.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The columns {@code s} takes on a terminal (a control character, which cells never hold, none). */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += Math.max(0, WCWidth.wcwidth(cp));
            i += Character.charCount(cp);
        }
        return w;
    }

    /** The longest start of {@code s} at most {@code max} columns wide (with the combining marks that follow it). */
    private static String cut(String s, int max) {
        int w = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int cw = Math.max(0, WCWidth.wcwidth(cp));
            if (w + cw > max) {
                break;
            }
            w += cw;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (widths == null && !sample.isEmpty()) {
            flushSample();
        }
        out.flush();
    }
}
