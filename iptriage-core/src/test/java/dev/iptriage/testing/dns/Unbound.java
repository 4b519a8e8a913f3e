package dev.iptriage.testing.dns;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An unbound ({@code /usr/sbin/unbound}, Debian package {@code unbound}) that answers from its own
 * zones and forwards the zones named by {@link #forwardZone} to other servers. It never asks the
 * internet: the root is a {@code static} local zone, so any name outside the configured zones is
 * NXDOMAIN (with an SOA whose minimum, 60 s, is the negative TTL).
 *
 * <p>What each local-zone type answers (unbound.conf(5)): {@code static}: the local data, else
 * NXDOMAIN, or NOERROR with no records (NODATA) for a name that has data of another type; {@code
 * refuse}: REFUSED; {@code deny}: no answer at all (the client times out); {@code redirect}: the
 * zone apex's data for every name below it; {@code transparent}: the local data, else resolved
 * normally, which here means forwarded. Forwarding to a server that answers REFUSED gives SERVFAIL
 * (in a few ms). Every query is logged before it is answered or dropped ({@code log-queries}).
 *
 * <p>Answers keep the order of the configuration ({@code rrset-roundrobin: no}); forwarded answers
 * are cached by unbound, TTLs counting down as in any recursive resolver.
 */
public final class Unbound {
    /** The binary (Debian's path; /usr/sbin may be off PATH). */
    public static final Path BINARY = Path.of("/usr/sbin/unbound");

    /** The negative TTL (SOA minimum) of NXDOMAIN and NODATA answers from the root zone. */
    public static final int NEGATIVE_TTL = 60;

    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\[\\d+\\] unbound\\[[\\d:]+\\] info: (?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*) (.+) (\\S+) (\\S+)$");

    private final List<String> server = new ArrayList<>();
    private final Map<String, List<String>> forwards = new LinkedHashMap<>();
    private final List<String> zonesWithType = new ArrayList<>();

    private IntSupplier ports = DnsServer::freePort;

    /** A new configuration with no zones (every name NXDOMAIN). */
    public Unbound() {}

    /** Adds a raw line to the {@code server:} section, e.g. {@code "cache-max-ttl: 0"}. */
    public Unbound serverLine(String line) {
        server.add(line);
        return this;
    }

    /**
     * Adds {@code local-zone: "ZONE." TYPE} ({@code static}, {@code refuse}, {@code deny}, {@code
     * redirect}, {@code transparent}, {@code always_nxdomain}, ...).
     */
    public Unbound localZone(String zone, String type) {
        zonesWithType.add(fqdn(zone));
        return serverLine("local-zone: \"" + fqdn(zone) + "\" " + type);
    }

    /**
     * Adds {@code local-data} for one record in zone-file form, e.g. {@code "h.test. 300 IN A
     * 1.2.3.4"}; {@code \DDD} escapes are allowed in names and TXT strings. Quoted with single quotes,
     * so TXT strings can be double-quoted; a record with both kinds of quote is refused (write
     * {@code \039} for the single quote).
     */
    public Unbound localData(String rr) {
        return serverLine("local-data: " + quote(rr));
    }

    /** Adds {@code local-data-ptr: "ADDRESS NAME"}: a PTR record (TTL 3600) for the address. */
    public Unbound localDataPtr(String address, String name) {
        return serverLine("local-data-ptr: " + quote(address + " " + fqdn(name)));
    }

    /**
     * Forwards a zone to a server: {@code forward-zone} with a {@code transparent} local zone (unless
     * the zone has a local-zone already), so that the static root does not answer it first.
     */
    public Unbound forwardZone(String zone, DnsServer to) {
        return forwardZone(zone, to.socketAddress());
    }

    /** Forwards a zone to a server by address (see {@link #forwardZone(String, DnsServer)}). */
    public Unbound forwardZone(String zone, InetSocketAddress to) {
        forwards.computeIfAbsent(fqdn(zone), z -> new ArrayList<>())
                .add(to.getAddress().getHostAddress() + "@" + to.getPort());
        return this;
    }

    /** For tests of the harness: where start takes its ports from (default: a free one each time). */
    Unbound ports(IntSupplier ports) {
        this.ports = ports;
        return this;
    }

    /** Starts the server (see {@link DnsServer}). */
    public DnsServer start() {
        DnsServer.requireBinary(BINARY, "unbound");
        Path dir = DnsServer.newDirectory("unbound");
        Path log = dir.resolve("queries.log");
        Path conf = dir.resolve("unbound.conf");
        return DnsServer.start(new DnsServer.Launch(
                "unbound",
                BINARY,
                dir,
                log,
                ports,
                port -> {
                    DnsServer.write(dir, conf.getFileName().toString(), config(port, dir, log));
                    return List.of(BINARY.toString(), "-d", "-c", conf.toString());
                },
                Unbound::parse));
    }

    /** The configuration file for a port. */
    List<String> config(int port, Path dir, Path log) {
        List<String> c = new ArrayList<>(List.of(
                "server:",
                "  interface: 127.0.0.1@" + port,
                "  port: " + port,
                "  do-ip6: no",
                "  do-daemonize: no",
                "  username: \"\"",
                "  chroot: \"\"",
                "  directory: \"" + dir + "\"",
                "  pidfile: \"\"",
                "  use-syslog: no",
                "  logfile: \"" + log + "\"",
                "  verbosity: 0",
                "  log-queries: yes",
                "  num-threads: 1",
                "  so-reuseport: no",
                "  rrset-roundrobin: no",
                "  do-not-query-localhost: no",
                "  infra-keep-probing: yes",
                "  module-config: \"iterator\"",
                "  local-zone: \".\" static",
                "  local-data: \". 300 IN SOA ns.test. hostmaster.test. 1 3600 600 86400 " + NEGATIVE_TTL + "\"",
                // the special-use zone test. would shadow forward zones under it
                "  local-zone: \"test.\" nodefault"));
        for (String zone : forwards.keySet()) {
            if (!zonesWithType.contains(zone)) {
                c.add("  local-zone: \"" + zone + "\" transparent");
            }
        }
        server.forEach(l -> c.add("  " + l));
        forwards.forEach((zone, to) -> {
            c.add("forward-zone:");
            c.add("  name: \"" + zone + "\"");
            to.forEach(a -> c.add("  forward-addr: " + a));
        });
        return c;
    }

    /** {@code [1700000000] unbound[123:0] info: 127.0.0.1 name. PTR IN} */
    static DnsServer.Query parse(String line) {
        Matcher m = LOG_LINE.matcher(line);
        return m.matches() ? new DnsServer.Query(DnsServer.normalise(m.group(1)), m.group(2)) : null;
    }

    private static String quote(String value) {
        if (value.indexOf('\'') < 0) {
            return "'" + value + "'";
        }
        if (value.indexOf('"') < 0) {
            return "\"" + value + "\"";
        }
        throw new IllegalArgumentException("both quote characters in an unbound value (use \\039): " + value);
    }

    static String fqdn(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
