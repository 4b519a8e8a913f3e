package dev.iptriage.cli;

import dev.iptriage.engine.RunSummary;
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

/** Tells enrich outputs (used as they are) from address lists (looked up) among report inputs. */
final class ReportInputs {
    private ReportInputs() {}

    /** Enrich output files, read without lookups. */
    record Enriched(List<String> files, Env env, boolean quiet) {
        /** Feeds every file to the aggregator and sums up like a job would. */
        RunSummary feed(ReportAggregator agg) throws IOException {
            long start = System.nanoTime();
            long records = 0;
            long bytes = 0;
            List<String> inputErrors = new ArrayList<>();
            for (String f : files) {
                Input in = open(f);
                try (InputStream s = in.open()) {
                    EnrichedFile.Result r = EnrichedFile.feed(f, s, agg);
                    records += r.records();
                    bytes += Math.max(0, in.size());
                    if (r.bad() > 0 && !quiet) {
                        env.err()
                                .printf(
                                        "iptriage: warning: %,d records could not be read, counted as invalid;"
                                                + " first: %s%n",
                                        r.bad(), r.firstBad());
                    }
                } catch (IOException e) {
                    inputErrors.add(f + ": " + e.getMessage());
                }
            }
            Map<Status, Long> byStatus = new EnumMap<>(Status.class);
            Map<String, Long> counted = agg.statuses();
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
    }

    /**
     * The inputs as enrich outputs, or null when they are address lists. A .csv/.jsonl file counts
     * as an enrich output when its first line has {@code ip} and {@code status} columns; mixing the
     * two kinds is a usage error.
     */
    static Enriched enriched(List<String> files, Env env, boolean quiet) {
        List<String> enriched = files.stream()
                .filter(f -> !f.equals("-") && EnrichedFile.looksEnriched(f) && hasEnrichHeader(f))
                .toList();
        if (enriched.isEmpty()) {
            return null;
        }
        if (enriched.size() != files.size()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "mixed inputs: " + enriched.get(0) + " is an enrich output, other inputs are address lists;"
                            + " report on one kind at a time");
        }
        return new Enriched(files, env, quiet);
    }

    private static boolean hasEnrichHeader(String file) {
        if (!Files.isRegularFile(Path.of(file))) {
            return false; // a pipe cannot be peeked at and read again: it is read once, as --from auto
        }
        String first;
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(open(file).open(), StandardCharsets.UTF_8))) {
            char[] buf = new char[65536];
            int n = r.read(buf);
            first = n <= 0 ? "" : new String(buf, 0, n).lines().findFirst().orElse("");
        } catch (IOException e) {
            return false;
        }
        if (first.startsWith("{")) {
            return first.contains("\"ip\"") && first.contains("\"status\"");
        }
        List<String> cells =
                Arrays.stream(first.split(",", -1)).map(String::strip).toList();
        return cells.contains("ip") && cells.contains("status");
    }

    private static Input open(String file) {
        return InputFiles.file(file);
    }
}
