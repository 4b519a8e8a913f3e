package dev.iptriage.mmdb;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a writer was built with that end up in the file: the metadata map and the record
 * size.
 *
 * @param recordSize 24, 28 or 32, or 0 to pick the smallest that fits
 */
record DatabaseInfo(
        String databaseType,
        int ipVersion,
        int recordSize,
        List<String> languages,
        Map<String, String> description,
        long buildEpoch) {

    DatabaseInfo {
        languages = List.copyOf(languages);
        description = new LinkedHashMap<>(description);
    }

    /**
     * The record size to write: the one asked for, or the smallest of 24, 28 and 32 bits that can
     * hold every record value (node numbers, "no data", and node count + 16 + data offset).
     *
     * @param maxOffset the largest data offset a record points at, or -1 if none
     * @throws IllegalStateException if the size asked for (or 32 bits) is too small
     */
    int chooseRecordSize(int nodeCount, long maxOffset) {
        long largest = maxOffset < 0 ? nodeCount : nodeCount + 16L + maxOffset;
        for (int bits : recordSize == 0 ? new int[] {24, 28, 32} : new int[] {recordSize}) {
            if (largest < 1L << bits) {
                return bits;
            }
        }
        throw new IllegalStateException("a tree of " + nodeCount + " nodes with " + (maxOffset + 1)
                + "+ data bytes needs more than " + (recordSize == 0 ? 32 : recordSize) + "-bit records");
    }

    /** The metadata map, with every key the spec defines. */
    Datum metadata(int nodeCount, int size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node_count", new MmdbWriter.Uint32(nodeCount));
        m.put("record_size", new MmdbWriter.Uint16(size));
        m.put("ip_version", new MmdbWriter.Uint16(ipVersion));
        m.put("database_type", databaseType);
        m.put("languages", languages);
        m.put("binary_format_major_version", new MmdbWriter.Uint16(2));
        m.put("binary_format_minor_version", new MmdbWriter.Uint16(0));
        m.put("build_epoch", new MmdbWriter.Uint64(BigInteger.valueOf(buildEpoch)));
        m.put("description", description);
        if (description.isEmpty()) {
            // never end the file with an empty map: some readers then read past the end
            m.remove("build_epoch");
            m.put("build_epoch", new MmdbWriter.Uint64(BigInteger.valueOf(buildEpoch)));
        }
        return Datum.of(m);
    }
}
