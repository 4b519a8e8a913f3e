package dev.iptriage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code db}, {@code lists}, {@code config}): alone, it prints its usage. */
@Command // the subclasses name themselves
abstract class GroupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** No subcommand given: the usage, on stderr, and a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
