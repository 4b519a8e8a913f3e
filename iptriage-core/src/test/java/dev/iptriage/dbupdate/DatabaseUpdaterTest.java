package dev.iptriage.dbupdate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.dbupdate.DatabaseUpdater.Outcome;
import dev.iptriage.dbupdate.DatabaseUpdater.Source;
import dev.iptriage.dbupdate.DatabaseUpdater.Status;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.testing.StubDownloadServer;
import dev.iptriage.testing.StubDownloadServer.Fault;
import dev.iptriage.testing.TestTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DatabaseUpdater} end to end against a local server speaking MaxMind's and DB-IP's protocols. */
class DatabaseUpdaterTest {
    private static final Instant V1 = Instant.parse("2026-11-10T00:00:00Z");
    private static final Instant V2 = Instant.parse("2026-11-17T00:00:00Z");
    private static final List<String> EDITIONS = List.of("GeoLite2-City", "GeoLite2-ASN");
    /** When DB-IP built its October and November 2026 files (the first hours of the month). */
    private static final Instant OCTOBER = Instant.parse("2026-10-01T03:00:00Z");

    private static final Instant NOVEMBER = Instant.parse("2026-11-01T03:00:00Z");

    @TempDir
    Path dir;

    private StubDownloadServer stub;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        stub = StubDownloadServer.start();
        for (String e : EDITIONS) {
            stub.publish(e, V1);
        }
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private UpdateConfig config(String key) {
        return new UpdateConfig(StubDownloadServer.ACCOUNT, key, EDITIONS, dir, stub.url(), null);
    }

    private DatabaseUpdater.Options options(Source source) {
        return new DatabaseUpdater.Options(
                source,
                dir,
                false,
                3,
                Duration.ofMillis(10),
                Duration.ofSeconds(2),
                Duration.ofSeconds(20),
                Duration.ofSeconds(30),
                1 << 20,
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC),
                null);
    }

    private List<Outcome> update() throws Exception {
        return DatabaseUpdater.update(config(StubDownloadServer.KEY), options(Source.MAXMIND), log::add);
    }

    private static Instant built(Path file) throws Exception {
        try (MmdbReader r = MmdbReader.open(file)) {
            return r.metadata().buildEpoch();
        }
    }

    @Test
    void downloadsVerifiesAndInstallsEachEditionThenSkipsUnchangedOnes() throws Exception {
        List<Outcome> first = update();
        assertThat(first).extracting(Outcome::status).containsExactly(Status.UPDATED, Status.UPDATED);
        for (String e : EDITIONS) {
            assertThat(built(dir.resolve(e + ".mmdb"))).isEqualTo(V1);
            assertThat(stub.hits(e + ".tar.gz")).isEqualTo(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(e + ".mmdb"))))
                    .isEqualTo("rw-r--r--");
        }
        assertThat(stub.authorizationOnStorage())
                .as("credentials never follow the redirect")
                .isEmpty();

        List<Outcome> second = update();
        assertThat(second).extracting(Outcome::status).containsExactly(Status.UNCHANGED, Status.UNCHANGED);
        for (String e : EDITIONS) {
            assertThat(stub.hits(e + ".tar.gz")).as("no second download").isEqualTo(1);
            assertThat(stub.hits(e + ".sha256")).isEqualTo(2);
        }
    }

    @Test
    void newVersionReplacesTheFileAndKeepsThePrevious() throws Exception {
        update();
        stub.publish("GeoLite2-City", V2);
        List<Outcome> r = update();
        assertThat(r).extracting(Outcome::status).containsExactly(Status.UPDATED, Status.UNCHANGED);
        assertThat(built(dir.resolve("GeoLite2-City.mmdb"))).isEqualTo(V2);
        assertThat(built(dir.resolve("GeoLite2-City.mmdb.previous"))).isEqualTo(V1);
    }

    @Test
    void dryRunDownloadsNothing() throws Exception {
        List<Outcome> r = DatabaseUpdater.update(
                config(StubDownloadServer.KEY), options(Source.MAXMIND).withDryRun(true), log::add);
        assertThat(r).extracting(Outcome::status).containsOnly(Status.WOULD_UPDATE);
        assertThat(stub.hits("GeoLite2-City.tar.gz")).isZero();
        assertThat(dir.resolve("GeoLite2-City.mmdb")).doesNotExist();
    }

    @Test
    void badKeyFailsEveryEditionClearlyWithoutEchoingTheKey() throws Exception {
        String wrong = "WrOnG-kEy-4567";
        List<Outcome> r = DatabaseUpdater.update(config(wrong), options(Source.MAXMIND), log::add);
        assertThat(r).extracting(Outcome::status).containsOnly(Status.FAILED);
        assertThat(r.get(0).failure()).isEqualTo(UpdateException.Kind.AUTH);
        assertThat(r.get(0).detail()).contains("HTTP 401", "AccountID and LicenseKey");
        String all = r + String.join("\n", log);
        assertThat(all).doesNotContain(wrong).doesNotContain(StubDownloadServer.KEY);
        assertThat(stub.hits("GeoLite2-ASN.sha256"))
                .as("the second edition is not tried")
                .isZero();
    }

    @Test
    void longRetryAfterStopsAtOnceShortOneIsWaitedFor() throws Exception {
        stub.fail("GeoLite2-City.sha256", Fault.tooMany(3600));
        List<Outcome> r = update();
        assertThat(r.get(0).failure()).isEqualTo(UpdateException.Kind.RATE_LIMITED);
        assertThat(r.get(0).detail()).contains("HTTP 429", "3600");
        assertThat(r.get(1).status()).isEqualTo(Status.FAILED);
        assertThat(stub.hits("GeoLite2-City.sha256")).isEqualTo(1);

        stub.fail("GeoLite2-City.sha256", Fault.tooMany(1));
        assertThat(update()).extracting(Outcome::status).containsOnly(Status.UPDATED);
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() throws Exception {
        stub.fail("GeoLite2-City.tar.gz", Fault.status(503), Fault.status(502));
        List<Outcome> r = update();
        assertThat(r).extracting(Outcome::status).containsOnly(Status.UPDATED);
        assertThat(stub.hits("GeoLite2-City.tar.gz")).isEqualTo(3);
    }

    @Test
    void persistentServerErrorFailsAfterTheAttempts() throws Exception {
        stub.fail("GeoLite2-ASN.sha256", Fault.status(500), Fault.status(500), Fault.status(500));
        List<Outcome> r = update();
        assertThat(r.get(0).status()).isEqualTo(Status.UPDATED);
        assertThat(r.get(1).detail()).contains("HTTP 500", "after 3 attempts");
    }

    @Test
    void cutShortDownloadKeepsTheOldDatabase() throws Exception {
        update();
        byte[] before = Files.readAllBytes(dir.resolve("GeoLite2-City.mmdb"));
        stub.publish("GeoLite2-City", V2);
        stub.fail("GeoLite2-City.tar.gz.storage", Fault.cutShort());
        List<Outcome> r = update();
        assertThat(r.get(0).failure()).isEqualTo(UpdateException.Kind.CHECKSUM);
        assertThat(r.get(0).detail()).contains("cut short");
        assertThat(Files.readAllBytes(dir.resolve("GeoLite2-City.mmdb"))).isEqualTo(before);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void stalledDownloadTimesOutAndKeepsTheOldDatabase() throws Exception {
        update();
        byte[] before = Files.readAllBytes(dir.resolve("GeoLite2-City.mmdb"));
        stub.publish("GeoLite2-City", V2);
        stub.fail("GeoLite2-City.tar.gz.storage", Fault.stall(10_000), Fault.stall(10_000), Fault.stall(10_000));
        DatabaseUpdater.Options o = options(Source.MAXMIND);
        o = new DatabaseUpdater.Options(
                o.source(),
                o.directory(),
                false,
                o.attempts(),
                o.backoff(),
                o.maxRetryAfter(),
                Duration.ofSeconds(1),
                o.lockWait(),
                o.maxBytes(),
                o.clock(),
                null);
        long start = System.nanoTime();
        List<Outcome> r = DatabaseUpdater.update(config(StubDownloadServer.KEY), o, log::add);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(r.get(0).failure()).as(r.toString()).isEqualTo(UpdateException.Kind.NETWORK);
        assertThat(seconds)
                .as("gave up long before the server would have closed")
                .isLessThan(25);
        assertThat(Files.readAllBytes(dir.resolve("GeoLite2-City.mmdb"))).isEqualTo(before);
    }

    @Test
    void checksumMismatchKeepsTheOldDatabase() throws Exception {
        update();
        byte[] before = Files.readAllBytes(dir.resolve("GeoLite2-City.mmdb"));
        stub.publish("GeoLite2-City", V2);
        stub.wrongChecksum("GeoLite2-City");
        List<Outcome> r = update();
        assertThat(r.get(0).failure()).isEqualTo(UpdateException.Kind.CHECKSUM);
        assertThat(r.get(0).detail()).contains("SHA-256", "current database is kept");
        assertThat(Files.readAllBytes(dir.resolve("GeoLite2-City.mmdb"))).isEqualTo(before);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void hostileArchiveIsRefusedAndWritesNothingOutside() throws Exception {
        byte[] db = StubDownloadServer.mmdb("GeoLite2-City", V1);
        stub.publishRaw("GeoLite2-City", Map.of("../../GeoLite2-City.mmdb", db, "x/../GeoLite2-City.mmdb", db));
        List<Outcome> r = update();
        assertThat(r.get(0).failure()).isEqualTo(UpdateException.Kind.CORRUPT);
        assertThat(r.get(0).detail()).contains("no GeoLite2-City.mmdb");
        assertThat(dir.getParent().resolve("GeoLite2-City.mmdb")).doesNotExist();
        assertThat(dir.resolve("GeoLite2-City.mmdb")).doesNotExist();
    }

    @Test
    void archiveWithAnotherDatabaseTypeIsRefused() throws Exception {
        stub.publishRaw(
                "GeoLite2-City", Map.of("GeoLite2-City_1/GeoLite2-City.mmdb", StubDownloadServer.mmdb("Other", V1)));
        List<Outcome> r = update();
        assertThat(r.get(0).detail()).contains("holds a 'Other' database");
    }

    @Test
    void twoConcurrentUpdatesSerialiseOnTheLock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<List<Outcome>> job =
                    () -> DatabaseUpdater.update(config(StubDownloadServer.KEY), options(Source.MAXMIND), m -> {});
            Future<List<Outcome>> a = pool.submit(job);
            Future<List<Outcome>> b = pool.submit(job);
            List<Status> statuses = new ArrayList<>();
            statuses.addAll(a.get().stream().map(Outcome::status).toList());
            statuses.addAll(b.get().stream().map(Outcome::status).toList());
            assertThat(statuses)
                    .containsExactlyInAnyOrder(Status.UPDATED, Status.UPDATED, Status.UNCHANGED, Status.UNCHANGED);
        } finally {
            pool.shutdownNow();
        }
        for (String e : EDITIONS) {
            assertThat(stub.hits(e + ".tar.gz")).isEqualTo(1);
            assertThat(built(dir.resolve(e + ".mmdb"))).isEqualTo(V1);
        }
    }

    @Test
    void dbIpLiteFallsBackToLastMonthAndRecordsTheAttribution() throws Exception {
        stub.publishDbIp("dbip-city-lite", "2026-10", OCTOBER);
        UpdateConfig cfg = new UpdateConfig(null, null, List.of("dbip-city-lite"), dir, stub.url(), null);
        List<Outcome> r = DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        assertThat(r.get(0).status()).as(r.toString()).isEqualTo(Status.UPDATED);
        assertThat(r.get(0).detail()).contains("2026-10", "CC BY 4.0");
        assertThat(stub.hits("/free/dbip-city-lite-2026-11.mmdb.gz")).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("dbip-city-lite.mmdb.LICENSE.txt"), StandardCharsets.UTF_8))
                .contains("DB-IP", "CC BY 4.0");
        assertThat(built(dir.resolve("dbip-city-lite.mmdb"))).isEqualTo(OCTOBER);
        assertThat(dev.iptriage.databases.Database.open(dir.resolve("dbip-city-lite.mmdb"))
                        .attribution())
                .hasValueSatisfying(a -> assertThat(a).contains("IP Geolocation by DB-IP", "CC BY 4.0"));

        stub.publishDbIp("dbip-city-lite", "2026-11", NOVEMBER);
        DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        assertThat(built(dir.resolve("dbip-city-lite.mmdb"))).isEqualTo(NOVEMBER);
        List<Outcome> again = DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        assertThat(again.get(0).status()).isEqualTo(Status.UNCHANGED);
        assertThat(stub.hits("/free/dbip-city-lite-2026-11.mmdb.gz")).isEqualTo(2);
    }

    @Test
    void dbIpRefusalDoesNotBlameAMaxMindLicenseKeyItNeverUsed() throws Exception {
        stub.publishDbIp("dbip-city-lite", "2026-11", NOVEMBER);
        stub.fail("/free/dbip-city-lite-2026-11.mmdb.gz", Fault.status(403));
        UpdateConfig cfg = new UpdateConfig(null, null, List.of("dbip-city-lite"), dir, stub.url(), null);
        List<Outcome> r = DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        assertThat(r.get(0).status()).isEqualTo(Status.FAILED);
        assertThat(r.get(0).detail()).contains("refused (HTTP 403)").doesNotContain("LicenseKey", "license key");
    }

    @Test
    void dbIpLastMonthAlreadyInstalledIsNotDownloadedAgain() throws Exception {
        stub.publishDbIp("dbip-city-lite", "2026-10", OCTOBER);
        UpdateConfig cfg = new UpdateConfig(null, null, List.of("dbip-city-lite"), dir, stub.url(), null);
        DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        List<Outcome> again = DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        assertThat(again.get(0).status()).as(again.toString()).isEqualTo(Status.UNCHANGED);
        assertThat(stub.hits("/free/dbip-city-lite-2026-10.mmdb.gz")).isEqualTo(1);
        assertThat(built(dir.resolve("dbip-city-lite.mmdb"))).isEqualTo(OCTOBER);
    }

    @Test
    void aDamagedInstalledFileIsDownloadedAgainNotCalledUpToDate() throws Exception {
        update();
        Path city = dir.resolve("GeoLite2-City.mmdb");
        Files.writeString(city, "garbage\n", StandardCharsets.UTF_8);
        List<Outcome> r = update();
        assertThat(r).extracting(Outcome::status).containsExactly(Status.UPDATED, Status.UNCHANGED);
        assertThat(r.get(0).detail()).contains("GeoLite2-City.mmdb is not the file last installed", "damaged");
        assertThat(log).anyMatch(l -> l.contains("downloading GeoLite2-City again"));
        assertThat(stub.hits("GeoLite2-City.tar.gz")).isEqualTo(2);
        assertThat(stub.hits("GeoLite2-ASN.tar.gz"))
                .as("the intact edition is not fetched")
                .isEqualTo(1);
        assertThat(built(city)).isEqualTo(V1);
        assertThat(update()).extracting(Outcome::status).containsOnly(Status.UNCHANGED);
    }

    @Test
    void aPreviousFileRenamedBackIsReplacedByTheCurrentVersion() throws Exception {
        update();
        stub.publish("GeoLite2-City", V2);
        update();
        Path city = dir.resolve("GeoLite2-City.mmdb");
        Files.move(dir.resolve("GeoLite2-City.mmdb.previous"), city, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(built(city)).isEqualTo(V1);

        List<Outcome> dry = DatabaseUpdater.update(
                config(StubDownloadServer.KEY), options(Source.MAXMIND).withDryRun(true), log::add);
        assertThat(dry.get(0).status()).isEqualTo(Status.WOULD_UPDATE);
        assertThat(dry.get(0).detail()).contains("not the file last installed");

        List<Outcome> r = update();
        assertThat(r.get(0).status()).as(r.toString()).isEqualTo(Status.UPDATED);
        assertThat(built(city)).isEqualTo(V2);
    }

    @Test
    void aStateWithoutTheFilesChecksumDownloadsOnceMore() throws Exception {
        update();
        // a state written before the installed file's SHA-256 was recorded: the published checksum alone
        Path state = dir.resolve(".iptriage-update").resolve("GeoLite2-City.state");
        Files.writeString(state, Files.readAllLines(state).get(0) + "\n", StandardCharsets.UTF_8);
        assertThat(update().get(0).status()).isEqualTo(Status.UPDATED);
        assertThat(update().get(0).status()).isEqualTo(Status.UNCHANGED);
    }

    @Test
    void dbIpDamagedFileOfTheCurrentMonthIsDownloadedAgain() throws Exception {
        stub.publishDbIp("dbip-city-lite", "2026-11", NOVEMBER);
        UpdateConfig cfg = new UpdateConfig(null, null, List.of("dbip-city-lite"), dir, stub.url(), null);
        DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        Files.write(dir.resolve("dbip-city-lite.mmdb"), new byte[] {1, 2, 3});
        List<Outcome> r = DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        assertThat(r.get(0).status()).as(r.toString()).isEqualTo(Status.UPDATED);
        assertThat(r.get(0).detail()).contains("not the file last installed");
        assertThat(built(dir.resolve("dbip-city-lite.mmdb"))).isEqualTo(NOVEMBER);
    }

    @Test
    void dbIpDownloadOfAnotherDatabaseTypeIsRefused() throws Exception {
        stub.publishDbIp("dbip-city-lite", "2026-11", "GeoLite2-ASN", NOVEMBER);
        UpdateConfig cfg = new UpdateConfig(null, null, List.of("dbip-city-lite"), dir, stub.url(), null);
        List<Outcome> r = DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        assertThat(r.get(0).status()).isEqualTo(Status.FAILED);
        assertThat(r.get(0).failure()).isEqualTo(UpdateException.Kind.CORRUPT);
        assertThat(r.get(0).detail()).contains("holds a 'GeoLite2-ASN' database, expected 'DBIP-City-Lite'");
        assertThat(dir.resolve("dbip-city-lite.mmdb")).doesNotExist();
        assertThat(dir.resolve("dbip-city-lite.mmdb.LICENSE.txt")).doesNotExist();
    }

    @Test
    void dbIpEditionsAcceptTheTypesDbIpWrites() throws Exception {
        stub.publishDbIp("dbip-asn-lite", "2026-11", NOVEMBER); // DBIP-ASN-Lite (compat=GeoLite2-ASN)
        stub.publishDbIp("dbip-country-lite", "2026-11", NOVEMBER);
        UpdateConfig cfg =
                new UpdateConfig(null, null, List.of("dbip-asn-lite", "dbip-country-lite"), dir, stub.url(), null);
        List<Outcome> r = DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        assertThat(r).extracting(Outcome::status).as(r.toString()).containsOnly(Status.UPDATED);
    }

    @Test
    void dbIpFileBuiltFarFromItsMonthIsRefused() throws Exception {
        stub.publishDbIp("dbip-city-lite", "2026-11", "DBIP-City-Lite", Instant.parse("2025-03-01T00:00:00Z"));
        UpdateConfig cfg = new UpdateConfig(null, null, List.of("dbip-city-lite"), dir, stub.url(), null);
        List<Outcome> r = DatabaseUpdater.update(cfg, options(Source.DBIP_LITE), log::add);
        assertThat(r.get(0).status()).isEqualTo(Status.FAILED);
        assertThat(r.get(0).detail())
                .contains("built on 2025-03-01, not for 2026-11", "between 2026-10-17 and 2026-11-30");
        assertThat(dir.resolve("dbip-city-lite.mmdb")).doesNotExist();
    }

    @Test
    void dbIpMonthWindowHoldsExactlyTheDaysAroundTheMonth() throws Exception {
        java.time.YearMonth m = java.time.YearMonth.of(2026, 3);
        Installer.MetadataCheck check = DbIpEdition.check("dbip-city-lite", m);
        java.time.LocalDate first = java.time.LocalDate.of(2026, 1, 1);
        for (int d = 0; d < 150; d++) {
            java.time.LocalDate day = first.plusDays(d);
            Instant at = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
            boolean expected = !day.isBefore(m.atDay(1).minusDays(DbIpEdition.EARLY_DAYS))
                    && java.time.YearMonth.from(day).compareTo(m) <= 0;
            dev.iptriage.mmdb.Metadata md = metadata("DBIP-City-Lite", at);
            boolean accepted;
            try {
                check.check(md);
                accepted = true;
            } catch (UpdateException e) {
                accepted = false;
            }
            assertThat(accepted).as(day.toString()).isEqualTo(expected);
        }
    }

    @Test
    void dbIpTypesOfTheEditionsKindPassAndOtherKindsAreRefused() throws Exception {
        java.time.YearMonth m = java.time.YearMonth.of(2026, 3);
        Instant at = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Installer.MetadataCheck city = DbIpEdition.check("dbip-city-lite", m);
        Installer.MetadataCheck asn = DbIpEdition.check("dbip-asn-lite", m);
        // DB-IP's spellings and variants of the same kind (a tail, another case, without -Lite)
        for (String ok : List.of("DBIP-City-Lite", "dbip-city-lite", "DBIP-City", "DBIP-City-Lite (compat=City)")) {
            city.check(metadata(ok, at));
        }
        asn.check(metadata("DBIP-ASN-Lite (compat=GeoLite2-ASN)", at));
        for (String bad :
                List.of("DBIP-Country-Lite", "DBIP-ASN-Lite (compat=GeoLite2-ASN)", "GeoLite2-City", "DBIP-Cityx")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> city.check(metadata(bad, at))))
                    .as(bad)
                    .isInstanceOf(UpdateException.class)
                    .hasMessageContaining("expected 'DBIP-City-Lite'");
        }
    }

    private static dev.iptriage.mmdb.Metadata metadata(String type, Instant built) throws Exception {
        Path f = Files.createTempFile("dbip", ".mmdb");
        try {
            Files.write(f, StubDownloadServer.mmdb(type, built));
            try (MmdbReader r = MmdbReader.open(f)) {
                return r.metadata();
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void overHttpsWithTheServersCertificateTrusted(@TempDir Path tmp) throws Exception {
        TestTls tls = TestTls.create(tmp);
        try (StubDownloadServer https = StubDownloadServer.startHttps(tls.server())) {
            https.publish("GeoLite2-City", V2);
            UpdateConfig cfg = new UpdateConfig(
                    StubDownloadServer.ACCOUNT,
                    StubDownloadServer.KEY,
                    List.of("GeoLite2-City"),
                    dir,
                    https.url(),
                    null);
            assertThat(https.url()).startsWith("https://");
            List<Outcome> r =
                    DatabaseUpdater.update(cfg, options(Source.MAXMIND).withTls(tls.client()), log::add);
            assertThat(r.get(0).status()).as(r.toString()).isEqualTo(Status.UPDATED);
            assertThat(built(dir.resolve("GeoLite2-City.mmdb"))).isEqualTo(V2);
            assertThat(https.authorizationOnStorage()).isEmpty();

            // without trusting that certificate the connection is refused, and nothing changes
            https.publish("GeoLite2-City", V1);
            List<Outcome> untrusted = DatabaseUpdater.update(cfg, options(Source.MAXMIND), log::add);
            assertThat(untrusted.get(0).failure()).isEqualTo(UpdateException.Kind.NETWORK);
            assertThat(built(dir.resolve("GeoLite2-City.mmdb"))).isEqualTo(V2);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "http://example.com | must use HTTPS",
                "ftp://127.0.0.1 | must use HTTPS",
                "https://exa mple.com | is not a host name or URL",
                "https:// | is not a host name or URL"
            })
    void unusableHostsAreRefused(String host, String message) {
        UpdateConfig cfg = new UpdateConfig("1", "k", EDITIONS, dir, host, null);
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(
                        UpdateException.class, () -> DatabaseUpdater.update(cfg, options(Source.MAXMIND), log::add)))
                .hasMessageContaining(message);
    }

    @Test
    void geoipConfIsParsed(@TempDir Path tmp) throws Exception {
        Path conf = tmp.resolve("GeoIP.conf");
        Files.writeString(conf, """
                # GeoIP.conf
                AccountID 123456
                LicenseKey abcDEF
                EditionIDs GeoLite2-ASN GeoLite2-City   GeoLite2-Country
                DatabaseDirectory /srv/geoip
                Host updates.example.com
                LockFile geoipupdate.lock
                """);
        UpdateConfig c = UpdateConfig.parse(conf);
        assertThat(c.accountId()).isEqualTo("123456");
        assertThat(c.editions()).containsExactly("GeoLite2-ASN", "GeoLite2-City", "GeoLite2-Country");
        assertThat(c.databaseDirectory()).isEqualTo(Path.of("/srv/geoip"));
        assertThat(c.host()).isEqualTo("updates.example.com");
        assertThat(c.toString()).doesNotContain("abcDEF");
        Files.writeString(conf, "EditionIDs ../../etc/passwd\n");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> UpdateConfig.parse(conf)))
                .hasMessageContaining("not valid");
    }

    @Test
    void geoipConfSavedByAWindowsEditorIsParsed(@TempDir Path tmp) throws Exception {
        // Notepad's "UTF-8 with BOM" and "Unicode" (UTF-16LE with a byte order mark), CRLF
        String text = "AccountID 123456\r\nLicenseKey abcDEF\r\n";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
        Path conf = tmp.resolve("GeoIP.conf");
        for (byte[] b : List.of(
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8),
                concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, utf16))) {
            Files.write(conf, b);
            UpdateConfig c = UpdateConfig.parse(conf);
            assertThat(c.accountId()).isEqualTo("123456");
            assertThat(c.licenseKey()).isEqualTo("abcDEF");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private List<Path> leftovers() throws Exception {
        try (var s = Files.list(dir.resolve(DatabaseUpdater.STATE_DIR))) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".state")
                            && !p.getFileName().toString().equals("lock"))
                    .toList();
        }
    }
}
