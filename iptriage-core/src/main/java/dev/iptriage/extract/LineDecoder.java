package dev.iptriage.extract;

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
}
