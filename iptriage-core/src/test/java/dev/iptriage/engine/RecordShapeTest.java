package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.databases.Database;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.mmdb.MmdbVerifier;
import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.mmdb.RecordShape;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lookup that lands on something that cannot be a record of its file answers error, not ok with
 * empty columns: the format allows any value as a record, so this is what tells a record from a
 * place inside one that a damaged pointer leads to. Files here are well-formed MMDB files whose
 * records have the shapes damage leaves, written on purpose; {@code db verify} must find the same
 * records. Whether a value is a record at all does not depend on the columns asked for; a value of
 * the wrong type inside a record fails the lookups whose columns it is on the way to (and the raw
 * record), the others read what they need.
 */
class RecordShapeTest {
    @TempDir
    Path dir;

    /** Each network of a GeoLite2-City file, its record, and what a lookup must say. */
    @Test
    void aPublishedSchemasRecordsAreMapsOfItsShape() throws Exception {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"1.0.0.0", city("France"), null});
        cases.add(new Object[] {"2.0.0.0", "Europe/Paris", "is a string where this file's records are maps"});
        cases.add(new Object[] {"3.0.0.0", 7L, "is a uint32 where this file's records are maps"});
        cases.add(new Object[] {
            "4.0.0.0",
            Map.of("geoname_id", 3017382L, "names", Map.of("en", "France")),
            "holds only keys that a GeoLite2-City record has in the maps inside it"
        });
        cases.add(new Object[] {"5.0.0.0", Map.of("en", "France", "de", "Frankreich"), "holds only keys"});
        cases.add(new Object[] {"6.0.0.0", Map.of(), "is an empty map, which a GeoLite2-City record never is"});
        cases.add(new Object[] {
            "7.0.0.0", Map.of("city", "Paris"), "has a string under \"city\" where a GeoLite2-City record has a map"
        });
        cases.add(new Object[] {
            "8.0.0.0",
            Map.of("country", Map.of("iso_code", "FR", "names", "France")),
            "has a string under \"names\" where a GeoLite2-City record has a map"
        });
        cases.add(new Object[] {
            "9.0.0.0",
            Map.of("subdivisions", Map.of("names", Map.of("en", "IDF"))),
            "has a map under \"subdivisions\" where a GeoLite2-City record has an array"
        });
        cases.add(new Object[] {
            "12.0.0.0",
            Map.of("country", Map.of("names", Map.of("en", 7L))),
            "under \"en\" where a GeoLite2-City record has a string"
        });
        cases.add(new Object[] {
            "13.0.0.0",
            Map.of("location", Map.of("latitude", "48.85")),
            "has a string under \"latitude\" where a GeoLite2-City record has a number"
        });
        cases.add(new Object[] {
            "14.0.0.0",
            // a language name is the file's text: quoted and escaped, so it cannot drive a terminal
            Map.of("city", Map.of("names", Map.of("e\u001b[2Jn\"", 7L))),
            "under \"e\\u001b[2Jn\\\"\" where a GeoLite2-City record has a string"
        });
        cases.add(new Object[] {"10.0.0.0", Map.of("site", "hq", "owner", "netops"), null}); // keys of its own
        cases.add(new Object[] {"11.0.0.0", Map.of("location", Map.of("latitude", 1.5)), null});
        Database db = Database.open(write("GeoLite2-City", cases));
        assertThat(db.shape().toString()).isEqualTo("GeoLite2-City records");
        expect(db, cases, List.of(Field.COUNTRY, Field.CITY, Field.SUBDIVISION, Field.LATITUDE));
    }

    /** Anonymous-IP files may have empty records (MaxMind's own test file has one): ok, no flag. */
    @Test
    void anAnonymousIpFileMayHaveEmptyRecords() throws Exception {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"1.0.0.0", Map.of("is_anonymous", true), null});
        cases.add(new Object[] {"2.0.0.0", Map.of(), null});
        cases.add(new Object[] {"3.0.0.0", "true", "is a string where this file's records are maps"});
        expect(Database.open(write("GeoIP2-Anonymous-IP", cases)), cases, List.of(Field.IS_ANONYMOUS));
    }

    /** Another file whose records are maps (its first one is): any map, empty or not, but a map. */
    @Test
    void aFileOfMapsHasMapRecords() throws Exception {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"1.0.0.0", Map.of("site", "hq"), null});
        cases.add(new Object[] {"2.0.0.0", Map.of(), null});
        cases.add(new Object[] {"3.0.0.0", Map.of("geoname_id", 1L), null});
        cases.add(new Object[] {"4.0.0.0", "hq", "is a string where this file's records are maps"});
        cases.add(new Object[] {"5.0.0.0", Map.of("city", "Paris"), null}); // a flat schema: columns by key
        Database db = Database.open(write("Internal-Ranges", cases));
        assertThat(db.shape()).isEqualTo(RecordShape.MAP);
        expect(db, cases, List.of(Field.CITY));
    }

    /** A file whose first record is not a map (MaxMind's string-value test file): any value. */
    @Test
    void aFileOfOtherValuesHasAnyRecords() throws Exception {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"1.0.0.0", "first", null});
        cases.add(new Object[] {"2.0.0.0", Map.of("a", "b"), null});
        cases.add(new Object[] {"3.0.0.0", 5L, null});
        Database db = Database.open(write("String-Values", cases));
        assertThat(db.shape()).isEqualTo(RecordShape.ANY);
        expect(db, cases, List.of(Field.CITY));
    }

    /** The fixtures' City file, with its record of keys of its own for 10.0.0.0/8, reads as before. */
    @Test
    void theFixturesReadAsBefore() throws Exception {
        for (Path p : List.of(Fixtures.city(dir), Fixtures.asn(dir), Fixtures.flat(dir))) {
            Database db = Database.open(p);
            MmdbVerifier.Report rep = MmdbVerifier.verify(db.reader(), 0, db.shape());
            assertThat(rep.problems()).as(p.toString()).isEmpty();
        }
    }

    /**
     * Every case, with the columns asked for, with none of the record's own (the network alone) and
     * with the whole record (raw), one by one and in a batch; and {@code db verify}'s problems.
     */
    private static void expect(Database db, List<Object[]> cases, List<Field> fields) {
        List<List<Field>> columnSets = List.of(fields, List.of(Field.IP, Field.NETWORK), List.of(Field.RAW));
        for (List<Field> columns : columnSets) {
            Enricher e = Enricher.builder().database(db).fields(columns).build();
            List<IpAddress> addresses = cases.stream()
                    .map(c -> IpLiteral.parse(c[0] + "").orElseThrow())
                    .toList();
            List<Enrichment> batch = e.lookupAll(addresses);
            for (int i = 0; i < cases.size(); i++) {
                Object[] c = cases.get(i);
                Enrichment one = e.lookup(addresses.get(i));
                String as = c[0] + " " + c[1] + " " + columns;
                assertThat(batch.get(i)).as(as).isEqualTo(one);
                // a value of the wrong type anywhere in the schema fails the record whatever the columns
                if (c[2] == null) {
                    assertThat(one.status()).as(as).isIn(Status.OK, Status.PRIVATE);
                } else {
                    assertThat(one.status()).as(as).isEqualTo(Status.ERROR);
                    assertThat(one.error()).as(as).contains((String) c[2]).startsWith(db.origin() + ": the record");
                }
            }
        }
        MmdbReader r = db.reader();
        MmdbVerifier.Report rep = MmdbVerifier.verify(r, 0, Database.shapeOf(r));
        long bad = cases.stream().filter(c -> c[2] != null).count();
        assertThat(rep.problemCount()).as(rep.problems().toString()).isEqualTo(bad);
        for (Object[] c : cases) {
            if (c[2] != null) {
                assertThat(rep.problems()).as(c[0] + "").anyMatch(p -> p.contains((String) c[2]));
            }
        }
    }

    private Path write(String type, List<Object[]> cases) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType(type)
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        for (Object[] c : cases) {
            Fixtures.insert(w, (String) c[0], 8, c[1]);
        }
        return Fixtures.write(w, dir.resolve(type + ".mmdb"));
    }

    private static Map<String, Object> city(String country) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("city", Map.of("names", Map.of("en", "Paris")));
        m.put("country", Map.of("iso_code", "FR", "names", Map.of("en", country)));
        m.put("subdivisions", List.of(Map.of("iso_code", "IDF", "names", Map.of("en", "Île-de-France"))));
        m.put("location", Map.of("latitude", 48.85, "longitude", 2.35));
        return m;
    }
}
