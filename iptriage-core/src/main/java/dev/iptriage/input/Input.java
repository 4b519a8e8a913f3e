package dev.iptriage.input;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * One input: a file or standard input. Gzip content is recognised by its magic bytes and
 * decompressed transparently, whatever the file name; then the content is handed out as UTF-8 by
 * {@link InputEncoding} (a byte order mark skipped, UTF-16 transcoded, binary data refused).
 *
 * @param name how messages refer to it ({@code -} for standard input)
 * @param size bytes on disk, or -1 when unknown (stdin)
 * @param opener opens the raw stream
 */
public record Input(String name, long size, Supplier<InputStream> opener) {

    /** A file; fails now with a clear message when it is missing or unreadable. */
    public static Input file(Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString(), null, "no such file");
        }
        if (Files.isDirectory(p)) {
            throw new IOException(p + ": is a directory, not a file");
        }
        if (!Files.isReadable(p)) {
            throw new IOException(p + ": not readable (permission denied)");
        }
        long size = Files.size(p);
        return new Input(p.toString(), size, () -> {
            try {
                return Files.newInputStream(p);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Standard input. */
    public static Input stdin(InputStream in) {
        return new Input("-", -1, () -> in);
    }

    /**
     * Opens the content as UTF-8, decompressing gzip.
     *
     * @throws UnreadableInputException when the content is not text iptriage reads (the message says
     *     what it is, without the input's name)
     */
    public InputStream open() throws IOException {
        InputStream raw;
        try {
            raw = opener.get();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return InputEncoding.utf8(b1 == 0x1f && b2 == 0x8b ? new OneReadPerCall(new GZIPInputStream(in, 1 << 16)) : in);
    }

    /**
     * A gzip stream that says nothing more is available, so the buffer above it fills a read with one
     * read of the stream below, not several: when a later one fails (a truncated gzip file), the bytes
     * earlier ones had given are not thrown away with the failure but handed out, and the failure comes
     * at the next read, in words a user can act on.
     */
    private static final class OneReadPerCall extends FilterInputStream {
        OneReadPerCall(InputStream in) {
            super(in);
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw explained(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw explained(e);
            }
        }

        private static IOException explained(IOException e) {
            if (e instanceof java.io.EOFException) {
                return new java.io.EOFException(
                        "the gzip data ends early (a truncated or partly written file); the lines before that were read");
            }
            if (e instanceof java.util.zip.ZipException) {
                return new IOException(
                        "the gzip data is damaged (" + e.getMessage() + "); the lines before that were read", e);
            }
            return e;
        }
    }
}
