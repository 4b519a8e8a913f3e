package dev.iptriage.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.engine.RunSummary;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.model.Field;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.sink.html.HtmlReport;
import dev.iptriage.sink.report.ReportAggregator;
import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.RunFacts;
import dev.iptriage.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new remote source added through the seam alone ({@link RemoteSource} handed to {@link
 * Engine.Builder#source}), from outside the engine's package: its columns and statuses reach CSV,
 * JSON Lines, the table and the report, in input order, on the list, log and join paths; it is asked
 * each distinct public address once, never a private or reserved one, at most its concurrency at a
 * time; and the run summary counts what it was sent.
 */
class RemoteSourceSeamTest {
    @TempDir
    Path dir;

    private Engine engine;
    private FakeSource source;

    /**
     * Answers from a map after a delay that differs per address (so answers arrive out of order);
     * addresses in {@code silent} never answer (timeouts), those in {@code failing} fail.
     */
    static class FakeSource implements RemoteSource {
        final Map<IpAddress, String> names = new LinkedHashMap<>();
        final Set<IpAddress> silent = new LinkedHashSet<>();
        final Set<IpAddress> failing = new LinkedHashSet<>();
        /** Addresses answered without sending anything naming them, and why. */
        final Map<IpAddress, String> unsent = new LinkedHashMap<>();

        final Set<IpAddress> asked = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public List<SourceColumn> columns() {
            return List.of(
                    new SourceColumn("fake_name", "the name the map gives"),
                    new SourceColumn("fake_score", "a number the map gives"));
        }

        @Override
        public String destination() {
            return "a map in the test";
        }

        @Override
        public int maxConcurrency() {
            return 4;
        }

        @Override
        public Duration timeout() {
            return Duration.ofMillis(300);
        }

        @Override
        public CompletionStage<SourceAnswer> lookup(IpAddress a) {
            calls.incrementAndGet();
            asked.add(a);
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            if (silent.contains(a)) {
                return new CompletableFuture<>(); // never answers: its place is freed by the timeout
            }
            long delay = 5 + Math.floorMod(a.hashCode(), 30);
            CompletableFuture<SourceAnswer> f = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> {
                inFlight.decrementAndGet();
                if (failing.contains(a)) {
                    f.completeExceptionally(new IOException("SERVFAIL from the test"));
                } else {
                    SourceAnswer answer = names.containsKey(a)
                            ? SourceAnswer.found(Map.of("fake_name", names.get(a), "fake_score", 7L))
                            : SourceAnswer.notFound();
                    f.complete(unsent.containsKey(a) ? answer.notSent(unsent.get(a)) : answer);
                }
            });
            return f;
        }
    }

    private static IpAddress ip(String s) {
        return IpLiteral.tryParseStrict(s);
    }

    @BeforeEach
    void setUp() throws IOException {
        source = new FakeSource();
        source.names.put(ip("8.8.8.8"), "dns.google");
        source.names.put(ip("81.2.69.160"), "=cmd|' /C calc'!A0"); // hostile: must stay data
        source.names.put(ip("8.8.4.4"), "<img src=x onerror=alert(1)>&\u001b[2J"); // hostile markup
        source.names.put(ip("2001:4860::1"), "v6.google");
        source.silent.add(ip("9.9.9.9"));
        source.failing.add(ip("1.1.1.1"));
        engine = Engine.builder()
                .databases(List.of(Database.open(Fixtures.city(dir)), Database.open(Fixtures.asn(dir))))
                .source(source)
                .build();
    }

    private static final String LIST = String.join(
            "\n",
            "8.8.8.8",
            "10.0.0.1",
            "9.9.9.9",
            "not an address",
            "1.1.1.1",
            "81.2.69.160",
            "192.0.2.7",
            "8.8.8.8",
            "2001:4860::1",
            "127.0.0.1",
            "203.0.114.1",
            "");

    private Job job(String input) {
        return Job.of(List.of(Input.stdin(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))));
    }

    private String run(Job job) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        last = engine.run(job, out, ProgressListener.NONE);
        return out.toString(StandardCharsets.UTF_8);
    }

    private RunSummary last;

    @Test
    void csvRowsCarryTheAnswersInInputOrder() throws IOException {
        String csv = run(job(LIST).withFields("ip,status,fake_name,fake_score,fake_status"));
        assertThat(csv)
                .isEqualTo(String.join(
                        "\n",
                        "ip,status,fake_name,fake_score,fake_status",
                        "8.8.8.8,ok,dns.google,7,ok",
                        "10.0.0.1,private,,,skipped",
                        "9.9.9.9,not_found,,,timeout",
                        "not an address,invalid,,,",
                        "1.1.1.1,ok,,,error:SERVFAIL from the test",
                        "81.2.69.160,ok,'=cmd|' /C calc'!A0,7,ok", // formula-safe
                        "192.0.2.7,reserved,,,skipped",
                        "8.8.8.8,ok,dns.google,7,ok",
                        "2001:4860::1,ok,v6.google,7,ok",
                        "127.0.0.1,private,,,skipped",
                        "203.0.114.1,not_found,,,not_found",
                        ""));
        assertThat(source.asked)
                .as("only public addresses are handed to the source, each once")
                .containsExactlyInAnyOrder(
                        ip("8.8.8.8"),
                        ip("9.9.9.9"),
                        ip("1.1.1.1"),
                        ip("81.2.69.160"),
                        ip("2001:4860::1"),
                        ip("203.0.114.1"));
        assertThat(source.calls).hasValue(6);
        assertThat(last.sources())
                .containsExactly(new SourceStats(
                        "fake",
                        "a map in the test",
                        6,
                        3,
                        java.util.Map.of(
                                SourceStatus.OK, 3L,
                                SourceStatus.NOT_FOUND, 1L,
                                SourceStatus.TIMEOUT, 1L,
                                SourceStatus.ERROR, 1L,
                                SourceStatus.SKIPPED, 3L),
                        0,
                        java.util.Map.of(),
                        java.util.Map.of(SourceStats.PRIVATE_OR_RESERVED, 3L)));
    }

    @Test
    void answersGotWithoutSendingAreAnswersButNotAddressesSent() throws IOException {
        String all = run(job(LIST).withFields("ip,status,fake_name,fake_score,fake_status"));
        SourceStats sentAll = last.sources().get(0);
        source.unsent.put(ip("8.8.8.8"), SourceAnswer.FROM_CACHE);
        source.unsent.put(ip("2001:4860::1"), SourceAnswer.FROM_CACHE);
        source.unsent.put(ip("203.0.114.1"), "kept by the test");
        String some = run(job(LIST).withFields("ip,status,fake_name,fake_score,fake_status"));
        assertThat(some).as("the rows do not depend on how an answer was got").isEqualTo(all);
        SourceStats st = last.sources().get(0);
        assertThat(sentAll.asked()).isEqualTo(6);
        assertThat(st.asked()).isEqualTo(sentAll.asked() - 3);
        assertThat(st.outcomes()).as("their answers are still counted").isEqualTo(sentAll.outcomes());
        assertThat(st.notSent()).as("kept back by the engine").isEqualTo(sentAll.notSent());
        assertThat(st.notSentWhy())
                .isEqualTo(Map.of(
                        SourceStats.PRIVATE_OR_RESERVED, 3L, SourceAnswer.FROM_CACHE, 2L, "kept by the test", 1L));
        assertThat(SourceAnswer.found(Map.of()).sent()).isTrue();
        assertThat(SourceAnswer.notFound().notSent(SourceAnswer.FROM_CACHE).sent())
                .isFalse();
        assertThat(SourceAnswer.skipped("budget").sent()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> SourceAnswer.notFound().notSent(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultColumnsEndWithTheSourcesAndJsonLinesAndTheTableCarryThem() throws IOException {
        String csv = run(job(LIST));
        String header = csv.lines().findFirst().orElseThrow();
        assertThat(header).endsWith(",longitude,fake_name,fake_score,fake_status");

        String jsonl = run(job(LIST).withFormat(SinkFormat.JSONL));
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            rows.add(m.readTree(line));
        }
        assertThat(rows).hasSize(11);
        assertThat(rows.stream().map(r -> r.get("ip").asText()).toList())
                .containsExactly(
                        "8.8.8.8",
                        "10.0.0.1",
                        "9.9.9.9",
                        "not an address",
                        "1.1.1.1",
                        "81.2.69.160",
                        "192.0.2.7",
                        "8.8.8.8",
                        "2001:4860::1",
                        "127.0.0.1",
                        "203.0.114.1");
        assertThat(rows.get(0).get("fake_name").asText()).isEqualTo("dns.google");
        assertThat(rows.get(0).get("fake_score").isNumber()).isTrue();
        assertThat(rows.get(5).get("fake_name").asText()).isEqualTo("=cmd|' /C calc'!A0");
        assertThat(rows.stream().map(r -> r.get("fake_status").asText("")).toList())
                .containsExactly(
                        "ok",
                        "skipped",
                        "timeout",
                        "",
                        "error:SERVFAIL from the test",
                        "ok",
                        "skipped",
                        "ok",
                        "ok",
                        "skipped",
                        "not_found");

        assertThat(rows.get(3).get("fake_status").isNull())
                .as("an invalid line asks nothing")
                .isTrue();

        String table = run(job(LIST).withFields("ip,fake_name,fake_status").withFormat(SinkFormat.TABLE));
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("ip").contains("fake_name").contains("fake_status");
        assertThat(lines.get(1)).startsWith("8.8.8.8").contains("dns.google").endsWith("ok");
        assertThat(lines.get(2)).startsWith("10.0.0.1").endsWith("skipped");
        assertThat(lines.get(5)).startsWith("1.1.1.1").endsWith("error:SERVFAIL from the test");
    }

    @Test
    void uniqueRowsTheLogPathAndTheJoinCarryThemToo() throws IOException {
        String unique = run(job(LIST).withShape(Job.Shape.UNIQUE).withFields("ip,fake_status"));
        assertThat(unique.lines().toList())
                .containsExactly(
                        "ip,fake_status,count",
                        "8.8.8.8,ok,2",
                        "10.0.0.1,skipped,1",
                        "9.9.9.9,timeout,1",
                        "not an address,,1",
                        "1.1.1.1,error:SERVFAIL from the test,1",
                        "81.2.69.160,ok,1",
                        "192.0.2.7,skipped,1",
                        "2001:4860::1,ok,1",
                        "127.0.0.1,skipped,1",
                        "203.0.114.1,not_found,1");

        String log = "Dec  1 10:00:00 host sshd[1]: Failed password for root from 8.8.8.8 port 22 ssh2\n"
                + "Dec  1 10:00:01 host sshd[1]: Failed password for root from 10.1.2.3 port 22 ssh2\n"
                + "Dec  1 10:00:02 host sshd[1]: Failed password for admin from 1.1.1.1 port 22 ssh2\n";
        String sightings = run(job(log).withMode(InputMode.parse("sshd")).withFields("ip,fake_name,fake_status"));
        assertThat(sightings.lines().toList())
                .containsExactly(
                        "ip,fake_name,fake_status",
                        "8.8.8.8,dns.google,ok",
                        "10.1.2.3,,skipped",
                        "1.1.1.1,,error:SERVFAIL from the test");
        assertThat(last.sources().get(0).count(SourceStatus.SKIPPED)).isEqualTo(1);

        String csv = "when,src\n1,8.8.8.8\n2,192.168.0.9\n3,no address\n";
        String joined = run(job(csv).withMode(InputMode.parse("csv:src"))
                .withShape(Job.Shape.JOIN)
                .withFields("fake_name,fake_status"));
        assertThat(joined.lines().toList())
                .containsExactly(
                        "when,src,fake_name,fake_status",
                        "1,8.8.8.8,dns.google,ok",
                        "2,192.168.0.9,,skipped",
                        "3,no address,,");
        assertThat(source.asked).doesNotContain(ip("10.1.2.3"), ip("192.168.0.9"));
    }

    @Test
    void theReportShowsTheSourcesColumns() throws IOException {
        String fields = ReportAggregator.COLUMNS.stream().map(Field::column).collect(Collectors.joining(","))
                + ",fake_name,fake_status";
        Engine.Prepared p =
                engine.prepare(job(LIST).withShape(Job.Shape.AGGREGATE).withFields(fields));
        ReportAggregator agg = ReportAggregator.forColumns(p.columns(), ReportAggregator.Limits.defaults());
        RunSummary s = engine.aggregate(p, agg::rowFormat, ProgressListener.NONE);
        assertThat(s.sources().get(0).asked()).isEqualTo(6);
        ReportData data = agg.result(
                new RunFacts("seam", List.of("test"), s.lines(), agg.statuses(), List.of(), Instant.EPOCH, List.of()));
        assertThat(data.columns()).contains("fake_name", "fake_status");
        int name = data.columns().indexOf("fake_name");
        int status = data.columns().indexOf("fake_status");
        Map<String, List<String>> byIp =
                data.rows().stream().collect(Collectors.toMap(r -> r.get(0), r -> r, (a, b) -> a, LinkedHashMap::new));
        assertThat(byIp.get("8.8.8.8").get(name)).isEqualTo("dns.google");
        assertThat(byIp.get("10.0.0.1").get(status)).isEqualTo("skipped");
        assertThat(byIp.get("9.9.9.9").get(status)).isEqualTo("timeout");
        ByteArrayOutputStream html = new ByteArrayOutputStream();
        HtmlReport.write(data, new HtmlReport.Options(Optional.empty(), 25, Optional.empty()), html);
        String page = html.toString(StandardCharsets.UTF_8);
        assertThat(page).contains("fake_name").contains("dns.google").contains("error:SERVFAIL from the test");
        assertThat(page).doesNotContain("=cmd|' /C calc'!A0\"<"); // escaped, never raw markup
    }

    @Test
    void hostileAnswersStayDataInEveryFormat() throws IOException {
        String hostile = "<img src=x onerror=alert(1)>&\u001b[2J";
        // a job reads its input once: a new one per run
        String csv = run(job("8.8.4.4\n").withFields("ip,fake_name"));
        assertThat(csv).doesNotContain("\u001b").contains("<img src=x onerror=alert(1)>&");
        String table = run(job("8.8.4.4\n").withFields("ip,fake_name").withFormat(SinkFormat.TABLE));
        assertThat(table).contains("<img src=x onerror=alert(1)>&").doesNotContain("\u001b");
        String jsonl = run(job("8.8.4.4\n").withFields("ip,fake_name").withFormat(SinkFormat.JSONL));
        assertThat(new ObjectMapper().readTree(jsonl).get("fake_name").asText()).isEqualTo(hostile);

        String fields =
                ReportAggregator.COLUMNS.stream().map(Field::column).collect(Collectors.joining(",")) + ",fake_name";
        Engine.Prepared p =
                engine.prepare(job("8.8.4.4\n").withShape(Job.Shape.AGGREGATE).withFields(fields));
        ReportAggregator agg = ReportAggregator.forColumns(p.columns(), ReportAggregator.Limits.defaults());
        RunSummary s = engine.aggregate(p, agg::rowFormat, ProgressListener.NONE);
        ReportData data = agg.result(
                new RunFacts("seam", List.of("test"), s.lines(), agg.statuses(), List.of(), Instant.EPOCH, List.of()));
        assertThat(data.rows().get(0)).anyMatch(cell -> cell.contains("onerror=alert(1)"));
        ByteArrayOutputStream html = new ByteArrayOutputStream();
        HtmlReport.write(data, new HtmlReport.Options(Optional.empty(), 25, Optional.empty()), html);
        String page = html.toString(StandardCharsets.UTF_8);
        assertThat(page)
                .contains("onerror=alert(1)")
                .doesNotContain("<img src=x")
                .doesNotContain("\u001b");
    }

    /**
     * A translation or tunnel address that carries a private IPv4 address names a private host:
     * never sent; one carrying a public address is; a network line is not asked about.
     */
    @Test
    void tunnelsToPrivateHostsAndNetworksAreNotSent() throws IOException {
        String input = String.join(
                "\n",
                "64:ff9b::10.0.0.1", // NAT64 of a private address
                "64:ff9b::808:808", // NAT64 of 8.8.8.8
                "2002:c0a8:101::1", // 6to4 of 192.168.1.1
                "2002:808:808::1", // 6to4 of 8.8.8.8
                "2001:0:808:808:0:0:f5f5:fef5", // Teredo, client 10.10.1.10 (inverted)
                "::ffff:10.1.1.1", // mapped private
                "8.8.8.0/24", // a network
                "");
        String csv = run(job(input).withFields("ip,fake_status"));
        assertThat(csv.lines().skip(1).toList())
                .containsExactly(
                        "64:ff9b::a00:1,skipped",
                        "64:ff9b::808:808,not_found",
                        "2002:c0a8:101::1,skipped",
                        "2002:808:808::1,not_found",
                        "2001:0:808:808::f5f5:fef5,skipped",
                        "10.1.1.1,skipped",
                        "8.8.8.0/24,skipped");
        assertThat(source.asked).containsExactlyInAnyOrder(ip("64:ff9b::808:808"), ip("2002:808:808::1"));
        assertThat(last.sources().get(0).count(SourceStatus.SKIPPED)).isEqualTo(5);
    }

    @Test
    void aSourceThatThrowsReturnsNothingOrAnUnknownTypeGivesErrorsNotAFailedRun() throws IOException {
        RemoteSource broken = new RemoteSource() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<SourceColumn> columns() {
                return List.of(new SourceColumn("broken_value", "anything"));
            }

            @Override
            public String destination() {
                return "nowhere";
            }

            @Override
            public CompletionStage<SourceAnswer> lookup(IpAddress a) {
                return switch ((int) (a.lo() & 3)) {
                    case 1 -> throw new IllegalStateException("thrown at once");
                    case 2 -> null;
                    case 3 ->
                        CompletableFuture.supplyAsync(() -> SourceAnswer.found(Map.of("broken_value", new Object())));
                    default -> CompletableFuture.completedFuture(SourceAnswer.found(Map.of("broken_value", "fine")));
                };
            }
        };
        try (Engine e =
                Engine.builder().databases(engine.databases()).source(broken).build()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RunSummary s = e.run(
                    job("8.8.8.4\n8.8.8.5\n8.8.8.6\n8.8.8.7\n").withFields("ip,broken_value,broken_status"),
                    out,
                    ProgressListener.NONE);
            assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1).toList())
                    .containsExactly(
                            "8.8.8.4,fine,ok",
                            "8.8.8.5,,error:thrown at once",
                            "8.8.8.6,,error:no answer",
                            "8.8.8.7,,\"error:a source's value must be text, a number, a boolean, a list or a map,"
                                    + " not java.lang.Object\"");
            assertThat(s.sources().get(0).count(SourceStatus.ERROR)).isEqualTo(3);
        }
    }

    @Test
    void aSourceNameThatIsNoColumnNameIsRefused() {
        RemoteSource bad = new FakeSource() {
            @Override
            public String name() {
                return "Bad,Name\n";
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Engine.builder().source(bad).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case letters");
    }

    /**
     * Many blocks on two worker threads: every distinct public address is asked once, never more
     * than the source's concurrency at a time, and every row carries its own address's answer.
     */
    @Test
    void manyBlocksAskEachAddressOnceWithinTheConcurrency() throws IOException {
        Random r = new Random(3);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String a = (11 + r.nextInt(89)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(250));
            pool.add(a);
            source.names.put(ip(a), "host-" + a);
        }
        pool.add("10.9.8.7");
        StringBuilder in = new StringBuilder();
        List<String> order = new ArrayList<>();
        while (in.length() < 2_500_000) { // more than two 1 MiB blocks
            String a = pool.get(r.nextInt(pool.size()));
            order.add(a);
            in.append(a).append('\n');
        }
        String csv =
                run(job(in.toString()).withFields("ip,fake_name,fake_status").withThreads(2));
        List<String> lines = csv.lines().skip(1).toList();
        assertThat(lines).hasSize(order.size());
        for (int i = 0; i < lines.size(); i++) {
            String a = order.get(i);
            String want = a.equals("10.9.8.7") ? a + ",,skipped" : a + ",host-" + a + ",ok";
            if (!lines.get(i).equals(want)) {
                assertThat(lines.get(i)).as("row %d", i).isEqualTo(want);
            }
        }
        long distinctPublic =
                order.stream().distinct().filter(a -> !a.equals("10.9.8.7")).count();
        assertThat(source.calls.get()).isEqualTo(distinctPublic);
        assertThat(source.mostInFlight.get()).isBetween(1, 4);
        SourceStats st = last.sources().get(0);
        assertThat(st.asked()).isEqualTo(distinctPublic);
        assertThat(st.count(SourceStatus.SKIPPED)).isEqualTo(1);
        assertThat(st.reused()).as("addresses met again in later blocks").isPositive();
    }

    @Test
    void aJobThatSelectsNoneOfItsColumnsSendsNothing() throws IOException {
        run(job(LIST).withFields("ip,country"));
        assertThat(source.calls).hasValue(0);
        assertThat(last.sources()).isEmpty();
    }

    /** The library's front door takes a remote source too: its answers are values of the result. */
    @Test
    void theLibraryFrontDoorAsksARemoteSourceToo() throws IOException {
        try (dev.iptriage.IpTriage t = dev.iptriage.IpTriage.builder()
                .database(Fixtures.city(java.nio.file.Files.createDirectories(dir.resolve("lib"))))
                .source(source)
                .build()) {
            List<dev.iptriage.IpInfo> r = t.lookupAll(List.of("8.8.8.8", "10.0.0.1", "9.9.9.9", "bad"));
            assertThat(r.get(0).value("fake_name")).contains("dns.google");
            assertThat(r.get(0).value("fake_status")).contains("ok");
            assertThat(r.get(1).value("fake_status")).contains("skipped");
            assertThat(r.get(2).value("fake_status")).contains("timeout");
            assertThat(r.get(3).value("fake_status")).isEmpty();
        }
        assertThat(source.asked).containsExactlyInAnyOrder(ip("8.8.8.8"), ip("9.9.9.9"));
    }

    @Test
    void aPreparedJobRunsOnceForItsInputsAreReadOnce() throws IOException {
        Engine.Prepared p = engine.prepare(job(LIST).withFields("ip"));
        engine.run(p, new ByteArrayOutputStream(), ProgressListener.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> engine.run(p, new ByteArrayOutputStream(), ProgressListener.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runs once");
    }
}
