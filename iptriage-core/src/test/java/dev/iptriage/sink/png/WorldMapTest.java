package dev.iptriage.sink.png;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.sink.report.Point;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorldMapTest {
    static final WorldMap MAP = new WorldMap(PngImages.MAP_WIDTH);
    static final BufferedImage EMPTY = draw(List.of());

    static BufferedImage draw(List<Point> points) {
        System.setProperty("java.awt.headless", "true");
        return MAP.draw(points, "test");
    }

    static int rgb(BufferedImage img, double lat, double lon) {
        Point2D p = MAP.pixel(lat, lon);
        return img.getRGB((int) Math.round(p.getX()), (int) Math.round(p.getY())) & 0xffffff;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mid Atlantic, 0, -30, ocean",
        "Pacific south of Alaska, 50, -150, ocean",
        "Pacific east of Fiji, -17, -120, ocean",
        "north Atlantic, 50, -30, ocean",
        "Germany, 51, 10, land",
        "Kansas, 38.5, -98, land",
        "Brazil, -10, -50, land",
        "Siberia, 62, 100, land",
        "Chukotka east of 180, 66.5, 175, land",
        "Chukotka west of 180, 66.5, -178, land",
        "Australia, -25, 135, land",
    })
    void oceanAndLandWhereTheyBelong(String place, double lat, double lon, String what) {
        int expected = (what.equals("ocean") ? WorldMap.OCEAN : WorldMap.LAND).getRGB() & 0xffffff;
        assertThat(rgb(EMPTY, lat, lon)).as(place).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"New York, 40.7, -74.0", "Paris, 48.9, 2.3", "Tokyo, 35.7, 139.7"})
    void pointsAreDrawnWhereTheyAre(String place, double lat, double lon) {
        BufferedImage img = draw(List.of(
                new Point(lat, lon, 1000, 10, place, "192.0.2.1", "64496", "x"),
                new Point(-40, -20, 1, 1, "sea", "192.0.2.2", "", "")));
        assertThat(rgb(img, lat, lon)).as(place).isEqualTo(0xbd0026);
        assertThat(rgb(img, -40, -20)).isEqualTo(0xffffb2);
        assertThat(rgb(img, 0, -30)).isEqualTo(WorldMap.OCEAN.getRGB() & 0xffffff);
    }
}
