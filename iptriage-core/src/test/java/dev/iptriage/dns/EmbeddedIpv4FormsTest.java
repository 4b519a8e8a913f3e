package dev.iptriage.dns;

import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.testing.dns.DnsServer.Query;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One rule for every stage: an IPv6 address that embeds an IPv4 one ({@code ::ffff:a.b.c.d}, {@code ::a.b.c.d})
 * is looked up online as that IPv4 address, as the databases answer for it, and a tunnel or translation address
 * (6to4, Teredo, NAT64) that carries a private or reserved IPv4 address has that address's status and is never
 * sent. Compared two ways: each form's row against its plain IPv4 address's row, and the questions the resolver
 * got for a run of all the forms against those of a run of the plain addresses alone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedIpv4FormsTest {
    @DnsWorld
    private static DnsTestWorld world;

    private static final String FIELDS = "ip,status,ptr,fcrdns,ptr_status,dnsbl,dnsbl_status,origin_asn,origin_prefix,"
            + "origin_cc,origin_registry,origin_allocated,cymru_status";

    /** Public addresses with different answers: confirmed PTR and Cymru, SERVFAIL, NXDOMAIN, listed, not listed. */
    private static final List<String> PLAIN =
            List.of(PTR_CONFIRMED, PTR_SERVFAIL, PTR_NXDOMAIN, LISTED_SBL, NOT_LISTED, CYMRU_MOAS, CYMRU_UNROUTED);

    /** Private and reserved IPv4 addresses, each with a PTR, a listing and an origin in the world. */
    private static final List<String> KEPT_BACK =
            NEVER_SENT.stream().filter(a -> !a.contains(":")).toList();

    /** The IPv6 forms that embed {@code v4}: mapped, compatible. */
    private static List<String> embedded(String v4) {
        return List.of("::ffff:" + v4, "::" + v4);
    }

    /** The tunnel and translation forms that carry {@code v4}: 6to4, NAT64, Teredo (as its client). */
    private static List<String> carried(String v4) {
        int b = WorldRuns.ip(v4).v4Bits();
        long bits = b & 0xFFFFFFFFL;
        String sixToFour = IpAddress.ofV6(0x2002L << 48 | bits << 16, 1).toString();
        String nat64 = IpAddress.ofV6(0x0064_ff9b_0000_0000L, bits).toString();
        // Teredo server 65.54.227.120 (public), flags 0x8000, port 0x63bf, client obfuscated
        String teredo = IpAddress.ofV6(0x2001_0000_4136_e378L, 0x8000_63bfL << 32 | (~bits & 0xFFFFFFFFL))
                .toString();
        return List.of(sixToFour, nat64, teredo);
    }

    private static WorldRuns.Enriched run(List<String> lines) {
        try (DnsClient c = WorldRuns.client(world)) {
            DnsblSource dnsbl =
                    new DnsblSource(c, List.of(DnsblZones.builtIn(ZEN).orElseThrow()), null);
            try (Engine e = WorldRuns.engine(new PtrSource(c), dnsbl, new CymruSource(c))) {
                return WorldRuns.enrich(e, lines, FIELDS, Job.Shape.ROWS);
            }
        }
    }

    private static Set<Query> sentDuring(Runnable r) {
        int before = world.queryLog().size();
        r.run();
        return new HashSet<>(world.queryLog().subList(before, world.queryLog().size()));
    }

    @Test
    void everyFormAnswersAsItsIpv4AddressOrIsNotSentWithThatAddressStatus() {
        List<String> plainLines = new ArrayList<>(PLAIN);
        plainLines.addAll(KEPT_BACK);
        List<WorldRuns.Enriched> plain = new ArrayList<>();
        Set<Query> plainQueries = sentDuring(() -> plain.add(run(plainLines)));

        List<String> formLines = new ArrayList<>();
        for (String a : PLAIN) {
            formLines.addAll(embedded(a));
        }
        for (String a : KEPT_BACK) {
            formLines.addAll(embedded(a));
            formLines.addAll(carried(a));
        }
        List<WorldRuns.Enriched> forms = new ArrayList<>();
        Set<Query> formQueries = sentDuring(() -> forms.add(run(formLines)));

        // the same questions, and only those: no ip6.arpa or origin6 name under ::/96, nothing for a canary
        assertThat(formQueries).isEqualTo(plainQueries);

        int f = 0;
        for (int p = 0; p < plainLines.size(); p++) {
            JsonNode want = plain.get(0).rows().get(p);
            String v4 = plainLines.get(p);
            List<String> mine = new ArrayList<>(embedded(v4));
            if (KEPT_BACK.contains(v4)) {
                mine.addAll(carried(v4));
            }
            for (String form : mine) {
                JsonNode got = forms.get(0).rows().get(f++);
                assertThat(got.path("ip").asText())
                        .isEqualTo(WorldRuns.ip(form).unmap().toString());
                List<String> columns = new ArrayList<>();
                got.fieldNames().forEachRemaining(columns::add);
                for (String column : columns) {
                    if (!column.equals("ip")) {
                        assertThat(got.path(column)).as(form + " " + column).isEqualTo(want.path(column));
                    }
                }
                if (KEPT_BACK.contains(v4)) {
                    assertThat(got.path("ptr_status").asText()).as(form).isEqualTo("skipped");
                    assertThat(got.path("status").asText()).as(form).isIn("private", "reserved");
                }
            }
        }
        assertThat(f).isEqualTo(formLines.size());
    }
}
