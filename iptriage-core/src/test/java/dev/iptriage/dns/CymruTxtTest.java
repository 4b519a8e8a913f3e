package dev.iptriage.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.testing.HostileText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ReverseMap;

/** Team Cymru TXT: query names and the parser of hostile answers. */
class CymruTxtTest {

    private static IpAddress ip(String s) {
        return IpLiteral.parseStrict(s).orElseThrow();
    }

    @Test
    void queryNames() {
        assertThat(CymruTxt.queryName(ip("216.90.108.31"))).isEqualTo("31.108.90.216.origin.asn.cymru.com.");
        assertThat(CymruTxt.queryName(ip("::ffff:216.90.108.31"))).isEqualTo("31.108.90.216.origin.asn.cymru.com.");
        assertThat(CymruTxt.queryName(ip("2001:4860:b002::68")))
                .isEqualTo("8.6.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.b.0.6.8.4.1.0.0.2.origin6.asn.cymru.com.");
        Random random = new Random(6);
        for (int i = 0; i < 2_000; i++) {
            IpAddress v6 = IpAddress.ofV6(random.nextLong(), random.nextLong());
            if (!v6.isV4Mapped()) {
                assertThat(CymruTxt.queryName(v6))
                        .isEqualTo(ReverseMap.fromAddress(v6.toBytes())
                                .toString()
                                .replace(".ip6.arpa.", ".origin6.asn.cymru.com."));
            }
        }
    }

    @Test
    void oneString() {
        CymruOrigin o = CymruTxt.parse(ip("216.90.108.31"), List.of("3561 | 216.88.0.0/14 | US | arin | 1998-09-25"));
        assertThat(o).isEqualTo(new CymruOrigin(List.of(3561L), "216.88.0.0/14", "US", "arin", "1998-09-25"));
    }

    @Test
    void whitespaceAndEmptyOptionalFieldsAreTolerated() {
        assertThat(CymruTxt.parse(ip("192.0.2.1"), List.of("64500|192.0.2.0/24|||")))
                .isEqualTo(new CymruOrigin(List.of(64500L), "192.0.2.0/24", "", "", ""));
        assertThat(CymruTxt.parse(
                        ip("192.0.2.1"), List.of("  64500   64501\t|  192.0.2.0/24 |eu| RIPENCC |2001-01-31  ")))
                .isEqualTo(new CymruOrigin(List.of(64500L, 64501L), "192.0.2.0/24", "EU", "ripencc", "2001-01-31"));
    }

    @Test
    void theMostSpecificPrefixWinsWhateverTheOrder() {
        List<String> answer = List.of(
                "15169 | 8.8.8.0/24 | US | arin | 1992-12-01",
                "3356 | 8.0.0.0/9 | US | arin | 1992-12-01",
                "15169 | 8.8.0.0/16 | US | arin | 1992-12-01");
        CymruOrigin expected = new CymruOrigin(List.of(15169L), "8.8.8.0/24", "US", "arin", "1992-12-01");
        for (int i = 0; i < 6; i++) {
            List<String> shuffled = new ArrayList<>(answer);
            Collections.shuffle(shuffled, new Random(i));
            assertThat(CymruTxt.parse(ip("8.8.8.8"), shuffled)).isEqualTo(expected);
        }
        // 8.8.9.9 is not in the /24: the /16 wins
        assertThat(CymruTxt.parse(ip("8.8.9.9"), answer).prefix()).isEqualTo("8.8.0.0/16");
        assertThat(CymruTxt.parse(ip("8.9.9.9"), answer).asns()).containsExactly(3356L);
    }

    @Test
    void severalOriginsOfOnePrefixAreAllKept() {
        assertThat(CymruTxt.parse(
                                ip("203.0.113.5"),
                                List.of("64500 64501 64502 | 203.0.113.0/24 | AU | apnic | 2010-01-01"))
                        .asns())
                .containsExactly(64500L, 64501L, 64502L);
        // the same prefix in two strings (some answers split MOAS): merged, independent of the order
        List<String> split = List.of(
                "64501 | 203.0.113.0/24 | AU | apnic | 2010-01-01", "64500 | 203.0.113.0/24 | AU | apnic | 2010-01-01");
        CymruOrigin a = CymruTxt.parse(ip("203.0.113.5"), split);
        CymruOrigin b = CymruTxt.parse(ip("203.0.113.5"), split.reversed());
        assertThat(a).isEqualTo(b);
        assertThat(a.asns()).containsExactly(64500L, 64501L);
        assertThat(CymruTxt.parse(ip("203.0.113.5"), List.of("64500 64500 | 203.0.113.0/24 | AU | apnic | 2010-01-01"))
                        .asns())
                .containsExactly(64500L);
    }

    @Test
    void ipv6AndMappedAddresses() {
        assertThat(CymruTxt.parse(ip("2001:4860:b002::68"), List.of("15169 | 2001:4860::/32 | US | arin | 2005-03-14")))
                .isEqualTo(new CymruOrigin(List.of(15169L), "2001:4860::/32", "US", "arin", "2005-03-14"));
        assertThat(CymruTxt.parse(ip("::ffff:8.8.8.8"), List.of("15169 | 8.8.8.0/24 | US | arin | 1992-12-01"))
                        .asns())
                .containsExactly(15169L);
        // an IPv4 prefix never covers an IPv6 address
        assertThatThrownBy(() -> CymruTxt.parse(ip("2001:db8::1"), List.of("64500 | 0.0.0.0/0 | | | ")))
                .hasMessage(
                        "no usable origin in 1 TXT string: '64500 | 0.0.0.0/0 | | | ' (prefix 0.0.0.0/0 does not contain"
                                + " 2001:db8::1)");
    }

    @Test
    void theLargestAsnsAreRead() {
        assertThat(CymruTxt.parse(ip("192.0.2.1"), List.of("4294967295 1 | 192.0.2.0/24 | | | "))
                        .asns())
                .containsExactly(4294967295L, 1L);
    }

    @Test
    void aPrefixNotContainingTheAddressIsIgnored() {
        List<String> answer =
                List.of("64500 | 198.51.100.0/24 | US | arin | 2000-01-01", "64501 | 192.0.2.0/24 | | | ");
        assertThat(CymruTxt.parse(ip("192.0.2.9"), answer).asns()).containsExactly(64501L);
        assertThatThrownBy(() -> CymruTxt.parse(ip("203.0.113.1"), answer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no usable origin in 2 TXT strings: '64500 | 198.51.100.0/24 | US | arin | 2000-01-01'"
                        + " (prefix 198.51.100.0/24 does not contain 203.0.113.1)");
    }

    @Test
    void garbageBesideAGoodStringIsIgnored() {
        List<String> answer = List.of(
                "=cmd|' /C calc'!A0",
                "<script>alert(1)</script>",
                "64500 | 192.0.2.0/25 | US | arin | 2000-01-01 | extra",
                "64501 | 192.0.2.0/24 | US | arin | 2000-01-01",
                "99999999999 | 192.0.2.0/26 | US | arin | 2000-01-01");
        assertThat(CymruTxt.parse(ip("192.0.2.1"), answer).asns()).containsExactly(64501L);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "NA | 192.0.2.1 | NA | NA | NA",
                " | 192.0.2.0/24 | US | arin | 2000-01-01",
                "0 | 192.0.2.0/24 | US | arin | 2000-01-01",
                "4294967296 | 192.0.2.0/24 | US | arin | 2000-01-01",
                "-1 | 192.0.2.0/24 | US | arin | 2000-01-01",
                "AS64500 | 192.0.2.0/24 | US | arin | 2000-01-01",
                "+64500 | 192.0.2.0/24 | US | arin | 2000-01-01",
                "64500 | 192.0.2.0 | US | arin | 2000-01-01",
                "64500 | 192.0.2.1/24 | US | arin | 2000-01-01",
                "64500 | 192.0.2.0/33 | US | arin | 2000-01-01",
                "64500 | [192.0.2.0]/24 | US | arin | 2000-01-01",
                "64500 | 192.0.2.0/24:53 | US | arin | 2000-01-01",
                "64500 | fe80::%eth0/64 | US | arin | 2000-01-01",
                "64500 | 192.0.2.0/24 | USA | arin | 2000-01-01",
                "64500 | 192.0.2.0/24 | U1 | arin | 2000-01-01",
                "64500 | 192.0.2.0/24 | US | ar-in | 2000-01-01",
                "64500 | 192.0.2.0/24 | US | arin | 2000-02-30",
                "64500 | 192.0.2.0/24 | US | arin | 20000101",
                "64500 | 192.0.2.0/24 | US | arin",
                "64500 \u0000| 192.0.2.0/24 | US | arin | 2000-01-01",
                "64500 | 192.0.2.0/24 | US\u202e | arin | 2000-01-01",
                "\uff16\uff14\uff15\uff10\uff10 | 192.0.2.0/24 | US | arin | 2000-01-01"
            })
    void aMalformedStringIsNeverUsed(String bad) {
        assertThatThrownBy(() -> CymruTxt.parse(ip("192.0.2.1"), List.of(bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no usable origin in 1 TXT string: '");
    }

    @Test
    void messagesAreShortAndEscaped() {
        assertThatThrownBy(() -> CymruTxt.parse(ip("192.0.2.1"), List.of("\u001b]0;pwned\u0007 | x")))
                .hasMessage(
                        "no usable origin in 1 TXT string: '\\u001B]0;pwned\\u0007 | x' (2 fields, expected 5 separated"
                                + " by '|': ASN | prefix | CC | registry | allocated)");
        String huge = "9".repeat(100_000) + " | 192.0.2.0/24 | | | ";
        assertThatThrownBy(() -> CymruTxt.parse(ip("192.0.2.1"), List.of(huge)))
                .hasMessage("no usable origin in 1 TXT string: '" + "9".repeat(80) + "'... (" + huge.length()
                        + " characters) (" + huge.length() + " characters, more than 1024)");
        String longAsn = "9".repeat(500) + " | 192.0.2.0/24 | | | ";
        assertThatThrownBy(() -> CymruTxt.parse(ip("192.0.2.1"), List.of(longAsn)))
                .hasMessageEndingWith("(ASN '" + "9".repeat(20) + "'... (500 characters) is not a number)");
        assertThatThrownBy(() -> CymruTxt.parse(ip("192.0.2.1"), List.of()))
                .hasMessage("no usable origin in 0 TXT strings");
        assertThatThrownBy(() -> CymruTxt.parse(ip("192.0.2.1"), java.util.Arrays.asList((String) null)))
                .hasMessage("no usable origin in 1 TXT string: null (no string)");
        assertThatThrownBy(
                        () -> CymruTxt.parse(ip("192.0.2.1"), List.of("64500 | 192.0.2.0/24 | US | arin | 2000-02-30")))
                .hasMessage(
                        "no usable origin in 1 TXT string: '64500 | 192.0.2.0/24 | US | arin | 2000-02-30' (allocated"
                                + " '2000-02-30' is not a day of the calendar)");
    }

    /** Random hostile strings: never a usable origin from garbage, and messages always bounded and printable. */
    @Test
    void randomHostileStrings() {
        Random random = new Random(1998);
        for (int i = 0; i < 5_000; i++) {
            String s = switch (i % 3) {
                case 0 -> HostileText.random(random, 300);
                case 1 ->
                    random.nextInt(70000) + " | 192.0.2.0/" + random.nextInt(40) + " | " + HostileText.random(random, 3)
                            + " | arin | 2000-01-01";
                default -> "64500 | " + HostileText.random(random, 20) + " | US | arin | 2000-01-01";
            };
            try {
                CymruOrigin o = CymruTxt.parse(ip("192.0.2.1"), List.of(s));
                assertThat(o.prefix()).matches("192\\.0\\.2\\.0/[0-9]+");
                assertThat(o.country()).matches("|[A-Z]{2}");
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).hasSizeLessThan(400);
                assertThat(e.getMessage().codePoints().allMatch(DnsText::isPrintable))
                        .as(e.getMessage())
                        .isTrue();
            }
        }
    }
}
