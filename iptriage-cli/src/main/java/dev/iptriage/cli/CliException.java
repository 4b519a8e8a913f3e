package dev.iptriage.cli;

/** A problem to report in one line with a documented exit code (no stack trace). */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static CliException input(String message) {
        return new CliException(ExitCodes.INPUT, message);
    }

    static CliException output(String message) {
        return new CliException(ExitCodes.OUTPUT, message);
    }
}
