package dev.iptriage.mmdb.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.mmdb.MmdbReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows {@code db build} cannot read as written are counted as bad rows (or stop the build), never changed silently. */
class CsvToMmdbBadRowTest {
    @TempDir
    Path dir;

    private Path file(byte[] bytes) throws IOException {
        Path in = dir.resolve("in.csv");
        Files.write(in, bytes);
        return in;
    }

    private CsvToMmdb.Result read(String csv) throws IOException {
        return read(csv, Map.of());
    }

    private CsvToMmdb.Result read(String csv, Map<String, ValueType> declared) throws IOException {
        return CsvToMmdb.read(file(csv.getBytes(StandardCharsets.UTF_8)), new CsvToMmdb.Options("T", declared, null));
    }

    private String export(CsvToMmdb.Result r) throws Exception {
        Path db = dir.resolve("t.mmdb");
        r.writer().write(db);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MmdbReader reader = MmdbReader.open(db)) {
            MmdbExport.export(reader, MmdbExport.Format.CSV, out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnclosedQuoteStopsTheBuildNamingTheLineItOpensOn() {
        assertThatThrownBy(() -> read("network,org,asn\n9.0.0.0/24,ok,1\n1.0.0.0/24,\"Acme Corp,100\n"
                        + "2.0.0.0/24,Beta,200\n3.0.0.0/24,Gamma,300\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("in.csv:3: a quoted cell starting on this line is never closed");
    }

    @Test
    void textAfterAClosingQuoteStopsTheBuild() {
        assertThatThrownBy(() -> read("network,org\n1.0.0.0/24,\"Acme\" Corp\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("in.csv:2: text after the closing '\"'");
    }

    @Test
    void rowsWithExtraOrMissingCellsAreBadRowsAndDoNotChangeTheTypes() throws Exception {
        CsvToMmdb.Result r = read("network,org,asn\n1.0.0.0/24,Acme, Inc,100\n2.0.0.0/24,Beta,200\n3.0.0.0/24,Gamma\n");
        assertThat(r.rows()).isEqualTo(3);
        assertThat(r.errorCount()).isEqualTo(2);
        assertThat(r.errors())
                .containsExactly(
                        dir.resolve("in.csv") + ":2: 4 fields, expected 3 (as many as the header has; a cell holding"
                                + " a comma must be quoted: \"Acme, Inc\")",
                        dir.resolve("in.csv") + ":4: 2 fields, expected 3 (as many as the header has; a cell holding"
                                + " a comma must be quoted: \"Acme, Inc\")");
        assertThat(r.columns()).containsEntry("asn", ValueType.UINT32);
        assertThat(export(r)).isEqualTo("network,org,asn\n2.0.0.0/24,Beta,200\n");
    }

    @Test
    void invalidUtf8IsABadRowNamingLineAndByteOffset() throws Exception {
        byte[] head = "network,city\n1.0.0.0/24,Bern\n2.0.0.0/24,Z".getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = "rich\n3.0.0.0/24,Basel\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xfc; // Latin-1 u-umlaut
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        CsvToMmdb.Result r = CsvToMmdb.read(file(all), new CsvToMmdb.Options("T", Map.of(), null));
        assertThat(r.errorCount()).isEqualTo(1);
        assertThat(r.errors().get(0))
                .startsWith(dir.resolve("in.csv") + ":3: invalid UTF-8 (0xfc) at byte offset " + head.length + ";");
        assertThat(export(r)).isEqualTo("network,city\n1.0.0.0/24,Bern\n3.0.0.0/24,Basel\n");
    }

    @Test
    void invalidUtf8IsFoundWhereverTheDecoderBuffersEnd() throws Exception {
        // rows long enough that the bad byte falls on many positions relative to the 8 KB buffers
        StringBuilder b = new StringBuilder("network,v\n");
        for (int i = 0; i < 3000; i++) {
            b.append("10.")
                    .append(i / 256)
                    .append('.')
                    .append(i % 256)
                    .append(".0/24,")
                    .append("x".repeat(i % 7))
                    .append("\u00e9\n");
        }
        byte[] good = b.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(CsvToMmdb.read(file(good), new CsvToMmdb.Options("T", Map.of(), null))
                        .errorCount())
                .isZero();
        byte[] latin = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        CsvToMmdb.Result r = CsvToMmdb.read(file(latin), new CsvToMmdb.Options("T", Map.of(), null));
        assertThat(r.errorCount()).isEqualTo(3000);
    }

    @Test
    void aDoubleThatUnderflowsIsABadValue() throws Exception {
        CsvToMmdb.Result r =
                read("network,x\n1.0.0.0/24,1.0e-400\n2.0.0.0/24,0.0e-400\n", Map.of("x", ValueType.DOUBLE));
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0)).contains(":2: column x: '1.0e-400'", "too close to 0");
        CsvToMmdb.Result f = read("network,x\n1.0.0.0/24,1.0e-50\n2.0.0.0/24,1.0e39\n", Map.of("x", ValueType.FLOAT));
        assertThat(f.errors()).hasSize(2);
    }

    @Test
    void rowsReachingIntoAnIpv4AliasAreBadRows() throws Exception {
        CsvToMmdb.Result r = read("network,v\n::fffe:0:0/95,z\n2002::/15,y\n2001:db8::/32,ok\n");
        assertThat(r.errorCount()).isEqualTo(2);
        assertThat(r.errors().get(0))
                .contains(":2: network ::fffe:0:0/95 overlaps ::ffff:0:0/96 (the IPv4-mapped addresses");
        assertThat(r.errors().get(1)).contains(":3: network 2002::/15 overlaps 2002::/16 (6to4");
        assertThat(r.errors()).noneMatch(e -> e.contains("aliasIpv4InIpv6"));
        assertThat(export(r)).isEqualTo("network,v\n2001:db8::/32,ok\n");
    }

    @Test
    void aRefusedMappedAddressDoesNotMakeTheDatabaseIpv6() throws Exception {
        CsvToMmdb.Result r = read("network,v\n1.2.3.0/24,a\n::ffff:1.2.3.4,b\n");
        assertThat(r.errorCount()).isEqualTo(1);
        assertThat(r.ipVersion()).isEqualTo(4);
        CsvToMmdb.Result range = read("start,end,v\n::ffff:1.2.3.4,::ffff:1.2.3.9,b\n");
        assertThat(range.errors().get(0)).contains("range ::ffff:1.2.3.4 to ::ffff:1.2.3.9 overlaps ::ffff:0:0/96");
    }
}
