package dev.iptriage.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of the shared extraction corpus (peers' test strings and real log lines; see the
 * corpus README for the {@code match} semantics) through {@link TextExtractor}, prints the pass rate
 * per source and status, and holds the hard cases (asserted and inferred) to the known-differences
 * file: every failure must be listed there with a reason, and every listed case must still fail.
 */
class ExtractionConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KNOWN = "/extraction-known-differences.txt";

    /** The outcome of one case; {@code null} pass means the case was skipped. */
    record Outcome(String id, String source, String status, Boolean pass, String detail) {}

    @Test
    void corpusCasesPassOrAreKnownDifferences() throws IOException {
        Path file = SharedData.require("corpus/extraction-cases.jsonl");
        List<Outcome> outcomes = new ArrayList<>();
        long disputed = 0;
        long disputedWithFlags = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    JsonNode c = JSON.readTree(line);
                    outcomes.add(run(c));
                    if (c.get("status").asText().equals("disputed")) {
                        Outcome lenient = run(c, true);
                        disputed += lenient.pass() == null ? 0 : 1;
                        disputedWithFlags += Boolean.TRUE.equals(lenient.pass()) ? 1 : 0;
                    }
                }
            }
        }
        report(outcomes);
        System.out.printf(
                "  disputed cases passing with --leading-zeros --dotted-port: %d/%d%n", disputedWithFlags, disputed);
        Set<String> failingHard = new TreeSet<>();
        long hard = 0;
        long asserted = 0;
        long assertedPass = 0;
        for (Outcome o : outcomes) {
            boolean isHard = o.status().equals("asserted") || o.status().equals("inferred");
            if (o.pass() == null || !isHard) {
                continue;
            }
            hard++;
            if (!o.pass()) {
                failingHard.add(o.id());
            }
            if (o.status().equals("asserted")) {
                asserted++;
                assertedPass += o.pass() ? 1 : 0;
            }
        }
        assertThat(hard).as("hard cases run").isGreaterThan(800);
        assertThat(assertedPass * 100.0 / asserted).as("asserted pass rate %").isGreaterThanOrEqualTo(98.0);
        Map<String, String> known = knownDifferences();
        Map<String, String> details = new TreeMap<>();
        outcomes.stream().filter(o -> failingHard.contains(o.id())).forEach(o -> details.put(o.id(), o.detail()));
        assertThat(details.keySet())
                .as("failing hard cases not in %s (left: failing ones with what was found)", KNOWN)
                .containsAll(known.keySet());
        assertThat(known.keySet())
                .as("every failing hard case must be listed in %s; failures: %s", KNOWN, details)
                .containsAll(failingHard);
    }

    private static Outcome run(JsonNode c) {
        return run(c, false);
    }

    /** With {@code lenient}: the flags for disputed policies ({@code --leading-zeros --dotted-port}). */
    private static Outcome run(JsonNode c, boolean lenient) {
        String id = c.get("id").asText();
        String source = id.substring(0, id.indexOf(':'));
        String status = c.get("status").asText();
        JsonNode opts = c.get("options");
        boolean refang = true;
        if (opts.size() > 0) {
            if (opts.size() == 1 && opts.has("refang")) {
                refang = opts.get("refang").asBoolean();
            } else {
                return new Outcome(id, source, status, null, "option not supported: " + opts);
            }
        }
        JsonNode expected = c.get("expected_canonical");
        if (expected == null || expected.isNull()) {
            return new Outcome(id, source, status, null, "no canonical expectation");
        }
        TextExtractor x = TextExtractor.of(new ExtractOptions(refang, lenient, lenient, false));
        Set<String> families = new HashSet<>();
        c.get("families").forEach(f -> families.add(f.asText()));
        Set<String> found = new TreeSet<>();
        for (Found f : x.extract(c.get("input").asText())) {
            if (families.contains(f.address().isV4() ? "ipv4" : "ipv6")) {
                found.add(f.text());
            }
        }
        Set<String> want = new TreeSet<>();
        expected.forEach(e -> want.add(e.asText()));
        boolean ok = c.get("match").asText().equals("exact") ? found.equals(want) : found.containsAll(want);
        for (JsonNode no : c.get("must_not_extract")) {
            IpAddress a = IpLiteral.tryParseStrict(no.asText());
            ok &= !found.contains(a != null ? a.toString() : no.asText());
        }
        return new Outcome(id, source, status, ok, "found " + found + ", expected " + want);
    }

    private static void report(List<Outcome> outcomes) {
        Map<String, int[]> rates = new TreeMap<>();
        for (Outcome o : outcomes) {
            int[] r = rates.computeIfAbsent(o.source() + " " + o.status(), k -> new int[3]);
            if (o.pass() == null) {
                r[2]++;
            } else {
                r[o.pass() ? 0 : 1]++;
            }
        }
        System.out.println("extraction corpus: source status: passed/run (skipped)");
        rates.forEach((k, r) -> System.out.printf(
                "  %-28s %4d/%-4d %5.1f%% (%d skipped)%n",
                k, r[0], r[0] + r[1], r[0] + r[1] == 0 ? 100.0 : r[0] * 100.0 / (r[0] + r[1]), r[2]));
    }

    private static Map<String, String> knownDifferences() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = ExtractionConformanceTest.class.getResourceAsStream(KNOWN)) {
            assertThat(in).as(KNOWN).isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                assertThat(tab).as("'id<TAB>reason' in %s: %s", KNOWN, line).isPositive();
                known.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return known;
    }
}
