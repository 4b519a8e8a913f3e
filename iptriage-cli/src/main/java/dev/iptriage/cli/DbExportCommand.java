package dev.iptriage.cli;

import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.csv.MmdbExport;
import dev.iptriage.sink.ExcelCsv;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code iptriage db export}: .mmdb -> CSV or JSON Lines. */
@Command(
        name = "export",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # every network as CSV",
            "  iptriage db export GeoLite2-ASN.mmdb -o asn.csv",
            "  # as JSON Lines",
            "  iptriage db export GeoLite2-ASN.mmdb -o asn.jsonl",
            "  # to stdout",
            "  iptriage db export -f jsonl internal.mmdb | head"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Write every network of a .mmdb database as CSV or JSON Lines: a 'network' column (CIDR) and one"
                    + " column per value of the records (city.names.en, subdivisions[0].iso_code), with ':TYPE'"
                    + " where the cells alone would read as another type (location.accuracy_radius:uint16).",
            "The header lists every field found anywhere in the database. 'db build' reads the CSV back to the"
                    + " same records (empty values aside)."
        })
final class DbExportCommand implements Callable<Integer> {
    /** The formats -o names pick (an unknown extension is refused, none is CSV). */
    private static final Map<String, MmdbExport.Format> EXTENSIONS = OutputNames.ordered(
            Map.entry("csv", MmdbExport.Format.CSV),
            Map.entry("jsonl", MmdbExport.Format.JSONL),
            Map.entry("ndjson", MmdbExport.Format.JSONL));

    private final Env env;

    @Parameters(paramLabel = "FILE.mmdb", description = "the database")
    Path input;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "output file (.csv or .jsonl/.ndjson picks the format; another extension needs -f);"
                    + " default (and -) stdout")
    Path output;

    @Option(
            names = {"-f", "--format"},
            completionCandidates = Candidates.ExportFormats.class,
            paramLabel = "FMT",
            description = "csv or jsonl (default: from -o, else csv)")
    String format;

    @Option(
            names = "--excel",
            description = "CSV for a double-click in Excel: a UTF-8 byte order mark and CRLF line ends")
    boolean excel;

    DbExportCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        MmdbExport.Format fmt = format();
        if (excel && fmt != MmdbExport.Format.CSV) {
            throw new CliException(ExitCodes.USAGE, "--excel writes CSV: not with JSON Lines output");
        }
        try (MmdbReader r = open()) {
            MmdbExport.Result res;
            if (output == null) {
                res = export(r, fmt, Stdout.stream(env.out()));
                Stdout.check(env.out());
            } else {
                try (AtomicOutput out = AtomicOutput.open(output, env, false)) {
                    res = export(r, fmt, out.stream());
                    out.commit();
                }
            }
            env.err()
                    .printf(
                            "iptriage: exported %,d networks (%,d distinct records, %d columns)%n",
                            res.networks(), res.records(), res.columns().size() + 1);
            if (res.emptyValues() > 0) {
                env.err()
                        .printf(
                                "iptriage: warning: %,d empty values (empty strings, byte arrays, maps or arrays) are"
                                        + " left out: db build would not store them again%n",
                                res.emptyValues());
            }
        }
        return ExitCodes.OK;
    }

    private MmdbExport.Result export(MmdbReader r, MmdbExport.Format fmt, OutputStream out) {
        try {
            return MmdbExport.export(r, fmt, excel ? ExcelCsv.open(out) : out);
        } catch (MmdbFormatException e) {
            throw CliException.input("corrupt database: " + e.getMessage());
        } catch (IOException e) {
            throw CliException.output((output == null ? "stdout" : output.toString()) + ": " + e.getMessage());
        }
    }

    private MmdbReader open() {
        try {
            return MmdbReader.open(input);
        } catch (NoSuchFileException e) {
            throw CliException.input(input + ": database file not found");
        } catch (MmdbFormatException e) {
            throw CliException.input("corrupt database: " + e.getMessage());
        } catch (IOException e) {
            throw CliException.input(e.getMessage());
        }
    }

    private MmdbExport.Format format() {
        MmdbExport.Format f = format == null
                ? null
                : switch (format) {
                    case "csv" -> MmdbExport.Format.CSV;
                    case "jsonl", "ndjson" -> MmdbExport.Format.JSONL;
                    default ->
                        throw new CliException(
                                ExitCodes.USAGE, "--format: expected csv or jsonl, not '" + format + "'");
                };
        if (output != null) {
            return OutputNames.format(output, EXTENSIONS, MmdbExport.Format.CSV, f);
        }
        return f != null ? f : MmdbExport.Format.CSV;
    }
}
