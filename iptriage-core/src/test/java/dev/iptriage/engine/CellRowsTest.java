package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.databases.Database;
import dev.iptriage.input.Input;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV rows put together from cells kept with the database records ({@link dev.iptriage.engine.CellRows})
 * are byte for byte the rows {@code CsvRowFormat.row} renders from each address's values: the same
 * job is run both ways (a custom format factory takes the per-row path) on inputs with every kind of
 * line, for several column sets and databases, including a record that cannot be decoded.
 */
class CellRowsTest {
    @TempDir
    static Path dir;

    static Database city;
    static Database asn;
    static Database flat;
    static Database damaged;

    @BeforeAll
    static void setUp() throws Exception {
        city = Database.open(Fixtures.city(dir));
        asn = Database.open(Fixtures.asn(dir));
        flat = Database.open(Fixtures.flat(dir));
        damaged = Database.open(damagedAsn());
    }

    /** The ASN fixture with the string of one record (1.1.1.0/24) made undecodable. */
    private static Path damagedAsn() throws IOException {
        byte[] b = Files.readAllBytes(Fixtures.asn(Files.createDirectories(dir.resolve("damaged"))));
        byte[] org = "Cloudflare, Inc.".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(b, org);
        assertThat(at).isPositive();
        assertThat(b[at - 1]).isEqualTo((byte) (0x40 | org.length)); // utf8 string, 16 bytes
        b[at - 1] = 0; // an extended type whose number ('C' + 7) does not exist
        Path p = dir.resolve("damaged-asn.mmdb");
        Files.write(p, b);
        return p;
    }

    private static int indexOf(byte[] b, byte[] x) {
        for (int i = 0; i + x.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + x.length, x, 0, x.length)) {
                return i;
            }
        }
        return -1;
    }

    /** Lines of every kind, repeated in a random order so that the row cache and batches take part. */
    private static byte[] input(long seed) {
        List<String> kinds = List.of(
                "8.8.8.8",
                "8.8.4.4",
                "8.8.8.0/24",
                "81.2.69.160",
                "81.2.100.1",
                "203.0.113.9",
                "1.1.1.1",
                "1.1.1.7",
                "2001:4860::1",
                "2001:4860:0:1::8888",
                "::ffff:8.8.8.8",
                "::ffff:1.1.1.1",
                "10.1.2.3",
                "192.168.1.1",
                "127.0.0.1",
                "100.64.0.1",
                "fe80::1",
                "::1",
                "::",
                "2.2.3.4",
                "2.2.0.0/16",
                "1.2.3.4",
                "9.9.9.9",
                "not an ip",
                "999.1.1.1",
                "# comment",
                "",
                "  8.8.8.8  ",
                "8.8.8.8:53",
                "[2001:4860::1]:443",
                "=cmd|' /C calc'!A0",
                "\"quoted\",x",
                "Île",
                "fe80::1%eth0",
                "fe80::1%eth1",
                "[fe80::8%en0]:80",
                "fe80::1%a\"b",
                "::ffff:8.8.8.0/120");
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            if (r.nextInt(4) == 0) {
                b.append(r.nextInt(256))
                        .append('.')
                        .append(r.nextInt(256))
                        .append('.')
                        .append(r.nextInt(256))
                        .append('.')
                        .append(r.nextInt(256));
            } else {
                b.append(kinds.get(r.nextInt(kinds.size())));
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String run(Enricher e, byte[] input, boolean unique, boolean perRow) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobSpec spec = new JobSpec(
                List.of(Input.stdin(new ByteArrayInputStream(input))), e, SinkFormat.CSV, unique, false, 2, 100_000);
        if (perRow) {
            JobRunner.run(spec, SinkFormat.CSV::newRowFormat, out, ProgressListener.NONE);
        } else {
            JobRunner.run(spec, out, ProgressListener.NONE);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertSameBothWays(Enricher e) throws IOException {
        for (boolean unique : new boolean[] {false, true}) {
            byte[] in = input(unique ? 2 : 1);
            String cells = run(e, in, unique, false);
            String rows = run(e, in, unique, true);
            assertThat(cells.lines().count()).isGreaterThan(unique ? 30 : 20_000);
            assertThat(cells).isEqualTo(rows);
        }
    }

    /**
     * Against rows rendered one by one, without the job runner: {@code Enricher.lookup} and the CSV
     * format's {@code row}, for every line of a strict-mode input (bare literals, or invalid lines, blank ones and comments included).
     */
    @Test
    void rowsAreThoseOfEachAddressLookedUpAlone() throws IOException {
        Enricher e = Enricher.builder()
                .database(city)
                .database(damaged)
                .fields(List.of(
                        Field.IP,
                        Field.STATUS,
                        Field.ASN,
                        Field.AS_ORG,
                        Field.NETWORK,
                        Field.CITY,
                        Field.COUNTRY,
                        Field.LATITUDE,
                        Field.LOCATION_PRECISION,
                        Field.IP_CLASS,
                        Field.IP_VERSION))
                .build();
        byte[] in = input(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobRunner.run(
                new JobSpec(
                        List.of(Input.stdin(new ByteArrayInputStream(in))), e, SinkFormat.CSV, false, true, 2, 1000),
                out,
                ProgressListener.NONE);
        RowFormat f = SinkFormat.CSV.newRowFormat(e.columns());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(f.header());
        for (String line : new String(in, StandardCharsets.UTF_8).split("\n")) { // a row per line
            IpAddress a = IpLiteral.tryParseStrict(line.strip()); // strict still allows surrounding blanks
            if (a == null) {
                f.row(new Row(line, "invalid", new Object[0], 0), expected);
            } else {
                Enrichment x = e.lookup(a);
                f.row(new Row(a.unmap().toString(), x.statusText(), x.values(), 0), expected); // mapped: as IPv4
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString(StandardCharsets.UTF_8));
    }

    @Test
    void repeatedColumnsAsTheEnricherFillsThem() throws IOException {
        assertSameBothWays(Enricher.builder()
                .database(city)
                .database(asn)
                .columns(Column.of(List.of(
                        Field.IP,
                        Field.NETWORK,
                        Field.NETWORK,
                        Field.IP_VERSION,
                        Field.STATUS,
                        Field.IP_VERSION,
                        Field.CITY,
                        Field.CITY,
                        Field.IP)))
                .build());
    }

    @Test
    void jobsWithTheSameColumnsShareTheCsvRowsAndSoTheCellsRecordsKeep() throws IOException {
        Engine engine = Engine.builder().databases(List.of(city)).build();
        Job job = Job.of(List.of());
        Engine.Prepared first = engine.prepare(job);
        Engine.Prepared again = engine.prepare(job);
        assertThat(again.enricher()).isSameAs(first.enricher());
        assertThat(engine.csvRows(again, null)).isNotNull().isSameAs(engine.csvRows(first, null));
        Engine.Prepared other = engine.prepare(job.withFields("ip,city"));
        assertThat(engine.csvRows(other, null)).isNotSameAs(engine.csvRows(first, null));
        assertThat(engine.csvRows(engine.prepare(job.withFormat(SinkFormat.JSONL)), null))
                .as("no cells for JSON")
                .isNull();
    }

    @Test
    void anEngineKeepsTheEnrichersOfABoundedNumberOfColumnLists() throws IOException {
        Engine engine = Engine.builder().databases(List.of(city)).build();
        List<String> names = Field.all().stream().map(Field::column).toList();
        Enricher first = engine.enricher(engine.columns("ip," + names.get(2)));
        assertThat(engine.enricher(engine.columns("ip," + names.get(2)))).isSameAs(first);
        for (int i = 3; i < 3 + Engine.KEPT_COLUMN_LISTS; i++) {
            engine.enricher(engine.columns("ip," + names.get(i)));
        }
        assertThat(engine.enricher(engine.columns("ip," + names.get(2))))
                .as("past the bound the engine starts afresh")
                .isNotSameAs(first);
    }

    /**
     * {@code prepare} looks up the cells records keep for a whole batch before rows are filled: the
     * rows are the same with it or without, and a batch prepared by one rows object is not used by
     * another (whose records keep other cells, or none).
     */
    @Test
    void preparedBatchesFillTheSameRows() throws MmdbFormatException {
        Enricher e = Enricher.builder().database(city).database(asn).build();
        CellRows lower = new CellRows(e, (v, c) -> v.toString().getBytes(StandardCharsets.UTF_8));
        CellRows upper = new CellRows(e, (v, c) -> v.toString().toUpperCase().getBytes(StandardCharsets.UTF_8));
        List<IpAddress> batch = new ArrayList<>();
        for (String a : List.of("81.2.69.160", "8.8.8.8", "1.1.1.1", "2001:4860::1", "10.0.0.1", "81.2.69.160")) {
            batch.add(IpLiteral.tryParseStrict(a));
        }
        Enricher.Batch first = e.find(batch);
        assertThat(kept(lower.prepare(first))).as("nothing kept yet").isZero();
        List<List<String>> before = rows(lower, first, null); // fills the records' cells
        Enricher.Batch prepared = e.find(batch);
        Object[][] kept = lower.prepare(prepared);
        assertThat(kept(kept)).isEqualTo(found(batch));
        assertThat(rows(lower, prepared, kept)).isEqualTo(before);
        assertThat(rows(upper, prepared, upper.prepare(prepared))).isEqualTo(rows(upper, e.find(batch), null));
        assertThat(rows(upper, prepared, null).toString())
                .contains("MOUNTAIN VIEW")
                .doesNotContain("Mountain View");
        Enricher.Batch again = e.find(batch);
        assertThat(kept(upper.prepare(again)))
                .as("records keep lower's cells, not upper's")
                .isZero();
        assertThat(rows(upper, again, null)).isEqualTo(rows(upper, e.find(batch), null));
        assertThat(before.toString()).contains("Mountain View");

        // records first cached for their values (the row path does that) keep cells later
        Enricher other = Enricher.builder().database(city).database(asn).build();
        CellRows cells = new CellRows(other, (v, c) -> v.toString().getBytes(StandardCharsets.UTF_8));
        Enricher.Batch viaValues = other.find(batch);
        for (int i = 0; i < batch.size(); i++) {
            other.enrichment(viaValues, i);
        }
        assertThat(kept(cells.prepare(other.find(batch)))).isZero();
        List<List<String>> later = rows(cells, viaValues, null);
        Enricher.Batch thenPrepared = other.find(batch);
        Object[][] keptLater = cells.prepare(thenPrepared);
        assertThat(kept(keptLater)).isEqualTo(found(batch));
        assertThat(rows(cells, thenPrepared, keptLater)).isEqualTo(later).isEqualTo(before);
    }

    /** How many of the batch's lookups find a record in the City and ASN fixtures. */
    private static int found(List<IpAddress> batch) throws MmdbFormatException {
        int n = 0;
        for (IpAddress a : batch) {
            for (Database db : List.of(city, asn)) {
                n += MmdbReader.found(db.reader().find(a.hi(), a.lo(), a.isV4())) ? 1 : 0;
            }
        }
        assertThat(n).as("lookups that find a record").isBetween(6, 2 * batch.size() - 2);
        return n;
    }

    /** How many records' cells {@code prepare} found kept. */
    private static int kept(Object[][] prepared) {
        int n = 0;
        for (Object[] perDatabase : prepared) {
            if (perDatabase == null) {
                continue; // the lists' answers: no lists here
            }
            for (Object cells : perDatabase) {
                n += cells != null ? 1 : 0;
            }
        }
        return n;
    }

    private static List<List<String>> rows(CellRows c, Enricher.Batch found, Object[][] prepared) {
        List<List<String>> out = new ArrayList<>();
        CellRows.RowBytes cells = c.newRow();
        for (int i = 0; i < found.size(); i++) {
            assertThat(c.fill(found, prepared, i, cells)).isTrue();
            List<String> row = new ArrayList<>();
            for (byte[] b : cells.cells()) {
                row.add(b == null ? null : new String(b, StandardCharsets.UTF_8));
            }
            row.add(cells.status() + "/" + cells.networkPrefix());
            out.add(row);
        }
        return out;
    }

    @Test
    void defaultColumns() throws IOException {
        assertSameBothWays(Enricher.builder().database(city).database(asn).build());
    }

    @Test
    void everyColumnFromSeveralDatabasesInOtherLanguages() throws IOException {
        List<Field> all = new ArrayList<>(Arrays.stream(Field.values())
                .filter(f -> f != Field.RAW && !f.isSighting())
                .toList());
        assertSameBothWays(Enricher.builder()
                .database(flat)
                .database(city)
                .database(asn)
                .fields(all)
                .language("de")
                .build());
    }

    @Test
    void databaseColumnsFirstAndPerAddressColumnsAnywhere() throws IOException {
        assertSameBothWays(Enricher.builder()
                .database(asn)
                .database(city)
                .fields(List.of(
                        Field.AS_ORG,
                        Field.CITY,
                        Field.NETWORK,
                        Field.IP,
                        Field.LOCATION_PRECISION,
                        Field.STATUS,
                        Field.IP_CLASS,
                        Field.IP_VERSION,
                        Field.COUNTRY_ISO,
                        Field.COUNT))
                .build());
    }

    @Test
    void customColumnsOfAFlatDatabase() throws IOException {
        List<Column> columns = new ArrayList<>(Column.of(List.of(Field.IP, Field.STATUS, Field.CITY)));
        columns.add(Column.custom("timezone", flat.origin(), List.of("timezone")));
        columns.add(Column.custom("state1", flat.origin(), List.of("state1")));
        assertSameBothWays(Enricher.builder()
                .database(flat)
                .database(city)
                .columns(columns)
                .build());
    }

    @Test
    void aRecordThatCannotBeDecodedGivesTheSameErrorRows() throws IOException {
        Enricher e = Enricher.builder().database(city).database(damaged).build();
        assertSameBothWays(e);
        assertThat(run(e, "1.1.1.1\n8.8.8.8\n".getBytes(StandardCharsets.US_ASCII), false, false)
                        .lines()
                        .toList())
                .satisfiesExactly(
                        header -> assertThat(header).startsWith("ip,status,"),
                        bad -> assertThat(bad).startsWith("1.1.1.1,error:"),
                        good -> assertThat(good).startsWith("8.8.8.8,ok,15169,Google LLC,8.8.8.0/24,Mountain View"));
    }
}
