package dev.iptriage.extract;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns the lines of one input into sightings. Stateful for some formats (a CSV header names the
 * columns), so use one decoder per input, from one thread. Lines not in the decoder's format are
 * searched as free text, so no address is lost, and reported through the return value.
 */
public interface LineDecoder {

    /** What a line was to the decoder. */
    enum Shape {
        /** The line has the format's shape. */
        MATCHED,
        /** The line does not; it was searched as free text. */
        OTHER,
        /** A CSV header line: no addresses, names the columns. */
        HEADER
    }

    /**
     * Decodes one line (without its line end; a trailing CR is ignored).
     *
     * @param line the text; any content, never throws for bad input
     * @param out receives one sighting per address found
     * @return what the line was
     */
    Shape decode(CharSequence line, Consumer<Sighting> out);

    /**
     * Decodes one line of UTF-8 bytes; formats that can read bytes directly override this to skip
     * decoding.
     *
     * @param b the buffer
     * @param off where the line starts
     * @param len its length in bytes
     * @param ascii whether every byte is ASCII (then Latin-1 decoding is exact)
     * @param out receives one sighting per address found
     * @return what the line was
     */
    default Shape decode(byte[] b, int off, int len, boolean ascii, Consumer<Sighting> out) {
        return decode(new String(b, off, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8), out);
    }
}
