package dev.iptriage.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates ../shared (MaxMind's test databases, the corpus, full-scale fixtures). Conformance tests
 * call {@link #require} and are skipped when it is absent, so a fresh clone passes on its own; CI
 * always has it.
 */
public final class SharedData {
    private SharedData() {}

    /** The shared folder, or null when it does not exist here. */
    public static Path root() {
        String p = System.getProperty("iptriage.shared");
        Path candidate = p != null ? Path.of(p) : Path.of("..", "shared");
        return Files.isDirectory(candidate) ? candidate.toAbsolutePath().normalize() : null;
    }

    /** A path inside the shared folder; skips the calling test when it is missing. */
    public static Path require(String relative) {
        Path root = root();
        assumeTrue(root != null, "../shared is not present: conformance test skipped");
        Path p = root.resolve(relative);
        assumeTrue(Files.exists(p), p + " is not present: conformance test skipped");
        return p;
    }

    /** Names of MaxMind's test databases that are broken on purpose. */
    public static final String BROKEN = ".*(Broken|broken|Invalid|dos|limit-over).*\\.mmdb";

    /**
     * MaxMind's test databases (maxmind-db/test-data), sorted: the sound ones, or the ones broken
     * on purpose ({@link #BROKEN}); skips the calling test when ../shared is absent.
     */
    public static List<Path> testDatabases(boolean broken) throws IOException {
        try (Stream<Path> s = Files.list(require("maxmind-db/test-data"))) {
            return s.filter(p -> p.toString().endsWith(".mmdb"))
                    .filter(p -> p.getFileName().toString().matches(BROKEN) == broken)
                    .sorted()
                    .toList();
        }
    }
}
