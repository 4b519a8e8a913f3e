package dev.iptriage.cli;

import dev.iptriage.input.Input;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The FILE arguments of the commands that read address lists ({@code enrich}, {@code report}). */
final class InputFiles {
    private InputFiles() {}

    /**
     * Opens the inputs: the files in order, {@code -} for standard input, standard input when there
     * are none and it is piped.
     *
     * @param command the command name, for the usage hint
     */
    static List<Input> open(List<String> files, Env env, String command) {
        if (files.isEmpty()) {
            if (env.terminal().stdin()) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "no input: give a FILE, or pipe addresses in (e.g. 'cat ips.txt | iptriage " + command + "')");
            }
            return List.of(Input.stdin(env.in()));
        }
        List<Input> out = new ArrayList<>();
        for (String f : files) {
            out.add(f.equals("-") ? Input.stdin(env.in()) : file(f));
        }
        return out;
    }

    /** Opens one input file; a missing or unreadable one is an input error (exit 3). */
    static Input file(String f) {
        try {
            return Input.file(Path.of(f));
        } catch (NoSuchFileException e) {
            throw CliException.input(f + ": no such file");
        } catch (IOException e) {
            throw CliException.input(e.getMessage());
        }
    }
}
