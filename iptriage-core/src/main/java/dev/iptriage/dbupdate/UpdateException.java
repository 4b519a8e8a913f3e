package dev.iptriage.dbupdate;

import java.io.IOException;

/** Why an update step failed; the message never contains the license key. */
public final class UpdateException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure. */
    public enum Kind {
        /** Bad or missing settings. */
        CONFIG,
        /** The server refused the account id / license key (401, 403). */
        AUTH,
        /** The server asked us to slow down (429). */
        RATE_LIMITED,
        /** No such edition or file (404). */
        NOT_FOUND,
        /** Network failure or server error that persisted through the retries. */
        NETWORK,
        /** The download does not match the published SHA-256, or was cut short. */
        CHECKSUM,
        /** The archive or the database inside it is unusable. */
        CORRUPT,
        /** Another update holds the folder's lock. */
        LOCKED
    }

    private final Kind kind;

    /** A failure of the given kind. */
    public UpdateException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }
}
