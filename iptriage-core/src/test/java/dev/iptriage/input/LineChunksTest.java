package dev.iptriage.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** Chunks cut into lines by the workers give exactly the lines and pieces of {@link LineReader}. */
class LineChunksTest {
    private record Got(long number, boolean piece, String text) {}

    private static List<Got> byReader(byte[] input, int maxLine) throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(input), maxLine);
        List<Got> out = new ArrayList<>();
        while (r.next()) {
            out.add(new Got(
                    r.lineNumber(), r.piece(), new String(r.bytes(), 0, r.length(), StandardCharsets.ISO_8859_1)));
        }
        return out;
    }

    private static List<Got> byChunks(InputStream in, int chunkSize, int maxLine, int maxLines) throws IOException {
        LineChunks chunks = new LineChunks(in, chunkSize, maxLine, maxLines);
        List<Got> out = new ArrayList<>();
        long[] base = {0};
        LineChunks.Chunk c;
        while ((c = chunks.next()) != null) {
            long b = base[0];
            base[0] += c.lines((bytes, off, len, number, piece) ->
                    out.add(new Got(b + number, piece, new String(bytes, off, len, StandardCharsets.ISO_8859_1))));
        }
        return out;
    }

    /** Hands out at most {@code max} bytes per read, as pipes and gzip streams do. */
    private static InputStream trickle(byte[] input, int max) {
        return new ByteArrayInputStream(input) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, max));
            }
        };
    }

    @Test
    void sameLinesAndPiecesAsTheLineReader() throws IOException {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(20_261_124L);
        byte[] alphabet = {'a', '1', '.', ' ', '\t', '\r', '\n', 0};
        for (int n = 0; n < 3_000; n++) {
            byte[] input = new byte[random.nextInt(n % 10 == 0 ? 20_000 : 3_000)];
            int newlineOdds = 1 + random.nextInt(n % 3 == 0 ? 5_000 : 60); // some inputs have very long lines
            for (int i = 0; i < input.length; i++) {
                input[i] = random.nextInt(newlineOdds) == 0
                        ? (byte) '\n'
                        : random.nextInt(6) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            int maxLine = 2048 + random.nextInt(3000);
            int chunkSize = 1 + random.nextInt(n % 2 == 0 ? 300 : 8000);
            List<Got> expected = byReader(input, maxLine);
            int maxLines = random.nextBoolean() ? 1 + random.nextInt(5) : LineChunks.MAX_LINES;
            assertThat(byChunks(trickle(input, 1 + random.nextInt(5000)), chunkSize, maxLine, maxLines))
                    .as("input %d, maxLine %d, chunk %d, lines %d", n, maxLine, chunkSize, maxLines)
                    .isEqualTo(expected);
        }
    }

    /** Hands out {@code input} a few bytes per read, then fails (an upload cut, a disk error). */
    private static InputStream failingAfter(String input) {
        return new InputStream() {
            private final InputStream in = trickle(input.getBytes(StandardCharsets.ISO_8859_1), 3);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n < 0) {
                    throw new IOException("cut");
                }
                return n;
            }
        };
    }

    @Test
    void theWholeLinesReadBeforeAFailureComeFirstThenTheFailure() throws IOException {
        for (int chunkSize : new int[] {4, 16, 1 << 16}) {
            LineChunks chunks = new LineChunks(failingAfter("1.1.1.1\n2.2.2.2\n3.3.3"), chunkSize, 2048, 1000);
            List<Got> got = new ArrayList<>();
            IOException failure = null;
            try {
                long[] base = {0};
                for (LineChunks.Chunk c; (c = chunks.next()) != null; ) {
                    long b0 = base[0];
                    base[0] += c.lines((bytes, off, len, number, piece) -> got.add(
                            new Got(b0 + number, piece, new String(bytes, off, len, StandardCharsets.ISO_8859_1))));
                }
            } catch (IOException e) {
                failure = e;
            }
            assertThat(failure).as("chunk %d", chunkSize).hasMessage("cut");
            assertThat(got)
                    .as("chunk %d: the part of a line is not a line", chunkSize)
                    .containsExactly(new Got(1, false, "1.1.1.1"), new Got(2, false, "2.2.2.2"));
        }
    }

    @Test
    void theChunkReaderToo() throws IOException {
        for (int blockSize : new int[] {4, 16, 1 << 16}) {
            ChunkReader r = new ChunkReader(failingAfter("1.1.1.1\n2.2.2.2\n3.3.3"), blockSize, 2048, byte[]::new);
            StringBuilder got = new StringBuilder();
            IOException failure = null;
            try {
                for (ChunkReader.Block b; (b = r.next()) != null; ) {
                    got.append(new String(b.data(), 0, b.length(), StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                failure = e;
            }
            assertThat(failure).as("block %d", blockSize).hasMessage("cut");
            assertThat(got.toString()).as("block %d", blockSize).isEqualTo("1.1.1.1\n2.2.2.2\n");
            assertThat(r.next()).as("after the failure: the end").isNull();
        }
    }

    @Test
    void aChunkHoldsAtMostMaxLinesLines() throws IOException {
        byte[] blank = "\n".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII); // a megabyte of empty lines
        LineChunks chunks = new LineChunks(new ByteArrayInputStream(blank), 1 << 20);
        long lines = 0;
        LineChunks.Chunk c;
        while ((c = chunks.next()) != null) {
            int[] got = {0};
            int started = c.lines((b, off, len, number, piece) -> got[0]++);
            assertThat(got[0]).isLessThanOrEqualTo(LineChunks.MAX_LINES).isEqualTo(started);
            lines += started;
        }
        assertThat(lines).isEqualTo(1 << 20);
    }

    @Test
    void aHugeLineIsHandedOutInBoundedPieces() throws IOException {
        byte[] line = ("w".repeat(999) + " ").repeat(10_000).getBytes(StandardCharsets.US_ASCII); // 10 MB
        LineChunks chunks = new LineChunks(new ByteArrayInputStream(line), 1 << 16, 1 << 16, LineChunks.MAX_LINES);
        int pieces = 0;
        long total = 0;
        LineChunks.Chunk c;
        while ((c = chunks.next()) != null) {
            assertThat(c.data().length).isLessThanOrEqualTo((1 << 17) + 2);
            int[] got = {0};
            long[] bytes = {0};
            c.lines((b, off, len, number, piece) -> {
                assertThat(piece).isTrue();
                assertThat(len).isLessThanOrEqualTo(1 << 16);
                got[0]++;
                bytes[0] += len;
            });
            pieces += got[0];
            total += bytes[0];
        }
        assertThat(total).isEqualTo(line.length);
        assertThat(pieces).isGreaterThan(150);
    }
}
