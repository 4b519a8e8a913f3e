package dev.iptriage.sink.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.engine.RunSummary;
import dev.iptriage.input.Input;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Field;
import dev.iptriage.sink.html.HtmlReport;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote sources through the engine's seam into the report, without DNS: the summaries are read
 * from the columns the engine makes ({@code NAME_status} after each source's own), whatever the
 * source, and what was sent comes from the run's summary.
 */
class ReportSourcesSeamTest {
    @TempDir
    Path dir;

    /** A source answering from a function (null: not found). */
    record Fake(String name, List<SourceColumn> columns, Function<String, Map<String, Object>> answers)
            implements RemoteSource {
        @Override
        public String destination() {
            return "a function in the test";
        }

        @Override
        public CompletionStage<SourceAnswer> lookup(IpAddress address) {
            Map<String, Object> v = answers.apply(address.toString());
            return CompletableFuture.completedFuture(v == null ? SourceAnswer.notFound() : SourceAnswer.found(v));
        }
    }

    @Test
    void anySourcesStatusesAndColumnsAndTheListingsReachThePage() throws IOException {
        Fake names = new Fake(
                "names",
                List.of(new SourceColumn("name", "a name"), new SourceColumn("confirmed", "yes or no")),
                ip -> switch (ip) {
                    case "8.8.8.8" -> Map.of("name", "dns.google", "confirmed", true);
                    case "8.8.4.4" -> Map.of("name", "forged.example", "confirmed", false);
                    default -> null;
                });
        Fake dnsbl = new Fake(
                "dnsbl",
                List.of(new SourceColumn("dnsbl", "listings")),
                ip -> ip.startsWith("8.8.") ? listed("zen.spamhaus.org:XBL") : null);
        Engine engine = Engine.builder()
                .databases(List.of(Database.open(Fixtures.city(dir))))
                .source(names)
                .source(dnsbl)
                .build();
        String fields = ReportAggregator.COLUMNS.stream().map(Field::column).collect(Collectors.joining(","))
                + ",name,confirmed,names_status,dnsbl,dnsbl_status";
        String input = "8.8.8.8\n8.8.8.8\n8.8.4.4\n1.1.1.1\n10.0.0.1\nnot an address\n";
        Job job = Job.of(List.of(Input.stdin(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))))
                .withShape(Job.Shape.AGGREGATE)
                .withFields(fields);
        Engine.Prepared p = engine.prepare(job);
        ReportAggregator agg = ReportAggregator.forColumns(p.columns(), ReportAggregator.Limits.defaults());
        RunSummary s = engine.aggregate(p, agg::rowFormat, ProgressListener.NONE);
        ReportData d = agg.result(new RunFacts(
                "seam",
                List.of("test"),
                s.lines(),
                agg.statuses(),
                List.of(),
                Instant.EPOCH,
                List.of(),
                s.sources().stream().map(SentFact::of).toList(),
                List.of()));

        assertThat(d.sources()).extracting(SourceSummary::source).containsExactly("names", "dnsbl");
        assertThat(d.sources().get(0).statuses())
                .containsExactly(Map.entry("ok", 2L), Map.entry("not_found", 1L), Map.entry("skipped", 1L));
        assertThat(d.sources().get(0).columns())
                .containsExactly(
                        new SourceSummary.Filled("name", 2, false, 0, 0),
                        new SourceSummary.Filled("confirmed", 2, true, 1, 1));
        assertThat(d.sources().get(1).statuses())
                .containsExactly(Map.entry("ok", 2L), Map.entry("not_found", 1L), Map.entry("skipped", 1L));
        assertThat(d.listings())
                .contains(new Listings(2, 3, List.of(new Tally("zen.spamhaus.org:XBL", "zen.spamhaus.org:XBL", 3, 2))));

        ByteArrayOutputStream html = new ByteArrayOutputStream();
        HtmlReport.write(d, new HtmlReport.Options(Optional.empty(), 25, Optional.empty()), html);
        String page = html.toString(StandardCharsets.UTF_8);
        assertThat(page)
                .contains("<tr><th>names</th><td>a function in the test</td><td class=\"n\">3</td>")
                .contains("<tr><th>dnsbl</th><td>a function in the test</td><td class=\"n\">3</td>")
                .contains("<section id=\"online\">", "<div class=\"top\" id=\"listings\">");
    }

    private static Map<String, Object> listed(String... listings) {
        Map<String, Object> m = new HashMap<>();
        m.put("dnsbl", List.of(listings));
        return m;
    }
}
