package dev.iptriage.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.dns.DnsblZone.Ipv6;
import dev.iptriage.dns.DnsblZone.Verdict.Failure;
import dev.iptriage.dns.DnsblZone.Verdict.Listed;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ReverseMap;

/** Decoding answers and building query names. */
class DnsblZoneTest {
    private static final DnsblZone ZEN = DnsblZones.builtIn("zen.spamhaus.org").orElseThrow();
    private static final DnsblZone DRONEBL =
            DnsblZones.builtIn("dnsbl.dronebl.org").orElseThrow();

    private static IpAddress ip(String s) {
        return IpLiteral.parseStrict(s).orElseThrow();
    }

    private static DnsblZone zone(String name) {
        return new DnsblZone(name, Ipv6.PROBE, false, null, Map.of(), "test", "");
    }

    @Test
    void knownCodesAreListingsWithTheirMeaning() {
        assertThat(ZEN.decode(ip("127.0.0.2"))).isEqualTo(new Listed("SBL"));
        assertThat(ZEN.decode(ip("127.0.0.4"))).isEqualTo(new Listed("XBL"));
        assertThat(ZEN.decode(ip("127.0.0.11"))).isEqualTo(new Listed("PBL-Spamhaus"));
        assertThat(DRONEBL.decode(ip("127.0.0.3"))).isEqualTo(new Listed("IRC drone"));
    }

    @Test
    void anUnknownCodeIsAListingNamedByTheCode() {
        assertThat(ZEN.decode(ip("127.0.0.77"))).isEqualTo(new Listed("127.0.0.77"));
        assertThat(DRONEBL.decode(ip("127.0.0.2"))).isEqualTo(new Listed("127.0.0.2"));
        assertThat(ZEN.decode(ip("127.1.2.3"))).isEqualTo(new Listed("127.1.2.3"));
    }

    @Test
    void spamhausErrorCodesAreFailuresWithTheirMeaning() {
        assertThat(ZEN.decode(ip("127.255.255.254")))
                .isEqualTo(
                        new Failure(
                                "127.255.255.254: query via a public or open resolver, or one with generic reverse DNS (refused)"));
        assertThat(ZEN.decode(ip("127.255.255.252")))
                .isEqualTo(new Failure("127.255.255.252: typo in the DNSBL zone name"));
        assertThat(ZEN.decode(ip("127.255.255.255")))
                .isEqualTo(new Failure("127.255.255.255: excessive number of queries (rate limited)"));
        assertThat(ZEN.decode(ip("127.255.255.250"))).isEqualTo(new Failure("127.255.255.250: DQS key disabled"));
        assertThat(ZEN.decode(ip("127.255.255.251"))).isEqualTo(new Failure("127.255.255.251: DQS key rejected"));
        assertThat(ZEN.decode(ip("127.255.255.253"))).isEqualTo(new Failure("error code 127.255.255.253"));
        // every Spamhaus zone, and a user's zone under spamhaus.org or with a DQS zone, too
        assertThat(zone("foo.spamhaus.org").decode(ip("127.255.255.254"))).isInstanceOf(Failure.class);
        assertThat(((Failure) zone("foo.spamhaus.org").decode(ip("127.255.255.254"))).why())
                .startsWith("127.255.255.254: query via a public");
        assertThat(((Failure) new DnsblZone("bl.test", Ipv6.NO, true, "zen.dq.spamhaus.net", Map.of(), "t", "")
                                .decode(ip("127.255.255.252")))
                        .why())
                .isEqualTo("127.255.255.252: typo in the DNSBL zone name");
    }

    @Test
    void otherZonesErrorCodesAreFailuresWithTheCode() {
        for (int last : new int[] {0, 1, 2, 252, 254, 255}) {
            assertThat(DRONEBL.decode(IpAddress.ofV4(0x7FFFFF00 | last)))
                    .isEqualTo(new Failure("error code 127.255.255." + last));
        }
        // "spamhaus.org.evil.example" is not a Spamhaus zone
        assertThat(zone("spamhaus.org.evil.example").decode(ip("127.255.255.254")))
                .isEqualTo(new Failure("error code 127.255.255.254"));
        assertThat(zone("notspamhaus.org").decode(ip("127.255.255.254")))
                .isEqualTo(new Failure("error code 127.255.255.254"));
    }

    @Test
    void anAnswerOutsideLoopbackIsAFailureNotAListing() {
        assertThat(ZEN.decode(ip("10.0.0.1")))
                .isEqualTo(
                        new Failure(
                                "answer 10.0.0.1 is outside 127.0.0.0/8: not a listing (a wildcarding or hijacking resolver?)"));
        assertThat(ZEN.decode(ip("1.2.3.4"))).isInstanceOf(Failure.class);
        assertThat(ZEN.decode(ip("128.0.0.2"))).isInstanceOf(Failure.class);
        assertThat(ZEN.decode(ip("126.255.255.255"))).isInstanceOf(Failure.class);
        assertThat(ZEN.decode(ip("::1")))
                .isEqualTo(new Failure(
                        "answer ::1 is outside 127.0.0.0/8: not a listing (a wildcarding or hijacking resolver?)"));
        assertThat(ZEN.decode(ip("::7f00:2")))
                .as("IPv4-compatible is not unmapped")
                .isInstanceOf(Failure.class);
    }

    @Test
    void aMappedAnswerIsReadAsItsIpv4Address() {
        assertThat(ZEN.decode(ip("::ffff:127.0.0.4"))).isEqualTo(new Listed("XBL"));
        assertThat(ZEN.decode(ip("::ffff:127.255.255.254"))).isInstanceOf(Failure.class);
        assertThat(ZEN.decode(ip("::ffff:10.0.0.1")))
                .isEqualTo(
                        new Failure(
                                "answer 10.0.0.1 is outside 127.0.0.0/8: not a listing (a wildcarding or hijacking resolver?)"));
    }

    /** Every address of 127.0.0.0/8: error codes fail, the rest list; outside, a sample never lists. */
    @Test
    void decodeSplitsLoopbackExactly() {
        for (long b = 0x7F000000L; b <= 0x7FFFFFFFL; b += 97) {
            int bits = (int) b;
            boolean error = (bits >>> 8) == 0x7FFFFF;
            assertThat(ZEN.decode(IpAddress.ofV4(bits)) instanceof Failure)
                    .as(IpAddress.ofV4(bits).toString())
                    .isEqualTo(error);
        }
        for (int last = 0; last < 256; last++) {
            assertThat(ZEN.decode(IpAddress.ofV4(0x7FFFFF00 | last))).isInstanceOf(Failure.class);
        }
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(5782);
        for (int i = 0; i < 10_000; i++) {
            int bits = random.nextInt();
            if ((bits >>> 24) != 127) {
                assertThat(ZEN.decode(IpAddress.ofV4(bits))).isInstanceOf(Failure.class);
            }
        }
    }

    @Test
    void queryNameOfIpv4IsTheReversedOctets() {
        assertThat(ZEN.queryName(ip("192.0.2.10"), null)).isEqualTo("10.2.0.192.zen.spamhaus.org.");
        assertThat(ZEN.queryName(ip("127.0.0.2"), null)).isEqualTo("2.0.0.127.zen.spamhaus.org.");
        assertThat(ZEN.queryName(ip("0.0.0.0"), null)).isEqualTo("0.0.0.0.zen.spamhaus.org.");
        assertThat(ZEN.queryName(ip("255.254.253.1"), null)).isEqualTo("1.253.254.255.zen.spamhaus.org.");
    }

    @Test
    void queryNameOfMappedIpv6IsTheIpv4Form() {
        assertThat(ZEN.queryName(ip("::ffff:192.0.2.10"), null)).isEqualTo("10.2.0.192.zen.spamhaus.org.");
        assertThat(ZEN.queryName(ip("::ffff:127.0.0.2"), null)).isEqualTo("2.0.0.127.zen.spamhaus.org.");
    }

    @Test
    void queryNameOfIpv6IsTheNibbles() {
        // RFC 5782 section 2.4's example
        assertThat(zone("bad.example.com").queryName(ip("2001:db8:1:2:3:4:567:89ab"), null))
                .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bad.example.com.");
        assertThat(ZEN.queryName(ip("::"), null)).isEqualTo("0.".repeat(32) + "zen.spamhaus.org.");
    }

    /**
     * RFC 5782's IPv6 test entries are IPv4-mapped addresses: the probes ask them in nibble form (as
     * IPv4 they would test the IPv4 data), while data addresses that are mapped are asked as IPv4.
     */
    @Test
    void testEntriesKeepTheirNibbleForm() {
        String mappedTwo = "2.0.0.0.0.0.f.7.f.f.f.f." + "0.".repeat(20);
        assertThat(ZEN.testQueryName(DnsblZone.TEST_LISTED_V6, null)).isEqualTo(mappedTwo + "zen.spamhaus.org.");
        assertThat(ZEN.testQueryName(DnsblZone.TEST_NOT_LISTED_V6, null))
                .isEqualTo("1.0.0.0.0.0.f.7.f.f.f.f." + "0.".repeat(20) + "zen.spamhaus.org.");
        assertThat(ZEN.testQueryName(DnsblZone.TEST_LISTED_V4, null)).isEqualTo("2.0.0.127.zen.spamhaus.org.");
        assertThat(ZEN.testQueryName(DnsblZone.TEST_NOT_LISTED_V4, null)).isEqualTo("1.0.0.127.zen.spamhaus.org.");
        assertThat(ZEN.testQueryName(DnsblZone.TEST_LISTED_V6, "abcdefghijklmnopqrstuvwxyz"))
                .isEqualTo(mappedTwo + "abcdefghijklmnopqrstuvwxyz.zen.dq.spamhaus.net.");
        assertThat(DnsblZone.TEST_LISTED_V6).isEqualTo(ip("::FFFF:7F00:2"));
        assertThat(DnsblZone.TEST_NOT_LISTED_V6).isEqualTo(ip("::FFFF:7F00:1"));
        // the same address as data is asked as IPv4
        assertThat(ZEN.queryName(DnsblZone.TEST_LISTED_V6, null)).isEqualTo("2.0.0.127.zen.spamhaus.org.");
        assertThat(ZEN.testQueryName(DnsblZone.TEST_LISTED_V6, null))
                .isEqualTo(ReverseMap.fromAddress(DnsblZone.TEST_LISTED_V6.toBytes())
                        .toString()
                        .replace("ip6.arpa.", "zen.spamhaus.org."));
    }

    /** The nibble and octet forms against dnsjava's reverse map, over random addresses. */
    @Test
    void queryNamesAgreeWithDnsjavasReverseMap() {
        DnsblZone ip6 = zone("ip6.arpa");
        DnsblZone ip4 = zone("in-addr.arpa");
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(20_261_206L);
        for (int i = 0; i < 20_000; i++) {
            IpAddress v6 = IpAddress.ofV6(random.nextLong(), random.nextLong());
            if (!v6.lookupForm().equals(v6)) { // ::ffff:a.b.c.d and ::a.b.c.d are asked as IPv4
                continue;
            }
            assertThat(ip6.queryName(v6, null))
                    .as(v6.toString())
                    .isEqualTo(ReverseMap.fromAddress(v6.toBytes()).toString());
            IpAddress v4 = IpAddress.ofV4(random.nextInt());
            assertThat(ip4.queryName(v4, null))
                    .as(v4.toString())
                    .isEqualTo(ReverseMap.fromAddress(v4.toBytes()).toString());
        }
        // edges: nibbles 0 and f at both ends of both halves (::f would be the IPv4-compatible ::0.0.0.15, asked
        // as its IPv4 address like every ::a.b.c.d: its nibble edge is taken by ::1:0:f)
        for (String s :
                new String[] {"::1", "f000::", "::1:0:f", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0:0:0:f::"}) {
            IpAddress a = ip(s);
            assertThat(ip6.queryName(a, null))
                    .as(s)
                    .isEqualTo(ReverseMap.fromAddress(a.toBytes()).toString());
        }
    }

    @Test
    void queryNameWithADqsKeyUsesTheDqsZone() {
        assertThat(ZEN.queryName(ip("192.0.2.10"), "abcdefghijklmnopqrstuvwxyz"))
                .isEqualTo("10.2.0.192.abcdefghijklmnopqrstuvwxyz.zen.dq.spamhaus.net.");
        assertThat(ZEN.queryName(ip("192.0.2.10"), "ABCdef0123456789ghijklmnop"))
                .as("lower case, as the zone")
                .isEqualTo("10.2.0.192.abcdef0123456789ghijklmnop.zen.dq.spamhaus.net.");
        assertThat(ZEN.queryName(ip("2001:db8::1"), "abcdefghijklmnopqrstuvwxyz"))
                .isEqualTo("1." + "0.".repeat(23) + "8.b.d.0.1.0.0.2.abcdefghijklmnopqrstuvwxyz.zen.dq.spamhaus.net.");
    }

    @Test
    void aBadDqsKeyIsRefusedWithoutShowingIt() {
        String secret = "abc.def\u001b[2Jsecretsecret";
        assertThatThrownBy(() -> ZEN.queryName(ip("192.0.2.10"), secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a DQS key is 1 to 63 letters and digits (the key given is not; 23 characters)")
                .message()
                .doesNotContain("secret");
        assertThatThrownBy(() -> ZEN.queryName(ip("192.0.2.10"), "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DRONEBL.queryName(ip("192.0.2.10"), "abcdefghijklmnopqrstuvwxyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dnsbl.dronebl.org has no Spamhaus DQS zone to use a DQS key with")
                .message()
                .doesNotContain("abcdefghijklmnopqrstuvwxyz");
    }

    @Test
    void theLongestZoneLeavesRoomForAnIpv6Query() {
        String label = "a".repeat(63);
        String longest = label + "." + label + "." + "b".repeat(DnsblZone.MAX_ZONE - 128); // 189 characters
        assertThat(longest).hasSize(189);
        DnsblZone z = zone(longest);
        assertThat(z.queryName(ip("ffff::"), null)).hasSize(DnsText.MAX_NAME + 1);
        assertThatThrownBy(() -> zone(longest + "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("190 characters, more than 189");
    }

    @Test
    void theConstructorNormalizesAndChecks() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" 127.0.0.3 ", " Open proxy ");
        codes.put("127.0.0.2", "Spam");
        DnsblZone z = new DnsblZone("BL.Example.ORG.", Ipv6.NO, false, "DQ.Example.NET.", codes, "s", "2026-02-28");
        assertThat(z.zone()).isEqualTo("bl.example.org");
        assertThat(z.dqsZone()).isEqualTo("dq.example.net");
        assertThat(z.codes()).containsExactly(Map.entry("127.0.0.3", "Open proxy"), Map.entry("127.0.0.2", "Spam"));
        codes.put("127.0.0.4", "later");
        assertThat(z.codes()).as("a copy").hasSize(2);

        assertThatThrownBy(() -> new DnsblZone("bad zone", Ipv6.NO, false, null, Map.of(), "s", ""))
                .hasMessage("zone 'bad zone': the name has the character ' ' (only letters, digits and hyphens)");
        assertThatThrownBy(
                        () -> new DnsblZone("bl.test", Ipv6.NO, false, null, Map.of("127.255.255.254", "x"), "s", ""))
                .hasMessage("127.255.255.254 is in 127.255.255.0/24, which zones use for errors (query refused,"
                        + " rate limit), not listings");
        assertThatThrownBy(() -> new DnsblZone("bl.test", Ipv6.NO, false, null, Map.of("10.0.0.2", "x"), "s", ""))
                .hasMessage("10.0.0.2 is outside 127.0.0.0/8, where DNSBL answers are");
        assertThatThrownBy(
                        () -> new DnsblZone("bl.test", Ipv6.NO, false, null, Map.of("127.0.0.2", "a\u0007b"), "s", ""))
                .hasMessage("meaning of 127.0.0.2 in bl.test: has the character '\\u0007' (printable text only)");
        assertThatThrownBy(() ->
                        new DnsblZone("bl.test", Ipv6.NO, false, null, Map.of("127.0.0.2", "x"), "s", "2026-02-30"))
                .hasMessage("checked date of bl.test: '2026-02-30' is not a day of the calendar");
        Map<String, String> twice = new LinkedHashMap<>();
        twice.put("127.0.0.2", "a");
        twice.put("127.000.0.2", "b");
        assertThatThrownBy(() -> new DnsblZone("bl.test", Ipv6.NO, false, null, twice, "s", ""))
                .hasMessageContaining("127.000.0.2");
        Map<String, String> same = new LinkedHashMap<>();
        same.put("127.0.0.2", "a");
        same.put(" 127.0.0.2", "b");
        assertThatThrownBy(() -> new DnsblZone("bl.test", Ipv6.NO, false, null, same, "s", ""))
                .hasMessage("code 127.0.0.2 twice in bl.test");
    }
}
