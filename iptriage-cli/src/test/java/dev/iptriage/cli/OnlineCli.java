package dev.iptriage.cli;

import static dev.iptriage.testing.dns.DnsTestWorld.*;
import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.iptriage.testing.dns.DnsServer;
import dev.iptriage.testing.dns.DnsTestWorld;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the command-line tests of the online sources share: the arguments that point a run at a
 * {@link DnsTestWorld} (never at the system's resolver, never at a cache in the user's home), the
 * columns of the three sources, every answer the world gives in the form enrich's CSV writes it
 * (from the world's javadoc table), and CSV reading.
 */
final class OnlineCli {
    private OnlineCli() {}

    /** The source columns, in the order enrich writes them. */
    static final List<String> PTR = List.of("ptr", "fcrdns", "ptr_status");

    static final List<String> DNSBL = List.of("dnsbl", "dnsbl_status");
    static final List<String> CYMRU =
            List.of("origin_asn", "origin_prefix", "origin_cc", "origin_registry", "origin_allocated", "cymru_status");
    static final List<String> SOURCES = concat(PTR, DNSBL, CYMRU);

    /** Every address of the world, public and never sent, each once. */
    static final List<String> ALL =
            concat(PUBLIC, NEVER_SENT).stream().distinct().toList();

    /**
     * The start of {@code *_status} values that are errors with a long reason: the whole reason is
     * checked where it matters, the start (which names the cause) everywhere.
     */
    static final Map<String, String> ERROR_STARTS = Map.of(
            LISTED_ERROR_254, "error:zen.spamhaus.org: 127.255.255.254: ",
            LISTED_OUTSIDE_127, "error:zen.spamhaus.org: answer 10.20.30.40 ",
            LISTED_ERROR_255, "error:zen.spamhaus.org: 127.255.255.255: ",
            LISTED_ERROR_252, "error:zen.spamhaus.org: 127.255.255.252: ",
            CYMRU_HOSTILE, "error:no usable origin in 1 TXT string: ",
            CYMRU_GARBLED, "error:no usable origin in 1 TXT string: ");

    /** The CSV form of the three sources' columns (in {@link #SOURCES} order) for each world address. */
    static final Map<String, List<String>> EXPECTED = expected();

    /** {@code --resolver WORLD --no-cache} and then {@code more}, after {@code command}. */
    static String[] args(DnsTestWorld world, String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--resolver", world.resolver(), "--no-cache"));
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    /** {@code command --resolver WORLD --cache CACHE} and then {@code more}. */
    static String[] cached(DnsTestWorld world, String cache, String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--resolver", world.resolver(), "--cache", cache));
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    /** Runs and checks the exit code is 0. */
    static Cli.Result ok(String stdin, String... args) {
        Cli.Result r = Cli.run(stdin, args);
        assertThat(r.code()).as("%s: %s", List.of(args), r.err()).isZero();
        return r;
    }

    /** A run's output bytes, as written (for checks that a decoder would hide). */
    record Bytes(int code, byte[] out, byte[] err) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }

        String errText() {
            return new String(err, StandardCharsets.UTF_8);
        }
    }

    /** Runs in-process like {@link Cli#run}, keeping the bytes written. */
    static Bytes runBytes(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("HOME", "/nonexistent-home");
        Env e = new Env(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                env,
                Terminal.from(env),
                Clock.fixed(Cli.NOW, ZoneOffset.UTC),
                false);
        int code = Main.run(e, args);
        return new Bytes(code, out.toByteArray(), err.toByteArray());
    }

    /** The rows of a CSV text, each a map from the header's names to the cells (as a reader gets them). */
    static List<Map<String, String>> csv(String text) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(text)) {
            List<String> header = null;
            for (CsvRecord rec : csv) {
                if (header == null) {
                    header = rec.getFields();
                    continue;
                }
                assertThat(rec.getFieldCount())
                        .as("line %d", rec.getStartingLineNumber())
                        .isEqualTo(header.size());
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), rec.getField(i));
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The values of {@code columns} in a row. */
    static List<String> values(Map<String, String> row, List<String> columns) {
        return columns.stream()
                .map(c -> {
                    assertThat(row).as("row %s", row.get("ip")).containsKey(c);
                    return row.get(c);
                })
                .toList();
    }

    /**
     * Per address, the values of {@code columns}; an address on several rows must have the same
     * values on each (one answer per address per run).
     */
    static Map<String, List<String>> byIp(List<Map<String, String>> rows, String ipColumn, List<String> columns) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            String ip = row.get(ipColumn);
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            List<String> v = values(row, columns);
            List<String> before = out.putIfAbsent(ip, v);
            if (before != null) {
                assertThat(v).as("the repeated %s", ip).isEqualTo(before);
            }
        }
        return out;
    }

    /** Checks the source columns of {@code got} against {@link #EXPECTED}, address by address. */
    static void assertExpected(Map<String, List<String>> got, List<String> columns) {
        for (Map.Entry<String, List<String>> e : got.entrySet()) {
            List<String> want = EXPECTED.get(e.getKey());
            assertThat(want).as("an address of the world: %s", e.getKey()).isNotNull();
            for (int k = 0; k < columns.size(); k++) {
                String column = columns.get(k);
                String w = want.get(SOURCES.indexOf(column));
                String g = e.getValue().get(k);
                if (w.endsWith("...")) {
                    assertThat(g).as("%s %s", e.getKey(), column).startsWith(w.substring(0, w.length() - 3));
                } else {
                    assertThat(g).as("%s %s", e.getKey(), column).isEqualTo(w);
                }
            }
        }
    }

    /** Whether a logged query is one of the RFC 5782 health probes of a blocklist zone. */
    static boolean probe(DnsServer.Query q) {
        return q.name().matches("[12]\\.0\\.0\\.127\\..*|[12](\\.0){5}\\.f\\.7\\.f\\.f\\.f\\.f(\\.0){20}\\..*");
    }

    // ---- what the world answers, as CSV cells ----

    private static Map<String, List<String>> expected() {
        Map<String, List<String>> ptr = new HashMap<>();
        ptr.put(PTR_CONFIRMED, List.of(NAME_CONFIRMED, "true", "ok"));
        ptr.put(PTR_FORGED, List.of(NAME_FORGED, "false", "ok"));
        ptr.put(PTR_FORWARD_NXDOMAIN, List.of(NAME_GONE, "false", "ok"));
        ptr.put(PTR_SEVERAL, List.of(NAMES_SEVERAL.get(0), "true", "ok"));
        ptr.put(PTR_NXDOMAIN, List.of("", "", "nxdomain"));
        ptr.put(PTR_NODATA, List.of("", "", "nodata"));
        ptr.put(PTR_SERVFAIL, List.of("", "", "servfail"));
        ptr.put(PTR_REFUSED, List.of("", "", "refused"));
        ptr.put(PTR_TIMEOUT, List.of("", "", "timeout"));
        ptr.put(PTR_CNAME, List.of(NAME_CNAME, "true", "ok"));
        // hostile names in DNS presentation form (RFC 1035 \DDD), the formula one made inert
        ptr.put(PTR_FORMULA, List.of("'=cmd|'\\032/C\\032calc'!A0.evil.test", "false", "ok"));
        ptr.put(PTR_HTML, List.of("<script>alert\\(1\\)</script>.evil.test", "false", "ok"));
        ptr.put(PTR_CONTROL, List.of("ctl\\027[2J\\027[31mred\\007\\000\\013\\010\\127.evil.test", "false", "ok"));
        ptr.put(PTR_LONGEST, List.of(PTR_LONGEST_NAME, "false", "ok"));
        ptr.put(PTR_BYTES, List.of("\\226\\128\\174gnp-exe\\255\\155.evil.test", "false", "ok"));
        ptr.put(PTR_FORWARD_NODATA, List.of(NAME_TXT_ONLY, "false", "ok"));
        ptr.put(PTR_FORWARD_SERVFAIL, List.of(NAME_FORWARD_SERVFAIL, "", "ok"));
        ptr.put(PTR_FORWARD_TIMEOUT, List.of(NAME_FORWARD_TIMEOUT, "", "ok"));
        ptr.put(PTR6_CONFIRMED, List.of(NAME_V6_CONFIRMED, "true", "ok"));
        ptr.put(PTR6_FORGED, List.of(NAME_V6_FORGED, "false", "ok"));

        Map<String, List<String>> dnsbl = new HashMap<>();
        dnsbl.put(LISTED_SBL, List.of("[\"zen.spamhaus.org:SBL\"]", "ok"));
        dnsbl.put(LISTED_XBL_PBL, List.of("[\"zen.spamhaus.org:XBL\",\"zen.spamhaus.org:PBL-ISP\"]", "ok"));
        dnsbl.put(LISTED_SBL_DROP, List.of("[\"zen.spamhaus.org:SBL\",\"zen.spamhaus.org:DROP\"]", "ok"));
        dnsbl.put(LISTED_CSS, List.of("[\"zen.spamhaus.org:CSS\"]", "ok"));
        dnsbl.put(LISTED6_SBL, List.of("[\"zen.spamhaus.org:SBL\"]", "ok"));
        dnsbl.put(LISTED6_CSS_XBL, List.of("[\"zen.spamhaus.org:CSS\",\"zen.spamhaus.org:XBL\"]", "ok"));
        for (String error : List.of(LISTED_ERROR_254, LISTED_OUTSIDE_127, LISTED_ERROR_255, LISTED_ERROR_252)) {
            dnsbl.put(error, List.of("", ERROR_STARTS.get(error) + "..."));
        }

        List<String> ripe = List.of("[64503]", "2a00:1::/32", "DE", "ripencc", "2011-08-11", "ok");
        List<String> unrouted = List.of("", "", "", "", "", "nxdomain");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String a : PUBLIC) {
            List<String> cymru;
            if (a.startsWith("1.2.3.")) {
                cymru = List.of("[64496]", "1.2.3.0/24", "AU", "apnic", "2011-08-11", "ok");
            } else if (a.startsWith("1.2.4.")) {
                cymru = List.of("[64497]", "1.2.4.0/24", "AU", "apnic", "2011-08-11", "ok"); // the more specific
            } else if (a.equals(CYMRU_MOAS)) {
                cymru = List.of("[64499,64500]", "1.2.5.0/24", "AU", "apnic", "2011-08-11", "ok");
            } else if (a.equals(CYMRU_HOSTILE) || a.equals(CYMRU_GARBLED)) {
                cymru = List.of("", "", "", "", "", ERROR_STARTS.get(a) + "...");
            } else if (a.equals(CYMRU_UNROUTED) || a.equals(CYMRU6_UNROUTED)) {
                cymru = unrouted;
            } else if (a.startsWith("2a00:1:")) {
                cymru = ripe;
            } else {
                throw new IllegalStateException("no Cymru answer known for " + a);
            }
            out.put(
                    a,
                    concat(
                            ptr.getOrDefault(a, List.of("", "", "nxdomain")),
                            dnsbl.getOrDefault(a, List.of("", "nxdomain")),
                            cymru));
        }
        List<String> skipped = List.of("", "", "skipped", "", "skipped", "", "", "", "", "", "skipped");
        NEVER_SENT.forEach(a -> out.put(a, skipped));
        return out;
    }

    @SafeVarargs
    static <T> List<T> concat(List<T>... lists) {
        List<T> out = new ArrayList<>();
        for (List<T> l : lists) {
            out.addAll(l);
        }
        return List.copyOf(out);
    }
}
