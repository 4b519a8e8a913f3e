package dev.iptriage.mmdb;

import java.io.IOException;

/** A MaxMind DB file is malformed: says which file, where, and what was expected. */
public final class MmdbFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a complete message (file, offset, what was wrong). */
    public MmdbFormatException(String message) {
        super(message);
    }
}
