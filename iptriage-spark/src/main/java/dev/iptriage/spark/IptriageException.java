package dev.iptriage.spark;

/** A database that cannot be used on this node: missing, different from the driver's, or damaged. */
public final class IptriageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IptriageException(String message) {
        super(message);
    }

    IptriageException(String message, Throwable cause) {
        super(message, cause);
    }
}
