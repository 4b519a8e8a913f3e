package dev.iptriage.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExcludedBlocksTest {
    private final ExcludedBlocks blocks = ExcludedBlocks.standard();

    private static Span span(String first, String last) {
        return new Span(IpText.toNumber(IpText.parse(first)), IpText.toNumber(IpText.parse(last)));
    }

    private List<String> keep(String first, String last) {
        int bytes = first.contains(":") ? 16 : 4;
        return blocks.keep(span(first, last), bytes).stream()
                .map(s -> text(s, bytes))
                .toList();
    }

    private static String text(Span s, int bytes) {
        return s.first() + ".." + s.last() + "/" + bytes;
    }

    @Test
    void leavesPublicRangesAlone() {
        assertThat(keep("1.0.0.0", "1.0.0.255")).containsExactly(text(span("1.0.0.0", "1.0.0.255"), 4));
        assertThat(keep("2001:200::", "2001:200:ffff:ffff:ffff:ffff:ffff:ffff"))
                .containsExactly(text(span("2001:200::", "2001:200:ffff:ffff:ffff:ffff:ffff:ffff"), 16));
    }

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource({
        "192.168.0.0, 192.168.255.255",
        "172.16.0.0, 172.31.255.255",
        "203.0.113.0, 203.0.113.255",
        "10.1.2.3, 10.1.2.3",
        "224.0.0.0, 255.255.255.255",
        "2001::, 2001::ffff:ffff:ffff:ffff:ffff:ffff",
        "2002::, 2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "2001:db8::, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
        "2001:2::, 2001:2::ffff:ffff:ffff:ffff:ffff",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
    })
    void dropsRangesInsideExcludedBlocks(String first, String last) {
        assertThat(keep(first, last)).isEmpty();
    }

    @Test
    void clipsRangesAroundExcludedBlocks() {
        assertThat(keep("9.255.255.0", "11.0.0.255"))
                .containsExactly(
                        text(span("9.255.255.0", "9.255.255.255"), 4), text(span("11.0.0.0", "11.0.0.255"), 4));
        assertThat(keep("2001:1::", "2001:3::ffff"))
                .containsExactly(
                        text(span("2001:1::", "2001:1:ffff:ffff:ffff:ffff:ffff:ffff"), 16),
                        text(span("2001:2:1::", "2001:3::ffff"), 16));
        assertThat(keep("223.255.255.0", "239.0.0.0"))
                .containsExactly(text(span("223.255.255.0", "223.255.255.255"), 4));
    }

    @Test
    void keepsGloballyReachableSpecialBlocks() {
        assertThat(keep("2001:4:112::", "2001:4:112:ffff:ffff:ffff:ffff:ffff")).hasSize(1);
        assertThat(keep("192.31.196.0", "192.31.196.255")).hasSize(1);
    }
}
