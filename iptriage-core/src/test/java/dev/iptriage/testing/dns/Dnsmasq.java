package dev.iptriage.testing.dns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A dnsmasq ({@code /usr/sbin/dnsmasq}, Debian package {@code dnsmasq-base}) answering from its
 * configuration: no upstream servers, no /etc/hosts, no cache ({@code cache-size=0}: what it
 * forwards it asks again every time), every query logged ({@code log-queries}).
 *
 * <p>What it answers (dnsmasq(8), dnsmasq 2.90): configured records with TTL 0 unless {@link
 * #localTtl}; {@code address=/D/IP} gives IP for D and every name below it (a wildcard); {@code
 * local=/D/} answers names under D from the configuration only (NXDOMAIN, or NODATA for other types
 * of a configured name); a name under no {@code local}, {@code address} or {@code server} is
 * REFUSED. {@code cname} targets must be records dnsmasq itself has (it then answers the chain).
 * Its log is written a moment after the answer.
 */
public final class Dnsmasq {
    /** The binary (Debian's path; /usr/sbin may be off PATH). */
    public static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

    private static final Pattern LOG_LINE =
            Pattern.compile("dnsmasq\\[\\d+\\]: (?:\\d+ \\S+ )?query\\[(\\S+)\\] (.+) from \\S+$");

    private final List<String> options = new ArrayList<>();
    private int cacheSize;

    private IntSupplier ports = DnsServer::freePort;

    /** A new configuration with no records (every name REFUSED). */
    public Dnsmasq() {}

    /** Adds a raw configuration line (a long option without its leading {@code --}). */
    public Dnsmasq option(String line) {
        options.add(line);
        return this;
    }

    /** {@code host-record=NAME,ADDRESS...}: A/AAAA records and the matching PTR records. */
    public Dnsmasq hostRecord(String name, String... addresses) {
        return option("host-record=" + name + "," + String.join(",", addresses));
    }

    /** {@code ptr-record=REVERSE-NAME,TARGET}. */
    public Dnsmasq ptrRecord(String reverseName, String target) {
        return option("ptr-record=" + reverseName + "," + target);
    }

    /** {@code txt-record=NAME,"TEXT"...}: one TXT record with these strings (no quotes inside). */
    public Dnsmasq txtRecord(String name, String... texts) {
        return option("txt-record=" + name + ","
                + Arrays.stream(texts).map(t -> "\"" + t + "\"").collect(Collectors.joining(",")));
    }

    /** {@code cname=ALIAS,TARGET}. */
    public Dnsmasq cname(String alias, String target) {
        return option("cname=" + alias + "," + target);
    }

    /** {@code address=/DOMAIN/IP}: IP for the domain and every name below it. */
    public Dnsmasq address(String domain, String ip) {
        return option("address=/" + domain + "/" + ip);
    }

    /** {@code local=/DOMAIN/}: names under the domain are answered from the configuration only. */
    public Dnsmasq local(String domain) {
        return option("local=/" + domain + "/");
    }

    /** {@code server=/DOMAIN/127.0.0.1#PORT}: forwards the domain to another server. */
    public Dnsmasq server(String domain, DnsServer to) {
        return option("server=/" + domain + "/127.0.0.1#" + to.port());
    }

    /** {@code local-ttl=SECONDS} for configured records (default 0). */
    public Dnsmasq localTtl(int seconds) {
        return option("local-ttl=" + seconds);
    }

    /** {@code cache-size=N} (default here 0: no cache). */
    public Dnsmasq cacheSize(int entries) {
        this.cacheSize = entries;
        return this;
    }

    /** For tests of the harness: where start takes its ports from (default: a free one each time). */
    Dnsmasq ports(IntSupplier ports) {
        this.ports = ports;
        return this;
    }

    /** Starts the server (see {@link DnsServer}). */
    public DnsServer start() {
        DnsServer.requireBinary(BINARY, "dnsmasq-base");
        Path dir = DnsServer.newDirectory("dnsmasq");
        Path log = dir.resolve("queries.log");
        Path conf = dir.resolve("dnsmasq.conf");
        return DnsServer.start(new DnsServer.Launch(
                "dnsmasq",
                BINARY,
                dir,
                log,
                ports,
                port -> {
                    DnsServer.write(dir, conf.getFileName().toString(), config(port, log));
                    return List.of(BINARY.toString(), "--keep-in-foreground", "--conf-file=" + conf);
                },
                Dnsmasq::parse));
    }

    /** The configuration file for a port. */
    List<String> config(int port, Path log) {
        List<String> c = new ArrayList<>(List.of(
                "port=" + port,
                "listen-address=127.0.0.1",
                "bind-interfaces",
                "no-resolv",
                "no-hosts",
                "no-poll",
                "pid-file=",
                "cache-size=" + cacheSize,
                "log-queries",
                "log-facility=" + log));
        c.addAll(options);
        return c;
    }

    /** {@code Dec  6 15:57:49 dnsmasq[14424]: query[A] name from 127.0.0.1} */
    static DnsServer.Query parse(String line) {
        Matcher m = LOG_LINE.matcher(line);
        return m.find() ? new DnsServer.Query(DnsServer.normalise(m.group(2)), m.group(1)) : null;
    }
}
