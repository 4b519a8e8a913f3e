package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import dev.iptriage.databases.Database;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbVerifier;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.testing.Fixtures;
import dev.iptriage.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged copies of a database never answer wrongly with status ok. Seeded mutants (bit and byte
 * flips, zeroed blocks, truncations, rewritten search-tree records and data pointers, flipped
 * metadata) of the fixtures' files, of a larger City file and of MaxMind's City test file are looked
 * up at every network's first address and more, one by one and in a batch (which must agree).
 * Each answer must be the original's, or an error row, or the file refused at open. A changed
 * answer is accepted only when it is what the damage legitimately says:
 *
 * <ul>
 *   <li>the mutant is a valid database, only a different one (a string's byte, a tree record
 *       pointing at another node or record): {@code db verify} and MaxMind's reader read it
 *       without fault, and every record they give has the GeoIP2 shape;
 *   <li>or, in a file damaged elsewhere, what this lookup read is sound: MaxMind's reader gives
 *       the same found/not found, prefix and record for the address, and that record has the
 *       GeoIP2 shape (damage that no reader sees without reading the whole file: a shared value
 *       shortened where it is stored inline in another record, a cycle in the tree that a walk
 *       leaves again; {@code db verify} reports those files).
 * </ul>
 *
 * The GeoIP2 shape is this test's own reading of MaxMind's schemas: a record is a non-empty map
 * with a key of its own (not only the keys of the maps inside a record); its city, country,
 * location... are maps, names there a map with a text in English, subdivisions a list of such
 * maps; codes, time zones and organizations there are texts, coordinates and numbers numbers.
 * Other keys may hold anything (a file may add its own, and a damaged key is another key).
 */
class CorruptDatabaseMutationTest {
    /** Mutants per file (-Diptriage.mutants=N for a longer run). */
    private static final int MUTANTS = Integer.getInteger("iptriage.mutants", 240);

    @TempDir
    static Path dir;

    /** The keys GeoIP2 uses only inside the maps of a record. */
    private static final Set<String> INNER = Set.of(
            "de",
            "en",
            "es",
            "fr",
            "ja",
            "pt-BR",
            "ru",
            "zh-CN",
            "code",
            "confidence",
            "geoname_id",
            "is_in_european_union",
            "iso_code",
            "names",
            "accuracy_radius",
            "average_income",
            "latitude",
            "longitude",
            "metro_code",
            "population_density",
            "time_zone");

    /** The maps of a City or Country record: the keys whose values are texts, the keys whose are numbers. */
    private static final Map<String, List<Set<String>>> MAPS = Map.of(
            "city", List.of(Set.of(), Set.of("geoname_id")),
            "continent", List.of(Set.of("code"), Set.of("geoname_id")),
            "country", List.of(Set.of("iso_code"), Set.of("geoname_id")),
            "registered_country", List.of(Set.of("iso_code"), Set.of("geoname_id")),
            "represented_country", List.of(Set.of("iso_code"), Set.of("geoname_id")),
            "postal", List.of(Set.of("code"), Set.of()),
            "location", List.of(Set.of("time_zone"), Set.of("latitude", "longitude", "accuracy_radius", "metro_code")),
            "traits", List.of(Set.of("autonomous_system_organization"), Set.of("autonomous_system_number")));

    /** The keys of an ASN record: texts, numbers. */
    private static final List<Set<String>> ASN =
            List.of(Set.of("autonomous_system_organization"), Set.of("autonomous_system_number"));

    static Stream<String> sources() {
        List<String> out = new ArrayList<>(List.of("fixtures-city", "fixtures-asn", "generated-city"));
        if (SharedData.optional("maxmind-db/test-data/GeoIP2-City-Test.mmdb") != null) {
            out.add("maxmind-db/test-data/GeoIP2-City-Test.mmdb");
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void damagedCopiesNeverAnswerWronglyWithOk(String source) throws Exception {
        Path original = switch (source) {
            case "fixtures-city" -> Fixtures.city(Files.createDirectories(dir.resolve("fc")));
            case "fixtures-asn" -> Fixtures.asn(Files.createDirectories(dir.resolve("fa")));
            case "generated-city" -> generatedCity(dir.resolve("gen.mmdb"));
            default -> SharedData.root().resolve(source);
        };
        byte[] bytes = Files.readAllBytes(original);
        Database db = Database.open(original);
        List<IpAddress> probes = probes(db.reader());
        List<Enrichment> want = lookups(db, probes, false);
        Layout layout = new Layout(db.reader());
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(source.hashCode());
        int[] outcome = new int[5]; // refused, identical, with error rows, valid other database, sound lookups
        for (int m = 0; m < MUTANTS; m++) {
            byte[] mutant = bytes.clone();
            String what = mutate(mutant, layout, rnd, m);
            if (what.startsWith("cut")) {
                mutant = Arrays.copyOf(mutant, Integer.parseInt(what.substring(4)));
            }
            Path file = dir.resolve("mutant.mmdb");
            Files.write(file, mutant);
            Database damaged;
            try {
                damaged = Database.open(file);
            } catch (IOException e) {
                outcome[0]++;
                continue;
            }
            List<Enrichment> one = lookups(damaged, probes, false);
            List<Enrichment> batch = lookups(damaged, probes, true);
            Judge judge = new Judge(damaged, mutant, probes);
            int kind = 1;
            for (int i = 0; i < probes.size(); i++) {
                String as = source + ", mutant " + m + " (" + what + "), " + probes.get(i);
                assertThat(same(batch.get(i), one.get(i)))
                        .as(as + ": batched lookup " + batch.get(i) + ", one by one " + one.get(i))
                        .isTrue();
                Enrichment got = one.get(i);
                if (same(got, want.get(i))) {
                    continue;
                }
                if (got.status() == Status.ERROR) {
                    kind = Math.max(kind, 2);
                    continue;
                }
                kind = Math.max(kind, judge.accept(i, as + ": was " + want.get(i) + ", now " + got));
            }
            outcome[kind]++;
        }
        System.out.printf(
                "%s: %d mutants: %d refused at open, %d answer as before, %d with error rows, %d a valid other"
                        + " database, %d changed by damage no lookup can see%n",
                source, MUTANTS, outcome[0], outcome[1], outcome[2], outcome[3], outcome[4]);
        assertThat(outcome[0] + outcome[2]).as("mutants caught").isGreaterThan(MUTANTS / 4);
    }

    /** Equal answers (byte arrays by content). */
    private static boolean same(Enrichment a, Enrichment b) {
        return a.status() == b.status()
                && Objects.equals(a.error(), b.error())
                && Objects.equals(a.network(), b.network())
                && Arrays.deepEquals(a.values(), b.values());
    }

    /** Decides whether a changed answer of one mutant is legitimate (see the class comment). */
    private static final class Judge {
        private final Database db;
        private final byte[] bytes;
        private final List<IpAddress> probes;
        private Boolean valid;

        Judge(Database db, byte[] bytes, List<IpAddress> probes) {
            this.db = db;
            this.bytes = bytes;
            this.probes = probes;
        }

        /** 3: the mutant is a valid database; 4: this lookup read nothing damaged; else fails. */
        int accept(int i, String as) {
            if (valid()) {
                return 3;
            }
            Object[] theirs = maxmind(probes.get(i));
            assertThat(theirs)
                    .as(as + ": MaxMind's reader fails on this address")
                    .isNotNull();
            MmdbReader r = db.reader();
            IpAddress a = probes.get(i);
            long res;
            Object ours;
            try {
                res = r.find(a.hi(), a.lo(), a.isV4());
                ours = MmdbReader.found(res) ? r.decode(MmdbReader.offset(res)) : null;
            } catch (IOException e) {
                throw new AssertionError(as + ": our reader fails where the lookup did not: " + e);
            }
            assertThat(MmdbReader.prefix(res)).as(as + ": prefix").isEqualTo(theirs[1]);
            assertThat(normalise(ours)).as(as + ": record").isEqualTo(normalise(theirs[0]));
            assertThat(ours == null || geoIp2Shaped(ours, db.type()))
                    .as(as + ": answered from a record of the wrong shape: " + ours)
                    .isTrue();
            return 4;
        }

        private boolean valid() {
            if (valid == null) {
                boolean ok = MmdbVerifier.verify(db.reader(), 0).ok();
                for (int i = 0; ok && i < probes.size(); i++) {
                    Object[] r = maxmind(probes.get(i));
                    ok = r != null && (r[0] == null || geoIp2Shaped(r[0], db.type()));
                }
                valid = ok;
            }
            return valid;
        }

        /** MaxMind's answer: the record (or null) and the prefix; null when its reader fails. */
        private Object[] maxmind(IpAddress a) {
            try (Reader reader = new Reader(new ByteArrayInputStream(bytes))) {
                DatabaseRecord<Object> rec =
                        reader.getRecord(InetAddress.getByAddress(a.isV4() ? v4(a) : v6(a)), Object.class);
                return new Object[] {rec.data(), rec.network().prefixLength()};
            } catch (Exception | StackOverflowError e) {
                return null;
            }
        }
    }

    /** Where the parts of the original file are, for aiming mutations. */
    private record Layout(int nodes, int recordSize, int treeBytes, int dataSize) {
        Layout(MmdbReader r) {
            this(
                    (int) r.metadata().nodeCount(),
                    r.metadata().recordSize(),
                    (int) r.metadata().treeBytes(),
                    r.dataSectionSize());
        }

        int dataStart() {
            return treeBytes + 16;
        }

        int metaStart() {
            return dataStart() + dataSize;
        }
    }

    /** Damages {@code b} in place and says how; "cut N": keep only the first N bytes. */
    private static String mutate(byte[] b, Layout l, RandomGenerator rnd, int m) {
        switch (m % 8) {
            case 0 -> {
                int p = rnd.nextInt(b.length);
                int bit = 1 << rnd.nextInt(8);
                b[p] ^= (byte) bit;
                return "bit " + bit + " of byte " + p + where(p, l);
            }
            case 1 -> {
                int p = rnd.nextInt(b.length);
                int x = 1 + rnd.nextInt(255);
                b[p] ^= (byte) x;
                return "byte " + p + " xor " + x + where(p, l);
            }
            case 2 -> {
                int len = 1 << (2 + rnd.nextInt(7));
                int p = rnd.nextInt(Math.max(1, b.length - len));
                Arrays.fill(b, p, Math.min(b.length, p + len), (byte) 0);
                return len + " bytes zeroed at " + p + where(p, l);
            }
            case 3 -> {
                int node = rnd.nextInt(l.nodes);
                int side = rnd.nextInt(2);
                long v = rnd.nextLong(l.nodes + 16L + l.dataSize + 64);
                setRecord(b, node, side, v, l.recordSize);
                return "tree record " + node + "/" + side + " = " + v;
            }
            case 4 -> {
                int node = rnd.nextInt(l.nodes);
                int side = rnd.nextInt(2);
                long v = l.nodes + 16L + rnd.nextInt(l.dataSize);
                setRecord(b, node, side, v, l.recordSize);
                return "tree record " + node + "/" + side + " = data offset " + (v - l.nodes - 16);
            }
            case 5 -> {
                int p = l.dataStart() + rnd.nextInt(l.dataSize);
                for (int tries = 0; tries < 1000 && (b[p] & 0xE0) != 0x20; tries++) {
                    p = l.dataStart() + rnd.nextInt(l.dataSize); // a byte that reads as a pointer's control byte
                }
                int k = 1 + rnd.nextInt(1 + ((b[p] >> 3) & 3));
                if (p + k < b.length) {
                    b[p + k] = (byte) rnd.nextInt(256);
                }
                return "pointer at data offset " + (p - l.dataStart()) + ", byte " + k;
            }
            case 6 -> {
                int p = l.metaStart() + rnd.nextInt(b.length - l.metaStart());
                int bit = 1 << rnd.nextInt(8);
                b[p] ^= (byte) bit;
                return "bit " + bit + " of metadata byte " + (p - l.metaStart());
            }
            default -> {
                return "cut " + rnd.nextInt(b.length);
            }
        }
    }

    private static String where(int p, Layout l) {
        return p < l.treeBytes
                ? " (tree)"
                : p < l.dataStart() ? " (separator)" : p < l.metaStart() ? " (data)" : " (metadata)";
    }

    private static void setRecord(byte[] b, int node, int side, long v, int recordSize) {
        int p = node * recordSize / 4;
        switch (recordSize) {
            case 24 -> {
                for (int i = 0; i < 3; i++) {
                    b[p + 3 * side + i] = (byte) (v >>> (16 - 8 * i));
                }
            }
            case 32 -> {
                for (int i = 0; i < 4; i++) {
                    b[p + 4 * side + i] = (byte) (v >>> (24 - 8 * i));
                }
            }
            default -> {
                int q = side == 0 ? p : p + 4;
                for (int i = 0; i < 3; i++) {
                    b[q + i] = (byte) (v >>> (16 - 8 * i));
                }
                int high = (int) (v >>> 24) & 0xF;
                b[p + 3] = (byte) (side == 0 ? (b[p + 3] & 0x0F) | high << 4 : (b[p + 3] & 0xF0) | high);
            }
        }
    }

    /** Every column, one by one or in one batch. */
    private static List<Enrichment> lookups(Database db, List<IpAddress> probes, boolean batch) {
        Enricher e = Enricher.builder().database(db).fields(Field.all()).build();
        return batch ? e.lookupAll(probes) : probes.stream().map(e::lookup).toList();
    }

    /** The first address of every network of the original, and some others. */
    private static List<IpAddress> probes(MmdbReader r) throws IOException {
        List<IpAddress> out = new ArrayList<>();
        for (MmdbVerifier.Leaf l : MmdbVerifier.verify(r, 2000).leaves()) {
            out.add(l.v4() ? IpAddress.ofV4((int) l.lo()) : IpAddress.ofV6(l.hi(), l.lo()));
            if (!l.v4() && l.hi() == 0 && l.lo() >>> 32 == 0 && l.prefix() >= 96) {
                out.add(IpAddress.ofV4((int) l.lo())); // an IPv4 network of an IPv6 tree, looked up as IPv4 too
            }
        }
        for (String s : List.of("8.8.8.8", "81.2.69.160", "1.1.1.1", "2001:4860::1", "203.0.113.9", "2.125.160.216")) {
            out.add(IpAddress.ofBytes(InetAddress.getByName(s).getAddress()));
        }
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        for (int i = 0; i < 20; i++) {
            out.add(IpAddress.ofV4(rnd.nextInt()));
        }
        return out;
    }

    /** A City file of 400 networks in the GeoIP2 schema, countries and continents shared (as pointers). */
    private static Path generatedCity(Path file) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(7);
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoLite2-City")
                .languages(List.of("en", "de"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        String[][] countries = {
            {"FR", "France", "EU"},
            {"DE", "Germany", "EU"},
            {"US", "United States", "NA"},
            {"JP", "Japan", "AS"},
            {"BR", "Brazil", "SA"},
            {"NG", "Nigeria", "AF"}
        };
        for (int n = 0; n < 400; n++) {
            String[] c = countries[rnd.nextInt(countries.length)];
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("city", map("geoname_id", (long) n, "names", map("en", "City " + n, "de", "Stadt " + n)));
            rec.put("continent", map("code", c[2], "names", map("en", "Continent " + c[2])));
            rec.put("country", map("iso_code", c[0], "names", map("en", c[1])));
            rec.put("location", map("latitude", rnd.nextDouble(-80, 80), "longitude", rnd.nextDouble(-170, 170)));
            if (n % 3 == 0) {
                rec.put("subdivisions", List.of(map("iso_code", "S" + n % 7, "names", map("en", "Sub " + n % 7))));
            }
            if (n % 5 == 0) {
                rec.put("postal", map("code", "P" + n));
            }
            rec.put("registered_country", map("iso_code", c[0], "names", map("en", c[1])));
            byte[] a = n % 4 == 0
                    ? ByteBuffer.allocate(16)
                            .putLong(0x2400_0000_0000_0000L | rnd.nextLong() >>> 6)
                            .putLong(0)
                            .array()
                    : ByteBuffer.allocate(4).putInt(rnd.nextInt()).array();
            try {
                w.insert(a, a.length == 4 ? 16 + rnd.nextInt(12) : 32 + rnd.nextInt(24), rec);
            } catch (IllegalArgumentException e) {
                // a reserved range the writer refuses: skip it
            }
        }
        return Fixtures.write(w, file);
    }

    /** A map in this order (Map.of's order, and so the file's bytes, would change from run to run). */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** This test's reading of the GeoIP2 schemas (see the class comment). */
    static boolean geoIp2Shaped(Object record, String databaseType) {
        if (!(record instanceof Map<?, ?> m) || m.isEmpty()) {
            return false;
        }
        if (!databaseType.contains("City") && !databaseType.contains("Country")) {
            return typed(m, ASN); // ASN: a non-empty map
        }
        if (INNER.containsAll(m.keySet())) {
            return false;
        }
        for (Map.Entry<String, List<Set<String>>> k : MAPS.entrySet()) {
            Object v = m.get(k.getKey());
            boolean names = !List.of("postal", "location", "traits").contains(k.getKey());
            if (v != null && !(v instanceof Map<?, ?> sub && (!names || named(sub)) && typed(sub, k.getValue()))) {
                return false;
            }
        }
        Object subs = m.get("subdivisions");
        return subs == null
                || (subs instanceof List<?> l
                        && l.stream()
                                .allMatch(
                                        s -> s instanceof Map<?, ?> sm && named(sm) && typed(sm, MAPS.get("country"))));
    }

    /** Whether a map's names, if any, are a map whose English name is a text. */
    private static boolean named(Map<?, ?> m) {
        Object names = m.get("names");
        return names == null
                || (names instanceof Map<?, ?> n && (n.get("en") == null || n.get("en") instanceof String));
    }

    /** Whether a map's values at the keys of texts and of numbers ({@code kinds}) are texts and numbers. */
    private static boolean typed(Map<?, ?> m, List<Set<String>> kinds) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (kinds.get(0).contains(e.getKey()) && !(e.getValue() instanceof String)) {
                return false;
            }
            if (kinds.get(1).contains(e.getKey()) && !(e.getValue() instanceof Number)) {
                return false;
            }
        }
        return true;
    }

    private static Object normalise(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalise(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(CorruptDatabaseMutationTest::normalise).toList();
        }
        if (v instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        return v == null ? null : v.getClass().getSimpleName() + ":" + Objects.toString(v);
    }

    private static byte[] v4(IpAddress a) {
        return ByteBuffer.allocate(4).putInt((int) a.lo()).array();
    }

    private static byte[] v6(IpAddress a) {
        return ByteBuffer.allocate(16).putLong(a.hi()).putLong(a.lo()).array();
    }
}
