package dev.iptriage.databases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.engine.Enricher;
import dev.iptriage.engine.Enrichment;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.testing.Fixtures;
import dev.iptriage.text.CellText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomColumnsTest {
    @TempDir
    Path dir;

    private Database custom(String type, String file, Map<String, Map<String, Object>> networks) throws Exception {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType(type)
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        networks.forEach((net, rec) -> {
            String[] p = net.split("/");
            Fixtures.insert(w, p[0], Integer.parseInt(p[1]), rec);
        });
        return Database.open(Fixtures.write(w, dir.resolve(file)));
    }

    private static Map<String, Object> rec(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> names(List<Column> cs) {
        return cs.stream().map(Column::name).toList();
    }

    @Test
    void nestedMapsAreFlattenedAndHostileOrCollidingNamesAreQualifiedOrSkipped() throws Exception {
        Map<String, Map<String, Object>> nets = new LinkedHashMap<>();
        nets.put(
                "10.0.0.0/8",
                rec(
                        "site", "hq",
                        "tags", rec("team", "netops", "tier", 2),
                        "ports", List.of(22, 443),
                        "country", "Intranet",
                        "bad,name", "x",
                        "esc\u001b[2J", "y"));
        nets.put("10.9.0.0/16", rec("site", "lab", "rack", "r7", "tags", rec("team", "research")));
        Database a = custom("Internal-Ranges", "a.mmdb", nets);
        Database b = custom("Other", "b.mmdb", Map.of("10.0.0.0/8", rec("site", "other-site")));

        List<Column> cols = CustomColumns.discover(List.of(a, b, Database.open(Fixtures.city(dir))));

        assertThat(names(cols))
                .containsExactly(
                        "site", "rack", "tags.team", "tags.tier", "ports", "Internal-Ranges.country", "Other.site");
        assertThat(cols.get(2).path()).containsExactly("tags", "team");
        assertThat(cols.get(6).source()).isEqualTo(b.origin());

        Enricher e = Enricher.builder()
                .databases(List.of(a, b))
                .columns(Column.parseList("ip,site,tags.team,ports,country,internal-ranges.country,Other.site", cols))
                .build();
        Enrichment r = e.lookup(IpLiteral.parse("10.1.2.3").address());
        assertThat(r.values())
                .containsExactly(null, "hq", "netops", r.values()[3], "Intranet", "Intranet", "other-site");
        assertThat(CellText.text(r.values()[3])).isEqualTo("[22,443]"); // arrays are values, shown as compact JSON
        Enrichment lab = e.lookup(IpLiteral.parse("10.9.2.3").address());
        assertThat(lab.values()[1]).isEqualTo("lab");
        assertThat(lab.values()[3]).isNull();
    }

    @Test
    void defaultAndAllAddEveryCustomColumnAfterTheBuiltInOnes() throws Exception {
        Database a = custom("Internal-Ranges", "a.mmdb", Map.of("10.0.0.0/8", rec("site", "hq", "env", "prod")));
        List<Column> cols = CustomColumns.discover(List.of(a));
        List<Column> def = Column.parseList("default", cols);
        List<Column> expected = new ArrayList<>(Column.of(Field.defaults()));
        expected.addAll(cols);
        assertThat(def).isEqualTo(expected);
        assertThat(names(Column.parseList("all", cols))).endsWith("site", "env");
        assertThat(Column.parseList("default", List.of())).isEqualTo(Column.of(Field.defaults()));
    }

    @Test
    void keysAreSampledFromTheFirstNetworksOnly() throws Exception {
        Map<String, Map<String, Object>> nets = new LinkedHashMap<>();
        for (int i = 0; i < CustomColumns.SAMPLE_NETWORKS + 1; i++) {
            String ip = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
            nets.put(ip + "/32", i < CustomColumns.SAMPLE_NETWORKS ? rec("n", i) : rec("n", i, "late", "yes"));
        }
        Database a = custom("Many", "many.mmdb", nets);
        assertThat(names(CustomColumns.discover(List.of(a)))).containsExactly("n");
    }
}
