package dev.iptriage.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.dns.DnsblZone.Ipv6;
import dev.iptriage.dns.DnsblZone.Verdict;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in zones: every table is well formed, dated and sourced, and says what the lists say. */
class DnsblZonesBuiltInTest {

    private static IpAddress ip(String s) {
        return IpLiteral.parseStrict(s).orElseThrow();
    }

    @Test
    void everyBuiltInTableIsWellFormedDatedAndSourced() {
        List<DnsblZone> zones = DnsblZones.builtIn();
        assertThat(zones).isNotEmpty();
        assertThat(zones.get(0).zone()).isEqualTo("zen.spamhaus.org");
        assertThat(zones.stream().map(DnsblZone::zone)).doesNotHaveDuplicates();
        for (DnsblZone z : zones) {
            assertThat(z.zone()).as("zone").matches("[a-z0-9.-]+").doesNotEndWith(".");
            assertThat(z.source()).as("source of %s", z.zone()).startsWith("https://");
            assertThat(LocalDate.parse(z.checked()))
                    .as("checked date of %s", z.zone())
                    .isNotNull();
            assertThat(z.codes()).as("codes of %s", z.zone()).isNotEmpty();
            z.codes().forEach((code, meaning) -> {
                IpAddress a = ip(code);
                assertThat(a.isV4()).as(code).isTrue();
                assertThat(a.v4Bits() >>> 24).as("%s in 127.0.0.0/8", code).isEqualTo(127);
                assertThat(code).as("not an error code").doesNotStartWith("127.255.255.");
                assertThat(a.toString()).as("canonical").isEqualTo(code);
                assertThat(meaning)
                        .as("meaning of %s in %s", code, z.zone())
                        .isNotBlank()
                        .hasSizeLessThanOrEqualTo(64);
                // every code of the table decodes to its own meaning
                assertThat(z.decode(a)).isEqualTo(new Verdict.Listed(meaning));
            });
        }
    }

    @Test
    void deadAndMergedListsAreNotBuiltIn() {
        assertThat(DnsblZones.builtIn())
                .extracting(DnsblZone::zone)
                .noneMatch(z -> z.endsWith("sorbs.net"))
                .doesNotContain("cbl.abuseat.org", "dnsbl-2.uceprotect.net", "dnsbl-3.uceprotect.net")
                .contains(
                        "zen.spamhaus.org",
                        "dnsbl.dronebl.org",
                        "bl.spamcop.net",
                        "b.barracudacentral.org",
                        "psbl.surriel.com",
                        "bl.blocklist.de",
                        "dnsbl-1.uceprotect.net",
                        "all.s5h.net");
    }

    @Test
    void zenHasSpamhausCodesIpv6AndDqs() {
        DnsblZone zen = DnsblZones.builtIn("zen.spamhaus.org").orElseThrow();
        assertThat(zen.codes())
                .containsExactly(
                        Map.entry("127.0.0.2", "SBL"),
                        Map.entry("127.0.0.3", "CSS"),
                        Map.entry("127.0.0.4", "XBL"),
                        Map.entry("127.0.0.9", "DROP"),
                        Map.entry("127.0.0.10", "PBL-ISP"),
                        Map.entry("127.0.0.11", "PBL-Spamhaus"),
                        Map.entry("127.0.0.30", "BCL"));
        assertThat(zen.ipv6()).isEqualTo(Ipv6.YES);
        assertThat(zen.refusesPublicResolvers()).isTrue();
        assertThat(zen.dqsZone()).isEqualTo("zen.dq.spamhaus.net");
        assertThat(DnsblZones.builtIn("sbl.spamhaus.org").orElseThrow().codes())
                .containsOnlyKeys("127.0.0.2", "127.0.0.3", "127.0.0.9", "127.0.0.30");
        assertThat(DnsblZones.builtIn("xbl.spamhaus.org").orElseThrow().codes()).containsOnlyKeys("127.0.0.4");
        assertThat(DnsblZones.builtIn("pbl.spamhaus.org").orElseThrow().codes())
                .containsOnlyKeys("127.0.0.10", "127.0.0.11");
        for (DnsblZone z : DnsblZones.builtIn()) {
            if (z.zone().endsWith(".spamhaus.org")) {
                assertThat(z.refusesPublicResolvers()).as(z.zone()).isTrue();
                assertThat(z.dqsZone()).as(z.zone()).isEqualTo(z.zone().replace(".spamhaus.org", ".dq.spamhaus.net"));
            } else {
                assertThat(z.dqsZone()).as(z.zone()).isNull();
            }
        }
    }

    /** DroneBL's own table, not the wrong third-party one (which has 5 = DDoS and 14 = open resolver). */
    @Test
    void droneblHasItsOwnCodes() {
        DnsblZone d = DnsblZones.builtIn("dnsbl.dronebl.org").orElseThrow();
        assertThat(d.codes())
                .containsEntry("127.0.0.3", "IRC drone")
                .containsEntry("127.0.0.5", "Bottler")
                .containsEntry("127.0.0.7", "DDoS drone")
                .containsEntry("127.0.0.12", "Open DNS resolver")
                .containsEntry("127.0.0.14", "Open WinGate proxy")
                .containsEntry("127.0.0.19", "Abused VPN service")
                .containsEntry("127.0.0.255", "Uncategorized")
                .doesNotContainKeys("127.0.0.2", "127.0.0.4")
                .hasSize(17);
        assertThat(d.refusesPublicResolvers()).isFalse();
    }

    @Test
    void blocklistDeHasOneCodePerService() {
        DnsblZone b = DnsblZones.builtIn("bl.blocklist.de").orElseThrow();
        assertThat(b.codes()).hasSize(21);
        assertThat(b.codes())
                .containsEntry("127.0.0.2", "amavis")
                .containsEntry("127.0.0.14", "ssh")
                .containsEntry("127.0.0.15", "w00tw00t")
                .containsEntry("127.0.0.21", "bruteforcelogin")
                .containsEntry("127.0.0.22", "mysql");
    }

    @Test
    void publicResolverPolicyFollowsTheLists() {
        assertThat(DnsblZones.builtIn("b.barracudacentral.org").orElseThrow().refusesPublicResolvers())
                .isTrue();
        for (String open : List.of("dnsbl.dronebl.org", "psbl.surriel.com", "bl.spamcop.net")) {
            assertThat(DnsblZones.builtIn(open).orElseThrow().refusesPublicResolvers())
                    .as(open)
                    .isFalse();
        }
    }

    @Test
    void lookupIgnoresCaseAndOneTrailingDot() {
        DnsblZone zen = DnsblZones.builtIn("zen.spamhaus.org").orElseThrow();
        assertThat(DnsblZones.builtIn("ZEN.Spamhaus.ORG.")).containsSame(zen);
        assertThat(DnsblZones.builtIn(" zen.spamhaus.org ")).containsSame(zen);
        assertThat(DnsblZones.builtIn("zen.spamhaus.org..")).isEmpty();
        assertThat(DnsblZones.builtIn("dnsbl.sorbs.net")).isEmpty();
        assertThat(DnsblZones.builtIn("")).isEmpty();
        assertThat(DnsblZones.builtIn("\u001b[2J")).isEmpty();
    }

    @Test
    void theBuiltInListCannotBeChanged() {
        List<DnsblZone> zones = DnsblZones.builtIn();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> zones.remove(0))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> zones.get(0).codes().put("127.0.0.99", "x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
