package dev.iptriage.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The completion scripts of {@code iptriage completion}: bash's is picocli's ({@link AutoComplete});
 * zsh runs the same functions through its bash completion layer (bashcompinit); fish has no picocli
 * generator, so its {@code complete} lines are written here from the same model.
 */
final class ShellCompletion {
    /** The program's name as the user types it. */
    static final String NAME = "iptriage";

    /** Longest description fish shows beside a candidate before it is cut. */
    static final int FISH_DESCRIPTION = 100;

    /** Values picocli's bash script can hold as they are (it writes them in double quotes). */
    private static final Pattern BASH_SAFE = Pattern.compile("[A-Za-z0-9._:,+@%=/-]+");

    private static final Pattern FILE_LABEL = Pattern.compile("FILE|DIR|\\.csv|\\.mmdb|OUT");

    private ShellCompletion() {}

    /** The bash script (picocli's): {@code source} it, or install it as bash-completion's {@code iptriage}. */
    static String bash(CommandLine cl) {
        Map<String, CommandSpec> commands = new LinkedHashMap<>();
        collect(cl.getCommandSpec(), NAME, commands);
        for (CommandSpec spec : commands.values()) {
            List<ArgSpec> args = new ArrayList<>(spec.args());
            for (ArgSpec a : args) {
                for (String value : candidates(a)) {
                    if (!BASH_SAFE.matcher(value).matches()) {
                        // picocli writes values in double quotes, where bash would expand $ and `
                        throw new IllegalArgumentException("a value bash's script cannot hold as text: " + value);
                    }
                }
            }
        }
        String script = AutoComplete.bash(NAME, cl);
        for (CommandSpec spec : commands.values()) {
            script = bashFiles(script, spec);
        }
        return script;
    }

    /**
     * picocli completes file names for {@code File} and {@code Path} arguments only; iptriage's
     * input files are strings ({@code -} is stdin, {@code builtin} a database), so in the function
     * of {@code spec} the file-like ones get picocli's own file completion lines too.
     */
    private static String bashFiles(String script, CommandSpec spec) {
        String function = "function _picocli_" + spec.qualifiedName("_") + "() {\n";
        int start = script.indexOf(function);
        if (start < 0) {
            throw new IllegalStateException("picocli's bash script has no " + function.strip());
        }
        int end = script.indexOf("\n}\n", start);
        String body = script.substring(start, end);
        String files = "local IFS=$'\\n'\n%1$stype compopt &>/dev/null && compopt -o filenames\n"
                + "%1$s%2$s=( $( compgen -f -- \"${curr_word}\" ) ) # files\n";
        boolean filePositional = spec.positionalParameters().stream()
                .anyMatch(p -> !p.hidden()
                        && fileLike(p)
                        && !fileTyped(p)
                        && candidates(p).isEmpty());
        if (filePositional) {
            String plain = "    local positionals=\"\"\n    local IFS=$'\\n'\n    COMPREPLY";
            if (!body.contains(plain)) {
                throw new IllegalStateException(
                        "picocli's bash function for " + spec.qualifiedName() + " has no plain positional list");
            }
            body = body.replace(
                    plain,
                    "    local positionals=\"\"\n    " + String.format(files, "    ", "positionals") + "    COMPREPLY");
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()
                    || !takesValue(o)
                    || !fileLike(o)
                    || fileTyped(o)
                    || !candidates(o).isEmpty()) {
                continue;
            }
            String label = String.join(
                    "|",
                    java.util.Arrays.stream(o.names()).map(n -> "'" + n + "'").toList());
            String plain = "    " + label + ")\n      return\n      ;;";
            if (!body.contains(plain)) {
                throw new IllegalStateException(
                        "picocli's bash function for " + spec.qualifiedName() + " has no plain case for " + label);
            }
            body = body.replace(
                    plain,
                    "    " + label + ")\n      " + String.format(files, "      ", "COMPREPLY")
                            + "      return $?\n      ;;");
        }
        return script.substring(0, start) + body + script.substring(end);
    }

    /**
     * The zsh script: picocli's bash functions under zsh's bashcompinit. Sourced from {@code
     * ~/.zshrc} it registers itself; installed as {@code _iptriage} in a folder of {@code $fpath},
     * compinit loads it on the first TAB, when it registers the same functions and answers that TAB.
     */
    static String zsh(CommandLine cl) {
        return "#compdef " + NAME + "\n"
                + "# zsh completion for " + NAME + ": bash's functions through zsh's bashcompinit.\n"
                + "# Either source this file from ~/.zshrc (after compinit), or save it as _" + NAME
                + " in a folder of $fpath.\n"
                + "# compinit loads this file as a function, where the alias of compopt below is not in force yet;\n"
                + "# zsh's completion has no use for compopt\n"
                + "function compopt { return 0; }\n\n"
                + bash(cl)
                + "\n"
                + "# loaded by compinit from $fpath (as the function _" + NAME + "): answer this first TAB too\n"
                + "if [ -n \"${ZSH_VERSION-}\" ] && [ \"${funcstack[1]-}\" = _" + NAME + " ]; then\n"
                + "  _bash_complete -F _complete_" + NAME + " -o default\n"
                + "fi\n";
    }

    /**
     * The fish script: a function that finds which (sub)command the words typed so far name, and
     * one {@code complete} line per subcommand, option and fixed value, with its description.
     */
    static String fish(CommandLine cl) {
        Map<String, CommandSpec> commands = new LinkedHashMap<>();
        collect(cl.getCommandSpec(), NAME, commands);
        StringBuilder s = new StringBuilder();
        s.append("# fish completion for ")
                .append(NAME)
                .append(", made from its command model (")
                .append(NAME)
                .append(" completion fish).\n");
        s.append("# Save as ~/.config/fish/completions/").append(NAME).append(".fish\n\n");
        s.append("# the command the words before the cursor name: '")
                .append(NAME)
                .append("', '")
                .append(NAME)
                .append(" db', ...\n");
        s.append("function __").append(NAME).append("_command\n");
        s.append("    set -l command ").append(NAME).append('\n');
        s.append("    for word in (commandline -opc)[2..-1]\n");
        s.append("        switch \"$command $word\"\n");
        s.append("            case");
        commands.keySet().stream().skip(1).forEach(path -> s.append(' ').append(fishQuote(path)));
        s.append("\n                set command \"$command $word\"\n");
        s.append("        end\n");
        s.append("    end\n");
        s.append("    echo $command\n");
        s.append("end\n\n");
        s.append("function __").append(NAME).append("_at\n");
        s.append("    test (__").append(NAME).append("_command) = \"$argv[1]\"\n");
        s.append("end\n\n");
        s.append("complete -c ").append(NAME).append(" -e\n");
        commands.forEach((path, spec) -> fishCommand(s, path, spec));
        return s.toString();
    }

    private static void collect(CommandSpec spec, String path, Map<String, CommandSpec> into) {
        into.put(path, spec);
        spec.subcommands().forEach((name, sub) -> {
            CommandSpec subSpec = sub.getCommandSpec();
            if (!subSpec.usageMessage().hidden() && name.equals(subSpec.name())) {
                collect(subSpec, path + " " + name, into);
            }
        });
    }

    private static void fishCommand(StringBuilder s, String path, CommandSpec spec) {
        String at = "-n " + fishQuote("__" + NAME + "_at " + fishQuote(path));
        s.append("\n# ").append(path).append('\n');
        boolean files = false;
        boolean noFiles = false; // said with the values
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            List<String> values = candidates(p);
            if (!values.isEmpty()) {
                s.append("complete -c ")
                        .append(NAME)
                        .append(' ')
                        .append(at)
                        .append(" -f -a ")
                        .append(fishQuote(fishWords(values)))
                        .append('\n');
                noFiles = true;
            } else if (fileLike(p)) {
                files = true;
            }
        }
        if (!files && !noFiles) {
            s.append("complete -c ").append(NAME).append(' ').append(at).append(" -f\n");
        }
        spec.subcommands().forEach((name, sub) -> {
            CommandSpec subSpec = sub.getCommandSpec();
            if (!subSpec.usageMessage().hidden() && name.equals(subSpec.name())) {
                s.append("complete -c ")
                        .append(NAME)
                        .append(' ')
                        .append(at)
                        .append(" -f -a ")
                        .append(fishQuote(fishWord(name)))
                        .append(" -d ")
                        .append(fishQuote(summary(subSpec.usageMessage().description())))
                        .append('\n');
            }
        });
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            StringBuilder line =
                    new StringBuilder("complete -c ").append(NAME).append(' ').append(at);
            for (String name : o.names()) {
                if (name.startsWith("--")) {
                    line.append(" -l ").append(fishQuote(name.substring(2)));
                } else if (name.length() == 2 && name.charAt(0) == '-') {
                    line.append(" -s ").append(fishQuote(name.substring(1)));
                } else {
                    line.append(" -o ").append(fishQuote(name.substring(1)));
                }
            }
            if (takesValue(o)) {
                List<String> values = candidates(o);
                if (!values.isEmpty()) {
                    line.append(" -x -a ").append(fishQuote(fishWords(values)));
                } else if (fileLike(o)) {
                    line.append(" -r -F");
                } else {
                    line.append(" -x");
                }
            }
            line.append(" -d ").append(fishQuote(summary(o.description())));
            s.append(line).append('\n');
        }
    }

    private static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0 && !(o.type() == boolean.class || o.type() == Boolean.class);
    }

    private static List<String> candidates(ArgSpec a) {
        List<String> values = new ArrayList<>();
        Iterable<String> c = a.completionCandidates();
        if (c != null) {
            c.forEach(values::add);
        }
        return values;
    }

    private static boolean fileLike(ArgSpec a) {
        return fileTyped(a) || FILE_LABEL.matcher(a.paramLabel()).find();
    }

    /** Whether picocli completes it as a file by itself. */
    private static boolean fileTyped(ArgSpec a) {
        Class<?> t = a.auxiliaryTypes().length > 0 ? a.auxiliaryTypes()[0] : a.type();
        return t == java.io.File.class || t == java.nio.file.Path.class;
    }

    /** The first line of a description, on one line, cut to {@value #FISH_DESCRIPTION} characters. */
    static String summary(String[] description) {
        String first = description.length == 0 ? "" : String.format(description[0].replace("%n", " "));
        String flat = first.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (flat.length() <= FISH_DESCRIPTION) {
            return flat;
        }
        int cut = flat.lastIndexOf(' ', FISH_DESCRIPTION - 1);
        return flat.substring(0, cut > 0 ? cut : FISH_DESCRIPTION - 1) + "…";
    }

    /**
     * A fish single-quoted string: inside one only {@code \\} and {@code '} are special, so
     * {@code $}, backticks, parentheses and globs stay text.
     */
    static String fishQuote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Values as fish words for {@code complete -a}, which expands its argument: every non-alphanumeric character escaped. */
    static String fishWords(List<String> values) {
        return String.join(" ", values.stream().map(ShellCompletion::fishWord).toList());
    }

    private static String fishWord(String value) {
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == ',') {
                w.append(c);
            } else if (!Character.isISOControl(c)) {
                w.append('\\').append(c);
            }
        }
        return w.toString();
    }
}
