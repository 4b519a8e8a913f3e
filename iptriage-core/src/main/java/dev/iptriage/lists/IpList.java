package dev.iptriage.lists;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A list read by {@link ListReader}: what the file says about itself, its entries in file order and its bad lines.
 *
 * @param name the list's short name: the file name without its extension
 * @param format the detected format
 * @param title the list's own title when the file has one (FireHOL's set name, the first header line, MISP's {@code
 *     name}), else null
 * @param source where the list comes from when the file says (a URL or a sentence), else null
 * @param date the list's date as the file writes it (FireHOL {@code This File Date}, Feodo {@code Last updated}, DROP
 *     {@code Last-Modified} or the metadata timestamp as an ISO instant), else null
 * @param licence the terms or copyright when the file says, else null
 * @param maintainer who maintains the list when the file says, else null
 * @param facts other things the header says (FireHOL {@code category}, {@code version}, {@code update_frequency};
 *     MISP {@code version}, {@code category}, {@code description}; OpenFilters {@code user_agent}, {@code ptr})
 * @param entries the entries in file order
 * @param problems the first {@value ListReader#MAX_PROBLEMS} bad lines
 * @param problemCount how many bad lines there were in all
 */
public record IpList(
        String name,
        ListFormat format,
        String title,
        String source,
        String date,
        String licence,
        String maintainer,
        Map<String, String> facts,
        List<ListEntry> entries,
        List<ListProblem> problems,
        long problemCount) {

    /** Checks and copies. */
    public IpList {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        facts = Map.copyOf(facts);
        entries = PackedEntries.of(entries);
        problems = List.copyOf(problems);
        if (problemCount < problems.size()) {
            throw new IllegalArgumentException("problemCount " + problemCount + " < " + problems.size());
        }
    }
}
