package dev.iptriage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived JVM whose database files are replaced by newer ones: the files open the new content,
 * the old set leaves the table of open sets and gives its cache bytes back, and a lookup that still
 * holds the old set keeps answering from the old data (no silent mix, no failure). Outside Spark: the
 * spec's entries are paths. Each database here has content of its own (its build time), so the
 * JVM-wide table of open sets holds no other test's copy of it.
 */
class DatabaseSwapTest {
    @TempDir
    Path dir;

    /** So large that what other tests of this JVM left in the caches' one budget never stops these. */
    private static final long CACHE = 1L << 40;

    private static final AtomicLong BUILDS = new AtomicLong(Fixtures.BUILT.getEpochSecond() - 1_000_000);

    /** An ASN database that says 8.8.8.0/24 is AS {@code number}, with content no other call writes. */
    private static Path asnDatabase(Path file, long number) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-ASN")
                .languages(List.of("en"))
                .buildEpoch(BUILDS.incrementAndGet())
                .build();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autonomous_system_number", new MmdbWriter.Uint32(number));
        m.put("autonomous_system_organization", "AS" + number);
        Fixtures.insert(w, "8.8.8.0", 24, m);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Fixtures.write(w, file);
    }

    private static String asn(Lookup l, String ip) {
        InternalRow r = l.internal(UTF8String.fromString(ip));
        int i = l.schema().fieldIndex("asn");
        return r.isNullAt(i) ? null : r.getUTF8String(i).toString();
    }

    /** Writes a new file beside {@code target} and renames it over it, as a database update does. */
    private static void replace(Path with, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".new");
        Files.copy(with, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aReplacedFileIsOpenedAnewAndTheOldSetLetGo() throws IOException {
        Path db = asnDatabase(dir.resolve("live.mmdb"), 64500);
        Path newer = asnDatabase(dir.resolve("next/GeoLite2-ASN.mmdb"), 15169);
        String spec = db.toString();

        IptriageDatabases.Opened first = IptriageDatabases.open(spec, null);
        Lookup old = first.lookup("ip,asn", CACHE);
        long before = Lookup.jvmCachedBytes();
        assertThat(asn(old, "8.8.8.8")).isEqualTo("64500");
        for (int i = 0; i < 50; i++) {
            asn(old, "8.8.8." + i);
        }
        assertThat(old.cached()[1]).isEqualTo(50);
        assertThat(Lookup.jvmCachedBytes()).isGreaterThan(before);
        assertThat(IptriageDatabases.open(spec, null))
                .as("the same content: the same set")
                .isSameAs(first);

        replace(newer, db);
        IptriageDatabases.Opened second = IptriageDatabases.open(spec, null);
        assertThat(second).isNotSameAs(first);
        assertThat(second.hashes()).isNotEqualTo(first.hashes());
        assertThat(IptriageDatabases.isOpen(first.hashes())).isFalse();
        assertThat(IptriageDatabases.isOpen(second.hashes())).isTrue();
        assertThat(Lookup.jvmCachedBytes())
                .as("the old set's cache bytes given back")
                .isEqualTo(before);
        assertThat(old.cached()).containsExactly(0, 0);

        // the new content answers; the old lookup still answers from the old data, and caches no more
        Lookup now = second.lookup("ip,asn", CACHE);
        assertThat(asn(now, "8.8.8.8")).isEqualTo("15169");
        assertThat(asn(old, "8.8.8.8")).isEqualTo("64500");
        assertThat(old.cached()).containsExactly(0, 0);
        Lookup late = first.lookup("ip,asn,network", CACHE);
        assertThat(asn(late, "8.8.8.8")).isEqualTo("64500");
        assertThat(late.cached())
                .as("a lookup made over a released set caches nothing")
                .containsExactly(0, 0);
    }

    @Test
    void sessionsShippingTheSameFileNameWithOtherContentKeepTheirSets() throws IOException {
        // two Connect sessions ship GeoLite2-ASN.mmdb into folders of their own, one before an update, one after:
        // the same entry of the spec resolves to two files
        Path before = asnDatabase(dir.resolve("session-1/GeoLite2-ASN.mmdb"), 64500);
        Path after = asnDatabase(dir.resolve("session-2/GeoLite2-ASN.mmdb"), 15169);
        String spec = "GeoLite2-ASN.mmdb";
        List<IptriageDatabases.Source> one = shipped(spec, before);
        List<IptriageDatabases.Source> two = shipped(spec, after);
        IptriageDatabases.Opened a = IptriageDatabases.open(one, spec, null);
        IptriageDatabases.Opened b = IptriageDatabases.open(two, spec, null);
        assertThat(b).isNotSameAs(a);
        for (int i = 0; i < 3; i++) {
            assertThat(IptriageDatabases.open(one, spec, null))
                    .as("not opened again")
                    .isSameAs(a);
            assertThat(IptriageDatabases.open(two, spec, null)).isSameAs(b);
        }
        assertThat(IptriageDatabases.isOpen(a.hashes())).isTrue();
        assertThat(IptriageDatabases.isOpen(b.hashes())).isTrue();
        assertThat(asn(a.lookup("ip,asn", CACHE), "8.8.8.8")).isEqualTo("64500");
        assertThat(asn(b.lookup("ip,asn", CACHE), "8.8.8.8")).isEqualTo("15169");

        // the first session ends: its folder goes, and with it the set once another set is made current
        Files.delete(before);
        Path third = asnDatabase(dir.resolve("session-3/GeoLite2-ASN.mmdb"), 13335);
        IptriageDatabases.open(shipped(spec, third), spec, null);
        assertThat(IptriageDatabases.isOpen(a.hashes()))
                .as("no files hold it any more")
                .isFalse();
        assertThat(IptriageDatabases.isOpen(b.hashes())).isTrue();
    }

    @Test
    void theHashesOfGoneFilesAreForgotten() throws IOException {
        // a long-lived JVM serving many sessions, each shipping its file into a folder that goes when it ends
        String spec = "GeoLite2-ASN.mmdb";
        Path first = asnDatabase(dir.resolve("s0/GeoLite2-ASN.mmdb"), 64500);
        IptriageDatabases.open(shipped(spec, first), spec, null);
        int known = IptriageDatabases.knownHashes();
        Path previous = first;
        for (int i = 1; i <= 20; i++) {
            Path file = asnDatabase(dir.resolve("s" + i + "/GeoLite2-ASN.mmdb"), 64500 + i);
            Files.delete(previous);
            IptriageDatabases.open(shipped(spec, file), spec, null);
            previous = file;
        }
        assertThat(IptriageDatabases.knownHashes())
                .as("one hash per live file, not one per session ever seen")
                .isLessThanOrEqualTo(known);
        // a file that changes in place leaves no hash of its old content behind either
        Path live = dir.resolve("live.mmdb");
        Files.copy(asnDatabase(dir.resolve("v1/x.mmdb"), 1), live);
        IptriageDatabases.open(live.toString(), null);
        int withLive = IptriageDatabases.knownHashes();
        for (int i = 2; i <= 5; i++) {
            replace(asnDatabase(dir.resolve("v" + i + "/x.mmdb"), i), live);
            assertThat(asn(IptriageDatabases.open(live.toString(), null).lookup("ip,asn", CACHE), "8.8.8.8"))
                    .isEqualTo(String.valueOf(i));
        }
        assertThat(IptriageDatabases.knownHashes()).isLessThanOrEqualTo(withLive);
    }

    @Test
    void damagedContentsAreRememberedUpToACap() throws IOException {
        // a long-lived executor shown one damaged file after another: each fails with a clear error, a retry of the
        // same content fails at once with the same error, and only the last ones are remembered
        Path good = asnDatabase(dir.resolve("good/GeoLite2-ASN.mmdb"), 64500);
        byte[] bytes = Files.readAllBytes(good);
        for (int i = 0; i < IptriageDatabases.FAILED_KEPT + 10; i++) {
            byte[] damaged = bytes.clone();
            damaged[damaged.length - 1] ^= (byte) (i + 1); // the metadata's last byte: content of its own
            java.util.Arrays.fill(damaged, 0, Math.min(damaged.length / 2, 4096), (byte) 0xff); // the tree
            Path file = Files.write(dir.resolve("bad-" + i + ".mmdb"), damaged);
            IptriageException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    IptriageException.class, () -> IptriageDatabases.open(file.toString(), null));
            assertThat(e).as("damaged file %s", i).isNotNull();
            assertThat(e.getMessage()).contains(file.getFileName().toString());
            if (i == 0) {
                assertThat(catchThrown(file))
                        .as("the same content fails at once, alike")
                        .isSameAs(e);
            }
        }
        assertThat(IptriageDatabases.knownFailures()).isEqualTo(IptriageDatabases.FAILED_KEPT);
    }

    private static Throwable catchThrown(Path file) {
        return org.assertj.core.api.Assertions.catchThrowable(() -> IptriageDatabases.open(file.toString(), null));
    }

    /** The spec's entry as found among a session's shipped files. */
    private static List<IptriageDatabases.Source> shipped(String name, Path file) {
        IptriageDatabases.Source s = IptriageDatabases.resolve(file.toString()).get(0);
        return List.of(new IptriageDatabases.Source(name, s.path(), s.sha256()));
    }

    @Test
    void aSetOtherFilesStillHoldStaysOpen() throws IOException {
        Path old = asnDatabase(dir.resolve("old/GeoLite2-ASN.mmdb"), 64500);
        Path newer = asnDatabase(dir.resolve("new/GeoLite2-ASN.mmdb"), 15169);
        Path one = dir.resolve("one.mmdb");
        Path two = dir.resolve("two.mmdb");
        Files.copy(old, one);
        Files.copy(old, two);
        IptriageDatabases.Opened a = IptriageDatabases.open(one.toString(), null);
        IptriageDatabases.Opened b = IptriageDatabases.open(two.toString(), null);
        assertThat(b.shares(a)).as("two paths, one content: one set").isTrue();
        assertThat(b).as("each shown as its own files").isNotSameAs(a);

        replace(newer, one);
        IptriageDatabases.Opened a2 = IptriageDatabases.open(one.toString(), null);
        assertThat(a2.shares(a)).isFalse();
        assertThat(IptriageDatabases.isOpen(a.hashes()))
                .as("two.mmdb still holds it")
                .isTrue();
        assertThat(IptriageDatabases.open(two.toString(), null)).isSameAs(b);

        replace(newer, two);
        assertThat(IptriageDatabases.open(two.toString(), null).shares(a2)).isTrue();
        assertThat(IptriageDatabases.isOpen(a.hashes()))
                .as("no files hold it now")
                .isFalse();
    }

    @Test
    void replacingAFileWhileTasksOpenItLeavesOnlyItsLastContentOpen() throws Exception {
        // tasks of a long-lived executor keep opening the databases while an update replaces the file again
        // and again: every answer comes from the content its set was opened with (never a mix), and once
        // the updates stop, the last content is the only one of these sets still open (none left behind)
        Path live = dir.resolve("live.mmdb");
        int versions = 40;
        List<Path> files = new java.util.ArrayList<>();
        Map<String, String> asnByHash = new java.util.concurrent.ConcurrentHashMap<>();
        for (int v = 0; v < versions; v++) {
            Path f = asnDatabase(dir.resolve("v" + v + "/GeoLite2-ASN.mmdb"), 64500 + v);
            files.add(f);
            asnByHash.put(IptriageDatabases.resolve(f.toString()).get(0).sha256(), String.valueOf(64500 + v));
        }
        Files.copy(files.get(0), live);
        String spec = live.toString();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Runnable task = () -> {
            while (!done.get()) {
                IptriageDatabases.Opened o;
                try {
                    o = IptriageDatabases.open(spec, null);
                } catch (IptriageException e) {
                    if (!e.getMessage().contains("changed while it was being opened")) {
                        wrong.add("open failed: " + e.getMessage());
                    }
                    continue;
                }
                opens.incrementAndGet();
                String answer = asn(o.lookup("ip,asn", CACHE), "8.8.8.8");
                String expected = asnByHash.get(o.hashes().get(0));
                if (!answer.equals(expected)) {
                    wrong.add("set " + o.hashes() + " answered " + answer + ", its content says " + expected);
                }
            }
        };
        List<Thread> tasks = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            tasks.add(Thread.ofPlatform().start(task));
        }
        for (int v = 1; v < versions; v++) {
            replace(files.get(v), live);
            Thread.sleep(2);
        }
        done.set(true);
        for (Thread t : tasks) {
            t.join();
        }
        assertThat(wrong).isEmpty();
        assertThat(opens.get()).isPositive();
        IptriageDatabases.Opened last = IptriageDatabases.open(spec, null);
        assertThat(asn(last.lookup("ip,asn", CACHE), "8.8.8.8")).isEqualTo(String.valueOf(64500 + versions - 1));
        List<String> stillOpen = asnByHash.keySet().stream()
                .filter(h -> IptriageDatabases.isOpen(List.of(h)))
                .map(asnByHash::get)
                .sorted()
                .toList();
        assertThat(stillOpen)
                .as("the sets of the file's earlier contents are let go")
                .containsExactly(String.valueOf(64500 + versions - 1));
    }
}
