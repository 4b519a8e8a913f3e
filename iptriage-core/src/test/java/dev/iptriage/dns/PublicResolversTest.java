package dev.iptriage.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Well-known public resolvers by address; nothing else. */
class PublicResolversTest {

    private static InetAddress inet(String literal) {
        return IpLiteral.parseStrict(literal).orElseThrow().toInetAddress();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "8.8.8.8, Google Public DNS",
        "8.8.4.4, Google Public DNS",
        "2001:4860:4860::8888, Google Public DNS",
        "2001:4860:4860::8844, Google Public DNS",
        "1.1.1.1, Cloudflare",
        "1.0.0.1, Cloudflare",
        "2606:4700:4700::1111, Cloudflare",
        "2606:4700:4700::1001, Cloudflare",
        "1.1.1.2, Cloudflare",
        "1.1.1.3, Cloudflare",
        "1.0.0.3, Cloudflare",
        "2606:4700:4700::1113, Cloudflare",
        "9.9.9.9, Quad9",
        "149.112.112.112, Quad9",
        "2620:fe::fe, Quad9",
        "2620:fe::9, Quad9",
        "9.9.9.10, Quad9",
        "9.9.9.11, Quad9",
        "208.67.222.222, OpenDNS",
        "208.67.220.220, OpenDNS",
        "2620:119:35::35, OpenDNS",
        "2620:119:53::53, OpenDNS",
        "94.140.14.14, AdGuard DNS",
        "2a10:50c0::ad1:ff, AdGuard DNS",
        "77.88.8.8, Yandex DNS",
        "2a02:6b8::feed:ff, Yandex DNS",
    })
    void wellKnownResolversAreNamed(String address, String operator) {
        assertThat(PublicResolvers.name(inet(address))).contains(operator);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.0.0.53",
                "192.168.1.1",
                "10.0.0.1",
                "::1",
                "8.8.8.9",
                "8.8.4.8",
                "1.1.1.4",
                "9.9.9.8",
                "2001:4860:4860::8889",
                "2606:4700:4700::1114",
                "4.2.2.2",
                "192.0.2.53"
            })
    void otherAddressesAreNot(String address) {
        assertThat(PublicResolvers.name(inet(address))).isEmpty();
    }

    @Test
    void aMappedAddressCountsAsItsIpv4Address() throws UnknownHostException {
        InetAddress mapped = Inet6Address.getByAddress(
                null, IpLiteral.parseStrict("::ffff:8.8.8.8").orElseThrow().toBytes(), -1);
        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(PublicResolvers.name(mapped)).contains("Google Public DNS");
    }

    @Test
    void theTableHasBothFamiliesOfEveryOperator() {
        assertThat(PublicResolvers.all()).hasSizeGreaterThan(50);
        PublicResolvers.all().values().stream().distinct().forEach(operator -> {
            assertThat(PublicResolvers.all().entrySet().stream()
                            .filter(e -> e.getValue().equals(operator))
                            .map(e -> e.getKey().isV4())
                            .distinct()
                            .count())
                    .as(operator)
                    .isEqualTo(2);
        });
        for (IpAddress a : PublicResolvers.all().keySet()) {
            assertThat(a.isV4Mapped()).isFalse();
            assertThat(PublicResolvers.name(a.toInetAddress())).as(a.toString()).isPresent();
        }
    }
}
