package dev.iptriage.cli;

import dev.iptriage.mmdb.csv.CsvToMmdb;
import dev.iptriage.mmdb.csv.ValueType;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code iptriage db build}: CSV of networks or ranges -> .mmdb. */
@Command(
        name = "build",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # a database of your own networks, with its type",
            "  iptriage db build internal.csv -o internal.mmdb --type Internal-Ranges",
            "  # types declared instead of inferred",
            "  iptriage db build ranges.csv -o ranges.mmdb --types asn=uint32,score=float",
            "  # with a description in its metadata",
            "  iptriage db build --description 'Office networks' offices.csv -o offices.mmdb"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Build a .mmdb database from a CSV with a header: a 'network' column (CIDR or address) or 'start' and"
                    + " 'end' columns (an inclusive range), and any other columns as data (a.b names nest).",
            "Types are inferred per column (boolean, integer, decimal, else string) or given with --types.",
            "Where rows overlap, the one covering fewer addresses wins; at equal size the later row wins.",
            "Bad rows are reported with their line; past --max-errors nothing is written (exit 5)."
        })
final class DbBuildCommand implements Callable<Integer> {
    private final Env env;

    @Parameters(paramLabel = "INPUT.csv", description = "the CSV file (UTF-8 or UTF-16, gzip or not)")
    Path input;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT.mmdb",
            required = true,
            description = "the database to write (- for stdout, when that is not a terminal)")
    Path output;

    @Option(
            names = "--type",
            paramLabel = "NAME",
            defaultValue = "iptriage-custom",
            description = "the database_type metadata (default: ${DEFAULT-VALUE})")
    String type;

    @Option(
            names = "--types",
            paramLabel = "COL=TYPE",
            split = ",",
            description = "declare column types: string, int32, uint16, uint32, uint64, uint128, double, float,"
                    + " boolean (e.g. --types asn=uint32,score=float)")
    Map<String, String> types = new LinkedHashMap<>();

    @Option(names = "--description", paramLabel = "TEXT", description = "an English description for the metadata")
    String description;

    @Option(
            names = "--max-errors",
            paramLabel = "N",
            defaultValue = "0",
            description = "bad rows tolerated before the build fails (default: ${DEFAULT-VALUE})")
    long maxErrors;

    DbBuildCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (AtomicOutput.mode(output) == AtomicOutput.Mode.ATOMIC) {
            OutputNames.require(output, "mmdb", "a database"); // and never over the input CSV
        }
        AtomicOutput.checkTerminal(output, env, true, "a database");
        Map<String, ValueType> declared = new LinkedHashMap<>();
        try {
            types.forEach((k, v) -> declared.put(k.strip(), ValueType.parse(v)));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--types: " + e.getMessage());
        }
        CsvToMmdb.Result r = read(new CsvToMmdb.Options(type, declared, description));
        r.errors().forEach(e -> env.err().println("iptriage: " + e));
        if (r.errorCount() > r.errors().size()) {
            env.err()
                    .println("iptriage: ... and " + (r.errorCount() - r.errors().size()) + " more bad rows");
        }
        if (r.errorCount() > maxErrors) {
            env.err()
                    .println("iptriage: " + r.errorCount() + " bad rows (more than --max-errors " + maxErrors + "): "
                            + output + " was not written");
            return ExitCodes.RECORD_ERRORS;
        }
        try (AtomicOutput out = AtomicOutput.open(output, env, true)) {
            r.writer().write(out.stream());
            out.commit();
        } catch (IOException e) {
            throw CliException.output(output + ": " + e.getMessage());
        }
        env.err()
                .printf(
                        "iptriage: wrote %s: %s, IPv%d, %,d rows (%,d bad), %,d nodes; columns: %s%n",
                        output,
                        type,
                        r.ipVersion(),
                        r.rows(),
                        r.errorCount(),
                        r.writer().nodeCount(),
                        r.columns().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue().label())
                                .collect(Collectors.joining(",")));
        return ExitCodes.OK;
    }

    private CsvToMmdb.Result read(CsvToMmdb.Options options) {
        try {
            return CsvToMmdb.read(input, options);
        } catch (NoSuchFileException e) {
            throw CliException.input(input + ": file not found");
        } catch (IOException e) {
            throw CliException.input(e.getMessage());
        } catch (OutOfMemoryError e) {
            // unsorted or overlapping rows are held in memory to be sorted; a sorted file streams
            throw new CliException(
                    ExitCodes.INTERNAL,
                    "out of memory building " + output + ": sort the CSV by address (sorted rows without"
                            + " overlaps stream) or give Java more heap (IPTRIAGE_JAVA_OPTS=-Xmx4g)");
        }
    }
}
