package dev.iptriage.tools;

import dev.iptriage.mmdb.MmdbWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Inserts the rows of range CSV files into a writer in file order (so a later row wins where rows
 * overlap, as the writer's last insert wins), leaving out {@link ExcludedBlocks}, and counts what it
 * did.
 */
final class RangeLoader {
    private final MmdbWriter writer;
    private final ExcludedBlocks excluded;
    private final Function<RangeCsv.Row, Object> value;
    private final Map<String, Long> stats = new TreeMap<>();

    /**
     * @param value turns a row into the value to store (the same object for equal values saves time)
     */
    RangeLoader(MmdbWriter writer, ExcludedBlocks excluded, Function<RangeCsv.Row, Object> value) {
        this.writer = writer;
        this.excluded = excluded;
        this.value = value;
    }

    /**
     * Loads one file.
     *
     * @param bytes 4 for an IPv4 file, 16 for IPv6
     * @param minValues the number of fields each row needs after the two addresses
     */
    void load(Path csv, int bytes, int minValues) throws IOException {
        String family = bytes == 4 ? "ipv4" : "ipv6";
        long rows = RangeCsv.read(csv, bytes, minValues, row -> {
            Object v;
            try {
                v = value.apply(row);
            } catch (IllegalArgumentException e) {
                throw new IOException(csv + ":" + row.line() + ": " + e.getMessage(), e);
            }
            if (row.overlapsEarlier()) {
                count("rows_overriding." + family);
            }
            List<Span> kept = excluded.keep(row.range(), bytes);
            if (kept.isEmpty()) {
                count("rows_excluded." + family);
            } else if (kept.size() > 1 || !kept.get(0).equals(row.range())) {
                count("rows_clipped." + family);
            }
            for (Span s : kept) {
                writer.insertRange(IpText.toBytes(s.first(), bytes), IpText.toBytes(s.last(), bytes), v);
            }
        });
        stats.merge("rows." + family, rows, Long::sum);
    }

    /**
     * Loads {@code <prefix>-ipv4.csv} and {@code <prefix>-ipv6.csv} from the package, writes the
     * database to {@code file} and returns the build statistics for the manifest.
     */
    Map<String, Object> loadAndWrite(SourcePackage pkg, String prefix, Path file, Map<?, ?> records)
            throws IOException {
        load(pkg.file(prefix + "-ipv4.csv"), 4, 1);
        load(pkg.file(prefix + "-ipv6.csv"), 16, 1);
        writer.write(file);
        Map<String, Object> out = new java.util.LinkedHashMap<>(stats);
        out.put("records", records.size()); // distinct records, known once both files are loaded
        out.put("node_count", writer.nodeCount());
        out.put("size", java.nio.file.Files.size(file));
        return out;
    }

    /** Returns the counters, by name. */
    Map<String, Long> stats() {
        return stats;
    }

    private void count(String key) {
        stats.merge(key, 1L, Long::sum);
    }
}
