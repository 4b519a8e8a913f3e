package dev.iptriage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ExcelCsv}: the byte order mark, CRLF at the end of every record and nowhere else, whatever the
 * chunks the writer hands over; the rest byte for byte the plain CSV.
 */
class ExcelCsvTest {
    private static final String[] PIECES = {
        "a", "Düsseldorf", "東京", ",", "\"", "\n", "\r\n", " ", "=1+1", "'@x", "\t", "-33.86", "x\"y"
    };

    @Test
    void recordsEndInCrlfAndTheRestIsThePlainCsv() throws IOException {
        for (int seed = 0; seed < 300; seed++) {
            Random rnd = new Random(seed);
            List<List<String>> records = records(rnd);
            byte[] plain = csv(records, LineDelimiter.LF);
            ByteArrayOutputStream excel = new ByteArrayOutputStream();
            try (OutputStream o = ExcelCsv.open(excel)) {
                writeInChunks(plain, o, rnd);
            }
            byte[] e = excel.toByteArray();
            assertThat(Arrays.copyOf(e, 3))
                    .as("seed %d", seed)
                    .isEqualTo(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            // what Excel gets is what a CRLF writer writes, with the mark in front
            byte[] crlf = csv(records, LineDelimiter.CRLF);
            assertThat(Arrays.copyOfRange(e, 3, e.length)).as("seed %d", seed).isEqualTo(crlf);
            assertThat(stripRecordCrs(Arrays.copyOfRange(e, 3, e.length)))
                    .as("seed %d", seed)
                    .isEqualTo(plain);
        }
    }

    @Test
    void aCrlfAlreadyThereIsNotDoubledEvenAcrossChunks() throws IOException {
        ByteArrayOutputStream excel = new ByteArrayOutputStream();
        try (OutputStream o = ExcelCsv.open(excel)) {
            o.write("a,b\r".getBytes(StandardCharsets.US_ASCII));
            o.write('\n');
            o.write("c,d\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(excel.toString(StandardCharsets.UTF_8)).isEqualTo("\uFEFFa,b\r\nc,d\r\n");
    }

    @Test
    void anEmptyOutputIsTheMarkAlone() throws IOException {
        ByteArrayOutputStream excel = new ByteArrayOutputStream();
        ExcelCsv.open(excel).close();
        assertThat(excel.toByteArray()).isEqualTo(ExcelCsv.BOM);
    }

    private static List<List<String>> records(Random rnd) {
        List<List<String>> out = new ArrayList<>();
        int n = rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            List<String> cells = new ArrayList<>();
            int m = 1 + rnd.nextInt(4);
            for (int j = 0; j < m; j++) {
                StringBuilder c = new StringBuilder();
                int k = rnd.nextInt(4);
                for (int x = 0; x < k; x++) {
                    c.append(PIECES[rnd.nextInt(PIECES.length)]);
                }
                cells.add(c.toString());
            }
            out.add(cells);
        }
        return out;
    }

    private static byte[] csv(List<List<String>> records, LineDelimiter end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (CsvWriter w = CsvWriter.builder().lineDelimiter(end).build(b, StandardCharsets.UTF_8)) {
            records.forEach(w::writeRecord);
        }
        return b.toByteArray();
    }

    private static void writeInChunks(byte[] data, OutputStream o, Random rnd) throws IOException {
        int at = 0;
        while (at < data.length) {
            int n = rnd.nextInt(3) == 0 ? 1 : 1 + rnd.nextInt(Math.max(1, data.length - at));
            n = Math.min(n, data.length - at);
            if (n == 1 && rnd.nextBoolean()) {
                o.write(data[at]);
            } else {
                o.write(data, at, n);
            }
            at += n;
        }
    }

    /** The plain CSV back: the CR before each record's LF (outside quotes) removed. */
    private static byte[] stripRecordCrs(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean quoted = false;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '"') {
                quoted = !quoted;
            }
            if (!quoted && b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
                continue;
            }
            out.write(b[i]);
        }
        return out.toByteArray();
    }
}
