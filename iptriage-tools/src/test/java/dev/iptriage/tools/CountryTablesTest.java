package dev.iptriage.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The continent and name tables cover every code the source data can carry: the current ISO 3166-1
 * alpha-2 codes (the JDK's list), Kosovo's XK and the withdrawn AN (Netherlands Antilles, still in
 * the whois data). The build fails on any other code.
 */
class CountryTablesTest {
    static List<String> allCodes() {
        List<String> codes = new ArrayList<>(Set.of(Locale.getISOCountries()));
        codes.add("XK");
        codes.add("AN");
        codes.sort(null);
        return codes;
    }

    @Test
    void everyCodeHasAContinent() {
        List<String> missing =
                allCodes().stream().filter(cc -> Continents.of(cc).isEmpty()).toList();
        assertThat(missing).isEmpty();
        Set<String> used = new TreeSet<>();
        Continents.countryCodes().forEach(cc -> used.add(Continents.of(cc).orElseThrow()));
        assertThat(used).isEqualTo(Continents.NAMES.keySet());
    }

    @Test
    void tableHoldsOnlyKnownCodes() {
        Set<String> known = new TreeSet<>(allCodes());
        Continents.countryCodes().forEach(cc -> assertThat(known).contains(cc));
    }

    @Test
    void everyCodeHasAnEnglishShortName() {
        for (String cc : allCodes()) {
            String name = CountryNames.english(cc);
            assertThat(name).as(cc).isNotBlank().isNotEqualTo(cc).doesNotContain("&", "SAR", "St. ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "US|United States|NA|North America",
                "GB|United Kingdom|EU|Europe",
                "DE|Germany|EU|Europe",
                "JP|Japan|AS|Asia",
                "AU|Australia|OC|Oceania",
                "BR|Brazil|SA|South America",
                "ZA|South Africa|AF|Africa",
                "AQ|Antarctica|AN|Antarctica",
                "HK|Hong Kong|AS|Asia",
                "CD|DR Congo|AF|Africa",
                "BA|Bosnia and Herzegovina|EU|Europe",
                "LC|Saint Lucia|NA|North America",
                "XK|Kosovo|EU|Europe",
                "AN|Netherlands Antilles|NA|North America",
                "RU|Russia|EU|Europe",
                "TR|Türkiye|AS|Asia"
            })
    void knownAnswers(String cc, String name, String continent, String continentName) {
        assertThat(CountryNames.english(cc)).isEqualTo(name);
        assertThat(Continents.of(cc)).contains(continent);
        assertThat(Continents.NAMES.get(continent)).isEqualTo(continentName);
    }

    @Test
    void unknownCodesAreRefused() {
        assertThat(Continents.of("ZZ")).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> CountryNames.english("ZZ"));
    }
}
