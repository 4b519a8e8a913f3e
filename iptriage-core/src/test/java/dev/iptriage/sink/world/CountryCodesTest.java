package dev.iptriage.sink.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CountryCodesTest {
    @Test
    void everyOutlineAndEveryJdkNameGivesItsOwnCode() {
        for (WorldOutlines.Country c : WorldOutlines.countries()) {
            if (!c.iso().isEmpty()) {
                assertThat(CountryCodes.iso(c.name())).as(c.name()).contains(c.iso());
            }
        }
        for (String iso : Locale.getISOCountries()) {
            String name = Locale.of("", iso).getDisplayCountry(Locale.ENGLISH);
            assertThat(CountryCodes.iso(name)).as(name).contains(iso);
            assertThat(CountryCodes.iso(" " + name.toUpperCase(Locale.ROOT) + " "))
                    .as(name)
                    .contains(iso);
        }
    }

    @Test
    void theDatabasesSpellingsAndPlainFormsAreKnownAndOtherTextIsNot() {
        assertThat(CountryCodes.iso("United States")).contains("US");
        assertThat(CountryCodes.iso("The Netherlands")).contains("NL");
        assertThat(CountryCodes.iso("Hashemite Kingdom of Jordan")).contains("JO");
        assertThat(CountryCodes.iso("Cote d'Ivoire")).contains("CI");
        assertThat(CountryCodes.iso("Bosnia and Herzegovina")).contains("BA");
        assertThat(CountryCodes.iso("Curacao")).contains("CW");
        assertThat(CountryCodes.iso("Saint Martin (French part)")).contains("MF");
        assertThat(CountryCodes.iso("Congo (Kinshasa)")).contains("CD");
        assertThat(CountryCodes.iso("Congo (Brazzaville)")).contains("CG");
        assertThat(CountryCodes.iso("Atlantis")).isEmpty();
        assertThat(CountryCodes.iso("")).isEmpty();
        assertThat(CountryCodes.iso(null)).isEmpty();
    }

    @Test
    void everyCountryNameOfTheEmbeddedAndTheSharedDatabasesGivesTheCodeTheyGiveIt() throws Exception {
        // the names a report meets are the databases' own (enrich's default columns): each must map to the code the
        // same record carries, or a country is counted under another's code or left off the map
        java.util.List<java.nio.file.Path> shared = new java.util.ArrayList<>();
        for (String f : new String[] {"data/GeoLite2-City.mmdb", "data/GeoLite2-Country.mmdb"}) {
            java.nio.file.Path p = dev.iptriage.testing.SharedData.optional(f);
            if (p != null) {
                shared.add(p);
            }
        }
        java.util.List<dev.iptriage.mmdb.MmdbReader> readers = new java.util.ArrayList<>();
        for (dev.iptriage.databases.Database d : dev.iptriage.databases.BuiltinDatabases.open()) {
            readers.add(d.reader());
        }
        for (java.nio.file.Path p : shared) {
            readers.add(dev.iptriage.mmdb.MmdbReader.open(p));
        }
        java.util.Map<String, String> seen = new java.util.TreeMap<>();
        for (dev.iptriage.mmdb.MmdbReader r : readers) {
            java.util.Set<Integer> offsets = new java.util.HashSet<>();
            dev.iptriage.mmdb.MmdbNetworks.walk(r, (hi, lo, prefix, v4, offset) -> {
                if (offsets.add(offset) && r.decode(offset) instanceof java.util.Map<?, ?> m) {
                    for (String key : new String[] {"country", "registered_country"}) {
                        if (m.get(key) instanceof java.util.Map<?, ?> c
                                && c.get("iso_code") instanceof String iso
                                && c.get("names") instanceof java.util.Map<?, ?> names
                                && names.get("en") instanceof String en) {
                            seen.put(en, iso);
                        }
                    }
                }
            });
        }
        assertThat(seen).hasSizeGreaterThan(200);
        java.util.Map<String, String> wrong = new java.util.TreeMap<>();
        seen.forEach((name, iso) -> {
            if (!CountryCodes.iso(name).equals(java.util.Optional.of(iso))) {
                wrong.put(name, iso + " but " + CountryCodes.iso(name).orElse("none"));
            }
        });
        assertThat(wrong).as("names the mapping gets wrong or misses").isEmpty();
    }
}
