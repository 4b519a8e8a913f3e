package dev.iptriage.cli;

import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Job;
import dev.iptriage.engine.RunSummary;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sink.ExcelCsv;
import dev.iptriage.sink.Order;
import dev.iptriage.sink.SinkFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iptriage enrich}: one row per input line (or per distinct address) with what the databases say. */
@Command(
        name = "enrich",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # CSV, written atomically",
            "  iptriage enrich ips.txt -o ips.csv",
            "  # the databases of a folder, gzip input, JSON Lines",
            "  iptriage enrich --db-dir ~/geoip ips.txt.gz -o out.jsonl",
            "  # one row per address, with counts, as a table",
            "  cat ips.txt | iptriage enrich --unique -f table",
            "  # the ten busiest clients of an access log",
            "  iptriage enrich --from nginx --unique --sort count -r --top 10 access.log",
            "  # one row per client of an access log, tagged from the lists of a folder",
            "  iptriage enrich --from nginx --unique --list lists/ access.log"
        },
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Look up every address of a list (one per line; '#' comments, ip:port, [v6]:port and CIDRs are"
                    + " understood) in local .mmdb databases and write one row per line, in order.",
            "Offline unless an online source is named (--ptr, --dnsbl, --cymru): then only public addresses"
                    + " are sent, each once, and the run says what left and to whom. Gzip inputs are read"
                    + " transparently."
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
            description = "write here (atomically; a pipe or device straight through; - is stdout); the format"
                    + " follows the extension: .csv .jsonl .json .txt (another extension needs -f)")
    Path output;

    @Option(
            names = {"-f", "--format"},
            completionCandidates = Candidates.Formats.class,
            paramLabel = "FMT",
            description = "csv (default), jsonl, json or table")
    String format;

    @Option(
            names = "--excel",
            description = "CSV for a double-click in Excel: a UTF-8 byte order mark and CRLF line ends (names"
                    + " such as Düsseldorf show right); otherwise the same CSV")
    boolean excel;

    @Option(
            names = "--fields",
            paramLabel = "LIST",
            defaultValue = "default",
            description = "columns: 'default', 'all'"
                    + " or a comma-separated list (default,isp ...); a custom database's own keys are"
                    + " columns too; an online source's status column comes with its value columns."
                    + " See 'iptriage fields'.")
    String fields;

    @Option(
            names = {"-u", "--unique"},
            description = "one row per distinct address, with a count column")
    boolean unique;

    @Mixin
    SortOptions sort;

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
    OnlineOptions online;

    @Mixin
    TagOptions tags;

    @Mixin
    DbOptions db;

    EnrichCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        SinkFormat fmt = chooseFormat();
        Order order = sort.order(unique, "--unique (-u)");
        if (excel && fmt != SinkFormat.CSV) {
            throw new CliException(ExitCodes.USAGE, "--excel writes CSV: not with -f " + fmt.formatName());
        }
        InputMode mode = input.mode(InputMode.LIST);
        DatabaseLocator.Selection sel = db.open(env, job.quiet);
        try (OnlineOptions.Online sources = online.open(env, job.quiet, job.lang)) { // sends nothing yet
            return run(fmt, mode, order, sel, sources);
        }
    }

    private int run(
            SinkFormat fmt, InputMode mode, Order order, DatabaseLocator.Selection sel, OnlineOptions.Online sources)
            throws IOException {
        List<Column> chosen;
        String fields = online.fields(this.fields);
        TagOptions.Opened tagged = tags.open(env, fields, job.quiet);
        Engine engine = job.engine(sel.databases(), tagged.tags(), sources.sources());
        try {
            chosen = engine.columns(fields); // a bad --fields is a usage error before any input is read
            if (!job.quiet) {
                engine.statusesAdded(fields).forEach(n -> env.err().println("iptriage: " + n));
                engine.languageNote().ifPresent(n -> env.err().println("iptriage: warning: " + n));
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        List<Input> inputs = input.inputs(env, "enrich");
        if (keepColumns && mode.kind() != InputMode.Kind.CSV) {
            throw new CliException(ExitCodes.USAGE, "--keep-columns needs --from csv:COLUMN");
        }
        if (keepColumns && (unique || (fmt != SinkFormat.CSV && fmt != SinkFormat.JSONL))) {
            throw new CliException(
                    ExitCodes.USAGE, "--keep-columns writes one row per input row: csv or jsonl, without --unique");
        }
        Job.Shape shape = keepColumns ? Job.Shape.JOIN : unique ? Job.Shape.UNIQUE : Job.Shape.ROWS;
        Engine.Prepared p;
        try {
            p = engine.prepare(
                    job.job(input, inputs, mode, shape, fields, raw, fmt).withOrder(order));
        } catch (IllegalArgumentException e) { // a --sort key the input has no value for, ...
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        sources.probe(env, chosen); // the first queries: after every option is checked
        noteUnavailable(p, sel, sources);
        RunSummary s = sources.dryRun()
                ? JobOutput.write(
                        env, null, true, (out, progress) -> engine.run(p, OutputStream.nullOutputStream(), progress))
                : JobOutput.write(
                        env,
                        output,
                        job.quiet,
                        sources.progress(),
                        (out, progress) -> engine.run(p, excel ? ExcelCsv.open(out) : out, progress));
        sources.notes().forEach(n -> env.err().println("iptriage: " + n));
        if (order.top() > 0 && !job.quiet) {
            env.err()
                    .println("iptriage: " + order + ": the rows counted below are the first " + order.top()
                            + " of that order (the others were not looked up)");
        }
        return sources.finish(env, Summaries.report(s, env, job.quiet, job.maxErrors, sources.dryRun()));
    }

    /** Notes the chosen columns that no database fills (the embedded data's note says it already). */
    private void noteUnavailable(Engine.Prepared p, DatabaseLocator.Selection sel, OnlineOptions.Online sources) {
        List<Field> missing = p.unavailable().stream()
                .filter(f -> sources.sources().stream().noneMatch(s -> s.fills().contains(f))) // a web service's
                .toList();
        if (job.quiet || missing.isEmpty() || DbOptions.onlyBuiltin(sel)) {
            return;
        }
        env.err()
                .println("iptriage: note: no database provides "
                        + String.join(", ", missing.stream().map(Field::column).toList())
                        + (sel.origin().equals("--db") ? " (add --db builtin for the embedded country/ASN data)" : ""));
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
}
