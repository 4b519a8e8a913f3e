package dev.iptriage.tools;

import dev.iptriage.tools.TopoJson.Feature;
import dev.iptriage.tools.TopoJson.Polygon;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Country-level locations from Natural Earth Admin 0 boundaries (world-atlas {@code
 * countries-10m.json}). Natural Earth keys countries by ISO 3166-1 numeric code and draws some
 * territories as parts of another country (French overseas departments in France, Svalbard, Jan Mayen
 * and Bouvet Island in Norway, the Caribbean Netherlands in the Netherlands, Tokelau in New Zealand,
 * Christmas and Cocos Islands in one unnumbered feature); {@link #SEEDS} moves those parts to their
 * own code by position.
 */
final class CountryPoints {
    /**
     * Polygons of {@code parent} whose outer ring's mean position is within {@code km} of ({@code lat},
     * {@code lon}) belong to {@code code}.
     */
    record Seed(String code, String parent, double lat, double lon, double km) {}

    static final List<Seed> SEEDS = List.of(
            new Seed("GF", "FR", 4.0, -53.0, 400),
            new Seed("GP", "FR", 16.2, -61.5, 100),
            new Seed("MQ", "FR", 14.65, -61.0, 60),
            new Seed("RE", "FR", -21.1, 55.5, 100),
            new Seed("YT", "FR", -12.8, 45.15, 60),
            new Seed("SJ", "NO", 78.5, 17.0, 500), // Svalbard
            new Seed("SJ", "NO", 71.0, -8.5, 60), // Jan Mayen
            new Seed("BV", "NO", -54.4, 3.4, 50),
            new Seed("BQ", "NL", 12.2, -68.3, 50), // Bonaire
            new Seed("BQ", "NL", 17.55, -63.1, 50), // Saba, Sint Eustatius
            new Seed("TK", "NZ", -9.0, -171.8, 300),
            new Seed("CC", "name:Indian Ocean Ter.", -12.15, 96.85, 100),
            new Seed("CX", "name:Indian Ocean Ter.", -10.5, 105.65, 100));

    /** Features without a numeric code that stand for a country code. */
    static final Map<String, String> NAMED = Map.of("Kosovo", "XK");

    /** Codes without geometry of their own, located like another code: AN (withdrawn) like CW. */
    static final Map<String, String> SAME_AS = Map.of("AN", "CW");

    private CountryPoints() {}

    /**
     * Reads i18n-iso-countries' {@code codes.json} ({@code [[alpha2, alpha3, numeric, ...], ...]}) into
     * a map from numeric code (3 digits) to alpha-2 code.
     */
    static Map<String, String> numericToAlpha2(Path codesJson) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Object row : Json.asList(Json.read(codesJson), codesJson.toString())) {
            List<Object> fields = Json.asList(row, "codes.json row");
            if (fields.size() < 3) {
                throw new IOException(codesJson + ": short row " + fields);
            }
            out.put(fields.get(2).toString(), fields.get(0).toString());
        }
        return out;
    }

    /**
     * Computes a location for every country code the features name.
     *
     * @param features the Admin 0 features
     * @param numericToAlpha2 ISO 3166-1 numeric to alpha-2
     * @return alpha-2 code to location, sorted by code
     */
    static Map<String, CountryLocation> compute(List<Feature> features, Map<String, String> numericToAlpha2) {
        return compute(features, numericToAlpha2, SEEDS);
    }

    /** As {@link #compute(List, Map)}, with the given seeds. */
    static Map<String, CountryLocation> compute(
            List<Feature> features, Map<String, String> numericToAlpha2, List<Seed> seeds) {
        Map<String, List<Polygon>> byKey = new LinkedHashMap<>();
        for (Feature f : features) {
            String key = f.id() != null ? numericToAlpha2.get(f.id()) : NAMED.get(f.name());
            if (key == null) {
                key = "name:" + f.name();
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).addAll(f.polygons());
        }
        for (Seed seed : seeds) {
            List<Polygon> parent = byKey.get(seed.parent());
            if (parent == null) {
                throw new IllegalStateException("no feature " + seed.parent() + " for " + seed);
            }
            List<Polygon> moved = new ArrayList<>();
            for (Iterator<Polygon> it = parent.iterator(); it.hasNext(); ) {
                Polygon p = it.next();
                if (distanceFromSeed(p, seed) <= seed.km()) {
                    moved.add(p);
                    it.remove();
                }
            }
            if (moved.isEmpty()) {
                throw new IllegalStateException("no polygon of " + seed.parent() + " near " + seed);
            }
            byKey.computeIfAbsent(seed.code(), k -> new ArrayList<>()).addAll(moved);
        }
        Map<String, CountryLocation> out = new TreeMap<>();
        byKey.forEach((key, polygons) -> {
            if (!key.startsWith("name:") && !polygons.isEmpty()) {
                out.put(key, CountryLocation.of(polygons));
            }
        });
        SAME_AS.forEach((code, like) -> {
            CountryLocation location = out.get(like);
            if (location != null) {
                out.putIfAbsent(code, location);
            }
        });
        return out;
    }

    private static double distanceFromSeed(Polygon p, Seed seed) {
        double lat = 0, lon = 0;
        int n = p.outer().size();
        for (int i = 0; i < n; i++) {
            lat += p.outer().lat()[i];
            lon += p.outer().lon()[i];
        }
        return CountryLocation.distanceKm(seed.lat(), seed.lon(), lat / n, lon / n);
    }
}
