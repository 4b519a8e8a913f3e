package dev.iptriage.sink.report;

import java.util.List;

/**
 * Located addresses aggregated per cell of a 0.1-degree grid (about 11 km): a page or an image then
 * draws one point per cell, however many addresses there are. The number of cells is capped like
 * {@link CappedCounter} (Space-Saving): past the cap a new cell takes the least seen one's counter, so
 * the most seen cells are kept with counts at most 1/cap of all located sightings below the true ones.
 */
final class PointGrid {
    /** CellText per degree. */
    static final int SCALE = 10;

    private static final class Cell {
        long addresses;
        long best = -1;
        String place;
        String ip;
        String asn;
        String org;
    }

    private final HeavyKeys<Long, Cell> cells;

    PointGrid(int cap) {
        this.cells = new HeavyKeys<>(cap);
    }

    /** Adds one address seen {@code sightings} times; ignores coordinates out of range. */
    void add(double lat, double lon, long sightings, String place, String ip, String asn, String org) {
        if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
            return;
        }
        long key = Math.round(lat * SCALE) * 100_000L + Math.round(lon * SCALE);
        Cell c = cells.add(key, sightings, Cell::new).payload();
        c.addresses++;
        if (sightings > c.best) {
            c.best = sightings;
            c.place = place;
            c.ip = ip;
            c.asn = asn;
            c.org = org;
        }
    }

    /** The {@code n} most seen cells, most seen first. */
    List<Point> top(int n) {
        return cells.top(n).stream().map(PointGrid::point).toList();
    }

    /** Located sightings that the {@code n} cells of {@link #top} do not show. */
    long leftOut(int n) {
        return cells.total() - top(n).stream().mapToLong(Point::sightings).sum();
    }

    private static Point point(HeavyKeys.Entry<Long, Cell> e) {
        long key = e.key();
        long lat = Math.floorDiv(key + 50_000L, 100_000L);
        long lon = key - lat * 100_000L;
        Cell c = e.payload();
        return new Point(
                (double) lat / SCALE, (double) lon / SCALE, e.guaranteed(), c.addresses, c.place, c.ip, c.asn, c.org);
    }
}
