package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database built by {@code db build} shows its own keys as columns of {@code enrich}, {@code fields} and {@code lookup}. */
class CustomColumnsCliTest {
    private static final String INTERNAL = """
            network,site,owner,env,vlan,critical,country
            10.0.0.0/8,corp,it,prod,,true,Intranet
            10.9.0.0/16,lab,research,dev,42,false,
            192.168.1.5,=1+2,facilities,prod,7,true,
            8.8.8.0/24,dns,netops,prod,9,false,Anycast
            2001:db8::/32,v6lab,research,dev,1,false,
            """;
    private static final String IPS = "10.9.8.7\n10.1.1.1\n192.168.1.5\n2001:db8::1\n8.8.8.8\n81.2.69.1\n";

    @TempDir
    Path dir;

    private String built;
    private String city;

    @BeforeEach
    void build() throws Exception {
        Path in = dir.resolve("internal.csv");
        Files.writeString(in, INTERNAL, StandardCharsets.UTF_8);
        Path db = dir.resolve("internal.mmdb");
        Cli.Result b = Cli.run("", "db", "build", in.toString(), "-o", db.toString(), "--type", "Internal-Ranges");
        assertThat(b.code()).as(b.err()).isZero();
        built = db.toString();
        city = Fixtures.city(dir).toString();
    }

    /** The CSV rows as column -> cell maps, keyed by the ip cell (no cell of these tests is quoted). */
    private static Map<String, Map<String, String>> rows(String csv) {
        List<String> lines = csv.lines().toList();
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).as(line).hasSize(header.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < cells.length; i++) {
                row.put(header.get(i), cells[i]);
            }
            out.put(cells[0], row);
        }
        return out;
    }

    @Test
    void ownKeysFollowTheDefaultColumnsWithTheirValues() {
        Cli.Result r = Cli.run(IPS, "enrich", "-q", "--db", built, "--db", city);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow())
                .isEqualTo("ip,status,asn,as_org,network,city,country,postal_code,latitude,longitude,"
                        + "site,owner,env,vlan,critical,Internal-Ranges.country");
        Map<String, Map<String, String>> rows = rows(r.out());
        assertThat(rows.get("10.9.8.7"))
                .containsEntry("site", "lab")
                .containsEntry("owner", "research")
                .containsEntry("env", "dev")
                .containsEntry("vlan", "42")
                .containsEntry("critical", "false");
        assertThat(rows.get("10.1.1.1"))
                .containsEntry("site", "corp")
                .containsEntry("vlan", "")
                .containsEntry("critical", "true")
                .containsEntry("Internal-Ranges.country", "Intranet");
        assertThat(rows.get("2001:db8::1")).containsEntry("site", "v6lab").containsEntry("vlan", "1");
        assertThat(rows.get("192.168.1.5")).containsEntry("site", "'=1+2"); // formula-safe
        assertThat(rows.get("81.2.69.1")).containsEntry("city", "London").containsEntry("site", "");
        // the built database comes first, so it also fills the built-in country column of 8.8.8.8
        // (its flat 'country' key, as for any custom schema); the City fixture supplies the city
        assertThat(rows.get("8.8.8.8"))
                .containsEntry("city", "Mountain View")
                .containsEntry("country", "Anycast")
                .containsEntry("site", "dns");
    }

    @Test
    void collidingKeyKeepsTheBuiltInNameAndIsReachableQualified() {
        Cli.Result r = Cli.run(
                IPS, "enrich", "-q", "--db", city, "--db", built, "--fields", "ip,country,internal-ranges.country");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ip,country,Internal-Ranges.country\n");
        assertThat(rows(r.out()).get("8.8.8.8"))
                .containsEntry("country", "United States")
                .containsEntry("Internal-Ranges.country", "Anycast");
    }

    @Test
    void fieldsSelectsOwnKeysByNameInAnyOrder() {
        Cli.Result r = Cli.run(IPS, "enrich", "-q", "--db", built, "--db", city, "--fields", "ip,SITE,country,vlan");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ip,site,country,vlan\n10.9.8.7,lab,,42\n");
        assertThat(r.out()).contains("\n81.2.69.1,,United Kingdom,\n");

        Cli.Result bad = Cli.run(IPS, "enrich", "-q", "--db", built, "--fields", "ip,sight");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("unknown field 'sight'", ", site, owner, env, vlan, critical");
    }

    @Test
    void jsonlKeepsNumbersAndBooleansTyped() {
        Cli.Result r = Cli.run(IPS, "enrich", "-q", "--db", built, "-f", "jsonl", "--fields", "ip,site,vlan,critical");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .startsWith(
                        "{\"ip\":\"10.9.8.7\",\"site\":\"lab\",\"vlan\":42,\"critical\":false}",
                        "{\"ip\":\"10.1.1.1\",\"site\":\"corp\",\"vlan\":null,\"critical\":true}");
    }

    @Test
    void uniqueLogModeAndTableCarryTheColumnsToo() {
        String log = "10.9.8.7 - - [23/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl\"\n"
                + "10.9.8.7 - - [23/Nov/2026:10:00:01 +0000] \"GET /x HTTP/1.1\" 404 5 \"-\" \"curl\"\n";
        Cli.Result r = Cli.run(
                log, "enrich", "-q", "--db", built, "--from", "auto", "--unique", "--fields", "ip,site,env,count", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ip,site,env,count\n").contains("\n10.9.8.7,lab,dev,2\n");

        Cli.Result t = Cli.run(IPS, "enrich", "-q", "--db", built, "-f", "table", "--fields", "ip,site");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out().lines().toList()).contains("ip           site", "10.9.8.7     lab");
    }

    @Test
    void joinModeAppendsThemAfterTheInputColumns() {
        Cli.Result r = Cli.run(
                "src,site\n10.9.8.7,mine\n",
                "enrich",
                "-q",
                "--db",
                built,
                "--from",
                "csv:src",
                "--keep-columns",
                "--fields",
                "ip,site,vlan");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("src,site,ip,iptriage_site,vlan\n10.9.8.7,mine,10.9.8.7,lab,42\n");
    }

    @Test
    void fieldsAndLookupListTheOwnKeys() {
        Cli.Result f = Cli.run("", "fields", "--db", built);
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.out()).containsPattern("\\* site +key site of ").contains("Internal-Ranges.country");
        assertThat(Cli.run("", "fields").out()).doesNotContain("* site").contains("iptriage fields --db FILE");

        Cli.Result l = Cli.run("", "lookup", "--db", built, "10.9.1.1");
        assertThat(l.code()).as(l.err()).isZero();
        assertThat(l.out()).containsPattern("site +lab").containsPattern("vlan +42");
    }

    @Test
    void withoutACustomDatabaseTheColumnsAreUnchanged() {
        Cli.Result r = Cli.run(IPS, "enrich", "-q", "--db", city);
        assertThat(r.out()).startsWith("ip,status,asn,as_org,network,city,country,postal_code,latitude,longitude\n");
    }

    @Test
    void fieldsSaysWhatAllLeavesOutAndWhatLocationPrecisionCanBe() {
        String fields = Cli.run("", "fields").out();
        assertThat(fields).contains("'all' = every column but count, the sighting columns, raw and source)");
        assertThat(fields).containsPattern("location_precision +[^\\n]*city, subdivision, or country");
        Cli.Result all = Cli.run(IPS, "enrich", "-q", "--db", city, "--fields", "all");
        assertThat(all.code()).as(all.err()).isZero();
        List<String> header =
                List.of(all.out().lines().findFirst().orElseThrow().split(","));
        assertThat(header).contains("location_precision").doesNotContain("count", "raw", "source", "first_seen");
    }
}
