package dev.iptriage.engine;

import java.io.IOException;

/**
 * A failed write of a run's output (or of a handler's), wrapped so that the loop that reads the
 * inputs does not take it for an error of the input being read, and stops instead of reading the
 * next one.
 */
final class OutputFailure extends IOException {
    private static final long serialVersionUID = 1L;

    OutputFailure(IOException cause) {
        super(cause);
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
