package dev.iptriage.model;

/** The outcome of one input row. {@link #ERROR} rows carry the reason in their status text. */
public enum Status {
    /** Found in at least one database. */
    OK("ok"),
    /** A public address that no database has. */
    NOT_FOUND("not_found"),
    /** RFC 1918, CGNAT, loopback, link-local, unique-local: looked up in local databases only. */
    PRIVATE("private"),
    /** Any other special-purpose address (documentation, multicast, reserved...). */
    RESERVED("reserved"),
    /** The line is not an address. */
    INVALID("invalid"),
    /** A database could not answer (e.g. a corrupt record); the text after {@code error:} says why. */
    ERROR("error");

    private final String text;

    Status(String text) {
        this.text = text;
    }

    /** The status as written in output. */
    public String text() {
        return text;
    }
}
