package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The table of keys against the commands' options: each key is an option of each command it names, of its kind. */
class ConfigKeyTest {
    static CommandLine tree() {
        PrintStream p = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Env env = new Env(
                p,
                p,
                new ByteArrayInputStream(new byte[0]),
                Map.of(),
                Terminal.from(Map.of()),
                Clock.systemUTC(),
                false);
        return Main.tree(env, new Config.Lazy(env, new String[0]), null);
    }

    static CommandLine command(CommandLine root, String name) {
        CommandLine cl = root;
        for (String word : name.split(" ")) {
            cl = cl.getSubcommands().get(word);
            assertThat(cl).as(name).isNotNull();
        }
        return cl;
    }

    @Test
    void everyKeyIsAnOptionOfEachOfItsCommandsOfItsKind() {
        CommandLine root = tree();
        for (ConfigKey k : ConfigKey.ALL.values()) {
            assertThat(k.commands()).as(k.name()).isNotEmpty();
            for (String c : k.commands()) {
                OptionSpec o = command(root, c).getCommandSpec().findOption("--" + k.name());
                String what = c + " --" + k.name();
                assertThat(o).as(what).isNotNull();
                assertThat(o.longestName()).as(what).isEqualTo("--" + k.name());
                assertThat(o.isMultiValue()).as(what).isEqualTo(k.kind().repeatable());
                Class<?> type = o.isMultiValue() ? o.auxiliaryTypes()[0] : o.type();
                Set<Class<?>> expected = switch (k.kind()) {
                    case BOOLEAN -> Set.of(boolean.class, Boolean.class);
                    case INT -> Set.of(int.class, Integer.class);
                    case LONG -> Set.of(long.class, Long.class);
                    case NUMBER -> Set.of(double.class, Double.class);
                    case PATH -> Set.of(Path.class);
                    case PATHS -> Set.of(Path.class, String.class); // --db: a path or 'builtin'
                    case TEXT, TEXTS -> Set.of(String.class);
                };
                assertThat(expected).as(what + " is " + type).contains(type);
                if (k.requires() != null) {
                    assertThat(command(root, c).getCommandSpec().findOption("--" + k.requires()))
                            .as(what)
                            .isNotNull();
                }
                if (k.kind() == ConfigKey.Kind.BOOLEAN && !k.name().startsWith("no-")) {
                    assertThat(o.negatable())
                            .as(what + ": a file's true can be undone on the command line")
                            .isTrue();
                }
            }
        }
    }

    /**
     * Every IPTRIAGE_ name in the code and the launchers, but the launcher's shell array of JVM flags and
     * ConfigKey.java (which lists the known names: it would find itself).
     */
    private static Set<String> variablesInTheCode() throws java.io.IOException {
        Set<String> out = new java.util.TreeSet<>();
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("IPTRIAGE_[A-Z][A-Z0-9_]*");
        for (String root :
                List.of("src/main/java", "../iptriage-core/src/main/java", "../bin", "../iptriage-dist/src/dist")) {
            try (var files = java.nio.file.Files.walk(Path.of(root))) {
                for (Path f : files.filter(java.nio.file.Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().equals("ConfigKey.java"))
                        .toList()) {
                    var m = name.matcher(java.nio.file.Files.readString(f, StandardCharsets.ISO_8859_1));
                    while (m.find()) {
                        out.add(m.group());
                    }
                }
            }
        }
        out.remove("IPTRIAGE_JVM_FLAGS");
        return out;
    }

    @Test
    void theVariablesConfigShowKnowsAreTheOnesTheCodeReads() throws java.io.IOException {
        Set<String> inCode = variablesInTheCode();
        assertThat(inCode).contains("IPTRIAGE_JAVA_OPTS", "IPTRIAGE_DB_DIR", "IPTRIAGE_CONFIG");
        Set<String> keyVariables = new java.util.TreeSet<>();
        ConfigKey.ALL.values().forEach(k -> keyVariables.add(k.variable()));
        for (String v : inCode) {
            assertThat(keyVariables.contains(v) || ConfigKey.OTHER_VARIABLES.contains(v))
                    .as("%s is read by the code: a key's variable or in ConfigKey.OTHER_VARIABLES", v)
                    .isTrue();
        }
        assertThat(inCode).as("no stale names").containsAll(ConfigKey.OTHER_VARIABLES);
        // none of the known ones is reported, each unknown one is, with its likely meaning
        Map<String, String> env = new java.util.HashMap<>();
        inCode.forEach(v -> env.put(v, "x"));
        keyVariables.forEach(v -> env.put(v, "x"));
        env.put("IPTRIAGE_FEILDS", "all");
        env.put("IPTRIAGE", "elsewhere/bin/iptriage");
        assertThat(ConfigKey.unknownVariables(env)).containsExactly(Map.entry("IPTRIAGE_FEILDS", "IPTRIAGE_FIELDS"));
    }

    @Test
    void theDistanceCountsEditsAndSwaps() {
        assertThat(Config.distance("IPTRIAGE_PTR", "IPTRIAGE_PTR")).isZero();
        assertThat(Config.distance("IPTRIAGE_PRT", "IPTRIAGE_PTR")).isEqualTo(1);
        assertThat(Config.distance("IPTRIAGE_PT", "IPTRIAGE_PTR")).isEqualTo(1);
        assertThat(Config.distance("IPTRIAGE_PTRS", "IPTRIAGE_PTR")).isEqualTo(1);
        assertThat(Config.distance("IPTRIAGE_QTX", "IPTRIAGE_PTR")).isEqualTo(2);
        assertThat(Config.distance("", "ABC")).isEqualTo(3);
    }

    @Test
    void theSectionsAreTheCommandsThatTakeSettings() {
        CommandLine root = tree();
        for (String c : ConfigKey.COMMANDS) {
            assertThat(ConfigKey.of(c)).as(c).isNotEmpty();
            command(root, c);
        }
        assertThat(ConfigKey.COMMANDS)
                .contains("enrich", "extract", "lookup", "report", "serve", "db list", "lists list");
    }

    @Test
    void secretsAreToldFromTheFilesThatHoldThem() {
        for (String s : List.of(
                "license-key", "license_key", "licensekey", "account-key", "dqs-key", "api-key", "password", "token")) {
            assertThat(Config.secret(s.replace('_', '-'))).as(s).isNotNull();
        }
        for (String s : List.of("license-key-file", "account-id", "geoip-conf", "db", "lang")) {
            assertThat(Config.secret(s)).as(s).isNull();
        }
    }
}
