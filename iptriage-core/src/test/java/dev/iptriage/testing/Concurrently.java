package dev.iptriage.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** Runs one randomized check on several threads at once, for the shared caches' tests. */
public final class Concurrently {
    private Concurrently() {}

    /** A check run by each thread with its own seeded generator; returns a count the test judges. */
    @FunctionalInterface
    public interface Check {
        int run(RandomGenerator random) throws Exception;
    }

    /** Runs {@code check} on {@code threads} threads at once and returns each one's count. */
    public static List<Integer> run(int threads, Check check) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                Callable<Integer> task = () ->
                        check.run(RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
                done.add(pool.submit(task));
            }
            List<Integer> counts = new ArrayList<>();
            for (Future<Integer> f : done) {
                counts.add(f.get());
            }
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }
}
