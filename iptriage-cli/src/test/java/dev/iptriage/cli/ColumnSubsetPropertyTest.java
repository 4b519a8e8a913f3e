package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.iptriage.model.Field;
import dev.iptriage.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A cell does not depend on which other columns were asked for: for random subsets of the columns,
 * in random order, every cell of every row equals the same cell of {@code --fields all}, for the
 * full-scale shared databases in several orders, rows and {@code --unique}, CSV (the byte-level
 * path) and JSON Lines (the per-row path). The input is the first 10,000 lines of the benchmark's
 * 1M log-like input (public IPv4 and IPv6, private and reserved addresses, junk).
 */
class ColumnSubsetPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SUBSETS = 6;

    static String input;
    static Path city;
    static Path asn;
    static Path country;

    @BeforeAll
    static void setUp() throws IOException {
        city = SharedData.require("data/GeoLite2-City.mmdb");
        asn = SharedData.require("data/GeoLite2-ASN.mmdb");
        country = SharedData.require("data/GeoLite2-Country.mmdb");
        try (InputStream in = new GZIPInputStream(
                ColumnSubsetPropertyTest.class.getResourceAsStream("/bench-ips-1m-head10000.txt.gz"))) {
            input = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(input.lines()).hasSize(10_000);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<List<String>> orders = List.of(
                List.of("city", "asn"),
                List.of("asn", "city"),
                List.of("city"),
                List.of("asn"),
                List.of("country", "asn"));
        for (List<String> dbs : orders) {
            for (boolean unique : new boolean[] {false, true}) {
                for (String format : List.of("csv", "jsonl")) {
                    out.add(Arguments.of(dbs, unique, format));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} unique={1} {2}")
    @MethodSource("cases")
    void everyCellEqualsTheSameCellOfAllColumns(List<String> dbs, boolean unique, String format) {
        List<String> all =
                new ArrayList<>(Field.all().stream().map(Field::column).toList());
        if (unique) {
            all.add("count");
        }
        List<Map<String, String>> reference = run(dbs, unique, format, String.join(",", all));
        if (!unique) {
            assertThat(reference).hasSize(10_000);
        }
        assertThat(reference.stream().map(r -> r.get("status").replace("\"", "")))
                .as("the reference itself finds addresses")
                .contains("ok", "private", "reserved", "invalid");
        Random rnd = new Random(31L * dbs.hashCode() + (unique ? 7 : 0) + format.hashCode());
        for (int k = 0; k < SUBSETS; k++) {
            List<String> subset = new ArrayList<>(all);
            Collections.shuffle(subset, rnd);
            // small subsets, where the bugs were (ip,status alone), as often as large ones
            int size = k == 0 ? 2 : 1 + rnd.nextInt(k % 2 == 0 ? 4 : subset.size());
            subset = new ArrayList<>(subset.subList(0, size));
            if (k == 0) {
                subset = List.of("ip", "status");
            }
            List<Map<String, String>> rows = run(dbs, unique, format, String.join(",", subset));
            assertThat(rows).as("%s", subset).hasSize(reference.size());
            for (int i = 0; i < rows.size(); i++) {
                Map<String, String> row = rows.get(i);
                List<String> columns = new ArrayList<>(row.keySet());
                if (unique && !subset.contains("count")) {
                    columns.remove("count"); // --unique adds it
                }
                assertThat(columns).as("columns of %s", subset).containsExactlyElementsOf(subset);
                for (String column : subset) {
                    String expected = reference.get(i).get(column);
                    if (!row.get(column).equals(expected)) {
                        throw new AssertionError(
                                "row " + i + " (" + reference.get(i).get("ip") + "), column "
                                        + column + " with --fields " + subset + ": '" + row.get(column)
                                        + "', with all: '" + expected + "'");
                    }
                }
            }
        }
    }

    private static List<Map<String, String>> run(List<String> dbs, boolean unique, String format, String fields) {
        List<String> args = new ArrayList<>(List.of("enrich", "-q", "-f", format, "--fields", fields));
        for (String db : dbs) {
            args.add("--db");
            args.add(
                    switch (db) {
                        case "city" -> city.toString();
                        case "asn" -> asn.toString();
                        default -> country.toString();
                    });
        }
        if (unique) {
            args.add("--unique");
        }
        Cli.Result r = Cli.run(input, args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return format.equals("csv") ? csv(r.out()) : jsonl(r.out());
    }

    private static List<Map<String, String>> csv(String text) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(text)) {
            List<String> header = null;
            for (CsvRecord rec : csv) {
                if (header == null) {
                    header = rec.getFields();
                    continue;
                }
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

    private static List<Map<String, String>> jsonl(String text) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : text.lines().toList()) {
            try {
                JsonNode n = JSON.readTree(line);
                Map<String, String> row = new LinkedHashMap<>();
                n.properties().forEach(e -> row.put(e.getKey(), e.getValue().toString()));
                rows.add(row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }
}
