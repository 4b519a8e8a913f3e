package dev.iptriage.input;

import java.io.IOException;

/**
 * An input that is not text iptriage reads (UTF-32, another compression than gzip, binary data);
 * the message says what was found and what to do, in one line.
 */
public final class UnreadableInputException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With the message shown to the user. */
    public UnreadableInputException(String message) {
        super(message);
    }
}
