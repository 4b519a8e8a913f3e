package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An output file's extension says its format: {@code -o out.xlsx} must not write CSV silently. An
 * unknown extension is a usage error naming the known ones, unless {@code -f} says the format; a
 * compression extension is refused either way (nothing is compressed); a name without an extension
 * gets the command's default format.
 */
class OutputNamesTest {
    @TempDir
    static Path fixtures;

    static String city;
    static String csv;

    @BeforeAll
    static void setUp() throws Exception {
        city = Fixtures.city(fixtures).toString();
        csv = Files.writeString(fixtures.resolve("in.csv"), "network,site\n10.1.0.0/16,lab\n")
                .toString();
    }

    private static Cli.Result run(Path dir, String command) {
        String[] args = command.replace("CITY", city)
                .replace("CSV", csv)
                .replace("OUT", dir.toString())
                .split(" ");
        return Cli.run("8.8.8.8\n", args);
    }

    private static long files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @ParameterizedTest(name = "iptriage {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "enrich --db CITY -q - -o OUT/out.xlsx | unknown output file extension '.xlsx': use .csv, .jsonl, .ndjson, .json, .txt or .table (or give the format with -f)",
                "enrich --db CITY -q - -o OUT/out.parquet | unknown output file extension '.parquet'",
                "enrich --db CITY -q - -o OUT/out.csv.gz | does not compress its output",
                "enrich --db CITY -q - -o OUT/out.csv.gz -f csv | does not compress its output",
                "enrich --db CITY -q --from text - -o OUT/out.tsv | unknown output file extension '.tsv'",
                "extract -q - -o OUT/found.json | unknown output file extension '.json': use .txt, .csv, .jsonl or .ndjson",
                "extract -q - -o OUT/found.txt.xz | does not compress its output",
                "db export CITY -o OUT/x.tsv | unknown output file extension '.tsv': use .csv, .jsonl or .ndjson",
                "db export CITY -o OUT/x.json | unknown output file extension '.json'",
                "db build CSV -o OUT/x.db | a database is written as .mmdb",
                "db build CSV -o OUT/in.csv | a database is written as .mmdb",
                "report --db CITY -q - --png OUT/map.jpg | the map is written as .png",
                "report --db CITY -q - -o OUT/r.pdf | unknown report format",
            })
    void anUnknownExtensionIsAUsageErrorAndNothingIsWritten(String command, String message, @TempDir Path dir)
            throws Exception {
        Cli.Result r = run(dir, command);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
        assertThat(files(dir)).as("files written").isZero();
    }

    @ParameterizedTest(name = "iptriage {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "enrich --db CITY -q - -o OUT/out.xlsx -f csv | out.xlsx | ip,status,asn,",
                "enrich --db CITY -q - -o OUT/out.dat -f jsonl | out.dat | {\"ip\":\"8.8.8.8\"",
                "enrich --db CITY -q - -o OUT/out | out | ip,status,asn,",
                "enrich --db CITY -q - -o OUT/LOUD.JSONL | LOUD.JSONL | {\"ip\":\"8.8.8.8\"",
                "enrich --db CITY -q - -o OUT/out.ndjson | out.ndjson | {\"ip\":\"8.8.8.8\"",
                "enrich --db CITY -q - -o OUT/out.json | out.json | [",
                "enrich --db CITY -q - -o OUT/out.txt | out.txt | ip       status",
                "extract -q - -o OUT/found.csv | found.csv | source,line,ip,",
                "extract -q - -o OUT/found.jsonl | found.jsonl | {\"source\":\"-\"",
                "extract -q - -o OUT/found.txt | found.txt | 8.8.8.8",
                "extract -q - -o OUT/found | found | 8.8.8.8",
                "extract -q - -o OUT/found.list -f text | found.list | 8.8.8.8",
                "extract -q - -o OUT/found.csv -f text | found.csv | 8.8.8.8",
                "db export CITY -o OUT/x.tsv -f csv | x.tsv | network,",
                "db export CITY -o OUT/x.ndjson | x.ndjson | {\"network\":",
                "db export CITY -o OUT/x | x | network,",
            })
    void aKnownExtensionOrAnExplicitFormatIsWrittenQuietly(String command, String file, String start, @TempDir Path dir)
            throws Exception {
        Cli.Result r = run(dir, command);
        assertThat(r.code()).as(r.err()).isZero();
        if (command.startsWith("enrich") || command.startsWith("extract")) {
            assertThat(r.err()).isEmpty();
        }
        assertThat(Files.readString(dir.resolve(file))).startsWith(start);
        assertThat(files(dir)).as("files written").isEqualTo(1);
    }
}
