package dev.iptriage.sink.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A log-scale color ramp for counts from 1 to a maximum: six classes from light yellow to dark red
 * (the YlOrRd scheme of ColorBrewer). The HTML map and the PNG map use the same classes.
 */
public final class ColorRamp {
    private static final int[] COLORS = {0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xf03b20, 0xbd0026};

    /**
     * One class of the legend.
     *
     * @param from the least count in the class
     * @param to the greatest count in the class
     * @param color its color, {@code #rrggbb}
     */
    public record Band(long from, long to, String color) {}

    private final long max;

    private ColorRamp(long max) {
        this.max = Math.max(1, max);
    }

    /** A ramp for counts up to {@code max}. */
    public static ColorRamp upTo(long max) {
        return new ColorRamp(max);
    }

    /** The class of a count, 0 (least) to 5. */
    public int classOf(long count) {
        if (max <= 1 || count <= 1) {
            return 0;
        }
        double t = Math.log(count) / Math.log(max);
        return (int) Math.max(0, Math.min(COLORS.length - 1, Math.floor(t * COLORS.length)));
    }

    /** The color of a count as {@code 0xrrggbb}. */
    public int rgb(long count) {
        return COLORS[classOf(count)];
    }

    /** The legend: the classes that occur between 1 and the maximum, least first. */
    public List<Band> bands() {
        List<Band> out = new ArrayList<>();
        long from = 1;
        for (int c = 0; c < COLORS.length && from <= max; c++) {
            if (classOf(from) == c) {
                long to = lastOf(from, c);
                out.add(new Band(from, to, String.format("#%06x", COLORS[c])));
                from = to + 1;
            }
        }
        return out;
    }

    /** The greatest count of class {@code c} (found by bisection, so any maximum is fast). */
    private long lastOf(long known, int c) {
        long lo = known;
        long hi = max;
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (classOf(mid) <= c) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
