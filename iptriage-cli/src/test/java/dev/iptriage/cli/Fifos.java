package dev.iptriage.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Named pipes for a test ({@code @RegisterExtension final Fifos fifos = new Fifos();}): {@link #make} creates one
 * with {@code mkfifo} (the test is skipped where there is none), and after each test any run still blocked opening
 * one is released (a read-write open never blocks on Linux).
 */
final class Fifos implements AfterEachCallback {
    private final List<Path> made = new ArrayList<>();

    /** A new FIFO {@code name} in {@code dir}. */
    Path make(Path dir, String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here: " + e.getMessage());
            throw e;
        }
        assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        made.add(p);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (Path p : made) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.size();
            } catch (IOException e) {
                // gone already
            }
        }
        made.clear();
    }
}
