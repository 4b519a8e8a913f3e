package dev.iptriage.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.extract.ExtractOptions;
import dev.iptriage.extract.Found;
import dev.iptriage.extract.TextExtractor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * An address near the cut of an over-long line is found as in a short line: the addresses of the
 * pieces ({@link LineReader}, and {@link LineChunks} as the workers read it) equal those of the same
 * text with the filler in front shortened.
 */
class LongLineCutTest {
    private static final TextExtractor TEXT = TextExtractor.of(ExtractOptions.DEFAULTS);
    private static final String[] ADDRESSES = {
        "1.2.3.45", "203.0.113.7", "2001:db8::7", "[2001:db8::1]:80", "1[.]2[.]3[.]4", "10(.)0(.)0(.)1",
        "fe80::1%eth0", "v1.2.3.4", "version 1.2.3.4", "ver=1.2.3.4", "Chrome/120.0.0.0", "~~6.1.1.0",
        "1.2.3.4/32", "::ffff:198.51.100.7", "5.6.7.8.dsl", ".1.2.3.4"
    };
    private static final String[] AFTER = {"&x=1", "", " ", "/x", ":443", "x", "\"", "-", ".", "]"};
    private static final String FILLER = "ghijklmnopqrstuvwxyzGHZaAbcde-_=/~&;,\"'()xx  \t";

    private static List<String> pieces(byte[] line, int maxLine) throws IOException {
        List<String> out = new ArrayList<>();
        LineReader r = new LineReader(new ByteArrayInputStream(line), maxLine);
        while (r.next()) {
            found(r.bytes(), 0, r.length(), out);
        }
        return out;
    }

    private static List<String> chunks(byte[] line, int maxLine, int chunkSize) throws IOException {
        List<String> out = new ArrayList<>();
        LineChunks chunks = new LineChunks(new ByteArrayInputStream(line), chunkSize, maxLine, LineChunks.MAX_LINES);
        LineChunks.Chunk c;
        while ((c = chunks.next()) != null) {
            c.lines((b, off, len, number, piece) -> found(b, off, len, out));
        }
        return out;
    }

    private static void found(byte[] b, int off, int len, List<String> out) {
        TEXT.extract(b, off, len, (Found f) -> out.add(f.text()));
    }

    private static List<String> whole(String text) {
        return TEXT.extract(text).stream().map(Found::text).toList();
    }

    @Test
    void anAddressAroundTheCutIsFoundAsInAShortLine() throws IOException {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(20_261_207L);
        for (int n = 0; n < 4_000; n++) {
            int maxLine = 2048 + random.nextInt(2000);
            String fill = n % 4 == 0 ? "a" : n % 4 == 1 ? "xyz" : FILLER;
            StringBuilder filler = new StringBuilder();
            int fillerLength = maxLine - 40 + random.nextInt(80);
            boolean blanks = random.nextInt(3) == 0;
            while (filler.length() < fillerLength) {
                char c = fill.charAt(random.nextInt(fill.length()));
                filler.append(!blanks && (c == ' ' || c == '\t') ? 'q' : c);
            }
            String address = ADDRESSES[random.nextInt(ADDRESSES.length)];
            String tail = address + AFTER[random.nextInt(AFTER.length)] + "zz";
            String line = filler + tail;
            String shortLine = filler.substring(filler.length() - 100) + tail;
            List<String> expected = whole(shortLine);
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.ISO_8859_1);
            assertThat(pieces(bytes, maxLine))
                    .as("line %d: ...%s", n, shortLine)
                    .isEqualTo(expected);
            assertThat(chunks(bytes, maxLine, 1 + random.nextInt(5000)))
                    .as("chunks of line %d: ...%s", n, shortLine)
                    .isEqualTo(expected);
        }
    }

    @Test
    void theAuditsLinesAtTheRealLimit() throws IOException {
        for (int less : new int[] {7, 5, 3}) {
            String line = "a".repeat(LineReader.MAX_LINE - less) + "1.2.3.45&x=1\n";
            byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(pieces(bytes, LineReader.MAX_LINE)).as("-%d", less).containsExactly("1.2.3.45");
            assertThat(chunks(bytes, LineReader.MAX_LINE, 1 << 16)).containsExactly("1.2.3.45");
        }
    }
}
