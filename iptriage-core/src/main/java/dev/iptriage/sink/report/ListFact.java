package dev.iptriage.sink.report;

import dev.iptriage.lists.IpList;

/**
 * A list of addresses the run tagged with ({@code --list}), as the report's facts show it.
 *
 * @param name the list's name (as in the {@code tags} column)
 * @param format its format ({@code plain}, {@code firehol}, {@code misp}, ...)
 * @param source where it comes from when the file says, else empty
 * @param date its date as the file writes it, else empty
 * @param licence its terms when the file says, else empty
 * @param entries its entries
 * @param problems its bad lines (skipped)
 */
public record ListFact(
        String name, String format, String source, String date, String licence, long entries, long problems) {
    /** Empty text for what the file does not say. */
    public ListFact {
        name = orEmpty(name);
        format = orEmpty(format);
        source = orEmpty(source);
        date = orEmpty(date);
        licence = orEmpty(licence);
    }

    /** The fact of a list that was read. */
    public static ListFact of(IpList l) {
        return new ListFact(
                l.name(),
                l.format().id(),
                l.source(),
                l.date(),
                l.licence(),
                l.entries().size(),
                l.problemCount());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
