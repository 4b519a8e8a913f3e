package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.mmdb.MmdbWriter;
import dev.iptriage.testing.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --lang} is a language tag in any case, and a language no database has names in is said once, not silently
 * answered in English.
 */
class LanguageTagsCliTest {
    @TempDir
    static Path dir;

    static String city;

    private static Map<String, Object> names(String en, String de, String pt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("en", en);
        m.put("de", de);
        m.put("pt-BR", pt);
        return m;
    }

    @BeforeAll
    static void database() {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoIP2-City")
                .languages(List.of("en", "de", "pt-BR"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("city", Map.of("names", names("Munich", "München", "Munique")));
        r.put("country", Map.of("iso_code", "DE", "names", names("Germany", "Deutschland", "Alemanha")));
        Fixtures.insert(w, "1.0.0.0", 24, r);
        city = Fixtures.write(w, dir.resolve("GeoIP2-City.mmdb")).toString();
    }

    private static Cli.Result enrich(String lang, boolean quiet) {
        return quiet
                ? Cli.run(
                        "1.0.0.1\n1.0.0.2\n",
                        "enrich",
                        "-q",
                        "--db",
                        city,
                        "--fields",
                        "ip,city,country",
                        "--lang",
                        lang)
                : Cli.run("1.0.0.1\n1.0.0.2\n", "enrich", "--db", city, "--fields", "ip,city,country", "--lang", lang);
    }

    @Test
    void aTagInAnyCaseIsThatLanguage() {
        assertThat(enrich("de", true).out()).contains("1.0.0.1,München,Deutschland");
        for (String tag : new String[] {"DE", "De", " de "}) {
            assertThat(enrich(tag, true).out())
                    .as(tag)
                    .isEqualTo(enrich("de", true).out());
        }
        assertThat(enrich("pt-BR", true).out()).contains("1.0.0.1,Munique,Alemanha");
        for (String tag : new String[] {"pt-br", "PT-BR", "pt_BR"}) {
            assertThat(enrich(tag, true).out())
                    .as(tag)
                    .isEqualTo(enrich("pt-BR", true).out());
        }
        assertThat(enrich("de", false).err()).doesNotContain("warning");
    }

    @Test
    void aDatabaseSpellingItsTagsInLowerCaseIsReadInItsOwnSpelling(@TempDir Path own) {
        MmdbWriter w = MmdbWriter.builder()
                .databaseType("GeoIP2-City")
                .languages(List.of("en", "pt-br"))
                .buildEpoch(Fixtures.BUILT.getEpochSecond())
                .build();
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("en", "Munich");
        n.put("pt-br", "Munique");
        r.put("city", Map.of("names", n));
        Fixtures.insert(w, "1.0.0.0", 24, r);
        String db = Fixtures.write(w, own.resolve("GeoIP2-City.mmdb")).toString();
        for (String tag : new String[] {"pt-BR", "pt-br"}) {
            Cli.Result e = Cli.run("1.0.0.1\n", "enrich", "--db", db, "--fields", "ip,city", "--lang", tag);
            assertThat(e.out()).as(tag).contains("1.0.0.1,Munique");
            assertThat(e.err()).as(tag).doesNotContain("warning");
            assertThat(Cli.run("", "lookup", "--db", db, "--lang", tag, "1.0.0.1")
                            .out())
                    .as(tag)
                    .contains("Munique");
        }
    }

    @Test
    void aLanguageNoDatabaseHasIsSaidOnceAndAnsweredInEnglish() {
        Cli.Result r = enrich("xx", false);
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEqualTo(enrich("en", true).out()).contains("1.0.0.1,Munich,Germany");
        assertThat(r.err())
                .contains("warning: no database has place names in 'xx', so they are in English"
                        + " (the databases have de, en, pt-BR)");
        assertThat(r.err().split("no database has place names", -1)).hasSize(2);
        assertThat(enrich("xx", true).err()).isEmpty();
    }
}
