package dev.iptriage.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
