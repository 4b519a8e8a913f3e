package dev.iptriage.databases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which file of a folder, and which folder, answers when several hold a database of one kind. */
class DatabaseLocatorTest {
    @TempDir
    Path dir;

    /** An ASN database whose only network, 8.8.8.0/24, is in AS {@code asn}, built at {@code epoch}. */
    private static Path asnFile(Path file, String type, long asn, long epoch) throws IOException {
        Files.createDirectories(file.getParent());
        MmdbWriter w = MmdbWriter.builder().databaseType(type).buildEpoch(epoch).build();
        Fixtures.insert(
                w,
                "8.8.8.0",
                24,
                Map.of("autonomous_system_number", new MmdbWriter.Uint32(asn), "autonomous_system_organization", "X"));
        return Fixtures.write(w, file);
    }

    /** The AS number the chosen ASN database gives 8.8.8.8. */
    private static long answer(DatabaseLocator.Selection sel) throws Exception {
        Database db = sel.databases().stream()
                .filter(d -> d.kind() == DatabaseKind.ASN)
                .findFirst()
                .orElseThrow();
        long r = db.reader().find(0, 0xFFFF_0808_0808L, true);
        assertThat(MmdbReader.found(r)).isTrue();
        Object rec = db.record(MmdbReader.offset(r));
        return ((Number) ((Map<?, ?>) rec).get("autonomous_system_number")).longValue();
    }

    private static DatabaseLocator.Selection locate(Path... dirs) throws IOException {
        return DatabaseLocator.locate(List.of(), List.of(dirs), Map.of(), false);
    }

    @Test
    void theFileNamedAfterItsTypeWinsOverABackupWhoseNameSortsFirst() throws Exception {
        Path d = dir.resolve("d3");
        asnFile(d.resolve("GeoLite2-ASN.mmdb"), "GeoLite2-ASN", 15169, 1_000_000);
        // a newer build under another name: '-' sorts before '.', so by name alone it came first
        asnFile(d.resolve("GeoLite2-ASN-2024-01.mmdb"), "GeoLite2-ASN", 7, 2_000_000);
        DatabaseLocator.Selection sel = locate(d);
        assertThat(answer(sel)).isEqualTo(15169);
        assertThat(sel.notes())
                .containsExactly("skipped " + d.resolve("GeoLite2-ASN-2024-01.mmdb")
                        + ": another ASN database is used (" + d.resolve("GeoLite2-ASN.mmdb")
                        + ", the file named after its type)");
    }

    @Test
    void withoutTheCanonicalNameTheNewestBuildWinsWhateverTheNames() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            Path d = dir.resolve("r" + round);
            int n = 2 + random.nextInt(4);
            List<Long> epochs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                epochs.add(1_000_000L + 1000L * i);
            }
            Collections.shuffle(epochs, random);
            for (int i = 0; i < n; i++) {
                // the AS number tells which file answered: its build epoch
                asnFile(
                        d.resolve("asn-" + random.nextInt(1000) + "-" + i + ".mmdb"),
                        "GeoLite2-ASN",
                        epochs.get(i),
                        epochs.get(i));
            }
            assertThat(answer(locate(d))).isEqualTo(Collections.max(epochs));
        }
    }

    @Test
    void foldersAreReadInTheOrderGivenTheFirstHavingAKindWins() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        asnFile(a.resolve("GeoLite2-ASN.mmdb"), "GeoLite2-ASN", 1, 1_000_000);
        asnFile(b.resolve("GeoIP2-ISP.mmdb"), "GeoIP2-ISP", 3, 1_000_000);
        // a GeoIP2 ASN file in the second folder does not beat the first folder's GeoLite2 one
        asnFile(b.resolve("GeoIP2-ASN.mmdb"), "GeoIP2-ASN", 2, 3_000_000);
        assertThat(answer(locate(a, b))).isEqualTo(1);
        assertThat(answer(locate(b, a))).isEqualTo(2);
        DatabaseLocator.Selection sel = locate(a, b);
        assertThat(sel.databases()).extracting(Database::type).containsExactly("GeoIP2-ISP", "GeoLite2-ASN");
        assertThat(sel.notes())
                .containsExactly("skipped " + b.resolve("GeoIP2-ASN.mmdb") + ": another ASN database is used ("
                        + a.resolve("GeoLite2-ASN.mmdb") + ", from an earlier folder)");
    }
}
