package dev.iptriage.sink;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated lines into padded columns. The first {@value #SAMPLE} lines set the column
 * widths (capped at {@value #MAX_WIDTH} characters; longer cells are cut with an ellipsis), then
 * lines stream through with those widths, so memory stays bounded for any input.
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
                widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i], c[i].codePointCount(0, c[i].length())));
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
            int w = i < widths.length ? widths[i] : c.length();
            int len = c.codePointCount(0, c.length());
            if (len > w) {
                c = c.substring(0, c.offsetByCodePoints(0, Math.max(0, w - 1))) + "\u2026";
                len = w;
            }
            b.append(c);
            if (i < cells.length - 1) {
                b.append(" ".repeat(w - len + 2));
            }
        }
        out.write(b.append('\n').toString().getBytes(StandardCharsets.UTF_8));
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
