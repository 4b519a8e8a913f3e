package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Collator;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --sort KEY [-r] [--top N]} as a user runs it, checked three ways that must agree: {@code --sort K --top
 * N} is the first N rows of {@code --sort K}, which is the unsorted {@code --unique} output sorted here by the
 * documented rules (ties by address, rows without the value and invalid lines last in both directions). Lists
 * (invalid lines, CIDRs, zone ids, private and unknown addresses), nginx logs (times), {@code extract} and the
 * report's table; then the usage errors.
 */
class SortTopCliTest {
    private static final DateTimeFormatter NGINX =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;

    static String asn;
    static String city;

    @BeforeAll
    static void setUp() {
        asn = Fixtures.asn(dir).toString();
        city = Fixtures.city(dir).toString();
    }

    /** One row of a {@code --unique} output, with what the documented order reads. */
    record Row(String ip, boolean invalid, long count, Long asn, String country, Instant first, Instant last) {}

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void listSortAndTopAgreeWithTheUnsortedOutputSortedByTheRules(int seed) throws IOException {
        Path list = Files.writeString(dir.resolve("list-" + seed + ".txt"), list(new Random(seed)));
        String fields = "ip,status,asn,country,count";
        List<Row> unsorted = rows(enrich(list, List.of("-u", "--fields", fields)));
        assertThat(unsorted).anyMatch(Row::invalid).anyMatch(r -> r.asn() == null && !r.invalid());
        for (String key : List.of("count", "ip", "asn", "country")) {
            checkKey(list, List.of(), fields, key, unsorted);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void logSortAndTopAgreeWithTheUnsortedOutputSortedByTheRules(int seed) throws IOException {
        Path log = Files.writeString(dir.resolve("access-" + seed + ".log"), nginx(new Random(seed)));
        String fields = "ip,status,asn,country,count,first_seen,last_seen";
        List<Row> unsorted = rows(enrich(log, List.of("--from", "nginx", "-u", "--fields", fields)));
        for (String key : List.of("count", "ip", "asn", "country", "first_seen", "last_seen")) {
            checkKey(log, List.of("--from", "nginx"), fields, key, unsorted);
        }
    }

    /** Both directions, with and without --top, and with the key's column left out of the output. */
    private void checkKey(Path input, List<String> from, String fields, String key, List<Row> unsorted)
            throws IOException {
        for (boolean reversed : new boolean[] {false, true}) {
            List<Row> expected = new ArrayList<>(unsorted);
            expected.sort(documented(key, reversed));
            List<String> args = new ArrayList<>(from);
            args.addAll(List.of("-u", "--sort", key));
            if (reversed) {
                args.add("-r");
            }
            String what = key + (reversed ? " -r" : "");
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--fields", fields));
            List<Row> sorted = rows(enrich(input, all));
            assertThat(sorted).as(what).isEqualTo(expected);
            for (int top : new int[] {1, 3, 7, expected.size() + 5}) {
                List<String> cut = new ArrayList<>(all);
                cut.addAll(List.of("--top", Integer.toString(top)));
                assertThat(rows(enrich(input, cut)))
                        .as(what + " --top " + top)
                        .isEqualTo(sorted.subList(0, Math.min(top, sorted.size())));
            }
            // the key needs not be a column of the output
            List<String> bare = new ArrayList<>(args);
            bare.addAll(List.of("--fields", "ip", "--top", "5"));
            List<String> ips = CsvReader.builder().ofCsvRecord(enrich(input, bare)).stream()
                    .skip(1)
                    .map(r -> r.getField(0))
                    .toList();
            assertThat(ips)
                    .as(what + " with --fields ip")
                    .isEqualTo(expected.stream().limit(5).map(Row::ip).toList());
        }
    }

    @Test
    void theTopTalkersOfALogAreOneCommand() throws IOException {
        Path log = Files.writeString(dir.resolve("busy.log"), nginx(new Random(9)));
        List<Row> all = rows(enrich(log, List.of("--from", "nginx", "-u", "--fields", "ip,count")));
        List<String> busiest = all.stream()
                .sorted(Comparator.comparingLong(Row::count).reversed().thenComparing(r -> key(r.ip())))
                .limit(10)
                .map(r -> r.count() + "," + r.ip())
                .toList();
        Cli.Result r = Cli.run(
                "",
                "enrich",
                "--db",
                city,
                "--db",
                asn,
                "--from",
                "nginx",
                "--unique",
                "--sort",
                "count",
                "-r",
                "--top",
                "10",
                log.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("--sort count -r --top 10: the rows counted below are the first 10");
        List<NamedCsvRecord> rows =
                CsvReader.builder().ofNamedCsvRecord(r.out()).stream().toList();
        assertThat(rows.stream().map(x -> x.getField("count") + "," + x.getField("ip")))
                .containsExactlyElementsOf(busiest);
    }

    @Test
    void extractSortsItsDistinctAddressesTheSameWay() throws IOException {
        Path log = Files.writeString(dir.resolve("extract.log"), nginx(new Random(11)));
        List<Row> unsorted = rows(extract(log, List.of("-u", "-f", "csv")));
        for (String key : List.of("count", "ip", "first_seen", "last_seen")) {
            for (boolean reversed : new boolean[] {false, true}) {
                List<Row> expected = new ArrayList<>(unsorted);
                expected.sort(documented(key, reversed));
                List<String> args = new ArrayList<>(List.of("-u", "-f", "csv", "--sort", key));
                if (reversed) {
                    args.add("-r");
                }
                assertThat(rows(extract(log, args))).as(key).isEqualTo(expected);
                args.addAll(List.of("--top", "4"));
                assertThat(rows(extract(log, args))).as(key + " --top 4").isEqualTo(expected.subList(0, 4));
            }
        }
        // -c prints COUNT<TAB>IP: the busiest first
        List<String> expected = unsorted.stream()
                .sorted(documented("count", true))
                .limit(3)
                .map(r -> r.count() + "\t" + r.ip())
                .toList();
        assertThat(extract(log, List.of("-c", "--sort", "count", "-r", "--top", "3"))
                        .lines())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void theReportTableKeepsTheFirstRowsOfItsOrder() throws IOException {
        Path log = Files.writeString(dir.resolve("report.log"), nginx(new Random(12)));
        List<Row> unsorted = rows(enrich(log, List.of("--from", "nginx", "-u", "--fields", "ip,count,last_seen")));
        for (List<String> order :
                List.of(List.<String>of(), List.of("--sort", "last_seen", "-r"), List.of("--sort", "ip"))) {
            Path html = dir.resolve("report.html");
            List<String> args = new ArrayList<>(
                    List.of("report", "-q", "--db", city, "--db", asn, "--from", "nginx", "--max-rows", "4", "-o"));
            args.add(html.toString());
            args.addAll(order);
            args.add(log.toString());
            Cli.Result r = Cli.run("", args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            String page = Files.readString(html, StandardCharsets.UTF_8);
            JsonNode data = new ObjectMapper()
                    .readTree(ReportHtml.between(
                            page, "<script type=\"application/json\" id=\"report-data\">", "</script>"));
            int ipAt = 0;
            List<String> ips = new ArrayList<>();
            data.get("rows").forEach(row -> ips.add(row.get(ipAt).asText()));
            Comparator<Row> c =
                    order.isEmpty() ? documented("count", true) : documented(order.get(1), order.size() > 2);
            assertThat(ips)
                    .as(String.join(" ", order))
                    .isEqualTo(unsorted.stream().sorted(c).limit(4).map(Row::ip).toList());
            if (!order.isEmpty()) {
                assertThat(page).contains(" distinct addresses, the first by " + String.join(" ", order) + ".");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "enrich -u --sort first_seen LIST|--sort first_seen needs a log format with times",
                "enrich -u --sort last_seen --from auto LIST|--sort last_seen needs a log format with times (--from"
                        + " nginx, apache, sshd, fail2ban, syslog, or auto on such a log), and --from auto found an address"
                        + " list (no times): use --sort count or ip",
                "enrich --sort count LIST|--sort orders one row per address: add --unique",
                "enrich -u --top 3 LIST|--top needs --sort KEY",
                "enrich -u -r LIST|-r needs --sort KEY",
                "enrich -u --sort count --top 0 LIST|--top must be at least 1",
                "enrich -u --sort city LIST|unknown --sort key 'city': use count, ip, asn, country, first_seen, last_seen",
                "extract -c --sort asn LIST|--sort asn needs a lookup, which extract does not do",
                "extract -u --sort last_seen LIST|--sort last_seen needs a log format with times",
                "extract --sort ip LIST|add --unique (-u) or --count (-c)",
                "report --sort first_seen -o OUT LIST|no first_seen column to sort by",
                "report -r -o OUT LIST|-r needs --sort KEY",
            })
    void aKeyThatDoesNotApplyIsAUsageError(String command, String message) throws IOException {
        Path list = Files.writeString(dir.resolve("usage.txt"), "8.8.8.8\n1.1.1.1\n");
        String[] args = command.replace("LIST", list.toString())
                .replace("OUT", dir.resolve("usage.html").toString())
                .split(" ");
        List<String> all = new ArrayList<>(List.of(args[0], "--db", city, "--db", asn));
        if (args[0].equals("extract")) {
            all = new ArrayList<>(List.of(args[0]));
        }
        all.addAll(Arrays.asList(args).subList(1, args.length));
        Cli.Result r = Cli.run("", all.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }

    private static String enrich(Path input, List<String> options) {
        List<String> args = new ArrayList<>(List.of("enrich", "-q", "--db", city, "--db", asn));
        args.addAll(options);
        args.add(input.toString());
        Cli.Result r = Cli.run("", args.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", options) + ": " + r.err()).isZero();
        return r.out();
    }

    private static String extract(Path input, List<String> options) {
        List<String> args = new ArrayList<>(List.of("extract", "-q", "--from", "nginx"));
        args.addAll(options);
        args.add(input.toString());
        Cli.Result r = Cli.run("", args.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", options) + ": " + r.err()).isZero();
        return r.out();
    }

    /** The rows of a CSV output; the columns it lacks are null. */
    private static List<Row> rows(String csv) {
        return CsvReader.builder().ofNamedCsvRecord(csv).stream()
                .map(r -> {
                    Function<String, String> f = name -> {
                        String v = r.findField(name).orElse("");
                        return v.isEmpty() ? null : v;
                    };
                    String country = f.apply("country");
                    if (country != null && country.length() > 1 && "=+-@".indexOf(country.charAt(1)) >= 0) {
                        country = country.substring(1); // the CSV's formula guard: the value is without it
                    }
                    return new Row(
                            r.getField("ip"),
                            "invalid".equals(f.apply("status")),
                            Long.parseLong(r.getField("count")),
                            f.apply("asn") == null ? null : Long.valueOf(f.apply("asn")),
                            country,
                            f.apply("first_seen") == null ? null : Instant.parse(f.apply("first_seen")),
                            f.apply("last_seen") == null ? null : Instant.parse(f.apply("last_seen")));
                })
                .toList();
    }

    /** The documented order, written here from the README's rules. */
    private static Comparator<Row> documented(String key, boolean reversed) {
        Collator collator = Collator.getInstance(Locale.ROOT);
        Function<Row, Object> value = switch (key) {
            case "asn" -> Row::asn;
            case "country" -> Row::country;
            case "first_seen" -> Row::first;
            case "last_seen" -> Row::last;
            default -> r -> "n/a";
        };
        return (a, b) -> {
            if (a.invalid() != b.invalid()) {
                return a.invalid() ? 1 : -1; // invalid lines last, both directions
            }
            Object va = value.apply(a);
            Object vb = value.apply(b);
            if ((va == null) != (vb == null)) {
                return va == null ? 1 : -1; // no value last, both directions
            }
            int c = 0;
            if (key.equals("count")) {
                c = Long.compare(a.count(), b.count());
            } else if (key.equals("ip") && !a.invalid()) {
                c = key(a.ip()).compareTo(key(b.ip()));
            } else if (va != null) {
                c = switch (va) {
                    case Long x -> x.compareTo((Long) vb);
                    case Instant x -> x.compareTo((Instant) vb);
                    default -> {
                        int x = collator.compare((String) va, (String) vb);
                        yield x != 0 ? x : ((String) va).compareTo((String) vb);
                    }
                };
            }
            if (c != 0) {
                return reversed ? -c : c;
            }
            return a.invalid() ? a.ip().compareTo(b.ip()) : key(a.ip()).compareTo(key(b.ip()));
        };
    }

    /**
     * An address's place in the ip order, as a string that sorts right: IPv4 ("4") before IPv6 ("6"), the bytes in
     * hex, then the prefix length (none first), then the zone id (none first).
     */
    private static String key(String ip) {
        String zone = "";
        String prefix = "000";
        int slash = ip.indexOf('/');
        if (slash >= 0) {
            prefix = String.format("%03d", Integer.parseInt(ip.substring(slash + 1)) + 1);
            ip = ip.substring(0, slash);
        }
        int pct = ip.indexOf('%');
        if (pct >= 0) {
            zone = ip.substring(pct + 1);
            ip = ip.substring(0, pct);
        }
        try {
            byte[] b = InetAddress.getByName(ip).getAddress(); // a literal: no lookup
            StringBuilder s = new StringBuilder(b.length == 4 ? "4" : "6");
            for (byte x : b) {
                s.append(String.format("%02x", x & 0xff));
            }
            return s + "/" + prefix + "%" + zone;
        } catch (IOException e) {
            throw new AssertionError(ip, e);
        }
    }

    /** Addresses of every kind the fixtures answer differently, many repeated (ties), with invalid lines. */
    private static String list(Random rnd) {
        StringBuilder b = new StringBuilder();
        int lines = 150 + rnd.nextInt(100);
        for (int i = 0; i < lines; i++) {
            b.append(address(rnd, true)).append('\n');
        }
        return b.toString();
    }

    private static String address(Random rnd, boolean listForms) {
        int n = rnd.nextInt(6);
        return switch (rnd.nextInt(listForms ? 15 : 11)) {
            case 0 -> "8.8.8." + n; // AS15169, United States
            case 1 -> "8.8." + (n + 1) + ".1"; // AS3356, no country
            case 2 -> "81.2.69." + n; // AS20712, United Kingdom
            case 3 -> "81.2.70." + n; // AS20712, no country
            case 4 -> "1.1.1." + n; // AS13335, no country
            case 5 -> "203.0.113." + n; // AS64496, a hostile country name
            case 6 -> "2001:4860::" + n; // AS15169, United States
            case 7 -> "9.9." + n + ".9"; // not found
            case 8 -> "2001:db8::" + n; // reserved
            case 9 -> "10." + n + ".0.1"; // private
            case 10 -> "4.4.4." + n;
            case 11 -> "192.168." + n + ".0/24";
            case 12 -> "fe80::" + n + "%eth" + (n % 2);
            case 13 -> "junk-" + n;
            default -> n == 0 ? "# comment" : "";
        };
    }

    /** An nginx log over one day, the lines not in time order (first_seen is no proxy for the line number). */
    private static String nginx(Random rnd) {
        StringBuilder b = new StringBuilder();
        Instant day = Instant.parse("2026-11-20T00:00:00Z");
        int lines = 200 + rnd.nextInt(100);
        for (int i = 0; i < lines; i++) {
            Instant t = day.plusSeconds(rnd.nextInt(86_400));
            b.append(address(rnd, false))
                    .append(" - - [")
                    .append(NGINX.format(t))
                    .append("] \"GET /p")
                    .append(rnd.nextInt(5))
                    .append(" HTTP/1.1\" 200 5 \"-\" \"test\"\n");
        }
        return b.toString();
    }
}
