package dev.iptriage.cli;

import dev.iptriage.databases.BuiltinDatabases;
import dev.iptriage.databases.Database;
import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.mmdb.Metadata;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code iptriage db info}: metadata, age and attribution of databases. */
@Command(
        name = "info",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # metadata, age and attribution of the embedded data",
            "  iptriage db info builtin",
            "  # of the databases a run would use",
            "  iptriage db info",
            "  # of given files",
            "  iptriage db info GeoLite2-City.mmdb GeoLite2-ASN.mmdb",
            "  # warn when one is older than a week",
            "  iptriage db info --max-age 7"
        },
        mixinStandardHelpOptions = true,
        description = "Show type, build date and age, size, languages, description and attribution of databases"
                + " (the given files, 'builtin', or else the ones a run would use).")
final class DbInfoCommand implements Callable<Integer> {
    private final Env env;
    /** Standard output for a person: {@link TerminalText}, as names and values come from files. */
    private final PrintStream out;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = ".mmdb files or 'builtin'")
    List<String> files = new ArrayList<>();

    @Mixin
    DbOptions db;

    DbInfoCommand(Env env) {
        this.env = env;
        this.out = TerminalText.wrap(env.out());
    }

    @Override
    public Integer call() throws IOException {
        if (!files.isEmpty()) {
            db.files.addAll(files);
        }
        DatabaseLocator.Selection sel = db.inspect(env, true);
        for (Database d : sel.databases()) {
            Metadata m = d.metadata();
            out.println(d.origin());
            row("type", m.databaseType() + " (" + d.kind().label() + ")");
            row("built", db.age(d, env));
            row(
                    "format",
                    "MaxMind DB " + m.majorVersion() + "." + m.minorVersion() + ", IPv" + m.ipVersion() + " tree, "
                            + m.recordSize() + "-bit records");
            row(
                    "size",
                    String.format(
                            "%,d nodes, %,d bytes (data section %,d bytes)",
                            m.nodeCount(), d.reader().fileSize(), d.reader().dataSectionSize()));
            row("languages", m.languages().isEmpty() ? "-" : String.join(", ", m.languages()));
            m.description().forEach((lang, text) -> row("description", "[" + lang + "] " + text));
            d.attribution().ifPresent(a -> row("attribution", a));
            out.println();
        }
        if (sel.databases().stream().anyMatch(d -> d.origin().startsWith(BuiltinDatabases.NAME))) {
            Properties p = BuiltinDatabases.manifest();
            out.println("embedded data (" + p.getProperty("data.date", "?") + "):");
            p.stringPropertyNames().stream().sorted().forEach(k -> row(k, p.getProperty(k)));
        }
        return ExitCodes.OK;
    }

    private void row(String key, String value) {
        out.printf("  %-12s %s%n", key, CellText.terminalSafe(value)); // metadata comes from the file
    }
}
