package dev.iptriage.cli;

import dev.iptriage.engine.ExtractRunner;
import dev.iptriage.engine.ExtractSpec;
import dev.iptriage.engine.ExtractSummary;
import dev.iptriage.engine.ProgressListener;
import dev.iptriage.engine.SightingColumns;
import dev.iptriage.engine.SightingWriter;
import dev.iptriage.extract.InputMode;
import dev.iptriage.extract.SightingAggregator;
import dev.iptriage.model.Field;
import dev.iptriage.sink.ExcelCsv;
import dev.iptriage.sink.Order;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iptriage extract}: the addresses found in text or logs, refanged and canonical. */
@Command(
        name = "extract",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # every address in a threat report, refanged",
            "  iptriage extract report.txt",
            "  # sightings per address in an sshd log, most first",
            "  iptriage extract --from sshd --count --sort count -r auth.log.gz",
            "  # per sighting: source, line, ip, time, status, path, ...",
            "  iptriage extract --from nginx -f jsonl access.log",
            "  # each address once, into a file",
            "  iptriage extract -u notes.txt -o ips.txt"
        },
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Print every IP address found in logs or free text, refanged (1.1.1[.]1, 1(.)1, [dot], ...) and in"
                    + " canonical form, one per line. Nothing is looked up.",
            "Default --from text; gzip inputs are read transparently."
        })
final class ExtractCommand implements Callable<Integer> {
    /** The formats -o names pick (an unknown extension is refused, none is text). */
    private static final Map<String, SightingWriter.Format> EXTENSIONS = OutputNames.ordered(
            Map.entry("txt", SightingWriter.Format.TEXT),
            Map.entry("csv", SightingWriter.Format.CSV),
            Map.entry("jsonl", SightingWriter.Format.JSONL),
            Map.entry("ndjson", SightingWriter.Format.JSONL));

    private final Env env;

    @Mixin
    InputOptions input;

    @Option(
            names = {"-u", "--unique"},
            description = "each address once, in order of first appearance")
    boolean unique;

    @Option(
            names = {"-c", "--count"},
            description = "each address once with how often it was seen (text: COUNT<TAB>IP); implies --unique")
    boolean count;

    @Mixin
    SortOptions sort;

    @Option(
            names = {"-f", "--format"},
            completionCandidates = Candidates.ExtractFormats.class,
            paramLabel = "FMT",
            description = "text (default), csv or jsonl (per address: source, line, ip and the line's context)")
    String format;

    @Option(
            names = "--excel",
            description = "with CSV output: a UTF-8 byte order mark and CRLF line ends, for a double-click in Excel")
    boolean excel;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "write here (atomically; a pipe or device straight through; - is stdout); the format"
                    + " follows the extension: .txt .csv .jsonl (another extension needs -f)")
    Path output;

    @Option(
            names = "--max-distinct",
            paramLabel = "N",
            description = "with --unique/--count: most distinct addresses kept (memory bound); more are counted,"
                    + " reported and make the exit code 5")
    Integer maxDistinct;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "worker threads decoding lines while the main thread reads and writes (default: the"
                    + " number of cores; 0 = all on one thread)")
    Integer threads;

    @Option(
            names = {"-q", "--quiet"},
            negatable = true,
            description = "no messages on stderr except errors (--no-quiet: undoes the config file's quiet = true)")
    boolean quiet;

    ExtractCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        SightingWriter.Format fmt = format == null
                ? null
                : format(format)
                        .orElseThrow(() -> new CliException(
                                ExitCodes.USAGE, "unknown format '" + format + "': use text, csv or jsonl"));
        if (output != null) {
            fmt = OutputNames.format(output, EXTENSIONS, SightingWriter.Format.TEXT, fmt);
        } else if (fmt == null) {
            fmt = SightingWriter.Format.TEXT;
        }
        if (excel && fmt != SightingWriter.Format.CSV) {
            throw new CliException(ExitCodes.USAGE, "--excel writes CSV: add -f csv or -o FILE.csv");
        }
        InputMode mode = input.mode(new InputMode(InputMode.Kind.TEXT, ""));
        Order order = order(mode);
        int workers =
                threads != null ? Math.max(0, threads) : Runtime.getRuntime().availableProcessors();
        ExtractSpec spec =
                new ExtractSpec(input.inputs(env, "extract"), mode, input.extractOptions(), input.year, workers);
        int max = maxDistinct != null ? maxDistinct : SightingAggregator.defaultMaxDistinct();
        if (output == null) {
            return run(spec, fmt, mode, order, max, Stdout.stream(env.out()));
        }
        try (AtomicOutput o = AtomicOutput.open(output, env, false)) {
            int code = run(spec, fmt, mode, order, max, o.stream());
            o.commit();
            return code;
        }
    }

    /** The format {@code -f name} names, if any. */
    static Optional<SightingWriter.Format> format(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "text", "txt" -> Optional.of(SightingWriter.Format.TEXT);
            case "csv" -> Optional.of(SightingWriter.Format.CSV);
            case "jsonl", "ndjson" -> Optional.of(SightingWriter.Format.JSONL);
            default -> Optional.empty();
        };
    }

    /** The order of the distinct addresses: a usage error for a key extract has no value of. */
    private Order order(InputMode mode) {
        Order order = sort.order(unique || count, "--unique (-u) or --count (-c)");
        if (!order.sorted()) {
            return order;
        }
        Order.Key key = order.key();
        if (key.lookedUp()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "--sort " + key.id() + " needs a lookup, which extract does not do: use enrich --from " + mode
                            + " --unique --sort " + key.id());
        }
        if (key.timed() && !SightingColumns.forMode(mode).contains(Field.FIRST_SEEN)) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "--sort " + key.id() + " needs a log format with times (--from nginx, apache, sshd, fail2ban,"
                            + " syslog or auto), not --from " + mode + ": use --sort count or ip");
        }
        return order;
    }

    private int run(ExtractSpec spec, SightingWriter.Format fmt, InputMode mode, Order order, int max, OutputStream out)
            throws IOException {
        SightingWriter w = SightingWriter.open(excel ? ExcelCsv.open(out) : out, fmt, unique, count, mode, max, order);
        ExtractSummary s;
        ProgressListener progress = CliProgress.create(env, quiet);
        try {
            s = ExtractRunner.run(spec, w, progress);
            w.finish();
        } catch (IllegalArgumentException e) {
            throw CliException.input(e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw CliException.output((output == null ? "standard output" : output.toString()) + ": " + e.getMessage());
        } finally {
            if (progress instanceof CliProgress p) {
                p.close();
            }
        }
        if (output == null) {
            Stdout.check(env.out());
        }
        return Summaries.extraction(s, w.overLimit(), w.untracked(), env, quiet);
    }
}
