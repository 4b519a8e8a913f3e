package dev.iptriage.sink.png;

import dev.iptriage.sink.report.Tally;
import dev.iptriage.text.CellText;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** Horizontal bar charts of a top-N table, and the title line shared with the map. */
final class Charts {
    static final Color BAR = new Color(0xd95f0e);
    private static final int ROW = 24;
    private static final int LABEL_WIDTH = 300;

    private Charts() {}

    /** Bars of the tallies' sightings, with their share of {@code total}. */
    static BufferedImage bars(String title, List<Tally> tallies, long total, int width) {
        return bars(title, tallies, Tally::sightings, total, width);
    }

    /** Bars of {@code value} of each tally, with its share of {@code total}. */
    static BufferedImage bars(String title, List<Tally> tallies, ToLongFunction<Tally> value, long total, int width) {
        int height = 60 + Math.max(1, tallies.size()) * ROW + 20;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            title(g, title, width);
            long max = Math.max(1, tallies.stream().mapToLong(value).max().orElse(1));
            int barSpace = width - LABEL_WIDTH - 140;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics fm = g.getFontMetrics();
            int y = 60;
            for (Tally t : tallies) {
                long v = value.applyAsLong(t);
                int w = (int) Math.max(1, Math.round((double) v / max * barSpace));
                g.setColor(BAR);
                g.fillRect(LABEL_WIDTH, y, w, ROW - 6);
                g.setColor(Color.DARK_GRAY);
                draw(g, fit(label(t), fm, LABEL_WIDTH - 16), 10, y + ROW - 10);
                String n = String.format(Locale.ROOT, "%,d (%.1f%%)", v, total > 0 ? 100.0 * v / total : 0);
                draw(g, n, LABEL_WIDTH + w + 6, y + ROW - 10);
                y += ROW;
            }
            if (tallies.isEmpty()) {
                draw(g, "no data", 10, y + ROW - 10);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The text of a bar: its key and label (an ASN and its organization), {@link #shown} as drawn. */
    static String label(Tally t) {
        return shown(t.key().equals(t.label()) || t.label().isEmpty() ? t.key() : t.key() + " " + t.label());
    }

    /**
     * Text as the images show it: controls and bidirectional overrides as U+FFFD ({@link CellText#terminalSafe}, as
     * the HTML report and the terminal show them), so a database's or an input's names cannot reorder a label.
     */
    static String shown(String s) {
        return CellText.terminalSafe(s);
    }

    /** Draws text {@link #shown}: every string the images draw goes through here. */
    static void draw(Graphics2D g, String text, int x, int y) {
        g.drawString(shown(text), x, y);
    }

    /** The text {@link #shown}, cut with an ellipsis to fit {@code width} pixels (never inside a character). */
    static String fit(String s, FontMetrics fm, int width) {
        String t = shown(s);
        if (fm.stringWidth(t) <= width) {
            return t;
        }
        while (!t.isEmpty() && fm.stringWidth(t + "\u2026") > width) {
            t = t.substring(0, t.offsetByCodePoints(t.length(), -1));
        }
        return t + "\u2026";
    }

    static void title(Graphics2D g, String title, int width) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.setColor(new Color(0x22, 0x22, 0x22));
        draw(g, fit(title, g.getFontMetrics(), width - 20), 12, 30);
    }
}
