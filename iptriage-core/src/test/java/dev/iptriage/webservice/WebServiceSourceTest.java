package dev.iptriage.webservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.engine.RunSummary;
import dev.iptriage.input.Input;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.sources.SourceStats;
import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.MaxMindStub;
import dev.iptriage.testing.TestClock;
import dev.iptriage.text.CellText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web service source against a local HTTPS stub of MaxMind's services ({@link MaxMindStub}): the answers' values
 * in the rows, one paid query per network, the budget, the faults, what is never sent.
 */
class WebServiceSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MaxMindStub stub;
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T00:00:00Z"));

    @BeforeEach
    void start() throws IOException {
        stub = MaxMindStub.start(MaxMindStub.Options.defaults().withLatency(1, 5));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private WebServiceSettings settings(WebServiceProduct p, long maxQueries, long minRemaining, String key) {
        return new WebServiceSettings(
                p,
                URI.create(stub.baseUrl()),
                MaxMindStub.ACCOUNT,
                key,
                "en",
                8,
                maxQueries,
                minRemaining,
                Duration.ofSeconds(2),
                3,
                Duration.ofMillis(5),
                Duration.ofMillis(300),
                stub.clientTls(),
                clock);
    }

    private WebServiceSource source(WebServiceSettings s, Path cacheFile) throws IOException {
        WebServiceCache c = cacheFile == null
                ? WebServiceCache.memory(clock, Duration.ofDays(30))
                : WebServiceCache.open(cacheFile, clock, Duration.ofDays(30));
        return new WebServiceSource(s, c, false, "iptriage/test", null);
    }

    private RunSummary last;

    private List<JsonNode> run(WebServiceSource s, List<String> addresses, String fields) throws IOException {
        try (Engine e = Engine.builder()
                .databases(List.of(Database.open(Fixtures.city(dir)), Database.open(Fixtures.asn(dir))))
                .source(s)
                .build()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Job j = Job.of(List.of(Input.stdin(new ByteArrayInputStream(
                            (String.join("\n", addresses) + "\n").getBytes(StandardCharsets.UTF_8)))))
                    .withFields(fields)
                    .withFormat(SinkFormat.JSONL);
            last = e.run(j, out, ProgressListener.NONE);
            List<JsonNode> rows = new ArrayList<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
            return rows;
        }
    }

    /** Public addresses spread over many networks, some sharing one. */
    private static List<String> addresses(int n, long seed) {
        Random r = new Random(seed);
        Set<String> out = new java.util.LinkedHashSet<>();
        while (out.size() < n) {
            int a = 11 + r.nextInt(180);
            if (a == 100 || a == 127 || a == 169 || a == 172) {
                continue;
            }
            out.add(a + "." + r.nextInt(4) + "." + r.nextInt(256) + "." + r.nextInt(256));
        }
        return new ArrayList<>(out);
    }

    private static Object at(Map<String, Object> body, String path) {
        return AnswerValues.at(body, path);
    }

    private static String text(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Test
    void everyRowHasTheServicesAnswerAndEachNetworkIsPaidOnce() throws IOException {
        List<String> ips = addresses(300, 1);
        try (WebServiceSource s =
                source(settings(WebServiceProduct.INSIGHTS, -1, -1, MaxMindStub.KEY), dir.resolve("c.jsonl"))) {
            List<JsonNode> rows = run(
                    s,
                    ips,
                    "ip,city,country_iso,asn,isp,user_type,network,user_count,city_confidence,anonymizer_provider,"
                            + "queries_remaining,webservice_status");
            assertThat(rows).hasSize(ips.size());
            Set<String> networks = new HashSet<>();
            for (JsonNode row : rows) {
                String ip = row.get("ip").asText();
                Map<String, Object> want = stub.expected("insights", ip);
                networks.add(stub.network(ip));
                assertThat(text(row, "webservice_status")).as(ip).isEqualTo("ok");
                assertThat(text(row, "city")).as(ip).isEqualTo(String.valueOf(at(want, "city.names.en")));
                assertThat(text(row, "country_iso")).as(ip).isEqualTo(at(want, "country.iso_code"));
                assertThat(row.get("asn").asLong())
                        .as(ip)
                        .isEqualTo(((Number) at(want, "traits.autonomous_system_number")).longValue());
                assertThat(text(row, "isp")).as(ip).isEqualTo(at(want, "traits.isp"));
                assertThat(text(row, "user_type")).as(ip).isEqualTo(at(want, "traits.user_type"));
                assertThat(text(row, "network")).as(ip).isEqualTo(stub.network(ip));
                assertThat(row.get("user_count").asLong())
                        .as(ip)
                        .isEqualTo(((Number) at(want, "traits.user_count")).longValue());
                assertThat(row.get("city_confidence").asLong())
                        .as(ip)
                        .isEqualTo(((Number) at(want, "city.confidence")).longValue());
                assertThat(text(row, "anonymizer_provider")).as(ip).isEqualTo(at(want, "anonymizer.provider_name"));
            }
            // one paid query per network, however many of its addresses came, at once or not
            assertThat(stub.paidAnswers()).isEqualTo(networks.size());
            assertThat(networks.size()).as("the sample shares networks").isLessThan(ips.size());
            SourceStats st = last.sources().get(0);
            assertThat(st.traffic().get("paid answers")).isEqualTo(networks.size());
            assertThat(st.traffic().get("networks covered")).isEqualTo(networks.size());
            assertThat(s.remaining()).isEqualTo(1_000_000 - networks.size());
        }
        // a rerun sends nothing: every network is in the cache
        long before = stub.requests().size();
        try (WebServiceSource s =
                source(settings(WebServiceProduct.INSIGHTS, -1, -1, MaxMindStub.KEY), dir.resolve("c.jsonl"))) {
            List<JsonNode> rows = run(s, ips, "ip,city,webservice_status,queries_remaining");
            assertThat(stub.requests()).hasSize((int) before);
            assertThat(rows)
                    .allSatisfy(r -> assertThat(text(r, "webservice_status")).isEqualTo("ok"));
            assertThat(rows)
                    .allSatisfy(r -> assertThat(text(r, "queries_remaining")).isNull()); // no query: no count
            assertThat(last.sources().get(0).traffic().get("cache hits")).isEqualTo(ips.size());
        }
        assertThat(Files.readString(dir.resolve("c.jsonl")))
                .doesNotContain(MaxMindStub.KEY)
                .doesNotContain("queries_remaining");
    }

    @Test
    void rawKeepsTheWholeAnswerBesideTheDatabasesRecords() throws IOException {
        try (WebServiceSource s = source(settings(WebServiceProduct.INSIGHTS, -1, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(s, List.of("8.8.8.8", "8.8.8.9"), "ip,raw,is_anonymous_vpn");
            assertThat(stub.network("8.8.8.9")).isEqualTo(stub.network("8.8.8.8"));
            // the second came from the first's network in the cache: its raw names its own address
            assertThat(rows.get(1)
                            .get("raw")
                            .get("webservice")
                            .get("traits")
                            .get("ip_address")
                            .asText())
                    .isEqualTo("8.8.8.9");
            assertThat(rows.get(0)
                            .get("raw")
                            .get("webservice")
                            .get("traits")
                            .get("ip_address")
                            .asText())
                    .isEqualTo("8.8.8.8");
            // Insights leaves out false flags: the row says false, not empty
            Object flag = at(stub.expected("insights", "8.8.8.8"), "traits.is_anonymous_vpn");
            assertThat(rows.get(0).get("is_anonymous_vpn").asBoolean()).isEqualTo(Boolean.TRUE.equals(flag));
            assertThat(rows.get(0).get("is_anonymous_vpn").isBoolean()).isTrue();
            JsonNode raw = rows.get(0).get("raw");
            assertThat(raw.has("GeoLite2-City")).isTrue(); // the databases' records stay
            com.fasterxml.jackson.databind.node.ObjectNode whole =
                    ((com.fasterxml.jackson.databind.node.ObjectNode) raw.get("webservice")).deepCopy();
            whole.remove("maxmind");
            assertThat(whole).isEqualTo(JSON.valueToTree(stub.expected("insights", "8.8.8.8")));
            assertThat(raw.get("webservice")
                            .get("maxmind")
                            .get("queries_remaining")
                            .asLong())
                    .isPositive();
        }
    }

    @Test
    void privateReservedAndTunnelledAddressesAreNeverSent() throws IOException {
        List<String> ips = List.of(
                "10.0.0.1",
                "192.168.1.1",
                "127.0.0.1",
                "100.64.0.1",
                "64:ff9b::a00:1",
                "2002:c0a8:101::1",
                "fe80::1",
                "8.8.8.8");
        try (WebServiceSource s = source(settings(WebServiceProduct.CITY, -1, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(s, ips, "ip,webservice_status");
            for (int i = 0; i < ips.size() - 1; i++) {
                assertThat(text(rows.get(i), "webservice_status"))
                        .as(ips.get(i))
                        .isEqualTo("skipped");
            }
            assertThat(text(rows.get(ips.size() - 1), "webservice_status")).isEqualTo("ok");
        }
        assertThat(stub.requests()).extracting(MaxMindStub.Request::address).containsExactly("8.8.8.8");
    }

    /**
     * A value not of its documented type or range makes the answer an error naming it, never a cell: a control
     * sequence as a country code, a word as an ASN or as the account's count, a latitude off the globe.
     */
    @Test
    void aValueOfTheWrongTypeOrRangeIsAnErrorNamingIt() throws IOException {
        Map<String, Map<String, ?>> bad = new LinkedHashMap<>();
        bad.put("5.1.0.0/16", Map.of("country", Map.of("iso_code", "X\u001b]0;t\u0007")));
        bad.put("5.2.0.0/16", Map.of("traits", Map.of("autonomous_system_number", "notanumber")));
        bad.put("5.3.0.0/16", Map.of("location", Map.of("latitude", 91.5)));
        bad.put("5.4.0.0/16", Map.of("maxmind", Map.of("queries_remaining", "lots")));
        bad.put("5.5.0.0/16", Map.of("traits", Map.of("autonomous_system_number", 4_294_967_296L)));
        bad.forEach(stub::addNetwork);
        stub.addNetwork("5.6.0.0/16", Map.of("country", Map.of("iso_code", "DE")));
        List<String> expected = List.of(
                "country_iso is \"X" + CellText.REPLACEMENT + "]0;t" + CellText.REPLACEMENT
                        + "\", expected two ASCII letters",
                "asn is \"notanumber\", expected an integer from 0 to 4294967295",
                "latitude is 91.5, expected a number from -90 to 90",
                "maxmind.queries_remaining is \"lots\", expected an integer of 0 or more",
                "asn is 4294967296, expected an integer from 0 to 4294967295");
        try (WebServiceSource s = source(settings(WebServiceProduct.INSIGHTS, -1, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(
                    s,
                    List.of("5.1.0.1", "5.2.0.1", "5.3.0.1", "5.4.0.1", "5.5.0.1", "5.6.0.1"),
                    "ip,country_iso,asn,latitude,queries_remaining,webservice_status");
            for (int i = 0; i < expected.size(); i++) {
                JsonNode r = rows.get(i);
                assertThat(text(r, "webservice_status"))
                        .as(text(r, "ip"))
                        .startsWith("error:a bad answer: " + expected.get(i))
                        .doesNotContain("\u001b", "\u0007");
                for (String column : List.of("country_iso", "asn", "latitude", "queries_remaining")) {
                    assertThat(r.path(column).isNull() || r.path(column).isMissingNode())
                            .as(text(r, "ip") + " " + column)
                            .isTrue();
                }
            }
            assertThat(text(rows.getLast(), "webservice_status")).isEqualTo("ok");
            assertThat(text(rows.getLast(), "country_iso")).isEqualTo("DE");
        }
    }

    /** A network line and a private address are not sent, each for its own reason in the summary. */
    @Test
    void theSummarySaysWhyAnAddressWasNotSent() throws IOException {
        try (WebServiceSource s = source(settings(WebServiceProduct.CITY, -1, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows =
                    run(s, List.of("8.8.8.8", "8.8.4.0/24", "10.0.0.1", "::10.0.0.1"), "ip,webservice_status");
            assertThat(rows).extracting(r -> text(r, "webservice_status")).containsOnly("ok", "skipped");
            SourceStats st = last.sources().getFirst();
            assertThat(st.asked()).isEqualTo(1);
            assertThat(st.notSentWhy())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(SourceStats.NETWORK_LINES, 1L, SourceStats.PRIVATE_OR_RESERVED, 1L));
        }
        assertThat(stub.requests()).extracting(MaxMindStub.Request::address).containsExactly("8.8.8.8");
    }

    @Test
    void theBudgetStopsAskingAndTheRestIsSkippedBudget() throws IOException {
        List<String> ips = addresses(60, 2);
        Set<String> networks = new HashSet<>();
        ips.forEach(ip -> networks.add(stub.network(ip)));
        try (WebServiceSource s = source(settings(WebServiceProduct.CITY, 7, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(s, ips, "ip,webservice_status");
            long ok = rows.stream()
                    .filter(r -> "ok".equals(text(r, "webservice_status")))
                    .count();
            long budget = rows.stream()
                    .filter(r -> "skipped:budget".equals(text(r, "webservice_status")))
                    .count();
            assertThat(stub.paidAnswers()).isEqualTo(7);
            assertThat(ok + budget).isEqualTo(ips.size());
            assertThat(ok).isGreaterThanOrEqualTo(7); // more rows than paid: networks shared
            // the summary counts the addresses sent, and says why the others were not
            SourceStats st = last.sources().getFirst();
            assertThat(st.asked()).isEqualTo(stub.requests().size());
            assertThat(st.notSentWhy()).containsExactly(Map.entry("skipped:budget", budget));
            assertThat(st.asked() + budget).isEqualTo(ips.size());
        }
        // --min-remaining: the account's count never goes below it
        stub.reset();
        stub.queriesRemaining(20);
        try (WebServiceSource s = source(settings(WebServiceProduct.CITY, -1, 12, MaxMindStub.KEY), null)) {
            run(s, ips, "ip,webservice_status");
            // never below the floor; addresses met while queries were in flight that could reach it are skipped,
            // not held back, so the run may stop a query or two short of it
            assertThat(stub.queriesRemaining()).isGreaterThanOrEqualTo(12);
            assertThat(stub.paidAnswers()).isBetween(7L, 8L);
            assertThat(s.remaining()).isEqualTo(stub.queriesRemaining());
        }
    }

    @Test
    void aBadAnswerWithStatus200CountsAgainstTheBudgetAndGeoLiteHasNoCount() throws IOException {
        stub.failNext(20, MaxMindStub.Fault.html(200)); // a proxy answering 200 with a page: charged all the same
        try (WebServiceSource s = source(settings(WebServiceProduct.CITY, 3, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(s, addresses(10, 5), "ip,webservice_status");
            assertThat(rows.stream().filter(r -> text(r, "webservice_status").startsWith("error:a bad answer")))
                    .hasSize(3);
            assertThat(rows.stream().filter(r -> "skipped:budget".equals(text(r, "webservice_status"))))
                    .hasSize(7);
        }
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void geoLiteAnswersCarryNoCountSoMinRemainingCannotHoldTheRunBack() throws IOException {
        stub.close();
        stub = MaxMindStub.start(MaxMindStub.Options.defaults().withGeoLite().withLatency(1, 5));
        List<String> ips = addresses(40, 6);
        try (WebServiceSource s = source(settings(WebServiceProduct.CITY, -1, 100, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(s, ips, "ip,webservice_status");
            assertThat(rows)
                    .allSatisfy(r -> assertThat(text(r, "webservice_status")).isEqualTo("ok"));
            assertThat(s.note()).hasValueSatisfying(n -> assertThat(n).contains("--min-remaining was not kept"));
            assertThat(s.remaining()).isEqualTo(-1);
        }
    }

    @Test
    void outOfQueriesHalfwayKeepsTheAnswersAndTheRerunPaysOnlyForTheRest() throws IOException {
        List<String> ips = addresses(80, 3);
        Set<String> networks = new HashSet<>();
        ips.forEach(ip -> networks.add(stub.network(ip)));
        stub.queriesRemaining(10);
        Path cache = dir.resolve("c.jsonl");
        try (WebServiceSource s = source(settings(WebServiceProduct.INSIGHTS, -1, -1, MaxMindStub.KEY), cache)) {
            List<JsonNode> rows = run(s, ips, "ip,city,webservice_status");
            assertThat(rows).hasSize(ips.size());
            assertThat(rows)
                    .allSatisfy(r -> assertThat(text(r, "webservice_status")).isIn("ok", "skipped:out_of_queries"));
            assertThat(s.stopped())
                    .hasValueSatisfying(
                            m -> assertThat(m).contains("out of queries").doesNotContain(MaxMindStub.KEY));
            assertThat(s.stoppedByAccount()).isFalse();
        }
        assertThat(stub.paidAnswers()).isEqualTo(10);
        stub.queriesRemaining(1000);
        try (WebServiceSource s = source(settings(WebServiceProduct.INSIGHTS, -1, -1, MaxMindStub.KEY), cache)) {
            List<JsonNode> rows = run(s, ips, "ip,city,webservice_status");
            assertThat(rows)
                    .allSatisfy(r -> assertThat(text(r, "webservice_status")).isEqualTo("ok"));
        }
        // every network paid for once over both runs
        assertThat(stub.paidAnswers()).isEqualTo(networks.size());
    }

    @Test
    void tooManyRequestsServerErrorsAndACutBodyAreRetried() throws IOException {
        stub.failNext(2, 429, "1");
        stub.faultFor("81.2.69.160", MaxMindStub.Fault.status(503), MaxMindStub.Fault.CUT_BODY, MaxMindStub.Fault.OK);
        stub.faultFor("1.1.1.1", MaxMindStub.Fault.html(502), MaxMindStub.Fault.OK);
        try (WebServiceSource s = source(settings(WebServiceProduct.CITY, -1, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(s, List.of("8.8.8.8", "81.2.69.160", "1.1.1.1"), "ip,city,webservice_status");
            assertThat(rows)
                    .allSatisfy(r -> assertThat(text(r, "webservice_status")).isEqualTo("ok"));
            assertThat(last.sources().get(0).traffic().get("retries")).isGreaterThanOrEqualTo(4);
        }
        // retries spent: the status says what happened, the row is there
        stub.reset();
        stub.faultFor(
                "8.8.8.8",
                MaxMindStub.Fault.status(500),
                MaxMindStub.Fault.status(500),
                MaxMindStub.Fault.status(500),
                MaxMindStub.Fault.status(500));
        try (WebServiceSource s = source(settings(WebServiceProduct.CITY, -1, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(s, List.of("8.8.8.8", "1.1.1.1"), "ip,city,webservice_status");
            assertThat(text(rows.get(0), "webservice_status")).startsWith("error:HTTP 500");
            assertThat(text(rows.get(0), "city")).isEqualTo("Mountain View"); // the database's value stays
            assertThat(text(rows.get(1), "webservice_status")).isEqualTo("ok");
        }
    }

    @Test
    void notFoundIsAnAnswerKeptInTheCache() throws IOException {
        stub.notFound("45.0.0.0/16");
        Path cache = dir.resolve("c.jsonl");
        for (int run = 0; run < 2; run++) {
            try (WebServiceSource s = source(settings(WebServiceProduct.CITY, -1, -1, MaxMindStub.KEY), cache)) {
                List<JsonNode> rows = run(s, List.of("45.0.1.2"), "ip,webservice_status");
                assertThat(text(rows.get(0), "webservice_status")).isEqualTo("not_found");
            }
        }
        assertThat(stub.requests()).hasSize(1);
        assertThat(stub.paidAnswers()).isZero();
    }

    @Test
    void aRefusedAccountStopsAfterTheFirstAnswerAndTheKeyIsNeverShown() throws IOException {
        List<String> ips = addresses(40, 4);
        String wrong = "wrong_KEY_that_must_not_leak_1234";
        try (WebServiceSource s = source(settings(WebServiceProduct.INSIGHTS, -1, -1, wrong), dir.resolve("c.jsonl"))) {
            List<JsonNode> rows = run(s, ips, "ip,webservice_status");
            assertThat(rows).hasSize(ips.size());
            assertThat(rows)
                    .allSatisfy(r -> assertThat(text(r, "webservice_status")).isEqualTo("error:AUTHORIZATION_INVALID"));
            assertThat(s.stopped())
                    .hasValueSatisfying(m -> assertThat(m).contains("401").doesNotContain(wrong));
            assertThat(s.stoppedByAccount()).isTrue();
            assertThat(rows.toString()).doesNotContain(wrong);
        }
        assertThat(stub.requests().size()).isLessThanOrEqualTo(8); // those in flight when the first 401 came back
        assertThat(Files.readString(dir.resolve("c.jsonl"))).doesNotContain(wrong);

        stub.reset();
        stub.permissionRequired("insights");
        try (WebServiceSource s = source(settings(WebServiceProduct.INSIGHTS, -1, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(s, ips, "ip,webservice_status");
            assertThat(rows)
                    .allSatisfy(r -> assertThat(text(r, "webservice_status")).isEqualTo("error:PERMISSION_REQUIRED"));
            assertThat(s.stopped()).hasValueSatisfying(m -> assertThat(m).contains("may not use insights"));
        }
    }

    @Test
    void aBelievableNetworkIsKeptAndAWideOrForeignOneOnlyForTheAddress() throws IOException {
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("network", "0.0.0.0/0"); // a hostile or broken answer: covers everything
        stub.addNetwork("198.18.0.0/15", Map.of()); // (reserved: never asked; checks addNetwork is harmless)
        stub.addNetwork("5.6.0.0/16", Map.of("traits", traits));
        try (WebServiceSource s = source(settings(WebServiceProduct.CITY, -1, -1, MaxMindStub.KEY), null)) {
            List<JsonNode> rows = run(s, List.of("5.6.7.8", "5.6.9.9"), "ip,network,webservice_status");
            assertThat(rows).allSatisfy(r -> assertThat(text(r, "network")).isNotEqualTo("0.0.0.0/0"));
        }
        assertThat(stub.paidAnswers()).isEqualTo(2); // the /0 was not believed: each address asked
    }
}
