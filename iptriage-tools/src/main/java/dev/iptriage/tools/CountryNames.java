package dev.iptriage.tools;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * English short country names: the JDK's English display name (CLDR), with {@code &} spelled out,
 * {@code St.} written as {@code Saint}, and a few overrides where CLDR's name is not the usual short
 * name (e.g. {@code Hong Kong SAR China}).
 */
final class CountryNames {
    private static final Map<String, String> OVERRIDES = Map.ofEntries(
            Map.entry("BQ", "Bonaire, Sint Eustatius, and Saba"),
            Map.entry("CD", "DR Congo"),
            Map.entry("CG", "Congo Republic"),
            Map.entry("CI", "Ivory Coast"),
            Map.entry("CV", "Cabo Verde"),
            Map.entry("HK", "Hong Kong"),
            Map.entry("MM", "Myanmar"),
            Map.entry("MO", "Macao"),
            Map.entry("PS", "Palestine"),
            Map.entry("UM", "U.S. Minor Outlying Islands"),
            Map.entry("VC", "Saint Vincent and the Grenadines"),
            Map.entry("XK", "Kosovo"));

    /** Codes accepted besides the JDK's current ISO 3166-1 list: AN, withdrawn, is still in whois data. */
    private static final Set<String> WITHDRAWN = Set.of("AN");

    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());

    private CountryNames() {}

    /**
     * Returns the English short name of a country code.
     *
     * @param countryCode an ISO 3166-1 alpha-2 code (or XK, or the withdrawn AN)
     * @throws IllegalArgumentException if the code is not a current ISO 3166-1 code, XK or AN, or the
     *     JDK knows no name for it
     */
    static String english(String countryCode) {
        String override = OVERRIDES.get(countryCode);
        if (override != null) {
            return override;
        }
        if (!ISO_CODES.contains(countryCode) && !WITHDRAWN.contains(countryCode)) {
            throw new IllegalArgumentException("unknown country code " + countryCode);
        }
        String name = Locale.of("", countryCode).getDisplayCountry(Locale.ENGLISH);
        if (name.isEmpty() || name.equals(countryCode)) {
            throw new IllegalArgumentException("no English name for country code " + countryCode);
        }
        name = name.replace(" & ", " and ");
        return name.startsWith("St. ") ? "Saint " + name.substring(4) : name;
    }
}
