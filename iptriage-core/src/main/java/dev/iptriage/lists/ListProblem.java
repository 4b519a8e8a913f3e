package dev.iptriage.lists;

import java.util.Objects;

/**
 * A bad line of a list, skipped when reading.
 *
 * @param line the line, counted from 1; 0 when the problem is about the whole file
 * @param message what is wrong and what was expected, such as {@code '1.2.3' is not an address ...; expected ...}
 */
public record ListProblem(int line, String message) {

    /** Checks the arguments. */
    public ListProblem {
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line " + line + " < 0");
        }
    }

    /**
     * The problem as users see it: {@code FILE:LINE: what, expected what}.
     *
     * @param file the file's name as the user gave it
     * @return the text
     */
    public String format(String file) {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
