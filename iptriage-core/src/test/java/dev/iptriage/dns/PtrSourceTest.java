package dev.iptriage.dns;

import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.engine.Engine;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.sources.SourceStatus;
import dev.iptriage.testing.dns.DnsServer;
import dev.iptriage.testing.dns.DnsServer.Query;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import dev.iptriage.testing.dns.Unbound;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reverse DNS with forward confirmation ({@link PtrSource}) through the engine's library seam
 * ({@link Engine#lookups}) against real servers: every PTR row of {@link DnsTestWorld}'s table, with
 * the exact {@code ptr}, {@code fcrdns} and {@code ptr_status} a correct client gives.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PtrSourceTest {
    @DnsWorld
    private static DnsTestWorld world;

    /** One row: the three columns. */
    private record Row(String ptr, Boolean fcrdns, String status) {
        static Row of(Map<String, Object> values) {
            return new Row(
                    (String) values.get("ptr"), (Boolean) values.get("fcrdns"), (String) values.get("ptr_status"));
        }
    }

    /** What dnsjava writes for the hostile names: every byte that is not printable as \DDD (decimal). */
    private static final String FORMULA_TEXT = "=cmd|'\\032/C\\032calc'!A0.evil.test";

    private static final String HTML_TEXT = "<script>alert\\(1\\)</script>.evil.test";
    private static final String CONTROL_TEXT = "ctl\\027[2J\\027[31mred\\007\\000\\013\\010\\127.evil.test";
    private static final String BYTES_TEXT = "\\226\\128\\174gnp-exe\\255\\155.evil.test";

    /** The table's answers, row by row. */
    private static final Map<String, Row> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put(PTR_CONFIRMED, new Row(NAME_CONFIRMED, true, "ok"));
        TABLE.put(PTR_FORGED, new Row(NAME_FORGED, false, "ok"));
        TABLE.put(PTR_FORWARD_NXDOMAIN, new Row(NAME_GONE, false, "ok"));
        TABLE.put(PTR_SEVERAL, new Row(NAMES_SEVERAL.get(0), true, "ok"));
        TABLE.put(PTR_NXDOMAIN, new Row(null, null, "nxdomain"));
        TABLE.put(PTR_NODATA, new Row(null, null, "nodata"));
        TABLE.put(PTR_SERVFAIL, new Row(null, null, "servfail"));
        TABLE.put(PTR_REFUSED, new Row(null, null, "refused"));
        TABLE.put(PTR_TIMEOUT, new Row(null, null, "timeout"));
        TABLE.put(PTR_CNAME, new Row(NAME_CNAME, true, "ok"));
        TABLE.put(PTR_FORMULA, new Row(FORMULA_TEXT, false, "ok"));
        TABLE.put(PTR_HTML, new Row(HTML_TEXT, false, "ok"));
        TABLE.put(PTR_CONTROL, new Row(CONTROL_TEXT, false, "ok"));
        TABLE.put(PTR_LONGEST, new Row(PTR_LONGEST_NAME, false, "ok"));
        TABLE.put(PTR_BYTES, new Row(BYTES_TEXT, false, "ok"));
        TABLE.put(PTR_FORWARD_NODATA, new Row(NAME_TXT_ONLY, false, "ok"));
        TABLE.put(PTR_FORWARD_SERVFAIL, new Row(NAME_FORWARD_SERVFAIL, null, "ok"));
        TABLE.put(PTR_FORWARD_TIMEOUT, new Row(NAME_FORWARD_TIMEOUT, null, "ok"));
        TABLE.put(FORGED_TARGET, new Row(null, null, "nxdomain"));
        TABLE.put(PTR6_CONFIRMED, new Row(NAME_V6_CONFIRMED, true, "ok"));
        TABLE.put(PTR6_FORGED, new Row(NAME_V6_FORGED, false, "ok"));
        TABLE.put(PTR6_NXDOMAIN, new Row(null, null, "nxdomain"));
    }

    @Test
    void everyPtrRowOfTheTableThroughTheEngine() {
        List<String> addresses = new ArrayList<>(TABLE.keySet());
        addresses.add("::ffff:" + PTR_CONFIRMED); // IPv4-mapped: asked as the IPv4 address
        addresses.add("::ffff:" + PTR_FORGED);
        try (DnsClient c = WorldRuns.client(world);
                Engine e = WorldRuns.engine(new PtrSource(c))) {
            Map<String, Map<String, Object>> rows = WorldRuns.lookups(e, "ptr,fcrdns,ptr_status", addresses);
            Map<String, Row> got = new LinkedHashMap<>();
            TABLE.keySet().forEach(a -> got.put(a, Row.of(rows.get(a))));
            assertThat(got).containsExactlyEntriesOf(TABLE);
            assertThat(Row.of(rows.get("::ffff:" + PTR_CONFIRMED))).isEqualTo(TABLE.get(PTR_CONFIRMED));
            assertThat(Row.of(rows.get("::ffff:" + PTR_FORGED))).isEqualTo(TABLE.get(PTR_FORGED));
        }
        List<Query> log = world.queryLog();
        // IPv6 in nibble form under ip6.arpa; the IPv4-mapped addresses under in-addr.arpa only
        assertThat(log)
                .contains(
                        new Query(reverseName(PTR6_CONFIRMED), "PTR"),
                        new Query(NAME_V6_CONFIRMED, "AAAA"),
                        new Query(NAME_CONFIRMED, "A"));
        assertThat(world.queriesRevealing("::ffff:" + PTR_CONFIRMED)).isEmpty();
        // the forward check asks A for IPv4, AAAA for IPv6, nothing else
        assertThat(log).doesNotContain(new Query(NAME_CONFIRMED, "AAAA"), new Query(NAME_V6_CONFIRMED, "A"));
    }

    /**
     * The names of hostile PTR records are text: each byte that is not printable ASCII written as
     * {@code \DDD}, no control character, and read back by a DNS library they are the very bytes the
     * server sent (the 255-byte name whole).
     */
    @Test
    void hostileNamesComeBackAsInertTextThatKeepsEveryByte() throws TextParseException {
        Map<String, String> raw = Map.of(
                PTR_FORMULA, PTR_FORMULA_NAME,
                PTR_HTML, PTR_HTML_NAME,
                PTR_CONTROL, PTR_CONTROL_NAME,
                PTR_BYTES, PTR_BYTES_NAME,
                PTR_LONGEST, PTR_LONGEST_NAME);
        try (DnsClient c = WorldRuns.client(world)) {
            PtrSource source = new PtrSource(c);
            for (Map.Entry<String, String> e : raw.entrySet()) {
                SourceAnswer a = WorldRuns.lookup(source, e.getKey());
                assertThat(a.status()).isEqualTo(SourceStatus.OK);
                String ptr = (String) a.values().get("ptr");
                assertThat(ptr.chars()).as(e.getKey()).allMatch(ch -> ch >= 0x20 && ch < 0x7f);
                assertThat(Name.fromString(ptr + ".").toWire()).as(e.getKey()).isEqualTo(wire(e.getValue()));
                assertThat(a.values().get("fcrdns")).as("no such forward name").isEqualTo(false);
            }
        }
        assertThat(wire(PTR_LONGEST_NAME)).hasSize(255);
    }

    /**
     * Names beyond the world's table, on a resolver of their own: of several PTR names the first
     * that resolves back to the address is shown; when none does and one's forward lookup failed,
     * fcrdns cannot be decided (empty).
     */
    @Test
    void ofSeveralNamesTheFirstThatResolvesBackIsShown() {
        try (DnsServer s = new Unbound()
                        .localData("9.9.2.1.in-addr.arpa. 300 IN PTR a.order.test.")
                        .localData("9.9.2.1.in-addr.arpa. 300 IN PTR b.order.test.")
                        .localData("a.order.test. 300 IN A 1.2.9.99")
                        .localData("b.order.test. 300 IN A 1.2.9.9")
                        .localData("10.9.2.1.in-addr.arpa. 300 IN PTR gone.order.test.")
                        .localData("10.9.2.1.in-addr.arpa. 300 IN PTR late.order.test.")
                        .localData("late.order.test. 300 IN A 1.2.9.99")
                        .localData("late.order.test. 300 IN A 1.2.9.10")
                        .localData("11.9.2.1.in-addr.arpa. 300 IN PTR a.order.test.")
                        .localData("11.9.2.1.in-addr.arpa. 300 IN PTR x.refused.test.")
                        .localZone("refused.test", "refuse")
                        .localData("12.9.2.1.in-addr.arpa. 300 IN PTR a.order.test.")
                        .localData("12.9.2.1.in-addr.arpa. 300 IN PTR gone.order.test.")
                        .start();
                DnsClient c = DnsClient.start(WorldRuns.settings(List.of(s.socketAddress())), null, WorldRuns.CLOCK);
                Engine e = WorldRuns.engine(new PtrSource(c))) {
            Map<String, Map<String, Object>> rows = WorldRuns.lookups(
                    e, "ptr,fcrdns,ptr_status", Arrays.asList("1.2.9.9", "1.2.9.10", "1.2.9.11", "1.2.9.12"));
            assertThat(Row.of(rows.get("1.2.9.9"))).isEqualTo(new Row("b.order.test", true, "ok"));
            assertThat(Row.of(rows.get("1.2.9.10"))).isEqualTo(new Row("late.order.test", true, "ok"));
            assertThat(Row.of(rows.get("1.2.9.11"))).isEqualTo(new Row("a.order.test", null, "ok"));
            assertThat(Row.of(rows.get("1.2.9.12"))).isEqualTo(new Row("a.order.test", false, "ok"));
        }
    }
}
