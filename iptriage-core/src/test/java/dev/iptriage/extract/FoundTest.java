package dev.iptriage.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.ip.IpLiteral;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One literal read the same way in every mode ({@link Found#of}), and zone ids in free text. */
class FoundTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1.10.16.5/20            | 1.10.16.0/20        | 1.10.16.0/20",
                "1.2.3.4:80              | 1.2.3.4             | 1.2.3.4",
                "fe80::1%eth0            | fe80::1%eth0        | fe80::1%eth0",
                "[fe80::1%eth0]:443      | fe80::1%eth0        | fe80::1%eth0",
                "fe80::1%eth0/64         | fe80::%eth0/64      | fe80::%eth0/64",
                "::ffff:1.2.3.4          | 1.2.3.4             | ::ffff:1.2.3.4",
                "::ffff:1.2.3.4%eth0     | 1.2.3.4             | ::ffff:1.2.3.4%eth0",
                "::ffff:1.2.3.4/120      | 1.2.3.0/24          | ::ffff:1.2.3.0/120",
                "::ffff:1.2.3.4/96       | 0.0.0.0/0           | ::ffff:0.0.0.0/96",
                "::ffff:1.2.3.4/95       | ::fffe:0:0/95       | ::fffe:0:0/95",
                "2001:DB8:0:0:0:0:0:1/32 | 2001:db8::/32       | 2001:db8::/32",
            })
    void aLiteralIsWrittenTheSameWayEverywhere(String literal, String written, String keptMapped) {
        IpLiteral.Parsed p = IpLiteral.parse(literal);
        assertThat(Found.of(p, false).text()).isEqualTo(written);
        assertThat(Found.of(p, true).text()).isEqualTo(keptMapped);
        // what enrich writes, it reads back as itself
        assertThat(Found.of(IpLiteral.parse(written), false).text()).isEqualTo(written);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "link fe80::1%eth0.100 up      | fe80::1%eth0.100",
                "via fe80::1%eth0.              | fe80::1%eth0",
                "via fe80::1%br-lan, then       | fe80::1%br-lan",
                "cell 1.10.16.5/20 in free text | 1.10.16.5",
            })
    void freeText(String text, String found) {
        assertThat(TextExtractor.of(ExtractOptions.DEFAULTS).extract(text))
                .extracting(Found::text)
                .containsExactly(found);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1.10.16.5/20               | 1.10.16.0/20",
                "' 10.0.0.0/8 '             | 10.0.0.0/8",
                "from 1.10.16.5/20 and more | 1.10.16.5",
                "1.1.1[.]1                  | 1.1.1.1",
            })
    void aValueThatIsOneLiteralIsReadAsAListLine(String value, String found) {
        assertThat(TextExtractor.of(ExtractOptions.DEFAULTS).extract(value).size())
                .isPositive();
        java.util.List<String> got = new java.util.ArrayList<>();
        TextExtractor.of(ExtractOptions.DEFAULTS).extractValue(value, f -> got.add(f.text()));
        assertThat(got).containsExactly(found);
    }
}
