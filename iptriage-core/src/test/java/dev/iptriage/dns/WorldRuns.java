package dev.iptriage.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Enrichment;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.engine.RunSummary;
import dev.iptriage.input.Input;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.model.Column;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.testing.dns.DnsServer;
import dev.iptriage.testing.dns.DnsTestWorld;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How the DNS tests run the client and the sources against a {@link DnsTestWorld}: settings that
 * keep the never-answered names short (a small query timeout, a few retries so a slow answer on a
 * busy machine is asked again rather than taken for a timeout), and the engine's two library seams
 * ({@link Engine#lookups} and an enrich {@link Job}) with the sources and no database.
 */
final class WorldRuns {
    /** The clock of the tests: a fixed day. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);

    /** Retries of the tests' clients: more than the default, so a stall on a busy machine is not a timeout. */
    static final int RETRIES = 3;

    /** The most one question takes in the tests: long enough for the retries, short for the timeouts. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorldRuns() {}

    /** The tests' settings for these servers. */
    static DnsClient.Settings settings(List<InetSocketAddress> servers) {
        return new DnsClient.Settings(servers, DnsClient.Settings.DEFAULT_CONCURRENCY, 0, RETRIES, QUERY_TIMEOUT, null);
    }

    /** The tests' settings for the world's resolver. */
    static DnsClient.Settings settings(DnsTestWorld world) {
        return settings(List.of(world.socketAddress()));
    }

    /** A client of the world's resolver, without a cache. */
    static DnsClient client(DnsTestWorld world) {
        return DnsClient.start(settings(world), null, CLOCK);
    }

    static IpAddress ip(String address) {
        return IpLiteral.parseStrict(address).orElseThrow();
    }

    static List<IpAddress> ips(List<String> addresses) {
        return addresses.stream().map(WorldRuns::ip).toList();
    }

    /** An engine with these sources and no database. */
    static Engine engine(RemoteSource... sources) {
        Engine.Builder b = Engine.builder();
        for (RemoteSource s : sources) {
            b.source(s);
        }
        try {
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The engine's lookups ({@link Engine#lookups}) of {@code addresses} for the columns {@code
     * fields}: per address as given, each column's value as the engine hands it to a library user.
     */
    static Map<String, Map<String, Object>> lookups(Engine engine, String fields, List<String> addresses) {
        List<Column> columns = engine.columns(fields);
        List<Enrichment> rows = engine.lookups(columns).lookupAll(ips(addresses));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                row.put(columns.get(c).name(), rows.get(i).values()[c]);
            }
            out.put(addresses.get(i), row);
        }
        return out;
    }

    /** Asks one question and waits for the answer, which must never be an exception. */
    static DnsResult ask(DnsClient c, DnsClient.Question q) {
        CompletableFuture<DnsResult> f = c.query(q);
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(q.name() + ": query() must never complete exceptionally: " + e, e);
        }
    }

    /** Asks one question without a secret. */
    static DnsResult ask(DnsClient c, String name, int type, String asker) {
        return ask(c, DnsClient.Question.of(name, type, asker));
    }

    /** {@link DnsClient#traffic} of a client that sends. */
    static Map<String, Long> traffic(long queries, long retries, long cacheHits) {
        return Map.of("DNS queries", queries, "retries", retries, "cache hits", cacheHits);
    }

    /** How often the world's resolver got this query so far (a name without its final dot). */
    static long logged(DnsTestWorld world, String name, String type) {
        DnsServer.Query q = new DnsServer.Query(name.toLowerCase(Locale.ROOT), type);
        return world.queryLog().stream().filter(q::equals).count();
    }

    /** One source's answer for one address, asked directly ({@link RemoteSource#lookup}). */
    static SourceAnswer lookup(RemoteSource source, String address) {
        try {
            return source.lookup(ip(address)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(address + ": the lookup failed: " + e, e);
        }
    }

    /** The result of an enrich job (JSON Lines, so values keep their types) and its run summary. */
    record Enriched(List<JsonNode> rows, RunSummary summary) {}

    /** Runs an enrich job over {@code lines} (one address per line) with the columns {@code fields}. */
    static Enriched enrich(Engine engine, List<String> lines, String fields, Job.Shape shape) {
        byte[] in = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        Job job = Job.of(List.of(Input.stdin(new ByteArrayInputStream(in))))
                .withFields(fields)
                .withFormat(SinkFormat.JSONL)
                .withShape(shape);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            RunSummary s = engine.run(job, out, ProgressListener.NONE);
            List<JsonNode> rows = new ArrayList<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    rows.add(JSON.readTree(line));
                }
            }
            return new Enriched(rows, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
