package dev.iptriage.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line ends, line numbers and the pieces of over-long lines. */
class LineReaderTest {
    private record Got(long number, boolean piece, String text) {}

    private static List<Got> read(String s, int maxLine) throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII)), maxLine);
        List<Got> out = new ArrayList<>();
        while (r.next()) {
            out.add(new Got(
                    r.lineNumber(), r.piece(), new String(r.bytes(), 0, r.length(), StandardCharsets.US_ASCII)));
        }
        return out;
    }

    @Test
    void crlfLfAndAMissingLastNewline() throws IOException {
        assertThat(read("a\r\n\r\nb\nc", 4096))
                .containsExactly(
                        new Got(1, false, "a"), new Got(2, false, ""), new Got(3, false, "b"), new Got(4, false, "c"));
        assertThat(read("", 4096)).isEmpty();
        assertThat(read("\n", 4096)).containsExactly(new Got(1, false, ""));
    }

    @Test
    void aLongLineComesInPiecesCutBeforeABlank() throws IOException {
        String word = "x".repeat(1500);
        String line = word + " " + word + " " + word;
        List<Got> got = read(line + "\nnext\n", 2048);
        assertThat(got).hasSize(4);
        assertThat(got.subList(0, 3)).allMatch(g -> g.number() == 1 && g.piece());
        assertThat(got.get(0).text()).isEqualTo(word);
        assertThat(String.join("", got.subList(0, 3).stream().map(Got::text).toList()))
                .isEqualTo(line);
        assertThat(got.get(3)).isEqualTo(new Got(2, false, "next"));
    }

    @Test
    void aLongWordIsCutSoThatItsLast64BytesGoWithWhatFollows() throws IOException {
        // the next piece might start with an address, and the letters before one can change what it is
        List<Got> got = read("y".repeat(5000), 2048);
        assertThat(got).extracting(g -> g.text().length()).containsExactly(1984, 1984, 1032);
        assertThat(got).allMatch(g -> g.number() == 1 && g.piece());
    }
}
