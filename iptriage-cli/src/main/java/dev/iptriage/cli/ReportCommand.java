package dev.iptriage.cli;

import dev.iptriage.databases.Database;
import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.engine.Enricher;
import dev.iptriage.engine.ExtractRunner;
import dev.iptriage.engine.ExtractSpec;
import dev.iptriage.engine.ExtractSummary;
import dev.iptriage.engine.JobRunner;
import dev.iptriage.engine.JobSpec;
import dev.iptriage.engine.JobSummary;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.engine.SightingColumns;
import dev.iptriage.engine.SightingJob;
import dev.iptriage.extract.InputMode;
import dev.iptriage.extract.SightingAggregator;
import dev.iptriage.input.Input;
import dev.iptriage.model.Field;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.sink.report.DatabaseFact;
import dev.iptriage.sink.report.ReportAggregator;
import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.RunFacts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iptriage report}: summaries, a map and charts of an address list (or of an enrich output). */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Summarize an address list (or log) as one self-contained HTML file that opens offline: run facts,"
                    + " top countries/ASNs/cities/networks, missing data, a clustered map over country outlines and"
                    + " a sortable table. Also a PNG map (--png), PNG bar charts (--charts) and GeoJSON points.",
            "Takes the same inputs as 'enrich' (any log or list: --from auto is the default), or a .csv/.jsonl"
                    + " file that 'enrich' wrote (used as is, no lookups). Each distinct address is looked up"
                    + " once; the report keeps aggregates only."
        })
final class ReportCommand implements Callable<Integer> {
    private final Env env;

    @Mixin
    InputOptions input;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "write the report here (repeatable): .html for the page, .geojson for the map points")
    List<Path> outputs = new ArrayList<>();

    @Option(names = "--png", paramLabel = "FILE", description = "also draw the world map as a PNG image")
    Path png;

    @Option(
            names = "--charts",
            paramLabel = "DIR",
            description = "also write countries.png and asns.png bar charts into DIR (created with its parents)")
    Path charts;

    @Option(names = "--title", paramLabel = "TEXT", description = "the report's title (default: the input names)")
    String title;

    @Option(
            names = "--tiles",
            paramLabel = "URL",
            description = "draw online map tiles from this URL template (https://.../{z}/{x}/{y}.png). Opt-in:"
                    + " the tile server learns which areas the reader looks at")
    String tiles;

    @Option(
            names = "--top",
            paramLabel = "N",
            defaultValue = "25",
            description = "lines per top table (default: ${DEFAULT-VALUE})")
    int top;

    @Option(
            names = "--max-points",
            paramLabel = "N",
            defaultValue = "20000",
            description = "most map locations drawn, the most seen first (default: ${DEFAULT-VALUE})")
    int maxPoints;

    @Option(
            names = "--max-rows",
            paramLabel = "N",
            defaultValue = "1000",
            description = "most address rows in the page's table (default: ${DEFAULT-VALUE})")
    int maxRows;

    @Mixin
    RunOptions job;

    /** The exit code of a {@code --from MODE} run, whose summary is already printed. */
    private Integer sightingExit;

    @Mixin
    DbOptions db;

    private static final InputMode AUTO = new InputMode(InputMode.Kind.AUTO, "");

    ReportCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        ReportOutputs out = ReportOutputs.check(outputs, png, charts, tiles, env, job.quiet);
        if (top < 1 || maxPoints < 1 || maxRows < 1) {
            throw new CliException(ExitCodes.USAGE, "--top, --max-points and --max-rows must be at least 1");
        }
        InputMode mode = input.mode(AUTO);
        boolean chosen = mode.kind() != InputMode.Kind.AUTO && mode.kind() != InputMode.Kind.LIST;
        ReportInputs.Enriched enriched = chosen ? null : ReportInputs.enriched(input.files, env, job.quiet);
        JobSummary summary;
        List<DatabaseFact> dbs = List.of();
        ReportAggregator agg;
        if (enriched != null) {
            // an enrich output may have sighting columns (enrich -u --from ...): the report shows those it has
            agg = aggregator(withSightingColumns(List.of(AUTO)));
            summary = enriched.feed(agg);
        } else {
            DatabaseLocator.Selection sel = db.open(env, job.quiet);
            dbs = sel.databases().stream().map(ReportCommand::fact).toList();
            ExtractSpec spec = new ExtractSpec(
                    input.inputs(env, "report"), mode, input.extractOptions(), input.year, job.decoders());
            List<InputMode> modes = List.of(mode);
            if (mode.kind() == InputMode.Kind.AUTO) {
                // plain address lists take the list path (statuses for bad lines, --strict); any log
                // among the inputs takes the sightings path, with the columns of every input's format
                ExtractRunner.Sniffed s = ExtractRunner.sniffAll(spec);
                spec = s.spec();
                modes = s.modes();
                if (!modes.isEmpty() && modes.stream().allMatch(m -> m.kind() == InputMode.Kind.LIST)) {
                    mode = InputMode.LIST;
                    if (!job.quiet) {
                        env.err()
                                .println("iptriage: --from auto: " + String.join(", ", names())
                                        + (names().size() == 1 ? ": an address list" : ": address lists"));
                    }
                }
            }
            if (mode.kind() == InputMode.Kind.LIST) {
                agg = aggregator(ReportAggregator.COLUMNS);
                summary = aggregate(sel, agg, spec.inputs());
            } else {
                agg = aggregator(withSightingColumns(modes));
                summary = aggregateSightings(sel, agg, spec);
            }
        }
        RunFacts facts = new RunFacts(
                title != null ? title : "iptriage report: " + String.join(", ", names()),
                names(),
                summary.lines(),
                agg.statuses(),
                dbs,
                env.clock().instant(),
                notes(summary));
        ReportData data = agg.result(facts);
        out.write(data, top);
        return sightingExit != null ? sightingExit : Summaries.report(summary, env, job.quiet, job.maxErrors);
    }

    private ReportAggregator aggregator(List<Field> fields) {
        return ReportAggregator.create(fields, new ReportAggregator.Limits(top, maxPoints, maxRows, 200_000));
    }

    /** The report's columns and the sighting columns of these formats ({@code failed_logins}, ...). */
    private static List<Field> withSightingColumns(List<InputMode> modes) {
        List<Field> fields = new ArrayList<>(ReportAggregator.COLUMNS);
        for (Field f : SightingColumns.forModes(modes)) {
            if (!fields.contains(f)) {
                fields.add(f);
            }
        }
        return fields;
    }

    private Enricher enricher(DatabaseLocator.Selection sel, ReportAggregator agg) {
        return Enricher.builder()
                .databases(sel.databases())
                .fields(agg.fields())
                .language(job.lang)
                .build();
    }

    private JobSummary aggregate(DatabaseLocator.Selection sel, ReportAggregator agg, List<Input> inputs)
            throws IOException {
        Enricher enricher = enricher(sel, agg);
        JobSpec spec = job.spec(inputs, enricher, SinkFormat.CSV, true, input.keepMapped);
        ProgressListener progress = CliProgress.create(env, job.quiet);
        try {
            return JobRunner.run(spec, f -> agg.rowFormat(), OutputStream.nullOutputStream(), progress);
        } finally {
            if (progress instanceof CliProgress p) {
                p.close();
            }
        }
    }

    /**
     * A log or text input ({@code --from MODE}): the addresses found, each distinct one enriched once
     * and counted by its sightings. The result is told in the terms of a list run, for the page.
     */
    private JobSummary aggregateSightings(DatabaseLocator.Selection sel, ReportAggregator agg, ExtractSpec spec)
            throws IOException {
        Enricher enricher = enricher(sel, agg);
        int max = job.maxDistinct != null ? job.maxDistinct : SightingAggregator.defaultMaxDistinct();
        ProgressListener progress = CliProgress.create(env, job.quiet);
        SightingJob.Result r;
        try {
            r = SightingJob.aggregate(spec, enricher, agg.rowFormat(), max, progress);
        } catch (IllegalArgumentException e) {
            throw CliException.input(e.getMessage());
        } finally {
            if (progress instanceof CliProgress p) {
                p.close();
            }
        }
        ExtractSummary x = r.extraction();
        sightingExit = SightingEnrich.report(r, env, job.quiet, job.maxErrors);
        return new JobSummary(
                x.lines(),
                r.rows(),
                r.byStatus(),
                x.blank(),
                0,
                x.longLines(),
                r.overLimit(),
                x.bytes(),
                x.elapsed(),
                r.firstError(),
                x.inputErrors(),
                false);
    }

    private List<String> names() {
        return input.files.isEmpty() ? List.of("standard input") : input.files;
    }

    private static List<String> notes(JobSummary s) {
        List<String> notes = new ArrayList<>();
        if (s.overLimit() > 0) {
            notes.add(String.format(
                    "%,d lines were not counted: more than --max-distinct distinct addresses.", s.overLimit()));
        }
        if (s.unique() && s.blank() + s.comments() > 0) {
            notes.add(String.format(
                    "%,d blank and %,d comment lines are not addresses: not counted in the statuses.",
                    s.blank(), s.comments()));
        }
        for (String e : s.inputErrors()) {
            notes.add("Input error: " + e);
        }
        return notes;
    }

    private static DatabaseFact fact(Database d) {
        return new DatabaseFact(
                d.type(), d.origin(), d.metadata().buildEpoch(), d.attribution().orElse(""));
    }
}
