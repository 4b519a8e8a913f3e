package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A setting means the same wherever it is given: for random sets of settings, a run with each of them in the config
 * file (at its top or in the command's section) or in the environment prints byte for byte what the same run prints
 * with all of them on the command line: standard output, standard error and the exit code.
 */
class ConfigPropertyTest {
    @TempDir
    static Path dir;

    static Path city;
    static Path asn;
    static Path list;

    static final String INPUT = "8.8.8.8\n81.2.69.1\nnot an address\n1.1.1.1 and 8.8.8.8\n2001:4860::1\n10.1.2.3\n"
            + "81.2.69.1\n203.0.113.9\n";

    @BeforeAll
    static void setUp() throws IOException {
        city = Fixtures.city(dir);
        asn = Fixtures.asn(dir);
        list = Files.writeString(dir.resolve("watch.txt"), "8.8.8.0/24\n203.0.113.9\n");
    }

    /** One setting: its key, its value in the file (repeatable: several), and the same on the command line. */
    record Choice(String key, List<String> values, List<String> args) {
        static Choice of(String key, String value, String... args) {
            return new Choice(key, List.of(value), List.of(args));
        }
    }

    /** The choices for each key of a command: at most one per key is taken. */
    private static List<List<Choice>> pool(String command) {
        List<List<Choice>> p = new ArrayList<>();
        if (command.equals("enrich")) {
            p.add(List.of(
                    Choice.of("db", city.toString(), "--db", city.toString()),
                    new Choice(
                            "db",
                            List.of(city.toString(), asn.toString()),
                            List.of("--db", city.toString(), "--db", asn.toString())),
                    new Choice(
                            "db",
                            List.of(asn.toString(), city.toString()),
                            List.of("--db", asn.toString(), "--db", city.toString())),
                    Choice.of("db", "builtin", "--db", "builtin"),
                    Choice.of("db-dir", dir.toString(), "--db-dir", dir.toString())));
            p.add(List.of(
                    Choice.of("fields", "default", "--fields", "default"),
                    Choice.of("fields", "all", "--fields", "all"),
                    Choice.of("fields", "ip,country,asn,as_org", "--fields", "ip,country,asn,as_org"),
                    Choice.of("fields", "ip,city,country,country_iso", "--fields", "ip,city,country,country_iso")));
            p.add(List.of(
                    Choice.of("format", "csv", "-f", "csv"),
                    Choice.of("format", "jsonl", "-f", "jsonl"),
                    Choice.of("format", "json", "--format", "json"),
                    Choice.of("format", "table", "-f", "table")));
            p.add(List.of(Choice.of("lang", "de", "--lang", "de"), Choice.of("lang", "en", "--lang", "en")));
            p.add(List.of(Choice.of("max-errors", "100", "--max-errors", "100")));
            p.add(List.of(Choice.of("threads", "1", "--threads", "1"), Choice.of("threads", "3", "--threads", "3")));
            p.add(List.of(
                    Choice.of("list", list.toString(), "--list", list.toString()),
                    Choice.of("no-lists", "true", "--no-lists")));
            p.add(List.of(Choice.of("max-age", "5", "--max-age", "5"), Choice.of("max-age", "0", "--max-age", "0")));
        } else {
            p.add(List.of(
                    Choice.of("format", "text", "-f", "text"),
                    Choice.of("format", "csv", "-f", "csv"),
                    Choice.of("format", "jsonl", "-f", "jsonl")));
            p.add(List.of(Choice.of("threads", "0", "--threads", "0"), Choice.of("threads", "2", "--threads", "2")));
            p.add(List.of(Choice.of("max-distinct", "2", "--max-distinct", "2")));
        }
        p.add(List.of(Choice.of("from", "list", "--from", "list"), Choice.of("from", "text", "--from", "text")));
        p.add(List.of(Choice.of("quiet", "true", "-q"), Choice.of("quiet", "false", "--no-quiet")));
        return p;
    }

    /** The messages without the run's time and speed, which differ from run to run. */
    static String timeless(String err) {
        return err.replaceAll(" in [0-9.,]+ m?s \\([^)]*/s\\)", " in T");
    }

    static Stream<Integer> seeds() {
        return IntStream.range(0, 24).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void settingsInTheFileOrTheEnvironmentPrintWhatTheSameOptionsPrint(int seed, @TempDir Path tmp) throws IOException {
        Random random = new Random(seed);
        String command = seed % 3 == 2 ? "extract" : "enrich";
        List<String> extra = new ArrayList<>();
        if (random.nextBoolean()) {
            extra.add(command.equals("enrich") ? "--unique" : "--count"); // options that are no setting, in both runs
        }
        StringBuilder top = new StringBuilder("# drawn with seed " + seed + "\n");
        StringBuilder section = new StringBuilder("[" + command + "]\n");
        Map<String, String> env = new HashMap<>();
        List<String> cli = new ArrayList<>(List.of(command));
        for (List<Choice> choices : pool(command)) {
            if (random.nextInt(4) == 0) {
                continue; // this key left at its default
            }
            Choice c = choices.get(random.nextInt(choices.size()));
            cli.addAll(c.args());
            // a format only one command takes goes in its section or the environment (at the top it is an error)
            boolean anywhere = !c.key().equals("format")
                    || List.of("csv", "jsonl").contains(c.values().get(0));
            switch (anywhere ? random.nextInt(3) : 1 + random.nextInt(2)) {
                case 0 ->
                    c.values()
                            .forEach(v ->
                                    top.append(c.key()).append(" = ").append(v).append('\n'));
                case 1 ->
                    c.values()
                            .forEach(v -> section.append(c.key())
                                    .append(" = ")
                                    .append(v)
                                    .append('\n'));
                default ->
                    env.put(
                            ConfigKey.find(c.key()).orElseThrow().variable(),
                            String.join(
                                    c.key().startsWith("db") || c.key().equals("list") ? File.pathSeparator : ",",
                                    c.values()));
            }
        }
        cli.addAll(extra);
        Path home =
                Files.createDirectories(tmp.resolve("xdg").resolve("iptriage")).getParent();
        String file = top + section.toString();
        Files.writeString(home.resolve("iptriage").resolve("config"), file);
        Map<String, String> configured = new HashMap<>(env);
        configured.put("XDG_CONFIG_HOME", home.toString());
        List<String> bare = new ArrayList<>(List.of(command));
        bare.addAll(extra);
        Cli.Result fromConfig = Cli.run(INPUT, configured, bare.toArray(String[]::new));
        Cli.Result fromOptions =
                Cli.run(INPUT, Map.of("XDG_CONFIG_HOME", tmp.resolve("none").toString()), cli.toArray(String[]::new));
        String why = "config:\n" + file + "env: " + env + "\noptions: " + cli + "\nstderr: " + fromOptions.err();
        assertThat(fromConfig.out()).as(why).isEqualTo(fromOptions.out());
        assertThat(timeless(fromConfig.err())).as(why).isEqualTo(timeless(fromOptions.err()));
        assertThat(fromConfig.code()).as(why).isEqualTo(fromOptions.code());
        assertThat(fromOptions.out()).as(why).isNotEmpty();
        assertThat(fromOptions.code()).as(why).isNotEqualTo(ExitCodes.USAGE); // the settings drawn are all good
    }
}
