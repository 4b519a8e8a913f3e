package dev.iptriage.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import dev.iptriage.tools.TopoJson.Feature;
import dev.iptriage.tools.TopoJson.Polygon;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TopoJSON decoding and country-level points on tiny hand-made topologies (arc -1 is ~0, arc 0 reversed). */
class GeometryTest {
    /**
     * Arc 0: a 4x4 square at (10..14, 40..44); arc 1: a C-shaped ring open to the east whose
     * centroid falls in the opening; arc 2: a 1x1 hole in the square; arc 3: a 2x2 island crossing
     * the antimeridian (179..181 written as 179..180, -180..-179). Quantized with scale 1 and no
     * translation, so positions are deltas in degrees.
     */
    static final String TOPOLOGY = """
            {"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
             "objects":{"countries":{"type":"GeometryCollection","geometries":[
               {"type":"Polygon","id":"001","properties":{"name":"Square"},"arcs":[[0],[2]]},
               {"type":"MultiPolygon","id":"002","properties":{"name":"Cee"},"arcs":[[[1]]]},
               {"type":"Polygon","properties":{"name":"Nameless"},"arcs":[[-1]]},
               {"type":"MultiPolygon","id":"003","properties":{"name":"Dateline"},"arcs":[[[3]]]},
               {"type":null,"id":"004"}
             ]}},
             "arcs":[
               [[10,40],[4,0],[0,4],[-4,0],[0,-4]],
               [[0,0],[10,0],[0,2],[-8,0],[0,6],[8,0],[0,2],[-10,0],[0,-10]],
               [[11,41],[0,1],[1,0],[0,-1],[-1,0]],
               [[179,-10],[1,0],[-359,0],[0,2],[359,0],[-1,0],[0,-2]]
             ]}
            """;

    private static List<Feature> features() throws IOException {
        return TopoJson.decode(Json.asMap(Json.parse(TOPOLOGY), "test"), "countries");
    }

    @Test
    void decodesQuantizedArcsAndReversedArcs() throws IOException {
        List<Feature> f = features();
        assertThat(f).extracting(Feature::name).containsExactly("Square", "Cee", "Nameless", "Dateline");
        Polygon square = f.get(0).polygons().get(0);
        assertThat(square.rings()).hasSize(2);
        assertThat(square.outer().lon()).containsExactly(10, 14, 14, 10, 10);
        assertThat(square.outer().lat()).containsExactly(40, 40, 44, 44, 40);
        assertThat(f.get(2).id()).isNull();
        assertThat(f.get(2).polygons().get(0).outer().lon()).containsExactly(10, 10, 14, 14, 10);
    }

    @Test
    void pointIsTheCentroidWhenInside() throws IOException {
        CountryLocation loc = CountryLocation.of(features().get(0).polygons());
        assertThat(loc.latitude()).isCloseTo(42, within(0.01));
        assertThat(loc.longitude()).isCloseTo(12, within(0.01));
        // farthest corner of a 4x4 degree square from its middle: about 300 km at 42N
        assertThat(loc.accuracyRadiusKm()).isBetween(250, 320);
    }

    @Test
    void pointMovesInsideWhenTheCentroidFallsInABay() throws IOException {
        Polygon cee = features().get(1).polygons().get(0);
        double[] centroid = CountryLocation.centroid(cee.outer());
        assertThat(CountryLocation.contains(cee, centroid[0], centroid[1])).isFalse();
        CountryLocation loc = CountryLocation.of(List.of(cee));
        assertThat(CountryLocation.contains(cee, loc.longitude(), loc.latitude()))
                .isTrue();
    }

    @Test
    void holesAreOutside() throws IOException {
        Polygon square = features().get(0).polygons().get(0);
        assertThat(CountryLocation.contains(square, 11.5, 41.5)).isFalse();
        assertThat(CountryLocation.contains(square, 13.5, 43.5)).isTrue();
    }

    @Test
    void ringsAcrossTheAntimeridianAreUnwrapped() throws IOException {
        CountryLocation loc = CountryLocation.of(features().get(3).polygons());
        assertThat(loc.latitude()).isCloseTo(-9, within(0.01));
        assertThat(Math.abs(loc.longitude())).isCloseTo(180, within(0.01));
        assertThat(loc.accuracyRadiusKm()).isBetween(150, 170);
        assertThat(CountryLocation.normalizeLongitude(181)).isEqualTo(-179);
        assertThat(CountryLocation.normalizeLongitude(-181)).isEqualTo(179);
    }

    @Test
    void radiusIsCappedAndHasAFloor() {
        assertThat(CountryLocation.distanceKm(0, 0, 0, 1)).isCloseTo(111.2, within(0.1));
        TopoJson.Ring tiny =
                new TopoJson.Ring(new double[] {7.40, 7.41, 7.41, 7.40}, new double[] {43.7, 43.7, 43.71, 43.7});
        assertThat(CountryLocation.of(List.of(new Polygon(List.of(tiny)))).accuracyRadiusKm())
                .isEqualTo(CountryLocation.MIN_RADIUS_KM);
        TopoJson.Ring huge =
                new TopoJson.Ring(new double[] {-100, 100, 100, -100, -100}, new double[] {-60, -60, 60, 60, -60});
        assertThat(CountryLocation.of(List.of(new Polygon(List.of(huge)))).accuracyRadiusKm())
                .isEqualTo(CountryLocation.MAX_RADIUS_KM);
    }

    @Test
    void seedsMovePartsToTheirOwnCode() {
        TopoJson.Ring mainland = new TopoJson.Ring(new double[] {0, 4, 4, 0, 0}, new double[] {44, 44, 48, 48, 44});
        TopoJson.Ring reunion = new TopoJson.Ring(
                new double[] {55.2, 55.8, 55.8, 55.2, 55.2}, new double[] {-21.4, -21.4, -20.9, -20.9, -21.4});
        List<Feature> features = List.of(
                new Feature("250", "France", List.of(new Polygon(List.of(mainland)), new Polygon(List.of(reunion)))));
        List<CountryPoints.Seed> seeds = List.of(new CountryPoints.Seed("RE", "FR", -21.1, 55.5, 100));
        Map<String, CountryLocation> out = CountryPoints.compute(features, Map.of("250", "FR"), seeds);
        assertThat(out.get("RE").latitude()).isCloseTo(-21.15, within(0.01));
        assertThat(out.get("FR").latitude()).isCloseTo(46, within(0.01));
        assertThat(out.get("FR").accuracyRadiusKm()).isLessThan(1000);
        List<CountryPoints.Seed> nowhere = List.of(new CountryPoints.Seed("YT", "FR", -12.8, 45.15, 60));
        assertThatIllegalStateException()
                .isThrownBy(() -> CountryPoints.compute(features, Map.of("250", "FR"), nowhere))
                .withMessageContaining("no polygon of FR");
    }
}
