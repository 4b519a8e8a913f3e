package dev.iptriage.sink.world;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Country names to ISO 3166-1 alpha-2 codes: the one mapping the reports and {@code iptriage serve}'s map use for rows
 * that have a {@code country} name but no {@code country_iso} (enrich's default columns).
 *
 * <p>It knows each code's English name as the JDK spells it, the outlines' (Natural Earth) names, the spellings of
 * MaxMind's and DB-IP's databases where they differ, and of each the forms without accents, with "and" for "&amp;"
 * and "St" or "Saint" for "St."; a lookup ignores case, the spaces around the name and a part in brackets at its end
 * ("Saint Martin (French part)").
 */
public final class CountryCodes {
    /** Spellings of MaxMind's databases (and older common ones) that neither the JDK nor the outlines use. */
    private static final String[][] ALIASES = {
        {"CD", "DR Congo"},
        {"CD", "Democratic Republic of the Congo"},
        {"CG", "Congo Republic"},
        {"CG", "Republic of the Congo"},
        {"CD", "Congo (Kinshasa)"},
        {"CG", "Congo (Brazzaville)"},
        {"CI", "Ivory Coast"},
        {"CV", "Cabo Verde"},
        {"CZ", "Czech Republic"},
        {"HK", "Hong Kong"},
        {"JO", "Hashemite Kingdom of Jordan"},
        {"KR", "Republic of Korea"},
        {"LT", "Republic of Lithuania"},
        {"MD", "Republic of Moldova"},
        {"MK", "Macedonia"},
        {"MM", "Myanmar"},
        {"MO", "Macao"},
        {"MO", "Macau"},
        {"NL", "The Netherlands"},
        {"PS", "Palestine"},
        {"SZ", "Swaziland"},
        {"TR", "Turkey"},
        {"US", "United States of America"},
        {"VA", "Vatican"},
        {"AX", "Åland"},
        {"BQ", "Bonaire, Sint Eustatius, and Saba"},
        {"FM", "Federated States of Micronesia"},
        {"HM", "Heard Island and McDonald Islands"},
        {"AN", "Netherlands Antilles"},
        {"PN", "Pitcairn"},
        {"SH", "Saint Helena, Ascension and Tristan da Cunha"},
        {"GS", "South Georgia and the South Sandwich Islands"},
        {"UM", "U.S. Minor Outlying Islands"},
        {"VC", "Saint Vincent and the Grenadines"},
    };

    private static final class Holder {
        static final Map<String, String> BY_NAME = build();
    }

    private CountryCodes() {}

    /** {@return the code of a country name (any case, spaces around ignored), or empty when it is not known} */
    public static Optional<String> iso(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String iso = Holder.BY_NAME.get(key(name));
        int paren = name.indexOf(" (");
        if (iso == null && paren > 0) {
            iso = Holder.BY_NAME.get(key(name.substring(0, paren))); // "Saint Martin (French part)"
        }
        return Optional.ofNullable(iso);
    }

    /** {@return every known name, lower case, to its code} */
    public static Map<String, String> byName() {
        return Holder.BY_NAME;
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> build() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String iso : Locale.getISOCountries()) {
            put(m, Locale.of("", iso).getDisplayCountry(Locale.ENGLISH), iso);
        }
        for (WorldOutlines.Country c : WorldOutlines.countries()) {
            if (!c.iso().isEmpty()) {
                put(m, c.name(), c.iso());
            }
        }
        for (String[] a : ALIASES) {
            put(m, a[1], a[0]);
        }
        return Map.copyOf(m);
    }

    /** Adds the name and its plainer forms; a form another code has already is left to it. */
    private static void put(Map<String, String> m, String name, String iso) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace('\u2019', '\'');
        for (String n : new String[] {
            name,
            plain,
            plain.replace(" & ", " and "),
            plain.replace("St. ", "St ").replace(" & ", " and "),
            plain.replace("St. ", "Saint ").replace(" & ", " and "),
            name.replace("St. ", "Saint ").replace(" & ", " and ")
        }) {
            m.putIfAbsent(key(n), iso);
        }
    }
}
