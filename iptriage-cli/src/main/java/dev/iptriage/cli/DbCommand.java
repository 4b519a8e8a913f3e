package dev.iptriage.cli;

import picocli.CommandLine.Command;

/** {@code iptriage db}: the database subcommands. */
@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description =
                "List, inspect, verify, update, build and export databases (see 'db list', 'db info', 'db verify',"
                        + " 'db update', 'db build', 'db export').")
final class DbCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
