package dev.iptriage.lists;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.lists.ListIndex.Hit;
import dev.iptriage.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ListIndex} over every sample list of {@code ../shared/corpus/blocklists} at once: the addresses an analyst
 * would check (a bogon in FireHOL level1, a Tor exit, a DROP network with its SBL id), and the brute-force scan on
 * probes at the edges of real entries.
 */
class ListIndexCorpusTest {

    static List<IpList> lists;
    static ListIndex index;

    @BeforeAll
    static void readTheCorpus() throws IOException {
        Path dir = SharedData.require("corpus/blocklists");
        lists = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("expected-entries.jsonl"))
                    .sorted()
                    .toList()) {
                lists.add(ListReader.read(p));
            }
        }
        index = ListIndex.of(lists);
    }

    static IpAddress ip(String s) {
        return IpLiteral.parseStrict(s).orElseThrow();
    }

    static List<String> names(List<Hit> hits) {
        return hits.stream().map(Hit::list).toList();
    }

    @Test
    void aPrivateAddressIsInFireholLevel1AndIsABogon() {
        List<Hit> hits = index.match(ip("10.1.2.3"));
        assertThat(names(hits)).containsExactly("firehol_level1");
        assertThat(hits.get(0).entry().text()).isEqualTo("10.0.0.0/8");
        assertThat(ListIndex.isBogon(ip("10.1.2.3"))).isTrue();
        assertThat(index.match(ip("::ffff:10.1.2.3"))).isEqualTo(hits);
    }

    @Test
    void aTorExitIsInBothTorLists() {
        List<Hit> hits = index.match(ip("185.241.208.232"));
        assertThat(names(hits)).contains("exit-addresses", "torbulkexitlist");
        Hit exit = hits.get(names(hits).indexOf("exit-addresses"));
        assertThat(exit.entry().text()).isEqualTo("185.241.208.232");
        assertThat(exit.facts()).containsKey("node");
        assertThat(ListIndex.isBogon(ip("185.241.208.232"))).isFalse();
    }

    @Test
    void aDropNetworkGivesItsSblIdInEveryDropList() {
        List<Hit> hits = index.match(ip("1.10.16.77"));
        List<Hit> withSbl =
                hits.stream().filter(h -> h.facts().containsKey("sblid")).toList();
        assertThat(withSbl).hasSizeGreaterThanOrEqualTo(2);
        for (Hit h : withSbl) {
            assertThat(h.entry().text()).isEqualTo("1.10.16.0/20");
            assertThat(h.facts()).containsEntry("sblid", "SBL256894");
        }
        assertThat(names(hits)).contains("firehol_level1");
    }

    @Test
    void matchesTheBruteForceScanAtTheEdgesOfRealEntries() {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(15);
        List<ListEntry> all = new ArrayList<>();
        lists.forEach(l -> all.addAll(l.entries()));
        List<IpList> one = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            one.clear();
            ListEntry e = all.get(r.nextInt(all.size()));
            for (IpAddress p : ListIndexTest.probes(
                            List.of(new IpList(
                                    "p",
                                    ListFormat.PLAIN,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    java.util.Map.of(),
                                    List.of(e),
                                    List.of(),
                                    0)),
                            r)
                    .subList(0, 4)) {
                assertThat(index.match(p)).as("%s", p).isEqualTo(ListIndexTest.bruteForce(lists, p));
            }
        }
    }
}
