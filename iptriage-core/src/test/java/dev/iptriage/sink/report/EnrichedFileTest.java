package dev.iptriage.sink.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.sink.SinkFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An enriched file with the online sources' columns, read back into a report. */
class EnrichedFileTest {
    static final String CSV = """
            ip,status,country_iso,ptr,fcrdns,ptr_status,dnsbl,dnsbl_status,site,count
            1.2.3.1,not_found,AU,host1.example,true,ok,"[""zen.spamhaus.org:SBL"",""zen.spamhaus.org:DROP""]",ok,a,3
            1.2.3.11,not_found,AU,'=cmd|' /C calc'!A0.evil.test,false,ok,,nxdomain,b,1
            1.2.3.5,not_found,AU,,,nxdomain,"[""zen.spamhaus.org:SBL""]",ok,c,2
            10.0.0.1,private,,,,skipped,,skipped,d,1
            """;

    static final String JSONL = """
            {"ip":"1.2.3.1","status":"not_found","country_iso":"AU","ptr":"host1.example","fcrdns":true,\
            "ptr_status":"ok","dnsbl":["zen.spamhaus.org:SBL","zen.spamhaus.org:DROP"],"dnsbl_status":"ok",\
            "site":{"x":1},"count":3}
            {"ip":"1.2.3.11","status":"not_found","country_iso":"AU","ptr":"=cmd|' /C calc'!A0.evil.test",\
            "fcrdns":false,"ptr_status":"ok","dnsbl":null,"dnsbl_status":"nxdomain","count":1}
            {"ip":"1.2.3.5","status":"not_found","country_iso":"AU","ptr":null,"fcrdns":null,\
            "ptr_status":"nxdomain","dnsbl":["zen.spamhaus.org:SBL"],"dnsbl_status":"ok","count":2}
            {"ip":"10.0.0.1","status":"private","ptr_status":"skipped","dnsbl_status":"skipped","count":1}
            """;

    private static ReportData read(String name, String text) throws IOException {
        ReportAggregator a = ReportAggregator.forColumns(Rows.ONLINE, ReportAggregator.Limits.defaults());
        EnrichedFile.Result r =
                EnrichedFile.feed(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), a);
        assertThat(r.bad()).isZero();
        return a.result(ReportAggregatorTest.facts(a));
    }

    @Test
    void csvAndJsonLinesGiveTheSameAnswersAndListings() throws IOException {
        ReportData csv = read("rows.csv", CSV);
        ReportData jsonl = read("rows.jsonl", JSONL);
        for (ReportData d : List.of(csv, jsonl)) {
            assertThat(d.distinct()).isEqualTo(4);
            assertThat(d.sightings()).isEqualTo(7);
            assertThat(d.sources()).hasSize(2);
            SourceSummary ptr = d.sources().get(0);
            assertThat(ptr.statuses())
                    .containsExactly(Map.entry("ok", 2L), Map.entry("nxdomain", 1L), Map.entry("skipped", 1L));
            assertThat(ptr.columns())
                    .containsExactly(
                            new SourceSummary.Filled("ptr", 2, false, 0, 0),
                            new SourceSummary.Filled("fcrdns", 2, true, 1, 1));
            assertThat(d.sources().get(1).statuses())
                    .containsExactly(Map.entry("ok", 2L), Map.entry("nxdomain", 1L), Map.entry("skipped", 1L));
            assertThat(d.listings())
                    .contains(new Listings(
                            2,
                            5,
                            List.of(
                                    new Tally("zen.spamhaus.org:SBL", "zen.spamhaus.org:SBL", 5, 2),
                                    new Tally("zen.spamhaus.org:DROP", "zen.spamhaus.org:DROP", 3, 1))));
        }
        // the CSV's spreadsheet guard is undone: the name is the one the JSON has
        int ptr = csv.columns().indexOf("ptr");
        assertThat(csv.rows()).anyMatch(r -> r.get(ptr).equals("=cmd|' /C calc'!A0.evil.test"));
        assertThat(jsonl.rows()).anyMatch(r -> r.get(ptr).equals("=cmd|' /C calc'!A0.evil.test"));
    }

    @Test
    void aFileWithoutTheSourcesColumnsHasNoSourceAndNoListings() throws IOException {
        ReportData d = read("rows.csv", "ip,status,country_iso\n1.2.3.1,not_found,AU\n");
        assertThat(d.sources()).isEmpty();
        assertThat(d.listings()).isEmpty();
        assertThat(d.columns()).doesNotContain("ptr", "dnsbl", "ptr_status");
    }

    private static EnrichedFile.Result feed(String name, String text, ReportAggregator a) throws IOException {
        return EnrichedFile.feed(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5", "1e3", "99999999999999999999", "0", "2.5", "+3"})
    void aCountThatIsNoWholeNumberOfOneOrMoreIsABadRecord(String count) throws IOException {
        String csv = "ip,status,count\n1.2.3.4,ok,2\n5.6.7.8,ok," + count + "\n9.9.9.9,ok,\n";
        ReportAggregator a = ReportAggregator.forColumns(Rows.ONLINE, ReportAggregator.Limits.defaults());
        EnrichedFile.Result r = feed("rows.csv", csv, a);
        assertThat(r.records()).isEqualTo(3);
        assertThat(r.bad()).isEqualTo(1);
        assertThat(r.firstBad())
                .isEqualTo("rows.csv:3: count '" + count + "': expected a whole number from 1 to " + Long.MAX_VALUE);
        // counted as an invalid line (one sighting), never as an address seen once; an empty cell is one sighting
        assertThat(a.statuses()).containsEntry("ok", 3L).containsEntry("invalid", 1L);

        String json = count.matches("-?[0-9]+(\\.[0-9]+)?|1e3") ? count : "\"" + count + "\"";
        String jsonl = "{\"ip\":\"1.2.3.4\",\"status\":\"ok\",\"count\":2}\n\n"
                + "{\"ip\":\"5.6.7.8\",\"status\":\"ok\",\"count\":" + json + "}\n";
        ReportAggregator b = ReportAggregator.forColumns(Rows.ONLINE, ReportAggregator.Limits.defaults());
        EnrichedFile.Result j = feed("rows.jsonl", jsonl, b);
        assertThat(j.bad()).isEqualTo(1);
        assertThat(j.firstBad()).startsWith("rows.jsonl:3: count '").contains("expected a whole number from 1");
        assertThat(b.statuses()).containsEntry("ok", 2L).containsEntry("invalid", 1L);
    }

    /** Property: the same rows written as CSV and as JSON Lines by enrich's writers give the same report. */
    @Test
    void theCsvAndTheJsonLinesOfTheSameRowsGiveTheSameReport() throws IOException {
        List<Column> columns = Column.of(ReportAggregator.COLUMNS);
        Random rnd = new Random(20261207);
        for (int round = 0; round < 20; round++) {
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
            RowFormat c = SinkFormat.CSV.newRowFormat(columns);
            RowFormat j = SinkFormat.JSONL.newRowFormat(columns);
            csv.writeBytes(c.header());
            for (int i = 0; i < 30; i++) {
                Object[] v = new Object[columns.size()];
                v[ReportAggregator.COLUMNS.indexOf(Field.ASN)] = rnd.nextBoolean() ? (long) rnd.nextInt(70000) : null;
                v[ReportAggregator.COLUMNS.indexOf(Field.CITY)] = "City " + rnd.nextInt(5);
                v[ReportAggregator.COLUMNS.indexOf(Field.COUNTRY_ISO)] = "A" + (char) ('A' + rnd.nextInt(3));
                v[ReportAggregator.COLUMNS.indexOf(Field.LATITUDE)] = coordinate(rnd, 90);
                v[ReportAggregator.COLUMNS.indexOf(Field.LONGITUDE)] = coordinate(rnd, 180);
                v[ReportAggregator.COLUMNS.indexOf(Field.COUNT)] = 1L + rnd.nextInt(9);
                Row r = new Row("10." + round + "." + i + ".1", "ok", v, 1);
                c.row(r, csv);
                j.row(r, jsonl);
            }
            ReportAggregator fromCsv = ReportAggregator.forColumns(columns, ReportAggregator.Limits.defaults());
            ReportAggregator fromJsonl = ReportAggregator.forColumns(columns, ReportAggregator.Limits.defaults());
            assertThat(feed("rows.csv", csv.toString(StandardCharsets.UTF_8), fromCsv)
                            .bad())
                    .isZero();
            assertThat(feed("rows.jsonl", jsonl.toString(StandardCharsets.UTF_8), fromJsonl)
                            .bad())
                    .isZero();
            ReportData a = fromCsv.result(ReportAggregatorTest.facts(fromCsv));
            ReportData b = fromJsonl.result(ReportAggregatorTest.facts(fromJsonl));
            assertThat(b.rows()).isEqualTo(a.rows());
            assertThat(b).isEqualTo(a);
        }
    }

    /** A coordinate, often a tiny one whose Double.toString has an exponent (-5.0E-4). */
    private static Double coordinate(Random rnd, int max) {
        return switch (rnd.nextInt(4)) {
            case 0 -> null;
            case 1 -> (rnd.nextBoolean() ? -1 : 1) * rnd.nextInt(1, 100) / Math.pow(10, rnd.nextInt(3, 8));
            default -> Math.round((rnd.nextDouble() * 2 - 1) * max * 10000) / 10000.0;
        };
    }
}
