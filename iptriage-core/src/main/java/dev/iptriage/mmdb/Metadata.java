package dev.iptriage.mmdb;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The metadata map of a MaxMind DB file, checked for the keys and ranges the format requires.
 *
 * @param databaseType the {@code database_type} string, e.g. {@code GeoLite2-City}
 * @param ipVersion 4 or 6
 * @param recordSize 24, 28 or 32 bits
 * @param nodeCount search-tree nodes
 * @param majorVersion binary format major version (always 2)
 * @param minorVersion binary format minor version
 * @param buildEpoch build time; {@link Instant#MAX} when the stored epoch does not fit
 * @param languages locale codes the names are available in
 * @param description description per language
 * @param raw the whole decoded metadata map
 */
public record Metadata(
        String databaseType,
        int ipVersion,
        int recordSize,
        long nodeCount,
        int majorVersion,
        int minorVersion,
        Instant buildEpoch,
        List<String> languages,
        Map<String, String> description,
        Map<String, Object> raw) {

    /** Copies the collections so the record stays immutable. */
    public Metadata {
        languages = List.copyOf(languages);
        description = Map.copyOf(description);
        raw = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raw));
    }

    /** Size of one search-tree node in bytes. */
    public int nodeBytes() {
        return recordSize / 4;
    }

    /** Size of the search tree in bytes. */
    public long treeBytes() {
        return nodeCount * nodeBytes();
    }
}
