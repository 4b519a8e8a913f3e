package dev.iptriage.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files at other paths with the same content share one set of open readers, but each spec is shown its own files:
 * the names and paths of {@code iptriage_databases()}, the message of a damaged file, and the reason of an error row
 * name the file of the spec in use, never the one the content was first opened from. Outside Spark: entries are paths.
 */
class SameContentElsewhereTest {
    @TempDir
    Path dir;

    private int statusIndex;

    /** Build times no other test writes, so each database's content is opened first here. */
    private static final AtomicLong BUILDS = new AtomicLong(Fixtures.BUILT.getEpochSecond() - 3_000_000);

    /** An ASN database whose 8.8.8.0/24 record is {@code record}. */
    private static Path asnDatabase(Path file, Object record) throws IOException {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-ASN")
                .languages(List.of("en"))
                .buildEpoch(BUILDS.incrementAndGet())
                .build();
        Fixtures.insert(w, "8.8.8.0", 24, record);
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("autonomous_system_number", new MmdbWriter.Uint32(64500));
        ok.put("autonomous_system_organization", "AS64500");
        Fixtures.insert(w, "9.9.9.0", 24, ok);
        Files.createDirectories(file.getParent());
        return Fixtures.write(w, file);
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        return Files.copy(from, to);
    }

    @Test
    void theDatabasesTableNamesTheFilesOfTheSpecInUse() throws IOException {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("autonomous_system_number", new MmdbWriter.Uint32(15169));
        Path a = asnDatabase(dir.resolve("a/GeoLite2-ASN.mmdb"), rec);
        Path b = copy(a, dir.resolve("b/asncopy.mmdb"));

        IptriageDatabases.Opened first = IptriageDatabases.open(a.toString(), null);
        IptriageDatabases.Opened second = IptriageDatabases.open(b.toString(), null);

        assertThat(first.infos()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo(a.toString());
            assertThat(i.origin()).isEqualTo(a.toString());
        });
        assertThat(second.infos()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo(b.toString());
            assertThat(i.origin()).isEqualTo(b.toString());
            assertThat(i.type()).isEqualTo("GeoLite2-ASN");
        });
        assertThat(second.hashes()).isEqualTo(first.hashes());
        assertThat(second.infos().get(0).sha256())
                .isEqualTo(first.infos().get(0).sha256());
        assertThat(IptriageDatabases.open(a.toString(), null))
                .as("the first files again: as they were shown")
                .isSameAs(first);
        // one content, one set of readers and caches: a value looked up through one spec is cached for the other
        Lookup la = first.lookup("ip,asn", 1L << 40);
        Lookup lb = second.lookup("ip,asn", 1L << 40);
        la.internal(UTF8String.fromString("8.8.8.8"));
        int before = lb.cached()[1];
        lb.internal(UTF8String.fromString("8.8.8.8"));
        assertThat(lb.cached()[1]).isEqualTo(before);
    }

    @Test
    void aDamagedCopyAtAnotherPathIsNamedAsItself() throws IOException {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("autonomous_system_number", new MmdbWriter.Uint32(15169));
        Path good = asnDatabase(dir.resolve("good/GeoLite2-ASN.mmdb"), rec);
        byte[] bytes = Files.readAllBytes(good);
        java.util.Arrays.fill(bytes, 0, Math.min(bytes.length / 2, 4096), (byte) 0xff); // the tree
        Files.createDirectories(dir.resolve("first"));
        Path a = Files.write(dir.resolve("first/bad.mmdb"), bytes);
        Path b = copy(a, dir.resolve("second/badcopy.mmdb"));

        IptriageException atA =
                catchThrowableOfType(IptriageException.class, () -> IptriageDatabases.open(a.toString(), null));
        IptriageException atB =
                catchThrowableOfType(IptriageException.class, () -> IptriageDatabases.open(b.toString(), null));
        assertThat(atA.getMessage()).contains(a.toString()).contains("not a valid .mmdb file");
        assertThat(atB.getMessage())
                .contains("'" + b + "' (" + b + ",")
                .contains("not a valid .mmdb file")
                .doesNotContain(a.toString());
        // the reason after the names is the first failure's, with the file renamed
        String reasonA = atA.getMessage().substring(atA.getMessage().indexOf("file: ") + 6);
        String reasonB = atB.getMessage().substring(atB.getMessage().indexOf("file: ") + 6);
        assertThat(reasonB).isEqualTo(reasonA.replace(a.toString(), b.toString()));
        assertThat(stackTrace(atB)).doesNotContain(a.toString());
        assertThat(catchThrowableOfType(IptriageException.class, () -> IptriageDatabases.open(a.toString(), null)))
                .as("the first file again: the same failure")
                .isSameAs(atA);
    }

    @Test
    void anErrorRowNamesTheFileOfTheSpecInUse() throws IOException {
        Path a = asnDatabase(dir.resolve("a/GeoLite2-ASN.mmdb"), "not a record");
        Path b = copy(a, dir.resolve("b/asncopy.mmdb"));

        Lookup la = IptriageDatabases.open(a.toString(), null).lookup("ip,asn,as_org");
        Lookup lb = IptriageDatabases.open(b.toString(), null).lookup("ip,asn,as_org");
        statusIndex = la.schema().fieldIndex("status");
        for (int round = 0; round < 2; round++) { // the second round answers from the caches
            Row ra = la.lookup("8.8.8.8");
            Row rb = lb.lookup("8.8.8.8");
            assertThat(status(ra)).startsWith("error:").contains(a.toString());
            assertThat(status(rb)).startsWith("error:").contains(b.toString()).doesNotContain(a.toString());
            assertThat(status(rb)).isEqualTo(status(ra).replace(a.toString(), b.toString()));

            InternalRow ia = la.internal(UTF8String.fromString("8.8.8.8"));
            InternalRow ib = lb.internal(UTF8String.fromString("8.8.8.8"));
            int s = lb.schema().fieldIndex("status");
            assertThat(ib.getUTF8String(s).toString()).isEqualTo(status(rb));
            assertThat(ia.getUTF8String(s).toString()).isEqualTo(status(ra));
            assertThat(ib.getUTF8String(lb.schema().fieldIndex("ip")).toString())
                    .isEqualTo("8.8.8.8");

            // rows that are no errors are the same either way
            assertThat(lb.lookup("9.9.9.9")).isEqualTo(la.lookup("9.9.9.9"));
            assertThat(lb.lookupAll(new Object[] {"9.9.9.9", "8.8.8.8"}, 2)[1]).isEqualTo(rb);
        }
    }

    private String status(Row r) {
        return r.getString(statusIndex);
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
