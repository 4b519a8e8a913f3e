package dev.iptriage.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte order marks, UTF-16, and what is refused as not text, on the bytes every input path reads. */
class InputEncodingTest {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] BE_BOM = {(byte) 0xFE, (byte) 0xFF};

    @TempDir
    Path dir;

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    /** What an input of these bytes reads as, through {@link Input#open()} as every command reads it. */
    private static byte[] read(byte[] content) throws IOException {
        try (InputStream in = Input.stdin(new ByteArrayInputStream(content)).open()) {
            return in.readAllBytes();
        }
    }

    private static String refusal(byte[] content) {
        try {
            read(content);
            return null;
        } catch (UnreadableInputException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Text with addresses, non-ASCII text (two- to four-byte UTF-8) and both line ends. */
    private static String text(Random r, int lines) {
        String[] words = {"8.8.8.8", "2001:db8::1", "Zürich", "東京", "emoji \uD83D\uDE00", "# note", "", "10.0.0.0/8"};
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            s.append(words[r.nextInt(words.length)])
                    .append(' ')
                    .append(r.nextInt(256))
                    .append(r.nextBoolean() ? "\r\n" : "\n");
        }
        return s.toString();
    }

    @Test
    void everyEncodingWithAByteOrderMarkReadsAsTheSameUtf8Bytes() throws IOException {
        Random r = new Random(12);
        for (int trial = 0; trial < 20; trial++) {
            // up to about 3 MB: over every buffer (the look at the first 8 KiB, 64 KiB reads)
            String t = text(r, trial < 16 ? r.nextInt(50) : 50_000 + r.nextInt(100_000));
            byte[] utf8 = t.getBytes(StandardCharsets.UTF_8);
            for (byte[] encoded : new byte[][] {
                utf8,
                concat(UTF8_BOM, utf8),
                concat(LE_BOM, t.getBytes(StandardCharsets.UTF_16LE)),
                concat(BE_BOM, t.getBytes(StandardCharsets.UTF_16BE)),
                gzip(concat(LE_BOM, t.getBytes(StandardCharsets.UTF_16LE))),
                gzip(concat(UTF8_BOM, utf8))
            }) {
                assertThat(read(encoded)).isEqualTo(utf8);
            }
        }
    }

    @Test
    void utf16WithoutAByteOrderMarkIsReadWhenItIsMostlyAscii() throws IOException {
        String t = "8.8.8.8\r\n1.1.1.1\r\n2001:db8::1 Zürich\r\n";
        byte[] utf8 = t.getBytes(StandardCharsets.UTF_8);
        assertThat(read(t.getBytes(StandardCharsets.UTF_16LE))).isEqualTo(utf8);
        assertThat(read(t.getBytes(StandardCharsets.UTF_16BE))).isEqualTo(utf8);
        // mostly Cyrillic: not sure enough to read, and not taken for UTF-8 either
        String russian = "адрес сервера злоумышленника 8.8.8.8\n".repeat(20);
        assertThat(refusal(russian.getBytes(StandardCharsets.UTF_16LE)))
                .contains("binary data", "UTF-16 without a byte order mark?");
    }

    @Test
    void aSlowPipeIsNotWaitedFor() throws IOException {
        byte[] t = concat(LE_BOM, "8.8.8.8\n".getBytes(StandardCharsets.UTF_16LE));
        // one byte per read: the look at the first block takes what has come (at least 4 bytes)
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(t)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(1, len));
            }

            @Override
            public int available() {
                return 0;
            }
        };
        try (InputStream in = InputEncoding.utf8(trickle)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("8.8.8.8\n");
        }
        assertThat(read(new byte[0])).isEmpty();
        assertThat(read(new byte[] {'1'})).containsExactly('1');
        assertThat(read(UTF8_BOM)).isEmpty();
    }

    @Test
    void nulBytesInTextStayText() throws IOException {
        byte[] stray = "8.8.8.8\n\0\n1.1.1.1 \0 x\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        assertThat(read(stray)).isEqualTo(stray);
        // a log truncated while written (logrotate copytruncate): a run of NUL bytes, then text
        byte[] hole = concat(new byte[100_000], "8.8.8.8\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(read(hole)).isEqualTo(hole);
        byte[] allNul = new byte[20_000];
        assertThat(read(allNul)).isEqualTo(allNul);
    }

    @Test
    void textWithControlCharactersOrInALegacyEncodingStaysText() throws IOException {
        // FIX messages separate fields with SOH (0x01); terminal logs have ESC sequences and BEL
        byte[] fix = "8=FIX.4.2\u00019=12\u000135=D\u000149=1.2.3.4\u0001\n"
                .repeat(200)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(read(fix)).isEqualTo(fix);
        byte[] ansi = "\u001b[31m8.8.8.8\u001b[0m \u0007 ok\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        assertThat(read(ansi)).isEqualTo(ansi);
        Charset cp1251 = Charset.forName("windows-1251");
        byte[] russian = "адрес сервера злоумышленника 8.8.8.8\n".repeat(200).getBytes(cp1251);
        assertThat(read(russian)).isEqualTo(russian);
        byte[] latin1 =
                "Adresse de l'attaquant à Zürich : 8.8.8.8\n".repeat(200).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(read(latin1)).isEqualTo(latin1);
    }

    @Test
    void utf32IsRefusedNamingIt() {
        String t = "8.8.8.8\n";
        assertThat(refusal(
                        concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, t.getBytes(Charset.forName("UTF-32LE")))))
                .startsWith("UTF-32LE text (byte order mark FF FE 00 00)")
                .contains("iconv");
        assertThat(refusal(
                        concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, t.getBytes(Charset.forName("UTF-32BE")))))
                .startsWith("UTF-32BE text (byte order mark 00 00 FE FF)");
    }

    @Test
    void otherFormatsAreRefusedNamingThem() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("ips.txt"));
            z.write("8.8.8.8\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(refusal(zip.toByteArray())).startsWith("a zip archive");
        assertThat(refusal(new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 0, 4}))
                .startsWith("xz-compressed");
        assertThat(refusal("BZh91AY&SY\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1)))
                .startsWith("bzip2-compressed");
        assertThat(refusal(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0}))
                .startsWith("zstd-compressed");
        assertThat(refusal(new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C}))
                .startsWith("a 7-Zip archive");
        assertThat(refusal("%PDF-1.7\n%\u00e2\u00e3\n".getBytes(StandardCharsets.ISO_8859_1)))
                .startsWith("a PDF");
        assertThat(refusal(new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1, 2, 0, 4, 0}))
                .startsWith("a packet capture");
        // a zip inside gzip is looked at after decompression
        assertThat(refusal(gzip(zip.toByteArray()))).startsWith("a zip archive");
        // "BZh" and "PK" at the start of text are text
        assertThat(read("BZh is not bzip2\n".getBytes(StandardCharsets.US_ASCII)))
                .hasSize(17);
        assertThat(read("PK 8.8.8.8\n".getBytes(StandardCharsets.US_ASCII))).hasSize(11);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomBytesAreBinary(long seed) throws IOException {
        byte[] b = new byte[20_000];
        new Random(seed).nextBytes(b);
        b[0] = 'x'; // no format's magic bytes, no byte order mark
        assertThat(refusal(b)).startsWith("binary data, not text: ").contains("in the first 8,192 bytes");
        assertThat(refusal(gzip(b))).startsWith("binary data");
        // a short file too
        assertThat(refusal(Arrays.copyOf(b, 300))).startsWith("binary data");
    }

    @Test
    void aClassFileAndUtf16WithAByteOrderMarkThatIsBinaryAreBinary() throws IOException {
        byte[] cls;
        try (InputStream in = InputEncodingTest.class.getResourceAsStream("InputEncodingTest.class")) {
            cls = in.readAllBytes();
        }
        assertThat(refusal(cls)).startsWith("binary data");
        byte[] units = new byte[4000];
        for (int i = 0; i < units.length; i += 2) {
            units[i] = (byte) (1 + i % 31); // UTF-16LE control characters
        }
        assertThat(refusal(concat(LE_BOM, units))).startsWith("binary data").contains("read as UTF-16LE");
    }

    @Test
    void smallTextFilesAreReadWithTheirByteOrderMark() throws IOException {
        Path conf = dir.resolve("GeoIP.conf");
        Files.write(conf, concat(UTF8_BOM, "AccountID 1\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(InputEncoding.readString(conf)).isEqualTo("AccountID 1\r\n");
        Files.write(conf, concat(LE_BOM, "AccountID 1\r\n".getBytes(StandardCharsets.UTF_16LE)));
        assertThat(InputEncoding.readString(conf)).isEqualTo("AccountID 1\r\n");
        Files.write(conf, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, 'A', 0, 0, 0});
        assertThatThrownBy(() -> InputEncoding.readString(conf))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("UTF-32LE");
    }
}
