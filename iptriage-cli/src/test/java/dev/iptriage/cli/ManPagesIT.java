package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the package phase made (run by failsafe after it): one man page per command that renders with
 * {@code man -l} and groff without a warning and has the usual sections, its EXAMPLES being the
 * help's; and the completion scripts, the same as {@code iptriage completion} prints.
 */
class ManPagesIT {
    static final Path MAN = Path.of("target", "man", "man1");
    static final Path COMPLETION = Path.of("target", "completion");

    record Output(String out, String err) {}

    static Output run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path err = Files.createTempFile("man", ".err");
        try {
            pb.redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not end");
            }
            assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
            return new Output(out, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }

    static boolean installed(String program) {
        boolean found = Stream.of(
                        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
        if (!found && "true".equals(System.getenv("CI"))) {
            fail(program + " is missing: CI must install Debian's man-db (see .ci/run)");
        }
        return found;
    }

    static List<String> pages() {
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : HelpExamplesTest.commands(HelpExamplesTest.model())) {
            names.add(spec.qualifiedName("-") + ".1");
        }
        return names;
    }

    @Test
    void everyCommandHasItsPageAndThereAreNoOthers() throws IOException {
        try (Stream<Path> files = Files.list(MAN)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(pages())
                    .contains("iptriage.1", "iptriage-enrich.1", "iptriage-db-update.1", "iptriage-completion.1");
        }
    }

    @Test
    void everyPageRendersWithoutWarningsWithItsSectionsAndTheHelpsExamples() throws Exception {
        assumeTrue(installed("man") && installed("groff"), "man-db is not installed");
        Map<String, CommandSpec> specs = new java.util.HashMap<>();
        picocli.CommandLine model = HelpExamplesTest.model();
        model.setUsageHelpWidth(100_000); // the help's synopsis on one line, no label cut in two
        HelpExamplesTest.commands(model).forEach(s -> specs.put(s.qualifiedName("-") + ".1", s));
        for (String page : pages()) {
            Path file = MAN.resolve(page);
            Output groff = run(Map.of(), "groff", "-man", "-Tutf8", "-ww", "-z", file.toString());
            assertThat(groff.err()).as("groff's warnings on %s", page).isEmpty();
            Output man = run(Map.of("MANWIDTH", "80", "LC_ALL", "C.UTF-8"), "man", "-l", "--warnings", file.toString());
            assertThat(man.err()).as("man's warnings on %s", page).isEmpty();
            List<String> lines = man.out().lines().toList();
            TreeSet<String> headings = new TreeSet<>();
            lines.stream().filter(l -> l.matches("[A-Z][A-Z ]+")).forEach(headings::add);
            assertThat(headings)
                    .as(page)
                    .contains("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES");
            // SYNOPSIS: the help's, word for word (the markup survived)
            StringBuilder synopsis = new StringBuilder();
            for (int i = lines.indexOf("SYNOPSIS") + 1;
                    i < lines.size() && !lines.get(i).matches("\\S.*");
                    i++) {
                synopsis.append(' ').append(lines.get(i).strip());
            }
            String helpSynopsis = specs.get(page).commandLine().getHelp().synopsis(0);
            assertThat(synopsis.toString().replaceAll("\\s+", " ").strip())
                    .as("SYNOPSIS of %s", page)
                    .isEqualTo(helpSynopsis.replaceAll("\\s+", " ").strip());
            String name = page.substring(0, page.length() - 2);
            assertThat(lines.get(lines.indexOf("NAME") + 1).strip()).as(page).startsWith(name + " - ");
            // EXAMPLES: the help's lines, in order, as they are
            List<String> examples = new ArrayList<>();
            for (int i = lines.indexOf("EXAMPLES") + 1;
                    i < lines.size() && !lines.get(i).matches("\\S.*");
                    i++) {
                if (!lines.get(i).isBlank()) {
                    examples.add(lines.get(i).strip());
                }
            }
            List<String> help = HelpExamplesTest.exampleSection(specs.get(page)).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
            assertThat(examples).as("EXAMPLES of %s", page).isEqualTo(help);
        }
    }

    @Test
    void theBuiltCompletionScriptsAreWhatTheCommandPrints() throws IOException {
        for (Map.Entry<String, String> e : Map.of("bash", "iptriage.bash", "zsh", "_iptriage", "fish", "iptriage.fish")
                .entrySet()) {
            Cli.Result r = Cli.run("", "completion", e.getKey());
            assertThat(r.code()).isZero();
            assertThat(Files.readString(COMPLETION.resolve(e.getValue())))
                    .as(e.getValue())
                    .isEqualTo(r.out());
        }
    }
}
