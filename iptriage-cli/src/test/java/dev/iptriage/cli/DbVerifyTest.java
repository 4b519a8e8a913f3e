package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code db verify} against MaxMind's conformance files: every corrupt one is rejected with exit 3
 * and one line, every sound one accepted.
 */
class DbVerifyTest {
    /**
     * The one file in bad-data that is sound: MaxMind's README says its largest possible epoch may
     * only overflow time conversions in some readers.
     */
    private static final Set<String> SOUND_IN_BAD_DATA = Set.of("libmaxminddb-uint64-max-epoch.mmdb");

    static Stream<Path> corruptFiles() throws Exception {
        return allConformanceFiles().stream().filter(DbVerifyTest::corrupt);
    }

    static Stream<Path> soundFiles() throws Exception {
        return allConformanceFiles().stream().filter(p -> !corrupt(p));
    }

    private static boolean corrupt(Path p) {
        String name = p.getFileName().toString();
        return p.toString().contains("bad-data") ? !SOUND_IN_BAD_DATA.contains(name) : name.matches(SharedData.BROKEN);
    }

    private static List<Path> allConformanceFiles() throws Exception {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("maxmind-db/bad-data", "maxmind-db/test-data")) {
            try (Stream<Path> s = Files.walk(SharedData.require(dir))) {
                s.filter(p -> p.toString().endsWith(".mmdb")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void corruptFileRejectedInOneLine(Path db) {
        String name = db.getFileName().toString();
        Cli.Result r =
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("", "db", "verify", db.toString()));
        assertThat(r.code()).as(name + ": " + r.out() + r.err()).isEqualTo(3);
        assertThat(r.out().strip()).as(name).hasLineCount(1).startsWith(db + ": CORRUPT: ");
        assertThat(r.out().strip().length()).as(name).isGreaterThan((db + ": CORRUPT: ").length() + 10);
        assertThat(r.err()).as(name).doesNotContain("Exception", "\tat ", "internal error");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("soundFiles")
    void soundFileAccepted(Path db) {
        Cli.Result r = Cli.run("", "db", "verify", db.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out().strip()).hasLineCount(1).startsWith(db + ": ok (");
    }

    @Test
    void fullScaleDatabasesAccepted() {
        Path dir = SharedData.require("data");
        List<String> args = new ArrayList<>(List.of("db", "verify"));
        for (String n : List.of("GeoLite2-ASN.mmdb", "GeoLite2-Country.mmdb", "GeoLite2-City.mmdb")) {
            args.add(dir.resolve(n).toString());
        }
        Cli.Result r = Cli.run("", args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains(": ok (")).count()).isEqualTo(3);
    }

    @Test
    void theEmbeddedDatabasesVerify() {
        Cli.Result r = Cli.run("", "db", "verify", "builtin");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).startsWith("builtin:").contains(": ok (iptriage-Default-"));
    }

    @Test
    void mixOfGoodBadAndMissingFilesReportsEachAndFails(@TempDir Path dir) throws Exception {
        Path good = Fixtures.city(dir);
        Path truncated = dir.resolve("truncated.mmdb");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path missing = dir.resolve("missing.mmdb");
        Cli.Result r = Cli.run("", "db", "verify", good.toString(), truncated.toString(), missing.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out().lines().toList())
                .hasSize(3)
                .satisfiesExactly(
                        l -> assertThat(l).startsWith(good + ": ok (GeoLite2-City, IPv6"),
                        l -> assertThat(l).startsWith(truncated + ": CORRUPT: "),
                        l -> assertThat(l).isEqualTo(missing + ": not found"));
        assertThat(r.err()).contains("2 of 3 files failed verification");
    }
}
