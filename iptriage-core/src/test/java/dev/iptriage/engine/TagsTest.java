package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.databases.Database;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.lists.IpList;
import dev.iptriage.lists.ListEntry;
import dev.iptriage.lists.ListFormat;
import dev.iptriage.lists.ListIndex;
import dev.iptriage.model.Column;
import dev.iptriage.scanners.Actor;
import dev.iptriage.scanners.ScannerRules;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline tags through the engine: on every path (list, log, join, the library's lookups) the tag columns say
 * what an independent brute force over the lists' entries says; a column subset gives the values of {@code all}; a
 * public list's match on a private address is marked {@code bogon}; the scanner rules use a forward-confirmed PTR
 * answer and the User-Agents of web clients only.
 */
class TagsTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static IpAddress ip(String s) {
        return IpLiteral.tryParseStrict(s);
    }

    private static IpList list(String name, ListFormat format, List<ListEntry> entries) {
        return new IpList(name, format, null, null, "2026-01-02", null, null, Map.of(), entries, List.of(), 0);
    }

    private static ListEntry entry(String first, String last, int line, Map<String, String> facts) {
        return new ListEntry(ip(first), ip(last), line, facts);
    }

    private static BigInteger big(IpAddress a) {
        return new BigInteger(1, a.toBytes());
    }

    /** Random entries (addresses, CIDRs, ranges) in a few /16s, some of them private, so they overlap. */
    private static List<IpList> randomLists(Random r) {
        String[] bases = {"8.8.", "10.1.", "81.2.", "192.168."};
        List<IpList> out = new ArrayList<>();
        for (String name : List.of("alpha", "beta", "gamma")) {
            List<ListEntry> entries = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String base = bases[r.nextInt(bases.length)];
                int a = r.nextInt(4);
                int b = r.nextInt(256);
                int width = switch (r.nextInt(3)) {
                    case 0 -> 0;
                    case 1 -> r.nextInt(16);
                    default -> 255 - b;
                };
                entries.add(entry(
                        base + a + "." + b,
                        base + a + "." + Math.min(255, b + width),
                        i + 1,
                        i % 7 == 0 ? Map.of("sblid", "SBL" + i) : Map.of()));
            }
            out.add(list(name, name.equals("gamma") ? ListFormat.FIREHOL_NETSET : ListFormat.PLAIN, entries));
        }
        return out;
    }

    /** The tags of {@code a} by definition: each list with an entry covering it, the narrowest (first) entry. */
    private static Map<String, ListEntry> bruteForce(List<IpList> lists, IpAddress a) {
        Map<String, ListEntry> out = new TreeMap<>();
        BigInteger x = big(a);
        for (IpList l : lists) {
            for (ListEntry e : l.entries()) {
                if (e.first().isV4() != a.isV4()
                        || big(e.first()).compareTo(x) > 0
                        || big(e.last()).compareTo(x) < 0) {
                    continue;
                }
                ListEntry best = out.get(l.name());
                BigInteger w = big(e.last()).subtract(big(e.first()));
                if (best == null || w.compareTo(big(best.last()).subtract(big(best.first()))) < 0) {
                    out.put(l.name(), e);
                }
            }
        }
        return out;
    }

    private static List<String> probes(Random r) {
        String[] bases = {"8.8.", "10.1.", "81.2.", "192.168."};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            out.add(bases[r.nextInt(bases.length)] + r.nextInt(5) + "." + r.nextInt(256));
        }
        return out;
    }

    private Engine engine(Tags tags, RemoteSource... sources) throws IOException {
        Engine.Builder b = Engine.builder()
                .databases(List.of(Database.open(Fixtures.city(dir)), Database.open(Fixtures.asn(dir))))
                .tags(tags);
        for (RemoteSource s : sources) {
            b.source(s);
        }
        return b.build();
    }

    private static Job job(String input) {
        return Job.of(List.of(Input.stdin(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))));
    }

    private static String run(Engine e, Job j) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.run(j, out, ProgressListener.NONE);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> rows(String jsonl) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static void checkAgainstBruteForce(List<IpList> lists, JsonNode row) {
        IpAddress a = ip(row.get("ip").asText());
        Map<String, ListEntry> want = bruteForce(lists, a);
        List<String> tags = new ArrayList<>();
        row.get("tags").forEach(t -> tags.add(t.asText()));
        assertThat(tags).as("tags of %s", a).containsExactlyElementsOf(want.keySet());
        int k = 0;
        for (Map.Entry<String, ListEntry> w : want.entrySet()) {
            JsonNode d = row.get("tag_details").get(k++);
            assertThat(d.get("list").asText()).isEqualTo(w.getKey());
            assertThat(d.get("network").asText())
                    .as("entry of %s in %s", a, w.getKey())
                    .isEqualTo(w.getValue().text());
            assertThat(d.get("date").asText()).isEqualTo("2026-01-02");
            assertThat(d.has("sblid") ? d.get("sblid").asText() : null)
                    .isEqualTo(w.getValue().facts().get("sblid"));
            boolean bogon = w.getKey().equals("gamma")
                    && (a.toString().startsWith("10.") || a.toString().startsWith("192.168."));
            assertThat(d.has("bogon"))
                    .as("bogon mark of %s in %s", a, w.getKey())
                    .isEqualTo(bogon);
        }
        if (want.isEmpty()) {
            assertThat(row.get("tag_details").isNull()).isTrue();
        }
    }

    @Test
    void everyPathAgreesWithABruteForceOverTheEntries() throws IOException {
        Random r = new Random(15);
        List<IpList> lists = randomLists(r);
        List<String> probes = probes(r);
        try (Engine e = engine(new Tags(ListIndex.of(lists), null))) {
            String input = String.join("\n", probes) + "\n";
            List<JsonNode> listPath =
                    rows(run(e, job(input).withFields("ip,tags,tag_details").withFormat(SinkFormat.JSONL)));
            assertThat(listPath).hasSize(probes.size());
            listPath.forEach(row -> checkAgainstBruteForce(lists, row));

            // the log path: addresses found in text lines, one row per sighting
            StringBuilder text = new StringBuilder();
            probes.forEach(p -> text.append("connection from ").append(p).append(" refused\n"));
            List<JsonNode> logPath = rows(run(
                    e,
                    job(text.toString())
                            .withMode(InputMode.parse("text"))
                            .withFields("ip,tags,tag_details")
                            .withFormat(SinkFormat.JSONL)));
            assertThat(logPath).hasSize(probes.size());
            logPath.forEach(row -> checkAgainstBruteForce(lists, row));

            // the library's lookups
            List<Column> columns = e.columns("tags,tag_details");
            List<Enrichment> found = e.lookups(columns)
                    .lookupAll(probes.stream().map(TagsTest::ip).toList());
            for (int i = 0; i < probes.size(); i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ip", probes.get(i));
                m.put("tags", found.get(i).values()[0]);
                m.put("tag_details", found.get(i).values()[1]);
                checkAgainstBruteForce(lists, JSON.valueToTree(m));
            }
        }
    }

    @Test
    void theAddressTablesGiveTheDirectAnswersUnderRacingThreadsAndConstantEviction() throws Exception {
        Random r = new Random(23);
        List<IpList> lists = new ArrayList<>(randomLists(r));
        List<ListEntry> v6 = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int a = r.nextInt(64);
            v6.add(entry("2001:db8:" + a + "::", "2001:db8:" + (a + r.nextInt(3)) + "::ffff", i + 1, Map.of()));
        }
        v6.add(entry("::ffff:8.8.0.0", "::ffff:8.8.0.255", 41, Map.of("note", "mapped")));
        lists.add(list("delta", ListFormat.PLAIN, v6));
        List<IpAddress> probes = new ArrayList<>();
        probes(r).forEach(p -> probes.add(ip(p)));
        for (int i = 0; i < 300; i++) {
            probes.add(ip("2001:db8:" + r.nextInt(70) + "::" + Integer.toHexString(r.nextInt(65536))));
            probes.add(ip("::ffff:8.8." + r.nextInt(2) + "." + r.nextInt(256)));
        }
        // the shipped rules' published networks, so the scanner columns have values too
        ScannerRules rules = ScannerRules.shipped();
        for (Actor actor : rules.actors()) {
            for (Cidr c : actor.cidrs()) {
                probes.add(c.first());
                probes.add(c.last());
            }
        }
        probes.add(ip("0.0.0.0"));
        for (int k = 0; k < 8; k++) { // tables of 2 to 256 slots: entries evicted and promoted all the time
            Tags t = new Tags(ListIndex.of(lists), rules, Set.of(), Set.of(), 2 << k);
            Tags.Slots slots = t.slots(Tags.allColumns());
            List<Object[]> want = probes.stream().map(t::direct).toList();
            assertThat(want)
                    .anyMatch(w -> w[0] != null)
                    .anyMatch(w -> w[2] != null)
                    .anyMatch(w -> w[0] == null);
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int th = 0; th < threads; th++) {
                    long seed = 100L * k + th;
                    done.add(pool.submit(() -> {
                        Random tr = new Random(seed);
                        Object[] out = new Object[5];
                        int checked = 0;
                        for (int n = 0; n < 20_000; n++) {
                            int i = tr.nextInt(probes.size());
                            Arrays.fill(out, null);
                            slots.fill(probes.get(i), out);
                            assertThat(out).as("%s", probes.get(i)).isEqualTo(want.get(i));
                            checked++;
                        }
                        return checked;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertThat(f.get()).isEqualTo(20_000);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aSubsetOfColumnsGivesTheValuesOfAllAndCsvAgreesWithJsonLines() throws IOException {
        Random r = new Random(7);
        List<IpList> lists = randomLists(r);
        String input = String.join("\n", probes(r)) + "\n";
        try (Engine e = engine(new Tags(ListIndex.of(lists), ScannerRules.shipped()))) {
            List<JsonNode> all = rows(run(e, job(input).withFields("all").withFormat(SinkFormat.JSONL)));
            List<JsonNode> some =
                    rows(run(e, job(input).withFields("tag_details,ip,scanner").withFormat(SinkFormat.JSONL)));
            assertThat(some).hasSameSizeAs(all);
            for (int i = 0; i < all.size(); i++) {
                for (String c : List.of("ip", "tag_details", "scanner")) {
                    assertThat(some.get(i).get(c))
                            .as("row %d column %s", i, c)
                            .isEqualTo(all.get(i).get(c));
                }
            }
            // CSV (cells made per row, not from the records' cells) says the same as JSON Lines
            List<String> csv = run(e, job(input).withFields("ip,tags").withFormat(SinkFormat.CSV))
                    .lines()
                    .toList();
            for (int i = 0; i < all.size(); i++) {
                JsonNode tags = all.get(i).get("tags");
                String cell = tags.isNull() ? "" : "\"" + tags.toString().replace("\"", "\"\"") + "\"";
                assertThat(csv.get(i + 1)).isEqualTo(all.get(i).get("ip").asText() + "," + cell);
            }
        }
    }

    @Test
    void aPublicListsMatchOnAPrivateAddressIsMarkedBogonAndTheUsersWatchlistsIsNot() throws IOException {
        IpList firehol = new IpList(
                "firehol_level1",
                ListFormat.FIREHOL_NETSET,
                "firehol_level1",
                "https://iplists.firehol.org/",
                "2026-01-02",
                null,
                "FireHOL",
                Map.of(),
                List.of(entry("10.0.0.0", "10.255.255.255", 40, Map.of()), entry("8.8.8.0", "8.8.8.255", 41, Map.of())),
                List.of(),
                0);
        IpList mine = list("internal", ListFormat.PLAIN, List.of(entry("10.1.0.0", "10.1.255.255", 1, Map.of())));
        try (Engine e = engine(new Tags(ListIndex.of(List.of(firehol, mine)), null))) {
            List<JsonNode> rows = rows(run(
                    e,
                    job("10.1.2.3\n8.8.8.8\n")
                            .withFields("ip,status,tags,tag_details")
                            .withFormat(SinkFormat.JSONL)));
            assertThat(rows.get(0).get("status").asText()).isEqualTo("private");
            assertThat(rows.get(0).get("tags").toString()).isEqualTo("[\"firehol_level1\",\"internal\"]");
            assertThat(rows.get(0).get("tag_details").get(0).get("bogon").asBoolean())
                    .isTrue();
            assertThat(rows.get(0).get("tag_details").get(0).get("network").asText())
                    .isEqualTo("10.0.0.0/8");
            assertThat(rows.get(0).get("tag_details").get(1).has("bogon"))
                    .as("the user's own watchlist")
                    .isFalse();
            assertThat(rows.get(1).get("tag_details").get(0).has("bogon"))
                    .as("a public address")
                    .isFalse();
        }
        // a plain list named as a publisher's (the update catalogue's) is public too
        try (Engine e = engine(new Tags(ListIndex.of(List.of(mine)), null, Set.of("internal"), Set.of("internal")))) {
            List<JsonNode> rows =
                    rows(run(e, job("10.1.2.3\n").withFields("ip,tag_details").withFormat(SinkFormat.JSONL)));
            assertThat(rows.get(0).get("tag_details").get(0).get("bogon").asBoolean())
                    .isTrue();
        }
    }

    /** A stand-in for {@code --ptr}: the same source name and columns, answers from a map. */
    static final class MapPtr implements RemoteSource {
        final Map<IpAddress, Object[]> answers = new HashMap<>();

        @Override
        public String name() {
            return "ptr";
        }

        @Override
        public List<SourceColumn> columns() {
            return List.of(new SourceColumn("ptr", "name"), new SourceColumn("fcrdns", "confirmed"));
        }

        @Override
        public String destination() {
            return "a map in the test";
        }

        @Override
        public CompletionStage<SourceAnswer> lookup(IpAddress a) {
            Object[] v = answers.get(a);
            if (v == null) {
                return CompletableFuture.completedFuture(SourceAnswer.notFound());
            }
            Map<String, Object> m = new HashMap<>();
            m.put("ptr", v[0]);
            m.put("fcrdns", v[1]);
            return CompletableFuture.completedFuture(SourceAnswer.found(m));
        }
    }

    @Test
    void aPtrNameCountsOnlyForwardConfirmedAndAPublishedNetworkComesFirst() throws IOException {
        MapPtr ptr = new MapPtr();
        ptr.answers.put(ip("8.8.8.8"), new Object[] {"census1.shodan.io", true});
        ptr.answers.put(ip("8.8.4.4"), new Object[] {"census2.shodan.io", false});
        ptr.answers.put(ip("81.2.69.160"), new Object[] {"fakeshodan.io", true}); // not label-anchored
        ptr.answers.put(ip("162.142.125.9"), new Object[] {"census3.shodan.io", true}); // Censys's network
        ptr.answers.put(ip("66.249.66.1"), new Object[] {"crawl-66-249-66-1.googlebot.com", true});
        try (Engine e = engine(new Tags(null, ScannerRules.shipped()), ptr)) {
            String out = run(
                    e,
                    job("8.8.8.8\n8.8.4.4\n81.2.69.160\n162.142.125.9\n66.249.66.1\n10.0.0.1\n")
                            .withFields("ip,ptr,fcrdns,scanner,scanner_category,scanner_evidence"));
            assertThat(out)
                    .isEqualTo(String.join(
                            "\n",
                            "ip,ptr,fcrdns,ptr_status,scanner,scanner_category,scanner_evidence",
                            "8.8.8.8,census1.shodan.io,true,ok,Shodan,research_scanner,\"[\"\"ptr\"\"]\"",
                            "8.8.4.4,census2.shodan.io,false,ok,,,",
                            "81.2.69.160,fakeshodan.io,true,ok,,,",
                            "162.142.125.9,census3.shodan.io,true,ok,Censys,research_scanner,\"[\"\"cidr\"\"]\"",
                            "66.249.66.1,crawl-66-249-66-1.googlebot.com,true,ok,Google (Googlebot),search_crawler,"
                                    + "\"[\"\"ptr\"\"]\"",
                            "10.0.0.1,,,skipped,,,",
                            ""));
            // without the PTR columns in the row, the network rules still apply
            assertThat(run(e, job("8.8.8.8\n162.142.125.9\n").withFields("ip,scanner")))
                    .isEqualTo("ip,scanner\n8.8.8.8,\n162.142.125.9,Censys\n");
        }
    }

    private static String nginx(String addresses, String agent) {
        return addresses + " - - [06/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"" + agent + "\"\n";
    }

    @Test
    void userAgentsCountForTheWebClientNeverForTheProxyThatForwardedThem() throws IOException {
        // a proxy (the connecting address, after the X-Forwarded-For chain) carries its client's User-Agent
        String log = nginx("198.51.100.7", "Mozilla/5.0 CensysInspect/1.1")
                + nginx("203.0.113.9", "curl/8.0")
                + "203.0.113.50 - - [06/Dec/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 200 12 \"-\""
                + " \"InternetMeasurement/1.0\" \"192.0.2.77\"\n";
        try (Engine e = engine(new Tags(null, ScannerRules.shipped()))) {
            for (Job.Shape shape : List.of(Job.Shape.ROWS, Job.Shape.UNIQUE)) {
                List<JsonNode> rows = rows(run(
                        e,
                        job(log).withMode(InputMode.parse("nginx"))
                                .withShape(shape)
                                .withFields("ip,scanner,scanner_evidence")
                                .withFormat(SinkFormat.JSONL)));
                Map<String, String> scanner = new TreeMap<>();
                Map<String, String> evidence = new TreeMap<>();
                rows.forEach(row -> {
                    scanner.put(
                            row.get("ip").asText(),
                            row.get("scanner").isNull()
                                    ? null
                                    : row.get("scanner").asText());
                    evidence.put(
                            row.get("ip").asText(), row.get("scanner_evidence").toString());
                });
                assertThat(scanner).as(shape.toString()).containsEntry("198.51.100.7", "Censys");
                assertThat(evidence).containsEntry("198.51.100.7", "[\"user_agent\"]");
                assertThat(scanner).containsEntry("203.0.113.9", null);
                assertThat(scanner)
                        .as("the X-Forwarded-For client")
                        .containsEntry("192.0.2.77", "InternetMeasurement (Driftnet)");
                assertThat(scanner).as("the proxy that forwarded it").containsEntry("203.0.113.50", null);
            }
        }
    }

    @Test
    void withNoListTheTagColumnsAreNotThereAndWithListsDefaultEndsWithThem() throws IOException {
        try (Engine e = engine(null)) {
            assertThat(run(e, job("8.8.8.8\n")).lines().findFirst().orElseThrow())
                    .doesNotContain("tags");
        }
        List<IpList> lists = List.of(list("one", ListFormat.PLAIN, List.of(entry("8.8.8.8", "8.8.8.8", 1, Map.of()))));
        try (Engine e = engine(new Tags(ListIndex.of(lists), ScannerRules.shipped()))) {
            assertThat(run(e, job("8.8.8.8\n")).lines().findFirst().orElseThrow())
                    .endsWith(",longitude,tags,tag_details,scanner,scanner_category,scanner_evidence");
        }
    }

    /**
     * CSV rows made of kept cells (the list path's fast path, {@link CellRows}) are byte for byte the rows the plain
     * CSV format writes for the same lookups, whatever the tag columns' place (the first column is encoded apart)
     * and with hostile list names and facts.
     */
    @Test
    void rowsMadeOfKeptCellsAreTheRowsThePlainFormatWrites() throws IOException {
        Random r = new Random(3);
        List<IpList> lists = new ArrayList<>(randomLists(r));
        lists.add(new IpList(
                "=HYPERLINK(\"x\")",
                ListFormat.FIREHOL_NETSET,
                null,
                "a \"source\", with commas",
                "2026-01-02",
                null,
                "#maintainer",
                Map.of(),
                List.of(entry("8.8.0.0", "8.8.255.255", 1, Map.of("comment", "a,b \"c\"\n=d"))),
                List.of(),
                0));
        List<String> probes = probes(r);
        probes.add("162.142.125.9");
        String input = String.join("\n", probes) + "\n";
        try (Engine e = engine(new Tags(ListIndex.of(lists), ScannerRules.shipped()))) {
            for (String fields : List.of(
                    "ip,status,tags,tag_details,scanner,scanner_category,scanner_evidence,country",
                    "tag_details,ip,tags",
                    "scanner,ip")) {
                assertThat(e.csvRows(e.prepare(job(input).withFields(fields)), null))
                        .as("the fast path is taken")
                        .isNotNull();
                String fast = run(e, job(input).withFields(fields));
                List<Column> columns = e.columns(fields);
                List<Enrichment> found = e.lookups(columns)
                        .lookupAll(probes.stream().map(TagsTest::ip).toList());
                dev.iptriage.sink.RowFormat plain = SinkFormat.CSV.newRowFormat(columns);
                ByteArrayOutputStream want = new ByteArrayOutputStream();
                want.write(plain.header());
                for (int i = 0; i < probes.size(); i++) {
                    Enrichment x = found.get(i);
                    plain.row(new dev.iptriage.sink.Row(probes.get(i), x.statusText(), x.values(), 0), want);
                }
                assertThat(fast).as(fields).isEqualTo(want.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
