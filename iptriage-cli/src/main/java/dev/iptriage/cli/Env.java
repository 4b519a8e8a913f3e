package dev.iptriage.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a command reads from the outside world, so tests can run commands in-process.
 *
 * @param out standard output (machine output only)
 * @param err standard error (messages)
 * @param in standard input
 * @param env environment variables
 * @param terminal which streams are terminals
 * @param clock the time (for database age)
 * @param searchDefaultDirs whether to look for databases in the system GeoIP folders
 */
record Env(
        PrintStream out,
        PrintStream err,
        InputStream in,
        Map<String, String> env,
        Terminal terminal,
        Clock clock,
        boolean searchDefaultDirs) {
    /** The same, with messages on stderr made safe for a terminal ({@link TerminalText}). */
    Env withTerminalSafeErr() {
        return new Env(out, TerminalText.wrap(err), in, env, terminal, clock, searchDefaultDirs);
    }
}
