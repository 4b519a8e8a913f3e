package dev.iptriage.cli;

import dev.iptriage.engine.ProgressListener;
import dev.iptriage.engine.RunSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs a job to standard output, or to a file written atomically, with the progress bar; a failure
 * of the output is exit 4 (naming the file), a job the input makes impossible is exit 3.
 */
final class JobOutput {
    private JobOutput() {}

    /** The part that runs the job, writing to {@code out}. */
    @FunctionalInterface
    interface Body {
        RunSummary run(OutputStream out, ProgressListener progress) throws IOException;
    }

    /** Runs {@code body} to {@code output} (null: standard output) and returns its summary. */
    static RunSummary write(Env env, Path output, boolean quiet, Body body) throws IOException {
        return write(env, output, quiet, null, body);
    }

    /**
     * Runs {@code body} to {@code output} (null: standard output), the progress bar showing the online
     * sources' progress too ({@code online}, or null), and returns its summary.
     */
    static RunSummary write(Env env, Path output, boolean quiet, Supplier<String> online, Body body)
            throws IOException {
        ProgressListener progress = CliProgress.create(env, quiet, online);
        try {
            if (output == null) {
                OutputStream out = Stdout.stream(env.out());
                RunSummary s = body.run(out, progress);
                out.flush();
                Stdout.check(env.out());
                return s;
            }
            try (AtomicOutput o = AtomicOutput.open(output, env, false)) {
                RunSummary s;
                try {
                    s = body.run(o.stream(), progress);
                } catch (IOException | UncheckedIOException e) {
                    throw CliException.output(output + ": " + e.getMessage());
                }
                o.commit();
                return s;
            }
        } catch (IllegalArgumentException e) {
            throw CliException.input(e.getMessage());
        } finally {
            if (progress instanceof CliProgress p) {
                p.close();
            }
        }
    }

    /** The part that runs an aggregate job (nothing is written). */
    @FunctionalInterface
    interface Aggregation {
        RunSummary run(ProgressListener progress) throws IOException;
    }

    /** Runs {@code body} with the progress bar and returns its summary. */
    static RunSummary aggregate(Env env, boolean quiet, Supplier<String> online, Aggregation body) throws IOException {
        ProgressListener progress = CliProgress.create(env, quiet, online);
        try {
            return body.run(progress);
        } catch (IllegalArgumentException e) {
            throw CliException.input(e.getMessage());
        } finally {
            if (progress instanceof CliProgress p) {
                p.close();
            }
        }
    }
}
