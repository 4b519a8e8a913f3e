package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PNG map of a 1M-line log-like input on the full-scale shared databases shows the expected
 * geography: ocean and land where they belong, busy points over North America and Europe. Pixel
 * positions come from the map's Equal Earth projection at 1600 px (see WorldMapTest for the exact
 * projection; here a small window absorbs rounding).
 */
class ReportPngAcceptanceTest {
    static final Set<Integer> RAMP = Set.of(0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xf03b20, 0xbd0026);
    static final int OCEAN = 0xaad3df;
    static final int LAND = 0xf2efe9;

    @TempDir
    static Path dir;

    static BufferedImage map;

    static synchronized BufferedImage map() throws Exception {
        if (map == null) {
            Path city = SharedData.require("data/GeoLite2-City.mmdb");
            Path asn = SharedData.require("data/GeoLite2-ASN.mmdb");
            Path log = SampleLog.write(dir.resolve("bench-1m.log"), 1_000_000, 7);
            Path png = dir.resolve("map.png");
            Cli.Result r = Cli.run(
                    "",
                    "report",
                    "--db",
                    city.toString(),
                    "--db",
                    asn.toString(),
                    log.toString(),
                    "--png",
                    png.toString());
            assertThat(r.code()).as(r.err()).isZero();
            map = ImageIO.read(png.toFile());
        }
        return map;
    }

    /** Pixel of a location on the 1600 px map (Equal Earth; values from the projection). */
    static int[] pixel(double lat, double lon) {
        double t = Math.asin(Math.sqrt(3) / 2 * Math.sin(Math.toRadians(lat)));
        double t2 = t * t;
        double t6 = t2 * t2 * t2;
        double x = 2
                * Math.sqrt(3)
                * Math.toRadians(lon)
                * Math.cos(t)
                / (3 * (9 * 0.003796 * t6 * t2 + 7 * 0.000893 * t6 + 3 * -0.081106 * t2 + 1.340264));
        double y = t * (1.340264 + -0.081106 * t2 + t6 * (0.000893 + 0.003796 * t2));
        double scale = (1600 - 20) / (2 * 2.7066297319215575);
        double mapHeight = Math.ceil(2 * 1.3173627591574 * scale) + 20;
        return new int[] {(int) Math.round(800 + x * scale), (int) Math.round(44 + mapHeight / 2 - y * scale)};
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "south Pacific, -45, -120, ocean",
        "south Atlantic, -35, -15, ocean",
        "Indian Ocean, -30, 80, ocean",
        "Greenland, 75, -40, land",
        "Antarctica, -82, 40, land"
    })
    void oceanAndLand(String place, double lat, double lon, String kind) throws Exception {
        int[] p = pixel(lat, lon);
        assertThat(map().getRGB(p[0], p[1]) & 0xffffff).as(place).isEqualTo(kind.equals("ocean") ? OCEAN : LAND);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"New York, 40.7, -74.0", "Chicago, 41.9, -87.6", "Frankfurt, 50.1, 8.7", "London, 51.5, -0.1"})
    void busyPointsOverNorthAmericaAndEurope(String place, double lat, double lon) throws Exception {
        int[] p = pixel(lat, lon);
        int hot = 0;
        for (int dx = -8; dx <= 8; dx++) {
            for (int dy = -8; dy <= 8; dy++) {
                int c = map().getRGB(p[0] + dx, p[1] + dy) & 0xffffff;
                if (c == 0xf03b20 || c == 0xbd0026 || c == 0xfd8d3c) {
                    hot++;
                }
            }
        }
        assertThat(hot).as(place + ": pixels of the three busiest classes").isGreaterThan(10);
    }

    @Test
    void legendAndTitleAreDrawn() throws Exception {
        BufferedImage img = map();
        long ramp = 0;
        for (int x = 0; x < 60; x++) {
            for (int y = img.getHeight() - 200; y < img.getHeight(); y++) {
                if (RAMP.contains(img.getRGB(x, y) & 0xffffff)) {
                    ramp++;
                }
            }
        }
        assertThat(ramp).as("legend swatches in the lower left corner").isGreaterThan(50);
        long dark = 0;
        for (int x = 0; x < 400; x++) {
            for (int y = 10; y < 36; y++) {
                if ((img.getRGB(x, y) & 0xff) < 0x80) {
                    dark++;
                }
            }
        }
        assertThat(dark).as("title text").isGreaterThan(200);
    }
}
