package dev.iptriage.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.dns.DnsCacheFile;
import dev.iptriage.ip.IpAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CompiledLists}: a cache-loaded index answers exactly as a fresh compile on random lists and probes; a damaged,
 * truncated, foreign or oversized cache file is rebuilt, never an exception or another answer; eviction, location and
 * an unwritable folder.
 */
class CompiledListsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Random lists with metadata, facts and bad lines, one per file (the files' bytes only key the cache). */
    private Map<Path, IpList> randomLists(RandomGenerator r) throws IOException {
        Map<Path, IpList> out = new java.util.LinkedHashMap<>();
        List<String> names = List.of("drop", "tor", "firehol", "tor", "watch", "a");
        int count = 1 + r.nextInt(names.size());
        for (int l = 0; l < count; l++) {
            List<ListEntry> entries = new ArrayList<>();
            int n = r.nextInt(4) == 0 ? 0 : r.nextInt(120);
            for (int i = 0; i < n; i++) {
                ListEntry e = ListIndexTest.randomEntry(r, i + 1);
                entries.add(
                        r.nextInt(5) == 0
                                ? new ListEntry(
                                        e.first(), e.last(), e.line(), Map.of("sblid", "SBL" + i, "rir", "ripencc"))
                                : e);
                if (r.nextInt(10) == 0) {
                    entries.add(new ListEntry(e.first(), e.last(), i + 1000, Map.of("dup", "yes")));
                }
            }
            List<ListProblem> problems = new ArrayList<>();
            int bad = r.nextInt(3) == 0 ? r.nextInt(4) : 0;
            for (int i = 0; i < bad; i++) {
                problems.add(new ListProblem(i + 7, "'x" + i + "' is not an address; expected é, ✓"));
            }
            String name = names.get(r.nextInt(names.size()));
            IpList list = new IpList(
                    name,
                    ListFormat.values()[r.nextInt(ListFormat.values().length)],
                    r.nextBoolean() ? null : "title " + l,
                    r.nextBoolean() ? null : "https://example.org/" + l,
                    r.nextBoolean() ? null : "2026-01-0" + (1 + l),
                    r.nextBoolean() ? null : "CC0",
                    null,
                    r.nextBoolean() ? Map.of() : Map.of("category", "attacks", "version", Integer.toString(l)),
                    entries,
                    problems,
                    problems.size() + (bad > 0 && r.nextBoolean() ? 1000L : 0L));
            Path f = dir.resolve("in" + l).resolve(name + ".txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "seeded list " + r.nextLong() + "\n");
            out.put(f, list);
        }
        return out;
    }

    private static void assertSameAnswers(
            CompiledLists.Compiled got, CompiledLists.Compiled fresh, List<IpAddress> probes) {
        assertThat(got.lists()).isEqualTo(fresh.lists());
        assertThat(got.index().lists()).isEqualTo(fresh.index().lists());
        assertThat(got.index().entryCount()).isEqualTo(fresh.index().entryCount());
        assertThat(got.index().intervalCount()).isEqualTo(fresh.index().intervalCount());
        assertThat(got.index().answerCount()).isEqualTo(fresh.index().answerCount());
        for (IpAddress p : probes) {
            assertThat(got.index().match(p)).as("%s", p).isEqualTo(fresh.index().match(p));
            assertThat(got.index().answerId(p))
                    .as("%s", p)
                    .isEqualTo(fresh.index().answerId(p));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aCacheLoadedIndexAnswersExactlyAsAFreshCompile(long seed) throws IOException {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        Map<Path, IpList> lists = randomLists(r);
        List<Path> files = List.copyOf(lists.keySet());
        Path cache = dir.resolve("cache");
        AtomicInteger reads = new AtomicInteger();
        CompiledLists.Reader reader = f -> {
            reads.incrementAndGet();
            return lists.get(f);
        };
        CompiledLists.Compiled first = CompiledLists.load(files, cache, "test", CLOCK, reader);
        CompiledLists.Compiled second = CompiledLists.load(files, cache, "test", CLOCK, reader);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(reads).hasValue(files.size());
        CompiledLists.Compiled fresh = new CompiledLists.Compiled(
                List.copyOf(lists.values()), ListIndex.of(List.copyOf(lists.values())), false);
        List<IpAddress> probes = ListIndexTest.probes(List.copyOf(lists.values()), r);
        assertSameAnswers(first, fresh, probes);
        assertSameAnswers(second, fresh, probes);
        for (IpAddress p : probes) { // and the fresh answer is the brute force's
            assertThat(second.index().match(p)).isEqualTo(ListIndexTest.bruteForce(List.copyOf(lists.values()), p));
        }
    }

    /** A small cache of real lists read from files, and the fresh answers to compare with. */
    private record Small(
            List<Path> files,
            Path cache,
            Path cacheFile,
            byte[] bytes,
            CompiledLists.Compiled fresh,
            List<IpAddress> probes) {}

    private Small small() throws IOException {
        Path a = dir.resolve("drop.txt");
        Files.writeString(
                a, "; Spamhaus DROP\n1.2.3.0/24 ; SBL123\n5.6.0.0/16 ; SBL9\nnot-an-address\n2001:db8::/32 ; SBL7\n");
        Path b = dir.resolve("watch.txt");
        Files.writeString(b, "1.2.3.4\n10.0.0.0/8\n::ffff:1.2.3.0/120\n5.6.7.8-5.6.9.0\n");
        List<Path> files = List.of(a, b);
        Path cache = dir.resolve("cache");
        CompiledLists.Compiled fresh = CompiledLists.load(files, cache, "v", CLOCK, ListReader::read);
        assertThat(fresh.cached()).isFalse();
        Path cacheFile = CompiledLists.file(cache, CompiledLists.key(files, "v"));
        List<IpAddress> probes = new ArrayList<>();
        for (String s :
                List.of("1.2.3.4", "1.2.3.5", "5.6.8.1", "10.9.9.9", "2001:db8::1", "::ffff:1.2.3.9", "9.9.9.9")) {
            probes.add(ListIndexTest.ip(s));
        }
        return new Small(files, cache, cacheFile, Files.readAllBytes(cacheFile), fresh, probes);
    }

    @Test
    void everyTruncationOfTheCacheFileIsRebuilt() throws IOException {
        Small s = small();
        for (int cut = 0; cut < s.bytes().length; cut++) {
            Files.write(s.cacheFile(), java.util.Arrays.copyOf(s.bytes(), cut));
            CompiledLists.Compiled got = CompiledLists.load(s.files(), s.cache(), "v", CLOCK, ListReader::read);
            assertThat(got.cached()).as("cut at %d", cut).isFalse();
            assertSameAnswers(got, s.fresh(), s.probes());
            assertThat(Files.readAllBytes(s.cacheFile())).as("rewritten").isEqualTo(s.bytes());
        }
        assertThat(CompiledLists.load(s.files(), s.cache(), "v", CLOCK, ListReader::read)
                        .cached())
                .isTrue();
    }

    @Test
    void flippedBytesGiveTheFreshAnswersOrARebuild() throws IOException {
        Small s = small();
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        for (int i = 0; i < 2000; i++) {
            byte[] b = s.bytes().clone();
            int flips = 1 + r.nextInt(3);
            for (int k = 0; k < flips; k++) {
                b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
            }
            Files.write(s.cacheFile(), b);
            CompiledLists.Compiled got = CompiledLists.load(s.files(), s.cache(), "v", CLOCK, ListReader::read);
            assertSameAnswers(got, s.fresh(), s.probes());
        }
    }

    /** The bytes with a new checksum, so only the checks behind it can refuse them. */
    private static byte[] resummed(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    @Test
    void aCacheFileOfAnotherFormatOrKeyOrDamagedBehindItsChecksumIsRebuilt() throws IOException {
        Small s = small();
        byte[] version = s.bytes().clone();
        ByteBuffer.wrap(version).putInt(4, CompiledLists.FORMAT + 1);
        byte[] key = s.bytes().clone();
        key[8] ^= 1;
        byte[] magic = s.bytes().clone();
        magic[0] ^= 1;
        byte[] tail = java.util.Arrays.copyOf(s.bytes(), s.bytes().length + 1); // a byte after the end
        tail[tail.length - 1] = tail[tail.length - 2];
        tail[tail.length - 2] = 0;
        for (byte[] b : List.of(version, key, magic, tail)) {
            Files.write(s.cacheFile(), resummed(b));
            CompiledLists.Compiled got = CompiledLists.load(s.files(), s.cache(), "v", CLOCK, ListReader::read);
            assertThat(got.cached()).isFalse();
            assertSameAnswers(got, s.fresh(), s.probes());
        }
        // damage behind a good checksum at every byte: never an exception, and the answers are the fresh ones or
        // it is rebuilt (what the structural checks can see); the checksum is what catches the rest
        for (int i = 44; i < s.bytes().length - 4; i++) {
            byte[] b = s.bytes().clone();
            b[i] ^= (byte) 0x80;
            Files.write(s.cacheFile(), resummed(b));
            assertThat(CompiledLists.load(s.files(), s.cache(), "v", CLOCK, ListReader::read))
                    .isNotNull();
        }
    }

    @Test
    void anOversizedCacheFileIsIgnored() throws IOException {
        Small s = small();
        try (RandomAccessFile f = new RandomAccessFile(s.cacheFile().toFile(), "rw")) {
            f.setLength(CompiledLists.MAX_SIZE + 1); // sparse
        }
        CompiledLists.Compiled got = CompiledLists.load(s.files(), s.cache(), "v", CLOCK, ListReader::read);
        assertThat(got.cached()).isFalse();
        assertSameAnswers(got, s.fresh(), s.probes());
        assertThat(Files.size(s.cacheFile())).isEqualTo(s.bytes().length);
    }

    @Test
    void theKeyIsTheContentAndTheNamesNotTheFolders() throws IOException {
        Path a = dir.resolve("x/drop.txt");
        Path b = dir.resolve("y/drop.txt");
        Path c = dir.resolve("y/other.txt");
        Files.createDirectories(a.getParent());
        Files.createDirectories(b.getParent());
        Files.writeString(a, "1.2.3.4\n");
        Files.writeString(b, "1.2.3.4\n");
        Files.writeString(c, "1.2.3.4\n");
        assertThat(CompiledLists.key(List.of(a), "v")).isEqualTo(CompiledLists.key(List.of(b), "v"));
        assertThat(CompiledLists.key(List.of(a), "v")).isNotEqualTo(CompiledLists.key(List.of(c), "v"));
        assertThat(CompiledLists.key(List.of(a), "v")).isNotEqualTo(CompiledLists.key(List.of(a), "w"));
        assertThat(CompiledLists.key(List.of(a, c), "v")).isNotEqualTo(CompiledLists.key(List.of(c, a), "v"));
        String before = CompiledLists.key(List.of(a), "v");
        Files.writeString(a, "1.2.3.5\n");
        assertThat(CompiledLists.key(List.of(a), "v")).isNotEqualTo(before);
        // and the cache follows: the changed file's answer, not the cached one
        Path cache = dir.resolve("cache");
        CompiledLists.load(List.of(b), cache, "v", CLOCK, ListReader::read);
        CompiledLists.Compiled got = CompiledLists.load(List.of(a), cache, "v", CLOCK, ListReader::read);
        assertThat(got.cached()).isFalse();
        assertThat(got.index().match(ListIndexTest.ip("1.2.3.5"))).hasSize(1);
        assertThat(got.index().match(ListIndexTest.ip("1.2.3.4"))).isEmpty();
    }

    @Test
    void badLinesComeBackOnAHitAndNotAListIsNeverCached() throws IOException {
        Small s = small();
        CompiledLists.Compiled hit = CompiledLists.load(s.files(), s.cache(), "v", CLOCK, ListReader::read);
        assertThat(hit.cached()).isTrue();
        assertThat(hit.lists().get(0).problems())
                .isEqualTo(s.fresh().lists().get(0).problems())
                .hasSize(1);
        assertThat(hit.lists().get(0).problemCount()).isEqualTo(1);

        Path notAList = dir.resolve("image.txt");
        Files.write(notAList, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0});
        Path cache = dir.resolve("cache2");
        for (int run = 0; run < 2; run++) {
            assertThatThrownBy(() -> CompiledLists.load(List.of(notAList), cache, "v", CLOCK, ListReader::read))
                    .isInstanceOf(ListReader.NotAListException.class);
        }
        assertThat(Files.exists(cache) ? listing(cache) : List.of()).isEmpty();
    }

    @Test
    void aGzipListIsReadAsTheListItHoldsAndCached() throws IOException {
        Path plain = dir.resolve("drop.txt");
        String text = "; DROP\n1.2.3.0/24 ; SBL1\nbad\n";
        Files.writeString(plain, text);
        Path gz = dir.resolve("gz/drop.txt.gz");
        Files.createDirectories(gz.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ListReader.read(gz)).isEqualTo(ListReader.read(plain));
        Path cache = dir.resolve("cache");
        CompiledLists.Compiled miss = CompiledLists.load(List.of(gz), cache, "v", CLOCK, ListReader::read);
        CompiledLists.Compiled hit = CompiledLists.load(List.of(gz), cache, "v", CLOCK, ListReader::read);
        assertThat(hit.cached()).isTrue();
        assertThat(hit.lists()).isEqualTo(miss.lists()).containsExactly(ListReader.read(plain));
        // damaged gzip data is not a list
        byte[] b = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> ListReader.read(gz))
                .isInstanceOf(ListReader.NotAListException.class)
                .hasMessageStartingWith(gz + ": damaged gzip-compressed data");
    }

    private static List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void evictionKeepsTheNewestAndDropsTheUnused() throws IOException {
        Path cache = dir.resolve("cache");
        Files.createDirectories(cache);
        Instant now = CLOCK.instant();
        Map<String, Instant> made = new HashMap<>();
        for (int i = 0; i < 10; i++) { // hours old: the 8 newest stay
            made.put("k" + i + ".bin", now.minus(Duration.ofHours(i)));
        }
        made.put("old.bin", now.minus(CompiledLists.MAX_AGE).minusSeconds(1));
        made.put(".dead.tmp", now.minus(Duration.ofHours(2)));
        made.put(".live.tmp", now.minus(Duration.ofMinutes(5)));
        made.put("notes.txt", now.minus(Duration.ofDays(400)));
        for (Map.Entry<String, Instant> m : made.entrySet()) {
            Path p = cache.resolve(m.getKey());
            Files.writeString(p, "x");
            Files.setLastModifiedTime(p, FileTime.from(m.getValue()));
        }
        CompiledLists.evict(cache, CLOCK);
        assertThat(listing(cache))
                .containsExactly(
                        ".live.tmp",
                        "k0.bin",
                        "k1.bin",
                        "k2.bin",
                        "k3.bin",
                        "k4.bin",
                        "k5.bin",
                        "k6.bin",
                        "k7.bin",
                        "notes.txt");
    }

    @Test
    void aHitRenewsItsFileAndOnlyEightFilesAreKept() throws IOException {
        Path cache = dir.resolve("cache");
        Clock clock = CLOCK;
        Path first = dir.resolve("l0.txt");
        Files.writeString(first, "1.0.0.0\n");
        for (int i = 0; i < 12; i++) {
            clock = Clock.offset(CLOCK, Duration.ofMinutes(i));
            Path f = dir.resolve("l" + i + ".txt");
            Files.writeString(f, "1.0.0." + i + "\n");
            CompiledLists.load(List.of(f), cache, "v", clock, ListReader::read);
            CompiledLists.load(List.of(first), cache, "v", clock, ListReader::read); // the first stays in use
        }
        List<String> left = listing(cache);
        assertThat(left).hasSize(CompiledLists.KEEP);
        assertThat(left).contains(CompiledLists.key(List.of(first), "v") + ".bin");
    }

    @Test
    void theCacheIsOwnerOnlyAndAnUnwritableFolderIsSilent() throws IOException {
        Small s = small();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.cache())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.cacheFile())))
                .isEqualTo("rw-------");
        Path notAFolder = dir.resolve("file");
        Files.writeString(notAFolder, "x");
        for (Path cache : List.of(notAFolder, notAFolder.resolve("sub"))) {
            CompiledLists.Compiled got = CompiledLists.load(s.files(), cache, "v", CLOCK, ListReader::read);
            assertThat(got.cached()).isFalse();
            assertSameAnswers(got, s.fresh(), s.probes());
        }
        CompiledLists.Compiled none = CompiledLists.load(s.files(), null, "v", CLOCK, ListReader::read);
        assertSameAnswers(none, s.fresh(), s.probes());
    }

    @Test
    void theFolderIsBesideTheDnsCache() {
        String home = "/home/u";
        assertThat(CompiledLists.defaultDir(Map.of("XDG_CACHE_HOME", "/xdg"), home))
                .isEqualTo(Path.of("/xdg", "iptriage", "lists"));
        assertThat(CompiledLists.defaultDir(Map.of(), home)).isEqualTo(Path.of(home, ".cache", "iptriage", "lists"));
        for (Map<String, String> env : List.of(
                Map.of("XDG_CACHE_HOME", "/xdg"),
                Map.<String, String>of(),
                Map.of("XDG_CACHE_HOME", ""),
                Map.of("XDG_CACHE_HOME", "relative/cache"),
                Map.of("XDG_CACHE_HOME", "nul\0byte"))) {
            assertThat(CompiledLists.defaultDir(env, home))
                    .as("%s", env)
                    .isEqualTo(DnsCacheFile.defaultPath(env, home).resolveSibling("lists"));
        }
    }

    @Test
    void writingTwiceGivesTheSameBytes() throws IOException {
        Small s = small();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompiledLists.write(out, CompiledLists.key(s.files(), "v"), s.fresh());
        assertThat(out.toByteArray()).isEqualTo(s.bytes());
    }

    /** A list given as a pipe ({@code --list <(zcat x.gz)}) is read once, by the reader, and never cached. */
    @Test
    @org.junit.jupiter.api.Timeout(60) // read twice, the second open of the pipe would wait for a writer forever
    void aPipeIsReadOnceAndNotCached() throws Exception {
        Path fifo = dir.resolve("pipe.txt");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        Thread writer = Thread.ofPlatform().start(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("192.0.2.1\n198.51.100.0/24\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path cache = dir.resolve("pipe-cache");
        CompiledLists.Compiled c = CompiledLists.load(List.of(fifo), cache, "v", CLOCK, ListReader::read);
        writer.join(10_000);
        assertThat(c.cached()).isFalse();
        assertThat(c.lists().get(0).entries()).hasSize(2);
        assertThat(Files.exists(cache) ? Files.list(cache).count() : 0).isZero();
    }
}
