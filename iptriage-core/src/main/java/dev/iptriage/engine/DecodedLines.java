package dev.iptriage.engine;

import dev.iptriage.extract.LineDecoder;
import dev.iptriage.extract.ListParser;
import dev.iptriage.extract.Sighting;
import dev.iptriage.input.LineChunks;
import dev.iptriage.text.ByteScan;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoding of lines, alone or in blocks for worker threads: what each line gave (its shape, its
 * sightings) and what it was made of (NUL bytes, invalid UTF-8, blank), for the summary.
 */
final class DecodedLines {
    static final int NUL = 1;
    static final int BAD_UTF8 = 2;
    static final int BLANK = 4;

    /** Bytes read per chunk before it is handed to a worker. */
    static final int BLOCK_BYTES = 1 << 20;

    private DecodedLines() {}

    /** One decoded line (or piece of a long line). */
    record Line(
            long number,
            boolean piece,
            int flags,
            LineDecoder.Shape shape,
            List<Sighting> found,
            List<ListParser.Invalid> invalid) {}

    /**
     * The decoded lines of a chunk, numbered relative to it (see {@link LineChunks.LineVisitor}).
     *
     * @param started how many lines start in the chunk
     */
    record Decoded(List<Line> lines, int started) {}

    static Line decode(byte[] b, int off, int len, long number, boolean piece, LineDecoder decoder) {
        return decode(b, off, len, number, piece, decoder, inspect(b, off, len));
    }

    private static Line decode(byte[] b, int off, int len, long number, boolean piece, LineDecoder decoder, int flags) {
        List<Sighting> found = new ArrayList<>(2);
        LineDecoder.Shape shape = decoder.decode(b, off, len, (flags & ASCII) != 0, found::add);
        List<ListParser.Invalid> invalid = List.of();
        boolean anyInvalid = false; // only csv: and jsonl: fields give them: no stream per line for the rest
        for (int i = 0; i < found.size() && !anyInvalid; i++) {
            anyInvalid = found.get(i).invalid() != null;
        }
        if (anyInvalid) {
            // the chosen field (or each of its array elements) that holds no address, in order
            invalid = found.stream()
                    .filter(f -> f.invalid() != null)
                    .map(Sighting::invalid)
                    .toList();
            found.removeIf(f -> f.invalid() != null);
        }
        return new Line(number, piece, flags & ~ASCII, shape, found, invalid);
    }

    private static final int ASCII = 8;

    private static boolean blank(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        return i == end;
    }

    private static int inspect(byte[] b, int off, int len) {
        int flags = bytes(b, off, len) | (blank(b, off, len) ? BLANK : 0);
        if ((flags & ASCII) != 0) {
            return flags;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len));
            return flags;
        } catch (CharacterCodingException e) {
            return flags | BAD_UTF8;
        }
    }

    /** {@link #NUL} if there is a NUL byte, {@link #ASCII} if there is no byte over 0x7F. */
    private static int bytes(byte[] b, int off, int len) {
        int end = off + len;
        int i;
        // eight bytes at a time: any high bit means non-ASCII
        long high = 0;
        boolean nul = false;
        for (i = off; i + 8 <= end; i += 8) {
            long x = ByteScan.word(b, i);
            high |= x;
            nul |= ByteScan.zeros(x) != 0;
        }
        int bits = (high & ByteScan.HIGHS) != 0 ? -1 : 0;
        for (; i < end; i++) {
            bits |= b[i];
            nul |= b[i] == 0;
        }
        return (nul ? NUL : 0) | (bits >= 0 ? ASCII : 0);
    }

    /** Cuts a chunk into lines and decodes them (on a worker thread). */
    static Decoded decode(LineChunks.Chunk c, LineDecoder decoder) {
        List<Line> out = new ArrayList<>();
        // the usual chunk is all ASCII without NUL: then each line only needs its blank check
        boolean clean = bytes(c.data(), c.from(), c.to() - c.from()) == ASCII;
        int started = c.lines((b, off, len, number, piece) -> out.add(
                clean
                        ? decode(b, off, len, number, piece, decoder, ASCII | (blank(b, off, len) ? BLANK : 0))
                        : decode(b, off, len, number, piece, decoder)));
        return new Decoded(out, started);
    }
}
