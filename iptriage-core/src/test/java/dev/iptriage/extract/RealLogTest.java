package dev.iptriage.extract;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.iptriage.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The log formats on real logs from ../shared/corpus, checked against answers computed here
 * independently (from loghub's own structured parse, or from a plain first-field split).
 */
class RealLogTest {
    private static final TextExtractor TEXT = TextExtractor.of(ExtractOptions.DEFAULTS);
    private static final YearRule YEARS = YearRule.relativeTo(Instant.parse("2026-01-01T00:00:00Z"));

    private static SightingAggregator aggregate(Path log, InputMode.Kind kind) throws IOException {
        LineDecoder d = new InputMode(kind, "").decoder(TEXT, YEARS);
        SightingAggregator agg = new SightingAggregator(1_000_000);
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            d.decode(line, agg::add);
        }
        return agg;
    }

    @Test
    void opensshFailedLoginsPerAddressMatchLoghubsStructuredParse() throws IOException {
        Path log = SharedData.require("corpus/loghub/OpenSSH/OpenSSH_2k.log");
        Path structured = SharedData.require("corpus/loghub/OpenSSH/OpenSSH_2k.log_structured.csv");
        Map<String, Long> expected = new HashMap<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(structured)) {
            for (CsvRecord r : csv) {
                String template = r.getField(8);
                String content = r.getField(6);
                // each "Failed <method> for ..." is one failure; "message repeated N times: [ Failed ...]" is N
                long times = 0;
                if (template.startsWith("Failed ") && template.contains(" from <*>")) {
                    times = 1;
                } else if (template.startsWith("message repeated <*> times: [ Failed ")) {
                    times = Long.parseLong(content.split(" ")[2]);
                }
                if (times > 0) {
                    String rest = content.substring(content.lastIndexOf(" from ") + 6);
                    expected.merge(rest.substring(0, rest.indexOf(' ')), times, Long::sum);
                }
            }
        }
        Map<String, Long> actual = new HashMap<>();
        for (AddressSummary s : aggregate(log, InputMode.Kind.SSHD).summaries()) {
            if (s.failedLogins() > 0) {
                actual.put(s.ip().text(), s.failedLogins());
            }
        }
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(100);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void apacheDistinctClientsMatchAFirstFieldCount() throws IOException {
        Path log = SharedData.require("corpus/elastic-examples/apache_logs");
        Set<String> firstFields = new HashSet<>();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (String line : lines) {
            firstFields.add(line.substring(0, line.indexOf(' ')));
        }
        Set<String> clients = new HashSet<>();
        long requests = 0;
        for (AddressSummary s : aggregate(log, InputMode.Kind.APACHE).summaries()) {
            if (s.roles().containsKey("client")) {
                clients.add(s.ip().text());
                requests += s.roles().get("client");
            }
        }
        assertThat(lines).hasSize(10_000);
        assertThat(clients).isEqualTo(firstFields);
        assertThat(requests).isEqualTo(lines.size());
    }
}
