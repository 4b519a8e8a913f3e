package dev.iptriage.cli;

import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.Tags;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.sources.RemoteSource;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the commands that run a job over address lists ({@code enrich}, {@code report}). */
final class RunOptions {
    @Option(
            names = "--lang",
            completionCandidates = Candidates.Languages.class,
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
            negatable = true,
            description = "no messages on stderr except errors and the cause of a non-zero exit (--no-quiet: undoes the"
                    + " config file's quiet = true)")
    boolean quiet;

    /**
     * The job these options and {@code input}'s describe, over {@code inputs}: the engine's {@link
     * Job} with this command's shape, columns and format.
     */
    Job job(
            InputOptions input,
            List<Input> inputs,
            InputMode mode,
            Job.Shape shape,
            String fields,
            boolean raw,
            SinkFormat format) {
        if (maxDistinct != null && maxDistinct < 1) {
            throw new CliException(ExitCodes.USAGE, "--max-distinct must be at least 1");
        }
        return new Job(
                inputs,
                mode,
                shape,
                fields,
                raw,
                format,
                strict,
                input.extractOptions(),
                input.year,
                threads != null ? Math.max(0, threads) : Job.DEFAULT,
                maxDistinct != null ? maxDistinct : Job.DEFAULT);
    }

    /**
     * The engine over {@code databases}, the offline {@code tags} (or null) and the online {@code sources}, with
     * these options' language.
     */
    Engine engine(List<Database> databases, Tags tags, List<RemoteSource> sources) throws IOException {
        Engine.Builder b = Engine.builder().databases(databases).language(lang).tags(tags);
        sources.forEach(b::source);
        return b.build();
    }
}
