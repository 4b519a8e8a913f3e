package dev.iptriage.sources;

/** What a remote source said about one address, as its {@code NAME_status} column writes it. */
public enum SourceStatus {
    /** The source answered with data. */
    OK("ok"),
    /** The source answered that it knows nothing of the address (NXDOMAIN, not listed, 404). */
    NOT_FOUND("not_found"),
    /** No answer within the source's timeout. */
    TIMEOUT("timeout"),
    /** The source failed; the text after {@code error:} says why. */
    ERROR("error"),
    /**
     * Not asked: a private or reserved address (including one carried inside a NAT64, 6to4 or Teredo
     * address), which never leaves the machine, or a network (a CIDR line: sources answer for one
     * address).
     */
    SKIPPED("skipped");

    private final String text;

    SourceStatus(String text) {
        this.text = text;
    }

    /** The status as written in output. */
    public String text() {
        return text;
    }
}
