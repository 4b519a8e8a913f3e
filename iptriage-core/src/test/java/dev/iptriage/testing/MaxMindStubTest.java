package dev.iptriage.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.testing.MaxMindStub.Fault;
import dev.iptriage.testing.MaxMindStub.Options;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MaxMind web service stub itself, through the JDK's HTTP client. */
class MaxMindStubTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = basic(MaxMindStub.ACCOUNT, MaxMindStub.KEY);

    private static MaxMindStub stub;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        stub = MaxMindStub.start(Options.defaults());
        client = HttpClient.newBuilder()
                .sslContext(trusting(stub.caPem()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        Path dir = stub.caPem().getParent();
        stub.close();
        assertThat(dir).doesNotExist();
    }

    @BeforeEach
    void clean() {
        stub.reset();
        stub.queriesRemaining(1_000_000);
        stub.latency(0, 0);
        stub.clearNetworks();
    }

    @Test
    void authorizationIsCheckedAndTheKeyNeverLogged() throws Exception {
        assertError(get("city", "8.8.8.8", null), 401, "AUTHORIZATION_INVALID");
        assertError(get("city", "8.8.8.8", basic(MaxMindStub.ACCOUNT, "wrong")), 401, "AUTHORIZATION_INVALID");
        assertError(get("city", "8.8.8.8", basic("999", MaxMindStub.KEY)), 401, "AUTHORIZATION_INVALID");
        assertError(get("city", "8.8.8.8", basic("", MaxMindStub.KEY)), 401, "ACCOUNT_ID_REQUIRED");
        assertError(get("city", "8.8.8.8", basic(MaxMindStub.ACCOUNT, "")), 401, "LICENSE_KEY_REQUIRED");
        assertError(get("city", "8.8.8.8", "Basic %%%"), 401, "AUTHORIZATION_INVALID");
        assertThat(stub.requests())
                .extracting(MaxMindStub.Request::authorization)
                .containsExactly(false, true, true, true, true, true);
        assertThat(stub.requests().toString()).doesNotContain(MaxMindStub.KEY);
        assertThat(stub.paidAnswers()).isZero();
    }

    @Test
    void eachProductAnswersWithItsSchema() throws Exception {
        String ip = "81.2.69.160";
        for (String product : List.of("country", "city", "insights")) {
            HttpResponse<String> r = get(product, ip, GOOD);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValue("application/vnd.maxmind.com-" + product + "+json; charset=UTF-8; version=2.1");
            Map<String, Object> body = parse(r);
            assertThat(body).containsKeys("continent", "country", "registered_country", "traits", "maxmind");
            Map<String, Object> traits = map(body, "traits");
            assertThat(traits).containsEntry("ip_address", ip);
            Cidr network = IpLiteral.parse((String) traits.get("network")).network();
            assertThat(network.contains(IpLiteral.parseStrict(ip).orElseThrow()))
                    .isTrue();
            assertThat(traits.get("network")).isEqualTo(stub.network(ip));
            assertThat(map(body, "maxmind")).containsKey("queries_remaining");
            Map<String, Object> withoutAccount = new LinkedHashMap<>(body);
            withoutAccount.remove("maxmind");
            assertThat(withoutAccount).isEqualTo(stub.expected(product, ip));
            if (product.equals("country")) {
                assertThat(body).doesNotContainKeys("city", "location", "postal", "subdivisions");
                assertThat(map(body, "country")).doesNotContainKey("confidence");
            } else {
                assertThat(body).containsKeys("city", "location", "postal", "subdivisions");
                assertThat(map(body, "location")).containsKeys("latitude", "longitude", "accuracy_radius", "time_zone");
                assertThat(traits)
                        .containsKeys(
                                "autonomous_system_number",
                                "autonomous_system_organization",
                                "isp",
                                "organization",
                                "connection_type",
                                "domain");
                assertThat(map(map(body, "city"), "names")).containsKeys("en", "de");
            }
            if (product.equals("insights")) {
                assertThat(traits).containsKeys("user_type", "user_count", "static_ip_score");
                assertThat(map(body, "country")).containsKey("confidence");
                assertThat(map(body, "city")).containsKey("confidence");
                assertThat(map(body, "postal")).containsKey("confidence");
            }
        }
        assertThat(stub.paidAnswers()).isEqualTo(3);
    }

    @Test
    void insightsHasOptionalPartsForSomeNetworksOnly() {
        Random random = new Random(7);
        int anonymizer = 0;
        int risk = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            String ip = randomPublic(random, random.nextInt(4) > 0);
            Map<String, Object> b = stub.expected("insights", ip);
            Map<String, Object> traits = map(b, "traits");
            if (b.containsKey("anonymizer")) {
                anonymizer++;
                assertThat(map(b, "anonymizer")).containsKeys("confidence", "provider_name", "network_last_seen");
            }
            if (traits.containsKey("ip_risk_snapshot")) {
                risk++;
            }
            // flags appear only when true
            traits.forEach((k, v) -> {
                if (k.startsWith("is_")) {
                    assertThat(v).isEqualTo(true);
                }
            });
        }
        assertThat(anonymizer).isBetween(1, n - 1);
        assertThat(risk).isBetween(1, n - 1);
    }

    @Test
    void networksPartitionTheAddressSpace() {
        stub.addNetwork("81.2.69.0/24", Map.of("traits", Map.of("isp", "Explicit ISP")));
        Random random = new Random(16);
        for (int i = 0; i < 3000; i++) {
            String ip = randomPublic(random, i % 3 != 0);
            IpAddress a = IpLiteral.parseStrict(ip).orElseThrow();
            Cidr n = IpLiteral.parse(stub.network(ip)).network();
            assertThat(n.contains(a)).as(ip).isTrue();
            // the first and last address of the network are in the same network with the same answer
            for (IpAddress other : List.of(n.first(), n.last())) {
                if (IpClass.of(other).isGlobal()) {
                    assertThat(stub.network(other.toString())).isEqualTo(n.toString());
                    Map<String, Object> expectedHere = stub.expected("insights", ip);
                    Map<String, Object> there = stub.expected("insights", other.toString());
                    map(there, "traits").put("ip_address", ip);
                    assertThat(there).isEqualTo(expectedHere);
                }
            }
            // the neighbours outside the network have another network, disjoint from this one
            for (IpAddress outside : neighbours(n)) {
                Cidr m = IpLiteral.parse(stub.network(outside.toString())).network();
                assertThat(m.contains(n.first()) || n.contains(m.first()))
                        .as(n + " vs " + m)
                        .isFalse();
            }
        }
        assertThat(stub.network("81.2.69.160")).isEqualTo("81.2.69.0/24");
        assertThat(map(stub.expected("city", "81.2.69.1"), "traits")).containsEntry("isp", "Explicit ISP");
        String around = stub.network("81.2.70.1");
        Cidr aroundNet = IpLiteral.parse(around).network();
        assertThat(aroundNet.contains(IpLiteral.parseStrict("81.2.69.0").orElseThrow()))
                .isFalse();
    }

    @Test
    void twoAddressesOfOneNetworkGetOneAnswer() throws Exception {
        String first = "2a02:2770::1";
        Cidr n = IpLiteral.parse(stub.network(first)).network();
        String second = n.last().toString();
        Map<String, Object> a = parse(get("insights", first, GOOD));
        Map<String, Object> b = parse(get("insights", second, GOOD));
        assertThat(map(a, "traits")).containsEntry("ip_address", first);
        assertThat(map(b, "traits")).containsEntry("ip_address", second);
        a.remove("maxmind");
        b.remove("maxmind");
        map(b, "traits").put("ip_address", first);
        assertThat(b).isEqualTo(a);
    }

    @Test
    void ipv4MappedAddressesGetTheIpv4DataInIpv6Form() throws Exception {
        Map<String, Object> mapped = parse(get("city", "::ffff:81.2.69.160", GOOD));
        Map<String, Object> plain = stub.expected("city", "81.2.69.160");
        Cidr v4 = IpLiteral.parse(stub.network("81.2.69.160")).network();
        assertThat(map(mapped, "traits"))
                .containsEntry("network", "::ffff:" + v4.address() + "/" + (96 + v4.prefixLength()))
                .containsEntry("ip_address", "::ffff:81.2.69.160");
        assertThat(map(mapped, "city")).isEqualTo(map(plain, "city"));
    }

    @Test
    void reservedInvalidAndNotFoundAddressesAreErrors() throws Exception {
        for (String ip : List.of("10.1.2.3", "192.0.2.1", "127.0.0.1", "::1", "fe80::1", "2001:db8::1", "224.0.0.1")) {
            assertError(get("city", ip, GOOD), 400, "IP_ADDRESS_RESERVED");
        }
        for (String ip : List.of("999.1.1.1", "not-an-address", "1.2.3", "8.8.8.8%25eth0")) {
            assertError(get("country", ip, GOOD), 400, "IP_ADDRESS_INVALID");
        }
        assertError(get("country", "", GOOD), 400, "IP_ADDRESS_REQUIRED");
        stub.notFound("45.0.128.0/17");
        assertError(get("insights", "45.0.130.2", GOOD), 404, "IP_ADDRESS_NOT_FOUND");
        assertThatThrownBy(() -> stub.expected("city", "45.0.130.2")).isInstanceOf(IllegalArgumentException.class);
        // the generated networks around it stay outside it
        assertThat(IpLiteral.parse(stub.network("45.0.1.1"))
                        .network()
                        .contains(IpLiteral.parseStrict("45.0.128.0").orElseThrow()))
                .isFalse();
        assertThatThrownBy(() -> stub.expected("city", "10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(stub.paidAnswers()).isZero();
        assertThat(stub.queriesRemaining()).isEqualTo(1_000_000);
    }

    @Test
    void outOfQueriesAfterTheLastOne() throws Exception {
        stub.queriesRemaining(2);
        assertThat(map(parse(get("country", "8.8.8.8", GOOD)), "maxmind")).containsEntry("queries_remaining", 1);
        assertThat(map(parse(get("country", "8.8.4.4", GOOD)), "maxmind")).containsEntry("queries_remaining", 0);
        assertError(get("country", "1.1.1.1", GOOD), 402, "OUT_OF_QUERIES");
        assertError(get("country", "1.1.1.1", GOOD), 402, "OUT_OF_QUERIES");
        assertThat(stub.paidAnswers()).isEqualTo(2);
    }

    @Test
    void permissionRequired() throws Exception {
        stub.permissionRequired("insights");
        assertError(get("insights", "8.8.8.8", GOOD), 403, "PERMISSION_REQUIRED");
        assertThat(get("city", "8.8.8.8", GOOD).statusCode()).isEqualTo(200);
    }

    @Test
    void failNextWithRetryAfterThenNormalAnswers() throws Exception {
        stub.failNext(2, 429, "1");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = get("city", "8.8.8.8", GOOD);
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        }
        assertThat(get("city", "8.8.8.8", GOOD).statusCode()).isEqualTo(200);
        stub.failNext(1, 503, "Wed, 21 Oct 2026 07:28:00 GMT");
        HttpResponse<String> r = get("city", "8.8.8.8", GOOD);
        assertError(r, 503, "SERVER_ERROR");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("Wed, 21 Oct 2026 07:28:00 GMT");
        stub.failNext(1, Fault.html(502));
        HttpResponse<String> html = get("city", "8.8.8.8", GOOD);
        assertThat(html.statusCode()).isEqualTo(502);
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(stub.requests()).extracting(MaxMindStub.Request::status).containsExactly(429, 429, 200, 503, 502);
    }

    @Test
    void faultsPerAddressInSequenceThenTheAnswer() throws Exception {
        stub.faultFor("8.8.8.8", Fault.status(500), Fault.CUT_BODY);
        assertError(get("insights", "8.8.8.8", GOOD), 500, "SERVER_ERROR");
        // another address is not affected
        assertThat(get("insights", "8.8.4.4", GOOD).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get("insights", "8.8.8.8", GOOD)).isInstanceOf(IOException.class);
        assertThat(get("insights", "8.8.8.8", GOOD).statusCode()).isEqualTo(200);
        assertThat(stub.requests())
                .extracting(MaxMindStub.Request::address, MaxMindStub.Request::status, MaxMindStub.Request::paid)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("8.8.8.8", 500, false),
                        org.assertj.core.groups.Tuple.tuple("8.8.4.4", 200, true),
                        org.assertj.core.groups.Tuple.tuple("8.8.8.8", 200, false),
                        org.assertj.core.groups.Tuple.tuple("8.8.8.8", 200, true));
        assertThat(stub.paidAnswers()).isEqualTo(2);
        assertThat(stub.queriesRemaining()).isEqualTo(1_000_000 - 2);
    }

    @Test
    void concurrentRequestsWithLatencyAllSucceed() throws Exception {
        stub.latency(5, 20);
        Random random = new Random(3);
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ips.add(randomPublic(random, i % 2 == 0));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (String ip : ips) {
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> get("city", ip, GOOD)));
            }
            for (int i = 0; i < ips.size(); i++) {
                HttpResponse<String> r = answers.get(i).get();
                assertThat(r.statusCode()).isEqualTo(200);
                Map<String, Object> body = parse(r);
                body.remove("maxmind");
                assertThat(body).isEqualTo(stub.expected("city", ips.get(i)));
            }
        }
        assertThat(stub.paidAnswers()).isEqualTo(40);
        assertThat(stub.requests()).hasSize(40);
        assertThat(stub.queriesRemaining()).isEqualTo(1_000_000 - 40);
    }

    @Test
    void geoLiteHasNoAccountObjectAndNoInsights() throws Exception {
        try (MaxMindStub lite = MaxMindStub.start(Options.defaults().withHttp().withGeoLite())) {
            assertThat(lite.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(lite.caPem()).isNull();
            HttpClient plain = HttpClient.newHttpClient();
            HttpResponse<String> r = plain.send(request(lite.baseUrl(), "city", "8.8.8.8", GOOD), ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(parse(r)).doesNotContainKey("maxmind");
            HttpResponse<String> insights =
                    plain.send(request(lite.baseUrl(), "insights", "8.8.8.8", GOOD), ofString());
            assertError(insights, 403, "PERMISSION_REQUIRED");
        }
    }

    @Test
    void launchWritesPortCertificateAndLog(@TempDir Path dir) throws Exception {
        Path port = dir.resolve("port");
        Path ca = dir.resolve("ca.pem");
        Path log = dir.resolve("log.tsv");
        try (MaxMindStub s = MaxMindStub.launch(new String[] {
            "--port-file",
            port.toString(),
            "--ca-file",
            ca.toString(),
            "--log",
            log.toString(),
            "--latency",
            "0:2",
            "--account",
            "42",
            "--key",
            "k"
        })) {
            assertThat(Files.readString(port).trim()).isEqualTo(Integer.toString(s.port()));
            HttpClient c = HttpClient.newBuilder().sslContext(trusting(ca)).build();
            assertThat(c.send(request(s.baseUrl(), "country", "8.8.8.8", basic("42", "k")), ofString())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(c.send(request(s.baseUrl(), "country", "10.0.0.1", basic("42", "k")), ofString())
                            .statusCode())
                    .isEqualTo(400);
            assertThat(Files.readAllLines(log))
                    .containsExactly("country\t8.8.8.8\t200\ttrue", "country\t10.0.0.1\t400\tfalse");
        }
        assertThatThrownBy(() -> MaxMindStub.launch(new String[] {"--latency", "5"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers

    private static List<IpAddress> neighbours(Cidr n) {
        List<IpAddress> out = new ArrayList<>();
        IpAddress first = n.first();
        IpAddress last = n.last();
        if (first.isV4()) {
            int f = first.v4Bits();
            int l = last.v4Bits();
            if (f != 0) {
                out.add(IpAddress.ofV4(f - 1));
            }
            if (l != -1) {
                out.add(IpAddress.ofV4(l + 1));
            }
        } else {
            out.add(IpAddress.ofV6(first.hi() - (first.lo() == 0 ? 1 : 0), first.lo() - 1));
            out.add(IpAddress.ofV6(last.hi() + (last.lo() == -1 ? 1 : 0), last.lo() + 1));
        }
        return out;
    }

    private static String randomPublic(Random random, boolean v4) {
        while (true) {
            IpAddress a = v4
                    ? IpAddress.ofV4(random.nextInt())
                    : IpAddress.ofV6(0x2000_0000_0000_0000L | (random.nextLong() >>> 3), random.nextLong());
            if (IpClass.of(a).isGlobal()) {
                return a.toString();
            }
        }
    }

    private static HttpResponse<String> get(String product, String ip, String authorization)
            throws IOException, InterruptedException {
        return client.send(request(stub.baseUrl(), product, ip, authorization), ofString());
    }

    private static HttpRequest request(String base, String product, String ip, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/geoip/v2.1/" + product + "/" + ip))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.maxmind.com-error+json; charset=UTF-8; version=2.0");
        Map<String, Object> body = parse(r);
        assertThat(body).containsEntry("code", code).containsKey("error");
    }

    private static Map<String, Object> parse(HttpResponse<String> r) throws IOException {
        return new HashMap<>(JSON.readValue(r.body(), new TypeReference<Map<String, Object>>() {}));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        assertThat(m).containsKey(key);
        Object v = m.get(key);
        assertThat(v).isInstanceOf(Map.class);
        return (Map<String, Object>) v;
    }

    private static String basic(String id, String key) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** A client context trusting exactly the certificates of a PEM file, as {@code --webservice-ca} does. */
    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }
}
