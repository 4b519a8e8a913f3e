package dev.iptriage.sink.png;

import dev.iptriage.sink.report.ColorRamp;
import dev.iptriage.sink.report.Point;
import dev.iptriage.sink.world.WorldOutlines;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws a world map (Equal Earth projection) with the report's points sized and colored by
 * sightings on a log scale, a legend and a title. Rings that cross the antimeridian (Russia, Fiji)
 * come with longitudes past ±180; each ring is drawn also shifted by ±360 degrees and clipped to
 * the map's outline, so both sides appear and nothing streaks across the map.
 */
final class WorldMap {
    static final Color BACKGROUND = Color.WHITE;
    static final Color OCEAN = new Color(0xaad3df);
    static final Color LAND = new Color(0xf2efe9);
    static final Color BORDER = new Color(0x9a9a9a);
    static final int TITLE_HEIGHT = 44;

    private final int width;
    private final int mapHeight;
    private final double scale;

    WorldMap(int width) {
        this.width = width;
        this.scale = (width - 20) / (2 * EqualEarth.X_MAX);
        this.mapHeight = (int) Math.ceil(2 * EqualEarth.Y_MAX * scale) + 20;
    }

    /** The pixel of a location on the image. */
    Point2D pixel(double lat, double lon) {
        return new Point2D.Double(
                width / 2.0 + EqualEarth.x(lon, lat) * scale,
                TITLE_HEIGHT + mapHeight / 2.0 - EqualEarth.y(lat) * scale);
    }

    BufferedImage draw(List<Point> points, String title) {
        BufferedImage img = new BufferedImage(width, TITLE_HEIGHT + mapHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            Shape sphere = outline();
            g.setColor(OCEAN);
            g.fill(sphere);
            g.setClip(sphere);
            drawCountries(g);
            long max = points.stream().mapToLong(Point::sightings).max().orElse(1);
            ColorRamp ramp = ColorRamp.upTo(max);
            drawPoints(g, points, ramp);
            g.setClip(null);
            g.setColor(BORDER);
            g.draw(sphere);
            Charts.title(g, title, width);
            legend(g, ramp, max);
        } finally {
            g.dispose();
        }
        return img;
    }

    private Shape outline() {
        Path2D.Double p = new Path2D.Double();
        for (int lat = -90; lat <= 90; lat++) {
            Point2D q = pixel(lat, 180);
            if (lat == -90) {
                p.moveTo(q.getX(), q.getY());
            } else {
                p.lineTo(q.getX(), q.getY());
            }
        }
        for (int lat = 90; lat >= -90; lat--) {
            Point2D q = pixel(lat, -180);
            p.lineTo(q.getX(), q.getY());
        }
        p.closePath();
        return p;
    }

    private void drawCountries(Graphics2D g) {
        g.setStroke(new BasicStroke(0.6f));
        for (WorldOutlines.Country c : WorldOutlines.countries()) {
            for (int shift = -360; shift <= 360; shift += 360) {
                Path2D.Double path = new Path2D.Double(Path2D.WIND_EVEN_ODD);
                boolean any = false;
                for (double[] ring : c.rings()) {
                    if (reaches(ring, shift)) {
                        addRing(path, ring, shift);
                        any = true;
                    }
                }
                if (any) {
                    g.setColor(LAND);
                    g.fill(path);
                    g.setColor(BORDER);
                    g.draw(path);
                }
            }
        }
    }

    /** Whether a ring shifted by {@code shift} degrees has any part within ±180. */
    private static boolean reaches(double[] ring, int shift) {
        for (int i = 0; i < ring.length; i += 2) {
            if (Math.abs(ring[i] + shift) <= 180) {
                return true;
            }
        }
        return false;
    }

    private void addRing(Path2D.Double path, double[] ring, int shift) {
        for (int i = 0; i + 1 < ring.length; i += 2) {
            Point2D q = pixel(ring[i + 1], ring[i] + shift);
            if (i == 0) {
                path.moveTo(q.getX(), q.getY());
            } else {
                path.lineTo(q.getX(), q.getY());
            }
        }
        path.closePath();
    }

    private void drawPoints(Graphics2D g, List<Point> points, ColorRamp ramp) {
        g.setStroke(new BasicStroke(0.8f));
        // least seen first, so the busiest locations end up on top
        for (Point p : points.stream()
                .sorted(Comparator.comparingLong(Point::sightings))
                .toList()) {
            double r = radius(p.sightings(), ramp);
            Point2D q = pixel(p.latitude(), p.longitude());
            Ellipse2D.Double dot = new Ellipse2D.Double(q.getX() - r, q.getY() - r, 2 * r, 2 * r);
            g.setColor(new Color(ramp.rgb(p.sightings())));
            g.fill(dot);
            g.setColor(new Color(0x40, 0x40, 0x40));
            g.draw(dot);
        }
    }

    private static double radius(long sightings, ColorRamp ramp) {
        return 2.5 + 1.6 * ramp.classOf(sightings);
    }

    private void legend(Graphics2D g, ColorRamp ramp, long max) {
        List<ColorRamp.Band> bands = ramp.bands();
        int x = 14;
        int y = TITLE_HEIGHT + mapHeight - 22 * bands.size() - 30;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.DARK_GRAY);
        Charts.draw(g, "Sightings per location", x, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (ColorRamp.Band b : bands) {
            y += 22;
            double r = radius(b.from(), ramp);
            Ellipse2D.Double dot = new Ellipse2D.Double(x + 10 - r, y - 5 - r, 2 * r, 2 * r);
            g.setColor(Color.decode(b.color()));
            g.fill(dot);
            g.setColor(Color.DARK_GRAY);
            g.draw(dot);
            String text = b.from() == b.to()
                    ? String.format(Locale.ROOT, "%,d", b.from())
                    : String.format(Locale.ROOT, "%,d - %,d", b.from(), b.to());
            Charts.draw(g, text, x + 26, y);
        }
        if (max <= 0) {
            Charts.draw(g, "no located addresses", x, y + 22);
        }
    }
}
