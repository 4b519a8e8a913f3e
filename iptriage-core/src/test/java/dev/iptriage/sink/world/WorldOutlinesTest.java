package dev.iptriage.sink.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The committed outline resource: complete, coded, and with the antimeridian crossings intact. */
class WorldOutlinesTest {
    static final Map<String, WorldOutlines.Country> BY_ISO = WorldOutlines.countries().stream()
            .filter(c -> !c.iso().isEmpty())
            .collect(Collectors.toMap(WorldOutlines.Country::iso, Function.identity()));

    @Test
    void everyCountryHasACodeOrIsADisputedArea() {
        List<WorldOutlines.Country> all = WorldOutlines.countries();
        assertThat(all).hasSizeGreaterThan(170);
        assertThat(all)
                .allMatch(c -> c.iso().matches("[A-Z]{2}|")
                        && !c.name().isEmpty()
                        && !c.rings().isEmpty());
        assertThat(BY_ISO).containsKeys("US", "DE", "BR", "AU", "JP", "ZA", "RU", "FJ", "XK");
        assertThat(BY_ISO.get("DE").name()).isEqualTo("Germany");
    }

    @Test
    void ringsAreClosedPairsOfDegrees() {
        for (WorldOutlines.Country c : WorldOutlines.countries()) {
            for (double[] r : c.rings()) {
                assertThat(r.length % 2).as(c.name()).isZero();
                assertThat(r.length).as(c.name()).isGreaterThanOrEqualTo(8);
                assertThat(r[0]).as(c.name() + " closed").isEqualTo(r[r.length - 2]);
                for (int i = 0; i < r.length; i += 2) {
                    assertThat(Math.abs(r[i + 1])).isLessThanOrEqualTo(90);
                    assertThat(Math.abs(r[i])).isLessThan(200);
                }
            }
        }
    }

    @Test
    void russiaAndFijiCrossTheAntimeridianWithContinuousLongitudes() {
        assertThat(maxLon(BY_ISO.get("RU"))).isGreaterThan(180);
        assertThat(minLon(BY_ISO.get("FJ"))).isLessThan(-180);
    }

    @Test
    void geoJsonTextAndParsedFormAgree() {
        assertThat(WorldOutlines.parse(WorldOutlines.geoJson())).hasSameSizeAs(WorldOutlines.countries());
        assertThat(WorldOutlines.geoJson()).startsWith("{\"type\":\"FeatureCollection\"");
    }

    private static double maxLon(WorldOutlines.Country c) {
        double m = -1000;
        for (double[] r : c.rings()) {
            for (int i = 0; i < r.length; i += 2) {
                m = Math.max(m, r[i]);
            }
        }
        return m;
    }

    private static double minLon(WorldOutlines.Country c) {
        double m = 1000;
        for (double[] r : c.rings()) {
            for (int i = 0; i < r.length; i += 2) {
                m = Math.min(m, r[i]);
            }
        }
        return m;
    }
}
