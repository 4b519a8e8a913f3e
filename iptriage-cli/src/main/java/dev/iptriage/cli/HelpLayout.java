package dev.iptriage.cli;

import java.util.Map;
import picocli.CommandLine;

/** How every command's help is laid out: the exit code table, and the width it wraps at. */
final class HelpLayout {
    /** picocli's narrowest usage width. */
    static final int MIN_WIDTH = 55;

    static final int MAX_WIDTH = 200;

    private HelpLayout() {}

    /**
     * Gives {@code cl} and the subcommands it has now the exit code table ({@link ExitCodes#addTo})
     * and the usage width: {@code $COLUMNS} when it is set (within {@value #MIN_WIDTH} to {@value
     * #MAX_WIDTH}), else picocli's 80.
     */
    static void apply(CommandLine cl, Map<String, String> env) {
        ExitCodes.addTo(cl);
        int width = width(env.get("COLUMNS"));
        if (width > 0) {
            cl.setUsageHelpWidth(width);
        }
    }

    /** The width {@code $COLUMNS} asks for, or 0 when it is not a number. */
    static int width(String columns) {
        if (columns == null || !columns.strip().matches("[0-9]{1,6}")) {
            return 0;
        }
        return Math.clamp(Integer.parseInt(columns.strip()), MIN_WIDTH, MAX_WIDTH);
    }
}
