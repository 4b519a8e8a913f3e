package dev.iptriage.sink.png;

import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.Tally;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * PNG images of a report, drawn with Java2D: works headless (no display, no browser).
 *
 * <p>Entry point: {@link #writeMap}, {@link #writeCountryChart}, {@link #writeAsnChart}, {@link
 * #writeListingChart}, {@link #writeTagChart}, {@link #writeScannerChart}.
 */
public final class PngImages {
    /** Width of the map in pixels. */
    public static final int MAP_WIDTH = 1600;

    /** Width of a chart in pixels. */
    public static final int CHART_WIDTH = 1000;

    private PngImages() {}

    /** Writes the world map of the report's points. */
    public static void writeMap(ReportData d, OutputStream out) throws IOException {
        headless();
        String title = d.facts().title()
                + String.format(
                        java.util.Locale.ROOT, " \u2014 %,d sightings, %,d addresses", d.sightings(), d.distinct());
        write(new WorldMap(MAP_WIDTH).draw(d.points(), title), out);
    }

    /** Writes a bar chart of the top countries. */
    public static void writeCountryChart(ReportData d, int top, OutputStream out) throws IOException {
        headless();
        var t = d.countries().subList(0, Math.min(top, d.countries().size()));
        write(Charts.bars("Top countries by sightings", t, d.sightings(), CHART_WIDTH), out);
    }

    /** Writes a bar chart of the top autonomous systems. */
    public static void writeAsnChart(ReportData d, int top, OutputStream out) throws IOException {
        headless();
        var t = d.asns().subList(0, Math.min(top, d.asns().size()));
        write(Charts.bars("Top autonomous systems by sightings", t, d.sightings(), CHART_WIDTH), out);
    }

    /**
     * Writes a bar chart of the top DNS blocklist listings by distinct addresses (share of the
     * distinct addresses); a chart saying "no data" when nothing was listed.
     *
     * @throws IllegalArgumentException when the report has no listings column ({@link
     *     ReportData#listings()} is empty)
     */
    public static void writeListingChart(ReportData d, int top, OutputStream out) throws IOException {
        headless();
        List<Tally> all = d.listings()
                .orElseThrow(() -> new IllegalArgumentException("the report has no DNS blocklist listings"))
                .top();
        List<Tally> t = all.subList(0, Math.min(top, all.size()));
        write(
                Charts.bars("Top DNS blocklist listings by addresses", t, Tally::addresses, d.distinct(), CHART_WIDTH),
                out);
    }

    /**
     * Writes a bar chart of the lists most addresses are on ({@code --list}; bogon matches not
     * counted), with their share of the distinct addresses; "no data" when none is.
     *
     * @throws IllegalArgumentException when the report has no list columns ({@link ReportData#tags()}
     *     is empty)
     */
    public static void writeTagChart(ReportData d, int top, OutputStream out) throws IOException {
        headless();
        List<Tally> all = d.tags()
                .orElseThrow(() -> new IllegalArgumentException("the report has no lists"))
                .top();
        List<Tally> t = all.subList(0, Math.min(top, all.size()));
        write(Charts.bars("Top lists by addresses", t, Tally::addresses, d.distinct(), CHART_WIDTH), out);
    }

    /**
     * Writes a bar chart of the known scanner organisations with the most sightings, with their share
     * of all sightings; "no data" when no address is a known scanner.
     *
     * @throws IllegalArgumentException when the report has no scanner columns ({@link
     *     ReportData#scanners()} is empty)
     */
    public static void writeScannerChart(ReportData d, int top, OutputStream out) throws IOException {
        headless();
        List<Tally> all =
                d
                        .scanners()
                        .orElseThrow(() -> new IllegalArgumentException("the report has no scanners"))
                        .top()
                        .stream()
                        .map(o -> new Tally(o.name(), o.name(), o.sightings(), o.addresses()))
                        .toList();
        List<Tally> t = all.subList(0, Math.min(top, all.size()));
        write(Charts.bars("Top known scanners by sightings", t, d.sightings(), CHART_WIDTH), out);
    }

    private static void write(BufferedImage img, OutputStream out) throws IOException {
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    /** Java2D must not look for a display (a server, CI): set before the first AWT use. */
    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
