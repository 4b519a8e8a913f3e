package dev.iptriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iptriage.model.Column;
import dev.iptriage.model.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known answers of {@link IpTriage}, its builder's errors, its streams' laziness and what happens after close. */
class IpTriageTest {
    @TempDir
    static Path dir;

    static Path city;
    static Path asn;
    static List<Path> all;

    @BeforeAll
    static void files() {
        all = LibraryFixtures.all(dir);
        city = all.get(0);
        asn = all.get(1);
    }

    private static IpTriage cityAndAsn() throws IOException {
        return IpTriage.builder().database(city).database(asn).build();
    }

    @Test
    void typedPartsOfAKnownAddress() throws Exception {
        try (IpTriage t = cityAndAsn()) {
            IpInfo i = t.lookup("8.8.8.8");
            assertThat(i.status()).isEqualTo(Status.OK);
            assertThat(i.statusText()).isEqualTo("ok");
            assertThat(i.reason()).isEmpty();
            assertThat(i.network()).hasValueSatisfying(n -> assertThat(n).hasToString("8.8.8.0/24"));
            IpInfo.Location l = i.location().orElseThrow();
            assertThat(l.countryIso()).contains("US");
            assertThat(l.country()).contains("United States");
            assertThat(l.city()).contains("Mountain View");
            assertThat(l.subdivision()).contains("California");
            assertThat(l.postalCode()).contains("94043");
            assertThat(l.latitude().orElseThrow()).isEqualTo(37.386);
            assertThat(l.longitude().orElseThrow()).isEqualTo(-122.0838);
            assertThat(l.accuracyRadius().orElseThrow()).isEqualTo(20);
            assertThat(l.timeZone()).contains("Etc/UTC");
            assertThat(i.autonomousSystem())
                    .contains(new IpInfo.AutonomousSystem(15169, java.util.Optional.of("Google LLC")));
            assertThat(i.isp()).isEmpty();
            assertThat(i.anonymity()).isEmpty();
            assertThat(i.value("asn")).contains(15169L);
            assertThat(i.value("COUNTRY")).contains("United States");
            assertThat(i.value("ip")).contains("8.8.8.8");
            assertThat(i.value("status")).contains("ok");
            // a column of the parts that the default columns lack
            assertThat(i.value("country_iso")).contains("US");
            assertThat(i.values()).containsEntry("city", "Mountain View").doesNotContainKey("isp");
        }
    }

    @Test
    void ispConnectionDomainAndAnonymityParts() throws Exception {
        try (IpTriage t = IpTriage.builder().databases(all).build()) {
            IpInfo aa = t.lookup("81.2.69.160");
            assertThat(aa.isp())
                    .contains(new IpInfo.Isp(
                            java.util.Optional.of("Andrews & Arnold"),
                            java.util.Optional.of("A&A Customers"),
                            java.util.Optional.of("Cable/DSL"),
                            java.util.Optional.empty(),
                            java.util.Optional.of("aa.net.uk")));
            assertThat(t.lookup("1.2.3.4").anonymity())
                    .contains(new IpInfo.Anonymity(true, true, false, false, false, false));
            assertThat(t.lookup("1.2.4.4").anonymity())
                    .contains(new IpInfo.Anonymity(true, false, false, false, false, true));
            // a custom file's text numbers and 0/1 flags become typed values
            IpInfo lab = t.lookup("10.20.1.1");
            assertThat(lab.status()).isEqualTo(Status.PRIVATE);
            assertThat(lab.autonomousSystem().orElseThrow().number()).isEqualTo(64512);
            assertThat(lab.location().orElseThrow().latitude().orElseThrow()).isEqualTo(48.85);
            assertThat(lab.location().orElseThrow().accuracyRadius().orElseThrow())
                    .isEqualTo(5);
            assertThat(lab.anonymity()).contains(new IpInfo.Anonymity(false, false, false, false, false, false));
            assertThat(lab.value("site")).contains("lab");
            assertThat(lab.value("tags.team")).contains("blue");
            assertThat(lab.value("Internal-Ranges.asn")).contains("AS64512");
            // a value that is no number stays out of the part and stays in its column
            IpInfo odd = t.lookup("45.1.2.3");
            assertThat(odd.autonomousSystem()).isEmpty();
            assertThat(odd.value("Internal-Ranges.asn")).contains("not a number");
            assertThat(odd.value("asn")).contains("not a number");
        }
    }

    @Test
    void missesHaveTheNetworkNoDatabaseHasAnythingIn() throws Exception {
        try (IpTriage t = IpTriage.builder().database(asn).build()) {
            // the ASN fixture has 8.8.0.0/16 and 1.1.1.0/24 nearby, nothing else in 10.0.0.0/7
            IpInfo i = t.lookup("11.1.1.1");
            assertThat(i.status()).isEqualTo(Status.NOT_FOUND);
            assertThat(i.network()).hasValueSatisfying(n -> assertThat(n).hasToString("10.0.0.0/7"));
            assertThat(i.value("network")).isEmpty(); // as the network column: hits only
            assertThat(t.lookup("10.1.2.3").status()).isEqualTo(Status.PRIVATE);
            assertThat(t.lookup("10.1.2.3").network()).isEqualTo(i.network());
        }
        try (IpTriage t =
                IpTriage.builder().database(LibraryFixtures.anonymousIp(dir)).build()) {
            // an IPv4-only file says nothing about IPv6 addresses
            assertThat(t.lookup("2001:db8::1").network()).isEmpty();
            assertThat(t.lookup("::ffff:1.2.3.4").network())
                    .hasValueSatisfying(n -> assertThat(n).hasToString("1.2.3.0/24"));
        }
    }

    @Test
    void notAnAddressIsAStatusNotAnException() throws Exception {
        try (IpTriage t = cityAndAsn()) {
            IpInfo i = t.lookup("256.1.1.1");
            assertThat(i.status()).isEqualTo(Status.INVALID);
            assertThat(i.reason()).contains("octet 256 > 255");
            assertThat(i.input()).isEqualTo("256.1.1.1");
            assertThat(i.value("ip")).contains("256.1.1.1");
            assertThat(t.lookup("8.8.8.0/24").reason()).contains("a network (CIDR), not one address");
            assertThat(t.lookup("dns.google").status()).isEqualTo(Status.INVALID);
            assertThat(t.lookupAll(List.of("x", "8.8.8.8", "")))
                    .extracting(IpInfo::status)
                    .containsExactly(Status.INVALID, Status.OK, Status.INVALID);
            assertThatThrownBy(() -> t.lookup((String) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> t.lookup((InetAddress) null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void aDamagedRecordIsAnErrorWithItsReasonAndTheOtherValues() throws Exception {
        try (IpTriage t = IpTriage.builder()
                .database(city)
                .database(asn)
                .database(LibraryFixtures.damagedCountry(dir))
                .build()) {
            IpInfo i = t.lookup("5.5.5.5");
            assertThat(i.status()).isEqualTo(Status.ERROR);
            assertThat(i.reason()).hasValueSatisfying(r -> assertThat(r).contains("GeoLite2-Country.mmdb"));
            assertThat(i.statusText()).startsWith("error:");
            assertThat(i.value("status")).contains(i.statusText());
            assertThat(t.lookup("9.9.9.9").status()).isEqualTo(Status.OK);
        }
    }

    @Test
    void aColumnOnlyALogRunFillsIsRefusedByBuild() {
        for (String sighting : List.of("count", "asn,first_seen")) {
            assertThatThrownBy(() -> IpTriage.builder()
                            .database(city)
                            .database(asn)
                            .columns(sighting)
                            .build())
                    .as("columns %s", sighting)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is filled from the sightings of a log run");
        }
    }

    @Test
    void columnsAreChosenAsWithFields() throws Exception {
        try (IpTriage t = IpTriage.builder()
                .databases(all)
                .columns("continent, metro_code,site")
                .build()) {
            assertThat(t.columns().subList(0, 3))
                    .extracting(Column::name)
                    .containsExactly("continent", "metro_code", "site");
            // then the parts' columns, always read
            assertThat(t.columns()).extracting(Column::name).contains("country_iso", "asn", "is_tor_exit_node");
            IpInfo i = t.lookup("8.8.8.8");
            assertThat(i.value("continent")).contains("North America");
            assertThat(i.value(t.columns().get(2))).isEmpty();
            assertThat(t.lookup("10.20.0.1").value("site")).contains("lab");
            assertThat(i.value("city")).contains("Mountain View"); // a part's column
            assertThatThrownBy(() -> i.value("registered_country"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no column 'registered_country'")
                    .hasMessageContaining("continent, metro_code, site");
            assertThatThrownBy(() -> i.value(Column.custom("site", "elsewhere.mmdb", List.of("site"))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        try (IpTriage t = IpTriage.builder().database(city).columns("raw").build()) {
            Object raw = t.lookup("8.8.8.8").value("raw").orElseThrow();
            assertThat(raw).isInstanceOf(Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) raw;
            assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) m.get("GeoLite2-City");
            assertThatThrownBy(record::clear).isInstanceOf(UnsupportedOperationException.class);
            // the shared decoded record is untouched: the next answer is the same
            assertThat(t.lookup("8.8.8.8").value("raw")).contains(raw);
        }
    }

    @Test
    void builderErrorsNameWhatIsWrong() throws Exception {
        assertThatThrownBy(() ->
                        IpTriage.builder().database(city).columns("city,nope").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field 'nope'");
        assertThatThrownBy(() ->
                        IpTriage.builder().database(city).columns("ip,count").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count is filled from the sightings");
        Path missing = dir.resolve("missing.mmdb");
        assertThatThrownBy(() -> IpTriage.builder().database(missing).build())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
        Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a database");
        assertThatThrownBy(
                        () -> IpTriage.builder().database(city).database(junk).build())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(junk.toString());
        assertThatThrownBy(() -> IpTriage.builder().language(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEmbeddedDataAnswersWithoutFiles() throws Exception {
        try (IpTriage t = IpTriage.builder().build()) {
            assertThat(t.databases()).allMatch(s -> s.startsWith("builtin:"));
            IpInfo i = t.lookup("8.8.8.8");
            assertThat(i.status()).isEqualTo(Status.OK);
            assertThat(i.location().flatMap(IpInfo.Location::countryIso)).contains("US");
            assertThat(i.autonomousSystem().map(IpInfo.AutonomousSystem::number))
                    .contains(15169L);
        }
        // after a City file, the embedded data fills the AS columns it lacks
        try (IpTriage t = IpTriage.builder().database(city).builtinDatabases().build()) {
            assertThat(t.databases()).hasSize(3);
            IpInfo i = t.lookup("81.2.69.160");
            assertThat(i.location().flatMap(IpInfo.Location::city)).contains("London");
            assertThat(i.autonomousSystem()).isPresent();
        }
    }

    @Test
    void aStreamReadsAtMostOneBatchAhead() throws Exception {
        AtomicInteger pulled = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();
        Stream<String> endless = Stream.iterate(0, i -> i + 1)
                .map(i -> address(i))
                .peek(x -> pulled.incrementAndGet())
                .onClose(() -> closed.set(true));
        try (IpTriage t = cityAndAsn();
                Stream<IpInfo> s = t.lookupAll(endless)) {
            List<IpInfo> first = s.limit(3).toList();
            assertThat(first).extracting(IpInfo::input).containsExactly("8.8.8.0", "8.8.8.1", "8.8.8.2");
            assertThat(pulled.get()).isBetween(3, IpTriage.BATCH);
        }
        assertThat(closed).isTrue();
    }

    /** Address {@code i} of 8.8.8.0/24 and beyond. */
    private static String address(int i) {
        return dev.iptriage.ip.IpAddress.ofV4(0x08080800 + i).toString();
    }

    @Test
    void afterCloseCallsFailClearly() throws Exception {
        IpTriage t = cityAndAsn();
        IpInfo before = t.lookup("8.8.8.8");
        Iterator<IpInfo> pending = t.lookupAll(
                        IntStream.range(0, 3 * IpTriage.BATCH).mapToObj(IpTriageTest::address))
                .iterator();
        assertThat(pending.next().status()).isEqualTo(Status.OK); // the first batch is read
        t.close();
        t.close(); // twice: nothing
        for (Runnable call : List.<Runnable>of(
                () -> t.lookup("8.8.8.8"),
                () -> t.lookup(InetAddress.getLoopbackAddress()),
                () -> t.lookupAll(List.of("8.8.8.8")),
                () -> t.lookupAllAddresses(List.of(InetAddress.getLoopbackAddress())),
                () -> t.lookupAll(Stream.of("8.8.8.8")).toList())) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("this IpTriage is closed");
        }
        // what was answered stays; the batch already read is answered; the next one fails
        assertThat(before.location().flatMap(IpInfo.Location::city)).contains("Mountain View");
        for (int i = 1; i < IpTriage.BATCH; i++) {
            assertThat(pending.next().input()).isEqualTo(address(i));
        }
        assertThatThrownBy(pending::next).isInstanceOf(IllegalStateException.class);
        assertThat(t.columns()).isNotEmpty();
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        List<String> texts = IpTriagePropertyTest.inputs(99, 2000);
        try (IpTriage t = IpTriage.builder().databases(all).build()) {
            List<IpInfo> want = new ArrayList<>();
            for (String s : texts) {
                want.add(t.lookup(s));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<IpInfo>>> got = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    boolean batched = k % 2 == 0;
                    got.add(pool.submit(() -> batched
                            ? t.lookupAll(texts)
                            : texts.stream().map(t::lookup).toList()));
                }
                for (Future<List<IpInfo>> f : got) {
                    assertThat(f.get()).isEqualTo(want);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void listsAndScannersTagLookupsAsTheCommandLineDoes() throws Exception {
        Path drop = dir.resolve("drop_v4.json");
        Files.writeString(
                drop,
                "{\"cidr\":\"81.2.69.0/24\",\"sblid\":\"SBL123\",\"rir\":\"ripencc\"}\n"
                        + "{\"type\":\"metadata\",\"timestamp\":1744682874,\"records\":1}\n");
        Path mine = dir.resolve("mine.txt");
        Files.writeString(mine, "81.2.69.160\nnot an address\n");
        try (IpTriage t = IpTriage.builder()
                .database(city)
                .database(asn)
                .list(drop)
                .list(mine)
                .columns("ip,tags,tag_details,scanner,scanner_evidence")
                .build()) {
            IpInfo i = t.lookup("81.2.69.160");
            assertThat(i.value("tags")).hasValue(List.of("drop_v4", "mine"));
            assertThat(String.valueOf(i.value("tag_details").orElseThrow()))
                    .contains("network=81.2.69.0/24", "sblid=SBL123", "network=81.2.69.160");
            assertThat(t.lookup("162.142.125.9").value("scanner")).hasValue("Censys");
            assertThat(t.lookup("8.8.8.8").value("tags")).isEmpty();
            assertThat(t.listProblems()).singleElement().asString().startsWith(mine + ":2: 'not an address'");
        }
        try (IpTriage t = IpTriage.builder().database(city).build()) {
            assertThat(t.listProblems()).isEmpty();
            assertThatThrownBy(() -> IpTriage.builder().columns("tags").build())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        try (IpTriage t = IpTriage.builder().database(asn).scanners().build()) {
            assertThat(t.lookup("162.142.125.9").value("scanner_evidence")).hasValue(List.of("cidr"));
        }
        Path png = dir.resolve("x.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        assertThatThrownBy(() -> IpTriage.builder().list(png).build())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(png.toString());
    }
}
