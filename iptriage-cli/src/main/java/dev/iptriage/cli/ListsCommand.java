package dev.iptriage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code iptriage lists}: the lists subcommands. */
@Command(
        name = "lists",
        mixinStandardHelpOptions = true,
        description = "Download public IP lists (see 'lists update').")
final class ListsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No subcommand given: the usage, on stderr, and a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
