package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets first: a bare command, the help, a mistyped address, the database age. */
class UsageCliTest {
    /** Every command, as typed after {@code iptriage}. */
    static final List<List<String>> COMMANDS = List.of(
            List.of(),
            List.of("enrich"),
            List.of("extract"),
            List.of("lookup"),
            List.of("db"),
            List.of("db", "list"),
            List.of("db", "info"),
            List.of("db", "verify"),
            List.of("db", "build"),
            List.of("db", "export"),
            List.of("db", "update"),
            List.of("fields"),
            List.of("report"));

    @TempDir
    static Path dir;

    static String city;

    @BeforeAll
    static void databases() {
        city = Fixtures.city(dir).toString();
    }

    @Test
    void noCommandPrintsTheUsageOnStderrAndIsAUsageError() {
        Cli.Result top = Cli.run("");
        assertThat(top.code()).isEqualTo(2);
        assertThat(top.out()).isEmpty();
        assertThat(top.err()).contains("Usage: iptriage", "Commands:", "enrich", "lookup", "Exit codes:");
        Cli.Result db = Cli.run("", "db");
        assertThat(db.code()).isEqualTo(2);
        assertThat(db.out()).isEmpty();
        assertThat(db.err()).contains("Usage: iptriage db", "list", "verify", "export");
    }

    /**
     * Every command's help, at the default width (80) and at narrower ones ({@code COLUMNS}): the
     * exit code table has every code, and the lines of a long description wrap under its text.
     */
    @Test
    void theExitCodeTableWrapsUnderItsTextInEveryHelpAtEveryWidth() {
        for (String columns : new String[] {null, "80", "60", "55", "40", "x"}) {
            int width = columns == null || columns.equals("x") ? 80 : Math.max(55, Integer.parseInt(columns));
            Map<String, String> env = new HashMap<>();
            if (columns != null) {
                env.put("COLUMNS", columns);
            }
            for (List<String> command : COMMANDS) {
                List<String> args = new ArrayList<>(command);
                args.add("--help");
                Cli.Result r = Cli.run("", env, args.toArray(String[]::new));
                assertThat(r.code()).as("%s", args).isZero();
                List<String> lines = r.out().lines().toList();
                assertThat(lines)
                        .as("%s at %s", args, columns)
                        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(width));
                int at = lines.indexOf("Exit codes:");
                assertThat(at).as("%s", args).isPositive();
                int examples = lines.indexOf("Examples:"); // the last section (HelpExamplesTest)
                assertThat(examples).as("%s", args).isGreaterThan(at);
                assertThat(lines.get(examples - 1)).isEmpty();
                List<String> table = lines.subList(at + 1, examples - 1);
                assertThat(table)
                        .as("%s at %s", args, columns)
                        .allSatisfy(l -> assertThat(l).matches("  [0-5]  \\S.*|     \\S.*"));
                assertThat(table.stream().filter(l -> l.matches("  [0-5]  .*")))
                        .as("%s", args)
                        .hasSize(6);
                if (width < 80) {
                    assertThat(table).as("%s: a wrapped line", args).anyMatch(l -> l.startsWith("     "));
                }
            }
        }
    }

    @Test
    void lookupAnswersEveryArgumentAndExits3AtTheEndWhenOneIsNotAnAddress() {
        Cli.Result r = Cli.run("", "lookup", "--db", city, "8.8.8.8", "not-an-ip");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("8.8.8.8  (Public)", "Mountain View").doesNotContain("not-an-ip");
        assertThat(r.err()).contains("iptriage: not-an-ip: not an IP address");

        Cli.Result first = Cli.run("", "lookup", "--db", city, "not-an-ip", "1.2.3.4/33", "81.2.69.160", "8.8.8.8");
        assertThat(first.code()).isEqualTo(3);
        assertThat(first.out()).contains("81.2.69.160", "London", "8.8.8.8", "Mountain View");
        assertThat(first.err())
                .contains("not-an-ip: not an IP address", "1.2.3.4/33: not an IP address (prefix /33 > 32)");

        assertThat(Cli.run("", "lookup", "--db", city, "8.8.8.8").code()).isZero();
    }

    @Test
    void theBuildDateIsSaidOnceInDbInfoDbListAndRuns() {
        Cli.Result info = Cli.run("", "db", "info", city);
        assertThat(info.out().lines().filter(l -> l.contains("built")))
                .containsExactly("  built        2026-11-01, 20 days old");
        Cli.Result list = Cli.run("", "db", "list", "--db", city);
        assertThat(list.out()).contains("GeoLite2-City (" + city + ", built 2026-11-01, 20 days old)");
        Cli.Result run = Cli.run("8.8.8.8\n", "enrich", "--db", city);
        assertThat(run.err())
                .contains("iptriage: database GeoLite2-City (" + city + ", built 2026-11-01, 20 days old)");
        for (Cli.Result r : List.of(info, list, run)) {
            assertThat(r.out() + r.err()).doesNotContainPattern("(?i)\\bbuilt\\W+built\\b");
        }
    }

    /** Exit 5 of --max-distinct is said in every command's table, and it is what such a run exits with. */
    @Test
    void exitFiveSaysMaxDistinctInEveryHelpAndARunPastItExitsFive() {
        for (List<String> command : COMMANDS) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            String out = Cli.run("", args.toArray(String[]::new)).out();
            String five = out.substring(out.indexOf("\n  5  ") + 1, out.indexOf("\nExamples:"))
                    .replaceAll("\\s+", " ");
            assertThat(five).as("%s", args).contains("--max-errors").contains("--max-distinct");
        }
        Cli.Result r = Cli.run("8.8.8.8\n1.1.1.1\n", "enrich", "--db", city, "-u", "--max-distinct", "1", "-q", "-");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.RECORD_ERRORS);
    }
}
