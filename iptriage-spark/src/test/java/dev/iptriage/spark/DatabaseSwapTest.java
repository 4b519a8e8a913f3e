package dev.iptriage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived JVM whose database files are replaced by newer ones: the spec opens the new content,
 * the old set leaves the table of open sets and gives its cache bytes back, and a lookup that still
 * holds the old set keeps answering from the old data (no silent mix, no failure). Outside Spark: the
 * spec's entries are paths.
 */
class DatabaseSwapTest {
    @TempDir
    Path dir;

    /** So large that what other tests of this JVM left in the caches' one budget never stops these. */
    private static final long CACHE = 1L << 40;

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
        Path city = Fixtures.city(Files.createDirectories(dir.resolve("c")));
        Path asn = Fixtures.asn(Files.createDirectories(dir.resolve("a")));
        Path db = dir.resolve("live.mmdb");
        Files.copy(city, db);
        String spec = db.toString();

        IptriageDatabases.Opened first = IptriageDatabases.open(spec, null);
        Lookup old = first.lookup("ip,asn,city", CACHE);
        long before = Lookup.jvmCachedBytes();
        assertThat(asn(old, "8.8.8.8")).as("a City database has no asn").isNull();
        for (int i = 0; i < 50; i++) {
            asn(old, "81.2.69." + i);
        }
        assertThat(old.cached()[1]).isPositive();
        long held = Lookup.jvmCachedBytes() - before;
        assertThat(held).isPositive();
        assertThat(IptriageDatabases.open(spec, null))
                .as("the same content: the same set")
                .isSameAs(first);

        replace(asn, db);
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
        Lookup now = second.lookup("ip,asn,city", CACHE);
        assertThat(asn(now, "8.8.8.8")).isEqualTo("15169");
        assertThat(asn(old, "8.8.8.8")).isNull();
        assertThat(old.cached()).containsExactly(0, 0);
        assertThat(first.lookup("ip,asn", CACHE).cached())
                .as("a lookup made over a released set caches nothing")
                .containsExactly(0, 0);
        first.lookup("ip,asn", CACHE).internal(UTF8String.fromString("8.8.8.8"));
        assertThat(first.lookup("ip,asn", CACHE).cached()).containsExactly(0, 0);
    }

    @Test
    void sessionsShippingTheSameFileNameWithOtherContentKeepTheirSets() throws IOException {
        // two Connect sessions ship GeoLite2-City.mmdb into folders of their own, one before an update, one after
        Path city = Fixtures.city(Files.createDirectories(dir.resolve("c")));
        Path asn = Fixtures.asn(Files.createDirectories(dir.resolve("a")));
        Path before = Files.createDirectories(dir.resolve("session-1")).resolve("GeoLite2-City.mmdb");
        Path after = Files.createDirectories(dir.resolve("session-2")).resolve("GeoLite2-City.mmdb");
        Files.copy(city, before);
        Files.copy(asn, after);
        IptriageDatabases.Opened one = IptriageDatabases.open(before.toString(), null);
        IptriageDatabases.Opened two = IptriageDatabases.open(after.toString(), null);
        for (int i = 0; i < 3; i++) {
            assertThat(IptriageDatabases.open(before.toString(), null)).isSameAs(one);
            assertThat(IptriageDatabases.open(after.toString(), null)).isSameAs(two);
        }
        assertThat(IptriageDatabases.isOpen(one.hashes())).isTrue();
        assertThat(IptriageDatabases.isOpen(two.hashes())).isTrue();

        // the first session ends: its folder goes, and with it the set once something changes
        Files.delete(before);
        Path third = Files.createDirectories(dir.resolve("session-3")).resolve("GeoLite2-ASN.mmdb");
        Files.copy(asn, third);
        assertThat(IptriageDatabases.open(third.toString(), null)).isSameAs(two);
        assertThat(IptriageDatabases.isOpen(one.hashes()))
                .as("no files hold it any more")
                .isFalse();
        assertThat(IptriageDatabases.isOpen(two.hashes())).isTrue();
    }

    @Test
    void aSetAnotherSpecStillNamesStaysOpen() throws IOException {
        Path city = Fixtures.city(Files.createDirectories(dir.resolve("c")));
        Path asn = Fixtures.asn(Files.createDirectories(dir.resolve("a")));
        Path one = dir.resolve("one.mmdb");
        Path two = dir.resolve("two.mmdb");
        Files.copy(city, one);
        Files.copy(city, two);
        IptriageDatabases.Opened a = IptriageDatabases.open(one.toString(), null);
        IptriageDatabases.Opened b = IptriageDatabases.open(two.toString(), null);
        assertThat(b).as("two paths, one content: one set").isSameAs(a);

        replace(asn, one);
        IptriageDatabases.Opened a2 = IptriageDatabases.open(one.toString(), null);
        assertThat(a2).isNotSameAs(a);
        assertThat(IptriageDatabases.isOpen(a.hashes()))
                .as("two.mmdb still names it")
                .isTrue();
        assertThat(IptriageDatabases.open(two.toString(), null)).isSameAs(a);

        replace(asn, two);
        assertThat(IptriageDatabases.open(two.toString(), null)).isSameAs(a2);
        assertThat(IptriageDatabases.isOpen(a.hashes()))
                .as("no spec names it now")
                .isFalse();
    }
}
