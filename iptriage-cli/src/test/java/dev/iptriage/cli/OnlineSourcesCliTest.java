package dev.iptriage.cli;

import static dev.iptriage.cli.OnlineCli.*;
import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.testing.dns.DnsServer;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --ptr}, {@code --dnsbl} and {@code --cymru} on the command line against the standard DNS
 * world: the commands as a new user types them, {@code lookup}, the values and their types
 * in CSV, JSON and the table, the blocklist health probe, and the usage errors.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnlineSourcesCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @DnsWorld
    static DnsTestWorld world;
    /** Every address of the world, public and never sent, one a line. */
    static String everyAddress;
    /** A blocklist zones file naming the world's own zones. */
    static Path zones;

    @BeforeAll
    static void start() throws IOException {
        everyAddress = String.join("\n", ALL) + "\n";
        zones = Files.writeString(
                dir.resolve("zones.txt"), """
                # the DNS test world's blocklists
                [%s]
                127.0.0.2 = Listed
                [%s]
                127.0.0.2 = Listed
                [%s]
                127.0.0.2 = Listed
                [%s]
                127.0.0.2 = Listed
                [%s]
                127.0.0.2 = Listed
                """.formatted(BL_V4ONLY, BL_WILDCARD, BL_SERVFAIL, BL_TIMEOUT, BL_REFUSED));
    }

    /** An nginx access log line of {@code ip}, the {@code i}-th second. */
    static String nginx(String ip, int i) {
        return String.format(
                "%s - - [07/Dec/2026:11:05:%02d +0000] \"GET /p%d HTTP/1.1\" 200 5 \"-\" \"agent\"%n", ip, i, i);
    }

    /** The public addresses of the access log, each distinct one once, in order. */
    static final List<String> LOG_PUBLIC =
            List.of(PTR_CONFIRMED, LISTED_XBL_PBL, PTR_HTML, PTR6_CONFIRMED, LISTED_SBL, PTR_NXDOMAIN);

    /** A small access log: the world's public addresses, private ones, and repeats. */
    static Path accessLog() throws IOException {
        List<String> order = List.of(
                PTR_CONFIRMED,
                "10.0.0.1",
                LISTED_XBL_PBL,
                PTR_CONFIRMED,
                "192.168.1.1",
                PTR_HTML,
                PTR6_CONFIRMED,
                LISTED_SBL,
                "192.168.1.1",
                PTR_NXDOMAIN,
                PTR_CONFIRMED);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < order.size(); i++) {
            b.append(nginx(order.get(i), i));
        }
        Path dirOfLog = Files.createDirectories(dir.resolve("log-" + System.nanoTime()));
        return Files.writeString(dirOfLog.resolve("access.log"), b);
    }

    /** The "sent" line of one source on stderr. */
    static String sentLine(String err, String source) {
        List<String> lines = err.lines()
                .filter(l -> l.matches(
                        "iptriage: " + Pattern.quote(source) + ": (?:no address sent: )?[0-9,]+ distinct address.*"))
                .toList();
        assertThat(lines).as("the %s line of %s", source, err).hasSize(1);
        return lines.get(0);
    }

    /**
     * Checks a "sent" line: the distinct addresses sent and to where, the DNS questions asked (the
     * queries less the retries, which depend on the machine's speed), cache hits, the answers and
     * the addresses not sent.
     */
    static void assertSent(String line, String source, int sent, String to, int questions, String rest) {
        Pattern p = Pattern.compile(
                "iptriage: " + Pattern.quote(source) + ": " + sent + " distinct address(es)? looked up via "
                        + Pattern.quote(to) + " \\(DNS queries (\\d+), retries (\\d+), cache hits 0\\)(.*)");
        Matcher m = p.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(Integer.parseInt(m.group(2)) - Integer.parseInt(m.group(3)))
                .as("questions of %s", line)
                .isEqualTo(questions);
        assertThat(m.group(4)).isEqualTo(rest);
    }

    // ---- 1. the commands ----

    @Test
    void enrichFromNginxUniqueWithPtrAndBareDnsblReadsTheLogAfterIt() throws IOException {
        Path log = accessLog();
        Cli.Result r = ok("", args(world, "enrich", "--from", "nginx", "--unique", "--ptr", "--dnsbl", log.toString()));
        List<Map<String, String>> rows = csv(r.out());
        assertThat(r.out().lines().findFirst().orElseThrow())
                .isEqualTo("ip,status,asn,as_org,network,city,country,postal_code,latitude,longitude,"
                        + "ptr,fcrdns,ptr_status,dnsbl,dnsbl_status,"
                        + "count,first_seen,last_seen,roles,status_codes,top_paths,user_agents");
        assertThat(rows.stream().map(m -> m.get("ip")))
                .containsExactly(
                        PTR_CONFIRMED,
                        "10.0.0.1",
                        LISTED_XBL_PBL,
                        "192.168.1.1",
                        PTR_HTML,
                        PTR6_CONFIRMED,
                        LISTED_SBL,
                        PTR_NXDOMAIN);
        assertThat(rows.stream().map(m -> m.get("count"))).containsExactly("3", "1", "1", "2", "1", "1", "1", "1");
        List<String> columns = concat(PTR, DNSBL);
        assertExpected(byIp(rows, "ip", columns), columns);
        assertThat(rows.get(0))
                .containsEntry("ptr", NAME_CONFIRMED)
                .containsEntry("fcrdns", "true")
                .containsEntry("dnsbl_status", "nxdomain");
        assertThat(rows.get(2)).containsEntry("dnsbl", "[\"zen.spamhaus.org:XBL\",\"zen.spamhaus.org:PBL-ISP\"]");
        assertThat(rows.get(3)).containsEntry("ptr_status", "skipped").containsEntry("dnsbl_status", "skipped");

        String to = "DNS resolver " + world.resolver();
        // 6 PTR questions and 3 forward ones (the names found); 6 blocklist questions and 2 probes
        assertSent(
                sentLine(r.err(), "ptr"),
                "ptr",
                6,
                to,
                9,
                ": ok 3, nxdomain 3; not sent (private or reserved) 2; answers reused for later repeats 0");
        assertSent(
                sentLine(r.err(), "dnsbl"),
                "dnsbl",
                6,
                to + " for zen.spamhaus.org",
                8,
                ": ok 2, nxdomain 4; not sent (private or reserved) 2; answers reused for later repeats 0");
        assertThat(world.queriesRevealing("10.0.0.1")).isEmpty();
        assertThat(world.queriesRevealing("192.168.1.1")).isEmpty();
    }

    @Test
    void reportWithPtrShowsTheNamesAndSaysWhatWasSentEvenWhenQuiet() throws IOException {
        Path log = accessLog();
        Path html = log.resolveSibling("r.html");
        Cli.Result r = ok("", args(world, "report", "--ptr", log.toString(), "-o", html.toString()));
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("iptriage: --from auto: " + log + ": nginx");
        String ptrLine = sentLine(r.err(), "ptr");
        assertSent(
                ptrLine,
                "ptr",
                6,
                "DNS resolver " + world.resolver(),
                9,
                ": ok 3, nxdomain 3; not sent (private or reserved) 2; answers reused for later repeats 0");
        String page = Files.readString(html);
        assertThat(page)
                .contains("\"" + NAME_CONFIRMED + "\"", "\"" + NAME_V6_CONFIRMED + "\"")
                .contains("\"ptr\",\"fcrdns\",\"ptr_status\"")
                .contains(
                        "<h3 id=\"sent\">Sent over the network</h3>", "<td>DNS resolver " + world.resolver() + "</td>");

        Cli.Result quiet = ok("", args(world, "report", "-q", "--ptr", log.toString(), "-o", html.toString()));
        assertThat(quiet.err().lines().toList()).hasSize(1);
        assertSent(
                quiet.err().strip(),
                "ptr",
                6,
                "DNS resolver " + world.resolver(),
                9,
                ": ok 3, nxdomain 3; not sent (private or reserved) 2; answers reused for later repeats 0");

        Path both = log.resolveSibling("both.html");
        Cli.Result withDnsbl = ok("", args(world, "report", "--ptr", "--dnsbl", log.toString(), "-o", both.toString()));
        assertThat(withDnsbl.err()).contains("iptriage: dnsbl: 6 distinct addresses looked up via");
        assertThat(Files.readString(both))
                .contains("zen.spamhaus.org:SBL", "\"" + NAME_CONFIRMED + "\"")
                .contains("<h3 id=\"sent\">Sent over the network</h3>", "<th>dnsbl</th>");
    }

    @Test
    void aBareDnsblTakesNoArgumentWhereverItStands() throws IOException {
        Path log = accessLog();
        String expected = ok("", args(world, "enrich", "--from", "nginx", "--dnsbl=zen.spamhaus.org", log.toString()))
                .out();
        for (List<String> order : List.of(
                List.of("--dnsbl", log.toString(), "--from", "nginx"),
                List.of("--from", "nginx", "--dnsbl", "--", log.toString()),
                List.of("--dnsbl", "--from", "nginx", log.toString()))) {
            assertThat(ok("", args(world, "enrich", order.toArray(String[]::new)))
                            .out())
                    .as("%s", order)
                    .isEqualTo(expected);
        }
        // on standard input, as the last option
        assertThat(ok(PTR_CONFIRMED + "\n" + LISTED_SBL + "\n", args(world, "enrich", "-f", "jsonl", "--dnsbl"))
                        .out())
                .contains("\"dnsbl\":[\"zen.spamhaus.org:SBL\"]");
    }

    // ---- 3. lookup ----

    @Test
    void lookupPrintsTheOnlineSectionAndSkipsThePrivateAddress() {
        Cli.Result r = ok("", args(world, "lookup", "--ptr", "--dnsbl", "--cymru", PTR_CONFIRMED, "10.0.0.1"));
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("1.2.3.1  (Public)");
        int second = lines.indexOf("10.0.0.1  (Private-Use, private)");
        assertThat(second).isPositive();
        assertThat(section(lines.subList(0, second)))
                .containsExactly(
                        "  online",
                        "    ptr               host1.fcrdns.test",
                        "    fcrdns            true",
                        "    ptr_status        ok",
                        "    dnsbl",
                        "    dnsbl_status      nxdomain",
                        "    origin_asn        [64496]",
                        "    origin_prefix     1.2.3.0/24",
                        "    origin_cc         AU",
                        "    origin_registry   apnic",
                        "    origin_allocated  2011-08-11",
                        "    cymru_status      ok",
                        "");
        List<String> skipped = new ArrayList<>(List.of("  online"));
        for (String column : SOURCES) {
            skipped.add(column.endsWith("_status") ? String.format("    %-16s  skipped", column) : "    " + column);
        }
        skipped.add("");
        assertThat(section(lines.subList(second, lines.size()))).containsExactlyElementsOf(skipped);
        String to = "DNS resolver " + world.resolver();
        String rest = "; not sent (private or reserved) 1; answers reused for later repeats 0";
        assertSent(sentLine(r.err(), "ptr"), "ptr", 1, to, 2, ": ok 1" + rest);
        assertSent(sentLine(r.err(), "dnsbl"), "dnsbl", 1, to + " for zen.spamhaus.org", 3, ": nxdomain 1" + rest);
        assertSent(
                sentLine(r.err(), "cymru"),
                "cymru",
                1,
                to + " for origin.asn.cymru.com (Team Cymru)",
                1,
                ": ok 1" + rest);
        assertThat(world.queriesRevealing("10.0.0.1")).isEmpty();
    }

    @Test
    void lookupOfANetworkAsksNoSourceAboutIt() {
        Cli.Result r = ok("", args(world, "lookup", "--ptr", "--dnsbl", "--cymru", "1.2.3.0/24"));
        List<String> skipped = new ArrayList<>(List.of("  online"));
        for (String column : SOURCES) {
            skipped.add(column.endsWith("_status") ? String.format("    %-16s  skipped", column) : "    " + column);
        }
        skipped.add("");
        assertThat(section(r.out().lines().toList())).containsExactlyElementsOf(skipped);
        assertThat(world.queryLog())
                .noneMatch(q -> q.name().startsWith("0.3.2.1.")); // not 1.2.3.0's PTR, listing or origin
    }

    @Test
    void aRunWhoseFieldsLeaveTheBlocklistOutAsksNoBlocklist() {
        int before = world.queryLog().size();
        Cli.Result r =
                ok(PTR_CONFIRMED + "\n", args(world, "enrich", "--ptr", "--dnsbl", "--fields", "ip,ptr,ptr_status"));
        assertThat(r.out()).isEqualTo("ip,ptr,ptr_status\n" + PTR_CONFIRMED + "," + NAME_CONFIRMED + ",ok\n");
        assertThat(world.queryLog().subList(before, world.queryLog().size()))
                .as("no health check, no listing query")
                .noneMatch(q -> q.name().endsWith(ZEN));
    }

    /** The lines of a lookup answer from its "online" line on. */
    private static List<String> section(List<String> answer) {
        int at = answer.indexOf("  online");
        assertThat(at).as("%s", answer).isPositive();
        return answer.subList(at, answer.size());
    }

    @Test
    void lookupAgreesWithEnrichForEveryAddress() {
        List<String> args = new ArrayList<>(List.of(args(world, "lookup", "--ptr", "--dnsbl", "--cymru")));
        args.addAll(ALL);
        Cli.Result r = ok("", args.toArray(String[]::new));
        Map<String, List<String>> got = new LinkedHashMap<>();
        String ip = null;
        List<String> values = null;
        for (String line : r.out().lines().toList()) {
            if (!line.startsWith(" ") && !line.isEmpty()) {
                ip = line.substring(0, line.indexOf("  ("));
                values = new ArrayList<>();
            } else if (line.startsWith("    ") && values != null && values.size() < SOURCES.size()) {
                String name = line.substring(4).split(" ", 2)[0];
                if (SOURCES.contains(name)) {
                    assertThat(name).isEqualTo(SOURCES.get(values.size()));
                    int at = 4 + "origin_allocated  ".length();
                    values.add(line.length() > at ? line.substring(at) : ""); // no blanks after an empty value
                    if (values.size() == SOURCES.size()) {
                        got.put(ip, values);
                    }
                }
            }
        }
        assertThat(got.keySet()).containsExactlyElementsOf(ALL);
        // the lookup's text is the cell without the spreadsheet guard
        Map<String, List<String>> want = new LinkedHashMap<>();
        EXPECTED.forEach((a, v) ->
                want.put(a, v.stream().map(CellText::undoSpreadsheetSafe).toList()));
        got.forEach((a, v) -> {
            for (int k = 0; k < SOURCES.size(); k++) {
                String w = want.get(a).get(k);
                if (w.endsWith("...")) {
                    assertThat(v.get(k)).as("%s %s", a, SOURCES.get(k)).startsWith(w.substring(0, w.length() - 3));
                } else {
                    assertThat(v.get(k)).as("%s %s", a, SOURCES.get(k)).isEqualTo(w);
                }
            }
        });
    }

    // ---- 4. the values and their types ----

    @Test
    void csvHasEveryAnswerOfTheWorld() {
        Cli.Result r = ok(everyAddress, args(world, "enrich", "--ptr", "--dnsbl", "--cymru"));
        Map<String, List<String>> got = byIp(csv(r.out()), "ip", SOURCES);
        assertThat(got.keySet()).containsExactlyElementsOf(ALL);
        assertExpected(got, SOURCES);
        // the errors in full where their reason is the point
        Map<String, String> status = new LinkedHashMap<>();
        csv(r.out()).forEach(m -> status.put(m.get("ip"), m.get("dnsbl_status")));
        assertThat(status.get(LISTED_ERROR_254))
                .isEqualTo("error:zen.spamhaus.org: 127.255.255.254: query via a public or"
                        + " open resolver, or one with generic reverse DNS (refused)");
        assertThat(status.get(LISTED_OUTSIDE_127)).contains("outside 127.0.0.0/8: not a listing");
        assertThat(status.get(LISTED_ERROR_255)).contains("excessive number of queries");
        assertThat(status.get(LISTED_ERROR_252)).contains("typo in the DNSBL zone name");
        Map<String, String> cymru = new LinkedHashMap<>();
        csv(r.out()).forEach(m -> cymru.put(m.get("ip"), m.get("cymru_status")));
        assertThat(cymru.get(CYMRU_GARBLED))
                .isEqualTo("error:no usable origin in 1 TXT string: '64502 1.2.7.0/24 AU apnic' (1 fields, expected 5"
                        + " separated by '|': ASN | prefix | CC | registry | allocated)");
        assertThat(cymru.get(CYMRU_HOSTILE)).endsWith("(country '=1+1' is not two letters)");
    }

    @Test
    void jsonKeepsTypesAndAgreesWithCsv() throws IOException {
        Map<String, Map<String, String>> csvRows = new LinkedHashMap<>();
        csv(ok(everyAddress, args(world, "enrich", "--ptr", "--dnsbl", "--cymru"))
                        .out())
                .forEach(m -> csvRows.put(m.get("ip"), m));
        String jsonl = ok(everyAddress, args(world, "enrich", "-f", "jsonl", "--ptr", "--dnsbl", "--cymru"))
                .out();
        JsonNode array =
                JSON.readTree(ok(everyAddress, args(world, "enrich", "-f", "json", "--ptr", "--dnsbl", "--cymru"))
                        .out());
        List<String> lines = jsonl.lines().toList();
        assertThat(lines).hasSize(csvRows.size());
        assertThat(array.size()).isEqualTo(lines.size());
        int moas = 0;
        int listings = 0;
        int fcrdns = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = JSON.readTree(lines.get(i));
            assertThat(array.get(i)).isEqualTo(n);
            String ip = n.get("ip").asText();
            Map<String, String> c = csvRows.get(ip);
            for (String status : List.of("ptr_status", "dnsbl_status", "cymru_status")) {
                assertThat(n.get(status).isTextual()).as("%s %s", ip, status).isTrue();
            }
            JsonNode f = n.get("fcrdns");
            assertThat(f.isBoolean() || f.isNull()).as("%s fcrdns %s", ip, f).isTrue();
            if (f.isBoolean()) {
                fcrdns++;
                assertThat(n.get("ptr").isTextual()).isTrue();
            }
            JsonNode asns = n.get("origin_asn");
            assertThat(asns.isNull() || asns.isArray())
                    .as("%s origin_asn %s", ip, asns)
                    .isTrue();
            asns.forEach(a -> assertThat(a.isIntegralNumber())
                    .as("%s origin_asn %s", ip, asns)
                    .isTrue());
            if (asns.size() == 2) {
                moas++;
                assertThat(asns.get(0).asLong()).isEqualTo(64499);
                assertThat(asns.get(1).asLong()).isEqualTo(64500);
            }
            JsonNode dnsbl = n.get("dnsbl");
            assertThat(dnsbl.isNull() || dnsbl.isArray())
                    .as("%s dnsbl %s", ip, dnsbl)
                    .isTrue();
            dnsbl.forEach(z -> assertThat(z.isTextual()).isTrue());
            if (dnsbl.isArray()) {
                listings++;
            }
            // the same values as the CSV: arrays and booleans as their JSON text, text without the guard
            for (String column : SOURCES) {
                JsonNode v = n.get(column);
                String cell = c.get(column);
                String asText = v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
                assertThat(asText).as("%s %s", ip, column).isEqualTo(CellText.undoSpreadsheetSafe(cell));
            }
        }
        assertThat(moas).isEqualTo(1);
        assertThat(listings).isEqualTo(6);
        assertThat(fcrdns).isEqualTo(13);
        JsonNode formula = JSON.readTree(lines.get(ALL.indexOf(PTR_FORMULA)));
        assertThat(formula.get("ptr").asText()).isEqualTo("=cmd|'\\032/C\\032calc'!A0.evil.test"); // JSON: no guard
    }

    @Test
    void theTableShowsTheSameValues() {
        String fields = "ip,ptr,fcrdns,ptr_status,dnsbl,dnsbl_status,origin_asn,origin_prefix,cymru_status";
        List<String> addresses =
                List.of(PTR_CONFIRMED, PTR_FORGED, PTR_TIMEOUT, LISTED_SBL, LISTED_XBL_PBL, CYMRU_MOAS, "10.0.0.1");
        String input = String.join("\n", addresses) + "\n";
        Cli.Result t =
                ok(input, args(world, "enrich", "-f", "table", "--fields", fields, "--ptr", "--dnsbl", "--cymru"));
        Map<String, List<String>> csvValues = byIp(
                csv(ok(input, args(world, "enrich", "--fields", fields, "--ptr", "--dnsbl", "--cymru"))
                        .out()),
                "ip",
                List.of(fields.split(",")));
        List<String> lines = t.out().lines().toList();
        String header = lines.get(0);
        List<String> names = List.of(fields.split(","));
        int[] at = new int[names.size() + 1];
        for (int k = 0; k < names.size(); k++) {
            at[k] = k == 0 ? 0 : header.indexOf("  " + names.get(k)) + 2;
            assertThat(at[k]).as(names.get(k)).isGreaterThanOrEqualTo(0);
        }
        assertThat(lines).hasSize(addresses.size() + 1);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String ip = line.substring(0, line.indexOf(' '));
            for (int k = 0; k < names.size(); k++) {
                String cell = k + 1 < names.size()
                        ? line.substring(at[k], Math.min(line.length(), at[k + 1]))
                        : line.length() > at[k] ? line.substring(at[k]) : "";
                String want = csvValues.get(ip).get(k);
                cell = cell.strip();
                if (cell.endsWith("\u2026")) { // a long cell is cut
                    assertThat(want).as("%s %s", ip, names.get(k)).startsWith(cell.substring(0, cell.length() - 1));
                } else {
                    assertThat(cell).as("%s %s", ip, names.get(k)).isEqualTo(want);
                }
            }
        }
        assertThat(t.out())
                .contains("[64499,64500]")
                .contains("[\"zen.spamhaus.org:SBL\"]")
                .contains("timeout");
    }

    // ---- 8. the health probe, and IPv6 on an IPv4-only list ----

    @ParameterizedTest
    @ValueSource(strings = {BL_WILDCARD, BL_SERVFAIL, BL_TIMEOUT, BL_REFUSED})
    void aZoneThatFailsItsHealthProbeIsOffWithOneLineAndErrorRows(String zone) {
        Cli.Result r = ok(
                PTR_CONFIRMED + "\n10.0.0.1\n" + LISTED_SBL + "\n",
                args(
                        world,
                        "enrich",
                        "--dnsbl-zones",
                        zones.toString(),
                        "--dnsbl=" + zone + ",zen.spamhaus.org",
                        "--dns-timeout",
                        "1"));
        List<String> off = r.err().lines().filter(l -> l.contains(" is off")).toList();
        assertThat(off).hasSize(1);
        assertThat(off.get(0)).startsWith("iptriage: dnsbl: " + zone + " is off for this run: ");
        List<Map<String, String>> rows = csv(r.out());
        assertThat(rows.get(0).get("dnsbl_status")).startsWith("error:" + zone + " is off for this run: ");
        assertThat(rows.get(0).get("dnsbl")).isEmpty();
        assertThat(rows.get(1).get("dnsbl_status")).isEqualTo("skipped");
        // the healthy zone still answers
        assertThat(rows.get(2).get("dnsbl")).isEqualTo("[\"zen.spamhaus.org:SBL\"]");
        assertThat(rows.get(2).get("dnsbl_status")).startsWith("error:" + zone + " is off");
        // nothing asked of the zone but its probes
        assertThat(world.queryLog().stream().filter(q -> q.name().endsWith("." + zone)))
                .allMatch(OnlineCli::probe);
    }

    @Test
    void aBlocklistAddressIsSentWhenOneZoneIsAskedAndNotWhenNoZoneIs() {
        List<String> v4 = List.of(LISTED_SBL, NOT_LISTED);
        List<String> v6 = List.of(LISTED6_SBL, NOT_LISTED6);
        String input = String.join("\n", concat(v4, v6, List.of("10.0.0.1"))) + "\n";
        // the wildcard zone is off after its health check; the IPv4-only one is asked the IPv4 addresses only
        int mark = world.queryLog().size();
        Cli.Result one = ok(
                input,
                args(world, "enrich", "--dnsbl-zones", zones.toString(), "--dnsbl=" + BL_WILDCARD + "," + BL_V4ONLY));
        assertThat(one.err()).contains("iptriage: dnsbl: " + BL_WILDCARD + " is off for this run: ");
        String line = sentLine(one.err(), "dnsbl");
        assertThat(named(mark, "A", concat(v4, v6))).isEqualTo(new TreeSet<>(v4));
        assertThat(headline(line)).as(line).isEqualTo(v4.size());
        assertThat(line)
                .contains("; not sent (private or reserved) 1, nothing to ask 2;")
                .doesNotContain("answered from the cache");
        assertThat(answered(line)).as(line).isEqualTo(v4.size() + v6.size());

        // every zone off: no address is sent, and the line says so first
        mark = world.queryLog().size();
        Cli.Result none = ok(input, args(world, "enrich", "--dnsbl-zones", zones.toString(), "--dnsbl=" + BL_WILDCARD));
        String noneLine = sentLine(none.err(), "dnsbl");
        assertThat(named(mark, "A", concat(v4, v6))).isEmpty();
        assertThat(world.queryLog().subList(mark, world.queryLog().size())).allMatch(OnlineCli::probe);
        assertThat(noneLine)
                .startsWith("iptriage: dnsbl: no address sent: 0 distinct addresses looked up via")
                .contains("; not sent (private or reserved) 1, nothing to ask 4;");
        assertThat(answered(noneLine)).as(noneLine).isEqualTo(v4.size() + v6.size());
    }

    @Test
    void theHeadlineCountsTheAddressesSentAndNotThoseTheCacheAnswered() {
        Path cache = dir.resolve("headline-" + System.nanoTime() + ".sqlite");
        // answers the cache keeps (records, NXDOMAIN and NODATA with an SOA)
        List<String> half = List.of(PTR_CONFIRMED, PTR_FORGED, PTR_NXDOMAIN, PTR6_CONFIRMED);
        List<String> other = List.of(PTR_SEVERAL, PTR_NODATA, PTR_FORWARD_NXDOMAIN, PTR6_NXDOMAIN);
        List<String> all = concat(half, other);
        String[] run = cached(world, cache.toString(), "enrich", "--ptr", "--cymru");

        // a first run with an empty cache: every public address is sent, as the server's log says
        int mark = world.queryLog().size();
        Cli.Result first = ok(String.join("\n", concat(half, List.of("10.0.0.1"))) + "\n", run);
        assertThat(named(mark, "PTR", all)).isEqualTo(new TreeSet<>(half));
        assertThat(named(mark, "TXT", all)).isEqualTo(new TreeSet<>(half));
        for (String source : List.of("ptr", "cymru")) {
            String line = sentLine(first.err(), source);
            assertThat(headline(line)).as(line).isEqualTo(half.size());
            assertThat(line).doesNotContain("answered from the cache");
        }

        // half of the list in the cache: the other half is sent, the split is exact, every answer counted
        mark = world.queryLog().size();
        String list = String.join("\n", concat(all, List.of("10.0.0.1"))) + "\n";
        Cli.Result mixed = ok(list, run);
        assertThat(named(mark, "PTR", all)).isEqualTo(new TreeSet<>(other));
        assertThat(named(mark, "TXT", all)).isEqualTo(new TreeSet<>(other));
        for (String source : List.of("ptr", "cymru")) {
            String line = sentLine(mixed.err(), source);
            assertThat(headline(line)).as(line).isEqualTo(other.size());
            assertThat(line)
                    .contains("; not sent (private or reserved) 1, answered from the cache " + half.size() + ";");
            assertThat(answered(line)).as(line).isEqualTo(all.size());
        }

        // the same list again: nothing naming an address reaches the server, and the line says no address was sent
        mark = world.queryLog().size();
        Map<String, Integer> revealing = new LinkedHashMap<>();
        all.forEach(a -> revealing.put(a, world.queriesRevealing(a).size()));
        Cli.Result again = ok(list, run);
        assertThat(again.out()).isEqualTo(mixed.out());
        all.forEach(a -> assertThat(world.queriesRevealing(a))
                .as("questions naming %s or its network", a)
                .hasSize(revealing.get(a)));
        assertThat(named(mark, "PTR", all)).isEmpty();
        assertThat(named(mark, "TXT", all)).isEmpty();
        for (String source : List.of("ptr", "cymru")) {
            String line = sentLine(again.err(), source);
            assertThat(line)
                    .startsWith("iptriage: " + source + ": no address sent: 0 distinct addresses looked up via DNS"
                            + " resolver " + world.resolver())
                    .contains("; not sent (private or reserved) 1, answered from the cache " + all.size() + ";");
            assertThat(answered(line)).as(line).isEqualTo(all.size());
        }
    }

    /** The addresses of {@code candidates} that a question of {@code type} logged from {@code mark} on names. */
    static Set<String> named(int mark, String type, Collection<String> candidates) {
        List<DnsServer.Query> log = world.queryLog();
        List<DnsServer.Query> since = log.subList(mark, log.size());
        Set<String> out = new TreeSet<>();
        for (String a : candidates) {
            String labels = reverseLabels(a) + ".";
            if (since.stream()
                    .anyMatch(q -> q.type().equals(type)
                            && !OnlineCli.probe(q)
                            && q.name().startsWith(labels))) {
                out.add(a);
            }
        }
        return out;
    }

    /** The distinct addresses a "sent" line counts as sent. */
    static int headline(String line) {
        Matcher m = Pattern.compile("iptriage: \\w+: (?:no address sent: )?([0-9,]+) distinct address")
                .matcher(line);
        assertThat(m.lookingAt()).as(line).isTrue();
        return Integer.parseInt(m.group(1).replace(",", ""));
    }

    /** The answers a "sent" line counts, every status together (skipped ones are not shown). */
    static int answered(String line) {
        Matcher part = Pattern.compile("\\): ([^;]*); not sent").matcher(line);
        assertThat(part.find()).as(line).isTrue();
        int n = 0;
        for (Matcher m = Pattern.compile(" ([0-9,]+)(?:,|$)").matcher(part.group(1)); m.find(); ) {
            n += Integer.parseInt(m.group(1).replace(",", ""));
        }
        return n;
    }

    @Test
    void anIpv4OnlyListAnswersUnsupportedForIpv6NeverClean() {
        String input = String.join("\n", LISTED_SBL, NOT_LISTED, LISTED6_SBL, NOT_LISTED6, PTR6_CONFIRMED) + "\n";
        Cli.Result r = ok(
                input, args(world, "enrich", "--dnsbl-zones", zones.toString(), "--dnsbl=" + BL_V4ONLY, "-f", "jsonl"));
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("\"dnsbl\":[\"v4only.bl.test:Listed\"],\"dnsbl_status\":\"ok\"");
        assertThat(lines.get(1)).contains("\"dnsbl\":null,\"dnsbl_status\":\"nxdomain\"");
        for (String v6 : lines.subList(2, 5)) {
            assertThat(v6).contains("\"dnsbl\":null,\"dnsbl_status\":\"unsupported\"");
        }
        assertThat(sentLine(r.err(), "dnsbl")).contains(": ok 1, nxdomain 1, unsupported 3;");
        // not asked: the IPv6 addresses never reach the list
        for (String v6 : List.of(LISTED6_SBL, NOT_LISTED6, PTR6_CONFIRMED)) {
            assertThat(world.queriesRevealing(v6).stream().filter(q -> q.name().endsWith(BL_V4ONLY)))
                    .isEmpty();
        }
    }

    // ---- 9. usage errors ----

    @Test
    void usageErrorsSayWhatIsWrongAndSendNothing() throws IOException {
        Path log = accessLog();
        Path enriched = log.resolveSibling("enriched.csv");
        ok("", "enrich", "-q", log.toString(), "-o", enriched.toString());
        String l = log.toString();
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(
                List.of(args(world, "enrich", "--dnsbl=nope.example", l)),
                "iptriage: --dnsbl: unknown zone 'nope.example': known zones are zen.spamhaus.org, sbl.spamhaus.org,");
        cases.put(
                List.of(args(world, "enrich", "--dnsbl=zen.spamhaus.org,", l)),
                "iptriage: --dnsbl: unknown zone '': known zones are");
        for (String bad :
                List.of("bogus", "10.0.0.0/8", "127.0.0.1:99999", "127.0.0.1:0", "[::1]:0", "fe80::1%eth0", "")) {
            cases.put(
                    List.of("enrich", "--no-cache", "--ptr", "--resolver", bad, l),
                    "iptriage: --resolver " + bad + ": expected an IP address with an optional port");
        }
        cases.put(
                List.of(args(world, "enrich", "--ptr", "--dns-concurrency", "0", l)),
                "iptriage: --dns-concurrency must be at least 1");
        cases.put(
                List.of(args(world, "enrich", "--ptr", "--dns-qps", "-1", l)),
                "iptriage: --dns-qps must be a number of queries per second, 0 or more (0: no limit)");
        cases.put(
                List.of(args(world, "enrich", "--ptr", "--dns-timeout", "0", l)),
                "iptriage: --dns-timeout must be between 0 and 86400 seconds");
        cases.put(
                List.of(args(world, "enrich", "--ptr", "--dns-run-timeout", "-5", l)),
                "iptriage: --dns-run-timeout must be between 0 and 86400 seconds");
        cases.put(
                List.of(args(world, "enrich", "--dry-run", l)),
                "iptriage: --dry-run needs an online source (--ptr, --dnsbl, --cymru, --webservice)");
        cases.put(
                List.of(args(
                        world,
                        "report",
                        "--dry-run",
                        l,
                        "-o",
                        dir.resolve("x.html").toString())),
                "iptriage: --dry-run needs an online source (--ptr, --dnsbl, --cymru, --webservice)");
        cases.put(
                List.of(args(world, "lookup", "--dry-run", PTR_CONFIRMED)),
                "iptriage: --dry-run needs an online source (--ptr, --dnsbl, --cymru, --webservice)");
        for (String option : List.of("--ptr", "--dnsbl", "--cymru")) {
            cases.put(
                    List.of(args(
                            world,
                            "report",
                            option,
                            enriched.toString(),
                            "-o",
                            dir.resolve("x.html").toString())),
                    "iptriage: --ptr, --dnsbl, --cymru and --webservice look addresses up: give the report address lists or logs,"
                            + " not enrich outputs");
        }
        cases.put(List.of("extract", "--ptr", l), "iptriage: Unknown option: '--ptr'");
        int before = world.queryLog().size();
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            Cli.Result r = Cli.run("", c.getKey().toArray(String[]::new));
            assertThat(r.code()).as("%s: %s", c.getKey(), r.err()).isEqualTo(2);
            assertThat(r.out()).as("%s", c.getKey()).isEmpty();
            assertThat(r.err()).as("%s", c.getKey()).contains(c.getValue());
        }
        assertThat(world.queryLog()).hasSize(before);
        assertThat(dir.resolve("x.html")).doesNotExist();
    }

    @Test
    void aBadZonesFileOrDqsKeyIsAnErrorBeforeAnythingIsSent() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad-zones.txt"), "[bl.example.org]\n127.255.255.2 = oops\n");
        int before = world.queryLog().size();
        Cli.Result r = Cli.run(
                PTR_CONFIRMED + "\n", args(world, "enrich", "--dnsbl-zones", bad.toString(), "--dnsbl=bl.example.org"));
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains(bad + ":2:").contains("127.255.255.2");
        Cli.Result missing = Cli.run(
                PTR_CONFIRMED + "\n",
                args(world, "enrich", "--dnsbl-zones", dir.resolve("none.txt").toString(), "--dnsbl"));
        assertThat(missing.code()).as(missing.err()).isEqualTo(3);
        assertThat(missing.err()).contains("none.txt");
        Cli.Result key = Cli.run(
                PTR_CONFIRMED + "\n",
                Map.of(OnlineOptions.DQS_KEY_VARIABLE, "not-a-key"),
                args(world, "enrich", "--dnsbl"));
        assertThat(key.code()).isEqualTo(2);
        assertThat(key.err())
                .contains("IPTRIAGE_DQS_KEY is not a Spamhaus DQS key")
                .doesNotContain("not-a-key");
        assertThat(world.queryLog()).hasSize(before);
    }

    @Test
    void aDqsKeyAsksTheKeysZoneAndNeverShowsTheKey() {
        Cli.Result r = Cli.run(
                LISTED_XBL_PBL + "\n" + NOT_LISTED + "\n",
                Map.of(OnlineOptions.DQS_KEY_VARIABLE, DQS_KEY),
                args(world, "enrich", "-f", "jsonl", "--dnsbl"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("\"dnsbl\":[\"zen.spamhaus.org:XBL\",\"zen.spamhaus.org:PBL-ISP\"],\"dnsbl_status\":\"ok\"");
        assertThat(r.out() + r.err()).doesNotContain(DQS_KEY);
        List<DnsServer.Query> revealing = world.queriesRevealing(LISTED_XBL_PBL);
        assertThat(revealing.stream().map(DnsServer.Query::name))
                .contains(reverseLabels(LISTED_XBL_PBL) + "." + DQS_ZONE);
    }
}
