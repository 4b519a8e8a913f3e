package dev.iptriage.cli;

import dev.iptriage.engine.Enricher;
import dev.iptriage.engine.JobSpec;
import dev.iptriage.input.Input;
import dev.iptriage.sink.SinkFormat;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the commands that run a job over address lists ({@code enrich}, {@code report}). */
final class RunOptions {
    @Option(
            names = "--lang",
            paramLabel = "LANG",
            defaultValue = "en",
            description = "language of place names (en, de, es, fr, ja, pt-BR, ru, zh-CN; falls back to en)")
    String lang;

    @Option(
            names = "--strict",
            description = "accept only bare address literals (surrounding blanks ignored); anything else is invalid")
    boolean strict;

    @Option(
            names = "--max-errors",
            paramLabel = "N",
            defaultValue = "0",
            description = "exit 5 when more rows than this have status error (default: ${DEFAULT-VALUE})")
    long maxErrors;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: the number of cores)")
    Integer threads;

    @Option(
            names = "--max-distinct",
            paramLabel = "N",
            description = "with --unique and in reports: most distinct values kept (memory bound); more are"
                    + " counted, reported and make the exit code 5 (default: about 2,500 per MB of Java heap)")
    Integer maxDistinct;

    @Option(
            names = {"-q", "--quiet"},
            description = "no messages on stderr except errors")
    boolean quiet;

    /** Worker threads decoding log or text lines ({@code --from MODE}) beside the reading thread. */
    int decoders() {
        return threads != null ? Math.max(0, threads) : Runtime.getRuntime().availableProcessors();
    }

    /** The job these options describe ({@code keepMapped}: {@code --keep-mapped}). */
    JobSpec spec(List<Input> inputs, Enricher enricher, SinkFormat format, boolean unique, boolean keepMapped) {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new JobSpec(
                inputs,
                enricher,
                format,
                unique,
                strict,
                Math.max(1, n),
                maxDistinct != null ? maxDistinct : JobSpec.defaultMaxDistinct(),
                keepMapped);
    }
}
