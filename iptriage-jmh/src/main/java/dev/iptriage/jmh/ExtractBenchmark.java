package dev.iptriage.jmh;

import dev.iptriage.extract.ExtractOptions;
import dev.iptriage.extract.InputMode;
import dev.iptriage.extract.LineDecoder;
import dev.iptriage.extract.TextExtractor;
import dev.iptriage.extract.YearRule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Extraction per line, warm: free text with defanged indicators ({@code --from text}) and nginx
 * combined lines ({@code --from nginx}). Lines are about 100 bytes, so 1,000 ns per line is 100 MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExtractBenchmark {
    static final int LINES = 4096;

    byte[][] prose;
    byte[][] access;
    LineDecoder text;
    LineDecoder nginx;

    /** Seeded lines: prose with an indicator in every third line (most defanged), and access-log lines. */
    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(20261123);
        String[] words = "the actor used infrastructure hosted at several providers version 6.1.7601 panel".split(" ");
        prose = new byte[LINES][];
        access = new byte[LINES][];
        for (int i = 0; i < LINES; i++) {
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < 14; w++) {
                b.append(words[rnd.nextInt(words.length)]).append(' ');
            }
            String ip =
                    rnd.nextInt(1, 224) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(1, 255);
            if (i % 3 == 0) {
                b.append(i % 2 == 0 ? ip.replace(".", "[.]") : ip);
            }
            prose[i] = b.toString().getBytes(StandardCharsets.US_ASCII);
            access[i] = (ip + " - - [07/Dec/2016:11:05:07 +0100] \"GET /api/v1/items?id=" + i
                            + " HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0\"")
                    .getBytes(StandardCharsets.US_ASCII);
        }
        TextExtractor x = TextExtractor.of(ExtractOptions.DEFAULTS);
        YearRule years = YearRule.relativeTo(Instant.parse("2026-11-23T00:00:00Z"));
        text = InputMode.parse("text").decoder(x, years);
        nginx = InputMode.parse("nginx").decoder(x, years);
    }

    /** {@code --from text}, per line. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void text(Blackhole bh) {
        for (byte[] l : prose) {
            bh.consume(text.decode(l, 0, l.length, true, bh::consume));
        }
    }

    /** {@code --from nginx}, per line. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void nginx(Blackhole bh) {
        for (byte[] l : access) {
            bh.consume(nginx.decode(l, 0, l.length, true, bh::consume));
        }
    }
}
