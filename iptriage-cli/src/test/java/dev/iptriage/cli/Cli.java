package dev.iptriage.cli;

import dev.iptriage.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the command in-process and captures what it prints. The clock is fixed ({@link #NOW}), so
 * no test depends on today's date: the fixtures are {@value #FIXTURE_AGE_DAYS} days old on every
 * run, whatever the date.
 */
final class Cli {
    record Result(int code, String out, String err) {}

    /** How old the fixture databases ({@link Fixtures#BUILT}) are at {@link #NOW}. */
    static final int FIXTURE_AGE_DAYS = 20;

    /** The time every command run through this class sees. */
    static final Instant NOW = Fixtures.BUILT.plus(Duration.ofDays(FIXTURE_AGE_DAYS));

    /** Where each command run through this class gets its own cache folder ({@code $XDG_CACHE_HOME}), under {@code target}. */
    static final Path CACHE = Path.of("target", "cli-test-cache").toAbsolutePath();

    private Cli() {}

    static Result run(String stdin, String... args) {
        return run(stdin, Map.of(), args);
    }

    static Result run(String stdin, Map<String, String> extraEnv, String... args) {
        return run(stdin, extraEnv, Clock.fixed(NOW, ZoneOffset.UTC), args);
    }

    /** Runs with the time at {@code clock}. */
    static Result run(String stdin, Map<String, String> extraEnv, Clock clock, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), extraEnv, clock, args);
    }

    /** Runs with these bytes on standard input (UTF-16, binary data). */
    static Result run(byte[] stdin, String... args) {
        return run(stdin, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC), args);
    }

    private static Result run(byte[] stdin, Map<String, String> extraEnv, Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent("HOME", "/nonexistent-home");
        // caches (compiled lists, DNS answers) in a folder of this run's own, inside the build, removed after it:
        // no run sees what another cached unless a test gives both the same XDG_CACHE_HOME
        Path cache = null;
        if (!env.containsKey("XDG_CACHE_HOME")) {
            try {
                Files.createDirectories(CACHE);
                cache = Files.createTempDirectory(CACHE, "run");
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            env.put("XDG_CACHE_HOME", cache.toString());
        }
        try {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            var in = new ByteArrayInputStream(stdin);
            int code = Main.run(new Env(o, e, in, env, Terminal.from(env), clock, false), args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            if (cache != null) {
                deleteTree(cache);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException x) {
            // left for the build's clean
        }
    }
}
