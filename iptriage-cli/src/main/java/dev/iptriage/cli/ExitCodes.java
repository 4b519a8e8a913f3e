package dev.iptriage.cli;

/** The exit codes, one table, shown in every command's help. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int USAGE = 2;
    static final int INPUT = 3;
    static final int OUTPUT = 4;
    static final int RECORD_ERRORS = 5;

    static final String HELP = "%nExit codes:%n"
            + "  0  ok (addresses not in a database are still ok); also when the reader of%n"
            + "     stdout stops early (| head): the run stops quietly%n"
            + "  1  internal error (a bug: please report it)%n"
            + "  2  usage: unknown option, bad value%n"
            + "  3  input or database problem: missing/unreadable file, corrupt or wrong-type database%n"
            + "  4  output problem: cannot write the output file (or stdout: disk full)%n"
            + "  5  more rows with status error than --max-errors allows (the output is complete)%n";

    private ExitCodes() {}
}
