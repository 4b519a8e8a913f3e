package dev.iptriage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code iptriage} command. */
@Command(name = "iptriage", mixinStandardHelpOptions = true)
public final class Main {
    private Main() {}

    /** Runs the command and exits with its status code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
