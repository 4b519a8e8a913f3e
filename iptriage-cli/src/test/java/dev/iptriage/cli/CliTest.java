package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a new user meets it. */
class CliTest {
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
    void helpListsCommandsAndExitCodes() {
        Cli.Result r = Cli.run("", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("enrich", "lookup", "db", "Exit codes:", "3  input or database problem");
        Cli.Result e = Cli.run("", "enrich", "--help");
        assertThat(e.out()).contains("--fields", "--unique", "--db", "Exit codes:");
    }

    @Test
    void aMistypedCommandIsAUsageErrorNamingTheRightOne() {
        // the command named first is the only one built; anything else still sees them all
        Cli.Result r = Cli.run("", "enrch", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Did you mean: iptriage enrich?");
        Cli.Result db = Cli.run("", "db", "--help");
        assertThat(db.code()).isZero();
        assertThat(db.out()).contains("Usage: iptriage db", "list", "update");
        assertThat(Cli.run("", "-V").code()).isZero();
    }

    @Test
    void typoInAFlagIsAUsageErrorWithASuggestion() {
        Cli.Result r = Cli.run("", "enrich", "--fomat", "csv");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("Unknown option: '--fomat'")
                .contains("--format")
                .contains("--help");
        assertThat(r.err().lines().count()).isLessThan(8);
    }

    @Test
    void unknownFieldAndFormatAreUsageErrors() {
        assertThat(Cli.run("", "enrich", "--db", asn, "--fields", "ip,cuntry", "x")
                        .err())
                .contains("unknown field 'cuntry'");
        Cli.Result f = Cli.run("1.1.1.1\n", "enrich", "--db", asn, "-f", "xml");
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err()).contains("unknown format 'xml'");
    }

    @Test
    void missingInputFileIsExit3() {
        Cli.Result r =
                Cli.run("", "enrich", "--db", asn, dir.resolve("nope.txt").toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("nope.txt: no such file");
    }

    @Test
    void missingOrCorruptDatabaseIsExit3InOneLine() throws Exception {
        Cli.Result missing =
                Cli.run("8.8.8.8\n", "enrich", "--db", dir.resolve("none.mmdb").toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err().strip())
                .contains("none.mmdb")
                .doesNotContain("Exception")
                .hasLineCount(1);
        Path junk = dir.resolve("junk.mmdb");
        Files.writeString(junk, "this is not a database");
        Cli.Result corrupt = Cli.run("8.8.8.8\n", "enrich", "--db", junk.toString());
        assertThat(corrupt.code()).isEqualTo(3);
        assertThat(corrupt.err().strip())
                .contains("junk.mmdb", "not a MaxMind DB file")
                .hasLineCount(1);
    }

    @Test
    void pipedStdinWithDatabasesGivesCsvAndASummary() {
        Cli.Result r = Cli.run("8.8.8.8\n81.2.69.160\nnope\n", "enrich", "--db", city, "--db", asn);
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList()).hasSize(4).first().asString().startsWith("ip,status,asn");
        assertThat(r.out()).contains("81.2.69.160,ok,20712,Andrews & Arnold Ltd,81.2.64.0/18,London");
        assertThat(r.err()).contains("database GeoLite2-City", "3 lines -> 3 rows", "ok 2", "invalid 1");
    }

    @Test
    void emptyInputGivesAHeaderAndExit0() {
        Cli.Result r = Cli.run("", "enrich", "--db", asn, "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ip,status,asn,as_org,network,city,country,postal_code,latitude,longitude\n");
        assertThat(r.err()).contains("0 lines -> 0 rows");
    }

    @Test
    void noInputOnATerminalExplainsWhatToDo() {
        Cli.Result r = Cli.run("", Map.of("IPTRIAGE_TTY_IN", "1"), "enrich", "--db", asn);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no input");
    }

    @Test
    void outputFileIsWrittenAtomicallyInTheFormatOfItsExtension() throws Exception {
        Path in = dir.resolve("ips.txt");
        Files.writeString(in, "8.8.8.8\n1.2.3.4\n");
        Path out = dir.resolve("out.jsonl");
        Cli.Result r = Cli.run("", "enrich", "--db", asn, "-q", "-o", out.toString(), in.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Files.readAllLines(out)).hasSize(2).first().asString().startsWith("{\"ip\":\"8.8.8.8\"");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void unwritableOutputIsExit4() {
        Cli.Result r = Cli.run(
                "8.8.8.8\n",
                "enrich",
                "--db",
                asn,
                "-o",
                dir.resolve("no/such/dir/x.csv").toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("does not exist");
    }

    @Test
    void uniqueAddsCounts() {
        Cli.Result r = Cli.run("8.8.8.8\n8.8.8.8\n1.1.1.1\n", "enrich", "--db", asn, "--unique", "--fields", "ip,asn");
        assertThat(r.out().lines().toList()).containsExactly("ip,asn,count", "8.8.8.8,15169,2", "1.1.1.1,13335,1");
    }

    @Test
    void tableFormatAlignsColumnsAndDefusesTerminalEscapes() {
        Cli.Result r = Cli.run(
                "203.0.113.1\n\u001b[31mred\n", "enrich", "--db", asn, "-f", "table", "--fields", "ip,status,as_org");
        assertThat(r.out()).doesNotContain("\u001b");
        assertThat(r.out().lines().toList().get(0)).matches("ip +status +as_org");
    }

    @Test
    void lookupShowsEveryFieldOfEveryDatabase() {
        Cli.Result r = Cli.run("", "lookup", "--db", city, "--db", asn, "81.2.69.160", "10.1.1.1", "bogus");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out())
                .contains(
                        "81.2.69.160",
                        "GeoLite2-City",
                        "city.names.en",
                        "London",
                        "location.latitude",
                        "autonomous_system_number",
                        "20712",
                        "10.1.1.1  (Private-Use, private)");
        assertThat(r.err()).contains("bogus: ");
    }

    @Test
    void dbListAndInfoDescribeTheDatabases() {
        Cli.Result list = Cli.run("", "db", "list", "--db", city, "--db", asn);
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("GeoLite2-City", "GeoLite2-ASN", "built 2026-11-01");
        Cli.Result info = Cli.run("", "db", "info", city);
        assertThat(info.out()).contains("GeoLite2-City", "IPv6 tree", "languages", "en, de");
    }

    @Test
    void withNoDatabaseGivenTheEmbeddedOneIsUsed() {
        Cli.Result r = Cli.run(
                "8.8.8.8\n1.1.1.1\n10.0.0.1\n",
                "enrich",
                "--fields",
                "ip,status,asn,as_org,country_iso,continent_code,location_precision");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "ip,status,asn,as_org,country_iso,continent_code,location_precision",
                        "8.8.8.8,ok,15169,Google LLC,US,NA,country",
                        "1.1.1.1,ok,13335,\"Cloudflare, Inc.\",AU,OC,country",
                        "10.0.0.1,private,,,,,");
        assertThat(r.err()).contains("note: using the embedded data of").doesNotContain("warning");
        Cli.Result info = Cli.run("", "db", "info", "builtin");
        assertThat(info.out()).contains("CC BY 4.0", "country-level coordinates", "data.date");
    }

    @Test
    void databaseFolderFromTheEnvironment() {
        Cli.Result r =
                Cli.run("8.8.8.8\n", Map.of("IPTRIAGE_DB_DIR", dir.toString()), "enrich", "--fields", "ip,asn,city");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("8.8.8.8,15169,Mountain View");
    }

    @Test
    void outputFilesGetTheUsualPermissionsAndAReplacedFileKeepsItsOwn() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = dir.resolve("plain-new-file");
        Files.newOutputStream(plain).close(); // what any new file gets here (the umask applies)
        Path out = dir.resolve("perm.csv");
        assertThat(Cli.run("8.8.8.8\n", "enrich", "--db", asn, "-q", "-o", out.toString())
                        .code())
                .isZero();
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(plain));
        var owner = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(out, owner);
        assertThat(Cli.run("8.8.4.4\n", "enrich", "--db", asn, "-q", "-o", out.toString())
                        .code())
                .isZero();
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(owner);
        assertThat(Files.readString(out)).contains("8.8.4.4");
    }
}
