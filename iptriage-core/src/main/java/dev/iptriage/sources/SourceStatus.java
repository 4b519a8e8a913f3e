package dev.iptriage.sources;

/**
 * What a remote source said about one address, as its {@code NAME_status} column writes it. One
 * vocabulary for every source: the DNS sources use the DNS words ({@code nxdomain}, {@code nodata},
 * {@code servfail}, {@code refused}), classified from the response code of the answer.
 */
public enum SourceStatus {
    /** The source answered with data. */
    OK("ok"),
    /** The source answered that it knows nothing of the address (a web service's 404). */
    NOT_FOUND("not_found"),
    /**
     * The source answered that the address is reserved (a web service's {@code IP_ADDRESS_RESERVED}): an answer. The
     * engine never sends the addresses it knows to be private or reserved; a service's own registry may call more of
     * them reserved.
     */
    RESERVED("reserved"),
    /** The source refused the address as not valid (a web service's {@code IP_ADDRESS_INVALID}). */
    INVALID("invalid"),
    /** DNS: the name does not exist (no PTR name, not listed, no route): an answer, not a failure. */
    NXDOMAIN("nxdomain"),
    /** DNS: the name exists but has no record of the type asked: an answer, not a failure. */
    NODATA("nodata"),
    /** DNS: the server failed to answer (SERVFAIL), after the retries. */
    SERVFAIL("servfail"),
    /** DNS: the server refused to answer (REFUSED). */
    REFUSED("refused"),
    /** No answer within the source's timeout (after the retries). */
    TIMEOUT("timeout"),
    /**
     * Not asked: a private or reserved address (including one carried inside a NAT64, 6to4 or Teredo
     * address), which never leaves the machine, or a network (a CIDR line: sources answer for one
     * address), or a run that sends nothing ({@code --dry-run}); a source may say why after {@code skipped:}
     * (a web service's {@code budget}, {@code out_of_queries}, {@code local}).
     */
    SKIPPED("skipped"),
    /** The source cannot answer for such an address (an IPv4-only DNS blocklist asked about IPv6). */
    UNSUPPORTED("unsupported"),
    /** The source failed; the text after {@code error:} says why. */
    ERROR("error");

    private final String text;

    SourceStatus(String text) {
        this.text = text;
    }

    /** The status as written in output. */
    public String text() {
        return text;
    }

    /** Whether this is an answer (data, or a definite "nothing"), not a failure or a skip. */
    public boolean isAnswer() {
        return this == OK || this == NOT_FOUND || this == RESERVED || this == NXDOMAIN || this == NODATA;
    }
}
