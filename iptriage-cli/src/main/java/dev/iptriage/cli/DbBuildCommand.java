package dev.iptriage.cli;

import dev.iptriage.databases.Database;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbVerifier;
import dev.iptriage.mmdb.csv.CsvToMmdb;
import dev.iptriage.mmdb.csv.ValueType;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
                    + " 'end' columns (an inclusive range), and any other columns as data (a.b names nest, a[0]"
                    + " makes an array, \"a.b\" quoted is one key: the names db export writes).",
            "Types are inferred per column (boolean, integer, decimal, else string), given with --types, or by a"
                    + " name ending in :TYPE (accuracy_radius:uint16).",
            "Where rows overlap, the one covering fewer addresses wins; at equal size the later row wins.",
            "Bad rows (also too many or too few cells, invalid UTF-8, IPv6 rows over the IPv4 aliases) are"
                    + " reported with their line; past --max-errors nothing is written (exit 5). An unclosed quote"
                    + " is exit 3. The file gets db verify's checks before it is written."
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
                    + " boolean, bytes (hex) (e.g. --types asn=uint32,score=float); a column at most once")
    List<String> types = new ArrayList<>();

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
        Map<String, ValueType> declared = declared(types);
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
            if (out.flushed() != null) {
                r.writer().write(out.stream());
                check(out.flushed());
            } else {
                // a pipe or stdout: nothing there can be taken back, so the database is built and checked in a
                // private file first, then copied
                Path built = Files.createTempFile("iptriage-build-", ".mmdb");
                built.toFile().deleteOnExit(); // also when the run is stopped (Ctrl-C) while building
                try {
                    try (OutputStream o = Files.newOutputStream(built)) {
                        r.writer().write(o);
                    }
                    check(built);
                    Files.copy(built, out.stream());
                } finally {
                    Files.deleteIfExists(built);
                }
            }
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
                                .map(e -> CsvToMmdb.key(e.getKey()) + "="
                                        + e.getValue().label())
                                .collect(Collectors.joining(",")));
        return ExitCodes.OK;
    }

    /**
     * Runs the checks of {@code db verify} on the file before it replaces anything: a database of a
     * GeoIP2 type must have that type's record shapes (subdivisions an array, ...), and db build never
     * writes a file db verify rejects.
     */
    private void check(Path written) throws IOException {
        String problem;
        try (MmdbReader reader = MmdbReader.open(written)) {
            MmdbVerifier.Report rep = MmdbVerifier.verify(reader, 0, Database.shapeOf(reader));
            problem = rep.ok()
                    ? null
                    : rep.problems().get(0).replace(written.toString(), output.toString())
                            + (rep.problemCount() > 1 ? " (and " + (rep.problemCount() - 1) + " more)" : "");
        } catch (MmdbFormatException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw CliException.input(output + " was not written: as built it would fail db verify: "
                    + CellText.terminalSafe(problem)
                    + " (--type " + CellText.terminalSafe(type) + " sets what a record must look like)");
        }
    }

    /** The --types declarations; a column declared twice is a usage error, not the last one winning. */
    static Map<String, ValueType> declared(List<String> types) {
        Map<String, ValueType> declared = new LinkedHashMap<>();
        for (String t : types) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "--types: '" + CellText.terminalSafe(t) + "': expected COLUMN=TYPE, e.g. asn=uint32");
            }
            String column = t.substring(0, eq).strip();
            ValueType type;
            try {
                type = ValueType.parse(t.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "--types: " + e.getMessage());
            }
            ValueType before = declared.put(column, type);
            if (before != null) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "--types: column '" + CellText.terminalSafe(column) + "' is declared twice (" + before.label()
                                + " and " + type.label() + ")");
            }
        }
        return declared;
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
