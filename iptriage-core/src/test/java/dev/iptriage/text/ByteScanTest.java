package dev.iptriage.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time searches against a plain byte-by-byte reading, on every byte value. */
class ByteScanTest {
    @Test
    void searchesAgreeWithAPlainReading() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(20_261_124L);
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[random.nextInt(40)];
            boolean sparse = random.nextBoolean(); // mostly one byte value, so hits are often alone
            for (int i = 0; i < b.length; i++) {
                b[i] = sparse && random.nextInt(6) != 0 ? (byte) 'x' : (byte) random.nextInt(256);
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            byte c = random.nextBoolean() ? (byte) '\n' : (byte) random.nextInt(256);
            String what = Arrays.toString(b) + " [" + from + ", " + to + ")";
            assertThat(ByteScan.indexOf(b, from, to, c)).as(what).isEqualTo(plainIndexOf(b, from, to, c));
            assertThat(ByteScan.digitOrColon(b, from, to)).as(what).isEqualTo(plainDigitOrColon(b, from, to));
            assertThat(ByteScan.count(b, from, to, c)).as(what).isEqualTo(plainCount(b, from, to, c));
            int nth = 1 + random.nextInt(6);
            assertThat(ByteScan.nth(b, from, to, c, nth))
                    .as(what + " n=" + nth)
                    .isEqualTo(plainNth(b, from, to, c, nth));
        }
    }

    @Test
    void everyByteValueIsClassifiedAlone() {
        for (int v = 0; v < 256; v++) {
            for (int at = 0; at < 16; at++) {
                byte[] b = new byte[16];
                Arrays.fill(b, (byte) 'q');
                b[at] = (byte) v;
                boolean key = (v >= '0' && v <= '9') || v == ':';
                assertThat(ByteScan.digitOrColon(b, 0, 16))
                        .as("byte %d at %d", v, at)
                        .isEqualTo(key ? at : 16);
                assertThat(ByteScan.indexOf(b, 0, 16, (byte) v)).isEqualTo(v == 'q' ? 0 : at);
                assertThat(ByteScan.count(b, 0, 16, (byte) v)).isEqualTo(v == 'q' ? 16 : 1);
            }
        }
    }

    private static int plainIndexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int plainNth(byte[] b, int from, int to, byte c, int n) {
        for (int i = from; i < to; i++) {
            if (b[i] == c && --n == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int plainCount(byte[] b, int from, int to, byte c) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += b[i] == c ? 1 : 0;
        }
        return n;
    }

    private static int plainDigitOrColon(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((b[i] >= '0' && b[i] <= '9') || b[i] == ':') {
                return i;
            }
        }
        return to;
    }
}
