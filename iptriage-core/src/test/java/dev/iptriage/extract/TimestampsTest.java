package dev.iptriage.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Times in log lines: hostile fractions and offsets never throw; the edge of the offset range holds. */
class TimestampsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-05-01T10:00:00.\u0663\u0663Z", // Arabic-Indic digits in the fraction
                "2024-05-01T10:00:00+18:30",
                "2024-05-01T10:00:00-1859",
                "2024-05-01T10:00:00.123456789123+25:00"
            })
    void hostileIsoTimesDoNotThrow(String text) {
        Timestamps.At at = Timestamps.iso(text, 0);
        assertThat(at == null || at.time() != null).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"07/Dec/2016:11:05:07 +1830", "07/Dec/2016:11:05:07 -1900", "07/Dec/2016:11:05:07 +1859"})
    void hostileWebOffsetsDoNotThrow(String text) {
        Timestamps.At at = Timestamps.web(text, 0);
        assertThat(at == null || at.time() != null).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"2024-05-01T10:00:00+18:00, 2024-04-30T16:00:00Z", "2024-05-01T10:00:00.5Z, 2024-05-01T10:00:00.500Z"})
    void validTimesStillParse(String text, String utc) {
        assertThat(Timestamps.iso(text, 0).time()).isEqualTo(Instant.parse(utc));
    }
}
