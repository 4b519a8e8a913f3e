package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every command's {@code --help} ends with three to five examples, and every example parses (picocli's
 * parseArgs, nothing runs) into that command or one of its subcommands, so no example can rot when an
 * option is renamed or removed.
 */
class HelpExamplesTest {
    private static final String HEADING = "\nExamples:\n";

    /** One example: the command whose help shows it, the line as shown, and its words from {@code iptriage} on. */
    record Example(String command, String line, List<String> words) {}

    static CommandLine model() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of();
        return Main.model(
                new Env(sink, sink, InputStream.nullInputStream(), env, Terminal.from(env), Clock.systemUTC(), false));
    }

    /** Every command of the model, the top one first. */
    static List<CommandSpec> commands(CommandLine cl) {
        List<CommandSpec> all = new ArrayList<>();
        collect(cl.getCommandSpec(), all);
        return all;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), into));
    }

    /** The lines after the help's "Examples:" heading (which must be its last section). */
    static List<String> exampleSection(CommandSpec spec) {
        String usage = spec.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
        int at = usage.lastIndexOf(HEADING);
        assertThat(at).as("'Examples:' in the help of %s", spec.qualifiedName()).isPositive();
        return usage.substring(at + HEADING.length()).lines().toList();
    }

    static List<Example> examples(CommandSpec spec) {
        List<Example> out = new ArrayList<>();
        for (String line : exampleSection(spec)) {
            if (!line.strip().startsWith("#")) {
                out.add(new Example(spec.qualifiedName(), line, iptriageWords(line)));
            }
        }
        return out;
    }

    /**
     * The words of the {@code iptriage} command in a shell line ({@code cat x | iptriage ... | sort},
     * {@code source <(iptriage ...)}, {@code iptriage ... > file}): quotes and backslashes as the
     * shell reads them, up to the first pipe, redirection, list operator or closing parenthesis.
     */
    static List<String> iptriageWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean started = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote in: " + line);
                }
                word = word == null ? new StringBuilder() : word;
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (Character.isWhitespace(c) || "|<>;&()".indexOf(c) >= 0) {
                if (word != null) {
                    started |= word.toString().equals("iptriage");
                    if (started) {
                        words.add(word.toString());
                    }
                    word = null;
                }
                if (started && "|<>;&)".indexOf(c) >= 0) {
                    return words;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null && (started || word.toString().equals("iptriage"))) {
            words.add(word.toString());
        }
        return words;
    }

    /** Parses an example's words (after {@code iptriage}) as {@code Main.run} does, and returns the command it reaches. */
    static CommandSpec parse(List<String> words) {
        String[] args = OnlineOptions.rewrite(words.subList(1, words.size()).toArray(String[]::new));
        ParseResult r = model().parseArgs(args);
        while (r.subcommand() != null) {
            r = r.subcommand();
        }
        assertThat(r.isUsageHelpRequested() || r.isVersionHelpRequested())
                .as("help or version requested")
                .isFalse();
        return r.commandSpec();
    }

    @Test
    void everyCommandsHelpEndsWithThreeToFiveExamplesThatFitTheDefaultWidth() {
        List<CommandSpec> all = commands(model());
        assertThat(all)
                .extracting(CommandSpec::qualifiedName)
                .contains("iptriage", "iptriage db update", "iptriage completion");
        for (CommandSpec spec : all) {
            List<String> section = exampleSection(spec);
            List<Example> examples = examples(spec);
            assertThat(examples).as("examples of %s", spec.qualifiedName()).hasSizeBetween(3, 5);
            for (String line : section) {
                // each line as written: no wrapping at 80 columns, indented, a comment or an iptriage command
                assertThat(line).as("in the help of %s", spec.qualifiedName()).startsWith("  ");
                assertThat(line.length()).as("width of %s", line).isLessThanOrEqualTo(80);
                assertThat(line.strip().startsWith("#") || line.contains("iptriage "))
                        .as(line)
                        .isTrue();
            }
            for (Example e : examples) {
                assertThat(e.words()).as(e.line()).isNotEmpty().first().isEqualTo("iptriage");
            }
        }
    }

    @Test
    void everyExampleParsesIntoItsCommandOrASubcommandOfIt() {
        int n = 0;
        for (CommandSpec spec : commands(model())) {
            for (Example e : examples(spec)) {
                CommandSpec reached = parse(e.words());
                assertThat(reached.qualifiedName())
                        .as("what %s (in the help of %s) runs", e.line().strip(), e.command())
                        .startsWith(e.command());
                n++;
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(3 * 18);
    }

    @Test
    void theCheckCatchesAnExampleThatNoLongerParses() {
        assertThatThrownBy(() -> parse(iptriageWords("  iptriage enrich --no-such-option ips.txt")))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> parse(iptriageWords("  iptriage db verify")))
                .isInstanceOf(CommandLine.ParameterException.class); // FILE... is required
        assertThatThrownBy(() -> parse(iptriageWords("  iptriage completion tcsh")))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void theWordsOfAShellLineAreThoseOfItsIptriageCommand() {
        assertThat(iptriageWords("  cat ips.txt | iptriage enrich --unique -f table"))
                .containsExactly("iptriage", "enrich", "--unique", "-f", "table");
        assertThat(iptriageWords("  iptriage extract --count auth.log.gz | sort -rn"))
                .containsExactly("iptriage", "extract", "--count", "auth.log.gz");
        assertThat(iptriageWords("  source <(iptriage completion bash)"))
                .containsExactly("iptriage", "completion", "bash");
        assertThat(iptriageWords("  iptriage completion fish > ~/.config/fish/completions/iptriage.fish"))
                .containsExactly("iptriage", "completion", "fish");
        assertThat(iptriageWords("  iptriage report --title 'Incident 42' a\\ b.log"))
                .containsExactly("iptriage", "report", "--title", "Incident 42", "a b.log");
    }
}
