package dev.iptriage.cli;

import dev.iptriage.engine.ProgressListener;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
    /** The online sources' progress ("DNS 1,234 of 5,678 answered"), or null. */
    private final Supplier<String> online;

    private final ScheduledExecutorService ticker;
    private ProgressBar bar;
    private long bytesDone;
    private long bytesTotal = -1;
    private long lines;

    private CliProgress(PrintStream err, Supplier<String> online) {
        this.err = err;
        this.online = online;
        if (online == null) {
            this.ticker = null;
        } else {
            // the input waits while its addresses are looked up online: the bar must move meanwhile
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "iptriage-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        }
    }

    static ProgressListener create(Env env, boolean quiet) {
        return create(env, quiet, null);
    }

    /** A progress bar on a terminal's stderr (none when quiet), with the online sources' progress. */
    static ProgressListener create(Env env, boolean quiet, Supplier<String> online) {
        return quiet || !env.terminal().stderr() ? ProgressListener.NONE : new CliProgress(env.err(), online);
    }

    @Override
    public synchronized void progress(long bytesDone, long bytesTotal, long lines) {
        this.bytesDone = bytesDone;
        this.bytesTotal = bytesTotal;
        this.lines = lines;
        show();
    }

    private synchronized void tick() {
        show();
    }

    private void show() {
        if (bar == null) {
            if (System.nanoTime() - start < DELAY_NANOS) {
                return;
            }
            ProgressBarBuilder b = new ProgressBarBuilder();
            if (online != null) {
                b.continuousUpdate(); // redrawn each second: the bytes stand still while answers come in
            }
            bar = b.setTaskName("enrich")
                    .setInitialMax(bytesTotal > 0 ? bytesTotal / (1 << 20) : -1)
                    .setUnit(" MB", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .clearDisplayOnFinish()
                    .build();
        }
        if (bytesTotal > 0) {
            bar.maxHint(bytesTotal / (1 << 20)); // the bar may have started before the first block
        }
        bar.stepTo(bytesDone / (1 << 20));
        String extra = String.format("%,d lines", lines);
        if (online != null) {
            bar.setExtraMessage(extra + ", " + online.get());
        } else {
            bar.setExtraMessage(extra);
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (bar != null) {
            bar.close();
        }
    }
}
