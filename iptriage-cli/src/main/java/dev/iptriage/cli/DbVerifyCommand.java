package dev.iptriage.cli;

import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbVerifier;
import java.io.IOException;
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
        mixinStandardHelpOptions = true,
        description = {
            "Check .mmdb files completely: metadata, every search-tree node and record (in range, no cycles,"
                    + " no deeper than the address), every data record decoded within the size limits.",
            "Prints one line per file ('ok' with counts, or 'CORRUPT' with the first problem); exit 3 when any"
                    + " file is corrupt or unreadable."
        },
        footer = ExitCodes.HELP)
final class DbVerifyCommand implements Callable<Integer> {
    private final Env env;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = ".mmdb files")
    List<Path> files = new ArrayList<>();

    DbVerifyCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        int bad = 0;
        for (Path f : files) {
            String problem = verify(f);
            if (problem != null) {
                bad++;
                env.out().println(f + ": CORRUPT: " + oneLine(withoutName(problem, f)));
            }
        }
        if (bad > 0) {
            env.err().println("iptriage: " + bad + " of " + files.size() + " files failed verification");
            return ExitCodes.INPUT;
        }
        return ExitCodes.OK;
    }

    /** Returns the problem, or null after printing the ok line. */
    private String verify(Path f) {
        try (MmdbReader r = MmdbReader.open(f)) {
            MmdbVerifier.Report rep = MmdbVerifier.verify(r, 0);
            if (!rep.ok()) {
                String more = rep.problemCount() > 1 ? " (and " + (rep.problemCount() - 1) + " more problems)" : "";
                return rep.problems().get(0) + more;
            }
            env.out()
                    .printf(
                            "%s: ok (%s, IPv%d, %,d nodes, %,d data records)%n",
                            f,
                            r.metadata().databaseType(),
                            r.metadata().ipVersion(),
                            rep.nodesVisited(),
                            rep.records());
            return null;
        } catch (NoSuchFileException e) {
            return "file not found";
        } catch (MmdbFormatException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot read: " + e.getMessage();
        } catch (RuntimeException e) {
            return "unreadable structure (" + e + ")";
        }
    }

    /** The reader names the file in its messages; the line already starts with it. */
    private static String withoutName(String problem, Path f) {
        String name = f.toString();
        return problem.replace(name + ": ", "").replace(name + " ", "");
    }

    /** Hostile files can put anything in a message: keep it one printable line. */
    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
