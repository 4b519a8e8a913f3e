package dev.iptriage.cli;

import dev.iptriage.enrich.Enricher;
import dev.iptriage.enrich.mmdb.DatabaseLocator;
import dev.iptriage.extract.InputMode;
import dev.iptriage.model.Field;
import dev.iptriage.pipeline.JobRunner;
import dev.iptriage.pipeline.JobSpec;
import dev.iptriage.pipeline.JobSummary;
import dev.iptriage.pipeline.ProgressListener;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.source.Input;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iptriage enrich}: one row per input line (or per distinct address) with what the databases say. */
@Command(
        name = "enrich",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Look up every address of a list (one per line; '#' comments, ip:port, [v6]:port and CIDRs are"
                    + " understood) in local .mmdb databases and write one row per line, in order.",
            "Offline: nothing leaves the machine. Gzip inputs are read transparently."
        },
        footer = ExitCodes.HELP)
final class EnrichCommand implements Callable<Integer> {
    private final Env env;

    @Mixin
    InputOptions input;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "write here (atomically); the format follows the extension: .csv .jsonl .json .txt")
    Path output;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FMT",
            description = "csv (default), jsonl, json or table")
    String format;

    @Option(
            names = "--fields",
            paramLabel = "LIST",
            defaultValue = "default",
            description = "columns: 'default', 'all'"
                    + " or a comma-separated list (default,isp ...). See 'iptriage fields'.")
    String fields;

    @Option(
            names = {"-u", "--unique"},
            description = "one row per distinct address, with a count column")
    boolean unique;

    @Option(
            names = "--keep-columns",
            description = "with --from csv:COLUMN: write each input row with its own columns followed by the"
                    + " enrichment (join mode; csv or jsonl)")
    boolean keepColumns;

    @Option(names = "--raw", description = "add a 'raw' column with every database's whole record as JSON")
    boolean raw;

    @Mixin
    RunOptions job;

    @Mixin
    DbOptions db;

    EnrichCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        SinkFormat fmt = chooseFormat();
        InputMode mode = input.mode(InputMode.LIST);
        List<Field> selected = selectFields();
        List<Input> inputs = input.inputs(env, "enrich");
        if (keepColumns && mode.kind() != InputMode.Kind.CSV) {
            throw new CliException(ExitCodes.USAGE, "--keep-columns needs --from csv:COLUMN");
        }
        if (mode.kind() != InputMode.Kind.LIST) {
            return new SightingEnrich(env, this).run(fmt, mode, inputs, selected);
        }
        JobSummary summary = run(job.spec(inputs, enricher(selected), fmt, unique));
        return Summaries.report(summary, env, job.quiet, job.maxErrors);
    }

    /** Opens the databases and builds the enricher for these columns, noting columns nobody fills. */
    Enricher enricher(List<Field> selected) {
        DatabaseLocator.Selection sel = db.open(env, job.quiet);
        Enricher enricher = Enricher.builder()
                .databases(sel.databases())
                .fields(selected)
                .language(job.lang)
                .build();
        if (!job.quiet && !enricher.unavailable().isEmpty()) {
            env.err()
                    .println("iptriage: note: no database provides "
                            + String.join(
                                    ", ",
                                    enricher.unavailable().stream()
                                            .map(Field::column)
                                            .toList())
                            + (sel.origin().equals("--db")
                                    ? " (add --db builtin for the embedded country/ASN data)"
                                    : ""));
        }
        return enricher;
    }

    private JobSummary run(JobSpec spec) throws IOException {
        ProgressListener progress = CliProgress.create(env, job.quiet);
        try {
            if (output == null) {
                JobSummary s = JobRunner.run(spec, env.out(), progress);
                env.out().flush();
                if (env.out().checkError()) {
                    throw CliException.output(
                            "standard output was closed (or the disk is full) before all rows were written");
                }
                return s;
            }
            try (AtomicOutput o = AtomicOutput.open(output)) {
                JobSummary s;
                try {
                    s = JobRunner.run(spec, o.stream(), progress);
                } catch (IOException e) {
                    throw CliException.output(output + ": " + e.getMessage());
                }
                o.commit();
                return s;
            }
        } finally {
            if (progress instanceof CliProgress p) {
                p.close();
            }
        }
    }

    SinkFormat chooseFormat() {
        if (format != null) {
            return SinkFormat.byName(format)
                    .orElseThrow(() -> new CliException(
                            ExitCodes.USAGE, "unknown format '" + format + "': use csv, jsonl, json or table"));
        }
        if (output != null) {
            return SinkFormat.fromFileName(output.getFileName().toString()).orElse(SinkFormat.CSV);
        }
        return SinkFormat.CSV;
    }

    List<Field> selectFields() {
        List<Field> f;
        try {
            f = new ArrayList<>(Field.parseList(fields));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        if (unique && !f.contains(Field.COUNT)) {
            f.add(Field.COUNT);
        }
        if (raw && !f.contains(Field.RAW)) {
            f.add(Field.RAW);
        }
        return f;
    }
}
