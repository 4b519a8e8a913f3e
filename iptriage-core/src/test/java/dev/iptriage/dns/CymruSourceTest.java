package dev.iptriage.dns;

import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.engine.Engine;
import dev.iptriage.testing.dns.DnsServer.Query;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Team Cymru origins ({@link CymruSource}) through the engine's library seam against real servers:
 * one origin, two prefixes (the most specific wins), several origin ASNs, IPv6, a garbled and a
 * hostile TXT string (errors, inert), an unrouted prefix.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CymruSourceTest {
    @DnsWorld
    private static DnsTestWorld world;

    private static final String FIELDS =
            "origin_asn,origin_prefix,origin_cc,origin_registry,origin_allocated,cymru_status";

    /** A row's values in the order of {@link #FIELDS}. */
    private static List<Object> row(
            Object asns, String prefix, String cc, String registry, String allocated, String status) {
        return Arrays.asList(asns, prefix, cc, registry, allocated, status);
    }

    private static List<Object> nothing(String status) {
        return row(null, null, null, null, null, status);
    }

    @Test
    void everyCymruRowThroughTheEngine() {
        Map<String, List<Object>> want = new LinkedHashMap<>();
        List<Object> one = row(List.of(64496L), "1.2.3.0/24", "AU", "apnic", "2011-08-11", "ok");
        want.put(CYMRU_ONE, one);
        want.put(FORGED_TARGET, one); // any address of the prefix
        want.put(CYMRU_TWO_PREFIXES, row(List.of(64497L), "1.2.4.0/24", "AU", "apnic", "2011-08-11", "ok"));
        List<Object> moas = row(List.of(64499L, 64500L), "1.2.5.0/24", "AU", "apnic", "2011-08-11", "ok");
        want.put(CYMRU_MOAS, moas);
        want.put("::ffff:" + CYMRU_MOAS, moas); // asked as IPv4
        want.put(
                CYMRU_HOSTILE,
                nothing("error:no usable origin in 1 TXT string: '64501 | 1.2.6.0/24 | =1+1 | <img src=x"
                        + " onerror=alert(1)> | \\\\027[2J\\\\0072011-08-'... (84 characters) (country '=1+1' is"
                        + " not two letters)"));
        want.put(
                CYMRU_GARBLED,
                nothing("error:no usable origin in 1 TXT string: '64502 1.2.7.0/24 AU apnic' (1 fields, expected 5"
                        + " separated by '|': ASN | prefix | CC | registry | allocated)"));
        want.put(CYMRU_UNROUTED, nothing("nxdomain"));
        want.put(CYMRU6_ONE, row(List.of(64503L), "2a00:1::/32", "DE", "ripencc", "2011-08-11", "ok"));
        want.put(CYMRU6_UNROUTED, nothing("nxdomain"));

        try (DnsClient c = WorldRuns.client(world);
                Engine e = WorldRuns.engine(new CymruSource(c))) {
            Map<String, Map<String, Object>> rows = WorldRuns.lookups(e, FIELDS, new ArrayList<>(want.keySet()));
            Map<String, List<Object>> got = new LinkedHashMap<>();
            rows.forEach((a, v) -> got.put(a, new ArrayList<>(v.values())));
            assertThat(got).containsExactlyEntriesOf(want);
            // the AS numbers are numbers (Long), as JSON writes them
            assertThat((List<?>) rows.get(CYMRU_MOAS).get("origin_asn")).allMatch(Long.class::isInstance);
            // a hostile string leaves no control character in the row
            assertThat(rows.get(CYMRU_HOSTILE).get("cymru_status").toString().chars())
                    .allMatch(ch -> ch >= 0x20 && ch < 0x7f);
        }
        assertThat(world.queryLog())
                .contains(
                        new Query(reverseLabels(CYMRU_MOAS) + ".origin.asn.cymru.com", "TXT"),
                        new Query(reverseLabels(CYMRU6_ONE) + ".origin6.asn.cymru.com", "TXT"))
                .doesNotContain(new Query(reverseLabels("::ffff:" + CYMRU_MOAS) + ".origin6.asn.cymru.com", "TXT"));
    }
}
