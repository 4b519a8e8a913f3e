package dev.iptriage.cli;

import static dev.iptriage.cli.OnlineCli.*;
import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.dns.DnsServer;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What leaves the machine, on the command line: {@code --dry-run} sends nothing and says what it
 * would send, private and reserved addresses are never sent in any mode, blocklists that refuse
 * public resolvers are never asked through one, the summary's "sent" lines count what went out, and
 * the cache answers a rerun without a query.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnlineOpsecCliTest {
    @TempDir
    static Path dir;

    @DnsWorld
    static DnsTestWorld world;

    /** Three public addresses (one IPv6), two private ones, and a repeat. */
    static final String SMALL =
            String.join("\n", PTR_CONFIRMED, LISTED_SBL, PTR6_CONFIRMED, "10.0.0.1", "fe80::1", PTR_CONFIRMED) + "\n";

    /** The would-be queries of {@link #SMALL} with the three sources, each once. */
    static final List<String> SMALL_QUERIES = List.of(
            "PTR " + reverseName(PTR_CONFIRMED) + ".",
            "PTR " + reverseName(LISTED_SBL) + ".",
            "PTR " + reverseName(PTR6_CONFIRMED) + ".",
            "A " + reverseLabels(PTR_CONFIRMED) + "." + ZEN + ".",
            "A " + reverseLabels(LISTED_SBL) + "." + ZEN + ".",
            "A " + reverseLabels(PTR6_CONFIRMED) + "." + ZEN + ".",
            "TXT " + reverseLabels(PTR_CONFIRMED) + ".origin.asn.cymru.com.",
            "TXT " + reverseLabels(LISTED_SBL) + ".origin.asn.cymru.com.",
            "TXT " + reverseLabels(PTR6_CONFIRMED) + ".origin6.asn.cymru.com.");

    /**
     * Parses a "sent" line: the number after each label; {@code fromCache}, the addresses answered from the cache
     * (not sent), 0 when the line has none.
     */
    record Sent(int addresses, int queries, int retries, int cacheHits, int notSent, String answers, int fromCache) {
        static final Pattern LINE = Pattern.compile(
                "iptriage: \\w+: (?:no address sent: )?(\\d+) distinct address(?:es)? looked up via DNS resolver"
                        + " .*? \\(DNS queries (\\d+), retries (\\d+), cache hits (\\d+)\\): (.*); not sent \\(private or"
                        + " reserved\\) (\\d+)(?:, answered from the cache (\\d+))?; answers reused for later repeats \\d+");

        static Sent of(String err, String source) {
            List<String> lines = err.lines()
                    .filter(l -> l.startsWith("iptriage: " + source + ": "))
                    .filter(l -> l.contains(" distinct address"))
                    .toList();
            assertThat(lines).as(err).hasSize(1);
            Matcher m = LINE.matcher(lines.get(0));
            assertThat(m.matches()).as(lines.get(0)).isTrue();
            assertThat(lines.get(0).contains(": no address sent: "))
                    .as("said plainly when no address was sent: %s", lines.get(0))
                    .isEqualTo(Integer.parseInt(m.group(1)) == 0);
            return new Sent(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(6)),
                    m.group(5),
                    m.group(7) == null ? 0 : Integer.parseInt(m.group(7)));
        }

        /** The questions that went out: the queries less the retries. */
        int questions() {
            return queries - retries;
        }
    }

    // ---- 6. dry run ----

    @Test
    void dryRunSendsNothingAndPrintsTheQueriesItWouldSend() {
        int before = world.queryLog().size();
        Cli.Result r = ok(SMALL, args(world, "enrich", "--ptr", "--dnsbl", "--cymru", "--dry-run"));
        assertThat(world.queryLog()).hasSize(before);
        assertThat(r.out().lines().toList()).containsExactlyInAnyOrderElementsOf(SMALL_QUERIES);
        // no rows are written, and the summary says so rather than count rows as if they were
        assertThat(r.err()).containsPattern("(?m)^iptriage: \\d+ lines -> \\d+ rows \\(dry run: none written\\): ");
        assertThat(r.err())
                .contains("iptriage: dry run: nothing is sent; with --ptr, the PTR names found would also be looked up"
                        + " forward, and each blocklist zone gets 2 or 3 health-check queries first");
        for (String source : List.of("ptr", "dnsbl", "cymru")) {
            String line = r.err()
                    .lines()
                    .filter(l -> l.startsWith("iptriage: " + source + ": "))
                    .findFirst()
                    .orElseThrow();
            assertThat(line)
                    .as("a dry run sends nothing and says so")
                    .doesNotContain("looked up via")
                    .contains("dry run, nothing sent")
                    .contains("(queries that would be sent 3, cache hits 0)")
                    .startsWith("iptriage: " + source + ": dry run, nothing sent: 3 distinct addresses would go to DNS"
                            + " resolver " + world.resolver())
                    .endsWith("; not sent (private or reserved) 2; answers reused for later repeats 0");
        }
        // the same for a log, the join and --unique; and the report writes nothing
        Path log = log(SMALL.lines().toList());
        for (List<String> mode : List.of(
                List.of("--from", "nginx", log.toString()),
                List.of("--from", "nginx", "--unique", log.toString()),
                List.of("--unique", "-"))) {
            List<String> a =
                    new ArrayList<>(List.of(args(world, "enrich", "--ptr", "--dnsbl", "--cymru", "--dry-run")));
            a.addAll(mode);
            Cli.Result m = ok(SMALL, a.toArray(String[]::new));
            assertThat(m.out().lines().toList()).as("%s", mode).containsExactlyInAnyOrderElementsOf(SMALL_QUERIES);
        }
        Path html = dir.resolve("dry.html");
        Cli.Result report = ok(
                "",
                args(
                        world,
                        "report",
                        "--ptr",
                        "--dnsbl",
                        "--cymru",
                        "--dry-run",
                        log.toString(),
                        "-o",
                        html.toString()));
        assertThat(report.out().lines().toList()).containsExactlyInAnyOrderElementsOf(SMALL_QUERIES);
        assertThat(html).doesNotExist();
        assertThat(report.err())
                .contains("iptriage: cymru: dry run, nothing sent: 3 distinct addresses would go to DNS resolver ")
                .doesNotContain("looked up via");
        Cli.Result lookup = ok("", args(world, "lookup", "--ptr", "--dry-run", PTR_CONFIRMED, "10.0.0.1"));
        assertThat(lookup.out()).startsWith("PTR " + reverseName(PTR_CONFIRMED) + ".\n");
        assertThat(lookup.err())
                .contains("iptriage: ptr: dry run, nothing sent: 1 distinct address would go to DNS resolver ")
                .contains("; not sent (private or reserved) 1;");
        assertThat(world.queryLog()).hasSize(before);
    }

    @Test
    void aDryRunLeavesTheCacheAsItWas() throws IOException {
        Path cache = dir.resolve("dry-then-real.sqlite");
        ok(SMALL, cached(world, cache.toString(), "enrich", "--ptr", "--dry-run"));
        // what the dry run did not ask is not kept as an answer: the real run asks it
        int before = world.queryLog().size();
        Cli.Result real = ok(SMALL, cached(world, cache.toString(), "enrich", "--ptr"));
        Sent s = Sent.of(real.err(), "ptr");
        assertThat(s.cacheHits()).isZero();
        assertThat(s.questions()).isEqualTo(5); // 3 PTR, 2 forward
        assertThat(world.queryLog().size() - before).isEqualTo(s.queries());
        assertThat(csv(real.out()).get(0)).containsEntry("ptr", NAME_CONFIRMED);
        // and now the dry run has nothing to print: the cache answers everything
        Cli.Result again = ok(SMALL, cached(world, cache.toString(), "enrich", "--ptr", "--dry-run"));
        assertThat(again.out()).isEmpty();
    }

    // ---- 6. never sent ----

    @Test
    void privateAndReservedAddressesAreSkippedAndNeverSentInAnyMode() throws IOException {
        List<String> input = new ArrayList<>();
        for (String a : NEVER_SENT) {
            input.add(a);
            input.add(PTR_CONFIRMED);
            input.add(a);
        }
        String list = String.join("\n", input) + "\n";
        Path log = log(input);
        Path csvIn = Files.writeString(dir.resolve("never.csv"), csvOf(input));
        List<List<String>> modes = List.of(
                List.of("-"),
                List.of("--unique", "-"),
                List.of("-f", "jsonl", "-"),
                List.of("--from", "nginx", log.toString()),
                List.of("--from", "auto", "--unique", log.toString()),
                List.of("--from", "csv:src_ip", csvIn.toString()),
                List.of("--from", "csv:src_ip", "--keep-columns", csvIn.toString()));
        for (List<String> mode : modes) {
            List<String> a = new ArrayList<>(List.of(args(world, "enrich", "--ptr", "--dnsbl", "--cymru")));
            a.addAll(mode);
            Cli.Result r = ok(list, a.toArray(String[]::new));
            if (mode.contains("jsonl")) {
                for (String line : r.out().lines().toList()) {
                    if (!line.contains("\"ip\":\"" + PTR_CONFIRMED + "\"")) {
                        assertThat(line)
                                .contains("\"ptr\":null,\"fcrdns\":null,\"ptr_status\":\"skipped\"")
                                .contains("\"dnsbl\":null,\"dnsbl_status\":\"skipped\"")
                                .contains("\"origin_asn\":null,")
                                .contains("\"cymru_status\":\"skipped\"");
                    }
                }
                continue;
            }
            var got = byIp(csv(r.out()), "ip", SOURCES);
            assertThat(got.keySet())
                    .as("%s", mode)
                    .containsExactlyInAnyOrderElementsOf(ALL.stream()
                            .filter(x -> NEVER_SENT.contains(x) || x.equals(PTR_CONFIRMED))
                            .toList());
            assertExpected(got, SOURCES);
            for (String source : List.of("ptr", "dnsbl", "cymru")) {
                assertThat(Sent.of(r.err(), source).notSent())
                        .as("%s %s", mode, source)
                        .isEqualTo(NEVER_SENT.size());
            }
        }
        Cli.Result report = ok(
                "",
                args(
                        world,
                        "report",
                        "--ptr",
                        "--dnsbl",
                        "--cymru",
                        log.toString(),
                        "-o",
                        dir.resolve("never.html").toString()));
        assertThat(Sent.of(report.err(), "cymru").notSent()).isEqualTo(NEVER_SENT.size());
        List<String> lookup = new ArrayList<>(List.of(args(world, "lookup", "--ptr", "--dnsbl", "--cymru")));
        lookup.addAll(NEVER_SENT);
        Cli.Result l = ok("", lookup.toArray(String[]::new));
        assertThat(l.out().lines().filter(x -> x.matches("    \\w+_status +skipped")))
                .hasSize(3 * NEVER_SENT.size());
        assertThat(l.out()).doesNotContain("leak");

        for (String a : NEVER_SENT) {
            List<DnsServer.Query> leaks = world.queriesRevealing(a).stream()
                    .filter(q -> !probe(q)) // the health probes name 127.0.0.2 and 127.0.0.1 on purpose
                    .toList();
            assertThat(leaks).as("queries naming %s", a).isEmpty();
        }
        assertThat(world.queryLog().stream().map(DnsServer.Query::name)).noneMatch(n -> n.contains("leak"));
    }

    // ---- 6. public resolvers ----

    @Test
    void aBlocklistThatRefusesPublicResolversIsNeverAskedThroughOne() throws IOException {
        Path zones = Files.writeString(
                dir.resolve("refusing.txt"), "[" + BL_V4ONLY + "]\npublic-resolvers = refused\n127.0.0.2 = Listed\n");
        Path log = log(List.of(PTR_CONFIRMED, LISTED_SBL));
        record Case(List<String> args, String zone, String resolver, String name) {}
        List<Case> cases = List.of(
                new Case(List.of("--dnsbl", "--resolver", "8.8.8.8"), ZEN, "8.8.8.8", "Google Public DNS"),
                new Case(
                        List.of("--ptr", "--dnsbl", "--resolver", world.resolver(), "--resolver", "1.1.1.1"),
                        ZEN,
                        "1.1.1.1",
                        "Cloudflare"),
                new Case(
                        List.of("--dnsbl=" + BL_V4ONLY, "--dnsbl-zones", zones.toString(), "--resolver", "9.9.9.9"),
                        BL_V4ONLY,
                        "9.9.9.9",
                        "Quad9"),
                // an IPv6 resolver is named in canonical form (RFC 5952), not the JDK's uncompressed text
                new Case(
                        List.of("--dnsbl", "--resolver", "[2606:4700:4700::1111]:53"),
                        ZEN,
                        "2606:4700:4700::1111",
                        "Cloudflare"));
        int before = world.queryLog().size();
        for (Case c : cases) {
            List<String> a = new ArrayList<>(List.of("enrich", "--no-cache"));
            a.addAll(c.args());
            a.add(log.toString());
            Cli.Result r = Cli.run("", a.toArray(String[]::new));
            assertThat(r.code()).as("%s: %s", a, r.err()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err())
                    .contains("iptriage: " + c.zone() + " refuses queries that come through public resolvers ("
                            + c.resolver() + " is " + c.name())
                    .contains("its answers would be errors, not listings")
                    .contains("--allow-public-resolver to ask anyway");
        }
        assertThat(world.queryLog()).hasSize(before);
        // --allow-public-resolver lifts the refusal (shown here with the world's own resolver)
        Cli.Result allowed =
                ok("", args(world, "enrich", "--dnsbl", "--allow-public-resolver", "-f", "jsonl", log.toString()));
        assertThat(allowed.out()).contains("\"dnsbl\":[\"zen.spamhaus.org:SBL\"]");
    }

    // ---- 6. the "sent" lines ----

    @Test
    void theSentLinesCountQueriesCacheHitsAndSkippedAddresses() throws IOException {
        Path cache = dir.resolve("counts.sqlite");
        Cli.Result first = ok(SMALL, cached(world, cache.toString(), "enrich", "--ptr", "--dnsbl", "--cymru"));
        Sent ptr = Sent.of(first.err(), "ptr");
        Sent dnsbl = Sent.of(first.err(), "dnsbl");
        Sent cymru = Sent.of(first.err(), "cymru");
        assertThat(List.of(ptr.addresses(), dnsbl.addresses(), cymru.addresses()))
                .containsOnly(3);
        assertThat(List.of(ptr.notSent(), dnsbl.notSent(), cymru.notSent())).containsOnly(2);
        assertThat(List.of(ptr.cacheHits(), dnsbl.cacheHits(), cymru.cacheHits()))
                .containsOnly(0);
        assertThat(List.of(ptr.fromCache(), dnsbl.fromCache(), cymru.fromCache()))
                .containsOnly(0);
        assertThat(ptr.questions()).isEqualTo(5); // 3 PTR, then A of host1 and AAAA of v6host
        assertThat(dnsbl.questions()).isEqualTo(5); // 2 health probes, 3 addresses
        assertThat(cymru.questions()).isEqualTo(3);
        assertThat(ptr.answers()).isEqualTo("ok 2, nxdomain 1");
        assertThat(dnsbl.answers()).isEqualTo("ok 1, nxdomain 2");
        assertThat(cymru.answers()).isEqualTo("ok 3");

        int before = world.queryLog().size();
        Cli.Result second = ok(SMALL, cached(world, cache.toString(), "enrich", "--ptr", "--dnsbl", "--cymru"));
        assertThat(world.queryLog()).hasSize(before);
        // the cache answered every address: none is counted sent, all three are answered from the cache, and
        // their answers are still counted
        Sent ptr2 = Sent.of(second.err(), "ptr");
        assertThat(List.of(ptr2.addresses(), ptr2.queries(), ptr2.retries(), ptr2.cacheHits(), ptr2.notSent()))
                .containsExactly(0, 0, 0, 5, 2);
        assertThat(ptr2.fromCache()).isEqualTo(3);
        assertThat(ptr2.answers()).isEqualTo(ptr.answers());
        Sent dnsbl2 = Sent.of(second.err(), "dnsbl");
        assertThat(List.of(dnsbl2.addresses(), dnsbl2.queries(), dnsbl2.cacheHits(), dnsbl2.fromCache()))
                .containsExactly(0, 0, 5, 3);
        assertThat(dnsbl2.answers()).isEqualTo(dnsbl.answers());
        Sent cymru2 = Sent.of(second.err(), "cymru");
        assertThat(List.of(cymru2.addresses(), cymru2.queries(), cymru2.cacheHits(), cymru2.fromCache()))
                .containsExactly(0, 0, 3, 3);
        assertThat(cymru2.answers()).isEqualTo(cymru.answers());
        // -q keeps the sent lines, and only them
        Cli.Result quiet = ok(SMALL, cached(world, cache.toString(), "enrich", "-q", "--ptr", "--dnsbl", "--cymru"));
        assertThat(quiet.err().lines().toList())
                .hasSize(3)
                .allMatch(l -> Sent.LINE.matcher(l).matches());
    }

    // ---- 7. the cache ----

    @Test
    void aRerunWithTheCacheSendsOnlyWhatWasNotAnAnswerAndWritesTheSameRows() throws IOException {
        Path cache = dir.resolve("rerun.sqlite");
        String all = String.join("\n", ALL) + "\n";
        String[] run = cached(world, cache.toString(), "enrich", "--ptr", "--dnsbl", "--cymru");
        Cli.Result first = ok(all, run);
        int before = world.queryLog().size();
        Cli.Result second = ok(all, run);
        assertThat(second.out()).isEqualTo(first.out());
        // SERVFAIL, REFUSED and no answer are never kept, nor a blocklist's error answers (127.255.255.x,
        // outside 127/8): those, and only those, are asked again
        Set<String> again = new LinkedHashSet<>();
        world.queryLog().subList(before, world.queryLog().size()).forEach(q -> again.add(q.type() + " " + q.name()));
        assertThat(again)
                .containsExactlyInAnyOrder(
                        "PTR " + reverseName(PTR_SERVFAIL),
                        "PTR " + reverseName(PTR_REFUSED),
                        "PTR " + reverseName(PTR_TIMEOUT),
                        "A " + NAME_FORWARD_SERVFAIL,
                        "A " + NAME_FORWARD_TIMEOUT,
                        "A " + reverseLabels(LISTED_ERROR_254) + "." + ZEN,
                        "A " + reverseLabels(LISTED_OUTSIDE_127) + "." + ZEN,
                        "A " + reverseLabels(LISTED_ERROR_255) + "." + ZEN,
                        "A " + reverseLabels(LISTED_ERROR_252) + "." + ZEN);

        // answers only: nothing at all is sent again
        String answers = String.join(
                        "\n",
                        ALL.stream()
                                .filter(a -> !List.of(
                                                PTR_SERVFAIL,
                                                PTR_REFUSED,
                                                PTR_TIMEOUT,
                                                PTR_FORWARD_SERVFAIL,
                                                PTR_FORWARD_TIMEOUT,
                                                LISTED_ERROR_254,
                                                LISTED_OUTSIDE_127,
                                                LISTED_ERROR_255,
                                                LISTED_ERROR_252)
                                        .contains(a))
                                .toList())
                + "\n";
        int mark = world.queryLog().size();
        Cli.Result third = ok(answers, run);
        assertThat(world.queryLog()).hasSize(mark);
        assertThat(Sent.of(third.err(), "ptr").queries()).isZero();
        assertThat(Sent.of(third.err(), "dnsbl").queries()).isZero();
        assertThat(Sent.of(third.err(), "cymru").queries()).isZero();
        assertThat(third.out())
                .isEqualTo(first.out()
                        .lines()
                        .filter(l -> !List.of(
                                        PTR_SERVFAIL,
                                        PTR_REFUSED,
                                        PTR_TIMEOUT,
                                        PTR_FORWARD_SERVFAIL,
                                        PTR_FORWARD_TIMEOUT,
                                        LISTED_ERROR_254,
                                        LISTED_OUTSIDE_127,
                                        LISTED_ERROR_255,
                                        LISTED_ERROR_252)
                                .contains(l.substring(0, l.indexOf(','))))
                        .reduce("", (x, y) -> x + y + "\n"));

        // --no-cache asks everything again
        mark = world.queryLog().size();
        Cli.Result fresh = ok(answers, args(world, "enrich", "--ptr", "--dnsbl", "--cymru"));
        assertThat(fresh.out()).isEqualTo(third.out());
        int asked = Sent.of(fresh.err(), "ptr").queries()
                + Sent.of(fresh.err(), "dnsbl").queries()
                + Sent.of(fresh.err(), "cymru").queries();
        assertThat(asked).isPositive();
        assertThat(world.queryLog().size() - mark).isEqualTo(asked);
        assertThat(Sent.of(fresh.err(), "ptr").cacheHits()).isZero();
    }

    @Test
    void aCachePathThatIsNotACacheIsSaidAndLeftAlone() throws IOException {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my notes, not a cache\n");
        FileTime time = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(notes, time);
        Cli.Result r = ok(SMALL, cached(world, notes.toString(), "enrich", "--ptr"));
        assertThat(r.err())
                .contains("iptriage: warning: DNS cache not used (" + notes
                        + ": not an iptriage DNS cache (not SQLite)); every answer is asked anew (--cache FILE"
                        + " chooses another file, --no-cache silences this)");
        assertThat(byIp(csv(r.out()), "ip", PTR).get(PTR_CONFIRMED)).containsExactly(NAME_CONFIRMED, "true", "ok");
        assertThat(Files.readString(notes)).isEqualTo("my notes, not a cache\n");
        assertThat(Files.getLastModifiedTime(notes)).isEqualTo(time);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no journal or lock beside it")
                    .noneMatch(n -> n.startsWith("notes.txt") && !n.equals("notes.txt"));
        }
    }

    // ---- inputs ----

    /** An nginx access log with one line per address. */
    static Path log(List<String> addresses) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < addresses.size(); i++) {
            b.append(OnlineSourcesCliTest.nginx(addresses.get(i), i % 60));
        }
        try {
            return Files.writeString(Files.createTempFile(dir, "access", ".log"), b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A CSV file with a {@code src_ip} column. */
    static String csvOf(List<String> addresses) {
        StringBuilder b = new StringBuilder("when,src_ip,note\n");
        for (int i = 0; i < addresses.size(); i++) {
            b.append(i)
                    .append(',')
                    .append(addresses.get(i))
                    .append(",n")
                    .append(i)
                    .append('\n');
        }
        return b.toString();
    }
}
