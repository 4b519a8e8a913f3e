package dev.iptriage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.extract.LineDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The line flags (NUL, invalid UTF-8, blank), read eight bytes at a time, against a plain reading. */
class DecodedLinesTest {
    private static final LineDecoder NOTHING = (line, out) -> LineDecoder.Shape.OTHER;

    @Test
    void flagsAgreeWithAPlainByteByByteReading() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(20_261_123L);
        byte[] alphabet = {'a', '1', '.', ' ', '\t', '\r', 0, (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0x80};
        for (int n = 0; n < 50_000; n++) {
            int off = random.nextInt(9);
            int len = random.nextInt(40);
            byte[] b = new byte[off + len + random.nextInt(9)];
            for (int i = 0; i < b.length; i++) {
                // mostly plain text, so each special byte is often alone and at any position
                b[i] = random.nextInt(8) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            int flags = DecodedLines.decode(b, off, len, 1, false, NOTHING).flags();
            assertThat(flags).as("bytes %s", java.util.Arrays.toString(b)).isEqualTo(plainFlags(b, off, len));
        }
    }

    @Test
    void chunksGiveTheSameFlagsAsSingleLines() throws java.io.IOException {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(20_261_124L);
        byte[] alphabet = {'a', ' ', '\t', '\r', '\n', '\n', 0, (byte) 0xC3, (byte) 0xA9, (byte) 0xFF};
        for (int n = 0; n < 2_000; n++) {
            byte[] input = new byte[random.nextInt(400)];
            int odds = 1 + random.nextInt(n % 2 == 0 ? 20 : 2_000); // many chunks are clean ASCII
            for (int i = 0; i < input.length; i++) {
                input[i] = random.nextInt(odds) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            dev.iptriage.input.LineChunks chunks = new dev.iptriage.input.LineChunks(
                    new java.io.ByteArrayInputStream(input), 1 + random.nextInt(100), 2048, 1 + random.nextInt(8));
            dev.iptriage.input.LineChunks.Chunk c;
            while ((c = chunks.next()) != null) {
                java.util.List<int[]> expected = new java.util.ArrayList<>();
                byte[] data = c.data();
                c.lines((b, off, len, number, piece) -> expected.add(new int[] {plainFlags(b, off, len)}));
                java.util.List<DecodedLines.Line> got =
                        DecodedLines.decode(c, NOTHING).lines();
                assertThat(got).hasSameSizeAs(expected);
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).flags())
                            .as(
                                    "line %d of %s",
                                    i, java.util.Arrays.toString(java.util.Arrays.copyOfRange(data, c.from(), c.to())))
                            .isEqualTo(expected.get(i)[0]);
                }
            }
        }
    }

    private static int plainFlags(byte[] b, int off, int len) {
        boolean nul = false;
        boolean blank = true;
        for (int i = off; i < off + len; i++) {
            nul |= b[i] == 0;
            blank &= b[i] == ' ' || b[i] == '\t' || b[i] == '\r';
        }
        boolean badUtf8 = false;
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len));
        } catch (CharacterCodingException e) {
            badUtf8 = true;
        }
        return (nul ? DecodedLines.NUL : 0) | (badUtf8 ? DecodedLines.BAD_UTF8 : 0) | (blank ? DecodedLines.BLANK : 0);
    }
}
