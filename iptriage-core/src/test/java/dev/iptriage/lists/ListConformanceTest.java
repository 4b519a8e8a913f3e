package dev.iptriage.lists;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.iptriage.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample of {@code ../shared/corpus/blocklists} read as its {@code expected-entries.jsonl} line says: the
 * format, the count, the distinct count and every entry in file order. The corpus's format ids map to ours:
 * {@code plain-ip-list} and {@code plain-cidr-list} are {@code plain}; its {@code spamhaus-drop} (DROP-style text with
 * {@code ;} comments) is our {@code spamhaus-drop}, detected by a {@code ;} header naming DROP or {@code ; SBLnnn}
 * trailing comments.
 */
class ListConformanceTest {

    record Expected(String file, String format, int count, int unique, List<String> entries) {}

    static final Map<String, ListFormat> FORMATS = Map.of(
            "plain-ip-list", ListFormat.PLAIN,
            "plain-cidr-list", ListFormat.PLAIN,
            "spamhaus-drop", ListFormat.SPAMHAUS_DROP,
            "spamhaus-drop-jsonl", ListFormat.SPAMHAUS_DROP_JSONL,
            "feodo-csv", ListFormat.FEODO_CSV,
            "tor-exit-addresses", ListFormat.TOR_EXIT_ADDRESSES,
            "firehol-netset", ListFormat.FIREHOL_NETSET,
            "firehol-ipset", ListFormat.FIREHOL_IPSET);

    static Path dir() {
        return SharedData.require("corpus/blocklists");
    }

    static Stream<Expected> expected() throws IOException {
        Path dir = dir();
        List<Expected> out = new ArrayList<>();
        JsonFactory json = new JsonFactory();
        for (String line : Files.readAllLines(dir.resolve("expected-entries.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            String file = null;
            String format = null;
            int count = -1;
            int unique = -1;
            List<String> entries = new ArrayList<>();
            try (JsonParser p = json.createParser(line)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (key) {
                        case "file" -> file = p.getText();
                        case "format" -> format = p.getText();
                        case "count" -> count = p.getIntValue();
                        case "unique" -> unique = p.getIntValue();
                        case "entries" -> {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                entries.add(p.getText());
                            }
                        }
                        default -> {
                            if (t.isStructStart()) {
                                p.skipChildren();
                            }
                        }
                    }
                }
            }
            out.add(new Expected(file, format, count, unique, entries));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void readsEverySampleAsExpected(Expected e) throws IOException {
        IpList list = ListReader.read(dir().resolve(e.file()));
        assertThat(FORMATS).containsKey(e.format());
        assertThat(list.format()).isEqualTo(FORMATS.get(e.format()));
        assertThat(list.problems()).isEmpty();
        assertThat(list.problemCount()).isZero();
        assertThat(list.entries()).hasSize(e.count());
        assertThat(e.entries()).hasSize(e.count());
        Set<String> distinct = new HashSet<>();
        for (ListEntry en : list.entries()) {
            distinct.add(en.first() + "-" + en.last());
        }
        assertThat(distinct).hasSize(e.unique());
        assertThat(list.entries().stream().map(ListEntry::text).toList()).isEqualTo(e.entries());
    }

    @Test
    void everySampleFileIsInTheExpectations() throws IOException {
        Path dir = dir();
        Set<String> listed = new HashSet<>(expected().map(Expected::file).toList());
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> files = s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.equals("expected-entries.jsonl"))
                    .toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(files);
        }
    }

    @Test
    void torExitAddressesKeepEveryAddressOfANodeWithItsNodeAndDates() throws IOException {
        IpList list = ListReader.read(dir().resolve("tor/exit-addresses"));
        List<String> lines = Files.readAllLines(dir().resolve("tor/exit-addresses"));
        // an independent reading: the node and Published line above each ExitAddress line
        String node = null;
        String published = null;
        int i = 0;
        int multi = 0;
        Map<String, Integer> perNode = new java.util.HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String[] f = lines.get(n).split(" ", 2);
            switch (f[0]) {
                case "ExitNode" -> node = f[1];
                case "Published" -> published = f[1];
                case "ExitAddress" -> {
                    String[] a = f[1].split(" ", 2);
                    ListEntry e = list.entries().get(i++);
                    assertThat(e.line()).isEqualTo(n + 1);
                    assertThat(e.text()).isEqualTo(a[0]);
                    assertThat(e.facts())
                            .containsEntry("node", node)
                            .containsEntry("published", published)
                            .containsEntry("seen", a[1]);
                    if (perNode.merge(node, 1, Integer::sum) == 2) {
                        multi++;
                    }
                }
                default -> {}
            }
        }
        assertThat(i).isEqualTo(list.entries().size());
        assertThat(multi).as("nodes with several ExitAddress lines").isPositive();
    }

    @Test
    void headersGiveSourceDateLicenceMaintainer() throws IOException {
        IpList firehol = ListReader.read(dir().resolve("firehol/firehol_level1.netset"));
        assertThat(firehol.name()).isEqualTo("firehol_level1");
        assertThat(firehol.title()).isEqualTo("firehol_level1");
        assertThat(firehol.maintainer()).isEqualTo("FireHOL");
        assertThat(firehol.date()).isEqualTo("Mon Jun 28 05:00:36 UTC 2021");
        assertThat(firehol.facts())
                .containsEntry("category", "attacks")
                .containsEntry("version", "25992")
                .containsEntry("source_file_date", "Mon Jun 28 04:50:03 UTC 2021");
        assertThat(firehol.entries().get(0).text()).isEqualTo("0.0.0.0/8"); // bogons are kept

        IpList feodo = ListReader.read(dir().resolve("feodo/ipblocklist-2024-04-04.csv"));
        assertThat(feodo.date()).isEqualTo("2024-04-04 07:03:03 UTC");
        assertThat(feodo.licence()).isEqualTo("https://feodotracker.abuse.ch/blocklist/");
        assertThat(feodo.maintainer()).isEqualTo("abuse.ch");
        assertThat(feodo.entries().get(0).facts())
                .containsEntry("malware", "Pikabot")
                .containsEntry("port", "1194")
                .containsEntry("status", "online");

        IpList drop = ListReader.read(dir().resolve("spamhaus/drop-2023-02-20.excerpt.txt"));
        assertThat(drop.source()).isEqualTo("https://www.spamhaus.org/drop/drop.txt");
        assertThat(drop.date()).isEqualTo("Sun, 19 Feb 2023 22:03:03 GMT");
        assertThat(drop.licence()).isEqualTo("(c) 2023 The Spamhaus Project");
        assertThat(drop.entries().get(0).facts()).isEqualTo(Map.of("sblid", "SBL256894"));

        IpList json = ListReader.read(dir().resolve("spamhaus/drop_v4-2025-04-15.excerpt.json"));
        assertThat(json.date()).isEqualTo("2025-04-15T02:07:54Z");
        assertThat(json.licence()).isEqualTo("(c) 2025 The Spamhaus Project SLU, https://www.spamhaus.org/drop/terms/");
        assertThat(json.entries().get(0).facts()).isEqualTo(Map.of("sblid", "SBL256894", "rir", "apnic"));
    }
}
