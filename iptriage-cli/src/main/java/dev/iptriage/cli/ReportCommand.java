package dev.iptriage.cli;

import dev.iptriage.databases.Database;
import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.EnrichOutputs;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.RunSummary;
import dev.iptriage.engine.SightingColumns;
import dev.iptriage.engine.Tags;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sink.Order;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.sink.report.DatabaseFact;
import dev.iptriage.sink.report.ListFact;
import dev.iptriage.sink.report.ReportAggregator;
import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.RunFacts;
import dev.iptriage.sink.report.SentFact;
import java.io.IOException;
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
        footerHeading = "%nExamples:%n",
        footer = {
            "  # one HTML file: open it, that is the whole workflow",
            "  iptriage report access.log -o report.html",
            "  # also a PNG map and bar charts",
            "  iptriage report --png map.png --charts charts/ access.log -o report.html",
            "  # from the CSV enrich wrote: no second lookup",
            "  iptriage report rows.csv -o report.html",
            "  # with a title",
            "  iptriage report --title 'Incident 42' auth.log -o incident.html",
            "  # online: reverse DNS names too",
            "  iptriage report --ptr access.log -o report.html"
        },
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Summarize an address list (or log) as one self-contained HTML file that opens offline: run facts,"
                    + " top countries/ASNs/cities/networks, missing data, a clustered map over country outlines and"
                    + " a sortable table. Also a PNG map (--png), PNG bar charts (--charts) and GeoJSON points.",
            "With --ptr, --dnsbl or --cymru the page also says what was sent where, counts each source's answers"
                    + " (and FCrDNS true/false), and lists the addresses on DNS blocklists and the top listings.",
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
            description = "write the report here (repeatable): .html for the page, .geojson for the map points;"
                    + " - for the page on stdout")
    List<Path> outputs = new ArrayList<>();

    @Option(
            names = "--png",
            paramLabel = "FILE",
            description = "also draw the world map as a PNG image (- for stdout, when that is not a terminal)")
    Path png;

    @Option(
            names = "--charts",
            paramLabel = "DIR",
            description = "also write countries.png and asns.png bar charts into DIR (created with its parents);"
                    + " with --dnsbl also listings.png; with lists' and scanners' columns also tags.png and"
                    + " scanners.png")
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
            description = "lines per top table (countries, ASNs, ...; the address table has --max-rows) (default:"
                    + " ${DEFAULT-VALUE})")
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
            description = "most address rows in the page's table, the first by --sort (default: ${DEFAULT-VALUE})")
    int maxRows;

    @Option(
            names = "--sort",
            paramLabel = "KEY",
            description = "which addresses the table keeps and their order: count (default, with -r), ip, asn,"
                    + " country, first_seen or last_seen (ascending; ties by ip; rows without the value last)")
    String sort;

    @Option(
            names = {"-r", "--reverse"},
            description = "with --sort: largest, latest or last first")
    boolean reverse;

    @Mixin
    RunOptions job;

    @Mixin
    OnlineOptions online;

    @Mixin
    TagOptions tags;

    @Mixin
    DbOptions db;

    private static final InputMode AUTO = new InputMode(InputMode.Kind.AUTO, "");

    /**
     * The online sources' columns as {@code enrich} writes them: each source's own, then its {@code
     * NAME_status} (as the engine names them), so a report of an enriched file counts and shows them.
     */
    private static final List<Column> ONLINE_COLUMNS = onlineColumns();

    /** The offline tags' columns as {@code enrich --list} writes them, matched by name in an enriched file. */
    private static final List<Column> TAG_COLUMNS = Tags.allColumns();

    private static List<Column> onlineColumns() {
        List<Column> out = new ArrayList<>();
        for (String source : OnlineOptions.ORDER) {
            OnlineOptions.COLUMNS.get(source).forEach(c -> out.add(Column.custom(c.name(), source, List.of(c.name()))));
            out.add(Column.custom(source + "_status", source, List.of()));
        }
        return List.copyOf(out);
    }

    ReportCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        ReportOutputs out = ReportOutputs.check(outputs, png, charts, tiles, env, job.quiet);
        if (top < 1 || maxPoints < 1 || maxRows < 1) {
            throw new CliException(ExitCodes.USAGE, "--top, --max-points and --max-rows must be at least 1");
        }
        Order table = tableOrder();
        InputMode mode = input.mode(AUTO);
        boolean chosen = mode.kind() != InputMode.Kind.AUTO && mode.kind() != InputMode.Kind.LIST;
        boolean enriched;
        try {
            enriched = !chosen && EnrichOutputs.all(input.files);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        RunSummary summary;
        List<DatabaseFact> dbs = List.of();
        List<ListFact> lists = List.of();
        ReportAggregator agg;
        OnlineOptions.Online used = null;
        if (enriched && online.any()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "--ptr, --dnsbl, --cymru and --webservice look addresses up: give the report address lists or logs, not"
                            + " enrich outputs (enrich those with the option instead)");
        }
        if (enriched) {
            agg = aggregator(() -> enrichedAggregator(limits(table)));
            summary = EnrichOutputs.aggregate(input.files, agg, w -> {
                if (!job.quiet) {
                    env.err().println("iptriage: warning: " + w);
                }
            });
        } else {
            DatabaseLocator.Selection sel = db.open(env, job.quiet);
            dbs = sel.databases().stream().map(ReportCommand::fact).toList();
            List<Input> inputs = input.inputs(env, "report"); // a missing file is said before any query
            // the report identifies scanners with the shipped rules even with no list
            TagOptions.Opened tagged = tags.open(env, true, job.quiet);
            lists = tagged.lists().stream().map(TagOptions::fact).toList();
            try (OnlineOptions.Online sources = online.open(env, job.quiet, job.lang)) {
                used = sources;
                Engine engine = job.engine(sel.databases(), tagged.tags(), sources.sources());
                if (!job.quiet) {
                    engine.languageNote().ifPresent(n -> env.err().println("iptriage: warning: " + n));
                }
                sources.probe(env);
                List<String> names = new ArrayList<>(
                        ReportAggregator.COLUMNS.stream().map(Field::column).toList());
                names.addAll(tagged.columnNames());
                names.addAll(OnlineOptions.columnNames(sources.sources()));
                String columns = String.join(",", names);
                Engine.Prepared p = engine.prepare(
                        job.job(input, inputs, mode, Job.Shape.AGGREGATE, columns, false, SinkFormat.CSV));
                if (p.listsFound() && !job.quiet) {
                    env.err()
                            .println("iptriage: --from auto: " + String.join(", ", names())
                                    + (names().size() == 1 ? ": an address list" : ": address lists"));
                }
                agg = aggregator(() -> ReportAggregator.forColumns(p.columns(), limits(table)));
                ReportAggregator a = agg;
                summary = JobOutput.aggregate(
                        env, job.quiet, sources.progress(), progress -> engine.aggregate(p, a::rowFormat, progress));
                sources.notes().forEach(n -> env.err().println("iptriage: " + n));
                if (sources.dryRun()) {
                    return Summaries.report(summary, env, job.quiet, job.maxErrors, true); // nothing written
                }
            }
        }
        int code = Summaries.report(summary, env, job.quiet, job.maxErrors);
        if (used != null) {
            code = used.finish(env, code); // why the web service stopped, said once
        }
        RunFacts facts = new RunFacts(
                title != null ? title : "iptriage report: " + String.join(", ", names()),
                names(),
                summary.lines(),
                agg.statuses(),
                dbs,
                env.clock().instant(),
                notes(summary),
                summary.sources().stream().map(SentFact::of).toList(), // what left the machine, to whom
                lists); // the lists tagged with
        ReportData data = agg.result(facts);
        out.write(data, top, sort == null ? java.util.Optional.empty() : java.util.Optional.of(table.toString()));
        return code;
    }

    /**
     * An aggregator of rows that {@code enrich} wrote (the report of an enrich output, the web page's report of its
     * view): the report's columns, the sighting columns of every format ({@code enrich -u --from ...}), the online
     * sources' ({@code enrich --ptr ...}) and the lists'; the report shows those the rows have.
     */
    static ReportAggregator enrichedAggregator(ReportAggregator.Limits limits) {
        List<Field> fields = new ArrayList<>(ReportAggregator.COLUMNS);
        SightingColumns.forModes(List.of(AUTO)).stream()
                .filter(f -> !fields.contains(f))
                .forEach(fields::add);
        List<Column> columns = new ArrayList<>(Column.of(fields));
        columns.addAll(ONLINE_COLUMNS);
        columns.addAll(TAG_COLUMNS);
        return ReportAggregator.forColumns(columns, limits);
    }

    private ReportAggregator.Limits limits(Order table) {
        return new ReportAggregator.Limits(top, maxPoints, maxRows, 200_000, table);
    }

    /** The address table's order: {@code --sort} and {@code -r}, by default the most seen first. */
    private Order tableOrder() {
        if (sort == null) {
            if (reverse) {
                throw new CliException(
                        ExitCodes.USAGE, "-r needs --sort KEY (the table is the most seen first without --sort)");
            }
            return ReportAggregator.Limits.MOST_SEEN;
        }
        return new Order(SortOptions.key(sort), reverse, 0);
    }

    /** An aggregator; a table order whose key the rows do not have is a usage error. */
    private static ReportAggregator aggregator(java.util.function.Supplier<ReportAggregator> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    ExitCodes.USAGE,
                    e.getMessage() + " (first_seen and last_seen need a log format with times, e.g. --from nginx)");
        }
    }

    private List<String> names() {
        return input.files.isEmpty() ? List.of("standard input") : input.files;
    }

    private static List<String> notes(RunSummary s) {
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

    static DatabaseFact fact(Database d) {
        return new DatabaseFact(
                d.type(), d.origin(), d.metadata().buildEpoch(), d.attribution().orElse(""));
    }
}
