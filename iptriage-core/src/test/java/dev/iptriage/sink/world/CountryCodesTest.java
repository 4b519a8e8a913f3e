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
        assertThat(CountryCodes.iso("Atlantis")).isEmpty();
        assertThat(CountryCodes.iso("")).isEmpty();
        assertThat(CountryCodes.iso(null)).isEmpty();
    }
}
