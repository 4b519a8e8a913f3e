package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -q} hides the summaries, never the cause of a non-zero exit: exit 5 from {@code --max-distinct}
 * says so in one line on stderr, with or without -q, in enrich, extract and report.
 */
class QuietExitCauseTest {
    @TempDir
    static Path dir;

    static String asn;
    static String city;

    /** 20 addresses seen once, then one seen 50 times: with --max-distinct 10 the busiest is not counted. */
    static final String CAPPED;

    static {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            b.append("1.0.0.").append(i).append('\n');
        }
        b.append("9.9.9.9\n".repeat(50));
        CAPPED = b.toString();
    }

    @BeforeAll
    static void databases() {
        asn = Fixtures.asn(dir).toString();
        city = Fixtures.city(dir).toString();
    }

    private static void saysWhy(Cli.Result r) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.RECORD_ERRORS);
        assertThat(r.err().lines().filter(l -> l.contains("--max-distinct")))
                .as(r.err())
                .hasSize(1);
    }

    @Test
    void enrichUniqueSaysWhyUnderQuiet() {
        Cli.Result r = Cli.run(
                CAPPED,
                "enrich",
                "-q",
                "--db",
                asn,
                "-u",
                "--max-distinct",
                "10",
                "--sort",
                "count",
                "-r",
                "--top",
                "3");
        saysWhy(r);
        assertThat(r.out()).doesNotContain("9.9.9.9");
        saysWhy(Cli.run(CAPPED, "enrich", "--db", asn, "-u", "--max-distinct", "10")); // and without -q, once
    }

    @Test
    void extractCountSaysWhyUnderQuiet() {
        saysWhy(Cli.run(CAPPED, "extract", "-q", "-c", "--max-distinct", "10"));
        saysWhy(Cli.run(CAPPED, "extract", "-c", "--max-distinct", "10"));
    }

    @Test
    void reportSaysWhyUnderQuiet() {
        Path out = dir.resolve("r.html");
        saysWhy(Cli.run(
                CAPPED, "report", "-q", "--db", city, "--db", asn, "--max-distinct", "10", "-o", out.toString()));
    }
}
