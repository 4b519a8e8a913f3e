package dev.iptriage.text;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A small settings file (DNSBL zones, scanner rules) that cannot be read or has a bad line; the message is {@code
 * FILE:LINE: problem}, or {@code FILE: problem} when it is about the whole file.
 */
public class FileLineException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file. */
    private final transient Path file;

    /** The line, counted from 1; 0 when the problem is the whole file. */
    private final int line;

    /** The problem {@code problem} at {@code line} (0: the whole file) of {@code file}. */
    protected FileLineException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** {@return the file} */
    public Path file() {
        return file;
    }

    /** {@return the line of the problem, counted from 1, or 0 when it is about the whole file} */
    public int line() {
        return line;
    }
}
