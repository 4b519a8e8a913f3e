package dev.iptriage.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ManifestTest {
    @Test
    void writesAsciiPropertiesInOrderWithoutADate() throws IOException {
        Manifest m = new Manifest("generated")
                .put("b.key", "value with = and : and # inside")
                .put("a key", " leading space, Türkiye, 日本, back\\slash")
                .put("num", 42);
        String text = m.text();
        assertThat(text).startsWith("# generated\nb.key=").doesNotContainPattern("[^\\x00-\\x7f]");
        assertThat(text.indexOf("b.key")).isLessThan(text.indexOf("a\\ key"));
        Properties viaStream = new Properties();
        viaStream.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(viaStream)
                .containsEntry("b.key", "value with = and : and # inside")
                .containsEntry("a key", " leading space, Türkiye, 日本, back\\slash")
                .containsEntry("num", "42")
                .hasSize(3);
        Properties viaReader = new Properties();
        viaReader.load(new StringReader(text));
        assertThat(viaReader).isEqualTo(viaStream);
    }

    @Test
    void refusesDuplicateKeys() {
        Manifest m = new Manifest("x").put("k", "1");
        assertThatIllegalArgumentException().isThrownBy(() -> m.put("k", "2"));
    }
}
