package dev.iptriage.sink.png;

/**
 * The Equal Earth projection (Šavrič, Patterson and Jenny, 2018): equal-area, with straight
 * parallels and a familiar world shape. Coordinates in degrees in, projected units out (x within
 * about ±2.71, y within about ±1.32, y up).
 */
final class EqualEarth {
    private static final double A1 = 1.340264;
    private static final double A2 = -0.081106;
    private static final double A3 = 0.000893;
    private static final double A4 = 0.003796;
    private static final double M = Math.sqrt(3) / 2;

    /** Half the width of the map in projected units (x at longitude 180 on the equator). */
    static final double X_MAX = x(180, 0);

    /** Half the height of the map in projected units (y at the pole). */
    static final double Y_MAX = y(90);

    private EqualEarth() {}

    /** Projected x; longitudes beyond ±180 continue past the edge (callers clip). */
    static double x(double lon, double lat) {
        double t = theta(lat);
        double t2 = t * t;
        double t6 = t2 * t2 * t2;
        return 2
                * Math.sqrt(3)
                * Math.toRadians(lon)
                * Math.cos(t)
                / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1));
    }

    /** Projected y. */
    static double y(double lat) {
        double t = theta(lat);
        double t2 = t * t;
        double t6 = t2 * t2 * t2;
        return t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    }

    private static double theta(double lat) {
        return Math.asin(M * Math.sin(Math.toRadians(Math.max(-90, Math.min(90, lat)))));
    }
}
