package dev.iptriage.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.model.Field;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote source that fills built-in columns ({@link RemoteSource#fills()}): its values replace the databases' where
 * it has them, on every path, and one asked only when missing ({@link RemoteSource#onlyWhenMissing()}) is asked about
 * the addresses the databases left short, and no other.
 */
class RemoteFillsTest {
    @TempDir
    Path dir;

    /** Answers city, asn and network for every address, and its own column; counts what it is asked. */
    static final class Filling implements RemoteSource {
        final boolean missing;
        final Set<IpAddress> asked = ConcurrentHashMap.newKeySet();

        Filling(boolean missing) {
            this.missing = missing;
        }

        @Override
        public String name() {
            return "ws";
        }

        @Override
        public List<SourceColumn> columns() {
            return List.of(new SourceColumn("ws_extra", "only the source has it"));
        }

        @Override
        public Set<Field> fills() {
            return Set.of(Field.CITY, Field.ASN, Field.NETWORK, Field.USER_TYPE);
        }

        @Override
        public boolean onlyWhenMissing() {
            return missing;
        }

        @Override
        public String destination() {
            return "the test";
        }

        @Override
        public CompletionStage<SourceAnswer> lookup(IpAddress a) {
            asked.add(a);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("city", "WS-" + a);
            v.put("asn", 65000L);
            v.put("network", a + "/32");
            v.put("ws_extra", "x");
            // no user_type: the column stays as the databases left it
            return CompletableFuture.completedFuture(SourceAnswer.found(v));
        }
    }

    private static IpAddress ip(String s) {
        return IpLiteral.tryParseStrict(s);
    }

    private Engine engine(RemoteSource s) throws IOException {
        return Engine.builder()
                .databases(List.of(Database.open(Fixtures.city(dir)), Database.open(Fixtures.asn(dir))))
                .source(s)
                .build();
    }

    private static Job job(String input) {
        return Job.of(List.of(Input.stdin(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))));
    }

    private static String run(Engine e, Job j) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.run(j, out, ProgressListener.NONE);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final String LIST = "8.8.8.8\n1.1.1.1\n9.9.9.9\n10.1.1.1\n81.2.69.160\n8.8.8.8\n";

    @Test
    void theAnswersValuesReplaceTheDatabasesOnEveryPath() throws IOException {
        Filling s = new Filling(false);
        try (Engine e = engine(s)) {
            String fields = "ip,status,city,asn,network,ws_extra,ws_status";
            List<String> rows = run(e, job(LIST).withFields(fields)).lines().toList();
            assertThat(rows)
                    .containsExactly(
                            "ip,status,city,asn,network,ws_extra,ws_status",
                            "8.8.8.8,ok,WS-8.8.8.8,65000,8.8.8.8/32,x,ok",
                            "1.1.1.1,ok,WS-1.1.1.1,65000,1.1.1.1/32,x,ok",
                            "9.9.9.9,not_found,WS-9.9.9.9,65000,9.9.9.9/32,x,ok",
                            "10.1.1.1,private,,,10.0.0.0/8,,skipped",
                            "81.2.69.160,ok,WS-81.2.69.160,65000,81.2.69.160/32,x,ok",
                            "8.8.8.8,ok,WS-8.8.8.8,65000,8.8.8.8/32,x,ok");
            // the log path, the join and the library lookups say the same
            StringBuilder log = new StringBuilder();
            LIST.lines().forEach(a -> log.append("connection from ").append(a).append(" refused\n"));
            assertThat(run(
                                    e,
                                    job(log.toString())
                                            .withMode(InputMode.parse("text"))
                                            .withFields(fields))
                            .lines()
                            .toList())
                    .isEqualTo(rows);
            StringBuilder csv = new StringBuilder("src\n");
            LIST.lines().forEach(a -> csv.append(a).append('\n'));
            List<String> joined = run(
                            e,
                            job(csv.toString())
                                    .withMode(InputMode.parse("csv:src"))
                                    .withShape(Job.Shape.JOIN)
                                    .withFields("city,asn,network,ws_extra,ws_status"))
                    .lines()
                    .toList();
            for (int i = 1; i < rows.size(); i++) {
                String want = rows.get(i)
                        .substring(rows.get(i).indexOf(',', rows.get(i).indexOf(',') + 1) + 1);
                assertThat(joined.get(i)).isEqualTo(LIST.lines().toList().get(i - 1) + "," + want);
            }
            var columns = e.columns("city,asn,network");
            List<IpAddress> addresses = LIST.lines().map(RemoteFillsTest::ip).toList();
            var found = e.lookups(columns).lookupAll(addresses);
            assertThat(found.get(1).values())
                    .containsExactly("WS-1.1.1.1", 65000L, dev.iptriage.ip.Cidr.of(ip("1.1.1.1"), 32));
            // JSON keeps the answer's types: the number a number, the network as the databases write theirs
            String json = run(e, job("8.8.8.8\n").withFields("asn,network").withFormat(SinkFormat.JSONL));
            assertThat(json.strip()).isEqualTo("{\"asn\":65000,\"network\":\"8.8.8.8/32\"}");
        }
        assertThat(s.asked).doesNotContain(ip("10.1.1.1"));
    }

    @Test
    void theSourceColumnNamesWhoSuppliedEachValue() throws IOException {
        Filling s = new Filling(true);
        try (Engine e = engine(s)) {
            String json = run(
                    e,
                    job("8.8.8.8\n1.1.1.1\n10.1.1.1\n")
                            .withFields("ip,city,asn,network,ws_extra,source")
                            .withFormat(SinkFormat.JSONL));
            List<String> rows = json.lines().toList();
            assertThat(rows.get(0))
                    .endsWith(
                            "\"source\":{\"city\":\"GeoLite2-City\",\"asn\":\"GeoLite2-ASN\",\"network\":\"GeoLite2-ASN\"}}");
            assertThat(rows.get(1))
                    .endsWith("\"source\":{\"asn\":\"ws\",\"network\":\"ws\",\"city\":\"ws\",\"ws_extra\":\"ws\"}}");
            assertThat(rows.get(2)).endsWith("\"source\":{\"network\":\"GeoLite2-City\"}}");
            // the same without the source: the column changes nothing else
            String plain = run(
                    e,
                    job("8.8.8.8\n1.1.1.1\n10.1.1.1\n")
                            .withFields("ip,city,asn,network,ws_extra")
                            .withFormat(SinkFormat.JSONL));
            List<String> without = plain.lines().toList();
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i))
                        .startsWith(without.get(i).substring(0, without.get(i).length() - 1));
            }
        }
        // without a remote source, on the fast CSV path too
        try (Engine e = Engine.builder()
                .databases(List.of(Database.open(Fixtures.city(dir)), Database.open(Fixtures.asn(dir))))
                .build()) {
            String csv = run(e, job("81.2.69.160\n").withFields("ip,city,as_org,source"));
            assertThat(csv.lines().toList().get(1))
                    .isEqualTo("81.2.69.160,London,Andrews & Arnold Ltd,"
                            + "\"{\"\"city\"\":\"\"GeoLite2-City\"\",\"\"as_org\"\":\"\"GeoLite2-ASN\"\"}\"");
        }
    }

    @Test
    void onlyWhenMissingAsksOnlyWhereTheDatabasesLeftAChosenColumnEmpty() throws IOException {
        Filling s = new Filling(true);
        try (Engine e = engine(s)) {
            List<String> rows = run(e, job(LIST).withFields("ip,city,asn,ws_status"))
                    .lines()
                    .toList();
            // 8.8.8.8 and 81.2.69.160 have a city and an ASN in the fixtures; 1.1.1.1 has no city, 9.9.9.9 nothing
            assertThat(rows)
                    .containsExactly(
                            "ip,city,asn,ws_status",
                            "8.8.8.8,Mountain View,15169,skipped:local",
                            "1.1.1.1,WS-1.1.1.1,65000,ok",
                            "9.9.9.9,WS-9.9.9.9,65000,ok",
                            "10.1.1.1,,,skipped",
                            "81.2.69.160,London,20712,skipped:local",
                            "8.8.8.8,Mountain View,15169,skipped:local");
            assertThat(s.asked).containsExactlyInAnyOrder(ip("1.1.1.1"), ip("9.9.9.9"));

            // its own column does not make an address missing: judged by the built-in ones, and filled where asked
            s.asked.clear();
            List<String> own =
                    run(e, job(LIST).withFields("ip,city,ws_extra")).lines().toList();
            // (ws_status comes with ws_extra: an empty ws_extra alone would not say it was not asked)
            assertThat(own.get(0)).isEqualTo("ip,city,ws_extra,ws_status");
            assertThat(own.get(1)).isEqualTo("8.8.8.8,Mountain View,,skipped:local");
            assertThat(own.get(2)).isEqualTo("1.1.1.1,WS-1.1.1.1,x,ok");
            assertThat(s.asked).containsExactlyInAnyOrder(ip("1.1.1.1"), ip("9.9.9.9"));
            // with none of the built-in ones shown there is nothing to judge by: every public address is asked
            s.asked.clear();
            run(e, job(LIST).withFields("ip,ws_extra"));
            assertThat(s.asked)
                    .containsExactlyInAnyOrder(ip("8.8.8.8"), ip("1.1.1.1"), ip("9.9.9.9"), ip("81.2.69.160"));

            // a column the databases cannot have and the answer lacks (user_type): asked, and it stays empty
            s.asked.clear();
            List<String> typed = run(e, job("8.8.8.8\n").withFields("ip,user_type,ws_status"))
                    .lines()
                    .toList();
            assertThat(typed).containsExactly("ip,user_type,ws_status", "8.8.8.8,,ok");
            assertThat(s.asked).containsExactly(ip("8.8.8.8"));
        }
        // the same decisions on the log path
        Filling t = new Filling(true);
        try (Engine e = engine(t)) {
            StringBuilder log = new StringBuilder();
            LIST.lines().forEach(a -> log.append("from ").append(a).append('\n'));
            List<String> rows = new ArrayList<>(
                    run(e, job(log.toString()).withMode(InputMode.parse("text")).withFields("ip,city,asn,ws_status"))
                            .lines()
                            .toList());
            assertThat(rows.get(1)).isEqualTo("8.8.8.8,Mountain View,15169,skipped:local");
            assertThat(rows.get(2)).isEqualTo("1.1.1.1,WS-1.1.1.1,65000,ok");
            assertThat(t.asked).containsExactlyInAnyOrder(ip("1.1.1.1"), ip("9.9.9.9"));
        }
    }
}
