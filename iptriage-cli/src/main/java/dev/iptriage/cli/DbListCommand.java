package dev.iptriage.cli;

import dev.iptriage.databases.Database;
import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.model.Field;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code iptriage db list}: the databases a run would use, in precedence order. */
@Command(
        name = "list",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # which databases a run would use, in precedence order",
            "  iptriage db list",
            "  # with the databases of a folder of your own",
            "  iptriage db list --db-dir ~/geoip",
            "  # what enrich --db would use",
            "  iptriage db list --db GeoLite2-City.mmdb --db builtin"
        },
        mixinStandardHelpOptions = true,
        description = "List the databases a run would use (same options as enrich), in precedence order.")
final class DbListCommand implements Callable<Integer> {
    private final Env env;
    /** Standard output for a person: {@link TerminalText}, as names and values come from files. */
    private final PrintStream out;

    @Mixin
    DbOptions db;

    DbListCommand(Env env) {
        this.env = env;
        this.out = TerminalText.wrap(env.out());
    }

    @Override
    public Integer call() {
        DatabaseLocator.Selection sel = db.inspect(env, true);
        out.println("found via: " + sel.origin());
        for (Database d : sel.databases()) {
            out.println(db.describe(d, env));
            out.println("    kind " + d.kind().label() + "; columns: "
                    + String.join(
                            ", ", d.kind().fields().stream().map(Field::column).toList()));
        }
        for (String n : sel.notes()) {
            out.println("note: " + n);
        }
        return ExitCodes.OK;
    }
}
