package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The scripts of {@code iptriage completion} in the real shells: bash (always), zsh and fish (skipped
 * when not installed, except under CI, where {@code .ci/run} installs them). Each shell's answers
 * are compared with the command model they were made from, for every command.
 */
class ShellCompletionTest {
    @TempDir
    static Path dir;

    /** A working folder with files to complete. */
    static Path work;

    static Map<String, Path> scripts = new LinkedHashMap<>();

    @BeforeAll
    static void scripts() throws IOException {
        work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("access.log"), "192.0.2.1\n");
        Files.writeString(work.resolve("auth.log.gz"), "");
        for (String shell : List.of("bash", "zsh", "fish")) {
            Cli.Result r = Cli.run("", "completion", shell);
            assertThat(r.code()).isZero();
            assertThat(r.err()).isEmpty();
            Path script = dir.resolve(shell.equals("zsh") ? "_iptriage" : "iptriage." + shell);
            Files.writeString(script, r.out());
            scripts.put(shell, script);
        }
    }

    /** The commands of the model, by the words typed after {@code iptriage} ("" for the top). */
    static Map<String, CommandSpec> commands() {
        Map<String, CommandSpec> all = new LinkedHashMap<>();
        for (CommandSpec spec : HelpExamplesTest.commands(HelpExamplesTest.model())) {
            all.put(spec.qualifiedName().substring("iptriage".length()).strip(), spec);
        }
        return all;
    }

    static TreeSet<String> longOptions(CommandSpec spec) {
        TreeSet<String> names = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                Arrays.stream(o.names()).filter(n -> n.startsWith("--")).forEach(names::add);
            }
        }
        return names;
    }

    static TreeSet<String> subcommands(CommandSpec spec) {
        return new TreeSet<>(spec.subcommands().keySet());
    }

    static boolean installed(String shell) {
        boolean found = Arrays.stream(
                        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, shell)));
        if (!found && "true".equals(System.getenv("CI"))) {
            fail(shell + " is missing: CI must install Debian's " + shell + " package (see .ci/run)");
        }
        return found;
    }

    /** Runs a shell with {@code script} as its program, in {@link #work}, and returns its stdout. */
    static String run(List<String> command, String script) throws IOException, InterruptedException {
        Path program = Files.createTempFile(dir, "program", ".sh");
        Files.writeString(program, script);
        List<String> full = new ArrayList<>(command);
        full.add(program.toString());
        ProcessBuilder pb = new ProcessBuilder(full).directory(work.toFile());
        pb.environment().put("HOME", work.toString());
        pb.environment().put("XDG_CONFIG_HOME", work.resolve(".config").toString());
        pb.environment().put("XDG_DATA_HOME", work.resolve(".local/share").toString());
        pb.redirectErrorStream(false);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD); // compopt complains outside real completion
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not end");
        }
        assertThat(p.exitValue()).as("exit of %s; output %s", command, out).isZero();
        return out;
    }

    /** bash: COMP_WORDS/COMP_CWORD as readline sets them, the completion function, COMPREPLY. */
    static Map<String, TreeSet<String>> bash(List<String> lines) throws IOException, InterruptedException {
        StringBuilder s = new StringBuilder("source '" + scripts.get("bash") + "'\n");
        s.append("t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=\"$*\";"
                + " COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _complete_iptriage;"
                + " printf '%s' \"$*\"; printf '\\t%s' \"${COMPREPLY[@]}\"; printf '\\n'; }\n");
        for (String line : lines) {
            s.append("t");
            for (String w : line.split(" ", -1)) {
                s.append(" '").append(w).append('\'');
            }
            s.append('\n');
        }
        return answers(run(List.of("bash", "--norc", "--noprofile"), s.toString()));
    }

    private static Map<String, TreeSet<String>> answers(String out) {
        Map<String, TreeSet<String>> answers = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            TreeSet<String> values = new TreeSet<>(Arrays.asList(f).subList(1, f.length));
            values.remove("");
            answers.put(f[0], values);
        }
        return answers;
    }

    /**
     * Lines and what bash and fish offer for each, by their own engines on the generated scripts: commands,
     * options, values, files; addresses get nothing (no files either).
     */
    private static final Map<String, List<String>> OFFERS = offers();

    private static Map<String, List<String>> offers() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("iptriage en", List.of("enrich"));
        m.put("iptriage enrich --fi", List.of("--fields"));
        m.put("iptriage db ", List.of("list", "info", "verify", "build", "export", "update"));
        m.put("iptriage completion ", List.of("bash", "zsh", "fish"));
        m.put("iptriage enrich acc", List.of("access.log"));
        m.put("iptriage enrich --db au", List.of("auth.log.gz"));
        m.put("iptriage lookup 8.", List.of());
        return m;
    }

    private static void assertOffers(Map<String, TreeSet<String>> got) {
        OFFERS.forEach((line, want) -> assertThat(got.get(line)).as(line).containsExactlyInAnyOrderElementsOf(want));
    }

    @Test
    void bashCompletesCommandsOptionsValuesAndFiles() throws Exception {
        List<String> lines = new ArrayList<>(OFFERS.keySet());
        lines.add("iptriage db verify acc");
        Map<String, TreeSet<String>> a = bash(lines);
        assertOffers(a);
        assertThat(a.get("iptriage db verify acc")).containsExactly("access.log");
    }

    /** For every command: "--" gives exactly its long options, and a blank its subcommands. */
    @Test
    void bashOffersEveryCommandsOptionsAndSubcommandsAsTheModelHasThem() throws Exception {
        Map<String, CommandSpec> commands = commands();
        List<String> lines = new ArrayList<>();
        commands.keySet().forEach(path -> {
            String prefix = ("iptriage " + path).strip();
            lines.add(prefix + " --");
            lines.add(prefix + " ");
        });
        Map<String, TreeSet<String>> a = bash(lines);
        commands.forEach((path, spec) -> {
            String prefix = ("iptriage " + path).strip();
            assertThat(a.get(prefix + " --")).as(prefix).isEqualTo(longOptions(spec));
            if (!spec.subcommands().isEmpty()) {
                assertThat(a.get(prefix + " ")).as(prefix).isEqualTo(subcommands(spec));
            }
        });
    }

    /**
     * zsh, interactive in a pseudo-terminal (zpty): TAB completes the line, then the line is printed.
     * Both ways of installing: sourced from .zshrc, and autoloaded by compinit from $fpath.
     */
    @Test
    void zshCompletesWhenSourcedAndWhenLoadedFromFpath() throws Exception {
        assumeTrue(installed("zsh"), "zsh is not installed");
        Path fpath = Files.createDirectories(dir.resolve("zfunc"));
        Files.copy(scripts.get("zsh"), fpath.resolve("_iptriage"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (String setup : List.of(
                "autoload -U compinit && compinit -u; source '" + scripts.get("zsh") + "'",
                "fpath=('" + fpath + "' $fpath); autoload -U compinit && compinit -u")) {
            String driver = "zmodload zsh/zpty\n"
                    + "zpty z 'env -i HOME=" + work + " TERM=dumb PATH=/usr/bin:/bin zsh -f -i'\n"
                    + "zpty -w z " + zshQuote("PS1='> '; " + setup) + "\n"
                    + type("iptriage en\\t") + type("iptriage enrich --fi\\t") + type("iptriage db ver\\t")
                    + type("iptriage enrich acc\\t") + type("iptriage completion f\\t")
                    + "zpty -w -n z $'exit\\n'\n"
                    + "out=''\n"
                    + "while zpty -r -t z line; do out+=$line; done\n"
                    + "print -r -- $out | tr -d '\\r' | grep -a '^RESULT '\n";
            String out = run(List.of("zsh", "-f"), driver);
            assertThat(out.lines().toList())
                    .as("with %s", setup)
                    .containsExactly(
                            "RESULT iptriage enrich",
                            "RESULT iptriage enrich --fields",
                            "RESULT iptriage db verify",
                            "RESULT iptriage enrich access.log",
                            "RESULT iptriage completion fish");
        }
    }

    /** Types a line with TAB in it, waits for the completion, then prints the line (Ctrl-A, then the print command). */
    private static String type(String keys) {
        return "zpty -w -n z $'" + keys + "'\nsleep 1\nzpty -w -n z $'\\x01print -r -- RESULT \\n'\n";
    }

    private static String zshQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** fish's own completion engine ({@code complete -C}) on the generated script. */
    static Map<String, TreeSet<String>> fish(Path script, List<String> lines) throws Exception {
        StringBuilder s = new StringBuilder("source " + ShellCompletion.fishQuote(script.toString()) + "\n");
        for (String line : lines) {
            s.append("printf '%s' ").append(ShellCompletion.fishQuote(line)).append('\n');
            s.append("for c in (complete -C ")
                    .append(ShellCompletion.fishQuote(line))
                    .append(")\n");
            s.append("    printf '\\t%s' (string replace -r '\\t.*' '' -- $c)\n");
            s.append("end\n");
            s.append("printf '\\n'\n");
        }
        return answers(run(List.of("fish", "--no-config"), s.toString()));
    }

    @Test
    void fishCompletesCommandsOptionsValuesAndFiles() throws Exception {
        assumeTrue(installed("fish"), "fish is not installed");
        assertOffers(fish(scripts.get("fish"), new ArrayList<>(OFFERS.keySet())));
    }

    @Test
    void fishOffersEveryCommandsOptionsAndSubcommandsAsTheModelHasThem() throws Exception {
        assumeTrue(installed("fish"), "fish is not installed");
        Map<String, CommandSpec> commands = commands();
        List<String> lines = new ArrayList<>();
        commands.keySet().forEach(path -> {
            String prefix = ("iptriage " + path).strip();
            lines.add(prefix + " --");
            lines.add(prefix + " ");
        });
        Map<String, TreeSet<String>> a = fish(scripts.get("fish"), lines);
        commands.forEach((path, spec) -> {
            String prefix = ("iptriage " + path).strip();
            assertThat(a.get(prefix + " --")).as(prefix).isEqualTo(longOptions(spec));
            if (!spec.subcommands().isEmpty()) {
                assertThat(a.get(prefix + " ")).as(prefix).isEqualTo(subcommands(spec));
            }
        });
    }

    /** picocli's bash script would expand $ and backticks in a value: such a value is refused, not written. */
    @Test
    void bashRefusesAValueItsScriptWouldExpand() {
        for (String value : List.of("$x", "`id`", "a b", "\"q\"", "it's")) {
            CommandSpec spec = CommandSpec.create().name("iptriage");
            spec.addOption(OptionSpec.builder("--value")
                    .type(String.class)
                    .completionCandidates(List.of("plain", value))
                    .build());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShellCompletion.bash(new CommandLine(spec)))
                    .as(value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(value);
        }
        CommandSpec fine = CommandSpec.create().name("iptriage");
        fine.addOption(OptionSpec.builder("--value")
                .type(String.class)
                .completionCandidates(List.of("pt-BR", "csv", "dbip-lite"))
                .build());
        assertThat(ShellCompletion.bash(new CommandLine(fine))).contains("\"pt-BR\"", "\"dbip-lite\"");
    }

    /** Quotes, $, backticks, parentheses and backslashes in a description stay text in fish. */
    @Test
    void fishShowsHostileDescriptionsAsTheyAre() throws Exception {
        assumeTrue(installed("fish"), "fish is not installed");
        String evil = "it's $HOME `touch pwned1` (touch pwned2) \\ \\' \"q\" ; touch pwned3 #";
        CommandSpec spec = CommandSpec.create().name("iptriage");
        spec.addOption(OptionSpec.builder("--evil").description(evil).build());
        spec.addOption(OptionSpec.builder("--value")
                .type(String.class)
                .completionCandidates(List.of("a b", "$x", "(y)", "it's"))
                .description("values")
                .build());
        Path script = dir.resolve("evil.fish");
        Files.writeString(script, ShellCompletion.fish(new CommandLine(spec)));
        StringBuilder s = new StringBuilder("source " + ShellCompletion.fishQuote(script.toString()) + "\n");
        s.append("complete -C 'iptriage --ev'\n");
        s.append("complete -C 'iptriage --value '\n");
        String out = run(List.of("fish", "--no-config"), s.toString());
        assertThat(out.lines().toList())
                .contains("--evil\t" + evil, "a b\tvalues", "$x\tvalues", "(y)\tvalues", "it's\tvalues");
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pwned"));
        }
    }
}
