/**
 * JMH benchmarks of the hot paths, for the figures in {@code docs/performance.md}: {@link
 * dev.iptriage.jmh.HotPathBenchmark} (literal parsing, tree walks one by one and in batches, whole enrichments, record
 * decoding on the embedded databases), {@link dev.iptriage.jmh.ExtractBenchmark} (extraction per line) and {@link
 * dev.iptriage.jmh.CsvCellBenchmark} (one CSV cell). Run: {@code bin/mvn -q -pl iptriage-jmh -am package -DskipTests
 * && java -jar iptriage-jmh/target/benchmarks.jar}, or add a benchmark's name to run only that one.
 */
package dev.iptriage.jmh;
