package dev.iptriage.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.tools.TopoJson.Feature;
import dev.iptriage.tools.TopoJson.Polygon;
import dev.iptriage.tools.TopoJson.Ring;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildWorldOutlinesTest {
    static Ring square(double lon, double lat) {
        return new Ring(new double[] {lon, lon + 1.234567, lon + 1, lon}, new double[] {lat, lat, lat + 1, lat});
    }

    @Test
    void writesCodedRoundedSortedFeatures() throws IOException {
        List<Feature> features = List.of(
                new Feature("840", "United States of America", List.of(new Polygon(List.of(square(-100, 40))))),
                new Feature(null, "Kosovo", List.of(new Polygon(List.of(square(20, 42))))),
                new Feature(null, "Somaliland", List.of(new Polygon(List.of(square(45, 9))))),
                new Feature(
                        "250",
                        "France",
                        List.of(new Polygon(List.of(square(2, 46))), new Polygon(List.of(square(55, -21))))));
        String json = BuildWorldOutlines.geoJson(features, Map.of("840", "US", "250", "FR"));
        assertThat(json)
                .startsWith("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                        + "{\"iso\":\"\",\"name\":\"Somaliland\"}")
                .contains("{\"iso\":\"FR\",\"name\":\"France\"},\"geometry\":{\"type\":\"MultiPolygon\","
                        + "\"coordinates\":[[[[2,46],[3.23,46],[3,47],[2,46]]],[[[55,-21],")
                .contains("{\"iso\":\"XK\",\"name\":\"Kosovo\"}")
                .endsWith("}\n");
        assertThat(json.indexOf("\"FR\"")).isLessThan(json.indexOf("\"US\"")).isLessThan(json.indexOf("\"XK\""));
        assertThat(BuildWorldOutlines.geoJson(features, Map.of("840", "US", "250", "FR")))
                .isEqualTo(json);
    }
}
