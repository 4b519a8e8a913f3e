package dev.iptriage.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * iptriage as a separate process ({@code java -cp <the test class path> dev.iptriage.cli.Main}), for
 * what only a real process shows: pipes closed by their reader, signals, kill -9. Its stderr goes to a
 * file; its default database folders are those of an empty home.
 */
final class RealProcess {
    /** A hang guard, not a timing: a run that should end at once is given this long. */
    static final long TIMEOUT_SECONDS = 120;

    private RealProcess() {}

    /** A builder for {@code iptriage ARGS}, with HOME in {@code home} and stderr to {@code home/stderr.txt}. */
    static ProcessBuilder builder(Path home, String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                cp,
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("IPTRIAGE_") || k.startsWith("XDG_"));
        pb.environment().put("HOME", home.toString());
        pb.redirectError(home.resolve("stderr.txt").toFile());
        return pb;
    }

    static String stderr(Path home) throws IOException {
        return Files.readString(home.resolve("stderr.txt"), StandardCharsets.UTF_8);
    }

    /**
     * Feeds the process's stdin from a daemon thread: block {@code i} is {@code blocks.apply(i)},
     * until it returns null (then stdin is closed) or the process stops reading (its end of the pipe
     * is closed).
     */
    static void feed(Process p, LongFunction<byte[]> blocks) {
        Thread t = new Thread(
                () -> {
                    try (OutputStream in = p.getOutputStream()) {
                        byte[] b;
                        for (long i = 0; (b = blocks.apply(i)) != null; i++) {
                            in.write(b);
                        }
                    } catch (IOException e) {
                        // the process closed its stdin or ended: that is how an endless input stops
                    }
                },
                "stdin-feeder");
        t.setDaemon(true);
        t.start();
    }

    /** Waits for the end of the process; a process still running after the guard is killed, and null returned. */
    static Integer waitFor(Process p) throws InterruptedException {
        if (p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            return p.exitValue();
        }
        p.destroyForcibly().waitFor();
        return null;
    }

    /** Sends a signal ({@code TERM}, {@code INT}, ...) with kill(1). */
    static void signal(Process p, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(p.pid()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -s " + name + " " + p.pid() + " failed");
        }
    }

    /**
     * Whether this JVM ignores SIGINT (as processes started in the background by a non-interactive
     * shell do): its children would too, and a Java process whose SIGINT is ignored at start never
     * hears it.
     */
    static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 2) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: assume the signal arrives
        }
        return false;
    }

    /** The file {@code /dev/full} (writes fail with ENOSPC), when there is one. */
    static File devFull() {
        return new File("/dev/full");
    }
}
