package dev.iptriage.dns;

import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.testing.dns.DnsTestWorld;
import dev.iptriage.testing.dns.DnsWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two ways of getting the same answer: for a random sample of the world's public addresses (some
 * in IPv4-mapped form, some repeated, in random order), the engine's enrich on the list path, its
 * {@code --unique} shape and {@link Engine#lookups} give each address the very source columns that
 * asking {@link RemoteSource#lookup} directly gives it, for the three DNS sources at once. Each way
 * has a client of its own, so no answer is shared between them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsSourcesPropertyTest {
    private static final long SEED = 20_261_206L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @DnsWorld
    private static DnsTestWorld world;

    /** The three sources over one client (started by the caller), the blocklist probed. */
    private static List<RemoteSource> sources(DnsClient c) {
        DnsblSource dnsbl = new DnsblSource(
                c,
                List.of(
                        DnsblZones.builtIn(ZEN).orElseThrow(),
                        new DnsblZone(
                                BL_V4ONLY,
                                DnsblZone.Ipv6.PROBE,
                                false,
                                null,
                                Map.of("127.0.0.2", "Listed"),
                                "a test",
                                "")),
                null);
        assertThat(dnsbl.probe()).isEmpty();
        return List.of(new PtrSource(c), dnsbl, new CymruSource(c));
    }

    /** A client with a short query timeout (the sample has names that never answer). */
    private static DnsClient client() {
        return DnsClient.start(
                new DnsClient.Settings(
                        List.of(world.socketAddress()), 64, 0, WorldRuns.RETRIES, Duration.ofMillis(1500), null),
                null,
                WorldRuns.CLOCK);
    }

    /** Every source column and status column, in order. */
    private static List<String> columns(List<RemoteSource> sources) {
        List<String> out = new ArrayList<>();
        for (RemoteSource s : sources) {
            s.columns().stream().map(SourceColumn::name).forEach(out::add);
            out.add(s.name() + "_status");
        }
        return out;
    }

    /** A value as JSON text ({@code null} for none): how the ways are compared. */
    private static String json(Object value) {
        return JSON.valueToTree(value).toString();
    }

    private static String json(JsonNode row, String column) {
        JsonNode v = row.get(column);
        return v == null ? "null" : v.toString();
    }

    @Test
    void theEngineGivesEachAddressWhatTheSourcesSayDirectly() {
        SplittableRandom r = new SplittableRandom(SEED);
        List<String> distinct = PUBLIC.stream().distinct().toList();
        List<String> sample = new ArrayList<>();
        for (String a : distinct) {
            if (r.nextInt(3) > 0) {
                sample.add(a.contains(":") || r.nextInt(4) > 0 ? a : "::ffff:" + a);
            }
        }
        List<String> lines = new ArrayList<>(sample);
        for (int i = 0; i < sample.size() / 3; i++) {
            lines.add(sample.get(r.nextInt(sample.size()))); // repeats
        }
        Collections.shuffle(lines, new java.util.Random(r.nextLong()));
        String what = "seed " + SEED + ", lines " + lines;

        // directly: each source's own answer, as the engine would write it
        Map<String, Map<String, String>> direct = new LinkedHashMap<>();
        List<String> columns;
        try (DnsClient c = client()) {
            List<RemoteSource> sources = sources(c);
            columns = columns(sources);
            Map<String, List<CompletableFuture<SourceAnswer>>> asked = new LinkedHashMap<>();
            for (String a : sample) { // all at once, as the engine asks them
                asked.put(
                        a,
                        sources.stream()
                                .map(s -> s.lookup(WorldRuns.ip(a)).toCompletableFuture())
                                .toList());
            }
            for (String a : sample) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int k = 0; k < sources.size(); k++) {
                    RemoteSource s = sources.get(k);
                    SourceAnswer answer = asked.get(a).get(k).join();
                    for (SourceColumn col : s.columns()) {
                        row.put(col.name(), json(answer.values().get(col.name())));
                    }
                    row.put(s.name() + "_status", json(answer.statusText()));
                }
                direct.put(a, row);
            }
        }
        String fields = String.join(",", columns);
        Function<String, Map<String, String>> want = a -> direct.get(a) != null
                ? direct.get(a)
                : direct.get(a.startsWith("::ffff:") ? a.substring(7) : "::ffff:" + a);

        // the engine's lookups
        try (DnsClient c = client();
                Engine e = WorldRuns.engine(sources(c).toArray(RemoteSource[]::new))) {
            Map<String, Map<String, Object>> rows = WorldRuns.lookups(e, fields, sample);
            for (String a : sample) {
                Map<String, String> got = new LinkedHashMap<>();
                rows.get(a).forEach((k, v) -> got.put(k, json(v)));
                assertThat(got).as("lookups of %s (%s)", a, what).isEqualTo(direct.get(a));
            }
        }

        // enrich, one row per line
        try (DnsClient c = client();
                Engine e = WorldRuns.engine(sources(c).toArray(RemoteSource[]::new))) {
            WorldRuns.Enriched out = WorldRuns.enrich(e, lines, "ip," + fields, Job.Shape.ROWS);
            assertThat(out.rows()).hasSize(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode row = out.rows().get(i);
                Map<String, String> got = new LinkedHashMap<>();
                columns.forEach(col -> got.put(col, json(row, col)));
                assertThat(got).as("row %d, %s (%s)", i, lines.get(i), what).isEqualTo(want.apply(lines.get(i)));
            }
        }

        // enrich --unique: one row per distinct address, with its count
        try (DnsClient c = client();
                Engine e = WorldRuns.engine(sources(c).toArray(RemoteSource[]::new))) {
            WorldRuns.Enriched out = WorldRuns.enrich(e, lines, "ip," + fields, Job.Shape.UNIQUE);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String l : lines) {
                counts.merge(WorldRuns.ip(l).unmap().toString(), 1L, Long::sum);
            }
            assertThat(out.rows()).hasSize(counts.size());
            for (JsonNode row : out.rows()) {
                String ip = row.get("ip").asText();
                Map<String, String> got = new LinkedHashMap<>();
                columns.forEach(col -> got.put(col, json(row, col)));
                assertThat(got).as("unique row of %s (%s)", ip, what).isEqualTo(want.apply(ip));
                assertThat(row.get("count").asLong()).as(ip).isEqualTo(counts.get(ip));
            }
        }
    }
}
