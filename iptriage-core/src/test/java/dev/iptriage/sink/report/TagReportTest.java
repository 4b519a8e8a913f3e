package dev.iptriage.sink.report;

import static dev.iptriage.sink.report.Rows.detail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.model.Column;
import dev.iptriage.sink.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The report's lists and scanners: top lists, bogon matches apart, scanner organisations, the callout. */
class TagReportTest {
    private static final String BL = "blocklist";
    private static final String WL = "warninglist";

    private static ReportData result(ReportAggregator a) {
        return a.result(new RunFacts("t", List.of("in"), 0, a.statuses(), List.of(), Instant.EPOCH, List.of()));
    }

    private static ReportAggregator aggregator(int top) {
        return ReportAggregator.forColumns(Rows.TAGGED, new ReportAggregator.Limits(top, 10, 10, 200_000));
    }

    @Test
    void listsScannersBogonsAndTheCalloutAreCountedPerAddress() {
        ReportAggregator a = aggregator(25);
        a.add(Rows.tagged(
                "1.1.1.1",
                "ok",
                5,
                null,
                List.of("feodo", "firehol_level1"),
                List.of(detail("feodo", BL, false), detail("firehol_level1", BL, false))));
        // a research scanner on a warninglist only: known benign, not listed
        a.add(Rows.tagged(
                "2.2.2.2",
                "ok",
                3,
                null,
                List.of("misp-scanners"),
                List.of(detail("misp-scanners", WL, false)),
                "Censys, Inc.",
                List.of("cidr", "ptr")));
        a.add(Rows.tagged(
                "3.3.3.3",
                "ok",
                2,
                null,
                List.of("firehol_level1", "misp-scanners"),
                List.of(detail("firehol_level1", BL, false), detail("misp-scanners", WL, false)),
                "Shodan",
                List.of("ptr")));
        // listed by a DNS blocklist only
        a.add(Rows.tagged(
                "4.4.4.4", "ok", 1, List.of("zen.spamhaus.org:XBL"), null, null, "Shodan", List.of("user_agent")));
        // FireHOL level1 covers 10.0.0.0/8: a bogon match, counted apart
        a.add(Rows.tagged(
                "10.0.0.1",
                "private",
                4,
                null,
                List.of("firehol_level1"),
                List.of(detail("firehol_level1", BL, true))));
        // as an enriched CSV or JSON Lines file holds them: JSON text
        a.add(Rows.tagged(
                "5.5.5.5",
                "ok",
                7,
                "[]",
                "[\"feodo\"]",
                "[{\"list\":\"feodo\",\"network\":\"5.5.5.0/24\",\"date\":\"2026-12-01\",\"kind\":\"blocklist\","
                        + "\"malware\":\"QakBot\",\"extra\":{\"a\":[1,2]}}]",
                "Censys, Inc.",
                "[\"cidr\"]"));
        a.add(Rows.tagged("6.6.6.6", "ok", 1, "[]", "[]", "[]", "", "[]"));
        a.add(new Row("junk", "invalid", new Object[0], 2));
        ReportData d = result(a);

        // independent count, by hand: 23 sightings of 7 addresses
        assertThat(d.sightings()).isEqualTo(5 + 3 + 2 + 1 + 4 + 7 + 1);
        Tags t = d.tags().orElseThrow();
        assertThat(t.addresses()).isEqualTo(4); // 1.1.1.1, 2.2.2.2, 3.3.3.3, 5.5.5.5
        assertThat(t.sightings()).isEqualTo(5 + 3 + 2 + 7);
        assertThat(t.top())
                .containsExactly(
                        new Tally("feodo", BL, 5 + 7, 2),
                        new Tally("firehol_level1", BL, 5 + 2, 2),
                        new Tally("misp-scanners", WL, 3 + 2, 2));
        assertThat(t.bogonAddresses()).isEqualTo(1);
        assertThat(t.bogonSightings()).isEqualTo(4);
        assertThat(t.bogons()).containsExactly(new Tally("firehol_level1", BL, 4, 1));

        Scanners s = d.scanners().orElseThrow();
        assertThat(s.addresses()).isEqualTo(4);
        assertThat(s.sightings()).isEqualTo(3 + 2 + 1 + 7);
        assertThat(s.top())
                .containsExactly(
                        new Scanners.Organisation("Censys, Inc.", 3 + 7, 2, List.of("cidr", "ptr")),
                        new Scanners.Organisation("Shodan", 2 + 1, 2, List.of("ptr", "user_agent")));
        assertThat(s.listed())
                .containsExactly(
                        new Scanners.ListedScanner("5.5.5.5", "Censys, Inc.", 7, List.of("feodo"), 0),
                        new Scanners.ListedScanner("3.3.3.3", "Shodan", 2, List.of("firehol_level1"), 0),
                        new Scanners.ListedScanner("4.4.4.4", "Shodan", 1, List.of("zen.spamhaus.org:XBL"), 0));
        assertThat(s.listedAddresses()).isEqualTo(3);
        // the table shows the columns, lists as JSON text
        assertThat(d.columns()).endsWith("tags", "tag_details", "scanner", "scanner_evidence");
    }

    @Test
    void withoutTheColumnsOrWithNoValueInAnyRowThereAreNoTagsAndNoScanners() {
        ReportAggregator none = ReportAggregator.forColumns(Rows.ONLINE, ReportAggregator.Limits.defaults());
        none.add(Rows.online("1.2.3.4", "ok", 1));
        assertThat(result(none).tags()).isEmpty();
        assertThat(result(none).scanners()).isEmpty();

        // an enriched file without the columns: the report has them, no row fills them
        ReportAggregator empty = aggregator(25);
        empty.add(Rows.tagged("1.2.3.4", "ok", 1));
        assertThat(result(empty).tags()).isEmpty();
        assertThat(result(empty).scanners()).isEmpty();

        // the columns with nothing in them: an answer, nothing tagged
        ReportAggregator nothing = aggregator(25);
        nothing.add(Rows.tagged("1.2.3.4", "ok", 1, null, List.of(), List.of(), "", List.of()));
        assertThat(result(nothing).tags()).contains(new Tags(0, 0, List.of(), 0, 0, List.of()));
        assertThat(result(nothing).scanners()).contains(new Scanners(0, 0, List.of(), List.of(), 0));
    }

    /**
     * Many listed scanners: the callout keeps the most seen ({@code top}), with the lists of each cut
     * to {@link ReportAggregator#MAX_CALLOUT_LISTS} and counted, and the count of all stays exact.
     */
    @Test
    void withoutTagDetailsAListOfUnknownKindPutsNoScannerInTheCallout() {
        // enrich --fields ip,tags,scanner: an OpenFilters or MISP list of scanners must not make every scanner "listed"
        ReportAggregator a = aggregator(5);
        a.add(Rows.tagged("9.9.9.1", "ok", 3, null, List.of("openfilters_censys_v4"), null, "Censys"));
        Scanners s = result(a).scanners().orElseThrow();
        assertThat(s.listedAddresses()).isZero();
        assertThat(s.listed()).isEmpty();
        assertThat(result(a).tags().orElseThrow().addresses()).isEqualTo(1);
    }

    @Test
    void theCalloutIsCappedAndCountsTheRest() {
        ReportAggregator a = aggregator(3);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            many.add("list" + (char) ('a' + i));
        }
        for (int i = 1; i <= 50; i++) {
            List<String> on = i == 50 ? many : List.of("x");
            List<Object> details = new ArrayList<>();
            on.forEach(l -> details.add(Rows.detail(l, "blocklist", false)));
            a.add(Rows.tagged("9.9.9." + i, "ok", i, null, on, details, "Org" + i % 4));
        }
        Scanners s = result(a).scanners().orElseThrow();
        assertThat(s.listedAddresses()).isEqualTo(50);
        assertThat(s.listed())
                .extracting(Scanners.ListedScanner::ip)
                .containsExactly("9.9.9.50", "9.9.9.49", "9.9.9.48");
        Scanners.ListedScanner first = s.listed().get(0);
        assertThat(first.lists()).hasSize(ReportAggregator.MAX_CALLOUT_LISTS).startsWith("lista");
        assertThat(first.moreLists()).isEqualTo(14 - ReportAggregator.MAX_CALLOUT_LISTS);
    }

    @Test
    void detailsAreReadFromMapsAndJsonTextAndBadTextGivesNone() {
        assertThat(TagCounts.detailsOf("[{\"list\":\"a\",\"kind\":\"warninglist\",\"bogon\":true},{\"kind\":\"x\"},"
                        + "{\"list\":\"b\",\"kind\":\"blocklist\",\"sblid\":\"SBL1\",\"nested\":{\"list\":\"c\"}}]"))
                .containsExactly(
                        Map.entry("a", new TagCounts.Detail("a", "warninglist", true)),
                        Map.entry("b", new TagCounts.Detail("b", "blocklist", false)));
        assertThat(TagCounts.detailsOf(List.of(Map.of("list", "a", "kind", "blocklist", "bogon", "true"))))
                .containsExactly(Map.entry("a", new TagCounts.Detail("a", "blocklist", true)));
        for (String bad : List.of("[{\"list\":\"a\"}", "[\"a\"]", "{\"list\":\"a\"}", "[not json", "", "a")) {
            assertThat(TagCounts.detailsOf(bad)).as(bad).isEmpty();
        }
        assertThat(TagCounts.detailsOf(null)).isEmpty();
        String longName = "n".repeat(5000);
        assertThat(TagCounts.detailsOf("[{\"list\":\"" + longName + "\"}]").keySet())
                .singleElement()
                .satisfies(
                        k -> assertThat(k).hasSize(ReportAggregator.MAX_LISTING).endsWith("\u2026"));
    }

    /** A heavy organisation among many distinct ones is kept, within the Space-Saving bound. */
    @Test
    void organisationsStayBounded() {
        int keys = 50;
        ReportAggregator a = ReportAggregator.forColumns(Rows.TAGGED, new ReportAggregator.Limits(5, 5, 5, keys));
        long heavy = 0;
        for (int i = 0; i < 10_000; i++) {
            String org = i % 5 == 0 ? "Heavy" : "org" + i;
            heavy += org.equals("Heavy") ? 2 : 0;
            a.add(Rows.tagged("10.0." + (i >> 8) + "." + (i & 255), "ok", 2, null, null, null, org, List.of("cidr")));
        }
        Scanners s = result(a).scanners().orElseThrow();
        assertThat(s.sightings()).isEqualTo(20_000);
        assertThat(s.top().get(0).name()).isEqualTo("Heavy");
        assertThat(s.top().get(0).sightings()).isBetween(heavy - 20_000 / keys, heavy);
    }

    /**
     * Random rows, values as the engine gives them or as JSON text: the aggregates equal a count
     * written here with plain maps over every row.
     */
    @Test
    void aggregatesEqualAnIndependentCountOnRandomRows() {
        Random rnd = new Random(15);
        String[] lists = {"drop", "feodo", "firehol_level1", "tor", "misp-scanners", "openfilters"};
        Set<String> warninglists = Set.of("misp-scanners", "openfilters");
        String[] orgs = {"", "", "Censys, Inc.", "Shodan", "Rapid7", "Internet Measurement"};
        String[] evidence = {"cidr", "ptr", "user_agent"};
        int top = 4;
        ReportAggregator a = aggregator(top);
        List<Column> cols = Rows.TAGGED;
        assertThat(cols).isNotEmpty();

        Map<String, long[]> tagged = new TreeMap<>(); // list -> {addresses, sightings}
        Map<String, long[]> bogon = new TreeMap<>();
        Map<String, long[]> org = new TreeMap<>();
        Map<String, Set<String>> orgEvidence = new HashMap<>();
        long taggedAddresses = 0;
        long taggedSightings = 0;
        long bogonAddresses = 0;
        long scannerAddresses = 0;
        long scannerSightings = 0;
        long total = 0;
        List<Scanners.ListedScanner> listed = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean priv = rnd.nextInt(10) == 0;
            String ip = (priv ? "10.1." : "198.51.") + (i >> 8) + "." + (i & 255);
            long n = 1 + rnd.nextInt(20);
            total += n;
            List<String> tags = new ArrayList<>();
            List<Map<String, Object>> details = new ArrayList<>();
            for (String l : lists) {
                if (rnd.nextInt(4) == 0) {
                    tags.add(l);
                    details.add(detail(l, warninglists.contains(l) ? WL : BL, priv && !warninglists.contains(l)));
                }
            }
            List<String> dnsbl = rnd.nextInt(8) == 0 ? List.of("zen.spamhaus.org:XBL") : List.of();
            String o = orgs[rnd.nextInt(orgs.length)];
            List<String> ev = new ArrayList<>();
            for (String e : evidence) {
                if (!o.isEmpty() && rnd.nextBoolean()) {
                    ev.add(e);
                }
            }
            boolean text = rnd.nextBoolean();
            a.add(Rows.tagged(
                    ip,
                    priv ? "private" : "ok",
                    n,
                    text ? json(dnsbl) : dnsbl,
                    text ? json(tags) : tags,
                    text ? jsonDetails(details) : details,
                    o,
                    text ? json(ev) : ev));

            // the count written here
            boolean anyTag = false;
            boolean anyBogon = false;
            List<String> listedOn = new ArrayList<>();
            for (Map<String, Object> dt : details) {
                String l = (String) dt.get("list");
                boolean isBogon = Boolean.TRUE.equals(dt.get("bogon"));
                long[] c = (isBogon ? bogon : tagged).computeIfAbsent(l, k -> new long[2]);
                c[0]++;
                c[1] += n;
                anyBogon |= isBogon;
                anyTag |= !isBogon;
                if (!isBogon && !warninglists.contains(l)) {
                    listedOn.add(l);
                }
            }
            taggedAddresses += anyTag ? 1 : 0;
            taggedSightings += anyTag ? n : 0;
            bogonAddresses += anyBogon ? 1 : 0;
            if (!o.isEmpty()) {
                scannerAddresses++;
                scannerSightings += n;
                long[] c = org.computeIfAbsent(o, k -> new long[2]);
                c[0]++;
                c[1] += n;
                orgEvidence.computeIfAbsent(o, k -> new TreeSet<>()).addAll(ev);
                listedOn.addAll(dnsbl);
                if (!listedOn.isEmpty()) {
                    listed.add(new Scanners.ListedScanner(ip, o, n, listedOn, 0));
                }
            }
        }
        ReportData d = result(a);
        assertThat(d.sightings()).isEqualTo(total);

        Tags t = d.tags().orElseThrow();
        assertThat(t.addresses()).isEqualTo(taggedAddresses);
        assertThat(t.sightings()).isEqualTo(taggedSightings);
        assertThat(t.bogonAddresses()).isEqualTo(bogonAddresses);
        assertThat(t.top()).isEqualTo(expectedTop(tagged, warninglists, top));
        assertThat(t.bogons()).isEqualTo(expectedTop(bogon, warninglists, top));

        Scanners s = d.scanners().orElseThrow();
        assertThat(s.addresses()).isEqualTo(scannerAddresses);
        assertThat(s.sightings()).isEqualTo(scannerSightings);
        List<Scanners.Organisation> orgsExpected = org.entrySet().stream()
                .map(e -> new Scanners.Organisation(
                        e.getKey(), e.getValue()[1], e.getValue()[0], List.copyOf(orgEvidence.get(e.getKey()))))
                .sorted(Comparator.comparingLong((Scanners.Organisation x) -> -x.sightings())
                        .thenComparing(Scanners.Organisation::name))
                .limit(top)
                .toList();
        assertThat(s.top()).isEqualTo(orgsExpected);
        assertThat(s.listedAddresses()).isEqualTo(listed.size());
        listed.sort(Comparator.comparingLong((Scanners.ListedScanner x) -> -x.sightings())
                .thenComparing(Scanners.ListedScanner::ip));
        assertThat(s.listed()).isEqualTo(listed.subList(0, top));
    }

    private static List<Tally> expectedTop(Map<String, long[]> counts, Set<String> warninglists, int top) {
        return counts.entrySet().stream()
                .map(e -> new Tally(
                        e.getKey(), warninglists.contains(e.getKey()) ? WL : BL, e.getValue()[1], e.getValue()[0]))
                .sorted(Comparator.comparingLong((Tally x) -> -x.addresses()).thenComparing(Tally::key))
                .limit(top)
                .toList();
    }

    private static String json(List<String> items) {
        return items.stream().map(s -> "\"" + s + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static String jsonDetails(List<Map<String, Object>> items) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> m : items) {
            List<String> members = new ArrayList<>();
            m.forEach((k, v) -> members.add("\"" + k + "\":" + (v instanceof String s ? "\"" + s + "\"" : v)));
            out.add("{" + String.join(",", members) + "}");
        }
        return "[" + String.join(",", out) + "]";
    }
}
