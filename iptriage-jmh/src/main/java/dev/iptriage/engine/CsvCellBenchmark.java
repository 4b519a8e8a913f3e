package dev.iptriage.engine;

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
 * Encoding one CSV cell ({@link CsvCells#cell}), what the fast path does once per database
 * record and column and per invalid line (in the engine's package: the cells are its internals): typical values (plain ASCII names, numbers, a name that
 * needs quoting, non-ASCII names).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CsvCellBenchmark {
    static final Object[] VALUES = {
        "Mountain View",
        "Google LLC",
        "United States",
        "North America",
        "America/Los_Angeles",
        37.386,
        -122.0838,
        15169L,
        "Level 3 Parent, LLC",
        "Île-de-France",
        "東京都",
        "CLOUDFLARENET",
        "94043",
        "not an address at all, a whole log line with a path /index.php?id=1",
    };

    CsvCells csv;

    @Setup
    public void setUp() {
        csv = new CsvCells();
    }

    /** Every value once, in column 1 (time per cell). */
    @Benchmark
    @OperationsPerInvocation(14)
    public void cell(Blackhole bh) {
        for (Object v : VALUES) {
            bh.consume(csv.cell(v, 1));
        }
    }
}
