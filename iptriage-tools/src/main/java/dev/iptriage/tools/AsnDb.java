package dev.iptriage.tools;

import dev.iptriage.mmdb.MmdbWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@code iptriage-asn.mmdb} (GeoLite2-ASN schema). */
final class AsnDb {
    private static final long MAX_ASN = 0xFFFF_FFFFL;

    /**
     * What was built.
     *
     * @param stats counters for the manifest (rows, records, node_count, size)
     */
    record Result(Map<String, Object> stats) {}

    private AsnDb() {}

    static Result build(SourcePackage pkg, Instant snapshot, Path file) throws IOException {
        MmdbWriter w = BuildDefaultDb.writer(BuildDefaultDb.ASN_TYPE, BuildDefaultDb.asnDescription(pkg), snapshot);
        Map<String, Map<String, Object>> records = new HashMap<>();
        RangeLoader loader = new RangeLoader(w, ExcludedBlocks.standard(), row -> {
            String asn = row.values().get(0).strip();
            String org = row.values().size() > 1 ? row.values().get(1).strip() : "";
            return records.computeIfAbsent(asn + '\n' + org, k -> record(asn, org));
        });
        return new Result(loader.loadAndWrite(pkg, "asn", file, records));
    }

    /**
     * Returns the GeoLite2-ASN record: the number as uint32 and the organization when there is one.
     *
     * @throws IllegalArgumentException if {@code asn} is not a number in 0..4294967295
     */
    static Map<String, Object> record(String asn, String org) {
        if (asn.isEmpty() || asn.length() > 10 || !asn.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad AS number '" + asn + "'");
        }
        long n = Long.parseLong(asn);
        if (n > MAX_ASN) {
            throw new IllegalArgumentException("AS number out of range: " + asn);
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("autonomous_system_number", new MmdbWriter.Uint32(n));
        if (!org.isEmpty()) {
            rec.put("autonomous_system_organization", org);
        }
        return rec;
    }
}
