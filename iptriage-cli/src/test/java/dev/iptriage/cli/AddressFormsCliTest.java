package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every mode and command writes one value the same way (issue 12, items 11a and 11h): a CIDR as its
 * network ({@code 1.10.16.5/20} is {@code 1.10.16.0/20}, not {@code 1.10.16.0}), a zone id kept
 * ({@code fe80::1%eth0}), an IPv4-mapped address as IPv4 unless {@code --keep-mapped}, a port
 * dropped. Random values in every form go through {@code enrich} (list, {@code --unique}, {@code
 * --from csv:}, {@code --from jsonl:}, {@code --keep-columns}), {@code extract} ({@code --from
 * list}, {@code csv:}, {@code jsonl:}, {@code text}) and {@code lookup}, and every ip column is
 * compared with the others and with the value the test computes itself.
 */
class AddressFormsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static String asn;

    @BeforeAll
    static void databases() {
        asn = Fixtures.asn(dir).toString();
    }

    /**
     * A value as written, and as it must come out.
     *
     * @param text as written in the input
     * @param expected as written in every ip column
     * @param keptMapped as written with {@code --keep-mapped}
     * @param network whether it is a CIDR (free text reads the address before the prefix instead)
     */
    record Value(String text, String expected, String keptMapped, boolean network) {
        Value(String text, String expected) {
            this(text, expected, expected, false);
        }
    }

    private static int v4(Random r) {
        return (1 + r.nextInt(223)) << 24 | r.nextInt(1 << 24);
    }

    private static String dotted(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 255) + "." + (v >>> 8 & 255) + "." + (v & 255);
    }

    /** Eight groups, no compression, random case: the canonical text is for the project to find. */
    private static String longV6(long hi, long lo, Random r) {
        StringBuilder s = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            long word = (g < 4 ? hi >>> (48 - 16 * g) : lo >>> (48 - 16 * (g - 4))) & 0xFFFF;
            s.append(g > 0 ? ":" : "").append(Long.toHexString(word));
        }
        return r.nextBoolean() ? s.toString() : s.toString().toUpperCase(Locale.ROOT);
    }

    /** The network of a 128-bit address, computed here with BigInteger. */
    private static IpAddress maskV6(long hi, long lo, int prefix) {
        BigInteger v = new BigInteger(
                1, java.nio.ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
        BigInteger mask = BigInteger.ONE
                .shiftLeft(128)
                .subtract(BigInteger.ONE)
                .shiftRight(prefix)
                .not();
        BigInteger n = v.and(mask);
        return IpAddress.ofV6(n.shiftRight(64).longValue(), n.longValue());
    }

    private static String zone(Random r) {
        String[] z = {"eth0", "en1", "wlan0", "2", "lo", "br-lan", "Ethernet_2", "eth0.100"};
        return z[r.nextInt(z.length)];
    }

    static Value random(Random r) {
        int v = v4(r);
        long hi = r.nextLong();
        long lo = r.nextLong();
        switch (r.nextInt(11)) {
            case 0 -> {
                return new Value(dotted(v), dotted(v));
            }
            case 1 -> {
                return new Value(longV6(hi, lo, r), IpAddress.ofV6(hi, lo).toString());
            }
            case 2 -> {
                int p = r.nextInt(33);
                String net = dotted(p == 0 ? 0 : v & (-1 << (32 - p))) + "/" + p;
                return new Value(dotted(v) + "/" + p, net, net, true);
            }
            case 3 -> {
                int p = r.nextInt(129);
                String net = maskV6(hi, lo, p) + "/" + p;
                return new Value(longV6(hi, lo, r) + "/" + p, net, net, true);
            }
            case 4 -> {
                String z = zone(r);
                IpAddress a = IpAddress.ofV6(0xfe80L << 48, lo);
                return new Value(longV6(0xfe80L << 48, lo, r) + "%" + z, a + "%" + z);
            }
            case 5 -> {
                String z = zone(r);
                IpAddress a = IpAddress.ofV6(0xfe80L << 48, lo);
                return new Value("[" + a + "%" + z + "]:" + r.nextInt(65536), a + "%" + z);
            }
            case 6 -> {
                String prefix = r.nextBoolean() ? "::ffff:" : r.nextBoolean() ? "::FFFF:" : "0:0:0:0:0:ffff:";
                return new Value(prefix + dotted(v), dotted(v), "::ffff:" + dotted(v), false);
            }
            case 7 -> {
                int p = 96 + r.nextInt(33);
                int n = p == 96 ? 0 : v & (-1 << (128 - p));
                return new Value(
                        "::ffff:" + dotted(v) + "/" + p,
                        dotted(n) + "/" + (p - 96),
                        "::ffff:" + dotted(n) + "/" + p,
                        true);
            }
            case 8 -> {
                return new Value(dotted(v) + ":" + r.nextInt(65536), dotted(v));
            }
            case 9 -> {
                String z = zone(r);
                int p = 10 + r.nextInt(119);
                String net = maskV6(0xfe80L << 48, lo, p) + "%" + z + "/" + p;
                return new Value(IpAddress.ofV6(0xfe80L << 48, lo) + "%" + z + "/" + p, net, net, true);
            }
            default -> {
                return new Value("  " + dotted(v) + "\t", dotted(v));
            }
        }
    }

    private static Path write(String name, String content) {
        try {
            Path p = Files.createTempDirectory(dir, "forms").resolve(name);
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ip column of JSON Lines output. */
    private static List<String> ips(Cli.Result r, String field) {
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().lines().map(l -> json(l).get(field).asText()).toList();
    }

    private static List<String> lines(Cli.Result r) {
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().lines().toList();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void everyModeWritesAValueAsTheListDoes(long seed) {
        Random r = new Random(seed);
        List<Value> values = Stream.generate(() -> random(r)).limit(300).toList();
        for (boolean keep : new boolean[] {false, true}) {
            List<String> expected = values.stream()
                    .map(v -> keep ? v.keptMapped() : v.expected())
                    .toList();
            String[] km = keep ? new String[] {"--keep-mapped"} : new String[0];
            StringBuilder list = new StringBuilder();
            StringBuilder csv = new StringBuilder("n,ip\n");
            StringBuilder jsonl = new StringBuilder();
            for (int i = 0; i < values.size(); i++) {
                String t = values.get(i).text();
                list.append(t).append('\n');
                csv.append(i).append(",\"").append(t).append("\"\n");
                jsonl.append("{\"n\":")
                        .append(i)
                        .append(",\"ip\":")
                        .append(JSON.valueToTree(t).toString())
                        .append("}\n");
            }
            Path l = write("ips.txt", list.toString());
            Path c = write("ips.csv", csv.toString());
            Path j = write("ips.jsonl", jsonl.toString());
            String what = "seed " + seed + (keep ? " --keep-mapped" : "");

            assertThat(ips(Cli.run("", args(km, "enrich", "-f", "jsonl", "--db", asn, l.toString())), "ip"))
                    .as("enrich LIST " + what)
                    .isEqualTo(expected);
            assertThat(lines(Cli.run("", args(km, "extract", "--from", "list", l.toString()))))
                    .as("extract --from list " + what)
                    .isEqualTo(expected);
            for (String mode : List.of("csv:ip", "jsonl:ip")) {
                Path in = mode.startsWith("csv") ? c : j;
                assertThat(ips(
                                Cli.run(
                                        "",
                                        args(km, "enrich", "-f", "jsonl", "--db", asn, "--from", mode, in.toString())),
                                "ip"))
                        .as("enrich --from " + mode + " " + what)
                        .isEqualTo(expected);
                assertThat(lines(Cli.run("", args(km, "extract", "--from", mode, in.toString()))))
                        .as("extract --from " + mode + " " + what)
                        .isEqualTo(expected);
            }
            assertThat(ips(
                            Cli.run(
                                    "",
                                    args(
                                            km,
                                            "enrich",
                                            "-f",
                                            "jsonl",
                                            "--db",
                                            asn,
                                            "--from",
                                            "csv:ip",
                                            "--keep-columns",
                                            c.toString())),
                            "iptriage_ip"))
                    .as("enrich --keep-columns " + what)
                    .isEqualTo(expected);
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(expected));
            assertThat(ips(Cli.run("", args(km, "enrich", "-u", "-f", "jsonl", "--db", asn, l.toString())), "ip"))
                    .as("enrich -u " + what)
                    .isEqualTo(distinct);
            assertThat(lines(Cli.run("", args(km, "extract", "-u", "--from", "list", l.toString()))))
                    .as("extract -u --from list " + what)
                    .isEqualTo(distinct);
            // free text agrees too, except that a CIDR there is the address written before its prefix
            List<Value> noNetworks = values.stream().filter(v -> !v.network()).toList();
            Path text = write(
                    "text.txt",
                    String.join("\n", noNetworks.stream().map(Value::text).toList()) + "\n");
            assertThat(lines(Cli.run("", args(km, "extract", text.toString()))))
                    .as("extract (text) " + what)
                    .isEqualTo(noNetworks.stream()
                            .map(v -> keep ? v.keptMapped() : v.expected())
                            .toList());
        }
        List<String> headings = lines(Cli.run(
                        "",
                        Stream.concat(
                                        Stream.of("lookup", "--db", asn),
                                        values.stream().limit(60).map(Value::text))
                                .toArray(String[]::new)))
                .stream()
                .filter(h -> !h.isEmpty() && !h.startsWith(" "))
                .map(h -> h.substring(0, h.indexOf("  (")))
                .toList();
        assertThat(headings)
                .as("lookup")
                .isEqualTo(values.stream().limit(60).map(Value::expected).toList());
    }

    private static String[] args(String[] first, String command, String... rest) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of(first));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    @Test
    void theIssuesCidrAndZoneCases() {
        Path csv = write("block.csv", "network,source\n1.10.16.0/20,spamhaus\n");
        Cli.Result r =
                Cli.run("", "enrich", "--db", asn, "--fields", "ip,status", "--from", "csv:network", csv.toString());
        assertThat(r.out()).isEqualTo("ip,status\n1.10.16.0/20,not_found\n");
        Path jsonl = write("block.jsonl", "{\"net\":\"1.10.16.0/20\"}\n");
        assertThat(Cli.run("", "enrich", "--db", asn, "--fields", "ip", "--from", "jsonl:net", jsonl.toString())
                        .out())
                .isEqualTo("ip\n1.10.16.0/20\n");
        Cli.Result z = Cli.run("fe80::1%eth0\n", "enrich", "--db", asn, "--fields", "ip,status");
        assertThat(z.out()).isEqualTo("ip,status\nfe80::1%eth0,private\n");
        assertThat(Cli.run("fe80::1%eth0\n", "extract").out()).isEqualTo("fe80::1%eth0\n");
    }
}
