package dev.iptriage.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The word-at-a-time refang against the plain byte-by-byte reading, on defang-heavy random text. */
class RefangTest {
    private static final String[] PIECES = {
        "1", "23", "192", ".", " . ", "[.]", "(.)", "{.}", "<.>", "\\.", "[dot]", "(DOT)", "[", "]", "(", ")", "[[",
        "]]", "[:]", "[::]", ":", "::", "a", "fe80", "hxxp://", " ", "x", ",", "[,]", "é", "\t", "(:)", "\\:", "{::}",
        "]:", ":["
    };

    @Test
    void fastAndPlainRefangAgree() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(20_261_123L);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(24); k > 0; k--) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
            }
            byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
            int off = text.length == 0 ? 0 : random.nextInt(Math.min(3, text.length) + 1);
            int len = text.length - off;
            byte[] fast = new byte[len];
            byte[] plain = new byte[len];
            int f = Refang.apply(text, off, len, fast);
            int p = Refang.applyPlain(text, off, len, plain);
            assertThat(new String(fast, 0, f, StandardCharsets.UTF_8))
                    .as(sb.toString())
                    .isEqualTo(new String(plain, 0, p, StandardCharsets.UTF_8));
            assertThat(Refang.firstTrigger(text, off, len) >= 0)
                    .as(sb.toString())
                    .isEqualTo(plainTrigger(text, off, len));
            int from = Refang.firstTrigger(text, off, len);
            if (from >= 0) { // starting there gives the same result
                int g = Refang.apply(text, off, len, fast, from);
                assertThat(new String(fast, 0, g, StandardCharsets.UTF_8))
                        .as("from %d: %s", from, sb)
                        .isEqualTo(new String(plain, 0, p, StandardCharsets.UTF_8));
            } else {
                assertThat(new String(plain, 0, p, StandardCharsets.UTF_8))
                        .isEqualTo(new String(text, off, len, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void nextFindsEachSeparatorByteAtEveryPosition() {
        for (char c : "()<>[]{}\\.".toCharArray()) {
            for (int at = 0; at < 20; at++) {
                byte[] b = new byte[20];
                Arrays.fill(b, (byte) 'a');
                b[at] = (byte) c;
                assertThat(Refang.next(b, 0, b.length)).as("%s at %d", c, at).isEqualTo(at);
            }
        }
        byte[] none =
                "abcdefghijklmnopqrstuvwxyz0123456789 :;,/'\"-_=+!?@#$%^&*~`|".getBytes(StandardCharsets.US_ASCII);
        assertThat(Refang.next(none, 0, none.length)).isEqualTo(none.length);
        byte[] high = new byte[16];
        Arrays.fill(high, (byte) 0xDB); // like '[' with the high bit set: not a separator
        assertThat(Refang.next(high, 0, high.length)).isEqualTo(high.length);
    }

    private static boolean plainTrigger(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = (char) (b[i] & 0xFF);
            if ("[({<\\])}>".indexOf(c) >= 0 || (c == '.' && i > off && b[i - 1] == ' ')) {
                return true;
            }
        }
        return false;
    }
}
