package dev.iptriage.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard output, and what a failed write to it means. When the reader of a pipe goes away ({@code
 * iptriage enrich big.txt | head -2}) every write fails (EPIPE), but a {@link PrintStream} only sets
 * its error flag. The runs write their rows through {@link #stream}, which turns that flag into {@link
 * Closed}: the run stops at once (so it stops reading its input too) and {@link Main} ends it quietly
 * with exit 0, as a reader that stopped early asked. A write that fails on a regular file or a device
 * (disk full, {@code > /dev/full}) is an output error instead: exit 4 with a message.
 */
final class Stdout {
    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int SOCKET = 0140000;

    private Stdout() {}

    /** The process's standard output (for {@code Main.main}), remembering why a write failed. */
    static PrintStream open() {
        return new Printer(new Sink(new FileOutputStream(FileDescriptor.out)));
    }

    /**
     * An output stream over {@code ps} for a run's rows: a write or flush after which {@code ps} is in
     * error throws {@link Closed}. Closing it flushes {@code ps} (which stays open).
     */
    static OutputStream stream(PrintStream ps) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                ps.write(b);
                check(ps);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                ps.write(b, off, len);
                check(ps);
            }

            @Override
            public void flush() {
                check(ps); // flushes
            }

            @Override
            public void close() {
                check(ps);
            }
        };
    }

    /** Flushes {@code ps} and throws {@link Closed} when a write to it failed. */
    static void check(PrintStream ps) {
        if (ps.checkError()) {
            throw new Closed(readerGone(ps), failure(ps));
        }
    }

    /** Whether writes to {@code ps} failed because its reader went away (a pipe or socket closed). */
    static boolean readerGone(PrintStream ps) {
        return ps instanceof Printer p && p.sink.readerGone;
    }

    private static String failure(PrintStream ps) {
        IOException e = ps instanceof Printer p ? p.sink.failure : null;
        return e == null || e.getMessage() == null ? "write failed" : e.getMessage();
    }

    /** Standard output could not be written: the run stops (see {@link #exitCode}). */
    static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean readerGone;

        Closed(boolean readerGone, String reason) {
            super("standard output: " + reason + "; the output is incomplete");
            this.readerGone = readerGone;
        }

        /** The reader went away (no message, exit 0), or a real output error (exit 4). */
        boolean readerGone() {
            return readerGone;
        }
    }

    private static final class Printer extends PrintStream {
        final Sink sink;

        Printer(Sink sink) {
            super(sink, false, StandardCharsets.UTF_8);
            this.sink = sink;
        }
    }

    /** The file descriptor's stream, keeping the first failure and whether it means "reader gone". */
    private static final class Sink extends OutputStream {
        private final OutputStream out;
        volatile IOException failure;
        volatile boolean readerGone;

        Sink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private IOException failed(IOException e) {
            if (failure == null) {
                readerGone = isPipeOrSocket(e);
                failure = e;
            }
            return e;
        }
    }

    /**
     * Whether standard output is a pipe or a socket: a write to one fails only when its reader has
     * gone (EPIPE, ECONNRESET), where a file or a device fails for real (ENOSPC, EIO). The message
     * text is not relied on (it is translated in some locales), unless the file type is unknown.
     */
    private static boolean isPipeOrSocket(IOException e) {
        try {
            int type = (Integer) Files.getAttribute(Path.of("/dev/stdout"), "unix:mode") & TYPE_MASK;
            return type == FIFO || type == SOCKET;
        } catch (IOException | RuntimeException x) {
            return String.valueOf(e.getMessage()).contains("Broken pipe");
        }
    }
}
