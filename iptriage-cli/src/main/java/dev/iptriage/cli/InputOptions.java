package dev.iptriage.cli;

import dev.iptriage.extract.ExtractOptions;
import dev.iptriage.extract.InputMode;
import dev.iptriage.input.Input;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The inputs and how to read them: shared by {@code enrich}, {@code extract} (and {@code report}). */
final class InputOptions {
    @Parameters(paramLabel = "FILE", description = "input files ('-' = standard input, the default when piped)")
    List<String> files = new ArrayList<>();

    @Option(
            names = "--from",
            completionCandidates = Candidates.InputModes.class,
            paramLabel = "MODE",
            description = "input format: list (one address per line), text (every address anywhere), nginx,"
                    + " apache, sshd, fail2ban, syslog, csv:COLUMN, jsonl:FIELD (dotted path) or auto"
                    + " (sniffed from the first lines; the choice is shown). Default: list for enrich, auto"
                    + " for report, text for extract")
    String from;

    @Option(names = "--no-refang", description = "do not undo defanging (1.1.1[.]1, 1(.)1, [dot], [:]) first")
    boolean noRefang;

    @Option(names = "--leading-zeros", description = "accept IPv4 octets with leading zeros, read as decimal")
    boolean leadingZeros;

    @Option(names = "--dotted-port", description = "read a.b.c.d.port (dante and BSD style) as a.b.c.d")
    boolean dottedPort;

    @Option(names = "--keep-mapped", description = "report ::ffff:a.b.c.d as IPv6 instead of as a.b.c.d")
    boolean keepMapped;

    @Option(
            names = "--year",
            paramLabel = "YYYY",
            description = "year of syslog times written without one (default: the year that puts the time at"
                    + " most a day after the file's modification time)")
    int year;

    /** The mode, {@code fallback} when {@code --from} is not given. */
    InputMode mode(InputMode fallback) {
        if (from == null) {
            return fallback;
        }
        try {
            return InputMode.parse(from);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--from: " + e.getMessage());
        }
    }

    ExtractOptions extractOptions() {
        return new ExtractOptions(!noRefang, leadingZeros, dottedPort, keepMapped);
    }

    /** The inputs; stdin when none is given and it is not a terminal. */
    List<Input> inputs(Env env, String command) {
        return InputFiles.open(files, env, command);
    }
}
