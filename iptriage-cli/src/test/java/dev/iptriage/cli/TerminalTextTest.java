package dev.iptriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.testing.HostileText;
import dev.iptriage.text.CellText;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The filter of text for a person: any bytes in, safe UTF-8 out, and safe text unchanged. */
class TerminalTextTest {
    private static byte[] through(byte[] in, Random split) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream p = TerminalText.wrap(new PrintStream(sink, true, StandardCharsets.UTF_8));
        int at = 0;
        while (at < in.length) { // in random pieces, so that sequences are cut between writes
            int n = Math.min(in.length - at, 1 + split.nextInt(5));
            if (n == 1 && split.nextBoolean()) {
                p.write(in[at]);
            } else {
                p.write(in, at, n);
            }
            at += n;
        }
        p.close();
        return sink.toByteArray();
    }

    @Test
    void textKeepsItsSafeCharactersAndLosesTheOthers() {
        Random r = new Random(3);
        for (int k = 0; k < 20_000; k++) {
            String s = HostileText.random(r, 16);
            String out = new String(through(s.getBytes(StandardCharsets.UTF_8), r), StandardCharsets.UTF_8);
            StringBuilder expected = new StringBuilder();
            s.codePoints()
                    .forEach(c -> expected.appendCodePoint(
                            CellText.isUnsafe(c) && c != '\t' && c != '\r' && c != '\n' ? 0xFFFD : c));
            assertThat(out).isEqualTo(expected.toString());
        }
    }

    @Test
    void anyBytesComeOutAsSafeUtf8() {
        Random r = new Random(4);
        for (int k = 0; k < 20_000; k++) {
            byte[] in = new byte[r.nextInt(12)];
            r.nextBytes(in);
            assertThat(HostileText.unsafe(through(in, r), "\t\r\n")).isEmpty();
        }
        // a lone C1 byte (CSI to a terminal reading 8-bit controls), overlong and surrogate forms
        byte[] tricky = {(byte) 0x9b, '2', 'J', (byte) 0xc0, (byte) 0x9b, (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        assertThat(new String(through(tricky, r), StandardCharsets.UTF_8)).isEqualTo("\uFFFD2J\uFFFD\uFFFD\uFFFD");
    }

    @Test
    void aFailureBelowTheFilterIsSeenByItsCheckError() {
        // '-o /dev/stderr 2>/dev/full': the rows go through this filter, and a full disk must make the run fail
        PrintStream failing = new PrintStream(
                new java.io.OutputStream() {
                    @Override
                    public void write(int b) throws java.io.IOException {
                        throw new java.io.IOException("No space left on device");
                    }
                },
                true,
                StandardCharsets.UTF_8);
        PrintStream err = TerminalText.wrap(failing);
        err.print("ip,asn\n8.8.8.8,15169\n");
        assertThat(err.checkError()).isTrue();
        PrintStream fine =
                TerminalText.wrap(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        fine.print("ip\n");
        assertThat(fine.checkError()).isFalse();
    }
}
