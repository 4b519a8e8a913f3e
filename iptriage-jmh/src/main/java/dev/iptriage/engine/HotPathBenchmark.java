package dev.iptriage.engine;

import dev.iptriage.databases.BuiltinDatabases;
import dev.iptriage.databases.Database;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.model.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The per-address hot paths on the embedded databases (1.3M + 1M nodes): literal parsing, one tree
 * walk, a batch of 64 walks in lockstep, a whole enrichment, and the decoding of records met for the
 * first time. Run:
 * {@code bin/mvn -q -pl iptriage-jmh -am package -DskipTests && java -jar iptriage-jmh/target/benchmarks.jar}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmark {
    static final int N = 64;

    byte[][] lines;
    IpAddress[] addresses;
    long[] his = new long[N];
    long[] los = new long[N];
    boolean[] v4s = new boolean[N];
    long[] results = new long[N];
    MmdbReader asn;
    Database asnDb;
    /** Lookup results of {@link #addresses} in the ASN database that hold a record. */
    long[] found;

    Enricher enricher;
    int next;

    /** Random public-looking IPv4 and IPv6 addresses and the embedded databases. */
    @Setup
    public void setUp() throws IOException {
        SplittableRandom rnd = new SplittableRandom(20261123);
        addresses = new IpAddress[4096];
        lines = new byte[addresses.length][];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = i % 8 == 0
                    ? IpAddress.ofV6(0x2000_0000_0000_0000L | (rnd.nextLong() >>> 4), rnd.nextLong())
                    : IpAddress.ofV4(rnd.nextInt(1, 223) << 24 | rnd.nextInt(1 << 24));
            lines[i] = addresses[i].toString().getBytes(StandardCharsets.US_ASCII);
        }
        var dbs = BuiltinDatabases.open();
        asnDb = dbs.get(1);
        asn = asnDb.reader();
        found = java.util.Arrays.stream(addresses)
                .mapToLong(a -> {
                    try {
                        return asn.find(a.hi(), a.lo(), a.isV4());
                    } catch (MmdbFormatException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(MmdbReader::found)
                .toArray();
        enricher = Enricher.builder().databases(dbs).build();
    }

    private IpAddress nextAddress() {
        next = (next + 1) & (addresses.length - 1);
        return addresses[next];
    }

    /** Parsing one address line from bytes (lenient). */
    @Benchmark
    public Object parseLiteral() {
        next = (next + 1) & (lines.length - 1);
        byte[] l = lines[next];
        return IpLiteral.parse(l, 0, l.length);
    }

    /** One tree walk in the ASN database. */
    @Benchmark
    public long findOne() throws MmdbFormatException {
        IpAddress a = nextAddress();
        return asn.find(a.hi(), a.lo(), a.isV4());
    }

    /** 64 tree walks in lockstep (time per address). */
    @Benchmark
    @OperationsPerInvocation(N)
    public long[] findBatch() throws MmdbFormatException {
        for (int i = 0; i < N; i++) {
            IpAddress a = nextAddress();
            his[i] = a.hi();
            los[i] = a.lo();
            v4s[i] = a.isV4();
        }
        asn.findAll(his, los, v4s, N, results);
        return results;
    }

    /** A whole enrichment (country + ASN, default columns), one address. */
    @Benchmark
    public Object enrichOne() {
        return enricher.lookup(nextAddress());
    }

    /** 64 enrichments through the batched path (time per address). */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object enrichBatch() {
        List<IpAddress> batch = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            batch.add(nextAddress());
        }
        return enricher.lookupAll(batch);
    }

    /**
     * The ASN and AS organization of records met for the first time (a fresh record cache per
     * invocation; time per record): what a run over many distinct addresses pays per record.
     */
    @Benchmark
    @OperationsPerInvocation(1024)
    public Object decodeRecords() throws MmdbFormatException {
        MmdbSource s = new MmdbSource(asnDb, List.of(Field.ASN, Field.AS_ORG), "en");
        Object last = null;
        for (int i = 0; i < 1024; i++) {
            next = (next + 1) & (addresses.length - 1);
            last = s.values(found[next % found.length]);
        }
        return last;
    }
}
