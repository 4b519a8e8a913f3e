package dev.iptriage.mmdb.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.text.CellText;
import java.io.File;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 random IPv4 and IPv6 ranges with hostile text: CSV -> {@code db build} -> {@code db
 * export} -> the same ranges and values, and the built file reads the same with MaxMind's reader
 * and, where installed, with {@code mmdblookup}.
 */
class CsvRoundTripTest {
    private static final int RANGES = 100_000;
    private static final String[] TEXT = {
        "plain",
        "with,comma",
        "with \"quotes\"",
        "=HYPERLINK(\"x\")",
        "-minus",
        "+plus",
        "@at",
        "ünïcödé 東京",
        "line\nbreak"
    };

    @TempDir
    static Path dir;

    private static List<Row> rows;
    private static Path csv;
    private static Path mmdb;

    record Row(IpAddress start, IpAddress end, Map<String, String> cells) {}

    @BeforeAll
    static void build() throws Exception {
        rows = generate(new Random(20261123));
        csv = dir.resolve("in.csv");
        write(csv, rows);
        CsvToMmdb.Result r = CsvToMmdb.read(csv, new CsvToMmdb.Options("Round-Trip", Map.of(), "test"));
        assertThat(r.errorCount()).as(r.errors().toString()).isZero();
        assertThat(r.rows()).isEqualTo(RANGES);
        assertThat(r.columns())
                .containsExactly(
                        Map.entry("id", ValueType.UINT32),
                        Map.entry("name", ValueType.STRING),
                        Map.entry("score", ValueType.DOUBLE),
                        Map.entry("flag", ValueType.BOOLEAN),
                        Map.entry("delta", ValueType.INT32));
        mmdb = dir.resolve("out.mmdb");
        r.writer().write(mmdb);
    }

    @Test
    void exportGivesBackExactlyTheRanges() throws Exception {
        Path out = dir.resolve("export.csv");
        try (MmdbReader r = MmdbReader.open(mmdb);
                OutputStream o = Files.newOutputStream(out)) {
            MmdbExport.Result res = MmdbExport.export(r, MmdbExport.Format.CSV, o);
            assertThat(res.records()).isEqualTo(RANGES);
            assertThat(res.columns()).containsExactly("id", "name", "score", "flag", "delta");
        }
        List<Row> back = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(out, StandardCharsets.UTF_8)) {
            List<String> header = null;
            for (CsvRecord rec : reader) {
                if (header == null) {
                    header = rec.getFields();
                    continue;
                }
                merge(back, header, rec);
            }
        }
        assertThat(back).hasSize(RANGES);
        for (int i = 0; i < RANGES; i++) {
            assertThat(back.get(i)).as("range %d", i).isEqualTo(rows.get(i));
        }
    }

    @Test
    void maxMindsReaderSeesTheSameData() throws Exception {
        Random rnd = new Random(7);
        try (Reader theirs = new Reader(new File(mmdb.toString()))) {
            for (int i = 0; i < 3_000; i++) {
                Row row = rows.get(rnd.nextInt(RANGES));
                for (IpAddress a : List.of(row.start(), row.end())) {
                    DatabaseRecord<Object> rec = theirs.getRecord(a.toInetAddress(), Object.class);
                    assertThat(rec.data()).as(a.toString()).isEqualTo(expected(row));
                }
            }
            IpAddress gap = IpAddress.ofV4(0);
            assertThat(theirs.getRecord(gap.toInetAddress(), Object.class).data())
                    .isNull();
        }
    }

    @Test
    void mmdblookupSeesTheSameData() throws Exception {
        assumeTrue(onPath("mmdblookup"), "mmdblookup (Debian mmdb-bin) is not installed");
        Random rnd = new Random(11);
        for (int i = 0; i < 20; i++) {
            Row row = rows.get(rnd.nextInt(RANGES));
            String out = run(
                    "mmdblookup", "--file", mmdb.toString(), "--ip", row.end().toString(), "id");
            assertThat(out).as(row.end().toString()).contains(row.cells().get("id") + " <uint32>");
            if (!row.cells().get("flag").isEmpty()) {
                String flag = run(
                        "mmdblookup",
                        "--file",
                        mmdb.toString(),
                        "--ip",
                        row.start().toString(),
                        "flag");
                assertThat(flag).contains(row.cells().get("flag") + " <boolean>");
            }
        }
    }

    /** What maxmind-db decodes for a row: uint32 as Long, int32 as Integer, double, boolean, string. */
    private static Map<String, Object> expected(Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, String> c = row.cells();
        m.put("id", Long.parseLong(c.get("id")));
        m.put("name", c.get("name"));
        m.put("score", Double.parseDouble(c.get("score")));
        if (!c.get("flag").isEmpty()) {
            m.put("flag", Boolean.parseBoolean(c.get("flag")));
        }
        m.put("delta", Integer.parseInt(c.get("delta")));
        return m;
    }

    /** Joins consecutive exported networks with the same id back into the range they came from. */
    private static void merge(List<Row> back, List<String> header, CsvRecord rec) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 1; i < header.size(); i++) {
            cells.put(header.get(i), CellText.undoSpreadsheetSafe(rec.getField(i)));
        }
        String network = rec.getField(0);
        int slash = network.indexOf('/');
        var cidr = new dev.iptriage.ip.Cidr(
                IpLiteral.parseStrict(network.substring(0, slash)).orElseThrow(),
                Integer.parseInt(network.substring(slash + 1)));
        Row last = back.isEmpty() ? null : back.get(back.size() - 1);
        if (last != null && last.cells().equals(cells)) {
            back.set(back.size() - 1, new Row(last.start(), cidr.last(), cells));
        } else {
            back.add(new Row(cidr.first(), cidr.last(), cells));
        }
    }

    private static List<Row> generate(Random rnd) {
        List<Row> out = new ArrayList<>();
        for (IpAddress[] span : spans(rnd, RANGES / 2, true)) {
            out.add(row(rnd, span, out.size()));
        }
        for (IpAddress[] span : spans(rnd, RANGES / 2, false)) {
            out.add(row(rnd, span, out.size()));
        }
        return out;
    }

    /** Sorted, disjoint, non-adjacent ranges; IPv6 ones inside 2400::/8 (clear of the IPv4 aliases). */
    private static List<IpAddress[]> spans(Random rnd, int n, boolean v4) {
        TreeSet<BigInteger> cuts = new TreeSet<>();
        while (cuts.size() < 2 * n) {
            cuts.add(
                    v4
                            ? BigInteger.valueOf(rnd.nextLong() & 0xffff_ffffL)
                            : new BigInteger(120, rnd)
                                    .or(BigInteger.valueOf(0x24).shiftLeft(120)));
        }
        List<IpAddress[]> out = new ArrayList<>();
        BigInteger[] c = cuts.toArray(BigInteger[]::new);
        for (int i = 0; i + 1 < c.length; i += 2) {
            out.add(new IpAddress[] {
                address(c[i], v4), address(c[i + 1].subtract(BigInteger.ONE).max(c[i]), v4)
            });
        }
        return out;
    }

    private static IpAddress address(BigInteger v, boolean v4) {
        return v4
                ? IpAddress.ofV4(v.intValue())
                : IpAddress.ofV6(v.shiftRight(64).longValue(), v.longValue());
    }

    private static Row row(Random rnd, IpAddress[] span, int id) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("id", Integer.toString(id));
        cells.put("name", TEXT[rnd.nextInt(TEXT.length)] + " " + rnd.nextInt(1000));
        cells.put("score", Double.toString(Math.round(rnd.nextDouble() * 1e6 - 5e5) / 1e3));
        cells.put("flag", rnd.nextInt(4) == 0 ? "" : Boolean.toString(rnd.nextBoolean()));
        cells.put("delta", Integer.toString(rnd.nextInt() / 2));
        return new Row(span[0], span[1], cells);
    }

    private static void write(Path file, List<Row> rows) throws Exception {
        try (CsvWriter w = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(file)) {
            w.writeRecord("start", "end", "id", "name", "score", "flag", "delta");
            Map<String, String> none = new HashMap<>();
            for (Row r : rows) {
                List<String> f =
                        new ArrayList<>(List.of(r.start().toString(), r.end().toString()));
                f.addAll(r.cells().isEmpty() ? none.values() : r.cells().values());
                w.writeRecord(f);
            }
        }
    }

    private static boolean onPath(String cmd) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, cmd))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
