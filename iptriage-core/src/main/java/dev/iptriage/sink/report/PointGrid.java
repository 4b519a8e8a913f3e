package dev.iptriage.sink.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Located addresses aggregated per cell of a 0.1-degree grid (about 11 km): a page or an image then
 * draws one point per cell, however many addresses there are. The number of cells is capped like
 * {@link CappedCounter}: past the cap the less seen half is dropped and its sightings counted.
 */
final class PointGrid {
    /** Cells per degree. */
    static final int SCALE = 10;

    private static final class Cell {
        long sightings;
        long addresses;
        long best = -1;
        String place;
        String ip;
        String asn;
        String org;
    }

    private final int cap;
    private final Map<Long, Cell> cells = new HashMap<>();
    private long dropped;

    PointGrid(int cap) {
        this.cap = cap;
    }

    /** Adds one address seen {@code sightings} times; ignores coordinates out of range. */
    void add(double lat, double lon, long sightings, String place, String ip, String asn, String org) {
        if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
            return;
        }
        long key = Math.round(lat * SCALE) * 100_000L + Math.round(lon * SCALE);
        Cell c = cells.computeIfAbsent(key, k -> new Cell());
        c.sightings += sightings;
        c.addresses++;
        if (sightings > c.best) {
            c.best = sightings;
            c.place = place;
            c.ip = ip;
            c.asn = asn;
            c.org = org;
        }
        if (cells.size() > cap) {
            prune();
        }
    }

    private void prune() {
        dropped += CappedCounter.dropLessSeenHalf(cells.values(), c -> c.sightings);
    }

    /** The {@code n} most seen cells, most seen first. */
    List<Point> top(int n) {
        List<Map.Entry<Long, Cell>> all = new ArrayList<>(cells.entrySet());
        all.sort(Comparator.comparingLong((Map.Entry<Long, Cell> e) -> -e.getValue().sightings)
                .thenComparing(Map.Entry::getKey));
        return all.stream().limit(n).map(PointGrid::point).toList();
    }

    /** Sightings in cells that {@link #top} leaves out or that were dropped. */
    long leftOut(int n) {
        long shown = top(n).stream().mapToLong(Point::sightings).sum();
        return dropped + cells.values().stream().mapToLong(c -> c.sightings).sum() - shown;
    }

    private static Point point(Map.Entry<Long, Cell> e) {
        long key = e.getKey();
        long lat = Math.floorDiv(key + 50_000L, 100_000L);
        long lon = key - lat * 100_000L;
        Cell c = e.getValue();
        return new Point(
                (double) lat / SCALE, (double) lon / SCALE, c.sightings, c.addresses, c.place, c.ip, c.asn, c.org);
    }
}
