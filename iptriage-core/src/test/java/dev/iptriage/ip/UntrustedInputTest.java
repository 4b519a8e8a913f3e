package dev.iptriage.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile input: any bytes, any length; and the byte[] and CharSequence forms agree. */
class UntrustedInputTest {
    private static final long SEED = 0x1b_7a1a_6eL;
    private static final int MB = 1 << 20;

    /** Every input of the literal tables. */
    static Stream<String> tableInputs() {
        return Stream.of(
                        IpLiteralTest.bareLiterals(),
                        IpLiteralTest.lenientShapes(),
                        IpLiteralTest.invalid(),
                        IpLiteralTest.strictOnlyRefusals())
                .flatMap(s -> s)
                .map(a -> (String) a.get()[0]);
    }

    @ParameterizedTest
    @MethodSource("tableInputs")
    void bytesAndCharsAgreeOnTableInputs(String input) {
        assertAgree(input);
    }

    @Test
    void bytesAndCharsAgreeOnRandomInputs() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(SEED);
        String alphabet = "0123456789abcdefABCDEF:.[]%/ \t\0\u007f\u00e9\uffffxg-";
        for (int n = 0; n < 50_000; n++) {
            char[] text = new char[random.nextInt(40)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertAgree(new String(text));
        }
    }

    @Test
    void randomBytesNeverThrowAndOnlyAsciiIsAccepted() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(SEED + 1);
        byte[] buf = new byte[64];
        for (int n = 0; n < 50_000; n++) {
            random.nextBytes(buf);
            int len = random.nextInt(buf.length + 1);
            for (IpLiteral.Parsed p :
                    new IpLiteral.Parsed[] {IpLiteral.parse(buf, 0, len), IpLiteral.parseStrict(buf, 0, len)}) {
                assertThat(p.ok()).isEqualTo(p.error() == null);
                if (p.ok()) {
                    for (int i = 0; i < len; i++) {
                        assertThat(buf[i]).isNotNegative();
                    }
                }
            }
        }
    }

    /** Also fed in a larger buffer at an offset, and as a StringBuilder rather than a String. */
    private static void assertAgree(String input) {
        byte[] utf8 = input.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[utf8.length + 6];
        Arrays.fill(padded, (byte) '9');
        System.arraycopy(utf8, 0, padded, 3, utf8.length);
        IpLiteral.Parsed lenient = IpLiteral.parse(input);
        IpLiteral.Parsed strict = IpLiteral.parseStrict(input);
        assertThat(IpLiteral.parse(padded, 3, utf8.length))
                .as("lenient %s", input)
                .isEqualTo(lenient);
        assertThat(IpLiteral.parseStrict(padded, 3, utf8.length))
                .as("strict %s", input)
                .isEqualTo(strict);
        assertThat(IpLiteral.parse(new StringBuilder(input))).isEqualTo(lenient);
        assertThat(IpLiteral.tryParseStrict(padded, 3, utf8.length)).isEqualTo(strict.address());
        if (strict.ok()) {
            assertThat(lenient.address()).isEqualTo(strict.address());
        }
        if (lenient.ok()) {
            assertThat(IpLiteral.parseStrict(lenient.address().toString()).address())
                    .isEqualTo(lenient.address());
        }
    }

    /** One-megabyte inputs: each answered in linear time, with the expected outcome. */
    static Stream<Arguments> megabyteInputs() {
        String spaces = " ".repeat(MB);
        return Stream.of(
                argumentSet("digits", "1".repeat(MB), false),
                argumentSet("colons", ":".repeat(MB), false),
                argumentSet("hex letters", "f".repeat(MB), false),
                argumentSet("dots", ".".repeat(MB), false),
                argumentSet("many groups", "1:".repeat(MB / 2), false),
                argumentSet("many octets", "1.".repeat(MB / 2), false),
                argumentSet("spaces", spaces, false),
                argumentSet("spaces around an address", spaces + "192.0.2.1" + spaces, true),
                argumentSet("address, spaces, garbage", "192.0.2.1" + spaces + "x", false),
                argumentSet("long zone", "fe80::1%" + "a".repeat(MB), false),
                argumentSet("long port", "192.0.2.1:" + "9".repeat(MB), false),
                argumentSet("long prefix", "192.0.2.1/" + "1".repeat(MB), false),
                argumentSet("brackets", "[".repeat(MB), false),
                argumentSet("NULs", "\0".repeat(MB), false),
                argumentSet("non-ASCII", "\u00e9".repeat(MB), false),
                argumentSet("address then NULs", "2001:db8::1" + "\0".repeat(MB), false));
    }

    @ParameterizedTest
    @MethodSource("megabyteInputs")
    void megabyteInputsAreRefusedQuickly(String input, boolean lenientOk) {
        byte[] utf8 = input.getBytes(StandardCharsets.UTF_8);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(IpLiteral.parse(input).ok()).isEqualTo(lenientOk);
            assertThat(IpLiteral.parse(utf8, 0, utf8.length).ok()).isEqualTo(lenientOk);
            assertThat(IpLiteral.parseStrict(input).ok()).isFalse();
            assertThat(IpLiteral.parseStrict(utf8, 0, utf8.length).ok()).isFalse();
        });
        assertThat(String.valueOf(IpLiteral.parse(input).error())).hasSizeLessThan(120);
    }

    @Test
    void onlyTheGivenRangeIsRead() {
        byte[] buf = "11.2.3.45".getBytes(StandardCharsets.US_ASCII);
        assertThat(IpLiteral.parse(buf, 2, 0).error()).isEqualTo("empty input");
        assertThat(IpLiteral.parse(buf, 1, 7).address()).hasToString("1.2.3.4");
        assertThat(IpLiteral.parseStrict(buf, 0, 8).address()).hasToString("11.2.3.4");
        assertThat(IpLiteral.parse(buf, 0, 5).error()).isEqualTo("empty octet");
        assertThat(IpLiteral.parse(buf, 0, 6).error()).isEqualTo("IPv4 address needs 4 octets, got 3");
    }

    @Test
    void boundsOutsideTheBufferAreAProgrammingError() {
        byte[] buf = new byte[4];
        assertThatThrownBy(() -> IpLiteral.parse(buf, 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> IpLiteral.parseStrict(buf, -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> IpLiteral.tryParseStrict(buf, 0, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
