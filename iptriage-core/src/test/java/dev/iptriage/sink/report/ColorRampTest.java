package dev.iptriage.sink.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColorRampTest {
    @ParameterizedTest(name = "max {0}")
    @ValueSource(longs = {1, 2, 5, 6, 7, 100, 66_461, 9_999_999_999L})
    void bandsCoverOneToMaxWithoutGapsAndMatchClasses(long max) {
        ColorRamp r = ColorRamp.upTo(max);
        List<ColorRamp.Band> bands = r.bands();
        assertThat(bands.get(0).from()).isEqualTo(1);
        assertThat(bands.get(bands.size() - 1).to()).isEqualTo(max);
        for (int i = 0; i < bands.size(); i++) {
            ColorRamp.Band b = bands.get(i);
            assertThat(b.from()).isLessThanOrEqualTo(b.to());
            assertThat(r.classOf(b.from())).isEqualTo(r.classOf(b.to()));
            assertThat(b.color()).isEqualTo(String.format("#%06x", r.rgb(b.from())));
            if (i > 0) {
                assertThat(b.from()).isEqualTo(bands.get(i - 1).to() + 1);
                assertThat(r.classOf(b.from()))
                        .isGreaterThan(r.classOf(bands.get(i - 1).to()));
            }
        }
        assertThat(r.classOf(max)).isEqualTo(max >= 2 ? 5 : 0);
    }
}
