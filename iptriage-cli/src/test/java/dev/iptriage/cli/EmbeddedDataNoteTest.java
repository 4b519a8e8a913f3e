package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first run on the embedded data says once, plainly, what it is and how to get better data, and
 * nothing a newcomer cannot act on; a database of one's own past --max-age still warns.
 */
class EmbeddedDataNoteTest {
    @TempDir
    static Path dir;

    /** Years after the embedded data was built, so its age would be far past --max-age. */
    private static final Clock LATER = Clock.fixed(Cli.NOW.plus(Duration.ofDays(3 * 365)), ZoneOffset.UTC);

    @Test
    void aFirstRunPrintsOneNoteAndNoAgeWarning() {
        Cli.Result r = Cli.run("8.8.8.8\n", Map.of(), LATER, "enrich", "--db", "builtin");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("ip,status,asn").contains("8.8.8.8,ok,15169");
        assertThat(r.err().lines().filter(l -> l.contains("embedded")))
                .singleElement()
                .asString()
                .containsPattern("embedded data of \\d{4}-\\d\\d-\\d\\d")
                .contains("country and ASN only", "no city", "db update --source dbip-lite", "MaxMind account");
        assertThat(r.err()).doesNotContain("warning", "days old", "no database provides");
    }

    @Test
    void quietSilencesTheNote() {
        Cli.Result r = Cli.run("8.8.8.8\n", Map.of(), LATER, "enrich", "-q", "--db", "builtin");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        Cli.Result lookup = Cli.run("", Map.of(), LATER, "lookup", "--db", "builtin", "8.8.8.8");
        assertThat(lookup.err()).doesNotContain("warning").contains("embedded data of");
    }

    @Test
    void aDatabaseOfOnesOwnPastMaxAgeStillWarnsEvenQuiet() {
        Path city = Fixtures.city(dir);
        Cli.Result r =
                Cli.run("8.8.8.8\n", Map.of(), LATER, "enrich", "-q", "--db", city.toString(), "--db", "builtin");
        assertThat(r.code()).isZero();
        assertThat(r.err().lines().toList())
                .singleElement()
                .asString()
                .contains("warning: GeoLite2-City", "older than --max-age 30")
                .doesNotContain("embedded");
        Cli.Result loud = Cli.run("8.8.8.8\n", Map.of(), LATER, "enrich", "--db", city.toString(), "--db", "builtin");
        assertThat(loud.err())
                .contains("database GeoLite2-City", "warning: GeoLite2-City", "embedded data of")
                .doesNotContain("iptriage-Default");
    }
}
