package dev.iptriage.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates ../shared (MaxMind's test databases, the corpus, full-scale fixtures). Conformance tests
 * call {@link #require}: outside CI they are skipped when it is absent, so a fresh clone passes on
 * its own; under CI ({@code CI=true}), where it is always present, a missing folder or file fails
 * the test instead, so a broken checkout cannot turn the conformance suite into silent skips.
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
        return require(root(), relative, inCi());
    }

    /**
     * A path inside the shared folder for a test that also runs without it (with fewer cases): null
     * when it is missing outside CI; under CI a missing path fails the calling test.
     */
    public static Path optional(String relative) {
        Path root = root();
        Path p = root == null ? null : root.resolve(relative);
        if (p != null && Files.exists(p)) {
            return p;
        }
        if (inCi()) {
            require(root, relative, true); // fails
        }
        return null;
    }

    /** {@link #require} in {@code root} (null: absent), under CI or not. */
    static Path require(Path root, String relative, boolean ci) {
        present(root != null, "../shared is not present", ci);
        Path p = root.resolve(relative);
        present(Files.exists(p), p + " is not present", ci);
        return p;
    }

    /** Skips the calling test when {@code present} is false, or fails it under CI. */
    private static void present(boolean present, String what, boolean ci) {
        if (!present && ci) {
            fail(what + ": CI must provide ../shared beside the project (or -Diptriage.shared=DIR)");
        }
        assumeTrue(present, what + ": conformance test skipped");
    }

    /** Whether this runs under CI ({@code CI=true}, as CI services and .ci/run set it). */
    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
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
