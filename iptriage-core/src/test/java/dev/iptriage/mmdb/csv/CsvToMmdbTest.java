package dev.iptriage.mmdb.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.mmdb.MmdbReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The overlap policy of {@link CsvToMmdb}: the more specific row wins, whatever the order. */
class CsvToMmdbTest {
    @TempDir
    Path dir;

    private String exported(String csv) throws Exception {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, csv.replace(';', '\n'), StandardCharsets.UTF_8);
        CsvToMmdb.Result r = CsvToMmdb.read(in, new CsvToMmdb.Options("T", Map.of(), null));
        assertThat(r.errors()).isEmpty();
        Path db = dir.resolve("t.mmdb");
        r.writer().write(db);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MmdbReader reader = MmdbReader.open(db)) {
            MmdbExport.export(reader, MmdbExport.Format.CSV, out);
        }
        return out.toString(StandardCharsets.UTF_8).strip().replace('\n', ';');
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // broad first, then an exception inside it
                "broad then specific | network,v;10.0.0.0/14,corp;10.1.0.0/16,lab"
                        + " | network,v;10.0.0.0/16,corp;10.1.0.0/16,lab;10.2.0.0/15,corp",
                // the same rows in the other order give the same database
                "specific then broad | network,v;10.1.0.0/16,lab;10.0.0.0/14,corp"
                        + " | network,v;10.0.0.0/16,corp;10.1.0.0/16,lab;10.2.0.0/15,corp",
                // equal sizes: the later row wins
                "equal size, later wins | network,v;10.0.0.0/16,a;10.0.0.0/16,b | network,v;10.0.0.0/16,b",
                // ranges that overlap in part: the smaller one wins on the overlap
                "partial ranges | start,end,v;10.0.0.0,10.0.0.11,big;10.0.0.8,10.0.0.15,small"
                        + " | network,v;10.0.0.0/29,big;10.0.0.8/29,small",
                // sorted and disjoint (streamed), IPv4 and IPv6
                "sorted, no overlap | network,v;1.0.0.0/24,a;2.0.0.0/24,b;2001:db8::/32,c"
                        + " | network,v;1.0.0.0/24,a;2.0.0.0/24,b;2001:db8::/32,c",
            })
    void moreSpecificRowWins(String name, String csv, String expected) throws Exception {
        assertThat(exported(csv)).isEqualTo(expected);
    }
}
