package dev.iptriage.tools;

import dev.iptriage.tools.TopoJson.Polygon;
import dev.iptriage.tools.TopoJson.Ring;
import java.util.ArrayList;
import java.util.List;

/**
 * A country-level location: one representative point inside the country's largest landmass and a
 * radius (km) that covers the whole country from that point, capped. It says where the country is,
 * not where an address is.
 *
 * @param latitude degrees, rounded to 4 decimals
 * @param longitude degrees, rounded to 4 decimals
 * @param accuracyRadiusKm the distance from the point to the country's farthest boundary position,
 *     rounded up to 10 km, between {@link #MIN_RADIUS_KM} and {@link #MAX_RADIUS_KM}
 */
record CountryLocation(double latitude, double longitude, int accuracyRadiusKm) {
    static final int MIN_RADIUS_KM = 10;
    static final int MAX_RADIUS_KM = 1000;
    private static final double EARTH_RADIUS_KM = 6371.0088;
    private static final double KM_PER_DEGREE = Math.PI * EARTH_RADIUS_KM / 180;

    /**
     * Computes the location of a country from its polygons. The point is the area centroid of the
     * largest polygon when that lies inside it (not in a bay or a hole); otherwise the middle of the
     * widest stretch of that polygon along the centroid's parallel. A polygon without area (a tiny
     * country collapsed by quantization) gives the mean of its positions.
     *
     * @param parts the country's polygons, at least one
     */
    static CountryLocation of(List<Polygon> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no polygons");
        }
        Polygon largest = parts.get(0);
        for (Polygon p : parts) {
            if (areaKm2(p.outer()) > areaKm2(largest.outer())) {
                largest = p;
            }
        }
        double[] point = centroid(largest.outer());
        if (!contains(largest, point[0], point[1])) {
            double[] inside = widestStretchMiddle(largest, point[1]);
            if (inside == null) {
                inside = widestStretchMiddle(largest, middleLatitude(largest.outer()));
            }
            point = inside != null ? inside : mean(largest.outer());
        }
        double far = 0;
        for (Polygon p : parts) {
            for (Ring r : p.rings()) {
                for (int i = 0; i < r.size(); i++) {
                    far = Math.max(far, distanceKm(point[1], point[0], r.lat()[i], r.lon()[i]));
                }
            }
        }
        int radius = (int) Math.ceil(far / 10) * 10;
        radius = Math.max(MIN_RADIUS_KM, Math.min(MAX_RADIUS_KM, radius));
        return new CountryLocation(round4(point[1]), round4(normalizeLongitude(point[0])), radius);
    }

    /** Approximate area of a ring in km² (plane projection scaled at the ring's mean latitude). */
    static double areaKm2(Ring r) {
        double meanLat = 0;
        for (double lat : r.lat()) {
            meanLat += lat;
        }
        meanLat /= r.size();
        double scale = Math.cos(Math.toRadians(meanLat)) * KM_PER_DEGREE * KM_PER_DEGREE;
        return Math.abs(signedArea(r)) * scale;
    }

    /** Returns {lon, lat} of the area centroid of a ring (in plain degree coordinates). */
    static double[] centroid(Ring r) {
        double a = 0, cx = 0, cy = 0;
        double[] x = r.lon(), y = r.lat();
        for (int i = 0, j = r.size() - 1; i < r.size(); j = i++) {
            double cross = x[j] * y[i] - x[i] * y[j];
            a += cross;
            cx += (x[j] + x[i]) * cross;
            cy += (y[j] + y[i]) * cross;
        }
        if (a == 0) {
            return mean(r);
        }
        return new double[] {cx / (3 * a), cy / (3 * a)};
    }

    /** Even-odd test over all rings of the polygon (holes excluded). */
    static boolean contains(Polygon p, double lon, double lat) {
        boolean inside = false;
        for (Ring r : p.rings()) {
            double[] x = r.lon(), y = r.lat();
            for (int i = 0, j = r.size() - 1; i < r.size(); j = i++) {
                if ((y[i] > lat) != (y[j] > lat) && lon < (x[j] - x[i]) * (lat - y[i]) / (y[j] - y[i]) + x[i]) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }

    /** Great-circle distance (haversine) in km. */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1))
                        * Math.cos(Math.toRadians(lat2))
                        * Math.sin(dLon / 2)
                        * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Returns {lon, lat} of the middle of the widest inside stretch along a parallel, or null. */
    private static double[] widestStretchMiddle(Polygon p, double lat) {
        List<Double> crossings = new ArrayList<>();
        for (Ring r : p.rings()) {
            double[] x = r.lon(), y = r.lat();
            for (int i = 0, j = r.size() - 1; i < r.size(); j = i++) {
                if ((y[i] > lat) != (y[j] > lat)) {
                    crossings.add((x[j] - x[i]) * (lat - y[i]) / (y[j] - y[i]) + x[i]);
                }
            }
        }
        crossings.sort(null);
        double[] best = null;
        double bestWidth = 0;
        for (int i = 0; i + 1 < crossings.size(); i += 2) {
            double width = crossings.get(i + 1) - crossings.get(i);
            if (width > bestWidth) {
                bestWidth = width;
                best = new double[] {(crossings.get(i) + crossings.get(i + 1)) / 2, lat};
            }
        }
        return best;
    }

    private static double[] mean(Ring r) {
        double lon = 0, lat = 0;
        for (int i = 0; i < r.size(); i++) {
            lon += r.lon()[i];
            lat += r.lat()[i];
        }
        return new double[] {lon / r.size(), lat / r.size()};
    }

    private static double middleLatitude(Ring r) {
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (double lat : r.lat()) {
            min = Math.min(min, lat);
            max = Math.max(max, lat);
        }
        return (min + max) / 2;
    }

    private static double signedArea(Ring r) {
        double a = 0;
        double[] x = r.lon(), y = r.lat();
        for (int i = 0, j = r.size() - 1; i < r.size(); j = i++) {
            a += x[j] * y[i] - x[i] * y[j];
        }
        return a / 2;
    }

    /** Brings a longitude of an unwrapped ring back into [-180, 180). */
    static double normalizeLongitude(double lon) {
        double l = (lon + 180) % 360;
        return (l < 0 ? l + 360 : l) - 180;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
