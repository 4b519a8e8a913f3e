package dev.iptriage.cli;

import dev.iptriage.databases.CustomColumns;
import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.engine.Enricher;
import dev.iptriage.engine.JobRunner;
import dev.iptriage.engine.JobSpec;
import dev.iptriage.engine.JobSummary;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sink.SinkFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        })
final class EnrichCommand implements Callable<Integer> {
    /** The formats -o names pick (an unknown extension is refused, none is CSV). */
    private static final Map<String, SinkFormat> EXTENSIONS = OutputNames.ordered(
            Map.entry("csv", SinkFormat.CSV),
            Map.entry("jsonl", SinkFormat.JSONL),
            Map.entry("ndjson", SinkFormat.JSONL),
            Map.entry("json", SinkFormat.JSON),
            Map.entry("txt", SinkFormat.TABLE),
            Map.entry("table", SinkFormat.TABLE));

    private final Env env;

    @Mixin
    InputOptions input;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "write here (atomically); the format follows the extension: .csv .jsonl .json .txt"
                    + " (another extension needs -f)")
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
                    + " or a comma-separated list (default,isp ...); a custom database's own keys are"
                    + " columns too. See 'iptriage fields'.")
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

    private DatabaseLocator.Selection opened;
    private List<Column> custom;

    EnrichCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        SinkFormat fmt = chooseFormat();
        InputMode mode = input.mode(InputMode.LIST);
        List<Field> selected = extraFields();
        selectColumns(selected); // a bad --fields is a usage error before any input is read
        List<Input> inputs = input.inputs(env, "enrich");
        if (keepColumns && mode.kind() != InputMode.Kind.CSV) {
            throw new CliException(ExitCodes.USAGE, "--keep-columns needs --from csv:COLUMN");
        }
        if (mode.kind() != InputMode.Kind.LIST) {
            return new SightingEnrich(env, this).run(fmt, mode, inputs, selected);
        }
        JobSummary summary = run(job.spec(inputs, enricher(selected), fmt, unique, input.keepMapped));
        return Summaries.report(summary, env, job.quiet, job.maxErrors);
    }

    /**
     * Opens the databases, picks the columns ({@code --fields} among the built-in ones and the
     * custom databases' own, then {@code extra} where not chosen already) and builds the enricher,
     * noting columns nobody fills.
     */
    Enricher enricher(List<Field> extra) {
        DatabaseLocator.Selection sel = databases();
        Enricher enricher = Enricher.builder()
                .databases(sel.databases())
                .columns(selectColumns(extra))
                .language(job.lang)
                .build();
        // the embedded data's note says already that it has no city-level columns
        if (!job.quiet && !enricher.unavailable().isEmpty() && !DbOptions.onlyBuiltin(sel)) {
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
                JobSummary s = JobRunner.run(spec, Stdout.stream(env.out()), progress);
                Stdout.check(env.out());
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
        SinkFormat explicit = format == null
                ? null
                : SinkFormat.byName(format)
                        .orElseThrow(() -> new CliException(
                                ExitCodes.USAGE, "unknown format '" + format + "': use csv, jsonl, json or table"));
        if (output != null) {
            return OutputNames.format(output, EXTENSIONS, SinkFormat.CSV, explicit);
        }
        return explicit != null ? explicit : SinkFormat.CSV;
    }

    /** The columns the options add after {@code --fields}: count with --unique, raw with --raw. */
    List<Field> extraFields() {
        List<Field> f = new ArrayList<>();
        if (unique) {
            f.add(Field.COUNT);
        }
        if (raw) {
            f.add(Field.RAW);
        }
        return f;
    }

    /** The databases, opened once (their own keys are columns, so --fields needs them). */
    private DatabaseLocator.Selection databases() {
        if (opened == null) {
            opened = db.open(env, job.quiet);
            custom = CustomColumns.discover(opened.databases());
        }
        return opened;
    }

    private List<Column> selectColumns(List<Field> extra) {
        databases();
        List<Column> c;
        try {
            c = new ArrayList<>(Column.parseList(fields, custom));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        for (Column x : Column.of(extra)) {
            if (!c.contains(x)) {
                c.add(x);
            }
        }
        return c;
    }
}
