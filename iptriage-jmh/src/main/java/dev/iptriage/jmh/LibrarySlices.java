package dev.iptriage.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link LibraryBenchmark}'s comparisons measured for a shared machine, where JMH's wall-clock
 * times swing by several times with the other processes: the sides run in alternating slices of
 * about 200 ms on one thread, each slice timed in CPU time of that thread, and the ratio of each
 * pair of neighbouring slices is kept, so a change of load hits both sides of a pair alike. Prints
 * the median CPU ns per address of each side and the median and quartiles of the pair ratios.
 * Run from the project folder (it reads {@code ../shared/data}, like the benchmark):
 * {@code java -cp iptriage-jmh/target/benchmarks.jar dev.iptriage.jmh.LibrarySlices [PAIRS]}.
 */
public final class LibrarySlices {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long SLICE_NS = 200_000_000L;

    /** Where results go, so that the JIT cannot drop the work. */
    static volatile Object sink;

    private LibrarySlices() {}

    private interface Op {
        /** Does some work and says for how many addresses. */
        int run() throws Exception;
    }

    /**
     * Runs the comparison.
     *
     * @param args optionally the number of slice pairs per comparison (default 40)
     */
    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        LibraryBenchmark b = new LibraryBenchmark();
        b.setUp(); // also checks that both sides give the same answers
        Op ourOne = () -> {
            sink = b.iptriageOne();
            return 1;
        };
        Op theirOne = () -> {
            java.net.InetAddress a = b.addresses[b.next];
            b.next = b.next + 1 == LibraryBenchmark.N ? 0 : b.next + 1;
            sink = b.city.tryCity(a);
            sink = b.asn.tryAsn(a);
            return 1;
        };
        Op ourBatch = () -> {
            sink = b.iptriageBatch();
            return LibraryBenchmark.N;
        };
        Op engineBatch = () -> {
            sink = b.engineBatch();
            return LibraryBenchmark.N;
        };
        Op theirBatch = () -> {
            for (java.net.InetAddress a : b.addresses) {
                sink = b.city.tryCity(a);
                sink = b.asn.tryAsn(a);
            }
            return LibraryBenchmark.N;
        };
        System.out.println(
                "JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " processors, " + pairs
                        + " pairs of ~200 ms slices per line after 5 s of warm-up each");
        compare("one address: IpTriage.lookup vs GeoIP2 tryCity+tryAsn", ourOne, theirOne, pairs);
        compare("batch of 1000: IpTriage.lookupAllAddresses vs GeoIP2 in a loop", ourBatch, theirBatch, pairs);
        compare("batch of 1000: IpTriage.lookupAllAddresses vs Enricher.lookupAll", ourBatch, engineBatch, pairs);
        b.tearDown();
    }

    private static void compare(String what, Op ours, Op theirs, int pairs) throws Exception {
        for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() < end; ) {
            slice(ours);
            slice(theirs);
        }
        double[] a = new double[pairs];
        double[] b = new double[pairs];
        double[] ratio = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            if (i % 2 == 0) { // alternate which side goes first
                a[i] = slice(ours);
                b[i] = slice(theirs);
            } else {
                b[i] = slice(theirs);
                a[i] = slice(ours);
            }
            ratio[i] = b[i] / a[i];
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %.0f vs %.0f CPU ns per address; second/first per pair: median %.2f (quartiles %.2f-%.2f)%n",
                what,
                median(a),
                median(b),
                median(ratio),
                quantile(ratio, 0.25),
                quantile(ratio, 0.75));
    }

    /** CPU nanoseconds per address over one slice. */
    private static double slice(Op op) throws Exception {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long end = System.nanoTime() + SLICE_NS;
        long n = 0;
        do {
            n += op.run();
        } while (System.nanoTime() < end);
        return (double) (THREADS.getCurrentThreadCpuTime() - cpu0) / n;
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
