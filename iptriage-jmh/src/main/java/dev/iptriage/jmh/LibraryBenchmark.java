package dev.iptriage.jmh;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import dev.iptriage.IpInfo;
import dev.iptriage.IpTriage;
import dev.iptriage.databases.Database;
import dev.iptriage.engine.Enricher;
import dev.iptriage.engine.Enrichment;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The library's front door against MaxMind's GeoIP2-java on the same full-scale City and ASN files
 * ({@code ../shared/data}, or the folder of {@code -Diptriage.shared=DIR}): {@link IpTriage#lookup}
 * and {@link IpTriage#lookupAllAddresses} of {@value #N} addresses against {@code
 * DatabaseReader.tryCity} plus {@code tryAsn} per address (with GeoIP2's recommended {@link
 * CHMCache}, memory-mapped files). Both sides get {@link InetAddress}es; the setup checks that they
 * agree on the country ISO code, the city name and the AS number of every address and fails
 * otherwise. Random public addresses, one in eight IPv6. Run:
 * {@code bin/mvn -q -pl iptriage-jmh -am package -DskipTests && java -jar iptriage-jmh/target/benchmarks.jar LibraryBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LibraryBenchmark {
    static final int N = 1000;

    InetAddress[] addresses;
    List<InetAddress> batch;
    List<IpAddress> bits;
    IpTriage triage;
    Enricher engine;
    DatabaseReader city;
    DatabaseReader asn;
    int next;

    /** Opens both sides on the shared files, picks the addresses and checks that the answers agree. */
    @Setup
    public void setUp() throws IOException, GeoIp2Exception {
        Path data = Path.of(System.getProperty("iptriage.shared", "../shared"), "data");
        Path cityFile = data.resolve("GeoLite2-City.mmdb");
        Path asnFile = data.resolve("GeoLite2-ASN.mmdb");
        if (!Files.isRegularFile(cityFile) || !Files.isRegularFile(asnFile)) {
            throw new IllegalStateException("needs " + cityFile + " and " + asnFile
                    + " (run from the project folder, or -Diptriage.shared=DIR)");
        }
        triage = IpTriage.builder().database(cityFile).database(asnFile).build();
        city = new DatabaseReader.Builder(cityFile.toFile())
                .withCache(new CHMCache())
                .build();
        asn = new DatabaseReader.Builder(asnFile.toFile())
                .withCache(new CHMCache())
                .build();
        SplittableRandom rnd = new SplittableRandom(20261207);
        addresses = new InetAddress[N];
        for (int i = 0; i < N; ) {
            IpAddress a = i % 8 == 0
                    ? IpAddress.ofV6(0x2000_0000_0000_0000L | (rnd.nextLong() >>> 4), rnd.nextLong())
                    : IpAddress.ofV4(rnd.nextInt(1, 224) << 24 | rnd.nextInt(1 << 24));
            if (IpClass.of(a).isGlobal()) {
                addresses[i++] = a.toInetAddress();
            }
        }
        batch = List.of(addresses);
        bits = batch.stream().map(a -> IpAddress.ofBytes(a.getAddress())).toList();
        engine = Enricher.builder()
                .databases(List.of(Database.open(cityFile), Database.open(asnFile)))
                .columns(triage.columns())
                .build();
        check();
    }

    /** Country ISO code, city name and AS number of every address, from both sides: the same. */
    private void check() throws IOException, GeoIp2Exception {
        List<IpInfo> ours = triage.lookupAllAddresses(batch);
        List<String> differ = new ArrayList<>();
        int cities = 0;
        int numbers = 0;
        for (int i = 0; i < N; i++) {
            IpInfo o = ours.get(i);
            Optional<CityResponse> c = city.tryCity(addresses[i]);
            Optional<AsnResponse> a = asn.tryAsn(addresses[i]);
            String iso = c.map(r -> r.country().isoCode()).orElse(null);
            String name = c.map(r -> r.city().name()).orElse(null);
            Long number = a.map(AsnResponse::autonomousSystemNumber).orElse(null);
            String ourIso = o.location().flatMap(IpInfo.Location::countryIso).orElse(null);
            String ourName = o.location().flatMap(IpInfo.Location::city).orElse(null);
            Long ourNumber =
                    o.autonomousSystem().map(IpInfo.AutonomousSystem::number).orElse(null);
            if (!Objects.equals(iso, ourIso) || !Objects.equals(name, ourName) || !Objects.equals(number, ourNumber)) {
                differ.add(o.input() + ": GeoIP2 " + iso + "/" + name + "/" + number + ", iptriage " + ourIso + "/"
                        + ourName + "/" + ourNumber);
            }
            cities += name != null ? 1 : 0;
            numbers += number != null ? 1 : 0;
        }
        if (!differ.isEmpty()) {
            throw new IllegalStateException(differ.size() + " of " + N + " answers differ, e.g. " + differ.get(0));
        }
        if (cities < N / 2) {
            throw new IllegalStateException("only " + cities + " of " + N + " addresses have a city: not a fair test");
        }
        System.out.println("LibraryBenchmark: IpTriage and GeoIP2 agree on all " + N + " addresses (" + cities
                + " with a city, " + numbers + " with an AS number)");
    }

    @TearDown
    public void tearDown() throws IOException {
        triage.close();
        city.close();
        asn.close();
    }

    private InetAddress nextAddress() {
        InetAddress a = addresses[next];
        next = next + 1 == N ? 0 : next + 1;
        return a;
    }

    /** One address through {@link IpTriage#lookup(InetAddress)}: city, country, AS and the rest. */
    @Benchmark
    public IpInfo iptriageOne() {
        return triage.lookup(nextAddress());
    }

    /** One address through GeoIP2's {@code tryCity} and {@code tryAsn}. */
    @Benchmark
    public void geoip2One(Blackhole bh) throws IOException, GeoIp2Exception {
        InetAddress a = nextAddress();
        bh.consume(city.tryCity(a));
        bh.consume(asn.tryAsn(a));
    }

    /** {@value #N} addresses through {@link IpTriage#lookupAllAddresses}, per address. */
    @Benchmark
    @OperationsPerInvocation(N)
    public List<IpInfo> iptriageBatch() {
        return triage.lookupAllAddresses(batch);
    }

    /**
     * {@value #N} addresses through the engine under {@link IpTriage} ({@link Enricher#lookupAll},
     * same columns): what the front door adds is the difference to {@link #iptriageBatch}.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public List<Enrichment> engineBatch() {
        return engine.lookupAll(bits);
    }

    /** {@value #N} addresses through GeoIP2's {@code tryCity} and {@code tryAsn}, per address. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void geoip2Batch(Blackhole bh) throws IOException, GeoIp2Exception {
        for (InetAddress a : addresses) {
            bh.consume(city.tryCity(a));
            bh.consume(asn.tryAsn(a));
        }
    }
}
