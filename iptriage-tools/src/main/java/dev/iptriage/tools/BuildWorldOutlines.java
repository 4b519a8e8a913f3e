package dev.iptriage.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.iptriage.tools.TopoJson.Feature;
import dev.iptriage.tools.TopoJson.Polygon;
import dev.iptriage.tools.TopoJson.Ring;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the country outlines that reports and PNG maps draw: Natural Earth 1:110m Admin 0
 * boundaries from the world-atlas package ({@code countries-110m.json}), as a GeoJSON
 * FeatureCollection of MultiPolygons with properties {@code iso} (ISO 3166-1 alpha-2, or empty) and
 * {@code name}, coordinates rounded to 0.01 degrees. Run by {@code scripts/build-world-outlines.sh}.
 *
 * <p>Arguments: {@code --atlas-package DIR --iso-codes-package DIR --out FILE}.
 */
public final class BuildWorldOutlines {
    private BuildWorldOutlines() {}

    /** Command-line entry point. */
    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: BuildWorldOutlines --atlas-package DIR --iso-codes-package DIR --out FILE");
        }
        Map<String, String> o = Map.of(args[0], args[1], args[2], args[3], args[4], args[5]);
        SourcePackage atlas = SourcePackage.open(Path.of(o.get("--atlas-package")), BuildDefaultDb.ATLAS_PACKAGE);
        SourcePackage iso = SourcePackage.open(Path.of(o.get("--iso-codes-package")), "i18n-iso-countries");
        List<Feature> features = TopoJson.read(atlas.file("countries-110m.json"), "countries");
        String json = geoJson(features, CountryPoints.numericToAlpha2(iso.file("codes.json")));
        Files.writeString(Path.of(o.get("--out")), json, StandardCharsets.UTF_8);
        System.err.println("wrote " + features.size() + " countries from " + atlas.spec());
    }

    /** The features as GeoJSON, sorted by code then name so the output is stable. */
    static String geoJson(List<Feature> features, Map<String, String> numericToAlpha2) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            List<Feature> sorted = features.stream()
                    .sorted(Comparator.comparing((Feature f) -> code(f, numericToAlpha2))
                            .thenComparing(f -> String.valueOf(f.name())))
                    .toList();
            for (Feature f : sorted) {
                writeFeature(g, f, code(f, numericToAlpha2));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return w + "\n";
    }

    private static String code(Feature f, Map<String, String> numericToAlpha2) {
        if (f.id() != null && numericToAlpha2.containsKey(f.id())) {
            return numericToAlpha2.get(f.id());
        }
        return CountryPoints.NAMED.getOrDefault(String.valueOf(f.name()), "");
    }

    private static void writeFeature(JsonGenerator g, Feature f, String code) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeObjectFieldStart("properties");
        g.writeStringField("iso", code);
        g.writeStringField("name", f.name() == null ? "" : f.name());
        g.writeEndObject();
        g.writeObjectFieldStart("geometry");
        g.writeStringField("type", "MultiPolygon");
        g.writeArrayFieldStart("coordinates");
        for (Polygon p : f.polygons()) {
            g.writeStartArray();
            for (Ring r : p.rings()) {
                g.writeStartArray();
                for (int i = 0; i < r.size(); i++) {
                    g.writeStartArray();
                    g.writeNumber(round(r.lon()[i]));
                    g.writeNumber(round(r.lat()[i]));
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static BigDecimal round(double d) {
        return BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
