package dev.iptriage.tools;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The continent of each country or territory code, with the seven GeoIP2 continent codes and their
 * English names. Antarctica (AN) holds the territories south of 60°S; Cyprus, Russia and the Caucasus
 * follow the usual GeoNames assignment.
 */
final class Continents {
    /** Continent code to English name. */
    static final Map<String, String> NAMES = Map.of(
            "AF", "Africa",
            "AN", "Antarctica",
            "AS", "Asia",
            "EU", "Europe",
            "NA", "North America",
            "OC", "Oceania",
            "SA", "South America");

    /** One line per continent (or part of one): the continent code, a colon, country codes. */
    private static final String TABLE = """
            AF: AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG
            AF: ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW
            AN: AQ BV GS HM TF
            AS: AE AF AM AZ BD BH BN BT CC CN CX GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB
            AS: LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE
            EU: AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE
            EU: LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK
            NA: AG AI AN AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS
            NA: MX NI PA PM PR SV SX TC TT US VC VG VI
            OC: AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS
            SA: AR BO BR CL CO EC FK GF GY PE PY SR UY VE
            """;

    private static final Map<String, String> CONTINENT_OF = invert();

    private Continents() {}

    /**
     * Returns the continent code of a country code.
     *
     * @param countryCode an ISO 3166-1 alpha-2 code (or XK, or the withdrawn AN)
     * @return one of the keys of {@link #NAMES}, or empty for a code not in the table
     */
    static Optional<String> of(String countryCode) {
        return Optional.ofNullable(CONTINENT_OF.get(countryCode));
    }

    /** Returns every country code in the table, sorted. */
    static Iterable<String> countryCodes() {
        return CONTINENT_OF.keySet();
    }

    private static Map<String, String> invert() {
        Map<String, String> out = new TreeMap<>();
        for (String line : TABLE.strip().split("\n")) {
            String continent = line.substring(0, 2);
            if (!NAMES.containsKey(continent) || line.charAt(2) != ':') {
                throw new IllegalStateException("bad continent table line: " + line);
            }
            for (String cc : line.substring(3).strip().split(" ")) {
                String previous = out.put(cc, continent);
                if (previous != null) {
                    throw new IllegalStateException(cc + " is in " + previous + " and " + continent);
                }
            }
        }
        return out;
    }
}
