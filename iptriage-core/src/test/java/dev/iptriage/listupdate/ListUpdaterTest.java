package dev.iptriage.listupdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.dbupdate.FolderLock;
import dev.iptriage.dbupdate.Http;
import dev.iptriage.dbupdate.UpdateException;
import dev.iptriage.lists.ListFolders;
import dev.iptriage.lists.ListFormat;
import dev.iptriage.listupdate.ListUpdater.Outcome;
import dev.iptriage.listupdate.ListUpdater.Status;
import dev.iptriage.testing.StubListServer;
import dev.iptriage.testing.StubListServer.Fault;
import dev.iptriage.testing.TestClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ListUpdater} end to end against a local server publishing the catalogue's paths. */
class ListUpdaterTest {
    static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

    static final String FEODO_V1 = """
            # abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)
            # Last updated: 2026-11-20 11:55:00 UTC
            #
            "first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"
            "2026-11-01 10:00:00","192.0.2.10","443","online","2026-11-20","QakBot"
            "2026-11-02 10:00:00","198.51.100.7","8080","offline","2026-11-19","Pikabot"
            # END 2 entries
            """;
    static final String FEODO_V2 = FEODO_V1.replace("# END 2 entries", "")
            + "\"2026-11-20 12:10:00\",\"203.0.113.5\",\"447\",\"online\",\"2026-11-20\",\"Emotet\"\n# END 3 entries\n";
    static final String DROP_V4 = """
            {"cidr":"192.0.2.0/24","sblid":"SBL000001","rir":"arin"}
            {"type":"metadata","timestamp":1795262400,"size":120,"records":1,"copyright":"(c) 2026 The Spamhaus Project SLU","terms":"https://www.spamhaus.org/drop/terms/"}
            """;
    static final String TOR = "192.0.2.1\n192.0.2.2\n";

    @TempDir
    Path dir;

    private StubListServer stub;
    private final TestClock clock = new TestClock(T0);
    private final List<String> log = new ArrayList<>();
    private long maxBytes = 1 << 20;

    static ListSource source(String name) {
        return ListCatalogue.find(name).orElseThrow();
    }

    static String path(String name) {
        return source(name).url().getPath();
    }

    @BeforeEach
    void start() throws Exception {
        stub = StubListServer.start();
        stub.publish(path("feodo_ipblocklist"), FEODO_V1, "\"f1\"", "Fri, 20 Nov 2026 11:55:00 GMT");
        stub.publish(path("spamhaus_drop_v4"), DROP_V4, "\"d1\"", null);
        stub.publish(path("tor_exit_nodes"), TOR, null, "Fri, 20 Nov 2026 11:40:00 GMT");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private ListUpdater.Options options(boolean force, boolean dryRun) {
        return new ListUpdater.Options(
                dir,
                URI.create(stub.url()),
                force,
                dryRun,
                new Http.Policy(3, Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(20), "test"),
                Duration.ofSeconds(30),
                maxBytes,
                clock,
                null);
    }

    private Outcome update(String name) throws Exception {
        return update(name, false);
    }

    private Outcome update(String name, boolean force) throws Exception {
        List<Outcome> r = ListUpdater.update(List.of(source(name)), options(force, false), log::add);
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    private String read(String file) throws Exception {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void firstDownloadInstallsTheListThenAConditionalRequestGets304() throws Exception {
        Outcome first = update("feodo_ipblocklist");
        assertThat(first.status()).isEqualTo(Status.UPDATED);
        assertThat(first.entries()).isEqualTo(2);
        assertThat(first.date()).isEqualTo("2026-11-20 11:55:00 UTC");
        assertThat(first.detail()).contains("2 entries");
        assertThat(read("feodo_ipblocklist.csv")).isEqualTo(FEODO_V1);
        assertThat(stub.requests(path("feodo_ipblocklist")).get(0).headers())
                .doesNotContainKeys("If-None-Match", "If-Modified-Since");

        clock.advance(Duration.ofMinutes(10));
        Outcome second = update("feodo_ipblocklist");
        assertThat(second.status()).isEqualTo(Status.NOT_MODIFIED);
        List<StubListServer.Request> seen = stub.requests(path("feodo_ipblocklist"));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).headers())
                .containsEntry("If-None-Match", "\"f1\"")
                .containsEntry("If-Modified-Since", "Fri, 20 Nov 2026 11:55:00 GMT");
        assertThat(read("feodo_ipblocklist.csv")).isEqualTo(FEODO_V1);
        assertThat(dir.resolve("feodo_ipblocklist.csv" + ListFolders.PREVIOUS)).doesNotExist();
        // the state, lock and temporary files are hidden from the lists reader
        assertThat(ListFolders.files(dir)).containsExactly(dir.resolve("feodo_ipblocklist.csv"));
        assertThat(Files.readString(dir.resolve(ListState.FILE))).contains("\"checked\" : \"2026-11-20T12:10:00Z\"");
    }

    @Test
    void aNewVersionReplacesTheFileAndKeepsThePreviousCopy() throws Exception {
        update("feodo_ipblocklist");
        stub.publish(path("feodo_ipblocklist"), FEODO_V2, "\"f2\"", "Fri, 20 Nov 2026 12:10:00 GMT");
        clock.advance(Duration.ofMinutes(15));
        Outcome r = update("feodo_ipblocklist");
        assertThat(r.status()).isEqualTo(Status.UPDATED);
        assertThat(r.entries()).isEqualTo(3);
        assertThat(read("feodo_ipblocklist.csv")).isEqualTo(FEODO_V2);
        assertThat(read("feodo_ipblocklist.csv.previous")).isEqualTo(FEODO_V1);
        assertThat(stub.requests(path("feodo_ipblocklist")).get(1).headers()).containsEntry("If-None-Match", "\"f1\"");
    }

    @Test
    void aListAskedAgainWithinItsIntervalIsNotRequested() throws Exception {
        update("feodo_ipblocklist");
        clock.advance(Duration.ofMinutes(2));
        Outcome r = update("feodo_ipblocklist");
        assertThat(r.status()).isEqualTo(Status.SKIPPED);
        assertThat(r.detail()).isEqualTo("polled 2m ago, next allowed at 2026-11-20T12:05:00Z");
        assertThat(r.nextAllowed()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(stub.requests(path("feodo_ipblocklist"))).hasSize(1);

        clock.advance(Duration.ofMinutes(3));
        assertThat(update("feodo_ipblocklist").status()).isEqualTo(Status.NOT_MODIFIED);
        assertThat(stub.requests(path("feodo_ipblocklist"))).hasSize(2);
    }

    @Test
    void forceSkipsTheNormalIntervalButNeverThePublishersLimit() throws Exception {
        update("spamhaus_drop_v4");
        clock.advance(Duration.ofMinutes(30));
        Outcome drop = update("spamhaus_drop_v4", true);
        assertThat(drop.status()).isEqualTo(Status.SKIPPED);
        assertThat(drop.detail())
                .isEqualTo("polled 30m ago, next allowed at 2026-11-20T13:00:00Z (--force does not go below its hard"
                        + " limit, 1h00m)");
        assertThat(stub.requests(path("spamhaus_drop_v4"))).hasSize(1);

        update("tor_exit_nodes"); // at 12:30
        clock.advance(Duration.ofMinutes(5));
        assertThat(update("tor_exit_nodes").status()).isEqualTo(Status.SKIPPED);
        assertThat(update("tor_exit_nodes", true).status()).isEqualTo(Status.NOT_MODIFIED);
        assertThat(stub.requests(path("tor_exit_nodes"))).hasSize(2);
        assertThat(stub.requests(path("tor_exit_nodes")).get(1).headers())
                .containsEntry("If-Modified-Since", "Fri, 20 Nov 2026 11:40:00 GMT")
                .doesNotContainKey("If-None-Match");
    }

    @Test
    void aFailedRequestAlsoCountsAgainstThePollingLimit() throws Exception {
        stub.fail(path("spamhaus_drop_v4"), Fault.status(403));
        assertThat(update("spamhaus_drop_v4").status()).isEqualTo(Status.FAILED);
        clock.advance(Duration.ofMinutes(10));
        assertThat(update("spamhaus_drop_v4", true).status()).isEqualTo(Status.SKIPPED);
        assertThat(stub.requests(path("spamhaus_drop_v4"))).hasSize(1);
    }

    @Test
    void tooManyRequestsWithAShortRetryAfterIsWaitedFor() throws Exception {
        stub.fail(path("tor_exit_nodes"), Fault.tooMany(1));
        Outcome r = update("tor_exit_nodes");
        assertThat(r.status()).isEqualTo(Status.UPDATED);
        assertThat(stub.requests(path("tor_exit_nodes"))).hasSize(2);
        assertThat(read("tor_exit_nodes.txt")).isEqualTo(TOR);
    }

    @Test
    void aLongRetryAfterFailsAtOnce() throws Exception {
        stub.fail(path("tor_exit_nodes"), Fault.tooMany(3600));
        Outcome r = update("tor_exit_nodes");
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail()).contains("HTTP 429", "in 3600 s").doesNotContain("license", "per day");
        assertThat(stub.requests(path("tor_exit_nodes"))).hasSize(1);
    }

    @Test
    void aPersistentServerErrorIsAnErrorAndKeepsTheOldFile() throws Exception {
        update("feodo_ipblocklist");
        stub.publish(path("feodo_ipblocklist"), FEODO_V2, "\"f2\"", null);
        stub.fail(path("feodo_ipblocklist"), Fault.status(500), Fault.status(500), Fault.status(500));
        clock.advance(Duration.ofHours(1));
        Outcome r = update("feodo_ipblocklist");
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail()).isEqualTo("HTTP 500 (after 3 attempts); the current file is kept");
        assertThat(read("feodo_ipblocklist.csv")).isEqualTo(FEODO_V1);
        assertThat(dir.resolve("feodo_ipblocklist.csv.previous")).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void anHtmlPageOrABodyThatIsNotAListReplacesNothing() throws Exception {
        update("tor_exit_nodes");
        stub.fail(
                path("tor_exit_nodes"),
                Fault.body("<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n"),
                Fault.body("Service temporarily unavailable\nplease come back later\n"));
        clock.advance(Duration.ofHours(1));
        Outcome html = update("tor_exit_nodes");
        assertThat(html.status()).isEqualTo(Status.FAILED);
        assertThat(html.detail()).contains("HTML", "the current file is kept");
        clock.advance(Duration.ofHours(1));
        Outcome text = update("tor_exit_nodes");
        assertThat(text.status()).isEqualTo(Status.FAILED);
        assertThat(text.detail()).contains("not a list", "tor_exit_nodes.txt (download):1:");
        assertThat(read("tor_exit_nodes.txt")).isEqualTo(TOR);
        assertThat(dir.resolve("tor_exit_nodes.txt.previous")).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void plainTextAtAJsonListsAddressIsRefusedAndTheOldFileKept() throws Exception {
        update("spamhaus_drop_v4");
        stub.fail(path("spamhaus_drop_v4"), Fault.body("192.0.2.1\n198.51.100.0/24\n"));
        clock.advance(Duration.ofHours(2));
        Outcome r = update("spamhaus_drop_v4");
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail())
                .contains("reads as a 'plain' list, expected 'spamhaus-drop-jsonl'", "the current file is kept");
        assertThat(read("spamhaus_drop_v4.json")).isEqualTo(DROP_V4);
        assertNoTemporaryFiles();
    }

    /** One small file of each format the catalogue's lists come in. */
    static final Map<ListFormat, String> SAMPLES = Map.of(
            ListFormat.FEODO_CSV,
            FEODO_V1,
            ListFormat.SPAMHAUS_DROP_JSONL,
            DROP_V4,
            ListFormat.PLAIN,
            TOR,
            ListFormat.FIREHOL_NETSET,
            "#\n# firehol_level1\n#\n# ipv4 hash:net ipset\n#\n192.0.2.0/24\n",
            ListFormat.MISP_WARNINGLIST,
            "{\"name\":\"List of known Censys scanners\",\"type\":\"cidr\",\"version\":1,"
                    + "\"description\":\"x\",\"list\":[\"192.0.2.0/24\"]}\n",
            ListFormat.OPENFILTERS_CIDR,
            "# User-Agent: scanner\n# PTR: scan.example\n192.0.2.0/24\n");

    @Test
    void everyCatalogueListAcceptsItsOwnFormatsAndRefusesTheOthers() throws Exception {
        for (ListSource s : ListCatalogue.all()) {
            for (Map.Entry<ListFormat, String> sample : SAMPLES.entrySet()) {
                String body = sample.getValue();
                assertThat(dev.iptriage.lists.ListReader.read(
                                        new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                                        "sample",
                                        "sample")
                                .format())
                        .as("the sample is of its format")
                        .isEqualTo(sample.getKey());
                stub.publish(s.url().getPath(), body, null, null);
                clock.advance(Duration.ofDays(1));
                List<Outcome> r = ListUpdater.update(List.of(s), options(false, false), log::add);
                boolean expected = s.formats().contains(sample.getKey());
                assertThat(r.get(0).status())
                        .as(s.file() + " served as " + sample.getKey() + ": "
                                + r.get(0).detail())
                        .isEqualTo(expected ? Status.UPDATED : Status.FAILED);
                if (!expected) {
                    assertThat(r.get(0).detail())
                            .contains("reads as a '" + sample.getKey().id() + "' list");
                }
            }
        }
        assertThat(source("spamhaus_drop_v4").formats()).containsExactly(ListFormat.SPAMHAUS_DROP_JSONL);
        assertThat(source("feodo_ipblocklist").formats()).containsExactly(ListFormat.FEODO_CSV);
        assertThat(source("misp_public-dns-v4").formats()).containsExactly(ListFormat.MISP_WARNINGLIST);
        assertThat(source("firehol_level1").formats()).containsExactly(ListFormat.FIREHOL_NETSET);
    }

    @Test
    void aBodyOverTheSizeCapIsRefused() throws Exception {
        maxBytes = 100;
        Outcome r = update("feodo_ipblocklist");
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail()).contains("larger than the 100-byte limit");
        assertThat(dir.resolve("feodo_ipblocklist.csv")).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void aResponseCutShortIsRetriedThenAnError() throws Exception {
        update("feodo_ipblocklist");
        stub.publish(path("feodo_ipblocklist"), FEODO_V2, "\"f2\"", null);
        stub.fail(path("feodo_ipblocklist"), Fault.cutShort(), Fault.cutShort(), Fault.cutShort());
        clock.advance(Duration.ofHours(1));
        Outcome r = update("feodo_ipblocklist");
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail()).contains("after 3 attempts");
        assertThat(read("feodo_ipblocklist.csv")).isEqualTo(FEODO_V1);
        assertNoTemporaryFiles();

        stub.fail(path("feodo_ipblocklist"), Fault.cutShort());
        clock.advance(Duration.ofHours(1));
        assertThat(update("feodo_ipblocklist").status()).isEqualTo(Status.UPDATED);
        assertThat(read("feodo_ipblocklist.csv")).isEqualTo(FEODO_V2);
    }

    @Test
    void aDryRunRequestsAndWritesNothing() throws Exception {
        List<Outcome> r = ListUpdater.update(
                List.of(source("feodo_ipblocklist"), source("tor_exit_nodes")), options(false, true), log::add);
        assertThat(r).extracting(Outcome::status).containsOnly(Status.WOULD_REQUEST);
        assertThat(r.get(0).detail()).isEqualTo(stub.url() + path("feodo_ipblocklist"));
        assertThat(stub.requests()).isEmpty();
        try (var s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    @SuppressWarnings("try") // the lock is held, not used
    void aRunWaitsForTheFolderLockThenFails() throws Exception {
        Files.createDirectories(dir);
        ListUpdater.Options o = options(false, false);
        ListUpdater.Options quick = new ListUpdater.Options(
                o.directory(), o.mirror(), false, false, o.http(), Duration.ofMillis(200), maxBytes, clock, null);
        try (FolderLock held = FolderLock.acquire(dir.resolve(ListUpdater.LOCK), Duration.ZERO)) {
            assertThatThrownBy(() -> ListUpdater.update(List.of(source("tor_exit_nodes")), quick, log::add))
                    .isInstanceOfSatisfying(
                            UpdateException.class, e -> assertThat(e.kind()).isEqualTo(UpdateException.Kind.LOCKED));
        }
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aMirrorMustBeHttpsOrThisMachine() {
        ListUpdater.Options o = options(false, false);
        ListUpdater.Options remote = new ListUpdater.Options(
                dir, URI.create("http://mirror.example"), false, false, o.http(), o.lockWait(), maxBytes, clock, null);
        assertThatThrownBy(() -> ListUpdater.update(ListCatalogue.all(), remote, log::add))
                .isInstanceOf(UpdateException.class)
                .hasMessageContaining("must be an https:// URL");
    }

    @Test
    void anUnreadableStateFileFallsBackToTheFilesTimes() throws Exception {
        Files.writeString(dir.resolve(ListState.FILE), "not json");
        Files.writeString(dir.resolve("feodo_ipblocklist.csv"), FEODO_V1);
        Files.setLastModifiedTime(dir.resolve("feodo_ipblocklist.csv"), FileTime.from(T0.minusSeconds(60)));
        Outcome r = update("feodo_ipblocklist");
        assertThat(r.status()).isEqualTo(Status.SKIPPED);
        assertThat(log).anyMatch(m -> m.contains("not a lists state file"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(update("feodo_ipblocklist").status()).isEqualTo(Status.UPDATED);
        assertThat(ListState.read(dir).get("feodo_ipblocklist.csv").etag()).isEqualTo("\"f1\"");
    }

    @Test
    void theCatalogueIsHttpsWithUniqueNamesAndThePublishersLimits() {
        List<ListSource> all = ListCatalogue.all();
        assertThat(all).allSatisfy(s -> {
            assertThat(s.url().getScheme()).isEqualTo("https");
            assertThat(s.hardMinInterval()).isGreaterThanOrEqualTo(ListCatalogue.FLOOR);
            assertThat(s.terms()).isNotBlank();
            assertThat(s.file()).doesNotStartWith(".").doesNotEndWith(ListFolders.PREVIOUS);
        });
        assertThat(all.stream().map(ListSource::name).collect(Collectors.toSet()))
                .hasSize(all.size());
        assertThat(source("spamhaus_drop_v4").hardMinInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(source("spamhaus_drop_v6").hardMinInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(source("feodo_ipblocklist").minInterval()).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
        Set<String> names = all.stream().map(ListSource::name).collect(Collectors.toSet());
        assertThat(names)
                .contains(
                        "feodo_ipblocklist",
                        "spamhaus_drop_v4",
                        "spamhaus_drop_v6",
                        "tor_exit_nodes",
                        "firehol_level1",
                        "et_compromised_ips",
                        "misp_public-dns-v4",
                        "misp_censys-scanning",
                        "openfilters_censys_v4");
        assertThat(source("feodo_ipblocklist").url(URI.create("http://127.0.0.1:8080")))
                .isEqualTo(URI.create("http://127.0.0.1:8080/downloads/ipblocklist.csv"));
    }

    private void assertNoTemporaryFiles() throws Exception {
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
