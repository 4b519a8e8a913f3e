package dev.iptriage.testing.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An rbldnsd ({@code /usr/sbin/rbldnsd}, Debian package {@code rbldnsd}): DNS blocklist zones with
 * real DNSBL semantics, IPv4 ({@code ip4set}: reversed octets) and IPv6 ({@code ip6trie}: reversed
 * nibbles). UDP only.
 *
 * <p>Data lines (rbldnsd(8)): {@code :A:TXT} sets the value of the entries after it, where A is a
 * number n (127.0.0.n) or a whole IPv4 address, and {@code $} in the TXT is replaced by the queried
 * address; {@code ADDRESS[/LEN] :A:TXT} gives one entry its own value; {@code $SOA TTL ORIGIN PERSON
 * SERIAL REFRESH RETRY EXPIRE MINIMUM} gives the zone an SOA (NXDOMAIN answers then carry it). A
 * listed address answers A (and TXT) records, one per dataset of the zone that lists it, so several
 * datasets under one zone name give several codes as Spamhaus ZEN does; an address not listed is
 * NXDOMAIN; a name outside every zone is REFUSED.
 */
public final class Rbldnsd {
    /** The binary (Debian's path; /usr/sbin may be off PATH). */
    public static final Path BINARY = Path.of("/usr/sbin/rbldnsd");

    /** {@code 1796572583 127.0.0.1 4.3.2.1.zen.test A IN: NOERROR/1/50} */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d+ \\S+ (.+) (\\S+) (\\S+): \\S+$");

    private record Dataset(String zone, String type, List<String> lines) {}

    private final List<Dataset> datasets = new ArrayList<>();
    private int ttl = 300;

    private IntSupplier ports = DnsServer::freePort;

    /** A new server with no zones. */
    public Rbldnsd() {}

    /**
     * Adds a dataset to a zone: {@code type} is {@code ip4set}, {@code ip4trie}, {@code ip6trie},
     * {@code ip6tset} or {@code generic}; the same zone may get several datasets.
     */
    public Rbldnsd zone(String zone, String type, List<String> lines) {
        datasets.add(new Dataset(zone, type, List.copyOf(lines)));
        return this;
    }

    /** The TTL of answers (default 300 s). */
    public Rbldnsd ttl(int seconds) {
        this.ttl = seconds;
        return this;
    }

    /** For tests of the harness: where start takes its ports from (default: a free one each time). */
    Rbldnsd ports(IntSupplier ports) {
        this.ports = ports;
        return this;
    }

    /** Starts the server (see {@link DnsServer}). */
    public DnsServer start() {
        DnsServer.requireBinary(BINARY, "rbldnsd");
        Path dir = DnsServer.newDirectory("rbldnsd");
        Path log = dir.resolve("queries.log");
        List<String> zones = new ArrayList<>();
        try {
            for (int i = 0; i < datasets.size(); i++) {
                Dataset d = datasets.get(i);
                String file = i + "-" + d.zone() + "-" + d.type() + ".txt";
                DnsServer.write(dir, file, d.lines());
                zones.add(d.zone() + ":" + d.type() + ":" + file);
            }
        } catch (IOException e) {
            DnsServer.deleteTree(dir);
            throw new UncheckedIOException(e);
        }
        boolean root = DnsServer.runningAsRoot(dir);
        return DnsServer.start(new DnsServer.Launch(
                "rbldnsd",
                BINARY,
                dir,
                log,
                ports,
                port -> {
                    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-n"));
                    if (root) {
                        cmd.addAll(List.of("-u", "nobody")); // it refuses to run as root
                    }
                    cmd.addAll(List.of(
                            "-b",
                            "127.0.0.1/" + port,
                            "-w",
                            dir.toString(),
                            "-t",
                            Integer.toString(ttl),
                            "-l",
                            "+" + log));
                    cmd.addAll(zones);
                    return cmd;
                },
                Rbldnsd::parse));
    }

    static DnsServer.Query parse(String line) {
        Matcher m = LOG_LINE.matcher(line);
        return m.matches() ? new DnsServer.Query(DnsServer.normalise(m.group(1)), m.group(2)) : null;
    }
}
