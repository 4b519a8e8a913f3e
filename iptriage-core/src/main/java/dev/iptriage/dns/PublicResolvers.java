package dev.iptriage.dns;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Well-known public recursive resolvers. Spamhaus answers queries that come through them with
 * 127.255.255.254 (an error, never a listing) and Barracuda does not answer them, so the DNSBL
 * source refuses such zones through these resolvers unless forced, with one clear line instead of
 * a column of errors. Only the operators' published service addresses are here, each with the
 * page it comes from; a resolver that is not here is not known to be private (Spamhaus also
 * refuses resolvers with generic reverse DNS, which no list can tell).
 */
public final class PublicResolvers {
    private static final Map<IpAddress, String> BY_ADDRESS = new HashMap<>();

    static {
        // https://developers.google.com/speed/public-dns/docs/using
        add("Google Public DNS", "8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844");
        // https://developers.cloudflare.com/1.1.1.1/ip-addresses/ (1.1.1.1, and 1.1.1.1 for
        // Families: .2 blocks malware, .3 also adult content)
        add(
                "Cloudflare",
                "1.1.1.1",
                "1.0.0.1",
                "2606:4700:4700::1111",
                "2606:4700:4700::1001",
                "1.1.1.2",
                "1.0.0.2",
                "2606:4700:4700::1112",
                "2606:4700:4700::1002",
                "1.1.1.3",
                "1.0.0.3",
                "2606:4700:4700::1113",
                "2606:4700:4700::1003");
        // https://www.quad9.net/service/service-addresses-and-features (secure, unsecured .10,
        // secure with ECS .11)
        add(
                "Quad9",
                "9.9.9.9",
                "149.112.112.112",
                "2620:fe::fe",
                "2620:fe::9",
                "9.9.9.10",
                "149.112.112.10",
                "2620:fe::10",
                "2620:fe::fe:10",
                "9.9.9.11",
                "149.112.112.11",
                "2620:fe::11",
                "2620:fe::fe:11");
        // https://www.opendns.com/setupguide/ and FamilyShield (Cisco Umbrella support pages)
        add(
                "OpenDNS",
                "208.67.222.222",
                "208.67.220.220",
                "2620:119:35::35",
                "2620:119:53::53",
                "208.67.222.123",
                "208.67.220.123");
        // https://adguard-dns.io/kb/general/dns-providers/ (default, family protection, non-filtering)
        add(
                "AdGuard DNS",
                "94.140.14.14",
                "94.140.15.15",
                "2a10:50c0::ad1:ff",
                "2a10:50c0::ad2:ff",
                "94.140.14.15",
                "94.140.15.16",
                "2a10:50c0::bad1:ff",
                "2a10:50c0::bad2:ff",
                "94.140.14.140",
                "94.140.14.141",
                "2a10:50c0::1:ff",
                "2a10:50c0::2:ff");
        // https://dns.yandex.com/ (basic, safe, family), as listed in AdGuard's page above
        add(
                "Yandex DNS",
                "77.88.8.8",
                "77.88.8.1",
                "2a02:6b8::feed:0ff",
                "2a02:6b8:0:1::feed:0ff",
                "77.88.8.88",
                "77.88.8.2",
                "2a02:6b8::feed:bad",
                "2a02:6b8:0:1::feed:bad",
                "77.88.8.7",
                "77.88.8.3",
                "2a02:6b8::feed:a11",
                "2a02:6b8:0:1::feed:a11");
    }

    private PublicResolvers() {}

    private static void add(String operator, String... addresses) {
        for (String text : addresses) {
            IpAddress a = IpLiteral.parseStrict(text).orElseThrow();
            if (BY_ADDRESS.put(a, operator) != null) {
                throw new AssertionError("public resolver twice: " + text);
            }
        }
    }

    /**
     * Names the operator of a well-known public resolver.
     *
     * @param address the resolver's address (an IPv4-mapped IPv6 address counts as its IPv4 address)
     * @return the operator, e.g. {@code Google Public DNS}, or empty when the address is not one of
     *     the well-known public resolvers
     */
    public static Optional<String> name(InetAddress address) {
        IpAddress a = IpAddress.ofBytes(
                        Objects.requireNonNull(address, "address").getAddress())
                .unmap();
        return Optional.ofNullable(BY_ADDRESS.get(a));
    }

    /** The table, for tests. */
    static Map<IpAddress, String> all() {
        return Map.copyOf(BY_ADDRESS);
    }
}
