package dev.iptriage.testing.dns;

import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.testing.dns.DnsServer.Query;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Checks every answer {@link DnsTestWorld} documents with raw queries (dnsjava's {@code
 * SimpleResolver}), independent of the project's DNS client: rcodes, records, TTLs, the query log,
 * and the harness itself (a server that fails to start, close).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsTestWorldTest {
    @DnsWorld
    private static DnsTestWorld world;

    // ---- the addresses ----

    @Test
    void publicAddressesAreGloballyRoutableAndTheOthersAreNot() {
        for (String a : PUBLIC) {
            assertThat(IpClass.of(ip(a)).isGlobal()).as(a).isTrue();
        }
        List<String> carriers = List.of("2002:a00:1::1", "64:ff9b::a00:1", "2001:0:4136:e378:8000:63bf:f5ff:fffe");
        for (String a : NEVER_SENT) {
            if (!carriers.contains(a)) {
                assertThat(IpClass.of(ip(a)).isGlobal()).as(a).isFalse();
            }
        }
        // the carriers hold 10.0.0.1: 6to4 in bits 16-47, NAT64 in the last 32 bits, Teredo inverted
        byte[] sixToFour = ip(carriers.get(0)).toBytes();
        byte[] nat64 = ip(carriers.get(1)).toBytes();
        byte[] teredo = ip(carriers.get(2)).toBytes();
        for (int i = 0; i < 4; i++) {
            byte want = new byte[] {10, 0, 0, 1}[i];
            assertThat(sixToFour[2 + i]).isEqualTo(want);
            assertThat(nat64[12 + i]).isEqualTo(want);
            assertThat((byte) ~teredo[12 + i]).isEqualTo(want);
        }
    }

    @Test
    void reverseNamesAgreeWithDnsjava() throws Exception {
        for (String a : concat(PUBLIC, NEVER_SENT)) {
            assertThat(reverseName(a) + ".")
                    .as(a)
                    .isEqualTo(ReverseMap.fromAddress(ip(a).toInetAddress()).toString());
        }
        assertThat(reverseName(PTR6_CONFIRMED))
                .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.a.2.ip6.arpa");
    }

    // ---- reverse DNS ----

    @Test
    void ptrFoundAndForwardConfirmed() throws Exception {
        assertPtr(PTR_CONFIRMED, NAME_CONFIRMED);
        assertAddresses(NAME_CONFIRMED, Type.A, PTR_CONFIRMED);
        assertPtr(PTR6_CONFIRMED, NAME_V6_CONFIRMED);
        assertAddresses(NAME_V6_CONFIRMED, Type.AAAA, PTR6_CONFIRMED);
        assertPtr(PTR_SEVERAL, NAMES_SEVERAL.get(0), NAMES_SEVERAL.get(1));
        for (String n : NAMES_SEVERAL) {
            assertAddresses(n, Type.A, PTR_SEVERAL);
        }
        // the query went out in nibble form
        assertThat(world.queryLog()).contains(new Query(reverseName(PTR6_CONFIRMED), "PTR"));
    }

    @Test
    void ptrFoundButForwardPointsElsewhereOrNowhere() throws Exception {
        assertPtr(PTR_FORGED, NAME_FORGED);
        assertAddresses(NAME_FORGED, Type.A, FORGED_TARGET);
        assertRcode(reverseName(FORGED_TARGET), Type.PTR, Rcode.NXDOMAIN);
        assertPtr(PTR6_FORGED, NAME_V6_FORGED);
        assertAddresses(NAME_V6_FORGED, Type.AAAA, "2a00:1:2:3::99");
        assertPtr(PTR_FORWARD_NXDOMAIN, NAME_GONE);
        assertRcode(NAME_GONE, Type.A, Rcode.NXDOMAIN);
        assertRcode(NAME_GONE, Type.AAAA, Rcode.NXDOMAIN);
        assertPtr(PTR_FORWARD_NODATA, NAME_TXT_ONLY);
        assertNoData(NAME_TXT_ONLY, Type.A);
        assertPtr(PTR_FORWARD_SERVFAIL, NAME_FORWARD_SERVFAIL);
        assertRcode(NAME_FORWARD_SERVFAIL, Type.A, Rcode.SERVFAIL);
        assertPtr(PTR_FORWARD_TIMEOUT, NAME_FORWARD_TIMEOUT);
        assertTimeout(NAME_FORWARD_TIMEOUT, Type.A);
        // a name with an A has no AAAA: NODATA, not NXDOMAIN
        assertNoData(NAME_CONFIRMED, Type.AAAA);
    }

    @Test
    void noPtrNameNoPtrRecordAndFailures() throws Exception {
        Message nx = assertRcode(reverseName(PTR_NXDOMAIN), Type.PTR, Rcode.NXDOMAIN);
        assertNegativeTtl(nx, 60);
        assertRcode(reverseName(PTR6_NXDOMAIN), Type.PTR, Rcode.NXDOMAIN);
        assertRcode(reverseName(CYMRU6_UNROUTED), Type.PTR, Rcode.NXDOMAIN);
        assertNegativeTtl(assertNoData(reverseName(PTR_NODATA), Type.PTR), 60);
        assertRcode(reverseName(PTR_REFUSED), Type.PTR, Rcode.REFUSED);
        assertTimeout(reverseName(PTR_TIMEOUT), Type.PTR);
        // SERVFAIL every time, and the server behind keeps answering the zones it has
        for (int i = 0; i < 5; i++) {
            assertRcode(reverseName(PTR_SERVFAIL), Type.PTR, Rcode.SERVFAIL);
            assertRcode("x" + i + ".servfail.test", Type.A, Rcode.SERVFAIL);
            assertRcode("2.0.0.127." + BL_SERVFAIL, Type.A, Rcode.SERVFAIL);
        }
        assertPtr(PTR_CNAME, NAME_CNAME);
        assertListing(BL_WILDCARD, "127.0.0.1", "127.0.0.2");
        assertRcode("anything.refused.test", Type.PTR, Rcode.REFUSED);
        assertTimeout("anything.timeout.test", Type.TXT);
        assertRcode("www.example.com", Type.A, Rcode.NXDOMAIN);
    }

    @Test
    void rfc2317CnameChainInOneAnswer() throws Exception {
        Message m = ask(reverseName(PTR_CNAME), Type.PTR);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        List<Record> answer = m.getSection(Section.ANSWER);
        assertThat(answer).hasSize(2);
        assertThat(((CNAMERecord) answer.get(0)).getTarget()).isEqualTo(name(CNAME_TARGET));
        assertThat(((PTRRecord) answer.get(1)).getName()).isEqualTo(name(CNAME_TARGET));
        assertPtr(PTR_CNAME, NAME_CNAME);
        assertAddresses(NAME_CNAME, Type.A, PTR_CNAME);
    }

    @Test
    void hostilePtrNamesComeBackByteForByte() throws Exception {
        for (String[] c : new String[][] {
            {PTR_FORMULA, PTR_FORMULA_NAME},
            {PTR_HTML, PTR_HTML_NAME},
            {PTR_CONTROL, PTR_CONTROL_NAME},
            {PTR_BYTES, PTR_BYTES_NAME},
            {PTR_LONGEST, PTR_LONGEST_NAME}
        }) {
            assertPtr(c[0], c[1]);
            assertRcode(c[1], Type.A, Rcode.NXDOMAIN);
        }
        assertThat(wire(PTR_LONGEST_NAME)).hasSize(255);
        assertThat(name(PTR_LONGEST_NAME).length()).isEqualTo((short) 255);
        assertThat(wire(PTR_CONTROL_NAME)).contains(0x1b, 0x07, 0x00, '\r', '\n', 0x7f);
        // what dnsjava prints for them (a client that prints Name.toString() gets these)
        assertThat(ptrTargets(PTR_FORMULA).get(0).toString()).isEqualTo("=cmd|'\\032/C\\032calc'!A0.evil.test.");
        assertThat(ptrTargets(PTR_HTML).get(0).toString()).isEqualTo("<script>alert\\(1\\)</script>.evil.test.");
    }

    // ---- DNS blocklists ----

    @Test
    void zenListingsCodesAndErrors() throws Exception {
        for (String zone : List.of(ZEN, DQS_ZONE)) {
            assertListing(zone, "127.0.0.2", "127.0.0.2", "127.0.0.4", "127.0.0.10");
            assertRcode(reverseLabels("127.0.0.1") + "." + zone, Type.A, Rcode.NXDOMAIN);
            assertListing(zone, LISTED_SBL, "127.0.0.2");
            assertListing(zone, LISTED_XBL_PBL, "127.0.0.4", "127.0.0.10");
            assertListing(zone, LISTED_ERROR_254, "127.255.255.254");
            assertListing(zone, LISTED_OUTSIDE_127, "10.20.30.40");
            assertListing(zone, LISTED_ERROR_255, "127.255.255.255");
            assertListing(zone, LISTED_SBL_DROP, "127.0.0.2", "127.0.0.9");
            assertListing(zone, LISTED_CSS, "127.0.0.3");
            assertListing(zone, LISTED_ERROR_252, "127.255.255.252");
            Message nx = assertRcode(reverseLabels(NOT_LISTED) + "." + zone, Type.A, Rcode.NXDOMAIN);
            assertNegativeTtl(nx, 60);
            assertRcode(reverseLabels(PTR_CONFIRMED) + "." + zone, Type.A, Rcode.NXDOMAIN);
            // IPv6 in nibble form
            assertListing(zone, "::ffff:7f00:2", "127.0.0.2", "127.0.0.4", "127.0.0.10");
            assertRcode(reverseLabels("::ffff:7f00:1") + "." + zone, Type.A, Rcode.NXDOMAIN);
            assertListing(zone, LISTED6_SBL, "127.0.0.2");
            assertListing(zone, LISTED6_CSS_XBL, "127.0.0.3", "127.0.0.4");
            assertRcode(reverseLabels(NOT_LISTED6) + "." + zone, Type.A, Rcode.NXDOMAIN);
        }
        // a listing has a TXT reason per code; the queried address replaces '$'
        List<String> txt = txt(reverseLabels(LISTED_XBL_PBL) + "." + ZEN);
        assertThat(txt)
                .containsExactly(
                        "Listed in XBL, see https://check.spamhaus.test/xbl?ip=1.2.4.2", "Listed in PBL (ISP)");
        Message listed = ask(reverseLabels(LISTED_SBL) + "." + ZEN, Type.A);
        assertThat(listed.getSection(Section.ANSWER).get(0).getTTL()).isBetween(1L, 300L);
    }

    @Test
    void zonesThatFailTheHealthProbe() throws Exception {
        // IPv4 only: listed IPv4, but no IPv6 data at all, the RFC 5782 IPv6 test entry included
        assertListing(BL_V4ONLY, "127.0.0.2", "127.0.0.2");
        assertListing(BL_V4ONLY, LISTED_SBL, "127.0.0.2");
        assertRcode(reverseLabels("127.0.0.1") + "." + BL_V4ONLY, Type.A, Rcode.NXDOMAIN);
        assertRcode(reverseLabels("::ffff:7f00:2") + "." + BL_V4ONLY, Type.A, Rcode.NXDOMAIN);
        assertRcode(reverseLabels(LISTED6_SBL) + "." + BL_V4ONLY, Type.A, Rcode.NXDOMAIN);
        // the same in rbldnsd, which answers IPv4-mapped IPv6 names from its IPv4 data
        assertListing(BL_V4MAPPED, "127.0.0.2", "127.0.0.2");
        assertListing(BL_V4MAPPED, LISTED_SBL, "127.0.0.2");
        assertRcode(reverseLabels("127.0.0.1") + "." + BL_V4MAPPED, Type.A, Rcode.NXDOMAIN);
        assertListing(BL_V4MAPPED, "::ffff:7f00:2", "127.0.0.2");
        assertListing(BL_V4MAPPED, "::ffff:" + LISTED_SBL, "127.0.0.2");
        assertRcode(reverseLabels("::ffff:7f00:1") + "." + BL_V4MAPPED, Type.A, Rcode.NXDOMAIN);
        assertRcode(reverseLabels(LISTED6_SBL) + "." + BL_V4MAPPED, Type.A, Rcode.NXDOMAIN);
        // wildcard: everything listed, 127.0.0.1 included
        assertListing(BL_WILDCARD, "127.0.0.1", "127.0.0.2");
        assertListing(BL_WILDCARD, "127.0.0.2", "127.0.0.2");
        assertListing(BL_WILDCARD, NOT_LISTED, "127.0.0.2");
        assertListing(BL_WILDCARD, NOT_LISTED6, "127.0.0.2");
        assertRcode(reverseLabels("127.0.0.2") + "." + BL_SERVFAIL, Type.A, Rcode.SERVFAIL);
        assertRcode(reverseLabels("127.0.0.2") + "." + BL_REFUSED, Type.A, Rcode.REFUSED);
        assertTimeout(reverseLabels("127.0.0.2") + "." + BL_TIMEOUT, Type.A);
    }

    // ---- Team Cymru ----

    @Test
    void cymruOrigins() throws Exception {
        assertThat(txt(reverseLabels(CYMRU_ONE) + ".origin.asn.cymru.com")).containsExactly(CYMRU_ONE_TXT);
        assertThat(txt(reverseLabels(CYMRU_TWO_PREFIXES) + ".origin.asn.cymru.com"))
                .containsExactlyElementsOf(CYMRU_TWO_TXT);
        assertThat(txt(reverseLabels(CYMRU_MOAS) + ".origin.asn.cymru.com")).containsExactly(CYMRU_MOAS_TXT);
        assertThat(txt(reverseLabels(CYMRU_GARBLED) + ".origin.asn.cymru.com")).containsExactly(CYMRU_GARBLED_TXT);
        assertThat(txt(reverseLabels(CYMRU6_ONE) + ".origin6.asn.cymru.com")).containsExactly(CYMRU6_ONE_TXT);
        // every address of the prefix answers, and so does the /24 (or /64) name
        assertThat(txt("200.3.2.1.origin.asn.cymru.com")).containsExactly(CYMRU_ONE_TXT);
        assertThat(txt("3.2.1.origin.asn.cymru.com")).containsExactly(CYMRU_ONE_TXT);
        assertThat(txt(reverseLabels(CYMRU6_ONE).substring(32) + ".origin6.asn.cymru.com"))
                .containsExactly(CYMRU6_ONE_TXT);
        Message nx = assertRcode(reverseLabels(CYMRU_UNROUTED) + ".origin.asn.cymru.com", Type.TXT, Rcode.NXDOMAIN);
        assertNegativeTtl(nx, 60);
        assertRcode(reverseLabels(CYMRU6_UNROUTED) + ".origin6.asn.cymru.com", Type.TXT, Rcode.NXDOMAIN);
        // hostile: byte for byte
        Message m = ask(reverseLabels(CYMRU_HOSTILE) + ".origin.asn.cymru.com", Type.TXT);
        TXTRecord r = (TXTRecord) m.getSection(Section.ANSWER).get(0);
        assertThat(r.getStringsAsByteArrays().get(0))
                .isEqualTo(CYMRU_HOSTILE_TXT.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---- the query log ----

    @Test
    void theQueryLogHasEveryNameAskedAndRevealsLeaks() throws Exception {
        String probe = "log-check-" + System.nanoTime() + ".fcrdns.test";
        assertRcode(probe, Type.AAAA, Rcode.NXDOMAIN);
        assertTimeout("log-check.timeout.test", Type.A);
        assertThat(world.queryLog())
                .contains(new Query(probe, "AAAA"), new Query("log-check.timeout.test", "A"))
                .doesNotContain(new Query(DnsServer.PROBE, "A"));

        // nothing so far named a canary (the 127.0.0.x health probes of the DNSBL tests aside)
        for (String a : NEVER_SENT) {
            assertThat(world.queriesRevealing(a).stream()
                            .filter(q -> !q.name().startsWith("1.0.0.127.")
                                    && !q.name().startsWith("2.0.0.127."))
                            .toList())
                    .as(a)
                    .isEmpty();
        }
        // the canaries answer like public addresses, and asking shows in the log
        assertPtr("10.0.0.1", "leak-10-0-0-1.leak.test");
        assertPtr("fe80::1", "leak-fe80--1.leak.test");
        assertListing(ZEN, "192.168.1.1", "127.0.0.2");
        assertListing(ZEN, "2001:db8::1", "127.0.0.2");
        assertThat(txt("1.0.0.10.origin.asn.cymru.com")).hasSize(1);
        assertThat(txt("0.0.10.origin.asn.cymru.com")).hasSize(1);
        assertThat(world.queriesRevealing("10.0.0.1"))
                .containsExactly(
                        new Query("1.0.0.10.in-addr.arpa", "PTR"),
                        new Query("1.0.0.10.origin.asn.cymru.com", "TXT"),
                        new Query("0.0.10.origin.asn.cymru.com", "TXT"));
        assertThat(world.queriesRevealing("10.0.0.2")).containsExactly(new Query("0.0.10.origin.asn.cymru.com", "TXT"));
        assertThat(world.queriesRevealing("192.168.1.1")).containsExactly(new Query("1.1.168.192." + ZEN, "A"));
        assertThat(world.queriesRevealing("2001:db8::1"))
                .containsExactly(new Query(reverseLabels("2001:db8::1") + "." + ZEN, "A"));
        assertThat(world.queriesRevealing("fe80::1")).containsExactly(new Query(reverseName("fe80::1"), "PTR"));

        // the servers behind the front log what it forwarded to them
        assertThat(world.blocklistServer().queryLog()).contains(new Query("1.1.168.192." + ZEN, "A"));
        assertPtr(PTR_CNAME, NAME_CNAME);
        awaitLogged(world.dnsmasqServer(), new Query(CNAME_TARGET, "PTR"));
    }

    // ---- the harness ----

    @Test
    void builtServersAnswerOnTheirOwn() throws Exception {
        try (DnsServer dm = new Dnsmasq()
                        .localTtl(60)
                        .hostRecord("h.example.test", "1.2.3.1", "2a00:1:2:3::1")
                        .txtRecord("t.example.test", "a b", "c")
                        .local("example.test")
                        .start();
                DnsServer rbl = new Rbldnsd()
                        .zone("bl.example.test", "ip4set", List.of(":2:listed $", "1.2.3.1"))
                        .start();
                DnsServer ub = new Unbound()
                        .localDataPtr("1.2.3.1", "h.example.test")
                        .localData("q.example.test. 60 IN TXT \"it\\039s\"")
                        .forwardZone("bl.example.test", rbl)
                        .start()) {
            assertThat(ptrTargets(dm, "1.2.3.1")).containsExactly(name("h.example.test"));
            assertThat(rcode(dm, "nope.example.test", Type.A)).isEqualTo(Rcode.NXDOMAIN);
            assertThat(rcode(dm, "www.example.com", Type.A)).isEqualTo(Rcode.REFUSED);
            Message t = send(dm, "t.example.test", Type.TXT);
            assertThat(((TXTRecord) t.getSection(Section.ANSWER).get(0)).getStrings())
                    .containsExactly("a b", "c");
            assertThat(rcode(rbl, "1.3.2.1.bl.example.test", Type.A)).isEqualTo(Rcode.NOERROR);
            assertThat(rcode(rbl, "2.3.2.1.bl.example.test", Type.A)).isEqualTo(Rcode.NXDOMAIN);
            assertThat(rcode(rbl, "www.example.com", Type.A)).isEqualTo(Rcode.REFUSED);
            assertThat(ptrTargets(ub, "1.2.3.1")).containsExactly(name("h.example.test"));
            Message q = send(ub, "q.example.test", Type.TXT);
            assertThat(((TXTRecord) q.getSection(Section.ANSWER).get(0)).getStrings())
                    .containsExactly("it's");
            Message bl = send(ub, "1.3.2.1.bl.example.test", Type.TXT);
            assertThat(((TXTRecord) bl.getSection(Section.ANSWER).get(0)).getStrings())
                    .containsExactly("listed 1.2.3.1");
            assertThat(rcode(ub, "www.example.com", Type.A)).isEqualTo(Rcode.NXDOMAIN);

            assertThat(rbl.queryLog())
                    .containsExactly(
                            new Query("1.3.2.1.bl.example.test", "A"),
                            new Query("2.3.2.1.bl.example.test", "A"),
                            new Query("www.example.com", "A"),
                            new Query("1.3.2.1.bl.example.test", "TXT"));
            assertThat(ub.queryLog()).hasSize(4);
            awaitLogged(dm, new Query("t.example.test", "TXT"));
            assertThat(dm.queryLog()).startsWith(new Query("1.3.2.1.in-addr.arpa", "PTR"));
        }
    }

    @Test
    void closeKillsTheServerAndDeletesItsFolder() throws Exception {
        DnsServer s = new Rbldnsd().zone("x.test", "ip4set", List.of("1.2.3.4")).start();
        Path dir = s.directory();
        assertThat(s.address()).isEqualTo("127.0.0.1:" + s.port());
        assertThat(s.isAlive()).isTrue();
        s.close();
        assertThat(s.isAlive()).isFalse();
        assertThat(Files.exists(dir)).isFalse();
        s.close(); // twice is fine
    }

    @Test
    void aMissingServerSkipsTheTestOutsideCiAndFailsItUnderCi() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        assertThatThrownBy(() -> DnsServer.requireBinary(Path.of("/nonexistent/sbin/named"), "bind9"))
                .isInstanceOf(ci ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("/nonexistent/sbin/named is not installed (apt-get install bind9)");
    }

    @Test
    void aServerThatDiesAtStartFailsWithItsOutput() {
        assertThatThrownBy(() -> new Unbound().serverLine("no-such-option: yes").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unbound did not start")
                .hasMessageContaining("no-such-option");
    }

    @Test
    void aPortTakenBetweenChoiceAndStartIsReplacedByAnother() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int[] calls = {0};
            java.util.function.IntSupplier ports = () -> calls[0]++ == 0 ? taken.getLocalPort() : DnsServer.freePort();
            try (DnsServer dm = new Dnsmasq()
                            .address("x.test", "1.2.3.4")
                            .ports(ports)
                            .start();
                    DnsServer ub = new Unbound()
                            .ports(() -> calls[0]++ == 2 ? taken.getLocalPort() : DnsServer.freePort())
                            .start()) {
                assertThat(dm.port()).isNotEqualTo(taken.getLocalPort());
                assertThat(ub.port()).isNotEqualTo(taken.getLocalPort());
                assertThat(calls[0]).isEqualTo(4);
                assertThat(rcode(dm, "a.x.test", Type.A)).isEqualTo(Rcode.NOERROR);
                assertThat(rcode(ub, "a.x.test", Type.A)).isEqualTo(Rcode.NXDOMAIN);
            }
        }
    }

    // ---- helpers ----

    private static Message ask(String name, int type) throws Exception {
        return send(world.front(), name, type);
    }

    private static Message send(DnsServer server, String name, int type) throws Exception {
        return send(server, name, type, Duration.ofSeconds(10));
    }

    private static Message send(DnsServer server, String name, int type, Duration timeout) throws Exception {
        SimpleResolver r = new SimpleResolver(server.socketAddress());
        r.setTimeout(timeout);
        Message q = Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
        return r.sendAsync(q).toCompletableFuture().get(timeout.toSeconds() + 30, TimeUnit.SECONDS);
    }

    private static int rcode(DnsServer server, String name, int type) throws Exception {
        return send(server, name, type).getRcode();
    }

    private static Message assertRcode(String name, int type, int rcode) throws Exception {
        Message m = ask(name, type);
        assertThat(Rcode.string(m.getRcode()))
                .as(name + " " + Type.string(type))
                .isEqualTo(Rcode.string(rcode));
        if (rcode != Rcode.NOERROR) {
            assertThat(m.getSection(Section.ANSWER)).as(name).isEmpty();
        }
        return m;
    }

    private static Message assertNoData(String name, int type) throws Exception {
        Message m = assertRcode(name, type, Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).as(name).isEmpty();
        return m;
    }

    /** An SOA with this minimum, its TTL at most that (counting down when unbound cached it). */
    private static void assertNegativeTtl(Message m, long ttl) {
        List<Record> auth = m.getSection(Section.AUTHORITY);
        assertThat(auth).hasSize(1);
        SOARecord soa = (SOARecord) auth.get(0);
        assertThat(soa.getMinimum()).isEqualTo(ttl);
        assertThat(soa.getTTL()).isBetween(1L, ttl);
    }

    /** A short per-try timeout, and the query must get no answer at all. */
    private static void assertTimeout(String name, int type) {
        assertThatThrownBy(() -> send(world.front(), name, type, Duration.ofSeconds(1)))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfAny(SocketTimeoutException.class, TimeoutException.class);
    }

    private static List<Name> ptrTargets(String address) throws Exception {
        return ptrTargets(world.front(), address);
    }

    private static List<Name> ptrTargets(DnsServer server, String address) throws Exception {
        Message m = send(server, reverseName(address), Type.PTR);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        return m.getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof PTRRecord)
                .map(r -> ((PTRRecord) r).getTarget())
                .toList();
    }

    /** PTR names equal to these (one character per byte), byte for byte and in this order. */
    private static void assertPtr(String address, String... names) throws Exception {
        List<Name> got = ptrTargets(address);
        assertThat(got).as(address).hasSize(names.length);
        for (int i = 0; i < names.length; i++) {
            assertThat(got.get(i).toWire()).as(address).isEqualTo(wire(names[i]));
        }
    }

    private static void assertAddresses(String name, int type, String... addresses) throws Exception {
        Message m = assertRcode(name, type, Rcode.NOERROR);
        List<InetAddress> got = m.getSection(Section.ANSWER).stream()
                .map(r -> r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress())
                .toList();
        List<InetAddress> want = new ArrayList<>();
        for (String a : addresses) {
            want.add(ip(a).toInetAddress());
        }
        assertThat(got).as(name).containsExactlyElementsOf(want);
    }

    private static void assertListing(String zone, String address, String... codes) throws Exception {
        Message m = assertRcode(reverseLabels(address) + "." + zone, Type.A, Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER).stream()
                        .map(r -> ((ARecord) r).getAddress().getHostAddress())
                        .toList())
                .as(address + " in " + zone)
                .containsExactly(codes);
    }

    private static List<String> txt(String name) throws Exception {
        Message m = assertRcode(name, Type.TXT, Rcode.NOERROR);
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            out.add(String.join("", ((TXTRecord) r).getStrings()));
        }
        return out;
    }

    private static void awaitLogged(DnsServer s, Query q) throws InterruptedException {
        for (int i = 0; i < 200 && !s.queryLog().contains(q); i++) {
            Thread.sleep(50); // dnsmasq writes its log after it answers
        }
        assertThat(s.queryLog()).contains(q);
    }

    /** A name given one character per byte. */
    private static Name name(String raw) throws Exception {
        String p = presentation(raw);
        return Name.fromString(p.endsWith(".") ? p : p + ".");
    }

    private static IpAddress ip(String a) {
        return IpLiteral.parseStrict(a).orElseThrow();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
