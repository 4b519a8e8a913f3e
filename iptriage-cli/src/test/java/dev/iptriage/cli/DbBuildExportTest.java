package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db build}, {@code db export} and the freshness warning through the command line. */
class DbBuildExportTest {
    private static final String INTERNAL = """
            network,site,owner,env,vlan
            10.0.0.0/8,corp,it,prod,
            10.9.0.0/16,lab,research,dev,42
            192.168.1.5,printer,facilities,prod,7
            2001:db8::/32,v6lab,research,dev,1
            """;

    @TempDir
    Path dir;

    private Path csv(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void internalRangesBuildAndShowUpInEnrichAndExport() throws Exception {
        Path in = csv("internal.csv", INTERNAL);
        Path db = dir.resolve("internal.mmdb");
        Cli.Result b = Cli.run("", "db", "build", in.toString(), "-o", db.toString(), "--type", "Internal-Ranges");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.err()).contains("4 rows (0 bad)", "vlan=uint32", "IPv6");

        Cli.Result e =
                Cli.run("10.9.8.7\n10.1.1.1\n", "enrich", "--db", db.toString(), "--fields", "ip,network", "--raw");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("10.9.8.7,10.9.0.0/16,", "\"\"site\"\":\"\"lab\"\"", "\"\"vlan\"\":42");
        assertThat(e.out()).contains("10.1.1.1,10.0.0.0/13,", "\"\"site\"\":\"\"corp\"\"");

        Path jsonl = dir.resolve("out.jsonl");
        Cli.Result x = Cli.run("", "db", "export", db.toString(), "-o", jsonl.toString());
        assertThat(x.code()).as(x.err()).isZero();
        assertThat(Files.readAllLines(jsonl))
                .contains(
                        "{\"network\":\"10.9.0.0/16\",\"site\":\"lab\",\"owner\":\"research\",\"env\":\"dev\",\"vlan\":42}",
                        "{\"network\":\"2001:db8::/32\",\"site\":\"v6lab\",\"owner\":\"research\",\"env\":\"dev\",\"vlan\":1}");
        Cli.Result c = Cli.run("", "db", "export", db.toString());
        assertThat(c.out()).startsWith("network,site,owner,env,vlan\n10.0.0.0/13,corp,it,prod,\n");
        assertThat(c.out()).contains("\n192.168.1.5/32,printer,facilities,prod,7\n");
    }

    @Test
    void badRowsAreListedByLineAndNothingIsWrittenPastMaxErrors() throws Exception {
        Path in = csv("bad.csv", INTERNAL + "10.0.0.1/8,x,,,\n300.1.1.1,y,,,\nnot-an-ip,z,,,\n");
        Path db = dir.resolve("bad.mmdb");
        Cli.Result r = Cli.run("", "db", "build", in.toString(), "-o", db.toString());
        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err())
                .contains(in + ":6: network '10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?)")
                .contains(in + ":7: network '300.1.1.1'")
                .contains(in + ":8: network 'not-an-ip'")
                .contains("3 bad rows", "was not written");
        assertThat(db).doesNotExist();
        Cli.Result ok = Cli.run("", "db", "build", in.toString(), "-o", db.toString(), "--max-errors", "3");
        assertThat(ok.code()).isZero();
        assertThat(ok.err()).contains("7 rows (3 bad)");
    }

    @Test
    void declaredTypesAreCheckedPerCell() throws Exception {
        Path in = csv("t.csv", "start,end,asn,score\n1.0.0.0,1.0.0.255,13335,0.5\n2.0.0.0,2.0.0.9,-1,1\n");
        Cli.Result r = Cli.run(
                "",
                "db",
                "build",
                in.toString(),
                "-o",
                dir.resolve("t.mmdb").toString(),
                "--types",
                "asn=uint32,score=float");
        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err()).contains(in + ":3: column asn: '-1': expected an integer from 0 to 4294967295");
        Cli.Result u = Cli.run("", "db", "build", in.toString(), "-o", "x.mmdb", "--types", "asn=int");
        assertThat(u.code()).isEqualTo(2);
        assertThat(u.err()).contains("unknown type 'int'");
        for (String twice : new String[] {"asn=uint16,asn=string", "asn=uint32, asn =uint32"}) {
            Cli.Result d = Cli.run(
                    "",
                    "db",
                    "build",
                    in.toString(),
                    "-o",
                    dir.resolve("x.mmdb").toString(),
                    "--types",
                    twice);
            assertThat(d.code()).as(twice).isEqualTo(2);
            assertThat(d.err()).as(twice).contains("--types: column 'asn' is declared twice");
        }
        Cli.Result n = Cli.run(
                "", "db", "build", in.toString(), "-o", dir.resolve("x.mmdb").toString(), "--types", "asn");
        assertThat(n.code()).isEqualTo(2);
        assertThat(n.err()).contains("expected COLUMN=TYPE");
    }

    /** A GeoIP2-City record (subdivisions an array) comes back from export and build as one enrich reads. */
    @Test
    void exportedCityDataBuildsBackToADatabaseEnrichAndVerifyAccept() throws Exception {
        dev.iptriage.mmdb.MmdbWriter w = dev.iptriage.mmdb.MmdbWriter.builder()
                .databaseType("GeoIP2-City")
                .ipVersion(6)
                .build();
        w.insert(
                new byte[] {81, 2, 69, 0},
                24,
                java.util.Map.of(
                        "country",
                        java.util.Map.of("iso_code", "GB"),
                        "location",
                        java.util.Map.of("accuracy_radius", new dev.iptriage.mmdb.MmdbWriter.Uint16(10)),
                        "subdivisions",
                        java.util.List.of(
                                java.util.Map.of("iso_code", "ENG", "names", java.util.Map.of("en", "England")))));
        Path src = dir.resolve("city.mmdb");
        w.write(src);
        Path csv = dir.resolve("city.csv");
        Cli.Result x = Cli.run("", "db", "export", src.toString(), "-o", csv.toString());
        assertThat(x.code()).as(x.err()).isZero();
        assertThat(Files.readString(csv)).contains("subdivisions[0].iso_code", "location.accuracy_radius:uint16");
        Path back = dir.resolve("city2.mmdb");
        Cli.Result b = Cli.run("", "db", "build", csv.toString(), "-o", back.toString(), "--type", "GeoIP2-City");
        assertThat(b.code()).as(b.err()).isZero();
        // the summary names the keys filled, without the export's type marks
        assertThat(b.err()).contains("location.accuracy_radius=uint16").doesNotContain(":uint16=");
        Cli.Result e = Cli.run("81.2.69.142\n", "enrich", "--db", back.toString(), "--fields", "ip,subdivision");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("81.2.69.142,England");
        Cli.Result v = Cli.run("", "db", "verify", back.toString());
        assertThat(v.code()).as(v.out()).isZero();
        Cli.Result again = Cli.run("", "db", "export", back.toString());
        assertThat(again.out()).isEqualTo(Files.readString(csv));

        // the old export's names make subdivisions a map: a GeoIP2-City file db verify rejects is never written
        Path old = csv("old.csv", "network,subdivisions.0.iso_code\n81.2.69.0/24,ENG\n");
        Path bad = dir.resolve("bad.mmdb");
        Cli.Result r = Cli.run("", "db", "build", old.toString(), "-o", bad.toString(), "--type", "GeoIP2-City");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(bad + " was not written: as built it would fail db verify");
        assertThat(bad).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void anUnclosedQuoteIsAnInputErrorAndMiscountedRowsAreBadRows() throws Exception {
        Path q = csv("q.csv", "network,org,asn\n1.0.0.0/24,\"Acme Corp,100\n2.0.0.0/24,Beta,200\n");
        Cli.Result r = Cli.run(
                "", "db", "build", q.toString(), "-o", dir.resolve("q.mmdb").toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(q + ":2: a quoted cell starting on this line is never closed");
        assertThat(dir.resolve("q.mmdb")).doesNotExist();
        Path c = csv("c.csv", "network,org,asn\n1.0.0.0/24,Acme, Inc,100\n2.0.0.0/24,Beta,200\n");
        Cli.Result b = Cli.run(
                "", "db", "build", c.toString(), "-o", dir.resolve("c.mmdb").toString());
        assertThat(b.code()).isEqualTo(5);
        assertThat(b.err()).contains(c + ":2: 4 fields, expected 3");
    }

    @Test
    void unusableHeaderIsAnInputError() throws Exception {
        for (String header : new String[] {"ip,site", "network,site,site", "start,site", "network,a,a.b"}) {
            Path in = csv("h.csv", header + "\n");
            Cli.Result r = Cli.run(
                    "",
                    "db",
                    "build",
                    in.toString(),
                    "-o",
                    dir.resolve("h.mmdb").toString());
            assertThat(r.code()).as(header).isEqualTo(3);
            assertThat(r.err().strip()).as(header).hasLineCount(1).startsWith("iptriage: " + in + ":1: ");
        }
    }

    @Test
    void exportOfACorruptFileIsAnInputError() throws Exception {
        Path good = Fixtures.city(dir);
        Path cut = dir.resolve("cut.mmdb");
        byte[] b = Files.readAllBytes(good);
        Files.write(cut, Arrays.copyOf(b, b.length - 40));
        Cli.Result r = Cli.run("", "db", "export", cut.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("corrupt database").doesNotContain("Exception");
    }

    @Test
    void oldDatabasesAreWarnedAboutOnEveryRunEvenQuiet() throws Exception {
        Path db = Fixtures.city(dir);
        Cli.Result old = Cli.run("8.8.8.8\n", "enrich", "--db", db.toString(), "--quiet", "--max-age", "10");
        assertThat(old.code()).isZero();
        assertThat(old.err()).contains("iptriage: warning: GeoLite2-City (" + db + ") is", "older than --max-age 10");
        Cli.Result loud = Cli.run("8.8.8.8\n", "enrich", "--db", db.toString(), "--max-age", "10");
        assertThat(loud.err().lines().filter(l -> l.contains("older than")))
                .as("one warning per database, not a second one on its 'database' line")
                .hasSize(1);
        Cli.Result off = Cli.run("8.8.8.8\n", "enrich", "--db", db.toString(), "--max-age", "0");
        assertThat(off.err()).doesNotContain("warning");
        Cli.Result info = Cli.run("", "db", "info", db.toString());
        assertThat(info.out()).contains("  built        2026-11-01, 20 days old");
    }
}
