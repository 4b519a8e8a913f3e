package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged databases through {@code enrich}, {@code lookup} and {@code db verify}, as the issue's
 * hostile tester ran them: never exit 0 with rows that the damage changed into ok.
 */
class CorruptDatabaseCliTest {
    private static final byte[] MARKER = "\u00AB\u00CD\u00EFMaxMind.com".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    /**
     * The case: a copy whose node_count is a little off answered most of its 257 addresses ok
     * with every column empty (node_count + 2: 256 rows; the data section moved, and lookups read
     * garbage as records). The metadata does not match the file: refused at open, one line, exit 3.
     */
    @Test
    void aNodeCountThatDoesNotMatchTheFileIsRefused() throws Exception {
        Path good = city(dir.resolve("GeoLite2-City.mmdb"), 257);
        String input = addresses(257);
        Cli.Result before = Cli.run(input, "enrich", "--db", good.toString(), "-");
        assertThat(before.code()).isZero();
        assertThat(before.out().lines().filter(l -> l.contains(",ok,")).count()).isEqualTo(257);

        for (int delta : new int[] {2, -1, 1, -3}) {
            Path bad = dir.resolve("bad" + delta + ".mmdb");
            byte[] db = Files.readAllBytes(good);
            long nodes = MmdbReader.open(good).metadata().nodeCount();
            Files.write(bad, withNodeCount(db, nodes + delta));
            Cli.Result r = Cli.run(input, "enrich", "--db", bad.toString(), "-");
            assertThat(r.code()).as(delta + ": " + r.err()).isEqualTo(3);
            assertThat(r.out()).as(delta + "").doesNotContain(",ok,");
            assertThat(r.err().strip())
                    .as(delta + "")
                    .hasLineCount(1)
                    .contains(bad.toString(), "no data section separator", "node_count " + (nodes + delta));
            Cli.Result v = Cli.run("", "db", "verify", bad.toString());
            assertThat(v.code()).isEqualTo(3);
            assertThat(v.out()).contains(bad + ": CORRUPT: no data section separator");
        }
    }

    /**
     * Zeroed bytes in the tree (lost sectors): the rows that meet them are errors, the others as
     * before (or the file is refused, when the damage is on every IPv4 lookup's path).
     */
    @Test
    void zeroedTreeBytesGiveErrorRowsNeverOtherAnswers() throws Exception {
        Path good = city(dir.resolve("GeoLite2-City.mmdb"), 257);
        String input = addresses(257);
        List<String> before = Cli.run(input, "enrich", "--db", good.toString(), "-f", "jsonl", "-")
                .out()
                .lines()
                .toList();
        MmdbReader r = MmdbReader.open(good);
        int treeBytes = (int) r.metadata().treeBytes();
        int errors = 0;
        for (int at = 0; at + 48 <= treeBytes; at += treeBytes / 7) {
            byte[] db = Files.readAllBytes(good);
            Arrays.fill(db, at, at + 48, (byte) 0);
            Path bad = dir.resolve("zeroed.mmdb");
            Files.write(bad, db);
            Cli.Result e = Cli.run(input, "enrich", "--db", bad.toString(), "-f", "jsonl", "-");
            assertThat(Cli.run("", "db", "verify", bad.toString()).code()).isEqualTo(3);
            if (e.code() == 3) { // the root or the path of the IPv4 addresses is gone: refused at open
                assertThat(e.out()).isEmpty();
                assertThat(e.err().strip()).hasLineCount(1).contains(bad.toString());
                continue;
            }
            List<String> rows = e.out().lines().toList();
            assertThat(rows).hasSameSizeAs(before);
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.get(i).equals(before.get(i))) {
                    assertThat(rows.get(i)).as("zeroed at " + at).contains("\"status\":\"error:");
                    errors++;
                }
            }
            assertThat(e.code()).as("zeroed at " + at).isEqualTo(rows.equals(before) ? 0 : 5);
        }
        assertThat(errors).as("rows that met the damage").isPositive();
    }

    /**
     * A search-tree record that points into the middle of a record, at a map inside it (here, a file
     * written so): an error row naming what it found, in enrich and lookup, whatever the columns;
     * db verify says the same.
     */
    @Test
    void aMapFromInsideARecordIsAnError() throws Exception {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-City")
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Fixtures.insert(w, "23.0.0.0", 24, record(0));
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("geoname_id", 2988507L);
        inner.put("names", Map.of("en", "Paris"));
        Fixtures.insert(w, "23.0.1.0", 24, inner);
        Path db = Fixtures.write(w, dir.resolve("inner.mmdb"));
        String why = "holds only keys that a GeoLite2-City record has in the maps inside it";
        for (String fields : List.of("default", "ip,status,network", "ip,status,country,asn")) {
            Cli.Result r = Cli.run("23.0.0.1\n23.0.1.1\n", "enrich", "--db", db.toString(), "--fields", fields, "-");
            assertThat(r.code()).as(fields).isEqualTo(5);
            List<String> rows = r.out().lines().toList();
            assertThat(rows.get(1)).as(fields).startsWith("23.0.0.1,ok");
            assertThat(rows.get(2)).as(fields).startsWith("23.0.1.1,\"error:").contains(why);
        }
        Cli.Result l = Cli.run("", "lookup", "--db", db.toString(), "23.0.1.1");
        assertThat(l.out())
                .contains("error: " + db + ": the record at data offset")
                .contains(why);
        Cli.Result v = Cli.run("", "db", "verify", db.toString());
        assertThat(v.code()).isEqualTo(3);
        assertThat(v.out()).contains("CORRUPT", why);
    }

    private static String addresses(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("23.").append(i / 200).append('.').append(i % 200).append(".7\n");
        }
        return b.toString();
    }

    /** A City file of {@code n} /24s in the GeoIP2 schema. */
    private static Path city(Path file, int n) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-City")
                .languages(List.of("en"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        for (int i = 0; i < n; i++) {
            Fixtures.insert(w, "23." + i / 200 + "." + i % 200 + ".0", 24, record(i));
        }
        return Fixtures.write(w, file);
    }

    private static Map<String, Object> record(int i) {
        Map<String, Object> country = new LinkedHashMap<>();
        country.put("iso_code", i % 2 == 0 ? "FR" : "DE");
        country.put("names", Map.of("en", i % 2 == 0 ? "France" : "Germany"));
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("latitude", 40.0 + i % 10);
        location.put("longitude", 2.0 + i % 7);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("city", Map.of("names", Map.of("en", "City " + i)));
        m.put("country", country);
        m.put("location", location);
        return m;
    }

    /** The file with its metadata's node_count value replaced (same encoded size). */
    private static byte[] withNodeCount(byte[] db, long nodes) {
        int meta = lastIndexOf(db, MARKER) + MARKER.length;
        int value = indexOf(db, "\u004Anode_count".getBytes(StandardCharsets.US_ASCII), meta) + 11;
        int size = db[value] & 0x1F;
        byte[] out = db.clone();
        for (int i = 0; i < size; i++) {
            out[value + size - i] = (byte) (nodes >>> (8 * i));
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        for (int i = hay.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("no metadata marker");
    }
}
