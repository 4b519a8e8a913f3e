package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.listupdate.ListCatalogue;
import dev.iptriage.listupdate.ListSource;
import dev.iptriage.testing.StubListServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lists update} as a user runs it, against a local mirror of the catalogue's paths. */
class ListsUpdateCliTest {
    @TempDir
    Path lists;

    private StubListServer stub;

    /** A small valid file in each list's format. */
    static String content(ListSource s) {
        String n = s.name();
        if (n.startsWith("misp_")) {
            return "{\"name\":\"" + n + "\",\"version\":20261101,\"type\":\"cidr\",\"list\":[\"192.0.2.0/24\"],"
                    + "\"matching_attributes\":[\"ip-src\",\"ip-dst\"]}\n";
        }
        if (n.startsWith("spamhaus_drop")) {
            return "{\"cidr\":\"192.0.2.0/24\",\"sblid\":\"SBL000001\",\"rir\":\"arin\"}\n"
                    + "{\"type\":\"metadata\",\"timestamp\":1795262400,\"size\":60,\"records\":1}\n";
        }
        if (n.startsWith("feodo")) {
            return "# Last updated: 2026-11-20 11:55:00 UTC \u001b[31mred\n"
                    + "\"first_seen_utc\",\"dst_ip\",\"dst_port\",\"c2_status\",\"last_online\",\"malware\"\n"
                    + "\"2026-11-01 10:00:00\",\"192.0.2.10\",\"443\",\"online\",\"2026-11-20\",\"QakBot\"\n"
                    + "# END 1 entries\n";
        }
        if (n.startsWith("firehol")) { // FireHOL's header names the ipset type: the format lists update expects
            return "#\n# " + n + "\n#\n# ipv4 hash:net ipset\n#\n192.0.2.1\n198.51.100.0/24\n";
        }
        return "# a list\n192.0.2.1\n198.51.100.0/24\n";
    }

    @BeforeEach
    void start() throws Exception {
        stub = StubListServer.start();
        for (ListSource s : ListCatalogue.all()) {
            stub.publish(s.url().getPath(), content(s), "\"" + s.name() + "\"", null);
        }
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Cli.Result run(String... args) {
        return Cli.run("", Map.of("IPTRIAGE_LISTS_DIR", lists.toString()), args);
    }

    @Test
    void downloadsEveryListThenRespectsThePollingLimits() throws Exception {
        Cli.Result first = run("lists", "update", "--mirror", stub.url());
        assertThat(first.code()).as(first.err()).isZero();
        List<String> lines = first.out().lines().toList();
        assertThat(lines).hasSize(ListCatalogue.all().size());
        assertThat(lines.get(0))
                .startsWith("feodo_ipblocklist: updated: 1 entry, date 2026-11-20 11:55:00 UTC")
                .doesNotContain("\u001b")
                .endsWith("(" + lists.resolve("feodo_ipblocklist.csv") + ")");
        assertThat(lines).allMatch(l -> l.contains(": updated: "));
        for (ListSource s : ListCatalogue.all()) {
            assertThat(Files.readString(lists.resolve(s.file()))).isEqualTo(content(s));
        }
        assertThat(first.err()).doesNotContain("note:"); // the folder enrich reads by itself

        Cli.Result again = run("lists", "update", "--mirror", stub.url(), "spamhaus_drop_v4", "tor_exit_nodes.txt");
        assertThat(again.code()).isZero();
        assertThat(again.out())
                .isEqualTo("spamhaus_drop_v4: skipped: polled 0s ago, next allowed at "
                        + Cli.NOW.plusSeconds(3600) + " (" + lists.resolve("spamhaus_drop_v4.json") + ")\n"
                        + "tor_exit_nodes: skipped: polled 0s ago, next allowed at " + Cli.NOW.plusSeconds(1800)
                        + " (" + lists.resolve("tor_exit_nodes.txt") + ")\n");
        Cli.Result forced = run("lists", "update", "--mirror", stub.url(), "--force", "spamhaus_drop_v4");
        assertThat(forced.out()).contains("skipped:", "--force does not go below");
        assertThat(stub.requests()).hasSize(ListCatalogue.all().size());
    }

    @Test
    void aNewUserUpdatesTheListsThenEnrichTagsWithNoOtherFlag() throws Exception {
        Cli.Result update = run("lists", "update", "--mirror", stub.url());
        assertThat(update.code()).as(update.err()).isZero();
        String ips = "192.0.2.10\n198.51.100.7\n203.0.113.1\n";
        Cli.Result byFolder = Cli.run(ips, Map.of(), "enrich", "--list", lists.toString(), "--fields", "ip,tags");
        Cli.Result byDefault =
                Cli.run(ips, Map.of("IPTRIAGE_LISTS_DIR", lists.toString()), "enrich", "--fields", "ip,tags");
        assertThat(byDefault.out()).isEqualTo(byFolder.out());
        List<String> rows = byFolder.out().lines().toList();
        assertThat(rows.get(1))
                .startsWith("192.0.2.10,")
                .contains("feodo_ipblocklist", "spamhaus_drop_v4", "misp_public-dns-v4")
                .doesNotContain("openfilters");
        assertThat(rows.get(2))
                .startsWith("198.51.100.7,")
                .contains("tor_exit_nodes", "et_compromised_ips", "openfilters_censys_v4")
                .doesNotContain("feodo");
        assertThat(rows.get(3)).isEqualTo("203.0.113.1,");
        Cli.Result listed = run("lists", "list");
        assertThat(listed.out())
                .contains("feodo_ipblocklist  feodo-csv  1 entry")
                .contains("source https://www.spamhaus.org/drop/drop_v4.json")
                .contains("scanner rules:");
    }

    @Test
    void aFailedListIsExit3AndTheOthersAreStillUpdated() throws Exception {
        stub.fail(
                ListCatalogue.find("et_compromised_ips").orElseThrow().url().getPath(),
                StubListServer.Fault.body("<html><title>\u001b]0;owned\u0007Error</title></html>"));
        Cli.Result r = run("lists", "update", "--mirror", stub.url(), "et_compromised_ips", "firehol_level1");
        assertThat(r.code()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.out())
                .contains("et_compromised_ips: error: the server sent an HTML or XML page")
                .contains("firehol_level1: updated: 2 entries")
                .doesNotContain("\u001b");
        assertThat(lists.resolve("et_compromised_ips.txt")).doesNotExist();
    }

    @Test
    void badNamesAndMirrorsAreUsageErrors() {
        Cli.Result unknown = run("lists", "update", "--mirror", stub.url(), "spamhaus_edrop");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err())
                .contains("unknown list 'spamhaus_edrop'; expected one of: feodo_ipblocklist, spamhaus_drop_v4,");
        Cli.Result remote = run("lists", "update", "--mirror", "http://mirror.example");
        assertThat(remote.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(remote.err()).contains("--mirror: mirror 'http://mirror.example' must be an https:// URL");
        Cli.Result withPath = run("lists", "update", "--mirror", stub.url() + "/lists/");
        assertThat(withPath.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(withPath.err()).contains("cannot have a path");
        assertThat(run("lists").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void dryRunAndAnotherFolder() throws Exception {
        Path other = lists.resolve("elsewhere");
        Cli.Result dry = run("lists", "update", "--mirror", stub.url(), "--dir", other.toString(), "--dry-run");
        assertThat(dry.code()).isZero();
        assertThat(dry.out().lines())
                .allMatch(l -> l.contains(": would request: " + stub.url()))
                .noneMatch(l -> l.contains("would request: would request"));
        assertThat(stub.requests()).isEmpty();
        assertThat(other).doesNotExist();

        Cli.Result real = run("lists", "update", "--mirror", stub.url(), "--dir", other.toString(), "tor_exit_nodes");
        assertThat(real.code()).isZero();
        assertThat(real.err()).contains("note: enrich does not read " + other + " by itself");
        assertThat(other.resolve("tor_exit_nodes.txt")).exists();
    }
}
