package dev.iptriage.cli;

import dev.iptriage.text.CellText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

/** {@code iptriage config show [COMMAND [OPTION...]]}: the settings a command would use, and where each came from. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  # every command's settings",
            "  iptriage config show",
            "  # those of enrich, with this command line",
            "  iptriage config show enrich --lang de ips.txt",
            "  # with another file",
            "  iptriage config show --config team.conf enrich"
        },
        description = {
            "Print the settings a command would use and where each came from: the command line, the config file"
                    + " (FILE:LINE), an environment variable (IPTRIAGE_...) or the default. With no command, those"
                    + " of every command that takes settings.",
            "The output is KEY = VALUE lines with the source as a # comment, one [COMMAND] block per command."
                    + " IPTRIAGE_* variables that iptriage does not read (a misspelt setting) are listed"
                    + " first as ignored."
        })
final class ConfigShowCommand implements Callable<Integer> {
    private final Env env;
    private final Config.Lazy config;
    private final Supplier<CommandLine> tree;

    @Parameters(
            paramLabel = "COMMAND",
            arity = "0..*",
            description = "a command and the options it would be given (config show enrich --lang de); default: every"
                    + " command")
    List<String> commandLine = new ArrayList<>();

    /**
     * @param tree every command (for parsing the command line shown)
     */
    ConfigShowCommand(Env env, Config.Lazy config, Supplier<CommandLine> tree) {
        this.env = env;
        this.config = config;
        this.tree = tree;
    }

    @Override
    public Integer call() {
        Config c = config.get();
        PrintStream out = TerminalText.wrap(env.out()); // values and paths come from files
        CommandLine root = tree.get();
        out.println("# config file: " + describe(c));
        ConfigKey.unknownVariables(env.env())
                .forEach((v, like) -> out.println("# ignored: " + CellText.terminalSafe(v) + " is no iptriage setting"
                        + (like == null ? "" : " (did you mean " + like + "?)")));
        if (commandLine.isEmpty()) {
            for (String command : ConfigKey.COMMANDS) {
                CommandLine cl = root;
                for (String word : command.split(" ")) {
                    cl = cl.getSubcommands().get(word);
                }
                print(out, c, command, cl.getCommandSpec(), null);
            }
            return ExitCodes.OK;
        }
        collectErrors(root); // a command line without its inputs (lookup with no IP) is shown all the same
        ParseResult parsed = root.parseArgs(commandLine.toArray(String[]::new));
        for (Exception e : parsed.errors()) {
            if (!(e instanceof CommandLine.MissingParameterException)) {
                throw new CliException(ExitCodes.USAGE, "config show: " + e.getMessage());
            }
        }
        while (parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        print(out, c, Main.commandName(parsed.commandSpec()), parsed.commandSpec(), parsed);
        return ExitCodes.OK;
    }

    private static void collectErrors(CommandLine cl) {
        cl.getCommandSpec().parser().collectErrors(true);
        cl.getSubcommands().values().forEach(ConfigShowCommand::collectErrors);
    }

    /** One command's block: its keys, values and sources ({@code parsed}: its command line, or null for none). */
    private static void print(PrintStream out, Config c, String name, CommandSpec spec, ParseResult parsed) {
        out.println();
        if (ConfigKey.of(name).isEmpty()) {
            out.println("# " + (name.isEmpty() ? "iptriage" : name) + " takes no settings");
            return;
        }
        out.println("[" + name + "]");
        List<Config.Shown> shown = c.show(name, spec, parsed);
        int width = shown.stream().mapToInt(s -> line(s).length()).max().orElse(0);
        for (Config.Shown s : shown) {
            out.println(String.format("%-" + width + "s  # %s", line(s), s.source()));
        }
    }

    private static String line(Config.Shown s) {
        return (s.key() + " = " + s.value()).stripTrailing();
    }

    private static String describe(Config c) {
        Config.Location l = c.location();
        if (l.file() == null) {
            return l.reason().equals("--no-config")
                    ? "none (--no-config)"
                    : "none (neither XDG_CONFIG_HOME nor HOME is set)";
        }
        String how = l.reason().equals("default") ? "" : ", named by " + l.reason();
        return l.file() + (c.fileRead() ? how : " (not there: no file read" + how + ")");
    }
}
