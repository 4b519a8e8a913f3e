package dev.iptriage.cli;

import dev.iptriage.databases.CustomColumns;
import dev.iptriage.engine.Tags;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.text.CellText;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code iptriage fields}: the output columns and what they mean. */
@Command(
        name = "fields",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # the columns --fields takes",
            "  iptriage fields",
            "  # with the keys of a database of your own",
            "  iptriage fields --db internal.mmdb",
            "  # with those of the databases of a folder",
            "  iptriage fields --db-dir ~/geoip"
        },
        mixinStandardHelpOptions = true,
        description = "List the output columns for --fields (with --db/--db-dir: also the custom databases' own).")
final class FieldsCommand implements Callable<Integer> {
    private final Env env;

    @Mixin
    DbOptions db;

    FieldsCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        for (Field f : Field.values()) {
            String mark = Field.defaults().contains(f) ? "*" : " ";
            env.out().printf("%s %-24s %s%n", mark, f.column(), f.description());
        }
        tags();
        online();
        if (db.files.isEmpty() && db.dirs.isEmpty()) {
            env.out()
                    .println(
                            "(* = in the default set; 'all' = every column but count, the sighting columns, raw and source)");
            env.out().println("(a custom database's own keys are columns too: 'iptriage fields --db FILE' lists them)");
            return ExitCodes.OK;
        }
        for (Column c : custom()) {
            env.out()
                    .printf(
                            "* %-24s %s%n",
                            CellText.terminalSafe(c.name()),
                            CellText.terminalSafe("key " + String.join(".", c.path()) + " of " + c.source()));
        }
        env.out()
                .println(
                        "(* = in the default set; 'all' = every column but count, the sighting columns, raw and source, plus the databases' own)");
        return ExitCodes.OK;
    }

    /** The offline tags' columns: in the default set when lists are used; the scanner ones also by name. */
    private void tags() {
        for (SourceColumn c : Tags.LIST_COLUMNS) {
            env.out().printf("~ %-24s %s%n", c.name(), c.description());
        }
        for (SourceColumn c : Tags.SCANNER_COLUMNS) {
            env.out().printf("~ %-24s %s%n", c.name(), c.description());
        }
        env.out()
                .println("(~ = offline tags: added, with the default set and 'all', when lists are used (--list or the"
                        + " lists folder); the scanner columns also whenever named)");
    }

    /** The online sources' columns: in a run only when the source is named. */
    private void online() {
        OnlineOptions.ORDER.forEach(name -> {
            for (SourceColumn c : OnlineOptions.COLUMNS.get(name)) {
                env.out().printf("+ %-24s %s%n", c.name(), c.description());
            }
            env.out()
                    .printf(
                            "+ %-24s %s%n",
                            name + "_status",
                            "what the " + name + " source answered: ok, nxdomain, nodata, servfail, refused, timeout,"
                                    + " skipped, unsupported or error:<why> (--" + name + ")");
        });
        env.out().println("(+ = online: added, with the default set and 'all', only when its option is named)");
    }

    private List<Column> custom() {
        return CustomColumns.discover(db.inspect(env, true).databases());
    }
}
