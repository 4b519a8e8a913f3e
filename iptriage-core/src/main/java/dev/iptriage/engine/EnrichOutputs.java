package dev.iptriage.engine;

import dev.iptriage.input.Input;
import dev.iptriage.model.Status;
import dev.iptriage.sink.report.EnrichedFile;
import dev.iptriage.sink.report.ReportAggregator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Report inputs that are {@code enrich} outputs (CSV or JSON Lines with {@code ip} and {@code
 * status} columns): the report uses their rows as they are, with no lookups. The engine's side of
 * {@code report}, so every front end tells them from address lists the same way.
 */
public final class EnrichOutputs {
    private EnrichOutputs() {}

    /**
     * Whether these report inputs are enrich outputs. A {@code .csv}/{@code .jsonl} file counts as
     * one when its first line has {@code ip} and {@code status} columns; standard input and pipes
     * never do (they cannot be peeked at and read again).
     *
     * @return true when every input is an enrich output, false when none is
     * @throws IllegalArgumentException when some are and some are not (report on one kind at a time)
     */
    public static boolean all(List<String> files) {
        List<String> enriched = files.stream()
                .filter(f -> !f.equals("-") && EnrichedFile.looksEnriched(f) && hasEnrichHeader(f))
                .toList();
        if (enriched.isEmpty()) {
            return false;
        }
        if (enriched.size() != files.size()) {
            throw new IllegalArgumentException("mixed inputs: " + enriched.get(0)
                    + " is an enrich output, other inputs are address lists; report on one kind at a time");
        }
        return true;
    }

    /**
     * Feeds every file's rows to {@code agg} and sums up like a run: lines and rows are the records
     * read, the statuses those the aggregator counted.
     *
     * @param warnings told of each file with records that could not be read (counted as invalid)
     */
    public static RunSummary aggregate(List<String> files, ReportAggregator agg, Consumer<String> warnings) {
        long start = System.nanoTime();
        long records = 0;
        long bytes = 0;
        List<String> inputErrors = new ArrayList<>();
        for (String f : files) {
            try {
                Input in = Input.file(Path.of(f));
                try (InputStream s = in.open()) {
                    EnrichedFile.Result r = EnrichedFile.feed(f, s, agg);
                    records += r.records();
                    bytes += Math.max(0, in.size());
                    if (r.bad() > 0) {
                        warnings.accept(String.format(
                                "%,d records could not be read, counted as invalid; first: %s", r.bad(), r.firstBad()));
                    }
                }
            } catch (IOException e) {
                inputErrors.add(f + ": " + e.getMessage());
            }
        }
        Map<Status, Long> byStatus = new EnumMap<>(Status.class);
        // per record, as the lines and rows it is said with (the report's facts give the sightings per status)
        Map<String, Long> counted = agg.rowStatuses();
        for (Status s : Status.values()) {
            byStatus.put(s, counted.getOrDefault(s.text(), 0L));
        }
        return new RunSummary(
                records,
                records,
                byStatus,
                0,
                0,
                0,
                0,
                0,
                bytes,
                Duration.ofNanos(System.nanoTime() - start),
                byStatus.get(Status.ERROR) > 0 ? "(see the enriched file)" : null,
                inputErrors,
                false,
                null,
                List.of());
    }

    private static boolean hasEnrichHeader(String file) {
        if (!Files.isRegularFile(Path.of(file))) {
            return false; // a pipe cannot be peeked at and read again: it is read once, as --from auto
        }
        String first;
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(Input.file(Path.of(file)).open(), StandardCharsets.UTF_8))) {
            char[] buf = new char[65536];
            int n = r.read(buf);
            first = n <= 0 ? "" : new String(buf, 0, n).lines().findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (first.startsWith("{")) {
            return first.contains("\"ip\"") && first.contains("\"status\"");
        }
        List<String> cells =
                Arrays.stream(first.split(",", -1)).map(String::strip).toList();
        return cells.contains("ip") && cells.contains("status");
    }
}
