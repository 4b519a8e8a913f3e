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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same address gets the same {@code ptr}, {@code dnsbl} and {@code cymru} values whatever way
 * it comes in: every {@code --from} mode that carries addresses (list, nginx and auto logs, free
 * text, {@code csv:COLUMN}, the {@code --keep-columns} join), with and without {@code --unique}, in
 * any order and with repeats, agrees with the list mode, which agrees with the world's table; and a
 * {@code --fields} subset agrees with {@code --fields all}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnlineModesCliTest {
    @TempDir
    static Path dir;

    @DnsWorld
    static DnsTestWorld world;

    /** Every address of the world in a random order, with random repeats. */
    static List<String> shuffled(long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(ALL);
        for (int i = 0; i < 25; i++) {
            out.add(ALL.get(r.nextInt(ALL.size())));
        }
        Collections.shuffle(out, r);
        return out;
    }

    static Map<String, List<String>> run(String stdin, List<String> mode, List<String> columns, String ipColumn) {
        List<String> a = new ArrayList<>(List.of(args(world, "enrich", "--ptr", "--dnsbl", "--cymru")));
        a.addAll(mode);
        Cli.Result r = ok(stdin, a.toArray(String[]::new));
        return byIp(csv(r.out()), ipColumn, columns);
    }

    @Test
    void everyModeThatCarriesAddressesGivesTheListModesValues() throws IOException {
        List<String> order = shuffled(14);
        Path list = Files.writeString(dir.resolve("list.txt"), String.join("\n", order) + "\n");
        Map<String, List<String>> baseline = run("", List.of(list.toString()), SOURCES, "ip");
        assertThat(baseline.keySet()).containsExactlyInAnyOrderElementsOf(ALL);
        assertExpected(baseline, SOURCES);

        List<String> logOrder = shuffled(15);
        StringBuilder log = new StringBuilder();
        StringBuilder text = new StringBuilder();
        StringBuilder table = new StringBuilder("when,src_ip,note\n");
        for (int i = 0; i < logOrder.size(); i++) {
            log.append(OnlineSourcesCliTest.nginx(logOrder.get(i), i % 60));
            text.append("line ")
                    .append(i)
                    .append(": seen ")
                    .append(logOrder.get(i))
                    .append(" probing\n");
            table.append(i)
                    .append(',')
                    .append(logOrder.get(i))
                    .append(",n")
                    .append(i)
                    .append('\n');
        }
        table.append("99,not an address,x\n");
        Path access = Files.writeString(dir.resolve("access.log"), log);
        Path notes = Files.writeString(dir.resolve("notes.txt"), text);
        Path fw = Files.writeString(dir.resolve("fw.csv"), table);
        String stdin = String.join("\n", shuffled(16)) + "\n";

        Map<String, List<String>> modes = new LinkedHashMap<>();
        modes.put("list, unique", List.of("--unique", list.toString()));
        modes.put("standard input", List.of("-"));
        modes.put("nginx", List.of("--from", "nginx", access.toString()));
        modes.put("nginx, unique", List.of("--from", "nginx", "--unique", access.toString()));
        modes.put("auto, unique", List.of("--from", "auto", "--unique", access.toString()));
        modes.put("text", List.of("--from", "text", notes.toString()));
        modes.put("csv", List.of("--from", "csv:src_ip", fw.toString()));
        modes.put("csv, unique", List.of("--from", "csv:src_ip", "--unique", fw.toString()));
        modes.put("join", List.of("--from", "csv:src_ip", "--keep-columns", fw.toString()));
        for (Map.Entry<String, List<String>> m : modes.entrySet()) {
            Map<String, List<String>> got = new LinkedHashMap<>(run(stdin, m.getValue(), SOURCES, "ip"));
            if (m.getKey().startsWith("csv")) {
                // the cell with no address is an invalid row with its text, as a list line would be
                assertThat(got.remove("not an address")).as(m.getKey()).isNotNull();
            }
            assertThat(got.keySet())
                    .as("%s: every address, none dropped", m.getKey())
                    .containsExactlyInAnyOrderElementsOf(ALL);
            got.forEach((ip, v) -> assertThat(v).as("%s: %s", m.getKey(), ip).isEqualTo(baseline.get(ip)));
        }
    }

    @Test
    void aSubsetOfTheColumnsAgreesWithAll() throws IOException {
        Path list = Files.writeString(dir.resolve("subset.txt"), String.join("\n", shuffled(17)) + "\n");
        Map<String, List<String>> all = run("", List.of("--fields", "all", list.toString()), SOURCES, "ip");
        assertExpected(all, SOURCES);
        for (String fields : List.of(
                "ip,ptr,ptr_status",
                "ip,fcrdns",
                "ip,dnsbl",
                "ip,dnsbl,dnsbl_status",
                "ip,origin_asn",
                "ip,origin_asn,cymru_status",
                "cymru_status,ip,ptr,dnsbl,origin_prefix,origin_registry",
                "ip,status,ptr,fcrdns,ptr_status,dnsbl,dnsbl_status,origin_asn,origin_prefix,origin_cc,"
                        + "origin_registry,origin_allocated,cymru_status")) {
            List<String> columns = new ArrayList<>(List.of(fields.split(",")));
            columns.remove("ip");
            columns.remove("status");
            for (List<String> extra : List.of(List.<String>of(), List.of("--unique"))) {
                List<String> mode = new ArrayList<>(extra);
                mode.addAll(List.of("--fields", fields, list.toString()));
                List<String> a = new ArrayList<>(List.of(args(world, "enrich", "--ptr", "--dnsbl", "--cymru")));
                a.addAll(mode);
                Cli.Result r = ok("", a.toArray(String[]::new));
                List<Map<String, String>> rows = csv(r.out());
                // a value column never comes without its status column, which says whether it is an answer
                for (Map.Entry<String, List<String>> source : Map.of(
                                "ptr_status", PTR, "dnsbl_status", DNSBL, "cymru_status", CYMRU)
                        .entrySet()) {
                    List<String> chosen =
                            columns.stream().filter(source.getValue()::contains).toList();
                    if (chosen.isEmpty()) {
                        continue;
                    }
                    for (Map<String, String> row : rows) {
                        assertThat(row.get(source.getKey()))
                                .as("%s %s %s", fields, extra, row.get("ip"))
                                .isEqualTo(all.get(row.get("ip")).get(SOURCES.indexOf(source.getKey())));
                    }
                    if (!columns.contains(source.getKey())) {
                        assertThat(r.err()).contains("iptriage: added " + source.getKey() + " after ");
                        List<String> header = new ArrayList<>(rows.getFirst().keySet());
                        assertThat(header.indexOf(source.getKey()))
                                .as(fields)
                                .isEqualTo(header.indexOf(chosen.getLast()) + 1);
                    }
                }
                Map<String, List<String>> got = byIp(rows, "ip", columns);
                assertThat(got.keySet()).as(fields).containsExactlyInAnyOrderElementsOf(ALL);
                got.forEach((ip, v) -> {
                    List<String> want = columns.stream()
                            .map(c -> all.get(ip).get(SOURCES.indexOf(c)))
                            .toList();
                    assertThat(v).as("%s %s %s", fields, extra, ip).isEqualTo(want);
                });
            }
        }
    }

    @Test
    void aSourceWithNoColumnChosenIsNotAsked() {
        String input = String.join("\n", PTR_CONFIRMED, LISTED_SBL, CYMRU_MOAS) + "\n";
        int before = world.queryLog().size();
        Cli.Result r = ok(input, args(world, "enrich", "--ptr", "--dnsbl", "--cymru", "--fields", "ip,ptr,ptr_status"));
        assertThat(r.out())
                .isEqualTo("ip,ptr,ptr_status\n1.2.3.1,host1.fcrdns.test,ok\n1.2.4.1,,nxdomain\n1.2.5.1,,nxdomain\n");
        List<DnsServer.Query> sent =
                world.queryLog().subList(before, world.queryLog().size());
        assertThat(sent).noneMatch(q -> q.name().endsWith("cymru.com"));
        assertThat(sent.stream().filter(q -> q.name().endsWith(ZEN))).allMatch(OnlineCli::probe);
        assertThat(new LinkedHashSet<>(r.err()
                        .lines()
                        .filter(l -> l.contains(" distinct address"))
                        .toList()))
                .singleElement()
                .asString()
                .startsWith("iptriage: ptr: 3 distinct addresses looked up via");
    }
}
