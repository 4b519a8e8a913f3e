package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code iptriage report} through {@code Main.run}, on fixture databases. */
class ReportCommandTest {
    static final String INPUT = "8.8.8.8\n8.8.8.8\n8.8.8.9\n81.2.69.1\n203.0.113.5\n10.1.2.3\n# note\nnonsense\n";

    @TempDir
    static Path dir;

    static String city;
    static String asn;

    @BeforeAll
    static void databases() {
        city = Fixtures.city(dir).toString();
        asn = Fixtures.asn(dir).toString();
    }

    @Test
    void geoJsonHasOnePointPerLocationWithCounts() throws Exception {
        Path out = dir.resolve("points.geojson");
        Cli.Result r = Cli.run(INPUT, "report", "--db", city, "--db", asn, "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        JsonNode g = new ObjectMapper().readTree(out.toFile());
        assertThat(g.get("type").asText()).isEqualTo("FeatureCollection");
        JsonNode first = g.get("features").get(0);
        assertThat(first.at("/geometry/coordinates/0").asDouble()).isEqualTo(-122.1);
        assertThat(first.at("/geometry/coordinates/1").asDouble()).isEqualTo(37.4);
        assertThat(first.at("/properties/sightings").asLong()).isEqualTo(3);
        assertThat(first.at("/properties/addresses").asLong()).isEqualTo(2);
        assertThat(first.at("/properties/ip").asText()).isEqualTo("8.8.8.8");
        assertThat(first.at("/properties/org").asText()).isEqualTo("Google LLC");
        assertThat(g.get("features")).hasSize(3);
    }

    @Test
    void logInputsAreReportedBySightings() throws Exception {
        String log = """
                8.8.8.8 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8"
                8.8.8.9 - - [17/May/2015:10:05:04 +0000] "GET /x HTTP/1.1" 404 12 "-" "curl/8"
                8.8.8.8 - - [17/May/2015:10:05:05 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8"
                not a log line
                """;
        Path out = dir.resolve("log.geojson");
        Cli.Result r = Cli.run(log, "report", "--from", "nginx", "--db", city, "--db", asn, "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("3 addresses on 3 lines", "2 rows: ok 2");
        JsonNode first =
                new ObjectMapper().readTree(out.toFile()).get("features").get(0);
        assertThat(first.at("/properties/sightings").asLong()).isEqualTo(3);
        assertThat(first.at("/properties/addresses").asLong()).isEqualTo(2);
    }

    @Test
    void enrichOutputIsReportedWithoutLookupsAndGivesTheSameResult() throws Exception {
        for (String ext : new String[] {"csv", "jsonl"}) {
            Path enriched = dir.resolve("enriched." + ext);
            Cli.Result e = Cli.run(
                    INPUT,
                    "enrich",
                    "--db",
                    city,
                    "--db",
                    asn,
                    "-u",
                    "--fields",
                    "default,country_iso",
                    "-o",
                    enriched.toString());
            assertThat(e.code()).as(e.err()).isZero();
            Path direct = dir.resolve("direct-" + ext + ".geojson");
            Path fromFile = dir.resolve("from-" + ext + ".geojson");
            assertThat(Cli.run(INPUT, "report", "--db", city, "--db", asn, "-o", direct.toString())
                            .code())
                    .isZero();
            Cli.Result r =
                    Cli.run("", "report", "--db", "no-such.mmdb", enriched.toString(), "-o", fromFile.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(Files.readString(fromFile)).as(ext).isEqualTo(Files.readString(direct));
        }
    }

    @Test
    void damagedEnrichOutputCountsBadRecordsAsInvalid() throws Exception {
        Path csv = dir.resolve("damaged.csv");
        Files.writeString(csv, "ip,status,country,latitude,longitude,count\n8.8.8.8,ok,US,37.4,-122.1,4\n1.2.3.4,ok\n");
        Path out = dir.resolve("damaged.html");
        Cli.Result r = Cli.run("", "report", csv.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("1 records could not be read", "damaged.csv:3", "2 cells, the header has 6");
        assertThat(Files.readString(out).contains("<tr><th>Status invalid</th><td>1 (20.0%)</td></tr>"))
                .isTrue();
    }

    @Test
    void damagedJsonLinesCountAsInvalid() throws Exception {
        Path jsonl = dir.resolve("damaged.jsonl");
        Files.writeString(
                jsonl, "{\"ip\":\"8.8.8.8\",\"status\":\"ok\",\"count\":2}\n{\"ip\":\"1.2.3.4\",\"sta\n[1]\n");
        Path out = dir.resolve("damaged-jsonl.html");
        Cli.Result r = Cli.run("", "report", jsonl.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("2 records could not be read", "damaged.jsonl:2");
        assertThat(Files.readString(out).contains("<tr><th>Status invalid</th><td>2 (50.0%)</td></tr>"))
                .isTrue();
    }

    @Test
    void pngMapAndChartsAreWritten() throws Exception {
        Path png = dir.resolve("map.png");
        Path charts = Files.createDirectories(dir.resolve("charts"));
        Cli.Result r = Cli.run(
                INPUT, "report", "--db", city, "--db", asn, "--png", png.toString(), "--charts", charts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage map = ImageIO.read(png.toFile());
        assertThat(map.getWidth()).isEqualTo(1600);
        BufferedImage countries = ImageIO.read(charts.resolve("countries.png").toFile());
        BufferedImage asns = ImageIO.read(charts.resolve("asns.png").toFile());
        assertThat(asns.getWidth()).isEqualTo(countries.getWidth());
        // the longest bar (United States, 3 of 5 sightings) starts at the label column
        assertThat(countries.getRGB(310, 70) & 0xffffff).isEqualTo(0xd95f0e);
    }

    @Test
    void chartsFolderIsCreatedWithItsParents() {
        // issue 12, item 11d: "--charts DIR" refused a folder that did not exist yet
        Path charts = dir.resolve("out").resolve("2026-12").resolve("charts");
        Cli.Result r = Cli.run(INPUT, "report", "--db", city, "--db", asn, "--charts", charts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(charts.resolve("countries.png")).isNotEmptyFile();
        assertThat(charts.resolve("asns.png")).isNotEmptyFile();
    }

    @Test
    void chartsWhereAFileIsIsAnOutputError() throws Exception {
        Path file = Files.writeString(dir.resolve("charts.txt"), "keep me");
        Cli.Result r = Cli.run(INPUT, "report", "--db", city, "--charts", file.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains(file + ": --charts needs a folder, and this is not one");
        Cli.Result under = Cli.run(
                INPUT, "report", "--db", city, "--charts", file.resolve("sub").toString());
        assertThat(under.code()).isEqualTo(4);
        assertThat(under.err()).contains("cannot create the folder").contains("is not a folder");
        assertThat(file).hasContent("keep me");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no output | report x.txt | no output: give -o report.html",
                "bad extension | report x.txt -o r.pdf | unknown report format",
                "tiles without placeholders | report x.txt -o r.html --tiles https://t.example/a.png | --tiles: expected",
                "tiles with quotes | report x.txt -o r.html --tiles https://t.example/{z}/{x}/{y}.png\" | --tiles: expected",
                "top zero | report x.txt -o r.html --top 0 | at least 1"
            })
    void usageErrors(String name, String args, String message) {
        Cli.Result r = Cli.run("", args.split(" "));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(message);
    }

    @Test
    void tilesWarnThatTheViewportLeaks() {
        Path out = dir.resolve("tiles.html");
        Cli.Result r = Cli.run(
                INPUT,
                "report",
                "--db",
                asn,
                "-o",
                out.toString(),
                "--tiles",
                "https://tile.example.org/{z}/{x}/{y}.png");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: --tiles", "tile.example.org", "learns");
    }

    @Test
    void missingInputIsExit3AndWritesNothing() {
        Path out = dir.resolve("never.html");
        Cli.Result r =
                Cli.run("", "report", "--db", asn, dir.resolve("nope.txt").toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INPUT);
        assertThat(out).doesNotExist();
    }

    /**
     * The README's workflow: enrich's default CSV (a country name, no country_iso) then report gives the map the same
     * country counts, by ISO code, as a report of the log itself; the code column it lacks is absent, not empty.
     */
    @Test
    void aReportOfEnrichsDefaultCsvHasTheCountriesOfTheLogByCode() throws Exception {
        String log = """
                8.8.8.8 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8"
                81.2.69.160 - - [17/May/2015:10:05:04 +0000] "GET /x HTTP/1.1" 404 12 "-" "curl/8"
                8.8.8.8 - - [17/May/2015:10:05:05 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8"
                2001:4860::1 - - [17/May/2015:10:05:06 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8"
                """;
        Path access = dir.resolve("access-countries.log");
        Files.writeString(access, log);
        Path rows = dir.resolve("rows-countries.csv");
        Cli.Result e = Cli.run(
                "",
                "enrich",
                "--db",
                city,
                "--db",
                asn,
                "--from",
                "nginx",
                "-u",
                access.toString(),
                "-o",
                rows.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(Files.readString(rows).lines().findFirst().orElseThrow())
                .contains("country")
                .doesNotContain("country_iso");
        Path fromCsv = dir.resolve("from-csv.html");
        Path fromLog = dir.resolve("from-log.html");
        Cli.Result a = Cli.run("", "report", rows.toString(), "-o", fromCsv.toString());
        assertThat(a.code()).as(a.err()).isZero();
        Cli.Result b = Cli.run(
                "",
                "report",
                "--db",
                city,
                "--db",
                asn,
                "--from",
                "nginx",
                access.toString(),
                "-o",
                fromLog.toString());
        assertThat(b.code()).as(b.err()).isZero();
        JsonNode csvCountries = reportData(fromCsv).get("countries");
        assertThat(csvCountries).isEqualTo(reportData(fromLog).get("countries"));
        assertThat(csvCountries.fieldNames()).toIterable().containsExactlyInAnyOrder("US", "GB");
        assertThat(csvCountries.get("US").asLong()).isEqualTo(3);
        String missing = ReportHtml.between(Files.readString(fromCsv), "<section id=\"missing\">", "</section>");
        assertThat(missing)
                .contains(
                        "<tr><th>country_iso</th><td colspan=\"2\" class=\"absent\">absent: the input has no such column")
                .doesNotContain("100.0%");
    }

    private static JsonNode reportData(Path html) throws IOException {
        return new ObjectMapper()
                .readTree(ReportHtml.between(Files.readString(html), "id=\"report-data\">", "</script>"));
    }

    /**
     * The report of an {@code enrich -u} output: its facts count statuses per input line (a record counts for its
     * count), with shares of their sum (they sum to 100%); the summary on stderr counts records, as its lines and rows.
     */
    @Test
    void theStatusSharesOfAnEnrichOutputSumToAHundredPercent() throws Exception {
        Path rows = dir.resolve("unique.csv");
        Cli.Result e = Cli.run(INPUT, "enrich", "--db", city, "--db", asn, "-u", "-o", rows.toString());
        assertThat(e.code()).as(e.err()).isZero();
        long records = Files.readAllLines(rows).size() - 1;
        Path out = dir.resolve("unique.html");
        Cli.Result r = Cli.run("", "report", rows.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        java.util.regex.Matcher summary = java.util.regex.Pattern.compile(
                        "(\\d+) lines -> (\\d+) rows: ok (\\d+), not_found (\\d+), private (\\d+), reserved (\\d+),"
                                + " invalid (\\d+)")
                .matcher(r.err());
        assertThat(summary.find()).as(r.err()).isTrue();
        assertThat(Long.parseLong(summary.group(1))).isEqualTo(records);
        assertThat(Long.parseLong(summary.group(2))).isEqualTo(records);
        long perRecord = 0;
        for (int g = 3; g <= 7; g++) {
            perRecord += Long.parseLong(summary.group(g));
        }
        assertThat(perRecord).as("each record once").isEqualTo(records);

        String facts = ReportHtml.between(Files.readString(out), "<section id=\"facts\">", "</table>");
        java.util.regex.Matcher status = java.util.regex.Pattern.compile(
                        "<tr><th>Status [a-z_]+</th><td>([0-9,]+)(?: \\(([0-9.]+)%\\))?</td></tr>")
                .matcher(facts);
        long lines = 0;
        double percent = 0;
        while (status.find()) {
            lines += Long.parseLong(status.group(1).replace(",", ""));
            percent += status.group(2) == null ? 0 : Double.parseDouble(status.group(2));
        }
        // 8.8.8.8 twice and five other lines: more lines than records, so a share of the records would pass 100%
        assertThat(lines).isEqualTo(7).isGreaterThan(records);
        assertThat(facts).contains("<tr><th>Lines counted by status</th><td>7</td></tr>");
        assertThat(percent).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.2));
    }
}
