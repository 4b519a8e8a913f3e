package dev.iptriage.sink.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
