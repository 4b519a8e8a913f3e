package dev.iptriage.tools;

import dev.iptriage.mmdb.MmdbWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Builds {@code iptriage-country.mmdb} (GeoIP2-Country schema plus a country-level location). */
final class CountryDb {
    private static final Pattern CODE = Pattern.compile("[A-Z]{2}");

    /**
     * What was built.
     *
     * @param stats counters for the manifest (rows, records, node_count, size)
     */
    record Result(Map<String, Object> stats) {}

    private CountryDb() {}

    static Result build(
            SourcePackage pkg, Map<String, CountryLocation> locations, Instant snapshot, Path file, SourcePackage atlas)
            throws IOException {
        MmdbWriter w = BuildDefaultDb.writer(
                BuildDefaultDb.COUNTRY_TYPE, BuildDefaultDb.countryDescription(pkg, atlas), snapshot);
        Map<String, Map<String, Object>> records = new HashMap<>();
        RangeLoader loader = new RangeLoader(w, ExcludedBlocks.standard(), row -> {
            String cc = row.values().get(0).strip();
            return records.computeIfAbsent(cc, code -> record(code, locations));
        });
        return new Result(loader.loadAndWrite(pkg, "geo-whois-asn-country", file, records));
    }

    /**
     * Returns the GeoIP2-Country record of a country code.
     *
     * @throws IllegalArgumentException if the code is malformed or has no continent, name or location
     */
    static Map<String, Object> record(String cc, Map<String, CountryLocation> locations) {
        if (!CODE.matcher(cc).matches()) {
            throw new IllegalArgumentException("bad country code '" + cc + "'");
        }
        String continent = Continents.of(cc)
                .orElseThrow(() -> new IllegalArgumentException("no continent for country code " + cc));
        CountryLocation loc = locations.get(cc);
        if (loc == null) {
            throw new IllegalArgumentException("no location for country code " + cc);
        }
        String name = CountryNames.english(cc);
        Map<String, Object> rec = new LinkedHashMap<>();
        Map<String, Object> cont = new LinkedHashMap<>();
        cont.put("code", continent);
        cont.put("names", Map.of("en", Continents.NAMES.get(continent)));
        rec.put("continent", cont);
        rec.put("country", country(cc, name));
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("accuracy_radius", new MmdbWriter.Uint16(loc.accuracyRadiusKm()));
        location.put("latitude", loc.latitude());
        location.put("longitude", loc.longitude());
        rec.put("location", location);
        rec.put("registered_country", country(cc, name));
        return rec;
    }

    private static Map<String, Object> country(String cc, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iso_code", cc);
        m.put("names", Map.of("en", name));
        return m;
    }
}
