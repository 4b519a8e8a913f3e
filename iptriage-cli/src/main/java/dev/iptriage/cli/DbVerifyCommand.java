package dev.iptriage.cli;

import dev.iptriage.databases.BuiltinDatabases;
import dev.iptriage.databases.Database;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbVerifier;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code iptriage db verify}: full structural check of .mmdb files, one line per file. */
@Command(
        name = "verify",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # a full structural check, one line per file",
            "  iptriage db verify GeoLite2-City.mmdb GeoLite2-ASN.mmdb",
            "  # every database of a folder",
            "  iptriage db verify ~/geoip/*.mmdb",
            "  # the embedded data",
            "  iptriage db verify builtin"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Check .mmdb files ('builtin' for the embedded ones) completely: metadata, every search-tree node and record (in range, no cycles,"
                    + " no deeper than the address), every data record decoded within the size limits.",
            "Prints one line per file ('ok' with counts, 'not found', or 'CORRUPT' with the first problem); exit 3 when any"
                    + " file is missing, corrupt or unreadable."
        })
final class DbVerifyCommand implements Callable<Integer> {
    private final Env env;
    /** Standard output for a person: {@link TerminalText}, as names and values come from files. */
    private final PrintStream out;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = ".mmdb files, or 'builtin'")
    List<Path> files = new ArrayList<>();

    DbVerifyCommand(Env env) {
        this.env = env;
        this.out = TerminalText.wrap(env.out());
    }

    @Override
    public Integer call() {
        int bad = 0;
        for (Path f : files) {
            Stdout.check(env.out()); // a reader that went away stops the loop
            if (f.toString().equals(BuiltinDatabases.NAME)) {
                bad += verifyBuiltin();
                continue;
            }
            String problem;
            try (MmdbReader r = MmdbReader.open(f)) {
                problem = verify(f.toString(), r);
            } catch (NoSuchFileException e) {
                out.println(f + ": not found"); // a missing file is not corrupt (exit 3 all the same)
                bad++;
                continue;
            } catch (MmdbFormatException e) {
                problem = e.getMessage();
            } catch (IOException e) {
                problem = "cannot read: " + e.getMessage();
            }
            bad += report(f.toString(), problem);
        }
        if (bad > 0) {
            env.err().println("iptriage: " + bad + " of " + files.size() + " files failed verification");
            return ExitCodes.INPUT;
        }
        return ExitCodes.OK;
    }

    /** The embedded databases, each verified as it is read from the jar. */
    private int verifyBuiltin() {
        List<Database> dbs;
        try {
            dbs = BuiltinDatabases.open();
        } catch (IOException e) {
            return report(BuiltinDatabases.NAME, "cannot read: " + e.getMessage());
        }
        int bad = 0;
        for (Database d : dbs) {
            bad += report(d.origin(), verify(d.origin(), d.reader()));
        }
        return bad;
    }

    private int report(String name, String problem) {
        if (problem == null) {
            return 0;
        }
        out.println(name + ": CORRUPT: " + CellText.terminalSafe(withoutName(problem, name)));
        return 1;
    }

    /** Returns the problem, or null after printing the ok line. */
    private String verify(String name, MmdbReader r) {
        try {
            MmdbVerifier.Report rep = MmdbVerifier.verify(r, 0, Database.shapeOf(r));
            if (!rep.ok()) {
                String more = rep.problemCount() > 1 ? " (and " + (rep.problemCount() - 1) + " more problems)" : "";
                return rep.problems().get(0) + more;
            }
            out.printf(
                    "%s: ok (%s, IPv%d, %,d nodes, %,d data records)%n",
                    name,
                    CellText.terminalSafe(r.metadata().databaseType()),
                    r.metadata().ipVersion(),
                    rep.nodesVisited(),
                    rep.records());
            return null;
        } catch (RuntimeException e) {
            return "unreadable structure (" + e + ")";
        }
    }

    /** The reader names the file in its messages; the line already starts with it. */
    private static String withoutName(String problem, String name) {
        return problem.replace(name + ": ", "").replace(name + " ", "");
    }
}
