package dev.iptriage.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code iptriage} command. Only {@link #main} exits the JVM. */
@Command(
        name = "iptriage",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # the main job: one CSV row per address, written atomically",
            "  iptriage enrich ips.txt -o ips.csv",
            "  # one row per client of an nginx access log, with counts, as a table",
            "  iptriage enrich --from nginx --unique -f table access.log",
            "  # everything every database says about two addresses",
            "  iptriage lookup 8.8.8.8 2001:db8::1",
            "  # a self-contained HTML report with a map",
            "  iptriage report access.log -o report.html",
            "  # which databases a run would use",
            "  iptriage db list"
        },
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Triage IP addresses in bulk, offline: where (country, city, coordinates), who (ASN, organization,"
                    + " network) and what kind, from MaxMind GeoIP2/GeoLite2, DB-IP or any .mmdb database.",
            "With no database of your own it uses the embedded country + ASN data.",
            "Options typed on every run can be kept in a config file and IPTRIAGE_* variables; the command line"
                    + " wins ('iptriage config path' names the file, 'iptriage config show' the settings)."
        })
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main() {}

    /** Runs the command and exits with its status code. */
    public static void main(String[] args) {
        PrintStream out = Stdout.open();
        PrintStream err =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        Map<String, String> env = System.getenv();
        int code = run(new Env(out, err, System.in, env, Terminal.from(env), Clock.systemUTC(), true), args);
        System.exit(code);
    }

    /** Runs the command in-process (tests, embedding) and returns the exit code. */
    public static int run(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, String... args) {
        return run(new Env(out, err, in, env, Terminal.from(env), Clock.systemUTC(), false), args);
    }

    static int run(Env raw, String... given) {
        String[] args = OnlineOptions.rewrite(given); // a bare --dnsbl takes no argument
        Env env = raw.withTerminalSafeErr(); // messages quote input: no escape sequence gets through
        Config.Lazy config = new Config.Lazy(env, args); // read when a command that takes settings runs
        // picocli reads every command's annotations when it is added (a tenth of a short run's
        // time): when the first argument names a command, only that one is needed; anything else
        // (options first, a typo, help) gets them all, so suggestions and the command list stay
        CommandLine cl = tree(env, config, args.length > 0 ? args[0] : null);
        HelpLayout.apply(cl, env.env());
        cl.setOut(new PrintWriter(env.out(), true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(env.err(), true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ex, env));
        cl.setExecutionStrategy(parsed -> execute(parsed, config, env));
        int code = cl.execute(args);
        try {
            Stdout.check(env.out()); // what was printed (help, lookup, db info) reached its reader
        } catch (Stdout.Closed c) {
            return code == ExitCodes.OK ? failure(c, env) : code;
        }
        return code;
    }

    /**
     * The command line with the command {@code first} names, or with every command when it names
     * none ({@code null}, an option, a typo), each with {@code --config}/{@code --no-config}. The exit
     * code table is added by {@link HelpLayout}.
     */
    static CommandLine tree(Env env, Config.Lazy config, String first) {
        CommandLine cl = new CommandLine(new Main());
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("enrich", () -> new EnrichCommand(env));
        commands.put("extract", () -> new ExtractCommand(env));
        commands.put("lookup", () -> new LookupCommand(env));
        commands.put(
                "db",
                () -> new CommandLine(new DbCommand())
                        .addSubcommand(new DbListCommand(env))
                        .addSubcommand(new DbInfoCommand(env))
                        .addSubcommand(new DbVerifyCommand(env))
                        .addSubcommand(new DbBuildCommand(env))
                        .addSubcommand(new DbExportCommand(env))
                        .addSubcommand(new DbUpdateCommand(env, config)));
        commands.put(
                "lists",
                () -> new CommandLine(new ListsCommand())
                        .addSubcommand(new ListsListCommand(env))
                        .addSubcommand(new ListsUpdateCommand(env)));
        commands.put("fields", () -> new FieldsCommand(env));
        commands.put("report", () -> new ReportCommand(env));
        commands.put("serve", () -> new ServeCommand(env));
        // completion scripts are made from the whole model, whichever command was named
        commands.put("completion", () -> new CompletionCommand(env, () -> model(env)));
        commands.put(
                "config",
                () -> new CommandLine(new ConfigCommand())
                        .addSubcommand(new CommandLine(
                                        new ConfigShowCommand(env, config, () -> tree(env, config, null)))
                                .setStopAtPositional(true)) // the command line shown is the command's, not show's
                        .addSubcommand(new ConfigPathCommand(env, config)));
        Supplier<Object> only = first == null ? null : commands.get(first);
        if (only != null) {
            cl.addSubcommand(first, only.get());
        } else {
            commands.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        addConfigOptions(cl);
        return cl;
    }

    /** Every command, with the exit code table, as {@code --help} shows them: the model completion and man pages are made from. */
    static CommandLine model(Env env) {
        CommandLine cl = tree(env, new Config.Lazy(env, new String[0]), null);
        ExitCodes.addTo(cl);
        return cl;
    }

    /**
     * Every command, for tools that document the command line (the build makes the man pages
     * from it); not meant to be executed: its commands write to this process's standard streams.
     */
    public static CommandLine model() {
        PrintStream out =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        Map<String, String> env = System.getenv();
        return model(new Env(out, err, System.in, env, Terminal.from(env), Clock.systemUTC(), false));
    }

    /** {@code --config FILE} and {@code --no-config} on every command ({@code db update}: only the latter). */
    private static void addConfigOptions(CommandLine cl) {
        Object options = commandName(cl.getCommandSpec()).equals("db update")
                ? new ConfigOptions.NoConfig()
                : new ConfigOptions();
        cl.getCommandSpec().addMixin("config", CommandLine.Model.CommandSpec.forAnnotatedObject(options));
        cl.getSubcommands().values().forEach(Main::addConfigOptions);
    }

    /** A command's name without the program's: {@code enrich}, {@code db list}; empty for iptriage itself. */
    static String commandName(CommandLine.Model.CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        int space = q.indexOf(' ');
        return space < 0 ? "" : q.substring(space + 1);
    }

    /**
     * Runs the parsed command: help when asked (no config file read for it), else the settings of the config file
     * and the environment laid onto the options the command line left alone, then the command.
     */
    private static int execute(CommandLine.ParseResult parsed, Config.Lazy config, Env env) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        CommandLine.ParseResult leaf = parsed;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        String name = commandName(leaf.commandSpec());
        List<Config.Setting> applied = List.of();
        if (ConfigKey.COMMANDS.contains(name)) {
            try {
                applied = config.get().apply(name, leaf);
            } catch (CliException e) {
                env.err().println("iptriage: " + e.getMessage());
                return e.exitCode();
            }
        }
        int code;
        try {
            code = new CommandLine.RunLast().execute(parsed);
        } catch (CommandLine.ExecutionException e) {
            if (!(e.getCause() instanceof Exception cause)) {
                throw e;
            }
            code = failure(cause, env);
        }
        if (code == ExitCodes.USAGE && !applied.isEmpty()) {
            Set<String> from = new LinkedHashSet<>();
            applied.forEach(s -> from.add(s.fromEnvironment() ? s.source() : "the config file"));
            env.err()
                    .println("iptriage: note: this run had settings from " + String.join(", ", from) + ": 'iptriage"
                            + " config show " + name + "' lists them"
                            + (config.get().fileRead() ? ", --no-config leaves the file out" : ""));
        }
        return code;
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("iptriage: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCodes.USAGE;
    }

    private static int failure(Exception ex, Env env) {
        Throwable t = ex;
        while (t.getCause() != null && !(t instanceof Stdout.Closed)) {
            t = t.getCause(); // a writer (JSON, CSV) may wrap it
        }
        if (t instanceof Stdout.Closed c) {
            if (c.readerGone()) {
                return ExitCodes.OK; // the reader stopped early (| head): quietly, as it asked
            }
            env.err().println("iptriage: " + c.getMessage());
            return ExitCodes.OUTPUT;
        }
        if (ex instanceof CliException c) {
            env.err().println("iptriage: " + c.getMessage());
            return c.exitCode();
        }
        if (ex.getCause() instanceof OutOfMemoryError) {
            env.err()
                    .println("iptriage: out of memory: lower --max-distinct or give the JVM more (IPTRIAGE_JAVA_OPTS)");
            return ExitCodes.INTERNAL;
        }
        env.err().println("iptriage: internal error: " + ex + " (please report it; IPTRIAGE_DEBUG=1 shows details)");
        if ("1".equals(env.env().get("IPTRIAGE_DEBUG"))) {
            ex.printStackTrace(env.err());
        }
        return ExitCodes.INTERNAL;
    }

    /** No command given: the usage (with the commands), on stderr, and a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
