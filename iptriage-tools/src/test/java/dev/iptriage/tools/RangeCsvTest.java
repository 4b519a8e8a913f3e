package dev.iptriage.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeCsvTest {
    @TempDir
    Path dir;

    private List<RangeCsv.Row> read(String text, int bytes, int minValues) throws IOException {
        Path csv = dir.resolve("ranges.csv");
        Files.writeString(csv, text);
        List<RangeCsv.Row> rows = new ArrayList<>();
        long n = RangeCsv.read(csv, bytes, minValues, rows::add);
        assertThat(n).isEqualTo(rows.size());
        return rows;
    }

    @Test
    void readsCountryRows() throws IOException {
        List<RangeCsv.Row> rows = read("1.0.0.0,1.0.0.255,AU\n1.0.1.0,1.0.3.255,CN\n", 4, 1);
        assertThat(rows).extracting(RangeCsv.Row::values).containsExactly(List.of("AU"), List.of("CN"));
        assertThat(rows.get(1).range())
                .isEqualTo(
                        new Span(IpText.toNumber(IpText.parse("1.0.1.0")), IpText.toNumber(IpText.parse("1.0.3.255"))));
        assertThat(rows.get(1).line()).isEqualTo(2);
    }

    @Test
    void readsQuotedOrganizationsAndMissingOnes() throws IOException {
        List<RangeCsv.Row> rows =
                read("1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\r\n1.0.4.0,1.0.7.255,38803\n", 4, 1);
        assertThat(rows.get(0).values()).containsExactly("13335", "Cloudflare, Inc.");
        assertThat(rows.get(1).values()).containsExactly("38803");
        List<RangeCsv.Row> v6 = read("2001:200::,2001:200:1b9:ffff:ffff:ffff:ffff:ffff,2500,WIDE Project\n", 16, 1);
        assertThat(v6.get(0).values()).containsExactly("2500", "WIDE Project");
    }

    @Test
    void flagsRowsThatOverrideAnEarlierBroaderRow() throws IOException {
        List<RangeCsv.Row> rows = read(
                "2.58.196.0,2.58.197.255,DE\n2.58.197.15,2.58.197.15,BE\n2.58.197.16,2.58.197.255,DE\n"
                        + "2.58.198.0,2.58.199.255,FR\n",
                4,
                1);
        assertThat(rows).extracting(RangeCsv.Row::overlapsEarlier).containsExactly(false, true, true, false);
    }

    @Test
    void rejectsUnsortedRowsWithFileAndLine() {
        assertThatThrownBy(() -> read("1.0.1.0,1.0.1.255,CN\n1.0.0.0,1.0.0.255,AU\n", 4, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ranges.csv:2")
                .hasMessageContaining("not sorted");
    }

    @Test
    void rejectsBadRows() {
        assertThatThrownBy(() -> read("1.0.0.0,1.0.0.255,AU\nlocalhost,1.0.1.255,CN\n", 4, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ranges.csv:2")
                .hasMessageContaining("localhost");
        assertThatThrownBy(() -> read("1.0.0.255,1.0.0.0,AU\n", 4, 1)).hasMessageContaining("ranges.csv:1");
        assertThatThrownBy(() -> read("::1,::2,AU\n", 4, 1)).hasMessageContaining("expected IPv4");
        assertThatThrownBy(() -> read("1.0.0.0,1.0.0.255\n", 4, 1)).hasMessageContaining("at least 3 fields");
    }
}
