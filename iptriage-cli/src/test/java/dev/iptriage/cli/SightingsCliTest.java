package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sighting columns of {@code enrich --unique} with a log {@code --from}, {@code extract -u} and
 * {@code report} as a user runs them: heavy hitters, mixed log formats, {@code --fields}, and what
 * {@code -u} makes of blank and comment lines.
 */
class SightingsCliTest {
    private static final String DEFAULT = "ip,status,asn,as_org,network,city,country,postal_code,latitude,longitude";
    private static final String F2B = """
            2026-11-20 10:00:00,123 fail2ban.filter [1234]: INFO    [sshd] Found 8.8.8.8 - 2026-11-20 10:00:00
            2026-11-20 10:00:01,123 fail2ban.actions [1234]: NOTICE  [sshd] Ban 8.8.8.8
            2026-11-20 10:05:00,123 fail2ban.actions [1234]: NOTICE  [recidive] Ban 81.2.69.160
            """;
    private static final String SSHD = """
            Nov 20 09:59:50 host sshd[100]: Invalid user admin from 8.8.8.8 port 4000
            Nov 20 09:59:52 host sshd[100]: Failed password for invalid user admin from 8.8.8.8 port 4000 ssh2
            Nov 20 09:59:55 host sshd[101]: Failed password for root from 8.8.8.8 port 4001 ssh2
            Nov 20 10:00:10 host sshd[102]: Accepted publickey for alice from 81.2.69.160 port 22 ssh2
            """;
    private static final String SIGHTINGS_OF_BOTH =
            "count,first_seen,last_seen,users_tried,failed_logins,accepted_logins,jails,bans";

    @TempDir
    static Path dir;

    static String asn;
    static String city;
    static Path f2b;
    static Path sshd;

    @BeforeAll
    static void setUp() throws IOException {
        asn = Fixtures.asn(dir).toString();
        city = Fixtures.city(dir).toString();
        f2b = Files.writeString(dir.resolve("fail2ban.log"), F2B);
        sshd = Files.writeString(dir.resolve("auth.log"), SSHD);
    }

    /** Issue 12, item 6: 40 probe paths, then 1,000 POST /wp-login.php. */
    @Test
    void topPathsShowTheMostRequestedPathNotTheFirstSeen() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            log.append("203.0.113.9 - - [07/Dec/2026:11:05:07 +0000] \"GET /probe")
                    .append(i)
                    .append(".php HTTP/1.1\" 404 5 \"-\" \"scanner\"\n");
        }
        for (int i = 0; i < 1000; i++) {
            log.append("203.0.113.9 - - [07/Dec/2026:11:06:07 +0000] \"POST /wp-login.php HTTP/1.1\" 200 5 \"-\""
                    + " \"scanner\"\n");
        }
        Path file = Files.writeString(dir.resolve("probe.log"), log);
        Cli.Result r = Cli.run("", "enrich", "--from", "nginx", "--unique", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).endsWith(",count,first_seen,last_seen,roles,status_codes,top_paths,user_agents");
        assertThat(lines.get(1))
                .contains(",1040,")
                .contains("\"{\"\"/wp-login.php\"\":1000,\"\"/probe")
                .contains("\"\"(other)\"\":36}\"")
                .contains("\"{\"\"200\"\":1000,\"\"404\"\":40}\"");
        Cli.Result table = Cli.run(
                "",
                "enrich",
                "--from",
                "nginx",
                "--unique",
                "-f",
                "table",
                "--fields",
                "ip,top_paths",
                file.toString());
        assertThat(table.out()).contains("/wp-login.php (1000), /probe");
        Cli.Result extract = Cli.run("", "extract", "--from", "nginx", "-u", "-f", "jsonl", file.toString());
        assertThat(extract.out()).contains("\"top_paths\":{\"/wp-login.php\":1000,");
    }

    /** Issue 12, item 7: the columns of every input's format, whatever the order of the inputs. */
    @Test
    void mixedLogFormatsKeepTheColumnsOfEveryInput() {
        for (List<Path> inputs : List.of(List.of(f2b, sshd), List.of(sshd, f2b))) {
            Cli.Result r = Cli.run(
                    "",
                    "enrich",
                    "--db",
                    asn,
                    "--from",
                    "auto",
                    "--unique",
                    inputs.get(0).toString(),
                    inputs.get(1).toString());
            assertThat(r.code()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(0)).isEqualTo(DEFAULT + "," + SIGHTINGS_OF_BOTH);
            String google = lines.stream()
                    .filter(l -> l.startsWith("8.8.8.8,"))
                    .findFirst()
                    .orElseThrow();
            assertThat(google)
                    .endsWith(",\"{\"\"admin\"\":1,\"\"root\"\":1}\",2,0,\"{\"\"sshd\"\":2}\",1")
                    .contains(",15169,Google LLC,", ",5,");
            Cli.Result x = Cli.run(
                    "",
                    "extract",
                    "--from",
                    "auto",
                    "-u",
                    "-f",
                    "csv",
                    inputs.get(0).toString(),
                    inputs.get(1).toString());
            assertThat(x.out().lines().findFirst().orElseThrow()).isEqualTo("ip," + SIGHTINGS_OF_BOTH);
        }
    }

    @Test
    void theReportOnMixedLogsShowsFailedLoginsUsersTriedAndBans() throws IOException {
        Path out = dir.resolve("mixed.html");
        Cli.Result r =
                Cli.run("", "report", "--db", city, "--db", asn, f2b.toString(), sshd.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out);
        assertThat(html)
                .contains("<tr><th>Failed logins (sshd)</th><td>2</td></tr>")
                .contains("<tr><th>Accepted logins (sshd)</th><td>1</td></tr>")
                .contains("<tr><th>Bans (fail2ban)</th><td>2</td></tr>")
                .contains("\"users_tried\",\"failed_logins\",\"accepted_logins\",\"jails\",\"bans\"]")
                .contains("{\\\"admin\\\":1,\\\"root\\\":1}");
        // a plain list among the inputs no longer sends a log down the list path
        Path list = Files.writeString(dir.resolve("ips.txt"), "1.1.1.1\n");
        Path out2 = dir.resolve("mixed-list.html");
        Cli.Result l = Cli.run(
                "", "report", "--db", asn, list.toString(), sshd.toString(), f2b.toString(), "-o", out2.toString());
        assertThat(l.code()).as(l.err()).isZero();
        assertThat(Files.readString(out2)).contains("<tr><th>Failed logins (sshd)</th><td>2</td></tr>");
    }

    /** The corpus: fail2ban's recidive log and loghub's OpenSSH log, counted here independently. */
    @Test
    void theReportOnRealFail2banAndSshdLogsCountsTheirFailuresAndBans() throws IOException {
        Path recidive = SharedData.require("corpus/fail2ban/logs/recidive");
        Path openssh = SharedData.require("corpus/loghub/OpenSSH/OpenSSH_2k.log");
        long failed = 0;
        Pattern repeated = Pattern.compile("message repeated (\\d+) times: \\[ Failed ");
        for (String line : Files.readAllLines(openssh, StandardCharsets.UTF_8)) {
            Matcher m = repeated.matcher(line);
            failed += m.find() ? Long.parseLong(m.group(1)) : line.contains("]: Failed ") ? 1 : 0;
        }
        long bans = Files.readAllLines(recidive, StandardCharsets.UTF_8).stream()
                .filter(l -> l.matches(".*\\] (Restore )?Ban \\S+\\s*"))
                .count();
        assertThat(failed).isGreaterThan(400);
        assertThat(bans).isGreaterThan(3);
        Path out = dir.resolve("corpus.html");
        Cli.Result r =
                Cli.run("", "report", "--db", asn, recidive.toString(), openssh.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(out))
                .contains(String.format("<tr><th>Failed logins (sshd)</th><td>%,d</td></tr>", failed))
                .contains(String.format("<tr><th>Bans (fail2ban)</th><td>%,d</td></tr>", bans))
                .contains("\"users_tried\"", "\"jails\"");
        Cli.Result e = Cli.run(
                "", "enrich", "-q", "--db", asn, "--from", "auto", "--unique", recidive.toString(), openssh.toString());
        assertThat(e.out().lines().findFirst().orElseThrow()).isEqualTo(DEFAULT + "," + SIGHTINGS_OF_BOTH);
    }

    /** Issue 12, item 11: an explicit --fields list is honoured with --unique in every log mode. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            text     | seen 8.8.8.8 today                                                            | count
            nginx    | 8.8.8.8 - - [07/Dec/2016:11:05:07 +0100] "GET /a HTTP/1.1" 404 5 "-" "curl/8"   | count,first_seen,last_seen,roles,status_codes,top_paths,user_agents
            apache   | 8.8.8.8 - - [07/Dec/2016:11:05:07 +0100] "GET /a HTTP/1.1" 404 5 "-" "curl/8"   | count,first_seen,last_seen,roles,status_codes,top_paths,user_agents
            sshd     | Dec 10 06:55:46 host sshd[1]: Invalid user web from 8.8.8.8                     | count,first_seen,last_seen,users_tried,failed_logins,accepted_logins
            fail2ban | 2013-07-11 01:21:44,123 fail2ban.actions [1234]: NOTICE  [sshd] Ban 8.8.8.8    | count,first_seen,last_seen,jails,bans
            syslog   | Dec 10 06:55:46 host kernel: eth0 up 8.8.8.8                                    | count,first_seen,last_seen
            csv:ip   | ip\\n8.8.8.8                                                                     | count
            jsonl:ip | {"ip":"8.8.8.8"}                                                                | count
            auto     | 8.8.8.8 - - [07/Dec/2016:11:05:07 +0100] "GET /a HTTP/1.1" 404 5 "-" "curl/8"   | count,first_seen,last_seen,roles,status_codes,top_paths,user_agents
            """)
    void anExplicitFieldsListIsHonouredWithUniqueInEveryLogMode(String mode, String line, String sightings) {
        String input = line.replace("\\n", "\n") + "\n";
        assertThat(header(input, mode, "ip,asn")).isEqualTo("ip,asn,count");
        assertThat(header(input, mode, "ip,first_seen,count")).isEqualTo("ip,first_seen,count");
        assertThat(header(input, mode, "default")).isEqualTo(DEFAULT + "," + sightings);
        assertThat(header(input, mode, "default,country_iso")).isEqualTo(DEFAULT + ",country_iso," + sightings);
        assertThat(header(input, mode, "all")).startsWith("ip,status,").endsWith(",ip_class," + sightings);
    }

    private static String header(String input, String mode, String fields) {
        Cli.Result r = Cli.run(input, "enrich", "-q", "--db", asn, "--from", mode, "-u", "--fields", fields);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).as(r.out()).hasSize(2);
        return r.out().lines().findFirst().orElseThrow();
    }

    /** Issue 12, item 11: blank and comment lines are not addresses in -u output. */
    @Test
    void uniqueRowsAreAddressesAndInvalidLinesBlankAndCommentLinesAreCounted() {
        Cli.Result r = Cli.run("# c\n\n8.8.8.8\n8.8.8.8\n", "enrich", "--db", asn, "-u", "--fields", "ip,asn");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("ip,asn,count\n8.8.8.8,15169,2\n");
        assertThat(r.err())
                .contains("4 lines -> 1 rows: ok 1,", "invalid 0, error 0, not addresses: blank 1, comment 1");
        // any other invalid line is a row of its own text, with its count: never dropped silently
        Cli.Result bad = Cli.run(
                "# c\nnot-an-ip\n8.8.8.8\n  \nnot-an-ip\n999.1.1.1 # typo\n",
                "enrich",
                "--db",
                asn,
                "-u",
                "--fields",
                "ip,status,asn");
        assertThat(bad.code()).as(bad.err()).isZero();
        assertThat(bad.out())
                .isEqualTo(
                        "ip,status,asn,count\nnot-an-ip,invalid,,2\n8.8.8.8,ok,15169,1\n999.1.1.1 # typo,invalid,,1\n");
        assertThat(bad.err()).contains("6 lines -> 3 rows:", "invalid 2, error 0, not addresses: blank 1, comment 1");
        // without -u every line stays a row, as before
        Cli.Result all = Cli.run("# c\n\n8.8.8.8\n", "enrich", "--db", asn, "--fields", "ip,status,asn");
        assertThat(all.out()).isEqualTo("ip,status,asn\n\"# c\",invalid,\n,invalid,\n8.8.8.8,ok,15169\n");
        assertThat(all.err()).contains("invalid 2 (blank 1, comment 1, too long 0)");
    }

    @Test
    void theReportOfAListSaysHowManyBlankAndCommentLinesItLeftOut() throws IOException {
        Path out = dir.resolve("list.html");
        Cli.Result r =
                Cli.run("# c\n\n8.8.8.8\nnonsense\n", "report", "--from", "list", "--db", asn, "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(out))
                .contains("<tr><th>Status invalid</th><td>1 (50.0%)</td></tr>")
                .contains("1 blank and 1 comment lines are not addresses");
    }
}
