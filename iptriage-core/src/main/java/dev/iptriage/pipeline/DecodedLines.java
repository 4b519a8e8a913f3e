package dev.iptriage.pipeline;

import dev.iptriage.extract.LineDecoder;
import dev.iptriage.extract.Sighting;
import dev.iptriage.source.LineReader;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decoding of lines, alone or in blocks for worker threads: what each line gave (its shape, its
 * sightings) and what it was made of (NUL bytes, invalid UTF-8, blank), for the summary.
 */
final class DecodedLines {
    static final int NUL = 1;
    static final int BAD_UTF8 = 2;
    static final int BLANK = 4;

    /** Bytes gathered per block before it is handed to a worker. */
    static final int BLOCK_BYTES = 1 << 20;

    private static final int BLOCK_LINES = 16_384;

    private DecodedLines() {}

    /** One decoded line (or piece of a long line). */
    record Line(long number, boolean piece, int flags, LineDecoder.Shape shape, List<Sighting> found) {}

    /** Lines copied out of the reader for a worker. */
    record Block(byte[] data, int[] ends, long[] numbers, boolean[] pieces, int count) {}

    static Line decode(byte[] b, int off, int len, long number, boolean piece, LineDecoder decoder) {
        int flags = inspect(b, off, len);
        List<Sighting> found = new ArrayList<>(2);
        LineDecoder.Shape shape = decoder.decode(b, off, len, (flags & ASCII) != 0, found::add);
        return new Line(number, piece, flags & ~ASCII, shape, found);
    }

    private static final int ASCII = 8;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private static int inspect(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        boolean blank = i == end;
        // eight bytes at a time: any high bit means non-ASCII; (x - ONES) & ~x & HIGHS is non-zero
        // exactly when some byte of x is zero
        long high = 0;
        boolean nul = false;
        for (i = off; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i);
            high |= x;
            nul |= ((x - ONES) & ~x & HIGHS) != 0;
        }
        int bits = (high & HIGHS) != 0 ? -1 : 0;
        for (; i < end; i++) {
            bits |= b[i];
            nul |= b[i] == 0;
        }
        int flags = (nul ? NUL : 0) | (blank ? BLANK : 0);
        if (bits >= 0) {
            return flags | ASCII;
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

    /** The next block of lines from {@code r}, or null at the end. */
    static Block read(LineReader r) throws IOException {
        byte[] data = new byte[BLOCK_BYTES];
        int[] ends = new int[256];
        long[] numbers = new long[256];
        boolean[] pieces = new boolean[256];
        int used = 0;
        int count = 0;
        while (count < BLOCK_LINES && used < BLOCK_BYTES && r.next()) {
            int len = r.length();
            if (used + len > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, used + len));
            }
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
                numbers = Arrays.copyOf(numbers, count * 2);
                pieces = Arrays.copyOf(pieces, count * 2);
            }
            System.arraycopy(r.bytes(), 0, data, used, len);
            used += len;
            ends[count] = used;
            numbers[count] = r.lineNumber();
            pieces[count] = r.piece();
            count++;
        }
        return count == 0 ? null : new Block(data, ends, numbers, pieces, count);
    }

    static List<Line> decode(Block b, LineDecoder decoder) {
        List<Line> out = new ArrayList<>(b.count());
        int start = 0;
        for (int i = 0; i < b.count(); i++) {
            out.add(decode(b.data(), start, b.ends()[i] - start, b.numbers()[i], b.pieces()[i], decoder));
            start = b.ends()[i];
        }
        return out;
    }
}
