package dev.iptriage.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The log formats line by line: what each line yields and what context it carries. */
class LogFormatsTest {
    private static final TextExtractor TEXT = TextExtractor.of(ExtractOptions.DEFAULTS);
    private static final YearRule YEARS = YearRule.relativeTo(Instant.parse("2026-03-01T00:00:00Z"));

    private static List<Sighting> decode(String mode, String... lines) {
        LineDecoder d = InputMode.parse(mode).decoder(TEXT, YEARS);
        List<Sighting> out = new ArrayList<>();
        for (String l : lines) {
            d.decode(l, out::add);
        }
        return out;
    }

    private static String roles(List<Sighting> s) {
        return String.join(
                " ", s.stream().map(x -> x.ip().text() + "=" + x.role()).toList());
    }

    @Test
    void combinedLogLineCarriesTimeStatusPathAndAgent() {
        List<Sighting> s = decode(
                "nginx",
                "203.0.113.7 - bob [07/Dec/2016:11:05:07 +0100] \"GET /login?x=1 HTTP/1.1\" 401 571 \"-\" \"curl/8.0\"");
        assertThat(s).hasSize(1);
        LineEvent e = s.get(0).event();
        assertThat(e.time()).isEqualTo(Instant.parse("2016-12-07T10:05:07Z"));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.path()).isEqualTo("/login");
        assertThat(e.userAgent()).isEqualTo("curl/8.0");
        assertThat(s.get(0).role()).isEqualTo("client");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            common format        | 198.51.100.1 - - [22/Jan/2016:13:18:29 +0000] "GET / HTTP/1.0" 200 25 | 198.51.100.1=client
            xff list in front    | 10.0.0.2, 10.0.0.1, 85.181.35.98 - - [07/Dec/2016:11:05:07 +0100] "GET / HTTP/1.1" 200 5 "-" "a" | 10.0.0.2=client 10.0.0.1=proxy 85.181.35.98=proxy
            quoted xff then addr | "10.5.102.222, 199.96.1.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET / HTTP/1.1" 200 5 "-" "a" | 10.5.102.222=client 199.96.1.1=proxy 10.2.1.185=proxy
            vhost address        | 1.128.3.4:80 127.0.0.1 - - [12/Apr/2018:09:48:40 +0200] "" 400 0 "-" "-" | 1.128.3.4=server 127.0.0.1=client
            trailing xff field   | 10.1.1.1 - - [12/Apr/2018:09:48:40 +0200] "GET / HTTP/1.1" 200 1 "-" "ua" "192.0.2.9, 10.0.0.5" | 192.0.2.9=client 10.0.0.5=proxy 10.1.1.1=proxy
            """)
    void webLogRoles(String name, String line, String expected) {
        assertThat(roles(decode("apache", line))).isEqualTo(expected);
    }

    @Test
    void sshdOutcomesUsersAndRepeats() {
        SightingAggregator agg = new SightingAggregator(100);
        decode(
                        "sshd",
                        "Dec 10 06:55:46 host sshd[1]: Invalid user webmaster from 192.0.2.1",
                        "Dec 10 06:55:48 host sshd[1]: Failed password for invalid user webmaster from 192.0.2.1 port 3 ssh2",
                        "Dec 10 06:56:00 host sshd[1]: message repeated 3 times: [ Failed password for root from 192.0.2.1 port 3 ssh2]",
                        "Dec 10 07:00:00 host sshd[2]: Accepted publickey for alice from 2001:db8::5 port 22 ssh2",
                        "Dec 10 07:00:01 host sshd[2]: Failed none for invalid user  from 192.0.2.1 port 9 ssh2",
                        "Dec 10 07:00:02 host sshd[3]: Connection closed by ::ffff:192.0.2.1 port 4 [preauth]")
                .forEach(agg::add);
        List<AddressSummary> s = agg.summaries();
        assertThat(s).extracting(x -> x.ip().text()).containsExactly("192.0.2.1", "2001:db8::5");
        AddressSummary a = s.get(0);
        assertThat(a.failedLogins()).isEqualTo(5);
        // "Invalid user webmaster" and the same connection's "Failed ... for invalid user webmaster": one attempt
        assertThat(a.usersTried())
                .containsExactly(Map.entry("root", 3L), Map.entry("", 1L), Map.entry("webmaster", 1L));
        assertThat(a.count()).isEqualTo(7);
        // December read against a reference in March: last year
        assertThat(a.firstSeen()).isEqualTo(Instant.parse("2025-12-10T06:55:46Z"));
        assertThat(a.lastSeen()).isEqualTo(Instant.parse("2025-12-10T07:00:02Z"));
        assertThat(s.get(1).acceptedLogins()).isEqualTo(1);
        assertThat(s.get(1).usersTried()).containsOnlyKeys("alice");
    }

    /** What {@code users_tried} and {@code failed_logins} say about one address's lines. */
    private static AddressSummary sshd(String... lines) {
        SightingAggregator agg = new SightingAggregator(100);
        decode("sshd", lines).forEach(agg::add);
        assertThat(agg.summaries()).hasSize(1);
        return agg.summaries().get(0);
    }

    @Test
    void anUnknownUserNameIsOneAttemptPerConnectionOrOnePerFailureWhateverSshdPrints() {
        // sshd up to 7.4: "Invalid user U from A", then a "Failed" line per failed authentication
        AddressSummary old = sshd(
                "Dec 10 06:55:46 host sshd[24200]: Invalid user webmaster from 192.0.2.1",
                "Dec 10 06:55:46 host sshd[24200]: input_userauth_request: invalid user webmaster [preauth]",
                "Dec 10 06:55:48 host sshd[24200]: Failed password for invalid user webmaster from 192.0.2.1 port 38926 ssh2",
                "Dec 10 06:55:48 host sshd[24200]: Connection closed by 192.0.2.1 [preauth]");
        assertThat(old.usersTried()).containsExactly(Map.entry("webmaster", 1L));
        assertThat(old.failedLogins()).isEqualTo(1);
        // three failures in one connection: three attempts, the "Invalid user" line adds none
        AddressSummary three = sshd(
                "Mar 19 16:47:48 test sshd[5672]: Invalid user admin from 192.0.2.1 port 44004",
                "Mar 19 16:47:49 test sshd[5672]: Failed password for invalid user admin from 192.0.2.1 port 44004 ssh2",
                "Mar 19 16:47:50 test sshd[5672]: Failed password for invalid user admin from 192.0.2.1 port 44004 ssh2",
                "Mar 19 16:47:51 test sshd[5672]: message repeated 1 times: [ Failed password for invalid user admin"
                        + " from 192.0.2.1 port 44004 ssh2]",
                "Mar 19 16:47:52 test sshd[5672]: Disconnecting invalid user admin 192.0.2.1 port 44004: Too many"
                        + " authentication failures [preauth]");
        assertThat(three.usersTried()).containsExactly(Map.entry("admin", 3L));
        assertThat(three.failedLogins()).isEqualTo(3);
        // sshd 7.5 and later (also sshd-session): the client gave up after the name: one attempt, no failure
        AddressSummary gaveUp = sshd(
                "Jun  6 04:17:04 host sshd-session[1189074]: Invalid user oracle from 192.0.2.1 port 34916",
                "Jun  6 04:17:09 host sshd-session[1189074]: Connection closed by invalid user oracle 192.0.2.1 port"
                        + " 34916 [preauth]");
        assertThat(gaveUp.usersTried()).containsExactly(Map.entry("oracle", 1L));
        assertThat(gaveUp.failedLogins()).isZero();
        // two connections at once, interleaved, and a third one that gave up: one attempt each
        AddressSummary parallel = sshd(
                "Dec 10 07:00:00 host sshd[10]: Invalid user test from 192.0.2.1",
                "Dec 10 07:00:00 host sshd[11]: Invalid user test from 192.0.2.1",
                "Dec 10 07:00:00 host sshd[12]: Invalid user test from 192.0.2.1",
                "Dec 10 07:00:01 host sshd[11]: Failed password for invalid user test from 192.0.2.1 port 2 ssh2",
                "Dec 10 07:00:01 host sshd[10]: Failed password for invalid user test from 192.0.2.1 port 1 ssh2");
        assertThat(parallel.usersTried()).containsExactly(Map.entry("test", 3L));
        assertThat(parallel.failedLogins()).isEqualTo(2);
        // RFC 5424 (procid), and lines with no process id: the same rule
        AddressSummary rfc5424 = sshd(
                "<38>1 2019-07-08T17:40:16.954167-04:00 host sshd 57915 - - Invalid user redmond from 192.0.2.1",
                "<38>1 2019-07-08T17:40:17.954167-04:00 host sshd 57915 - - Failed unknown for invalid user redmond"
                        + " from 192.0.2.1 port 59197 ssh2");
        assertThat(rfc5424.usersTried()).containsExactly(Map.entry("redmond", 1L));
        AddressSummary noPid = sshd(
                "Invalid user bob from 192.0.2.1",
                "Failed password for invalid user bob from 192.0.2.1 port 1 ssh2",
                "Invalid user bob from 192.0.2.1",
                "Failed password for invalid user bob from 192.0.2.1 port 2 ssh2",
                "Failed password for invalid user bob from 192.0.2.1 port 2 ssh2");
        assertThat(noPid.usersTried()).containsExactly(Map.entry("bob", 3L));
        // known users: every failure and every login is an attempt
        AddressSummary known = sshd(
                "Dec 10 07:13:43 host sshd[24227]: Failed password for root from 192.0.2.1 port 42393 ssh2",
                "Dec 10 07:13:56 host sshd[24227]: message repeated 5 times: [ Failed password for root from"
                        + " 192.0.2.1 port 42393 ssh2]",
                "Dec 10 07:14:00 host sshd[24230]: Accepted publickey for root from 192.0.2.1 port 1 ssh2");
        assertThat(known.usersTried()).containsExactly(Map.entry("root", 7L));
    }

    /**
     * A client chooses its user name, version string and disconnect reason, so an address written in
     * one is never a sighting: each line below names only 192.0.2.1 in sshd's own place, and the
     * planted 9.9.9.9 (alone, or with a {@code from}/{@code port} that mimics the real field) must
     * not be found.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid user             | Invalid user 9.9.9.9 from 192.0.2.1 port 5
            invalid user, old        | Invalid user x from 9.9.9.9 from 192.0.2.1
            failed                   | Failed password for 9.9.9.9 from 192.0.2.1 port 22 ssh2
            failed invalid user      | Failed password for invalid user a from 9.9.9.9 port 1 ssh2 from 192.0.2.1 port 22 ssh2
            failed none              | Failed none for invalid user 9.9.9.9 from 192.0.2.1 port 9 ssh2
            failed publickey         | Failed publickey for 9.9.9.9 from 192.0.2.1 port 9 ssh2: RSA SHA256:AbCd
            repeated                 | message repeated 2 times: [ Failed password for 9.9.9.9 from 192.0.2.1 port 3 ssh2]
            accepted                 | Accepted password for 9.9.9.9 from 192.0.2.1 port 22 ssh2
            failed cert key id       | Failed publickey for bob from 192.0.2.1 port 22 ssh2: RSA-CERT SHA256:abc ID key-id 9.9.9.9 (serial 5) CA ED25519 SHA256:def
            accepted cert key id     | Accepted publickey for bob from 192.0.2.1 port 22 ssh2: ED25519-CERT SHA256:abc ID x from 9.9.9.9 port 1 ssh2 (serial 5) CA ED25519 SHA256:def
            failed cert user         | Failed publickey for a from 9.9.9.9 port 1 ssh2 from 192.0.2.1 port 22 ssh2: RSA-CERT SHA256:abc ID k (serial 5) CA RSA SHA256:def
            failed cert, old shape   | Failed publickey for invalid user x from 9.9.9.9 port 1 ssh2 from 192.0.2.1 port 22 ssh2: RSA-CERT ID k (serial 5) CA RSA SHA256:d
            accepted cert, old shape | Accepted publickey for bob from 192.0.2.1 port 22 ssh2: RSA-CERT ID key 9.9.9.9 (serial 5) CA RSA SHA256:d
            postponed                | Postponed keyboard-interactive for 9.9.9.9 from 192.0.2.1 port 2 ssh2 [preauth]
            max attempts             | error: maximum authentication attempts exceeded for invalid user 9.9.9.9 from 192.0.2.1 port 2 ssh2 [preauth]
            disconnected invalid     | Disconnected from invalid user 9.9.9.9 port 5 192.0.2.1 port 22 [preauth]
            disconnected user        | Disconnected from user 9.9.9.9 192.0.2.1 port 22
            closed authenticating    | Connection closed by authenticating user 9.9.9.9 192.0.2.1 port 22 [preauth]
            reset invalid            | Connection reset by invalid user 9.9.9.9 192.0.2.1 port 22 [preauth]
            disconnecting            | Disconnecting invalid user 9.9.9.9 192.0.2.1 port 4: Too many authentication failures [preauth]
            not allowed              | User 9.9.9.9 from 192.0.2.1 not allowed because not listed in AllowUsers
            pam                      | pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.1  user=9.9.9.9
            pam more                 | PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.1  user=9.9.9.9
            received disconnect      | Received disconnect from 192.0.2.1 port 5:11: 9.9.9.9 [preauth]
            received disconnect, old | error: Received disconnect from 192.0.2.1: 3: 9.9.9.9 [preauth]
            bad version              | Bad protocol version identification '9.9.9.9 from 8.8.8.8' from 192.0.2.1 port 5
            negotiate                | Unable to negotiate with 192.0.2.1 port 5: no matching cipher found. Their offer: 9.9.9.9
            reverse mapping          | reverse mapping checking getaddrinfo for 9.9.9.9.example [9.9.9.9] [192.0.2.1] failed - POSSIBLE BREAK-IN ATTEMPT!
            """)
    void anAddressInAFieldTheClientChoseIsNotASighting(String name, String msg) {
        List<Sighting> s = decode("sshd", "Dec  6 10:00:03 h sshd[1]: " + msg);
        assertThat(s).extracting(x -> x.ip().text()).containsExactly("192.0.2.1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            userauth request | input_userauth_request: invalid user 9.9.9.9 [preauth]
            session          | pam_unix(sshd:session): session opened for user 9.9.9.9(uid=0) by (uid=0)
            too many         | Disconnecting: Too many authentication failures for 9.9.9.9 [preauth]
            identifier       | kex_exchange_identification: Client sent invalid protocol identifier "9.9.9.9"
            two loose places | Failed password for x from 9.9.9.9 port 1 ssh2 from 192.0.2.1 port 22 ssh2 and a newer sshd's words
            """)
    void anSshdLineWhoseOnlyAddressIsClientChosenHasNone(String name, String msg) {
        assertThat(decode("sshd", "Dec  6 10:00:03 h sshd[1]: " + msg)).isEmpty();
    }

    /** OpenSSH's certificate logins: the outcome and the user are read, the key id is not searched. */
    @Test
    void certificateLoginsGiveTheirOutcomeAndOnlySshdsAddress() {
        SightingAggregator agg = new SightingAggregator(100);
        decode(
                        "sshd",
                        "Dec  6 10:00:03 h sshd[1]: Failed publickey for bob from 192.0.2.1 port 22 ssh2: RSA-CERT"
                                + " SHA256:abc ID key-id 9.9.9.9 (serial 5) CA ED25519 SHA256:def",
                        "Dec  6 10:00:04 h sshd[1]: Accepted publickey for alice from 192.0.2.1 port 23 ssh2:"
                                + " ECDSA-CERT SHA256:x ID alice@example (serial 77) CA RSA SHA256:y [preauth]")
                .forEach(agg::add);
        assertThat(agg.summaries()).singleElement().satisfies(a -> {
            assertThat(a.ip().text()).isEqualTo("192.0.2.1");
            assertThat(a.failedLogins()).isEqualTo(1);
            assertThat(a.acceptedLogins()).isEqualTo(1);
            assertThat(a.usersTried()).containsOnly(Map.entry("bob", 1L), Map.entry("alice", 1L));
        });
    }

    /**
     * A user name and a key id that both mimic sshd's field make two places where the address can be:
     * either could be the plant, so the line names none.
     */
    @Test
    void aLineWithTwoPlacesForTheAddressNamesNone() {
        String planted = "Failed publickey for a from 9.9.9.9 port 1 ssh2: RSA-CERT SHA256:z ID b from 192.0.2.1"
                + " port 22 ssh2: RSA-CERT SHA256:abc ID c from 8.8.8.8 port 3 ssh2: RSA-CERT SHA256:q ID d"
                + " (serial 5) CA RSA SHA256:def";
        assertThat(decode("sshd", "Dec  6 10:00:03 h sshd[1]: " + planted)).isEmpty();
    }

    @Test
    void theAuditsTwoPlantedLinesGiveTwoSightingsAndTheirOutcomes() {
        SightingAggregator agg = new SightingAggregator(100);
        decode(
                        "sshd",
                        "Dec  6 10:00:03 h sshd[1]: Invalid user 9.9.9.9 from 7.7.7.7 port 5",
                        "Dec  6 10:00:04 h sshd[1]: Failed password for 8.8.8.8 from 6.6.6.6 port 22 ssh2")
                .forEach(agg::add);
        assertThat(agg.summaries()).extracting(a -> a.ip().text()).containsExactlyInAnyOrder("7.7.7.7", "6.6.6.6");
        AddressSummary six = agg.summaries().stream()
                .filter(a -> a.ip().text().equals("6.6.6.6"))
                .findFirst()
                .orElseThrow();
        assertThat(six.failedLogins()).isEqualTo(1);
        assertThat(six.usersTried()).containsExactly(Map.entry("8.8.8.8", 1L));
    }

    @Test
    void fail2banJailsAndBans() {
        SightingAggregator agg = new SightingAggregator(100);
        decode(
                        "fail2ban",
                        "2013-07-11 01:21:43,123 fail2ban.filter [1234]: INFO    [sshd] Found 192.0.2.4 - 2013-07-11 01:21:43",
                        "2013-07-11 01:21:44,123 fail2ban.actions [1234]: NOTICE  [sshd] Ban 192.0.2.4",
                        "2013-07-11 02:21:44,123 fail2ban.actions: NOTICE [recidive] Restore Ban 192.0.2.4",
                        "Sep 16 00:44:55 spaceman fail2ban.actions: NOTICE [jail] Unban 192.0.2.4")
                .forEach(agg::add);
        AddressSummary a = agg.summaries().get(0);
        assertThat(a.bans()).isEqualTo(2);
        assertThat(a.jails()).containsExactly(Map.entry("sshd", 2L), Map.entry("jail", 1L), Map.entry("recidive", 1L));
        assertThat(a.firstSeen()).isEqualTo(Instant.parse("2013-07-11T01:21:43.123Z"));
        assertThat(a.count()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rfc3164      | <34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on 192.0.2.8 | 2025-10-11T22:14:15Z
            rfc5424      | <165>1 2003-10-11T22:14:15.003Z host app - ID47 [x@1 a="1.2.3.4"] from 192.0.2.8 | 2003-10-11T22:14:15.003Z
            rfc5424 zone | <165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's 192.0.2.8 | 2003-08-24T12:14:15.000003Z
            iso          | 2024-05-01T10:00:00+02:00 host prog[3]: client 192.0.2.8 | 2024-05-01T08:00:00Z
            """)
    void syslogTimesToUtc(String name, String line, String time) {
        List<Sighting> s = decode("syslog", line);
        assertThat(s).extracting(x -> x.ip().text()).contains("192.0.2.8");
        assertThat(s.get(0).event().time()).isEqualTo(Instant.parse(time));
    }

    @Test
    void yearRuleKeepsTimesAtMostADayAhead() {
        YearRule r = YearRule.relativeTo(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(r.resolve(java.time.LocalDateTime.parse("2000-01-02T11:00:00")))
                .isEqualTo(Instant.parse("2026-01-02T11:00:00Z"));
        assertThat(r.resolve(java.time.LocalDateTime.parse("2000-01-03T11:00:00")))
                .isEqualTo(Instant.parse("2025-01-03T11:00:00Z"));
        assertThat(new YearRule(2019, Instant.EPOCH).resolve(java.time.LocalDateTime.parse("2000-02-29T00:00:00")))
                .isEqualTo(Instant.parse("2019-02-28T00:00:00Z"));
    }

    @Test
    void csvColumnByNameOrNumberAndJsonDottedPath() {
        String[] csv = {
            "# banner", "when,\"src ip\",note", "2024,\"192.0.2.1\",\"x, 10.0.0.1\"", "2024,[2001:db8::1]:443,y"
        };
        assertThat(decode("csv:src ip", csv))
                .extracting(x -> x.ip().text())
                .containsExactly("192.0.2.1", "2001:db8::1");
        assertThat(decode("csv:3", csv))
                .extracting(x -> x.ip() != null
                        ? x.ip().text()
                        : x.invalid().text() + ": " + x.invalid().reason())
                .containsExactly("10.0.0.1", "y: not an IP address");
        assertThatThrownBy(() -> decode("csv:dst", csv))
                .hasMessageContaining("no column 'dst'")
                .hasMessageContaining("src ip");
        List<Sighting> j = decode(
                "jsonl:source.ip",
                "{\"source\":{\"ip\":\"192.0.2.1\"},\"x\":\"10.0.0.1\"}",
                "{\"a\":[1,{\"b\":2}],\"source\":{\"port\":1,\"ip\":[\"192.0.2.2\",\"192.0.2.3\"]}}",
                "{\"source\":\"192.0.2.4\"}",
                "not json 192.0.2.5",
                "{\"source\":{\"ip\":");
        // a line without the field, and one that is not JSON, is reported with the reason, not searched
        assertThat(j)
                .extracting(x ->
                        x.ip() != null ? x.ip().text() : x.invalid().reason().replaceAll("(not JSON: [^:]+'?).*", "$1"))
                .containsExactly(
                        "192.0.2.1",
                        "192.0.2.2",
                        "192.0.2.3",
                        "no field 'source.ip'",
                        "not JSON: Unrecognized token 'not'",
                        "not JSON: Unexpected end-of-input within/between Object entries");
        assertThat(decode("csv:3", csv[1], "1,2", "1,2,"))
                .extracting(x -> x.invalid().text() + " " + x.invalid().reason() + " "
                        + x.invalid().kind())
                .containsExactly("1,2 no column '3': the line has 2 cells OTHER", " blank line BLANK");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nginx    | 203.0.113.7 - - [07/Dec/2016:11:05:07 +0100] "GET / HTTP/1.1" 200 5 "-" "a"
            sshd     | Dec 10 06:55:46 host sshd[24200]: Invalid user webmaster from 192.0.2.1
            fail2ban | 2013-07-11 01:21:44,123 fail2ban.actions [1234]: NOTICE  [sshd] Ban 192.0.2.4
            list     | 192.0.2.1
            syslog   | Dec 10 06:55:46 host kernel: eth0 up 192.0.2.1
            csv:ip   | when,ip,note
            text     | threat report: 1.1.1[.]1 seen
            """)
    void autoSniffsTheFormat(String expected, String line) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(line);
        }
        assertThat(FormatSniffer.sniff(lines).mode()).hasToString(expected);
    }

    @Test
    void badModesAreExplained() {
        assertThatThrownBy(() -> InputMode.parse("xml")).hasMessageContaining("csv:COLUMN");
        assertThatThrownBy(() -> InputMode.parse("csv")).hasMessageContaining("csv:COLUMN");
        assertThatThrownBy(() -> InputMode.parse("nginx:x")).hasMessageContaining("takes no argument");
    }
}
