package dev.iptriage.sink.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.model.Field;
import dev.iptriage.sink.Row;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportAggregatorTest {
    static Row row(
            String ip,
            String status,
            long count,
            Object asn,
            String org,
            String city,
            String iso,
            Double lat,
            Double lon) {
        Map<Field, Object> v = new java.util.HashMap<>();
        v.put(Field.ASN, asn);
        v.put(Field.AS_ORG, org);
        v.put(Field.CITY, city);
        v.put(Field.COUNTRY, iso == null ? null : "Country " + iso);
        v.put(Field.COUNTRY_ISO, iso);
        v.put(Field.LATITUDE, lat);
        v.put(Field.LONGITUDE, lon);
        return Rows.of(ip, status, count, v);
    }

    static RunFacts facts(ReportAggregator a) {
        return new RunFacts("t", List.of("in"), 0, a.statuses(), List.of(), Instant.EPOCH, List.of());
    }

    @Test
    void countsSightingsPerKeyAndStatus() {
        ReportAggregator a = ReportAggregator.create(ReportAggregator.COLUMNS, ReportAggregator.Limits.defaults());
        a.add(row("1.1.1.1", "ok", 5, 13335L, "Cloudflare", "Sydney", "AU", -33.86, 151.2));
        a.add(row("1.1.1.2", "ok", 2, 13335L, "Cloudflare", "Sydney", "AU", -33.86, 151.21));
        a.add(row("8.8.8.8", "ok", 1, 15169L, "Google", null, "US", 37.75, -97.82));
        a.add(row("10.0.0.1", "private", 3, null, null, null, null, null, null));
        a.add(new Row("junk", "invalid", new Object[0], 4));
        a.add(row("9.9.9.9", "error:boom", 1, null, null, null, null, null, null));
        ReportData d = a.result(facts(a));

        assertThat(d.sightings()).isEqualTo(12);
        assertThat(d.distinct()).isEqualTo(5);
        assertThat(a.statuses())
                .containsEntry("ok", 8L)
                .containsEntry("private", 3L)
                .containsEntry("invalid", 4L)
                .containsEntry("error", 1L);
        assertThat(d.countries())
                .containsExactly(new Tally("AU", "Country AU", 7, 2), new Tally("US", "Country US", 1, 1));
        assertThat(d.asns().get(0)).isEqualTo(new Tally("13335", "Cloudflare", 7, 2));
        assertThat(d.cities()).containsExactly(new Tally("Sydney, Country AU", "Sydney, Country AU", 7, 2));
        // the two Sydney addresses fall in one 0.1-degree cell
        assertThat(d.points()).hasSize(2);
        Point sydney = d.points().get(0);
        assertThat(sydney.sightings()).isEqualTo(7);
        assertThat(sydney.addresses()).isEqualTo(2);
        assertThat(sydney.ip()).isEqualTo("1.1.1.1");
        assertThat(sydney.latitude()).isEqualTo(-33.9);
        assertThat(sydney.longitude()).isEqualTo(151.2);
        assertThat(d.rows()).hasSize(5);
        assertThat(d.rows().get(0)).startsWith("1.1.1.1", "ok");
        assertThat(d.rows().get(0).get(ReportAggregator.COLUMNS.indexOf(Field.COUNT)))
                .isEqualTo("5");
    }

    @Test
    void missingSharesCountLookedUpAddressesOnly() {
        ReportAggregator a = ReportAggregator.create(ReportAggregator.COLUMNS, ReportAggregator.Limits.defaults());
        a.add(row("1.1.1.1", "ok", 9, 13335L, "Cloudflare", null, "AU", -33.86, 151.2));
        a.add(row("2.2.2.2", "not_found", 1, null, null, null, null, null, null));
        a.add(row("10.0.0.1", "private", 1, null, null, null, null, null, null));
        Map<String, Missing> m = a.result(facts(a)).missing().stream()
                .collect(java.util.stream.Collectors.toMap(Missing::column, x -> x));
        assertThat(m.get("city").empty()).isEqualTo(2);
        assertThat(m.get("asn").share()).isEqualTo(0.5);
        assertThat(m).doesNotContainKeys("ip", "status", "count");
    }

    @Test
    void staysBoundedAndKeepsTheMostSeen() {
        ReportAggregator a =
                ReportAggregator.create(ReportAggregator.COLUMNS, new ReportAggregator.Limits(3, 5, 4, 100));
        for (int i = 0; i < 5000; i++) {
            long count = i % 1000 == 0 ? 1000 + i : 1;
            a.add(row(
                    "10." + (i >> 8) + "." + (i & 255) + ".1",
                    "ok",
                    count,
                    (long) i,
                    "org" + i,
                    "c" + i,
                    "X" + i,
                    (i % 170) - 85.0,
                    (i % 350) - 175.0));
        }
        ReportData d = a.result(facts(a));
        assertThat(d.asns()).hasSize(3).extracting(Tally::key).containsExactly("4000", "3000", "2000");
        assertThat(d.points()).hasSize(5);
        assertThat(d.points().get(0).sightings()).isEqualTo(5000);
        assertThat(d.pointsLeftOut())
                .isEqualTo(d.sightings()
                        - d.points().stream().mapToLong(Point::sightings).sum());
        assertThat(d.rows()).hasSize(4);
        assertThat(d.rows().get(0).get(0)).isEqualTo("10.15.160.1");
        assertThat(d.rowsTotal()).isEqualTo(5000);
    }

    /**
     * A key seen more than 1/keys of all sightings is kept, with a count at most that share below the
     * true one, whatever the order: here the heavy ASN comes first, then 49 rare and 51 busier ones
     * push the table over its 100 keys (halving the table by the median used to drop it for good).
     */
    @Test
    void aKeyAboveItsShareIsKeptWhateverComesAfterIt() {
        ReportAggregator a =
                ReportAggregator.create(ReportAggregator.COLUMNS, new ReportAggregator.Limits(200, 5, 4, 100));
        a.add(row("192.0.2.1", "ok", 6, 64500L, "heavy", "c", "AA", 1.0, 1.0));
        for (int i = 0; i < 49; i++) {
            a.add(row("198.51.100." + i, "ok", 1, 65000L + i, "rare" + i, "c", "AA", 1.0, 1.0));
        }
        for (int i = 0; i < 51; i++) {
            a.add(row("203.0.113." + i, "ok", 10, 66000L + i, "busy" + i, "c", "AA", 1.0, 1.0));
        }
        ReportData d = a.result(facts(a));
        assertThat(d.sightings()).isEqualTo(565).isLessThan(6 * 100);
        assertThat(d.asns()).contains(new Tally("64500", "heavy", 6, 1));
    }

    /** Random weighted streams of keys against exact counts: the documented bound of {@link HeavyKeys}. */
    @Test
    void heavyKeysKeepTheirBoundOnRandomStreams() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(12);
        for (int run = 0; run < 300; run++) {
            int k = 1 + rnd.nextInt(40);
            HeavyKeys<String, long[]> h = new HeavyKeys<>(k);
            Map<String, Long> exact = new java.util.HashMap<>();
            int distinct = 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 5000);
            boolean skewed = rnd.nextBoolean();
            for (int i = rnd.nextInt(3000); i >= 0; i--) {
                int v = skewed
                        ? (int) Math.min(distinct - 1, 1 / (rnd.nextDouble() + 1e-9) - 1)
                        : rnd.nextInt(distinct);
                long w = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(100) : 1;
                String key = "k" + v;
                h.add(key, w, () -> new long[1]).payload()[0] += w;
                exact.merge(key, w, Long::sum);
            }
            long n = h.total();
            assertThat(n)
                    .isEqualTo(
                            exact.values().stream().mapToLong(Long::longValue).sum());
            Map<String, HeavyKeys.Entry<String, long[]>> kept = new java.util.HashMap<>();
            h.top(k).forEach(e -> kept.put(e.key(), e));
            assertThat(kept).hasSize(Math.min(k, exact.size()));
            exact.forEach((key, truth) -> {
                if (truth > n / k) {
                    assertThat(kept)
                            .as("%s seen %d of %d, k %d", key, truth, n, k)
                            .containsKey(key);
                }
                HeavyKeys.Entry<String, long[]> e = kept.get(key);
                if (e != null) {
                    assertThat(e.guaranteed()).isBetween(truth - n / k, truth);
                    // the payload sees exactly the weight added since the key took its counter
                    assertThat(e.payload()[0]).isEqualTo(e.guaranteed());
                }
            });
            List<HeavyKeys.Entry<String, long[]>> top = h.top(k);
            for (int i = 1; i < top.size(); i++) {
                assertThat(top.get(i - 1).guaranteed())
                        .isGreaterThanOrEqualTo(top.get(i).guaranteed());
            }
        }
    }

    @Test
    void sightingColumnsAreShownWhenTheInputHasThemAndTheirTotalsSummed() {
        List<Field> fields = new java.util.ArrayList<>(ReportAggregator.COLUMNS);
        fields.addAll(List.of(Field.USERS_TRIED, Field.FAILED_LOGINS, Field.JAILS, Field.BANS, Field.TOP_PATHS));
        ReportAggregator a = ReportAggregator.create(fields, ReportAggregator.Limits.defaults());
        Map<String, Long> users = new java.util.LinkedHashMap<>();
        users.put("root", 7L);
        users.put("admin", 2L);
        a.add(sightingRow(fields, "192.0.2.1", 9, users, 9L, null, 0L));
        a.add(sightingRow(fields, "192.0.2.2", 3, null, 0L, Map.of("sshd", 3L), 2L));
        a.add(new Row("junk", "invalid", new Object[0], 1));
        ReportData d = a.result(facts(a));
        assertThat(d.columns()).endsWith("count", "users_tried", "failed_logins", "jails", "bans");
        assertThat(d.columns()).doesNotContain("top_paths");
        assertThat(d.rows().get(0)).endsWith("9", "{\"root\":7,\"admin\":2}", "9", "", "0");
        assertThat(d.totals()).containsExactly(Map.entry("failed_logins", 9L), Map.entry("bans", 2L));
        assertThat(d.missing()).extracting(Missing::column).doesNotContain("users_tried", "bans", "count");
    }

    @Test
    void onlineSourcesAreCountedPerStatusAndColumnAndListingsPerAddress() {
        ReportAggregator a = ReportAggregator.forColumns(Rows.ONLINE, ReportAggregator.Limits.defaults());
        String xbl = "zen.spamhaus.org:XBL";
        String pbl = "zen.spamhaus.org:PBL (ISP)";
        a.add(Rows.online("1.2.3.1", "ok", 5, "host1.example", true, "ok", List.of(xbl, pbl), "ok"));
        a.add(Rows.online("1.2.3.2", "ok", 2, "forged.example", false, "ok", List.of(xbl), "ok"));
        // text as a CSV file holds them: "true", and the list as a JSON array
        a.add(Rows.online("1.2.3.3", "ok", 1, "gone.example", "false", "ok", "[\"" + xbl + "\"]", "ok"));
        a.add(Rows.online("1.2.3.4", "ok", 1, "multi.example", "true", "ok", null, "nxdomain"));
        a.add(Rows.online("1.2.3.5", "ok", 3, null, null, "nxdomain", List.of(), "nxdomain"));
        a.add(Rows.online("1.2.3.7", "ok", 1, "", null, "servfail", null, "error:answered 127.255.255.254"));
        a.add(Rows.online("1.2.3.9", "ok", 1, null, null, "timeout", null, "timeout"));
        a.add(Rows.online("10.0.0.1", "private", 4, null, null, "skipped", null, "skipped"));
        a.add(Rows.online("2a00::1", "ok", 1, null, null, "refused", null, "unsupported"));
        a.add(Rows.online("1.2.3.8", "ok", 1, null, null, "made up", null, ""));
        a.add(new Row("junk", "invalid", new Object[0], 7));
        ReportData d = a.result(facts(a));

        assertThat(d.sources()).extracting(SourceSummary::source).containsExactly("ptr", "dnsbl");
        SourceSummary ptr = d.sources().get(0);
        assertThat(ptr.statuses())
                .containsExactly(
                        Map.entry("ok", 4L),
                        Map.entry("nxdomain", 1L),
                        Map.entry("servfail", 1L),
                        Map.entry("refused", 1L),
                        Map.entry("timeout", 1L),
                        Map.entry("skipped", 1L),
                        Map.entry("other", 1L));
        assertThat(ptr.addresses()).isEqualTo(10);
        assertThat(ptr.failed()).isEqualTo(3);
        assertThat(ptr.columns())
                .containsExactly(
                        new SourceSummary.Filled("ptr", 4, false, 0, 0),
                        new SourceSummary.Filled("fcrdns", 4, true, 2, 2));
        SourceSummary dnsbl = d.sources().get(1);
        assertThat(dnsbl.statuses())
                .containsExactly(
                        Map.entry("ok", 3L),
                        Map.entry("nxdomain", 2L),
                        Map.entry("timeout", 1L),
                        Map.entry("skipped", 1L),
                        Map.entry("unsupported", 1L),
                        Map.entry("error", 1L));
        assertThat(dnsbl.addresses()).isEqualTo(9); // 1.2.3.8 has no dnsbl status
        assertThat(dnsbl.failed()).isEqualTo(2);
        assertThat(dnsbl.columns()).containsExactly(new SourceSummary.Filled("dnsbl", 3, false, 0, 0));

        assertThat(d.listings()).isPresent();
        Listings l = d.listings().orElseThrow();
        assertThat(l.addresses()).isEqualTo(3);
        assertThat(l.sightings()).isEqualTo(8);
        assertThat(l.top()).containsExactly(new Tally(xbl, xbl, 8, 3), new Tally(pbl, pbl, 5, 1));
        // the table shows the sources' columns, the list as JSON text
        assertThat(d.columns()).endsWith("ptr", "fcrdns", "ptr_status", "dnsbl", "dnsbl_status");
        assertThat(d.rows().get(0)).endsWith("host1.example", "true", "ok", "[\"" + xbl + "\",\"" + pbl + "\"]", "ok");
    }

    /**
     * Sources whose columns are empty in every row still show their statuses, and a {@code dnsbl}
     * column with nothing listed gives listings of 0 (an answer), not none.
     */
    @Test
    void aSourceWithNoValueInAnyRowShowsItsStatusesAndNoListing() {
        ReportAggregator a = ReportAggregator.forColumns(Rows.ONLINE, ReportAggregator.Limits.defaults());
        a.add(Rows.online("1.2.3.5", "ok", 1, null, null, "nxdomain", null, "nxdomain"));
        a.add(Rows.online("1.2.3.6", "ok", 1, null, null, "nodata", null, "nxdomain"));
        ReportData d = a.result(facts(a));
        assertThat(d.listings()).contains(new Listings(0, 0, List.of()));
        assertThat(d.sources().get(0).columns())
                .containsExactly(
                        new SourceSummary.Filled("ptr", 0, false, 0, 0),
                        new SourceSummary.Filled("fcrdns", 0, false, 0, 0));
        assertThat(d.sources().get(1).statuses()).containsExactly(Map.entry("nxdomain", 2L));
    }

    @Test
    void withoutOnlineColumnsThereIsNoSourceAndNoListing() {
        ReportAggregator a = ReportAggregator.create(ReportAggregator.COLUMNS, ReportAggregator.Limits.defaults());
        a.add(row("1.1.1.1", "ok", 5, 13335L, "Cloudflare", "Sydney", "AU", -33.86, 151.2));
        ReportData d = a.result(facts(a));
        assertThat(d.sources()).isEmpty();
        assertThat(d.listings()).isEmpty();
    }

    /**
     * Many distinct listings (a hostile or huge input): at most {@code keys} are counted, the listed
     * addresses stay exact, and a listing most addresses have is kept with a count within the
     * Space-Saving bound of the truth.
     */
    @Test
    void listingsStayBoundedWithManyDistinctOnes() {
        int keys = 50;
        ReportAggregator a = ReportAggregator.forColumns(Rows.ONLINE, new ReportAggregator.Limits(10, 5, 4, keys));
        int n = 20_000;
        long common = 0;
        for (int i = 0; i < n; i++) {
            List<String> ls = new java.util.ArrayList<>();
            ls.add("bl" + i + ".example:listed");
            if (i % 4 == 0) {
                ls.add("zen.spamhaus.org:XBL");
                common++;
            }
            a.add(Rows.online(
                    "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), "ok", 2, null, null, "ok", ls, "ok"));
        }
        assertThat(a.listingCounters()).isEqualTo(keys);
        ReportData d = a.result(facts(a));
        Listings l = d.listings().orElseThrow();
        assertThat(l.addresses()).isEqualTo(n);
        assertThat(l.sightings()).isEqualTo(2L * n);
        assertThat(l.top()).hasSize(10);
        Tally top = l.top().get(0);
        assertThat(top.key()).isEqualTo("zen.spamhaus.org:XBL");
        long pairs = n + common;
        assertThat(top.addresses()).isBetween(common - pairs / keys, common);
    }

    @Test
    void listingsAreReadFromListsAndJsonTextAndCut() {
        assertThat(ReportAggregator.listingsOf(List.of("a.example:X", " a.example:X ", "", "b.example:Y")))
                .containsExactly("a.example:X", "b.example:Y");
        assertThat(ReportAggregator.listingsOf("[\"a.example:X\", \"b.example:Y\"]"))
                .containsExactly("a.example:X", "b.example:Y");
        assertThat(ReportAggregator.listingsOf("[]")).isEmpty();
        assertThat(ReportAggregator.listingsOf("a.example:X")).containsExactly("a.example:X");
        // not a flat JSON array of text: the text is one listing, as it is
        assertThat(ReportAggregator.listingsOf("[\"a\", [\"b\"]]")).containsExactly("[\"a\", [\"b\"]]");
        assertThat(ReportAggregator.listingsOf("[not json")).containsExactly("[not json");
        assertThat(ReportAggregator.listingsOf(null)).isEmpty();
        String longOne = "x".repeat(10_000);
        assertThat(ReportAggregator.listingsOf(List.of(longOne)))
                .singleElement()
                .satisfies(
                        t -> assertThat(t).hasSize(ReportAggregator.MAX_LISTING).endsWith("\u2026"));
    }

    private static Row sightingRow(
            List<Field> fields,
            String ip,
            long count,
            Map<String, Long> users,
            Long failed,
            Map<String, Long> jails,
            Long bans) {
        Object[] v = new Object[fields.size()];
        v[fields.indexOf(Field.COUNTRY_ISO)] = "AA";
        v[fields.indexOf(Field.USERS_TRIED)] = users;
        v[fields.indexOf(Field.FAILED_LOGINS)] = failed;
        v[fields.indexOf(Field.JAILS)] = jails;
        v[fields.indexOf(Field.BANS)] = bans;
        return new Row(ip, "ok", v, count);
    }

    @Test
    void tiesInTheTopTablesFollowTheColumnsOwnOrder() {
        CappedCounter asns = new CappedCounter(16, CappedCounter.NUMBERS);
        for (String asn : List.of("14618", "174", "9", "3356")) {
            asns.add(asn, "org " + asn, 2);
        }
        asns.add("64512", "private", 5);
        // numerically, as --sort asn: the --top cut keeps 174 and drops 14618 (text order kept 14618)
        assertThat(asns.top(3).stream().map(Tally::key)).containsExactly("64512", "9", "174");

        CappedCounter networks = new CappedCounter(16, CappedCounter.ADDRESSES);
        for (String n : List.of("2880::/9", "56.152.0.0/14", "9.0.0.0/8", "56.152.0.0", "10.0.0.0/8", "::/0")) {
            networks.add(n, n, 1);
        }
        // as --sort ip: IPv4 before IPv6, numerically, a network after the address it starts at
        assertThat(networks.top(6).stream().map(Tally::key))
                .containsExactly("9.0.0.0/8", "10.0.0.0/8", "56.152.0.0", "56.152.0.0/14", "::/0", "2880::/9");
    }

    @Test
    void theReportsAsnTableBreaksTiesNumerically() {
        ReportAggregator a = ReportAggregator.create(ReportAggregator.COLUMNS, ReportAggregator.Limits.defaults());
        a.add(row("1.1.1.1", "ok", 3, 14618L, "Amazon", null, "US", null, null));
        a.add(row("1.1.1.2", "ok", 3, 174L, "Cogent", null, "US", null, null));
        ReportData d = a.result(facts(a));
        assertThat(d.asns().stream().map(Tally::key)).containsExactly("174", "14618");
    }
}
