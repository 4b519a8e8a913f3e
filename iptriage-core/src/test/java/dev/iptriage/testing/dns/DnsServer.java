package dev.iptriage.testing.dns;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A DNS server process the tests started on 127.0.0.1 (UDP and, where the server has it, TCP), built
 * by {@link Unbound}, {@link Dnsmasq} or {@link Rbldnsd}. {@link #close()} kills it and deletes its
 * folder; a JVM shutdown hook kills whatever a failed test left running.
 *
 * <p>Starting picks a free port (binds UDP and TCP port 0, then lets it go; a server that then finds
 * the port taken is started again on another one), and returns only once the server has answered a
 * real query ({@value #PROBE}, left out of {@link #queryLog()}). A server that dies at start fails
 * the test with its output. A missing binary skips the test, except under CI ({@code CI=true}),
 * where it fails it: {@code .ci/run} installs the Debian packages.
 */
public final class DnsServer implements AutoCloseable {
    /** The name asked to see that a server is up; every server answers it (NXDOMAIN or REFUSED). */
    public static final String PROBE = "harness-ready.invalid";

    /**
     * One query as the server logged it: the name in lower case without the final dot, and the type
     * mnemonic ({@code A}, {@code PTR}, {@code TXT}, ...). Unbound writes every character of a name
     * other than a letter, digit, {@code -} or {@code _} as {@code ?}.
     */
    public record Query(String name, String type) {
        /** {@return "name type"} */
        @Override
        public String toString() {
            return name + " " + type;
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 5;
    private static final Set<DnsServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(DnsServer::close)));
    }

    /** How to run one server: its command for a port (writing its config), and its query log. */
    record Launch(
            String kind,
            Path binary,
            Path dir,
            Path log,
            IntSupplier ports,
            Command command,
            Function<String, Query> logLine) {}

    /** The command line for a port; may write the config files that name the port. */
    @FunctionalInterface
    interface Command {
        List<String> forPort(int port) throws IOException;
    }

    private final String kind;
    private final Process process;
    private final int port;
    private final Path dir;
    private final Path log;
    private final Path output;
    private final Function<String, Query> logLine;

    private DnsServer(Launch l, Process process, int port, Path output) {
        this.kind = l.kind();
        this.process = process;
        this.port = port;
        this.dir = l.dir();
        this.log = l.log();
        this.output = output;
        this.logLine = l.logLine();
    }

    /** {@return the UDP/TCP port on 127.0.0.1} */
    public int port() {
        return port;
    }

    /** {@return {@code 127.0.0.1:PORT}, as {@code --resolver} takes it} */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** {@return the server's socket address} */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** {@return the folder with the server's config, data, log and output; deleted by close} */
    public Path directory() {
        return dir;
    }

    /** {@return "unbound", "dnsmasq" or "rbldnsd"} */
    public String kind() {
        return kind;
    }

    /** {@return whether the process still runs} */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The queries received so far, in order, from the server's query log ({@value #PROBE} left out).
     * Unbound and rbldnsd write a query's line before they answer it, so every query answered (or
     * dropped) before this call is in the list; dnsmasq writes its log a moment later.
     */
    public List<Query> queryLog() {
        List<Query> out = new ArrayList<>();
        for (String line : readLines(log)) {
            Query q = logLine.apply(line);
            if (q != null && !q.name().equals(PROBE)) {
                out.add(q);
            }
        }
        return out;
    }

    /** {@return the server's own log and standard output/error so far, for failure messages} */
    public String diagnostics() {
        return diagnostics(log, output);
    }

    /** Kills the process (and any children) and deletes its folder. Safe to call twice. */
    @Override
    public void close() {
        LIVE.remove(this);
        kill(process);
        deleteTree(dir);
    }

    @Override
    public String toString() {
        return kind + "@" + address();
    }

    // ---- starting ----

    /** Skips the calling test when {@code binary} is missing, or fails it under CI. */
    static void requireBinary(Path binary, String debianPackage) {
        if (Files.isExecutable(binary)) {
            return;
        }
        String what = binary + " is not installed (apt-get install " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(what + ": CI must install it (see .ci/run)");
        }
        assumeTrue(false, what + ": DNS server test skipped");
    }

    /** A new folder for one server, readable by the unprivileged user a server run as root drops to. */
    static Path newDirectory(String kind) {
        try {
            Path dir = Files.createTempDirectory("iptriage-" + kind + "-");
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not POSIX: the servers run as the current user
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this JVM runs as root (servers then drop to another user, who must read the folder). */
    static boolean runningAsRoot(Path dir) {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(dir, "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Starts the server, retrying on another port when the chosen one was taken meanwhile. */
    static DnsServer start(Launch l) {
        String last = "";
        try {
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = l.ports().getAsInt();
                // the log is made here, writable by all: a server run as root writes it as another user
                Files.deleteIfExists(l.log());
                Files.createFile(l.log());
                l.log().toFile().setWritable(true, false);
                Path output = l.dir().resolve(l.kind() + ".out");
                Process p = new ProcessBuilder(l.command().forPort(port))
                        .directory(l.dir().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                DnsServer server = new DnsServer(l, p, port, output);
                LIVE.add(server);
                if (awaitReady(server)) {
                    return server;
                }
                last = server.diagnostics();
                kill(p);
                LIVE.remove(server);
                if (!last.toLowerCase(Locale.ROOT).contains("in use")) {
                    break;
                }
            }
        } catch (IOException e) {
            deleteTree(l.dir());
            throw new UncheckedIOException("could not start " + l.kind(), e);
        } catch (RuntimeException e) {
            deleteTree(l.dir());
            throw e;
        }
        deleteTree(l.dir());
        throw new IllegalStateException(l.kind() + " did not start:\n" + last);
    }

    /** Waits for the first answer to {@value #PROBE}; false when the process died first. */
    private static boolean awaitReady(DnsServer server) throws IOException {
        SimpleResolver r = new SimpleResolver(server.socketAddress());
        r.setTimeout(Duration.ofMillis(250));
        Message probe;
        try {
            probe = Message.newQuery(Record.newRecord(Name.fromString(PROBE + "."), Type.A, DClass.IN));
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalStateException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.process.isAlive()) {
                return false;
            }
            try {
                r.sendAsync(probe).toCompletableFuture().get(2, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException | TimeoutException e) {
                sleep(20); // not listening yet (port unreachable) or slow to answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + server.kind, e);
            }
        }
        kill(server.process);
        LIVE.remove(server);
        throw new IllegalStateException(
                server.kind + " did not answer within " + START_TIMEOUT + ":\n" + server.diagnostics());
    }

    /** A port free for both UDP and TCP on 127.0.0.1 at the time of the call. */
    static int freePort() {
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket()) {
                    tcp.bind(new InetSocketAddress(lo, port));
                    return port;
                } catch (IOException taken) {
                    // the TCP side is in use: try another port
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on 127.0.0.1");
    }

    // ---- helpers ----

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> readLines(Path p) {
        try {
            // names in a log may carry any byte: decode leniently
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
                    .lines()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String diagnostics(Path log, Path output) {
        StringBuilder sb = new StringBuilder();
        for (Path p : List.of(output, log)) {
            List<String> lines = readLines(p);
            sb.append("--- ").append(p.getFileName()).append('\n');
            lines.subList(Math.max(0, lines.size() - 40), lines.size())
                    .forEach(s -> sb.append(s).append('\n'));
        }
        return sb.toString();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temp folder
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /** Writes a file in the server's folder, readable by all. */
    static Path write(Path dir, String name, List<String> lines) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    /** Lower case, no final dot. */
    static String normalise(String name) {
        String n = name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
        return n.toLowerCase(Locale.ROOT);
    }
}
