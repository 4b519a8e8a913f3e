package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.StubDownloadServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db update} as a user runs it: GeoIP.conf in place, then enrich with no flags. */
class DbUpdateTest {
    private static final Instant BUILT = Instant.parse("2026-11-17T00:00:00Z");

    @TempDir
    Path home;

    private StubDownloadServer stub;

    @BeforeEach
    void start() throws Exception {
        stub = StubDownloadServer.start();
        stub.publish("GeoLite2-City", BUILT);
        stub.publish("GeoLite2-ASN", BUILT);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    /** Runs with the user's default folders searched, as bin/iptriage does. */
    private Cli.Result run(String stdin, Map<String, String> extraEnv, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOME", home.toString());
        Env e = new Env(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                env,
                Terminal.from(env),
                Clock.fixed(BUILT.plusSeconds(3 * 86_400), ZoneOffset.UTC), // no test depends on today's date
                true);
        int code = Main.run(e, args);
        return new Cli.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path conf(String extra) throws Exception {
        Path dir = Files.createDirectories(home.resolve(".config/iptriage"));
        Path conf = dir.resolve("GeoIP.conf");
        Files.writeString(
                conf,
                "AccountID " + StubDownloadServer.ACCOUNT + "\nLicenseKey " + StubDownloadServer.KEY
                        + "\nEditionIDs GeoLite2-City GeoLite2-ASN\nHost " + stub.url() + "\n" + extra);
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        return conf;
    }

    @Test
    void withIptriageDbDirSetTheUpdateGoesWhereEnrichLooks() throws Exception {
        conf("");
        Path dir = Files.createDirectories(home.resolve("team-dbs"));
        Map<String, String> envDir = Map.of("IPTRIAGE_DB_DIR", dir.toString());
        Cli.Result u = run("", envDir, "db", "update", "--backoff-ms", "10");
        assertThat(u.code()).as(u.out() + u.err()).isZero();
        assertThat(u.err()).doesNotContain("note:");
        assertThat(dir.resolve("GeoLite2-City.mmdb")).isRegularFile();
        Cli.Result e = run("8.8.8.8\n", envDir, "enrich", "--fields", "ip,country_iso");
        assertThat(e.out()).isEqualTo("ip,country_iso\n8.8.8.8,US\n");
        Cli.Result elsewhere =
                run("", envDir, "db", "update", "--dir", home.resolve("other").toString());
        assertThat(elsewhere.err()).contains("note: enrich does not look in");
    }

    @Test
    void withTheConfigFilesDbDirTheUpdateGoesWhereEnrichLooks() throws Exception {
        conf("");
        Path dir = Files.createDirectories(home.resolve("geoip"));
        // the config file beside GeoIP.conf (HOME/.config/iptriage/config)
        Files.writeString(home.resolve(".config/iptriage/config"), "db-dir = " + dir + "\n");
        Cli.Result u = run("", Map.of(), "db", "update", "--backoff-ms", "10");
        assertThat(u.code()).as(u.out() + u.err()).isZero();
        assertThat(u.err()).doesNotContain("note:");
        assertThat(dir.resolve("GeoLite2-City.mmdb")).isRegularFile();
        assertThat(home.resolve(".local/share/iptriage/db")).doesNotExist();
        Cli.Result e = run("8.8.8.8\n", Map.of(), "enrich", "--fields", "ip,country_iso");
        assertThat(e.out()).isEqualTo("ip,country_iso\n8.8.8.8,US\n");
        assertThat(e.err()).contains(dir.resolve("GeoLite2-City.mmdb").toString());
        // --no-config: the default folder, as without the file
        Cli.Result plain = run("", Map.of(), "db", "update", "--no-config", "--backoff-ms", "10");
        assertThat(plain.code()).as(plain.out() + plain.err()).isZero();
        assertThat(home.resolve(".local/share/iptriage/db/GeoLite2-City.mmdb")).isRegularFile();
    }

    @Test
    void updateThenEnrichUsesTheNewDatabasesWithNoFlags() throws Exception {
        conf("");
        Cli.Result u = run("", Map.of(), "db", "update", "--backoff-ms", "10");
        assertThat(u.code()).as(u.out() + u.err()).isZero();
        assertThat(u.out()).contains("GeoLite2-City: updated", "GeoLite2-ASN: updated");
        assertThat(u.err()).doesNotContain("warning", "note:");

        Cli.Result e = run("8.8.8.8\n", Map.of(), "enrich", "--fields", "ip,country_iso");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).isEqualTo("ip,country_iso\n8.8.8.8,US\n");
        assertThat(e.err())
                .contains(home.resolve(".local/share/iptriage/db/GeoLite2-City.mmdb")
                        .toString());

        Cli.Result again = run("", Map.of(), "db", "update");
        assertThat(again.out()).contains("GeoLite2-City: unchanged", "GeoLite2-ASN: unchanged");
        assertThat(stub.hits("GeoLite2-City.tar.gz")).isEqualTo(1);
    }

    @Test
    void maxmindAccountIdInTheEnvironmentBeatsTheConfigFileWhichBeatsGeoipConf() throws Exception {
        conf("");
        Files.writeString(home.resolve(".config/iptriage/config"), "[db update]\naccount-id = 999999\n");
        Cli.Result env =
                run("", Map.of("MAXMIND_ACCOUNT_ID", StubDownloadServer.ACCOUNT), "db", "update", "--backoff-ms", "10");
        assertThat(env.code()).as(env.out() + env.err()).isZero();
        assertThat(env.out()).contains("GeoLite2-City: updated");
        // config show says which one is used
        Cli.Result shown =
                run("", Map.of("MAXMIND_ACCOUNT_ID", StubDownloadServer.ACCOUNT), "config", "show", "db", "update");
        assertThat(shown.out())
                .containsPattern(
                        "account-id =\\s+# MAXMIND_ACCOUNT_ID \\(environment; \\S+:2 not used: the environment beats the file\\)")
                .doesNotContain("999999");
        assertThat(run("", Map.of(), "config", "show", "db", "update").out()).contains("account-id = 999999");
        // without the variable, the config file's (wrong) account beats GeoIP.conf's
        Path other = Files.createDirectories(home.resolve("other"));
        Cli.Result file = run("", Map.of(), "db", "update", "--backoff-ms", "10", "--dir", other.toString());
        assertThat(file.code()).as(file.out() + file.err()).isEqualTo(3);
        // and --account-id beats them all
        Cli.Result option = run(
                "",
                Map.of("MAXMIND_ACCOUNT_ID", "888888"),
                "db",
                "update",
                "--backoff-ms",
                "10",
                "--dir",
                other.toString(),
                "--account-id",
                StubDownloadServer.ACCOUNT);
        assertThat(option.code()).as(option.out() + option.err()).isZero();
    }

    @Test
    void aDamagedDatabaseIsDownloadedAgainAndTheOutputSaysWhy() throws Exception {
        conf("");
        assertThat(run("", Map.of(), "db", "update", "--backoff-ms", "10").code())
                .isZero();
        Files.writeString(home.resolve(".local/share/iptriage/db/GeoLite2-City.mmdb"), "garbage\n");
        Cli.Result again = run("", Map.of(), "db", "update", "--backoff-ms", "10");
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out())
                .contains("GeoLite2-City: updated", "GeoLite2-City.mmdb is not the file last installed")
                .contains("GeoLite2-ASN: unchanged")
                .doesNotContain("GeoLite2-City: unchanged");
    }

    @Test
    void badKeyFailsWithExit3AndNeverShowsTheKey() throws Exception {
        conf("");
        String wrong = "tHiS-iS-nOt-ThE-kEy";
        Cli.Result r = run("", Map.of("MAXMIND_LICENSE_KEY", wrong), "db", "update");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("HTTP 401", "check AccountID and LicenseKey");
        assertThat(r.out() + r.err()).doesNotContain(wrong).doesNotContain(StubDownloadServer.KEY);
    }

    @Test
    void worldReadableConfigIsWarnedAbout() throws Exception {
        Path conf = conf("");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result r = run("", Map.of(), "db", "update", "--dry-run");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("readable by every user");
        assertThat(r.out()).contains("GeoLite2-City: would_update");
    }

    @Test
    void checksumMismatchKeepsTheOldFileAndExits3() throws Exception {
        Path db = home.resolve("db");
        conf("DatabaseDirectory " + db + "\n");
        assertThat(run("", Map.of(), "db", "update").code()).isZero();
        byte[] before = Files.readAllBytes(db.resolve("GeoLite2-City.mmdb"));
        stub.publish("GeoLite2-City", BUILT.plusSeconds(86_400));
        stub.wrongChecksum("GeoLite2-City");
        Cli.Result r = run("", Map.of(), "db", "update");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("GeoLite2-City: failed", "SHA-256");
        assertThat(r.err()).contains("enrich does not look in " + db);
        assertThat(Files.readAllBytes(db.resolve("GeoLite2-City.mmdb"))).isEqualTo(before);
    }

    @Test
    void missingAccountIsExplained() {
        Cli.Result r = run("", Map.of(), "db", "update", "--host", stub.url());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("no MaxMind account", "dbip-lite");
    }
}
