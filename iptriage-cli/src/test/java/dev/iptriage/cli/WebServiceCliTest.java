package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.MaxMindStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --webservice} as a user runs it, against a local HTTPS stub of MaxMind's web services. */
class WebServiceCliTest {
    @TempDir
    Path dir;

    private MaxMindStub stub;
    private Path city;
    private Path asn;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        stub = MaxMindStub.start(MaxMindStub.Options.defaults().withLatency(1, 5));
        city = Fixtures.city(dir);
        asn = Fixtures.asn(dir);
        Path config = dir.resolve("config");
        Path conf = config.resolve("iptriage").resolve("GeoIP.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(
                conf,
                "# MaxMind account\nAccountID " + MaxMindStub.ACCOUNT + "\nLicenseKey " + MaxMindStub.KEY
                        + "\nEditionIDs GeoLite2-City\n");
        if (conf.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        }
        env = Map.of(
                "XDG_CONFIG_HOME",
                config.toString(),
                "XDG_CACHE_HOME",
                dir.resolve("cache").toString());
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    private List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of(
                "enrich",
                "--db",
                city.toString(),
                "--db",
                asn.toString(),
                "--webservice-host",
                stub.baseUrl(),
                "--webservice-ca",
                stub.caPem().toString(),
                "--webservice-backoff-ms",
                "5"));
        a.addAll(List.of(more));
        return a;
    }

    private static final String FAIL2BAN = String.join(
            "\n",
            "2026-11-20 10:00:01,101 fail2ban.actions        [811]: NOTICE  [sshd] Ban 8.8.8.8",
            "2026-11-20 10:00:02,102 fail2ban.actions        [811]: NOTICE  [sshd] Ban 9.9.9.9",
            "2026-11-20 10:00:03,103 fail2ban.actions        [811]: NOTICE  [sshd] Ban 192.168.7.7",
            "2026-11-20 10:00:04,104 fail2ban.actions        [811]: NOTICE  [nginx] Ban 45.33.32.156",
            "2026-11-20 10:00:05,105 fail2ban.actions        [811]: NOTICE  [sshd] Unban 8.8.8.8",
            "");

    @Test
    void aNewUserWithAGeoIpConfAsksOnlyForWhatTheDatabasesMissAndSeesWhatWasPaid() {
        Cli.Result r = Cli.run(
                FAIL2BAN,
                env,
                args("--webservice", "insights", "--webservice-for", "missing", "--from", "fail2ban", "--unique", "-")
                        .toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .startsWith("ip,status,asn,as_org,network,city,country,postal_code,latitude,longitude")
                .contains(
                        "user_count",
                        "city_confidence",
                        "anonymizer_provider",
                        "queries_remaining",
                        "webservice_status");
        // 8.8.8.8: the fixtures have its city and ASN: not sent; 9.9.9.9 and 45.33.32.156: not found locally, asked
        assertThat(r.out())
                .contains("8.8.8.8,ok,15169,Google LLC")
                .containsPattern("(?m)^8\\.8\\.8\\.8,.*skipped:local");
        assertThat(r.out()).containsPattern("(?m)^9\\.9\\.9\\.9,not_found,.*,ok,");
        assertThat(r.out()).containsPattern("(?m)^192\\.168\\.7\\.7,private,.*,skipped,");
        assertThat(stub.requests())
                .extracting(MaxMindStub.Request::address)
                .containsExactlyInAnyOrder("9.9.9.9", "45.33.32.156");
        assertThat(r.err())
                .contains("iptriage: webservice: 2 distinct addresses looked up via 127.0.0.1:" + stub.port()
                        + " (insights)")
                .contains("paid answers 2")
                .contains("queries remaining 999,998");
        assertThat(r.out() + r.err()).doesNotContain(MaxMindStub.KEY);
    }

    @Test
    void everyAddressByDefaultTheInsightsColumnsShownAndASecondRunPaysNothing() {
        String ips = "8.8.8.8\n8.8.8.9\n81.2.69.160\n10.0.0.1\n2001:4860::1\n";
        String[] a = args("--webservice", "insights").toArray(String[]::new);
        int before = stub.requests().size();
        Cli.Result r = Cli.run(ips, env, a);
        assertThat(r.code()).as(r.err()).isZero();
        // sent: the addresses the service was asked about; the others of a network it answered came from the cache
        Set<String> asked = new HashSet<>();
        stub.requests().subList(before, stub.requests().size()).forEach(q -> asked.add(q.address()));
        String line = webserviceLine(r.err());
        assertThat(headline(line)).as(line).isEqualTo(asked.size());
        assertThat(fromCache(line)).as(line).isEqualTo(4 - asked.size());
        String header = r.out().lines().findFirst().orElseThrow();
        assertThat(header).contains(",isp,", ",user_type,", ",is_anonymous_vpn,", ",webservice_status");
        Set<String> networks = new HashSet<>();
        for (String ip : List.of("8.8.8.8", "8.8.8.9", "81.2.69.160", "2001:4860::1")) {
            networks.add(stub.network(ip));
        }
        assertThat(stub.paidAnswers()).isEqualTo(networks.size());
        assertThat(r.out()).containsPattern("(?m)^10\\.0\\.0\\.1,private,.*,skipped$");
        Cli.Result again = Cli.run(ips, env, a);
        assertThat(again.out()
                        .lines()
                        .map(l -> l.replaceAll(",\\d*,ok$", ",ok"))
                        .toList())
                .isEqualTo(r.out()
                        .lines()
                        .map(l -> l.replaceAll(",\\d*,ok$", ",ok"))
                        .toList());
        assertThat(stub.paidAnswers())
                .as("the second run is answered from the cache")
                .isEqualTo(networks.size());
        assertThat(again.err()).contains("cache hits 4");
        assertThat(stub.requests()).as("nothing asked again").hasSize(before + asked.size());
        String againLine = webserviceLine(again.err());
        assertThat(againLine).startsWith("iptriage: webservice: no address sent: 0 distinct addresses looked up via ");
        assertThat(headline(againLine)).isZero();
        assertThat(fromCache(againLine)).as(againLine).isEqualTo(4);
    }

    /** The web service's "sent" line of a run's standard error. */
    private static String webserviceLine(String err) {
        List<String> lines =
                err.lines().filter(l -> l.startsWith("iptriage: webservice: ")).toList();
        assertThat(lines).as(err).hasSize(1);
        return lines.get(0);
    }

    /** The distinct addresses a "sent" line counts as sent. */
    private static int headline(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "iptriage: webservice: (?:no address sent: )?([0-9,]+) distinct address")
                .matcher(line);
        assertThat(m.lookingAt()).as(line).isTrue();
        return Integer.parseInt(m.group(1).replace(",", ""));
    }

    /** The addresses a "sent" line counts as answered from the cache (0: none said). */
    private static int fromCache(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[,;] answered from the cache ([0-9,]+)[,;]")
                .matcher(line);
        return m.find() ? Integer.parseInt(m.group(1).replace(",", "")) : 0;
    }

    @Test
    void sortingByAColumnTheServiceMayAnswerIsAUsageErrorBeforeAnyQuery() {
        long paid = stub.paidAnswers();
        Cli.Result r = Cli.run(
                "8.8.8.8\n1.1.1.1\n",
                env,
                args("--webservice", "city", "-u", "--sort", "country").toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--sort country sorts by the databases' values, and webservice may answer");
        assertThat(r.out()).isEmpty();
        assertThat(stub.paidAnswers()).isEqualTo(paid);
    }

    @Test
    void aRefusedAccountIsOneClearLineAndExitThreeWithTheOutputComplete() {
        Cli.Result r = Cli.run(
                "8.8.8.8\n1.1.1.1\n",
                Map.of(
                        "XDG_CACHE_HOME",
                        dir.resolve("c2").toString(),
                        "MAXMIND_ACCOUNT_ID",
                        MaxMindStub.ACCOUNT,
                        "MAXMIND_LICENSE_KEY",
                        "not-the-key-123456"),
                args("--webservice", "city").toArray(String[]::new));
        assertThat(r.code()).isEqualTo(ExitCodes.INPUT);
        assertThat(r.out().lines().count()).isEqualTo(3);
        assertThat(r.out()).contains("error:AUTHORIZATION_INVALID");
        assertThat(r.err()
                        .lines()
                        .filter(l -> l.contains("refused the account id and license key"))
                        .count())
                .isEqualTo(1);
        assertThat(r.out() + r.err()).doesNotContain("not-the-key-123456");
    }

    @Test
    void lookupShowsTheAnswerUnderItsOwnHeadingAndTheReportCountsItsCountries() throws IOException {
        Cli.Result r = Cli.run(
                "",
                env,
                "lookup",
                "--db",
                city.toString(),
                "--webservice",
                "city",
                "--webservice-host",
                stub.baseUrl(),
                "--webservice-ca",
                stub.caPem().toString(),
                "1.1.1.1");
        assertThat(r.code()).as(r.err()).isZero();
        String want = String.valueOf(((java.util.Map<?, ?>)
                        ((java.util.Map<?, ?>) stub.expected("city", "1.1.1.1").get("city")).get("names"))
                .get("en"));
        assertThat(r.out())
                .contains("  webservice")
                .containsPattern("(?m)^    city +" + java.util.regex.Pattern.quote(want) + "$");
        assertThat(r.out()).containsPattern("(?m)^    webservice_status +ok$");

        Path html = dir.resolve("r.html");
        List<String> report = new ArrayList<>(args("--webservice", "country"));
        report.set(0, "report"); // the same options as enrich
        report.addAll(List.of("-o", html.toString(), "-"));
        Cli.Result rep = Cli.run("9.9.9.9\n45.33.32.156\n10.0.0.1\n", env, report.toArray(String[]::new));
        assertThat(rep.code()).as(rep.err()).isZero();
        String country = String.valueOf(((java.util.Map<?, ?>) ((java.util.Map<?, ?>)
                                stub.expected("country", "9.9.9.9").get("country"))
                        .get("names"))
                .get("en"));
        assertThat(Files.readString(html))
                .contains(country); // 9.9.9.9 is in no fixture: its country came from the service
        assertThat(rep.err()).contains("iptriage: webservice: 2 distinct addresses looked up");
    }

    @Test
    void usageErrorsSendNothing() {
        assertThat(Cli.run("", env, args("--webservice", "precise").toArray(String[]::new))
                        .code())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run(
                                "",
                                env,
                                args("--webservice", "insights", "--webservice-for", "some")
                                        .toArray(String[]::new))
                        .code())
                .isEqualTo(ExitCodes.USAGE);
        Cli.Result http = Cli.run("", env, "enrich", "--webservice", "city", "--webservice-host", "http://example.org");
        assertThat(http.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(http.err()).contains("https only");
        Cli.Result geolite =
                Cli.run("", env, "enrich", "--webservice", "insights", "--webservice-host", "geolite.info");
        assertThat(geolite.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(geolite.err()).contains("country and city, not insights");
        Cli.Result noAccount = Cli.run("", Map.of(), "enrich", "--webservice", "city");
        assertThat(noAccount.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noAccount.err()).contains("no MaxMind account");
        assertThat(Cli.run("", env, "enrich", "--max-queries", "5").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aDryRunPrintsTheQueriesAndSendsNothing() {
        Cli.Result r = Cli.run(
                "8.8.8.8\n10.0.0.1\n1.1.1.1\n",
                env,
                args("--webservice", "country", "--dry-run").toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .containsExactlyInAnyOrder(
                        "GET " + stub.baseUrl() + "/geoip/v2.1/country/8.8.8.8",
                        "GET " + stub.baseUrl() + "/geoip/v2.1/country/1.1.1.1");
        assertThat(stub.requests()).isEmpty();
    }
}
