package dev.iptriage.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iptriage.sources.SourceStatus;
import dev.iptriage.testing.Concurrently;
import dev.iptriage.testing.HostileText;
import dev.iptriage.testing.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * The persistent DNS answer cache: what is put comes back exactly (hostile records too) through the
 * file, until the clock says it is stale; files that are not ours are refused and left untouched;
 * two handles and many threads share it without losing a put.
 */
class DnsCacheFileTest {
    /** A fixed start: no test depends on today's date. */
    private static final Instant T0 = Instant.parse("2031-02-03T04:05:06Z");

    private static final long NOW = T0.getEpochSecond();

    @TempDir
    Path dir;

    private Path cache() {
        return dir.resolve("dns-cache.sqlite");
    }

    private static CachedAnswer ok(long expires, String... records) {
        return new CachedAnswer(SourceStatus.OK, List.of(records), expires);
    }

    private static Connection raw(Path file) throws SQLException {
        return new SQLiteConfig().createConnection("jdbc:sqlite:" + file.toUri());
    }

    private static long rows(Path file) throws SQLException {
        try (Connection c = raw(file);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM answer")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void theThreeStatusesComeBackThroughTheFile() throws Exception {
        Map<String, CachedAnswer> answers = Map.of(
                "PTR 4.3.2.1.in-addr.arpa.",
                ok(NOW + 3600, "host.example.net."),
                "PTR 5.3.2.1.in-addr.arpa.",
                new CachedAnswer(SourceStatus.NXDOMAIN, List.of(), NOW + 900),
                "A 2.0.0.127.zen.spamhaus.org.",
                ok(NOW + 60, "127.0.0.2", "127.0.0.4"),
                "TXT 1.3.2.1.origin.asn.cymru.com.",
                new CachedAnswer(SourceStatus.NODATA, List.of(), NOW + 300));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            assertThat(c.path()).isEqualTo(cache().toAbsolutePath());
            answers.forEach(c::put);
            answers.forEach((k, v) -> assertThat(c.get(k)).as(k).isEqualTo(v)); // from the buffer
        }
        assertThat(rows(cache())).isEqualTo(4);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            answers.forEach((k, v) -> assertThat(c.get(k)).as(k).isEqualTo(v)); // from the file
            assertThat(c.get("PTR 6.3.2.1.in-addr.arpa.")).isNull();
            assertThat(c.get("ptr 4.3.2.1.in-addr.arpa.")).as("keys are exact").isNull();
            assertThat(c.hits()).isEqualTo(4);
            assertThat(c.misses()).isEqualTo(2);
            assertThat(c.writes()).isZero();
        }
    }

    @Test
    void onlyAnswersAreCacheableAndRecordsAreCopied() {
        for (SourceStatus s : SourceStatus.values()) {
            boolean answer = s == SourceStatus.OK || s == SourceStatus.NXDOMAIN || s == SourceStatus.NODATA;
            if (answer) {
                assertThat(new CachedAnswer(s, List.of(), NOW).status()).isEqualTo(s);
            } else {
                assertThatThrownBy(() -> new CachedAnswer(s, List.of(), NOW))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(s.text());
            }
        }
        assertThatThrownBy(() -> new CachedAnswer(null, List.of(), NOW)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CachedAnswer(SourceStatus.OK, Arrays.asList("a", null), NOW))
                .isInstanceOf(NullPointerException.class);
        List<String> records = new ArrayList<>(List.of("a"));
        CachedAnswer a = new CachedAnswer(SourceStatus.OK, records, NOW);
        records.add("b");
        assertThat(a.records()).containsExactly("a");
    }

    /** Records of any text: the terminal payloads, quotes, newlines, NUL, unpaired surrogates, long ones. */
    private static List<String> hostileRecords(Random r) {
        int n = r.nextInt(5);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(
                    switch (r.nextInt(8)) {
                        case 0 -> HostileText.PAYLOADS.get(r.nextInt(HostileText.PAYLOADS.size()));
                        case 1 -> HostileText.ALL;
                        case 2 -> "";
                        case 3 -> "\"v=spf1 \\\" ; '\n\r\u0000\"";
                        case 4 -> "\uD800x\uDFFF" + (char) r.nextInt(0x10000); // unpaired surrogates, any unit
                        case 5 -> "x".repeat(70_000 + r.nextInt(100)); // longer than 16 bits can count
                        default -> HostileText.random(r, 300);
                    });
        }
        return records;
    }

    @Test
    void hostileRecordsComeBackExactlyThroughTheFile() throws Exception {
        Random r = new Random(14);
        Map<String, CachedAnswer> answers = new HashMap<>();
        for (int i = 0; i < 1500; i++) {
            String key = "TXT " + HostileText.random(r, 40) + i;
            SourceStatus s = List.of(SourceStatus.OK, SourceStatus.NXDOMAIN, SourceStatus.NODATA)
                    .get(r.nextInt(3));
            answers.put(key, new CachedAnswer(s, hostileRecords(r), NOW + 1 + r.nextInt(1_000_000)));
        }
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            answers.forEach(c::put);
        }
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            answers.forEach((k, v) -> assertThat(c.get(k)).as(k).isEqualTo(v));
            assertThat(c.hits()).isEqualTo(answers.size());
        }
    }

    @Test
    void theRecordsEncodingDecodesOnlyWhatItWrote() {
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            List<String> records = hostileRecords(r);
            byte[] blob = DnsCacheFile.encode(records);
            assertThat(DnsCacheFile.decodeRecords(blob)).isEqualTo(records);
            if (blob.length < 2_000) {
                for (int end = 0; end < blob.length; end++) {
                    assertThat(DnsCacheFile.decodeRecords(Arrays.copyOf(blob, end)))
                            .as("a prefix of %d bytes", end)
                            .isNull();
                }
            }
            assertThat(DnsCacheFile.decodeRecords(Arrays.copyOf(blob, blob.length + 1)))
                    .isNull();
            byte[] random = new byte[r.nextInt(64)];
            r.nextBytes(random);
            DnsCacheFile.decodeRecords(random); // null or some records: never an exception
        }
        byte[] other = DnsCacheFile.encode(List.of("a"));
        other[0] = 2; // a format this code does not know
        assertThat(DnsCacheFile.decodeRecords(other)).isNull();
    }

    @Test
    void rowsThatDoNotDecodeAreMissesNeverExceptions() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            c.put("good", ok(NOW + 60, "x"));
        }
        byte[] good = DnsCacheFile.encode(List.of("x"));
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        Object[][] bad = {
            {"servfail", "SERVFAIL", good, NOW + 60},
            {"unknown status", "ok", good, NOW + 60},
            {"number status", 7, good, NOW + 60},
            {"truncated records", "OK", truncated, NOW + 60},
            {"text records", "OK", "x", NOW + 60},
            {"text expiry", "OK", good, "soon"},
            {"real expiry", "OK", good, 1e300},
            {"blob expiry", "OK", good, new byte[] {1}},
        };
        tamper(cache(), bad);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            for (Object[] row : bad) {
                assertThat(c.get((String) row[0])).as((String) row[0]).isNull();
            }
            assertThat(c.get("good")).isEqualTo(ok(NOW + 60, "x"));
            assertThat(c.misses()).isEqualTo(bad.length);
            c.put("servfail", ok(NOW + 60, "y"));
        }
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            assertThat(c.get("servfail")).as("a put replaces a bad row").isEqualTo(ok(NOW + 60, "y"));
        }
        assertThat(rows(cache()))
                .as("rows without a whole-number expiry are deleted at close")
                .isEqualTo(1 + bad.length - 3);

        // a tamperer can drop the types and constraints too
        Path loose = dir.resolve("loose.sqlite");
        try (DnsCacheFile c = DnsCacheFile.open(loose, clock)) {
            c.put("good", ok(NOW + 60, "x"));
        }
        try (Connection db = raw(loose);
                Statement s = db.createStatement()) {
            s.execute("DROP TABLE answer");
            s.execute("CREATE TABLE answer (key, status, records, expires)");
        }
        Object[][] nulls = {
            {"null status", null, good, NOW + 60},
            {"null records", "OK", null, NOW + 60},
            {"null expiry", "OK", good, null},
            {null, "OK", good, NOW + 60},
        };
        tamper(loose, nulls);
        try (DnsCacheFile c = DnsCacheFile.open(loose, clock)) {
            for (Object[] row : nulls) {
                if (row[0] != null) {
                    assertThat(c.get((String) row[0])).as((String) row[0]).isNull();
                }
            }
            c.put("new", ok(NOW + 60, "y"));
        }
        try (DnsCacheFile c = DnsCacheFile.open(loose, clock)) {
            assertThat(c.get("new")).isEqualTo(ok(NOW + 60, "y"));
        }
    }

    private static void tamper(Path file, Object[][] rows) throws SQLException {
        try (Connection db = raw(file);
                PreparedStatement insert = db.prepareStatement("INSERT INTO answer VALUES (?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                for (int i = 0; i < 4; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.executeUpdate();
            }
        }
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    @Test
    void anAnswerIsFreshUntilItsExpiryThenStaleAndDeletedAtClose() throws Exception {
        TestClock clock = new TestClock(T0);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            c.put("short", ok(NOW + 100, "a"));
            c.put("long", ok(NOW + 10_000, "b"));
            clock.advance(99);
            assertThat(c.get("short")).isEqualTo(ok(NOW + 100, "a"));
            clock.advance(1); // expiry second: stale
            assertThat(c.get("short")).isNull();
            assertThat(c.get("long")).isNotNull();
        }
        assertThat(rows(cache())).as("the stale row is deleted at close").isEqualTo(1);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            assertThat(c.get("short")).isNull();
            assertThat(c.get("long")).isEqualTo(ok(NOW + 10_000, "b"));
            clock.advance(20_000);
            assertThat(c.get("long")).isNull(); // stale in the file too
        }
        assertThat(rows(cache())).isZero();
    }

    @Test
    void aPutOfAStaleAnswerIsIgnored() throws Exception {
        TestClock clock = new TestClock(T0);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            c.put("now", ok(NOW, "a"));
            c.put("past", ok(NOW - 3600, "a"));
            assertThat(c.get("now")).isNull();
            assertThat(c.get("past")).isNull();
            c.put("soon", ok(NOW + 5, "a"));
            clock.advance(10); // went stale in the buffer: not written
        }
        assertThat(rows(cache())).isZero();
    }

    @Test
    void theLastPutForAKeyWins() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            c.put("k", ok(NOW + 60, "first"));
            c.flush();
            c.put("k", new CachedAnswer(SourceStatus.NXDOMAIN, List.of(), NOW + 30));
            assertThat(c.get("k").status()).isEqualTo(SourceStatus.NXDOMAIN);
            c.flush();
            c.put("k", ok(NOW + 90, "third"));
            assertThat(c.writes()).isEqualTo(2);
        }
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            assertThat(c.get("k")).isEqualTo(ok(NOW + 90, "third"));
        }
    }

    @Test
    void hitsMissesAndWritesAreCounted() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        DnsCacheFile c = DnsCacheFile.open(cache(), clock);
        assertThat(c.get("a")).isNull();
        c.put("a", ok(NOW + 60, "x"));
        c.put("b", ok(NOW + 60, "y"));
        c.put("c", ok(NOW - 1, "z")); // ignored
        c.get("a");
        c.get("a");
        c.get("c");
        assertThat(c.hits()).isEqualTo(2);
        assertThat(c.misses()).isEqualTo(2);
        assertThat(c.writes()).isZero(); // buffered
        c.close();
        assertThat(c.writes()).isEqualTo(2);
    }

    @Test
    void putsBeyondABatchAreWrittenBeforeClose() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        int n = DnsCacheFile.BATCH * 3;
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            for (int i = 0; i < n; i++) {
                c.put("k" + i, ok(NOW + 60, "r" + i));
            }
            for (int wait = 0; c.writes() < n && wait < 600; wait++) { // the writer thread's work, not a timing
                Thread.sleep(100);
            }
            assertThat(c.writes()).isEqualTo(n);
            assertThat(rows(cache())).isEqualTo(n);
        }
    }

    @Test
    void closeIsIdempotentAndLateCallsDoNoHarm() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        DnsCacheFile c = DnsCacheFile.open(cache(), clock);
        c.put("a", ok(NOW + 60, "x"));
        c.close();
        c.close();
        assertThat(c.get("a")).isNull();
        c.put("b", ok(NOW + 60, "y")); // a late answer of a run that is over
        try (DnsCacheFile again = DnsCacheFile.open(cache(), clock)) {
            assertThat(again.get("a")).isEqualTo(ok(NOW + 60, "x"));
            assertThat(again.get("b")).isNull();
        }
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Opening {@code file} fails with a message naming it and {@code what}; it and its folder are unchanged. */
    private void refused(Path file, String what) throws IOException {
        byte[] before = Files.readAllBytes(file);
        List<String> folder = listing(file.getParent());
        assertThatThrownBy(() -> DnsCacheFile.open(file, Clock.fixed(T0, ZoneOffset.UTC)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(file.toAbsolutePath() + ": ")
                .hasMessageContaining(what);
        assertThat(Files.readAllBytes(file)).as("left byte-identical").isEqualTo(before);
        assertThat(listing(file.getParent())).as("nothing created next to it").isEqualTo(folder);
    }

    @Test
    void aFileThatIsNotOursIsRefusedAndLeftAsItIs() throws Exception {
        Files.writeString(dir.resolve("text.txt"), "PTR 4.3.2.1.in-addr.arpa. host\n");
        refused(dir.resolve("text.txt"), "not an iptriage DNS cache (not SQLite)");

        Files.write(dir.resolve("tiny"), new byte[] {'S'});
        refused(dir.resolve("tiny"), "not an iptriage DNS cache (not SQLite)");

        Files.writeString(dir.resolve("header-only"), "SQLite format 3\0 and then nothing");
        refused(dir.resolve("header-only"), "not a usable iptriage DNS cache (a truncated SQLite file)");

        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        System.arraycopy("SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, garbage, 0, 16);
        Files.write(dir.resolve("corrupt-header"), garbage);
        refused(dir.resolve("corrupt-header"), "not a usable iptriage DNS cache (damaged: ");

        Path other = dir.resolve("other.sqlite");
        try (Connection c = raw(other);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE answer (key TEXT PRIMARY KEY, status TEXT, records BLOB, expires INTEGER)");
            s.execute("INSERT INTO answer VALUES ('k', 'OK', x'00', 1)");
        }
        refused(other, "not an iptriage DNS cache (a SQLite database of another program)");

        Path newer = dir.resolve("newer.sqlite");
        try (Connection c = raw(newer);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE answer3 (x)");
            s.execute("PRAGMA application_id = " + DnsCacheFile.APPLICATION_ID);
            s.execute("PRAGMA user_version = 3");
        }
        refused(newer, "made by a newer iptriage (schema 3");

        Files.createDirectory(dir.resolve("folder.sqlite"));
        assertThatThrownBy(() -> DnsCacheFile.open(dir.resolve("folder.sqlite"), Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void aTruncatedCacheIsRefusedAndLeftAsItIs() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            for (int i = 0; i < 5000; i++) {
                c.put("PTR " + i, ok(NOW + 60, "host-" + i + ".example."));
            }
        }
        byte[] whole = Files.readAllBytes(cache());
        assertThat(whole.length).isGreaterThan(8 * 4096);
        Files.write(dir.resolve("cut-header.sqlite"), Arrays.copyOf(whole, 50));
        refused(dir.resolve("cut-header.sqlite"), "not a usable iptriage DNS cache (a truncated SQLite file)");
        for (int keep : new int[] {4096, whole.length / 2, whole.length - 4096}) {
            Path cut = dir.resolve("cut-" + keep + ".sqlite");
            Files.write(cut, Arrays.copyOf(whole, keep));
            refused(cut, "not a usable iptriage DNS cache (damaged: ");
        }
    }

    @Test
    void anEmptyFileIsANewCache() throws Exception {
        Files.createFile(cache());
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            c.put("a", ok(NOW + 60, "x"));
        }
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            assertThat(c.get("a")).isEqualTo(ok(NOW + 60, "x"));
        }
    }

    @Test
    void anOpenThatFailsLeavesNothingBehind() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> DnsCacheFile.open(blocker.resolve("dns-cache.sqlite"), Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create the DNS cache (" + blocker + " is not a folder)");
        assertThat(listing(dir)).containsExactly("not-a-folder");
    }

    @Test
    void theFileAndTheFoldersItCreatesAreOwnerOnly() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path home = Files.createDirectory(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = home.resolve("xdg/iptriage/dns-cache.sqlite");
        try (DnsCacheFile c = DnsCacheFile.open(file, Clock.fixed(T0, ZoneOffset.UTC))) {
            c.put("a", ok(NOW + 60, "x"));
            c.flush();
            for (Path p : List.of(home.resolve("xdg"), home.resolve("xdg/iptriage"))) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                        .as(p.toString())
                        .isEqualTo("rwx------");
            }
            try (Stream<Path> files = Files.list(file.getParent())) {
                for (Path p : files.toList()) { // the cache, and SQLite's -wal and -shm beside it
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                            .as(p.toString())
                            .isEqualTo("rw-------");
                }
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
                .as("an existing folder is left as it is")
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void twoHandlesOnOneFileSeeEachOthersAnswers() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        DnsCacheFile a = DnsCacheFile.open(cache(), clock);
        try (DnsCacheFile b = DnsCacheFile.open(cache(), clock)) {
            for (int i = 0; i < 200; i++) {
                a.put("a" + i, ok(NOW + 60, "from a " + i));
                b.put("b" + i, ok(NOW + 60, "from b " + i));
                b.get("a" + i);
                a.get("b" + i);
                if (i % 50 == 49) {
                    a.flush();
                    b.flush();
                    assertThat(b.get("a" + i)).isEqualTo(ok(NOW + 60, "from a " + i));
                    assertThat(a.get("b" + i)).isEqualTo(ok(NOW + 60, "from b " + i));
                }
            }
            a.put("both", ok(NOW + 60, "a"));
            a.close();
            assertThat(b.get("a7")).isEqualTo(ok(NOW + 60, "from a 7"));
            b.put("both", ok(NOW + 60, "b")); // written after a's: last wins
        }
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            for (int i = 0; i < 200; i++) {
                assertThat(c.get("a" + i)).isEqualTo(ok(NOW + 60, "from a " + i));
                assertThat(c.get("b" + i)).isEqualTo(ok(NOW + 60, "from b " + i));
            }
            assertThat(c.get("both")).isEqualTo(ok(NOW + 60, "b"));
        }
    }

    /** Runs creating the same new cache at once all open it (none takes the other's half-made file for not ours). */
    @Test
    void runsCreatingTheSameCacheAtOnceAllOpenIt() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        for (int round = 0; round < 30; round++) {
            Path file = dir.resolve("race-" + round + "/dns-cache.sqlite");
            AtomicInteger ids = new AtomicInteger();
            List<Integer> opened = Concurrently.run(4, random -> {
                int id = ids.getAndIncrement();
                try (DnsCacheFile c = DnsCacheFile.open(file, clock)) {
                    c.put("k" + id, ok(NOW + 60, "v" + id));
                }
                return 1;
            });
            assertThat(opened).containsOnly(1);
            assertThat(rows(file)).isEqualTo(4);
        }
    }

    /**
     * Threads put and get at once (the writer thread writing batches meanwhile): each thread reads
     * back exactly its own last put for its own keys, a shared key holds one whole answer that some
     * thread put, and after close every last put is in the file.
     */
    @Test
    void threadsPuttingAndGettingAtOnceLoseNothing() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        int threads = 4;
        int keys = 400;
        String[][] last = new String[threads][keys];
        AtomicInteger ids = new AtomicInteger();
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            List<Integer> checked = Concurrently.run(threads, random -> {
                int id = ids.getAndIncrement();
                int n = 0;
                for (int op = 0; op < 15_000; op++) {
                    int k = random.nextInt(keys);
                    String own = "t" + id + " " + k;
                    String shared = "shared " + random.nextInt(50);
                    switch (random.nextInt(4)) {
                        case 0 -> {
                            last[id][k] = id + ":" + op;
                            c.put(own, ok(NOW + 60, last[id][k], own));
                        }
                        case 1 -> c.put(shared, ok(NOW + 60, id + ":" + op, shared));
                        case 2 -> {
                            CachedAnswer a = c.get(own);
                            if (last[id][k] == null) {
                                assertThat(a).as(own).isNull();
                            } else {
                                assertThat(a).as(own).isEqualTo(ok(NOW + 60, last[id][k], own));
                                n++;
                            }
                        }
                        default -> {
                            CachedAnswer a = c.get(shared);
                            if (a != null) {
                                assertThat(a.records()).hasSize(2).endsWith(shared);
                                assertThat(a.records().get(0)).matches("[0-3]:[0-9]+");
                                n++;
                            }
                        }
                    }
                }
                return n;
            });
            assertThat(checked).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(c.hits())
                    .isEqualTo(checked.stream().mapToLong(Integer::longValue).sum());
        }
        try (DnsCacheFile c = DnsCacheFile.open(cache(), clock)) {
            for (int t = 0; t < threads; t++) {
                for (int k = 0; k < keys; k++) {
                    String own = "t" + t + " " + k;
                    CachedAnswer expected = last[t][k] == null ? null : ok(NOW + 60, last[t][k], own);
                    assertThat(c.get(own)).as(own).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void theDefaultPathFollowsXdg() {
        String home = dir.resolve("home").toString();
        Path xdg = dir.resolve("xdg-cache");
        assertThat(DnsCacheFile.defaultPath(Map.of("XDG_CACHE_HOME", xdg.toString()), home))
                .isEqualTo(xdg.resolve("iptriage").resolve("dns-cache.sqlite"));
        Path fallback = Path.of(home, ".cache", "iptriage", "dns-cache.sqlite");
        assertThat(DnsCacheFile.defaultPath(Map.of(), home)).isEqualTo(fallback);
        assertThat(DnsCacheFile.defaultPath(Map.of("XDG_CACHE_HOME", ""), home)).isEqualTo(fallback);
        assertThat(DnsCacheFile.defaultPath(Map.of("XDG_CACHE_HOME", "relative/cache"), home))
                .as("a relative XDG_CACHE_HOME is ignored")
                .isEqualTo(fallback);
        assertThat(DnsCacheFile.defaultPath(Map.of("XDG_CACHE_HOME", "nul\0byte"), home))
                .isEqualTo(fallback);
    }
}
