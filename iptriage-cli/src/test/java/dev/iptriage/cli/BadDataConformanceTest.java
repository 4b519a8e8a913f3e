package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbVerifier;
import dev.iptriage.testing.SharedData;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corrupt file from MaxMind's bad-data set (and the deliberately broken test databases) is
 * rejected with one clear line and exit 3, or, where the damage sits in records only some lookups
 * reach, the run completes with those rows marked error (exit 5). Never a hang, a stack trace or
 * an out-of-memory, and never a row ok from damage: every ok row is one MaxMind's reader reads
 * without fault, to the same record.
 */
class BadDataConformanceTest {
    private static final String PROBES = String.join(
                    "\n",
                    "1.1.1.1",
                    "8.8.8.8",
                    "1.2.3.4",
                    "81.2.69.160",
                    "2001:4860::1",
                    "::1.2.3.4",
                    "255.255.255.255",
                    "0.0.0.0",
                    "::",
                    "ffff::1",
                    "128.0.0.1",
                    "64.0.0.1")
            + "\n";

    static Stream<Path> corruptFiles() throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(SharedData.require("maxmind-db/bad-data"))) {
            s.filter(p -> p.toString().endsWith(".mmdb")).sorted().forEach(out::add);
        }
        try (Stream<Path> s = Files.list(SharedData.require("maxmind-db/test-data"))) {
            s.filter(p -> p.getFileName().toString().matches(".*(Broken|broken|Invalid|dos|limit-over).*\\.mmdb"))
                    .sorted()
                    .forEach(out::add);
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void rejectedCleanlyOrDamagedRowsMarked(Path db) throws Exception {
        String name = db.getFileName().toString();
        MmdbVerifier.Report report = null;
        try (MmdbReader r = MmdbReader.open(db)) {
            report = MmdbVerifier.verify(r, 500);
        } catch (MmdbFormatException e) {
            // cannot even be opened: the command must say so in one line
        }
        String input = report == null ? PROBES : probes(report);
        Cli.Result r = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> Cli.run(input, "enrich", "--db", db.toString(), "--fields", "all", "--raw"));
        assertThat(r.err()).as(name).doesNotContain("Exception", "\tat ", "internal error");
        if (report == null) {
            assertThat(r.code()).as(name + ": " + r.err()).isEqualTo(3);
            assertThat(r.err().strip()).as(name).hasLineCount(1).contains(name);
            return;
        }
        long lines = input.lines().count();
        assertThat(r.out().lines().count()).as(name).isEqualTo(lines + 1);
        okRowsAreSound(db, r.out());
        if (!report.lookupsAffected()) {
            // files whose damage no lookup can reach (garbage in unreachable nodes), and valid files
            // that crashed some reader (an empty map last in the metadata, a build_epoch of
            // UINT64_MAX), must simply work
            assertThat(r.code()).as(name + ": " + r.err()).isZero();
            assertThat(r.out()).as(name).doesNotContain(",error:");
        } else {
            assertThat(r.code()).as(name + ": " + report.problems()).isEqualTo(5);
            assertThat(r.out()).as(name).contains(",error:");
            assertThat(r.err()).as(name).containsPattern("\\d+ (row has|rows have) status error; first: ");
        }
    }

    /** Each ok row's address: MaxMind's reader finds a record for it, without fault, the same as ours. */
    private static void okRowsAreSound(Path db, String out) throws Exception {
        try (Reader theirs = new Reader(db.toFile());
                MmdbReader ours = MmdbReader.open(db)) {
            for (String row : out.lines().skip(1).toList()) {
                String[] cells = row.split(",", 3);
                if (!cells[1].equals("ok")) {
                    continue;
                }
                String as = db.getFileName() + ": " + row;
                InetAddress a = InetAddress.getByName(cells[0]); // an address literal: no DNS
                DatabaseRecord<Object> want;
                try {
                    want = theirs.getRecord(a, Object.class);
                } catch (Exception e) {
                    throw new AssertionError(as + ": ok, but MaxMind's reader fails: " + e);
                }
                assertThat(want.data()).as(as).isNotNull();
                byte[] b = a.getAddress();
                long res = b.length == 4
                        ? ours.find(0, Integer.toUnsignedLong(ByteBuffer.wrap(b).getInt()), true)
                        : ours.find(
                                ByteBuffer.wrap(b).getLong(), ByteBuffer.wrap(b).getLong(8), false);
                assertThat(sorted(ours.decode(MmdbReader.offset(res)))).as(as).isEqualTo(sorted(want.data()));
            }
        }
    }

    /** A decoded value as text, maps in key order (MaxMind's reader keeps no order). */
    private static String sorted(Object v) {
        if (v instanceof java.util.Map<?, ?> m) {
            java.util.Map<String, String> t = new java.util.TreeMap<>();
            m.forEach((k, x) -> t.put(String.valueOf(k), sorted(x)));
            return t.toString();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(BadDataConformanceTest::sorted).toList().toString();
        }
        return v instanceof byte[] b ? java.util.Arrays.toString(b) : String.valueOf(v);
    }

    /** The standard probes plus the first address of every leaf network the verifier found. */
    private static String probes(MmdbVerifier.Report report) {
        StringBuilder b = new StringBuilder(PROBES);
        for (MmdbVerifier.Leaf l : report.leaves()) {
            IpAddress a = l.v4() ? IpAddress.ofV4((int) l.lo()) : IpAddress.ofV6(l.hi(), l.lo());
            b.append(a).append('\n');
        }
        return b.toString();
    }
}
