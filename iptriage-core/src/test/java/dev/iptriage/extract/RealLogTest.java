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

    /**
     * {@code users_tried} on a real auth log against loghub's structured parse, counted here per sshd
     * process (connection): for each address and user name, the connection's failures and logins, or 1
     * when it only said {@code Invalid user}; never one more for the {@code Invalid user} line.
     */
    @Test
    void opensshUsersTriedCountEachAttemptOnce() throws IOException {
        Path log = SharedData.require("corpus/loghub/OpenSSH/OpenSSH_2k.log");
        Path structured = SharedData.require("corpus/loghub/OpenSSH/OpenSSH_2k.log_structured.csv");
        // pid -> ip -> user -> {invalid-user lines, failures and logins}
        Map<String, Map<String, Map<String, long[]>>> perConnection = new HashMap<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(structured)) {
            for (CsvRecord r : csv) {
                String content = r.getField(6);
                String template = r.getField(8);
                long times = 0;
                int kind = 1;
                String user = null;
                if (template.equals("Invalid user <*> from <*>")) {
                    kind = 0;
                    times = 1;
                    user = content.substring("Invalid user ".length(), content.lastIndexOf(" from "));
                } else if (template.startsWith("Failed ") || template.startsWith("Accepted ")) {
                    times = 1;
                } else if (template.startsWith("message repeated <*> times: [ Failed ")) {
                    times = Long.parseLong(content.split(" ")[2]);
                }
                if (times == 0) {
                    continue;
                }
                if (user == null) {
                    String forUser = content.substring(content.indexOf(" for ") + 5, content.lastIndexOf(" from "));
                    user = forUser.startsWith("invalid user ") ? forUser.substring(13) : forUser;
                }
                String rest = content.substring(content.lastIndexOf(" from ") + 6);
                String ip = rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest;
                perConnection
                        .computeIfAbsent(r.getField(5), k -> new HashMap<>())
                        .computeIfAbsent(ip, k -> new HashMap<>())
                        .computeIfAbsent(user, k -> new long[2])[kind] += times;
            }
        }
        Map<String, Map<String, Long>> expected = new HashMap<>();
        perConnection
                .values()
                .forEach(byIp -> byIp.forEach((ip, byUser) ->
                        byUser.forEach((user, n) -> expected.computeIfAbsent(ip, k -> new HashMap<>())
                                .merge(user, Math.max(n[0], n[1]), Long::sum))));
        long invalidThenFailed = perConnection.values().stream()
                .flatMap(m -> m.values().stream())
                .flatMap(m -> m.values().stream())
                .filter(n -> n[0] > 0 && n[1] > 0)
                .count();
        assertThat(invalidThenFailed).as("connections with both lines").isGreaterThan(50);
        int checked = 0;
        for (AddressSummary s : aggregate(log, InputMode.Kind.SSHD).summaries()) {
            Map<String, Long> want = expected.getOrDefault(s.ip().text(), Map.of());
            Map<String, Long> got = s.usersTried();
            assertThat(got.values().stream().mapToLong(Long::longValue).sum())
                    .as(s.ip().text())
                    .isEqualTo(want.values().stream().mapToLong(Long::longValue).sum());
            got.forEach((user, n) -> {
                if (!user.equals(SightingAggregator.OTHER)) {
                    assertThat(n).as(s.ip().text() + " " + user).isEqualTo(want.get(user));
                }
            });
            checked += got.isEmpty() ? 0 : 1;
        }
        assertThat(checked).isEqualTo(expected.size());
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
