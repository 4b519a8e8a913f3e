package dev.iptriage.engine;

import java.time.Duration;
import java.util.List;

/**
 * What an extraction read. Every line is in exactly one of {@code withAddress}, {@code withoutAddress},
 * {@code blank} and {@code headers}; a line over the line limit, read in pieces, is one line there (with
 * an address when any piece has one).
 *
 * @param lines input lines read
 * @param bytes input bytes read (decompressed)
 * @param sightings addresses found (with repeats)
 * @param withAddress lines with at least one address
 * @param withoutAddress non-blank lines without an address
 * @param blank blank lines
 * @param headers CSV header lines and {@code #} comment lines of a CSV input
 * @param otherShape lines not in the chosen format (searched as free text, except for {@code list})
 * @param longLines lines over the line limit, read in pieces
 * @param invalidUtf8 lines that are not valid UTF-8 (read with U+FFFD for the bad bytes)
 * @param nulLines lines with NUL bytes (binary content)
 * @param invalidValues lines whose chosen field ({@code csv:COLUMN}, {@code jsonl:FIELD}) is missing or
 *     holds no address (an empty one is counted as blank instead)
 * @param firstInvalid the first of them as {@code file:line: 'value' (reason)}, or null
 * @param choices for {@code --from auto}: per input, the format chosen and why
 * @param inputErrors inputs that could not be read (or not to the end), with the reason
 * @param elapsed wall time
 */
public record ExtractSummary(
        long lines,
        long bytes,
        long sightings,
        long withAddress,
        long withoutAddress,
        long blank,
        long headers,
        long otherShape,
        long longLines,
        long invalidUtf8,
        long nulLines,
        long invalidValues,
        String firstInvalid,
        List<String> choices,
        List<String> inputErrors,
        Duration elapsed) {

    /** Copies the lists. */
    public ExtractSummary {
        choices = List.copyOf(choices);
        inputErrors = List.copyOf(inputErrors);
    }
}
