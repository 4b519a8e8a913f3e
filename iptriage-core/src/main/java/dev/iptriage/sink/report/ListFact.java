package dev.iptriage.sink.report;

/**
 * A list of addresses the run tagged with ({@code --list}), as the report's facts show it (made by
 * the caller from the list's {@code IpList}: the report's package does not read lists).
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

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
