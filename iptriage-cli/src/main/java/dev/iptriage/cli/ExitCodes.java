package dev.iptriage.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/** The exit codes, one table, shown in every command's help. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int USAGE = 2;
    static final int INPUT = 3;
    static final int OUTPUT = 4;
    static final int RECORD_ERRORS = 5;

    private static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put(
                OK + "",
                "ok (addresses not in a database are still ok); also when the reader of stdout stops early (| head): the run stops quietly");
        HELP.put(INTERNAL + "", "internal error (a bug: please report it)");
        HELP.put(
                USAGE + "",
                "usage: no or unknown command, unknown option, bad value (also an -o extension of no known format);"
                        + " a config file or IPTRIAGE_* setting that is wrong (unknown key, a secret, bad value, a --config"
                        + " file not found, a file every user may write)");
        HELP.put(
                INPUT + "",
                "input or database problem: missing/unreadable file, a file that is not text, corrupt or"
                        + " wrong-type database; db verify found a corrupt file; lookup got a non-address");
        HELP.put(OUTPUT + "", "output problem: cannot write the output file (or stdout: disk full)");
        HELP.put(
                RECORD_ERRORS + "",
                "more rows with status error than --max-errors allows (the output is complete); or more distinct"
                        + " values than --max-distinct keeps (the rest are counted, not shown)");
    }

    private ExitCodes() {}

    /**
     * Adds the table to the help of {@code cl} and of every subcommand it has, as picocli's exit code
     * list: the code, then its description, whose lines wrap at the usage width aligned under the
     * description's first character.
     */
    static void addTo(CommandLine cl) {
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(HELP);
        Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
        sections.put(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST, ExitCodes::table);
        usage.sectionMap(sections);
        cl.getSubcommands().values().forEach(ExitCodes::addTo);
    }

    private static String table(Help help) {
        int code = 5; // "  0  ": the description starts in column 5
        Help.TextTable t = Help.TextTable.forColumns(
                help.colorScheme(),
                new Help.Column(code, 2, Help.Column.Overflow.SPAN),
                new Help.Column(help.commandSpec().usageMessage().width() - code, 0, Help.Column.Overflow.WRAP));
        t.indentWrappedLines = 0; // picocli indents wrapped lines by 2 more by default
        HELP.forEach(t::addRowValues);
        return t.toString();
    }
}
