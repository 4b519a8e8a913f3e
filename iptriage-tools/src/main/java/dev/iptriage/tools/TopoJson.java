package dev.iptriage.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes the polygons of one geometry collection of a quantized TopoJSON topology (the format of the
 * world-atlas package): arcs are delta-encoded integer positions scaled by the topology's transform;
 * rings are lists of arc indexes, {@code ~i} meaning arc {@code i} reversed.
 */
final class TopoJson {
    /**
     * A closed ring of positions.
     *
     * @param lon longitudes in degrees
     * @param lat latitudes in degrees, same length
     */
    record Ring(double[] lon, double[] lat) {
        int size() {
            return lon.length;
        }
    }

    /**
     * A polygon: the outer ring first, then the holes.
     *
     * @param rings at least one ring
     */
    record Polygon(List<Ring> rings) {
        Ring outer() {
            return rings.get(0);
        }
    }

    /**
     * One geometry of the collection.
     *
     * @param id the geometry's id (world-atlas: the ISO 3166-1 numeric code), or null
     * @param name {@code properties.name}, or null
     * @param polygons the polygons (one for a Polygon, several for a MultiPolygon)
     */
    record Feature(String id, String name, List<Polygon> polygons) {}

    private TopoJson() {}

    /** Reads the features of the geometry collection {@code object} (e.g. "countries") of a file. */
    static List<Feature> read(Path file, String object) throws IOException {
        return decode(Json.asMap(Json.read(file), file.toString()), object);
    }

    /** Decodes the features of the geometry collection {@code object} of a parsed topology. */
    static List<Feature> decode(Map<String, Object> topology, String object) throws IOException {
        List<double[][]> arcs = arcs(topology);
        Map<String, Object> objects = Json.asMap(topology.get("objects"), "objects");
        Map<String, Object> collection = Json.asMap(objects.get(object), "objects." + object);
        List<Feature> out = new ArrayList<>();
        for (Object g : Json.asList(collection.get("geometries"), object + ".geometries")) {
            Map<String, Object> geometry = Json.asMap(g, "geometry");
            Object type = geometry.get("type");
            List<Object> parts;
            if ("Polygon".equals(type)) {
                parts = List.of(geometry.get("arcs"));
            } else if ("MultiPolygon".equals(type)) {
                parts = Json.asList(geometry.get("arcs"), "arcs");
            } else {
                continue;
            }
            List<Polygon> polygons = new ArrayList<>();
            for (Object p : parts) {
                List<Ring> rings = new ArrayList<>();
                for (Object r : Json.asList(p, "polygon")) {
                    rings.add(ring(Json.asList(r, "ring"), arcs));
                }
                if (!rings.isEmpty()) {
                    polygons.add(new Polygon(List.copyOf(rings)));
                }
            }
            Object id = geometry.get("id");
            Object name = geometry.get("properties") instanceof Map<?, ?> props ? props.get("name") : null;
            out.add(new Feature(
                    id == null ? null : id.toString(), name == null ? null : name.toString(), List.copyOf(polygons)));
        }
        return out;
    }

    /** Decodes every arc into absolute positions: [i][0] longitudes, [i][1] latitudes. */
    private static List<double[][]> arcs(Map<String, Object> topology) throws IOException {
        double sx = 1, sy = 1, tx = 0, ty = 0;
        if (topology.get("transform") != null) {
            Map<String, Object> transform = Json.asMap(topology.get("transform"), "transform");
            List<Object> scale = Json.asList(transform.get("scale"), "transform.scale");
            List<Object> translate = Json.asList(transform.get("translate"), "transform.translate");
            sx = num(scale.get(0));
            sy = num(scale.get(1));
            tx = num(translate.get(0));
            ty = num(translate.get(1));
        }
        boolean quantized = topology.get("transform") != null;
        List<double[][]> out = new ArrayList<>();
        for (Object a : Json.asList(topology.get("arcs"), "arcs")) {
            List<Object> positions = Json.asList(a, "arc");
            double[][] arc = new double[2][positions.size()];
            double x = 0, y = 0;
            for (int i = 0; i < positions.size(); i++) {
                List<Object> pos = Json.asList(positions.get(i), "position");
                x = quantized ? x + num(pos.get(0)) : num(pos.get(0));
                y = quantized ? y + num(pos.get(1)) : num(pos.get(1));
                arc[0][i] = x * sx + tx;
                arc[1][i] = y * sy + ty;
            }
            out.add(arc);
        }
        return out;
    }

    /**
     * Joins arcs into a ring; consecutive arcs share their end and start position. Quantization can
     * collapse a tiny country or islet to fewer than 4 positions (no area); such rings are kept.
     */
    private static Ring ring(List<Object> indexes, List<double[][]> arcs) throws IOException {
        int total = 0;
        for (Object o : indexes) {
            total += arc(o, arcs)[0].length - 1;
        }
        double[] lon = new double[total + 1];
        double[] lat = new double[total + 1];
        int n = 0;
        for (Object o : indexes) {
            int index = (int) num(o);
            double[][] arc = arc(o, arcs);
            int len = arc[0].length;
            for (int k = n == 0 ? 0 : 1; k < len; k++) {
                int src = index >= 0 ? k : len - 1 - k;
                lon[n] = arc[0][src];
                lat[n] = arc[1][src];
                n++;
            }
        }
        if (n == 0) {
            throw new IOException("empty ring");
        }
        return new Ring(unwrap(lon), lat);
    }

    /**
     * Makes a ring that crosses the antimeridian (a step of more than 180° between positions)
     * continuous by shifting positions by 360°, so its area and centroid come out right; longitudes
     * may then lie beyond ±180. A ring that circles a pole (Antarctica) stays as it is.
     */
    static double[] unwrap(double[] lon) {
        double[] out = new double[lon.length];
        double shift = 0;
        out[0] = lon[0];
        for (int i = 1; i < lon.length; i++) {
            double step = lon[i] - lon[i - 1];
            if (step > 180) {
                shift -= 360;
            } else if (step < -180) {
                shift += 360;
            }
            out[i] = lon[i] + shift;
        }
        return shift == 0 ? out : lon;
    }

    private static double[][] arc(Object index, List<double[][]> arcs) throws IOException {
        int i = (int) num(index);
        int resolved = i >= 0 ? i : ~i;
        if (resolved >= arcs.size()) {
            throw new IOException("arc index " + i + " out of range");
        }
        return arcs.get(resolved);
    }

    private static double num(Object o) throws IOException {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new IOException("expected a number, got " + o);
    }
}
