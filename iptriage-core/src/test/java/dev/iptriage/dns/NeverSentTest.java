package dev.iptriage.dns;

import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.sources.SourceStats;
import dev.iptriage.sources.SourceStatus;
import dev.iptriage.testing.dns.DnsServer.Query;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OPSEC: the three DNS sources run through the engine over the world's public addresses and its
 * canaries (private and reserved addresses, their IPv4-mapped forms, and NAT64, 6to4 and Teredo
 * addresses that carry a private one): every canary row is {@code skipped} in all three status
 * columns and no query the resolver got names one, while every public address was asked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NeverSentTest {
    @DnsWorld
    private static DnsTestWorld world;

    private static final String FIELDS = "ip,ptr,fcrdns,ptr_status,dnsbl,dnsbl_status,origin_asn,origin_prefix,"
            + "origin_cc,origin_registry,origin_allocated,cymru_status";

    private static final List<String> STATUSES = List.of("ptr_status", "dnsbl_status", "cymru_status");

    /** The canaries, and the IPv4-mapped forms of the IPv4 ones. */
    private static List<String> canaries() {
        List<String> out = new ArrayList<>(NEVER_SENT);
        for (String a : NEVER_SENT) {
            if (!a.contains(":")) {
                out.add("::ffff:" + a);
            }
        }
        out.add("64:ff9b::10.0.0.1"); // the NAT64 canary as it is often written
        return out;
    }

    @Test
    void canariesAreSkippedByEverySourceAndNeverSentWhileEveryPublicAddressIsAsked() {
        List<String> lines = new ArrayList<>();
        List<String> canaries = canaries();
        // interleaved, so a block holds both kinds
        for (int i = 0; i < Math.max(PUBLIC.size(), canaries.size()); i++) {
            if (i < PUBLIC.size()) {
                lines.add(PUBLIC.get(i));
            }
            if (i < canaries.size()) {
                lines.add(canaries.get(i));
            }
        }
        int before = world.queryLog().size();
        WorldRuns.Enriched out;
        List<SourceStats> stats;
        try (DnsClient c = WorldRuns.client(world)) {
            DnsblSource dnsbl =
                    new DnsblSource(c, List.of(DnsblZones.builtIn(ZEN).orElseThrow()), null);
            assertThat(dnsbl.probe()).isEmpty();
            try (Engine e = WorldRuns.engine(new PtrSource(c), dnsbl, new CymruSource(c))) {
                out = WorldRuns.enrich(e, lines, FIELDS, Job.Shape.ROWS);
                stats = out.summary().sources();
            }
        }
        assertThat(out.rows()).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode row = out.rows().get(i);
            String line = lines.get(i);
            boolean canary = canaries.contains(line);
            for (String status : STATUSES) {
                if (canary) {
                    assertThat(row.path(status).asText())
                            .as(line + " " + status)
                            .isEqualTo("skipped");
                } else {
                    assertThat(row.path(status).asText())
                            .as(line + " " + status)
                            .isNotEqualTo("skipped");
                }
            }
            if (canary) {
                for (String column : List.of("ptr", "fcrdns", "dnsbl", "origin_asn", "origin_prefix")) {
                    assertThat(row.path(column).isMissingNode()
                                    || row.path(column).isNull())
                            .as(line + " " + column)
                            .isTrue();
                }
            }
        }
        long canaryAddresses =
                canaries.stream().map(a -> WorldRuns.ip(a).unmap()).distinct().count();
        for (SourceStats s : stats) {
            assertThat(s.asked())
                    .as(s.source())
                    .isEqualTo(PUBLIC.stream().distinct().count());
            assertThat(s.count(SourceStatus.SKIPPED)).as(s.source()).isEqualTo(canaryAddresses);
        }

        List<Query> sent = world.queryLog().subList(before, world.queryLog().size());
        assertNothingRevealsACanary(sent);
        for (String a : PUBLIC) {
            assertThat(world.queriesRevealing(a)).as(a).isNotEmpty();
        }
        // each public address's own three questions
        assertThat(sent)
                .contains(
                        new Query(reverseName(PTR_CONFIRMED), "PTR"),
                        new Query(reverseLabels(PTR_CONFIRMED) + "." + ZEN, "A"),
                        new Query(reverseLabels(PTR_CONFIRMED) + ".origin.asn.cymru.com", "TXT"));
    }

    /** The library's lookups of canaries alone: nothing at all reaches the resolver. */
    @Test
    void lookupsOfCanariesAloneSendNothing() {
        int before = world.queryLog().size();
        try (DnsClient c = WorldRuns.client(world);
                Engine e = WorldRuns.engine(
                        new PtrSource(c),
                        new DnsblSource(c, List.of(DnsblZones.builtIn(ZEN).orElseThrow()), null),
                        new CymruSource(c))) {
            Map<String, Map<String, Object>> rows = WorldRuns.lookups(e, FIELDS.substring(3), canaries());
            rows.forEach((a, v) -> {
                for (String status : STATUSES) {
                    assertThat(v.get(status)).as(a + " " + status).isEqualTo("skipped");
                }
            });
            assertThat(c.traffic("ptr").get("DNS queries")).isZero();
            assertThat(c.traffic("dnsbl").get("DNS queries")).isZero();
            assertThat(c.traffic("cymru").get("DNS queries")).isZero();
        }
        assertThat(world.queryLog()).hasSize(before);
    }

    /**
     * A dry run through the engine: nothing reaches the resolver, every row is skipped (but for what
     * is known without asking: an IPv4-only zone cannot answer for IPv6), and each question the run
     * would send is listed once: a PTR, a blocklist and a Team Cymru question per distinct public
     * address, the IPv6 ones included for a zone whose IPv6 support the probe would decide (what may
     * be sent is never under-reported); nothing for a canary.
     */
    @Test
    void aDryRunSendsNothingAndListsEveryQuestionOnce() {
        List<String> lines = new ArrayList<>(PUBLIC);
        lines.addAll(PUBLIC.subList(0, 5)); // repeats
        lines.addAll(canaries());
        List<String> wouldSend = Collections.synchronizedList(new ArrayList<>());
        int before = world.queryLog().size();
        DnsblZone probed = new DnsblZone(
                BL_V4MAPPED, DnsblZone.Ipv6.PROBE, false, null, Map.of("127.0.0.2", "Listed"), "a test", "");
        DnsblZone v4only =
                new DnsblZone(BL_V4ONLY, DnsblZone.Ipv6.NO, false, null, Map.of("127.0.0.2", "Listed"), "a test", "");
        WorldRuns.Enriched out;
        try (DnsClient c = DnsClient.dryRun(WorldRuns.settings(world), null, WorldRuns.CLOCK, wouldSend::add)) {
            DnsblSource dnsbl =
                    new DnsblSource(c, List.of(DnsblZones.builtIn(ZEN).orElseThrow(), probed, v4only), null);
            assertThat(dnsbl.probe()).isEmpty();
            try (Engine e = WorldRuns.engine(new PtrSource(c), dnsbl, new CymruSource(c))) {
                out = WorldRuns.enrich(e, lines, FIELDS, Job.Shape.ROWS);
            }
        }
        assertThat(world.queryLog()).hasSize(before);
        for (JsonNode row : out.rows()) {
            boolean v6 = !WorldRuns.ip(row.path("ip").asText()).isV4();
            boolean canary = !PUBLIC.contains(row.path("ip").asText());
            for (String status : STATUSES) {
                // what is known without asking stays: the IPv4-only zone cannot answer for IPv6
                String want = status.equals("dnsbl_status") && v6 && !canary ? "unsupported" : "skipped";
                assertThat(row.path(status).asText())
                        .as(row.path("ip") + " " + status)
                        .isEqualTo(want);
            }
        }
        List<String> want = new ArrayList<>();
        for (String a : PUBLIC.stream().distinct().toList()) {
            IpAddress ip = WorldRuns.ip(a);
            want.add("PTR " + ReverseNames.ptr(ip));
            want.add("A " + reversed(ip, ZEN));
            want.add("A " + reversed(ip, BL_V4MAPPED));
            if (ip.isV4()) {
                want.add("A " + reversed(ip, BL_V4ONLY));
            }
            want.add("TXT " + CymruTxt.queryName(ip));
        }
        assertThat(wouldSend).containsExactlyInAnyOrderElementsOf(want);
    }

    /**
     * No query names a canary ({@link DnsTestWorld#queriesRevealing}), the RFC 5782 health probes
     * of the blocklist zone aside (they name 127.0.0.1 and 127.0.0.2 on purpose).
     */
    private static void assertNothingRevealsACanary(List<Query> sent) {
        List<String> probes = List.of("1.0.0.127." + ZEN, "2.0.0.127." + ZEN);
        for (String a : canaries()) {
            IpAddress ip = WorldRuns.ip(a);
            List<Query> revealing = new ArrayList<>(world.queriesRevealing(a));
            revealing.addAll(world.queriesRevealing(ip.unmap().toString()));
            assertThat(revealing.stream().filter(q -> !probes.contains(q.name())))
                    .as(a)
                    .isEmpty();
        }
        assertThat(sent).contains(new Query(probes.get(0), "A"), new Query(probes.get(1), "A"));
    }

    /** A blocklist query name: the address's reversed labels, then the zone. */
    private static String reversed(IpAddress a, String zone) {
        return DnsText.reversedLabels(a.unmap()) + "." + zone + (zone.endsWith(".") ? "" : ".");
    }
}
