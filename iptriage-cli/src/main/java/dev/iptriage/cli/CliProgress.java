package dev.iptriage.cli;

import dev.iptriage.engine.ProgressListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr, shown only when stderr is a terminal and the run has already taken
 * more than a second, so short runs and pipes stay clean.
 */
final class CliProgress implements ProgressListener, AutoCloseable {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private final PrintStream err;
    private final long start = System.nanoTime();
    private ProgressBar bar;

    private CliProgress(PrintStream err) {
        this.err = err;
    }

    static ProgressListener create(Env env, boolean quiet) {
        return quiet || !env.terminal().stderr() ? ProgressListener.NONE : new CliProgress(env.err());
    }

    @Override
    public void progress(long bytesDone, long bytesTotal, long lines) {
        if (bar == null) {
            if (System.nanoTime() - start < DELAY_NANOS) {
                return;
            }
            bar = new ProgressBarBuilder()
                    .setTaskName("enrich")
                    .setInitialMax(bytesTotal > 0 ? bytesTotal / (1 << 20) : -1)
                    .setUnit(" MB", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .clearDisplayOnFinish()
                    .build();
        }
        bar.stepTo(bytesDone / (1 << 20));
        bar.setExtraMessage(String.format("%,d lines", lines));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
