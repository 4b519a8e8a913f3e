package dev.iptriage.dns;

import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.engine.Engine;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.testing.dns.DnsServer.Query;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS blocklists ({@link DnsblSource}) against real servers (rbldnsd behind unbound): the health
 * probe of each kind of zone in {@link DnsTestWorld}, every listing row of ZEN with its meaning, the
 * 127.255.255.x and outside-127/8 answers as errors, IPv6 in nibble form, IPv4-only zones, a
 * Spamhaus DQS key, and several zones at once, through the engine's library seam.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsblSourceTest {
    @DnsWorld
    private static DnsTestWorld world;

    private static final DnsblZone ZEN_ZONE = DnsblZones.builtIn(ZEN).orElseThrow();

    /** A user's zone whose IPv6 support is probed. */
    private static DnsblZone zone(String name) {
        return new DnsblZone(name, DnsblZone.Ipv6.PROBE, false, null, Map.of("127.0.0.2", "Listed"), "a test", "");
    }

    private static final String PUBLIC_RESOLVER_254 = "error:zen.spamhaus.org: 127.255.255.254:"
            + " query via a public or open resolver, or one with generic reverse DNS (refused)";
    private static final String TOO_MANY_255 =
            "error:zen.spamhaus.org: 127.255.255.255:" + " excessive number of queries (rate limited)";
    private static final String TYPO_252 = "error:zen.spamhaus.org: 127.255.255.252: typo in the DNSBL zone name";
    private static final String OUTSIDE_127 = "error:zen.spamhaus.org: answer 10.20.30.40 is"
            + " outside 127.0.0.0/8: not a listing (a wildcarding or hijacking resolver?)";

    /** ZEN's rows: the listings (null: none) and the status. */
    private static Map<String, Listing> zenTable(String zone) {
        Map<String, Listing> t = new LinkedHashMap<>();
        t.put(LISTED_SBL, Listing.of("ok", zone + ":SBL"));
        t.put(LISTED_XBL_PBL, Listing.of("ok", zone + ":XBL", zone + ":PBL-ISP"));
        t.put(LISTED_ERROR_254, Listing.of(PUBLIC_RESOLVER_254));
        t.put(LISTED_OUTSIDE_127, Listing.of(OUTSIDE_127));
        t.put(NOT_LISTED, Listing.of("nxdomain"));
        t.put(LISTED_ERROR_255, Listing.of(TOO_MANY_255));
        t.put(LISTED_SBL_DROP, Listing.of("ok", zone + ":SBL", zone + ":DROP"));
        t.put(LISTED_CSS, Listing.of("ok", zone + ":CSS"));
        t.put(LISTED_ERROR_252, Listing.of(TYPO_252));
        t.put(PTR_CONFIRMED, Listing.of("nxdomain"));
        t.put(LISTED6_SBL, Listing.of("ok", zone + ":SBL"));
        t.put(LISTED6_CSS_XBL, Listing.of("ok", zone + ":CSS", zone + ":XBL"));
        t.put(NOT_LISTED6, Listing.of("nxdomain"));
        t.put("::ffff:" + LISTED_SBL, Listing.of("ok", zone + ":SBL")); // asked as 1.2.4.1
        return t;
    }

    /** One row's {@code dnsbl} (null when listed nowhere) and {@code dnsbl_status}. */
    private record Listing(List<String> dnsbl, String status) {
        static Listing of(String status, String... listings) {
            return new Listing(listings.length == 0 ? null : List.of(listings), status);
        }

        @SuppressWarnings("unchecked")
        static Listing of(Map<String, Object> values) {
            return new Listing((List<String>) values.get("dnsbl"), (String) values.get("dnsbl_status"));
        }
    }

    // ---- the health probe ----

    @Test
    void theProbeDisablesDeadAndWildcardZonesWithOneLineEach() {
        List<DnsblZone> zones = List.of(
                ZEN_ZONE,
                zone(BL_WILDCARD),
                zone(BL_SERVFAIL),
                zone(BL_TIMEOUT),
                zone(BL_REFUSED),
                zone(BL_V4ONLY),
                zone(BL_V4MAPPED));
        try (DnsClient c = probeClient()) {
            DnsblSource s = new DnsblSource(c, zones, null);
            assertThat(s.probe())
                    .containsExactly(
                            "dnsbl: wildcard.bl.test is off for this run: it lists 127.0.0.1, which no list may list"
                                    + " (RFC 5782): it answers for everything",
                            "dnsbl: servfail.bl.test is off for this run: its test entry 127.0.0.2 is not listed"
                                    + " (servfail): a dead or mistyped zone, or a resolver that cannot reach it",
                            "dnsbl: timeout.bl.test is off for this run: its test entry 127.0.0.2 is not listed"
                                    + " (timeout): a dead or mistyped zone, or a resolver that cannot reach it",
                            "dnsbl: refused.bl.test is off for this run: its test entry 127.0.0.2 is not listed"
                                    + " (refused): a dead or mistyped zone, or a resolver that cannot reach it");
            // the RFC 5782 test entries were asked of each zone; the IPv6 one of the zones that are probed
            List<Query> log = world.queryLog();
            for (DnsblZone z : zones) {
                assertThat(log).contains(new Query("2.0.0.127." + z.zone(), "A"));
            }
            assertThat(log)
                    .contains(new Query(reverseLabels("::ffff:7f00:2") + "." + BL_V4ONLY, "A"))
                    .doesNotContain(new Query(reverseLabels("::ffff:7f00:2") + "." + ZEN, "A"));

            // a disabled zone is not asked again: each row says why it has no answer from it
            int before = log.size();
            try (Engine e = WorldRuns.engine(s)) {
                Map<String, Map<String, Object>> rows =
                        WorldRuns.lookups(e, "dnsbl,dnsbl_status", List.of(LISTED_SBL, NOT_LISTED));
                assertThat(Listing.of(rows.get(LISTED_SBL)))
                        .isEqualTo(Listing.of(
                                "error:wildcard.bl.test is off for this run: it lists 127.0.0.1, which no list may"
                                        + " list (RFC 5782): it answers for everything",
                                ZEN + ":SBL",
                                BL_V4ONLY + ":Listed",
                                BL_V4MAPPED + ":Listed"));
                assertThat(Listing.of(rows.get(NOT_LISTED)).dnsbl()).isNull();
            }
            assertThat(world.queryLog().subList(before, world.queryLog().size()))
                    .extracting(Query::name)
                    .containsOnly(
                            reverseLabels(LISTED_SBL) + "." + ZEN,
                            reverseLabels(LISTED_SBL) + "." + BL_V4ONLY,
                            reverseLabels(LISTED_SBL) + "." + BL_V4MAPPED,
                            reverseLabels(NOT_LISTED) + "." + ZEN,
                            reverseLabels(NOT_LISTED) + "." + BL_V4ONLY,
                            reverseLabels(NOT_LISTED) + "." + BL_V4MAPPED);
        }
    }

    // ---- listings ----

    @Test
    void everyZenRowThroughTheEngine() {
        try (DnsClient c = WorldRuns.client(world)) {
            DnsblSource s = new DnsblSource(c, List.of(ZEN_ZONE), null);
            assertThat(s.probe()).isEmpty();
            Map<String, Listing> want = zenTable(ZEN);
            try (Engine e = WorldRuns.engine(s)) {
                Map<String, Map<String, Object>> rows =
                        WorldRuns.lookups(e, "dnsbl,dnsbl_status", new ArrayList<>(want.keySet()));
                Map<String, Listing> got = new LinkedHashMap<>();
                rows.forEach((a, v) -> got.put(a, Listing.of(v)));
                assertThat(got).containsExactlyEntriesOf(want);
            }
        }
        // IPv6 in nibble form, the IPv4-mapped address as IPv4
        assertThat(world.queryLog())
                .contains(new Query(reverseLabels(LISTED6_CSS_XBL) + "." + ZEN, "A"))
                .doesNotContain(new Query(reverseLabels("::ffff:" + LISTED_SBL) + "." + ZEN, "A"));
    }

    @Test
    void anIpv4OnlyZoneIsUnsupportedForIpv6NeverNotListed() {
        try (DnsClient c = WorldRuns.client(world)) {
            DnsblSource s = new DnsblSource(c, List.of(zone(BL_V4ONLY)), null);
            assertThat(s.probe()).isEmpty();
            try (Engine e = WorldRuns.engine(s)) {
                Map<String, Map<String, Object>> rows = WorldRuns.lookups(
                        e,
                        "dnsbl,dnsbl_status",
                        List.of(LISTED_SBL, NOT_LISTED, LISTED6_SBL, NOT_LISTED6, "::ffff:" + LISTED_SBL));
                assertThat(Listing.of(rows.get(LISTED_SBL))).isEqualTo(Listing.of("ok", BL_V4ONLY + ":Listed"));
                assertThat(Listing.of(rows.get(NOT_LISTED))).isEqualTo(Listing.of("nxdomain"));
                assertThat(Listing.of(rows.get(LISTED6_SBL))).isEqualTo(Listing.of("unsupported"));
                assertThat(Listing.of(rows.get(NOT_LISTED6))).isEqualTo(Listing.of("unsupported"));
                assertThat(Listing.of(rows.get("::ffff:" + LISTED_SBL)))
                        .isEqualTo(Listing.of("ok", BL_V4ONLY + ":Listed"));
            }
        }
        // an IPv6 address is not asked of a zone that cannot answer it
        assertThat(world.queryLog())
                .doesNotContain(
                        new Query(reverseLabels(LISTED6_SBL) + "." + BL_V4ONLY, "A"),
                        new Query(reverseLabels(NOT_LISTED6) + "." + BL_V4ONLY, "A"));
    }

    /**
     * rbldnsd answers IPv4-mapped names from its IPv4 data, so the RFC 5782 IPv6 test entry is
     * listed in a zone without IPv6 data: the probe passes (IPv6 support cannot be told from it),
     * and IPv6 addresses are asked of the zone. What the client can know: an IPv4 listing, and an
     * IPv4-mapped address asked as IPv4.
     */
    @Test
    void aZoneThatAnswersIpv4MappedNamesPassesTheIpv6Probe() {
        try (DnsClient c = WorldRuns.client(world)) {
            DnsblSource s = new DnsblSource(c, List.of(zone(BL_V4MAPPED)), null);
            assertThat(s.probe()).isEmpty();
            try (Engine e = WorldRuns.engine(s)) {
                Map<String, Map<String, Object>> rows = WorldRuns.lookups(
                        e, "dnsbl,dnsbl_status", List.of(LISTED_SBL, "::ffff:" + LISTED_SBL, NOT_LISTED, LISTED6_SBL));
                assertThat(Listing.of(rows.get(LISTED_SBL))).isEqualTo(Listing.of("ok", BL_V4MAPPED + ":Listed"));
                assertThat(Listing.of(rows.get("::ffff:" + LISTED_SBL)))
                        .isEqualTo(Listing.of("ok", BL_V4MAPPED + ":Listed"));
                assertThat(Listing.of(rows.get(NOT_LISTED))).isEqualTo(Listing.of("nxdomain"));
                assertThat(Listing.of(rows.get(LISTED6_SBL))).isEqualTo(Listing.of("nxdomain"));
            }
        }
        assertThat(world.queryLog())
                .contains(
                        new Query(reverseLabels("::ffff:7f00:2") + "." + BL_V4MAPPED, "A"),
                        new Query(reverseLabels(LISTED6_SBL) + "." + BL_V4MAPPED, "A"));
    }

    /**
     * A dry run probes nothing: for a zone whose IPv6 support the probe would decide, an IPv6
     * address's question is shown (the run may send it) and the row is skipped, not unsupported; a
     * zone known to be IPv4-only is unsupported without asking.
     */
    @Test
    void aDryRunShowsTheIpv6QuestionOfAZoneItWouldProbe() {
        List<String> wouldSend = new ArrayList<>();
        int before = world.queryLog().size();
        try (DnsClient c = DnsClient.dryRun(WorldRuns.settings(world), null, WorldRuns.CLOCK, wouldSend::add)) {
            DnsblSource probed = new DnsblSource(c, List.of(zone(BL_V4MAPPED)), null);
            assertThat(probed.probe()).isEmpty();
            assertThat(WorldRuns.lookup(probed, LISTED6_SBL).statusText()).isEqualTo("skipped");
            DnsblSource v4only = new DnsblSource(
                    c,
                    List.of(new DnsblZone(
                            BL_V4ONLY, DnsblZone.Ipv6.NO, false, null, Map.of("127.0.0.2", "Listed"), "a test", "")),
                    null);
            assertThat(WorldRuns.lookup(v4only, LISTED6_SBL).statusText()).isEqualTo("unsupported");
        }
        assertThat(wouldSend).containsExactly("A " + reverseLabels(LISTED6_SBL) + "." + BL_V4MAPPED + ".");
        assertThat(world.queryLog()).hasSize(before);
    }

    /**
     * Several zones for each address: the listings of every zone that answered stay, and a zone
     * that failed makes the row's status that failure (the most telling one of several).
     */
    @Test
    void severalZonesAtOnceKeepTheListingsOfThoseThatAnswered() {
        try (DnsClient c = probeClient()) {
            // not probed: the failing zones are asked like the others
            DnsblSource s =
                    new DnsblSource(c, List.of(ZEN_ZONE, zone(BL_SERVFAIL), zone(BL_V4ONLY), zone(BL_REFUSED)), null);
            DnsblSource timeout = new DnsblSource(c, List.of(zone(BL_TIMEOUT), ZEN_ZONE), null);
            DnsblSource unsupported = new DnsblSource(c, List.of(ZEN_ZONE, zone(BL_V4ONLY)), null);
            assertThat(unsupported.probe()).isEmpty();
            assertThat(Listing.of(answer(s, LISTED_SBL)))
                    .isEqualTo(Listing.of("servfail", ZEN + ":SBL", BL_V4ONLY + ":Listed"));
            assertThat(Listing.of(answer(s, LISTED_XBL_PBL)))
                    .isEqualTo(Listing.of("servfail", ZEN + ":XBL", ZEN + ":PBL-ISP"));
            assertThat(Listing.of(answer(s, LISTED_ERROR_254))).isEqualTo(Listing.of(PUBLIC_RESOLVER_254));
            assertThat(Listing.of(answer(timeout, LISTED_SBL_DROP)))
                    .isEqualTo(Listing.of("timeout", ZEN + ":SBL", ZEN + ":DROP"));
            // an IPv6 address: listed in ZEN, not asked of the IPv4-only zone
            assertThat(Listing.of(answer(unsupported, LISTED6_SBL))).isEqualTo(Listing.of("unsupported", ZEN + ":SBL"));
            assertThat(Listing.of(answer(unsupported, LISTED_SBL)))
                    .isEqualTo(Listing.of("ok", ZEN + ":SBL", BL_V4ONLY + ":Listed"));
        }
    }

    /**
     * A zone's error answers (127.255.255.x: a public resolver, a rate limit, a typo; an answer
     * outside 127/8) are no facts about the address but failures of this run's resolver or quota:
     * never kept in the cache, so a rerun asks again, while listings and "not listed" are kept.
     */
    @Test
    void errorAnswersOfAZoneAreNotKeptForTheNextRun(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cache.sqlite");
        List<String> errors = List.of(LISTED_ERROR_254, LISTED_ERROR_255, LISTED_ERROR_252, LISTED_OUTSIDE_127);
        List<String> answers = List.of(LISTED_SBL, LISTED_XBL_PBL, NOT_LISTED);
        List<String> all = new ArrayList<>(errors);
        all.addAll(answers);
        Map<String, Listing> want = new LinkedHashMap<>();
        all.forEach(a -> want.put(a, zenTable(ZEN).get(a)));
        for (int run = 1; run <= 2; run++) {
            int before = world.queryLog().size();
            try (DnsCacheFile cache = DnsCacheFile.open(file, WorldRuns.CLOCK);
                    DnsClient c = DnsClient.start(WorldRuns.settings(world), cache, WorldRuns.CLOCK)) {
                DnsblSource s = new DnsblSource(c, List.of(ZEN_ZONE), null);
                assertThat(s.probe()).isEmpty();
                try (Engine e = WorldRuns.engine(s)) {
                    Map<String, Listing> got = new LinkedHashMap<>();
                    WorldRuns.lookups(e, "dnsbl,dnsbl_status", all).forEach((a, v) -> got.put(a, Listing.of(v)));
                    assertThat(got).as("run %d", run).containsExactlyEntriesOf(want);
                }
            }
            List<String> sent = world
                    .queryLog()
                    .subList(before, world.queryLog().size())
                    .stream()
                    .map(Query::name)
                    .toList();
            List<String> asked =
                    errors.stream().map(a -> reverseLabels(a) + "." + ZEN).toList();
            if (run == 2) {
                assertThat(sent)
                        .as("the rerun asks the errors again, nothing else")
                        .containsOnly(asked.toArray(String[]::new));
            }
        }
    }

    // ---- Spamhaus DQS ----

    /**
     * With a DQS key the questions go to {@code KEY.zen.dq.spamhaus.net}: the key is in the query
     * names and nowhere else (the listings say {@code zen.spamhaus.org:...}, the destination, the
     * statuses, the dry run and the cache keys do not hold it), and nothing is asked of ZEN itself.
     */
    @Test
    void aDqsKeyGoesInTheQueryNameOnly() {
        int before = world.queryLog().size();
        try (DnsClient c = WorldRuns.client(world)) {
            DnsblSource s = new DnsblSource(c, List.of(ZEN_ZONE), DQS_KEY);
            assertThat(s.probe()).isEmpty();
            assertThat(s.destination())
                    .isEqualTo("DNS resolver " + world.resolver() + " for zen.spamhaus.org (Spamhaus DQS,"
                            + " zen.dq.spamhaus.net)");
            Map<String, Listing> want = zenTable(ZEN);
            try (Engine e = WorldRuns.engine(s)) {
                Map<String, Map<String, Object>> rows =
                        WorldRuns.lookups(e, "dnsbl,dnsbl_status", new ArrayList<>(want.keySet()));
                Map<String, Listing> got = new LinkedHashMap<>();
                rows.forEach((a, v) -> got.put(a, Listing.of(v)));
                assertThat(got).containsExactlyEntriesOf(want);
                assertThat(e.lookups(e.columns("dnsbl,dnsbl_status")).sources().toString())
                        .doesNotContain(DQS_KEY);
            }
        }
        List<Query> sent = world.queryLog().subList(before, world.queryLog().size());
        assertThat(sent).isNotEmpty().allSatisfy(q -> {
            assertThat(q.name()).endsWith("." + DQS_ZONE);
            assertThat(q.name().indexOf(DQS_KEY)).isEqualTo(q.name().length() - DQS_ZONE.length());
        });
        assertThat(sent).contains(new Query(reverseLabels(LISTED6_SBL) + "." + DQS_ZONE, "A"));

        List<String> wouldSend = new ArrayList<>();
        try (DnsClient c = DnsClient.dryRun(WorldRuns.settings(world), null, WorldRuns.CLOCK, wouldSend::add)) {
            DnsblSource s = new DnsblSource(c, List.of(ZEN_ZONE), DQS_KEY);
            assertThat(s.probe()).isEmpty();
            assertThat(WorldRuns.lookup(s, LISTED_SBL).statusText()).isEqualTo("skipped");
        }
        // the key's place is marked: the line is not the exact name that would be sent
        assertThat(wouldSend).containsExactly("A " + reverseLabels(LISTED_SBL) + ".<key>.zen.dq.spamhaus.net.");
    }

    // ---- helpers ----

    private static Map<String, Object> answer(DnsblSource s, String address) {
        SourceAnswer a = WorldRuns.lookup(s, address);
        Map<String, Object> m = new LinkedHashMap<>(a.values());
        m.put("dnsbl_status", a.statusText());
        return m;
    }

    /** The tests' client, with a shorter query timeout: the probe of a zone that never answers waits it out. */
    private static DnsClient probeClient() {
        return DnsClient.start(
                new DnsClient.Settings(
                        List.of(world.socketAddress()), 64, 0, WorldRuns.RETRIES, Duration.ofMillis(1500), null),
                null,
                WorldRuns.CLOCK);
    }
}
