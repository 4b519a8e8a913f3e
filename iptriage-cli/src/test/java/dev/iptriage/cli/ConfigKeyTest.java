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
