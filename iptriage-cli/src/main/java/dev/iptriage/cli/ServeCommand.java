package dev.iptriage.cli;

import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.engine.Engine;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iptriage serve}: a local web page for triage on 127.0.0.1, running the same jobs as {@code enrich} with the
 * same databases and lists. Offline: it sends nothing anywhere.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "A local web page for triage: paste addresses, logs or a threat report, or choose a file; the rows stream"
                    + " in as they are made. Listens on 127.0.0.1 only; the printed URL holds a token of this run"
                    + " that the page exchanges for a session cookie. Offline: nothing leaves the machine.",
            "Stop it with Ctrl-C."
        })
final class ServeCommand implements Callable<Integer> {
    private final Env env;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "port (default: a free one)")
    int port;

    @Option(
            names = "--fields",
            paramLabel = "LIST",
            defaultValue = "default",
            description = "the columns of the rows (as enrich's --fields)")
    String fields;

    @Option(
            names = "--max-upload",
            paramLabel = "MB",
            defaultValue = "1024",
            description = "most MiB one job reads (default: ${DEFAULT-VALUE})")
    long maxUploadMb;

    @Mixin
    RunOptions job;

    @Mixin
    TagOptions tags;

    @Mixin
    DbOptions db;

    ServeCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port must be between 0 and 65535");
        }
        if (maxUploadMb < 1) {
            throw new CliException(ExitCodes.USAGE, "--max-upload must be at least 1 (MiB)");
        }
        DatabaseLocator.Selection sel = db.open(env, job.quiet);
        TagOptions.Opened tagged = tags.open(env, fields, job.quiet);
        Engine engine = job.engine(sel.databases(), tagged.tags(), List.of());
        try {
            engine.columns(fields); // a bad --fields is a usage error before the page is served
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalServer server = new LocalServer(engine, fields, maxUploadMb << 20, port)) {
            server.start();
            Thread hook = new Thread(stopped::countDown, "iptriage-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            env.out().println(server.url());
            env.out().flush();
            env.err()
                    .println("iptriage: serving on 127.0.0.1:" + server.port() + " (offline); open the URL above;"
                            + " Ctrl-C stops it");
            stopped.await();
        } finally {
            engine.close();
        }
        return ExitCodes.OK;
    }
}
