package dev.iptriage.cli;

import dev.iptriage.databases.DatabaseLocator;
import dev.iptriage.dns.DnsblSource;
import dev.iptriage.engine.Engine;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.text.CellText;
import dev.iptriage.webservice.WebServiceSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iptriage serve}: a local web page for triage on 127.0.0.1, running the same jobs as {@code enrich -u} with the
 * same databases, lists and online sources. Offline until the page turns a named online source on for a job.
 */
@Command(
        name = "serve",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # prints http://127.0.0.1:PORT/?token=...; Ctrl-C stops it",
            "  iptriage serve",
            "  # opens the page, with databases and lists of your own",
            "  iptriage serve --open --db-dir ~/geoip --list lists/ --port 8765",
            "  # online sources offered on the page, each off until ticked there",
            "  iptriage serve --ptr --dnsbl"
        },
        mixinStandardHelpOptions = true,
        description = {
            "A local web page for triage: paste addresses, logs or a threat report, or choose a file (gzip too); one"
                    + " row per distinct address streams in as it is made, with counters, top values, a map and"
                    + " exports. Listens on 127.0.0.1 only; the printed URL holds a one-time token that the browser"
                    + " exchanges for a session cookie (its other tabs then open http://127.0.0.1:PORT/).",
            "Offline: the online sources named here (--ptr, --dnsbl, --cymru, --webservice) are offered in the page,"
                    + " each off until turned on there for a job; the page says what each sends where, and each"
                    + " job's summary what was sent.",
            "Stop it with Ctrl-C: running jobs end, each page is told why."
        })
final class ServeCommand implements Callable<Integer> {
    /** The JDK server's own cap on reading one request (seconds), which also drops an upload that stalls. */
    static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
    /** The JDK server's own cap on writing one answer (seconds). */
    static final String MAX_RSP_TIME = "sun.net.httpserver.maxRspTime";

    private final Env env;
    /** Counted down when everything is closed (the online sources' cache written): the Ctrl-C hook waits for it. */
    private final CountDownLatch closed = new CountDownLatch(1);

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "port (default: a free one)")
    int port;

    @Option(names = "--open", description = "open the page in the default browser")
    boolean open;

    @Option(
            names = "--fields",
            paramLabel = "LIST",
            defaultValue = "default",
            description = "the columns of the rows (as enrich's --fields; country_iso, the lists' and the scanner"
                    + " columns are added for the map and the panels)")
    String fields;

    @Option(
            names = "--max-upload",
            paramLabel = "MB",
            defaultValue = "1024",
            description = "most MiB one job reads (default: ${DEFAULT-VALUE})")
    long maxUploadMb;

    @Option(
            names = "--max-time",
            paramLabel = "SECONDS",
            defaultValue = "1800",
            description = "longest one upload is read (default: ${DEFAULT-VALUE}); the rows are those of what was"
                    + " read by then; an answer is cut at twice this")
    long maxSeconds;

    @Mixin
    RunOptions job;

    @Mixin
    TagOptions tags;

    @Mixin
    DbOptions db;

    @Mixin
    OnlineOptions online;

    ServeCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port must be between 0 and 65535");
        }
        if (maxUploadMb < 1 || maxUploadMb > 1 << 20) {
            throw new CliException(ExitCodes.USAGE, "--max-upload must be between 1 and 1048576 (MiB)");
        }
        if (maxSeconds < 1 || maxSeconds > 86_400) {
            throw new CliException(ExitCodes.USAGE, "--max-time must be between 1 and 86400 (seconds)");
        }
        if (online.dryRun) {
            throw new CliException(ExitCodes.USAGE, "--dry-run is for enrich and report, not serve");
        }
        // the JDK's server reads this once, when it first starts one: a stalled upload is dropped a little after
        // the cap, which the job itself says to a page that still sends
        if (System.getProperty(MAX_REQ_TIME) == null) {
            System.setProperty(MAX_REQ_TIME, Long.toString(maxSeconds + 5));
        }
        // and an answer a page stops reading does not hold its job for ever
        if (System.getProperty(MAX_RSP_TIME) == null) {
            System.setProperty(MAX_RSP_TIME, Long.toString(2 * maxSeconds + 5));
        }
        DatabaseLocator.Selection sel = db.open(env, job.quiet);
        // the panels show lists and scanners: the scanner rules are read as for a report
        TagOptions.Opened tagged = tags.open(env, true, job.quiet);
        String columns = columns(online.fields(fields), tagged.columnNames());
        try (OnlineOptions.Online sources = online.open(env, job.quiet, job.lang)) {
            serve(sel, tagged, columns, sources);
        } finally {
            closed.countDown();
        }
        return ExitCodes.OK;
    }

    private void serve(
            DatabaseLocator.Selection sel, TagOptions.Opened tagged, String columns, OnlineOptions.Online sources)
            throws IOException, InterruptedException {
        // one engine per set of online sources a job turns on (their names in the order the options add them):
        // 'default' and 'all' hold the columns of an engine's sources, and a source asks about every row of a job
        // with its columns; with none on, nothing is sent
        Map<List<String>, Engine> engines = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Function<List<String>, Engine> engineFor = ids -> engines.computeIfAbsent(ids, k -> {
            try {
                return job.engine(
                        sel.databases(),
                        tagged.tags(),
                        sources.sources().stream()
                                .filter(s -> k.contains(s.name()))
                                .toList());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            serve(engineFor.apply(List.of()), settings(sel, tagged, columns, sources, engineFor));
        } finally {
            engines.values().forEach(Engine::close);
        }
    }

    /** What the server offers; checks the columns first. */
    private LocalServer.Settings settings(
            DatabaseLocator.Selection sel,
            TagOptions.Opened tagged,
            String columns,
            OnlineOptions.Online sources,
            java.util.function.Function<List<String>, Engine> engineFor) {
        try {
            // every column named is one of these databases', lists' or sources': a usage error before the page is
            // served (the engine with every source, kept for the jobs that turn them all on)
            engineFor
                    .apply(sources.sources().stream().map(RemoteSource::name).toList())
                    .columns(columns);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        List<LocalServer.Offer> offers = new ArrayList<>();
        for (RemoteSource s : sources.sources()) {
            List<String> names = OnlineOptions.columnNames(List.of(s));
            offers.add(new LocalServer.Offer(
                    s.name(),
                    label(s),
                    sends(s),
                    names,
                    // the blocklists' health checks (RFC 5782 test entries), when the page first turns them on
                    s instanceof DnsblSource d ? () -> probe(d) : List::of));
        }
        return new LocalServer.Settings(
                columns,
                maxUploadMb << 20,
                Duration.ofSeconds(maxSeconds),
                offers,
                sel.databases().stream().map(ReportCommand::fact).toList(),
                tagged.lists().stream().map(TagOptions::fact).toList(),
                env.clock(),
                engineFor);
    }

    private void serve(Engine engine, LocalServer.Settings settings) throws IOException, InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalServer server = new LocalServer(engine, settings, port)) {
            server.start();
            // Ctrl-C: the hook lets the server stop its jobs and say why before the JVM ends
            Thread hook = new Thread(
                    () -> {
                        stopped.countDown();
                        try {
                            closed.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "iptriage-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            env.out().println(server.url());
            env.out().flush();
            env.err()
                    .println("iptriage: serving on 127.0.0.1:" + server.port() + "; open the URL above (its token works"
                            + " once: the browser that opens it keeps a session); Ctrl-C stops it");
            if (settings.offers().isEmpty()) {
                env.err().println("iptriage: offline: nothing on the page leaves this machine");
            } else {
                for (LocalServer.Offer o : settings.offers()) {
                    env.err()
                            .println("iptriage: " + o.id() + " offered, off until the page turns it on: "
                                    + CellText.terminalSafe(o.sends()));
                }
            }
            if (open) {
                openBrowser(server.url()); // a token of its own: the printed one stays for another browser
            }
            stopped.await();
            int running = server.running();
            if (running > 0) {
                env.err().printf("iptriage: stopping %d running job%s%n", running, running == 1 ? "" : "s");
            }
        }
    }

    /** The blocklists' health checks: what they turned off is said here and to the page of the job that asked. */
    private List<String> probe(DnsblSource d) {
        List<String> lines = new ArrayList<>();
        for (String line : d.probe()) {
            env.err().println("iptriage: " + CellText.terminalSafe(line));
            lines.add(line);
        }
        return lines;
    }

    /** The jobs' columns: {@code --fields}, then what the map and the panels read, when not named already. */
    static String columns(String fields, List<String> tagColumns) {
        List<String> named = Arrays.stream(fields.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .toList();
        StringBuilder b = new StringBuilder(fields);
        List<String> extra = new ArrayList<>(List.of("country_iso"));
        extra.addAll(tagColumns);
        for (String c : extra) {
            if (!named.contains(c)) {
                b.append(',').append(c);
            }
        }
        return b.toString();
    }

    private static final Map<String, String> LABELS = Map.of(
            "ptr",
            "Reverse DNS (PTR names, checked forward)",
            "dnsbl",
            "DNS blocklists",
            "cymru",
            "Team Cymru IP to ASN (over DNS)",
            WebServiceSource.NAME,
            "MaxMind GeoIP web service (paid per query)");

    private static String label(RemoteSource s) {
        return LABELS.getOrDefault(s.name(), s.name());
    }

    /** What turning the source on sends where, as the run summary says where. */
    static String sends(RemoteSource s) {
        String what = s.name().equals(WebServiceSource.NAME)
                ? "each distinct public address, one paid query per address the cache does not hold,"
                : "each distinct public address";
        return "sends " + what + " to " + s.destination() + "; private, reserved and bogon addresses are never sent";
    }

    /**
     * Opens {@code url} with the desktop's opener, through a file only this user can read that sends the browser on:
     * the token is not put on a command line, where other users of the machine see it ({@code ps}). A failure is a
     * note; the server goes on.
     */
    private void openBrowser(String url) {
        Path page;
        try {
            Path dir;
            try {
                dir = Files.createTempDirectory(
                        "iptriage-serve-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                dir = Files.createTempDirectory("iptriage-serve-"); // not POSIX: the user's own temp folder
            }
            page = dir.resolve("open.html");
            Files.writeString(
                    page,
                    "<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url=" + url
                            + "\"><title>iptriage</title><a href=\"" + url + "\">iptriage serve</a>\n");
            page.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
        } catch (IOException e) {
            env.err().println("iptriage: --open: could not write the page that opens it; open the URL above yourself");
            return;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String target = page.toUri().toString();
        List<String> command = os.contains("win")
                ? List.of("rundll32", "url.dll,FileProtocolHandler", target)
                : os.contains("mac") ? List.of("open", target) : List.of("xdg-open", target);
        try {
            new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            env.err().println("iptriage: --open: could not start " + command.get(0) + "; open the URL above yourself");
        }
    }
}
