package dev.iptriage.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Networks: masking constructor, ends, membership, text. */
class CidrTest {

    private static IpAddress ip(String literal) {
        return IpLiteral.parseStrict(literal).orElseThrow();
    }

    /** address, prefix, text, first, last. */
    static Stream<Arguments> networks() {
        return Stream.of(
                argumentSet("v4 /24 from host", "192.0.2.77", 24, "192.0.2.0/24", "192.0.2.0", "192.0.2.255"),
                argumentSet("v4 /0", "8.8.8.8", 0, "0.0.0.0/0", "0.0.0.0", "255.255.255.255"),
                argumentSet("v4 /32", "8.8.8.8", 32, "8.8.8.8/32", "8.8.8.8", "8.8.8.8"),
                argumentSet("v4 /31", "10.0.0.7", 31, "10.0.0.6/31", "10.0.0.6", "10.0.0.7"),
                argumentSet("v4 /12", "172.31.1.1", 12, "172.16.0.0/12", "172.16.0.0", "172.31.255.255"),
                argumentSet(
                        "v6 /32",
                        "2001:db8:1::1",
                        32,
                        "2001:db8::/32",
                        "2001:db8::",
                        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
                argumentSet("v6 /64", "fe80::1", 64, "fe80::/64", "fe80::", "fe80::ffff:ffff:ffff:ffff"),
                argumentSet("v6 /0", "2001:db8::1", 0, "::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                argumentSet("v6 /128", "::1", 128, "::1/128", "::1", "::1"),
                argumentSet(
                        "v6 /96 mapped",
                        "::ffff:1.2.3.4",
                        96,
                        "::ffff:0.0.0.0/96",
                        "::ffff:0.0.0.0",
                        "::ffff:255.255.255.255"),
                argumentSet(
                        "v6 /65",
                        "2001:db8::ffff:0:0:1",
                        65,
                        "2001:db8:0:0:8000::/65",
                        "2001:db8:0:0:8000::",
                        "2001:db8::ffff:ffff:ffff:ffff"));
    }

    @ParameterizedTest
    @MethodSource("networks")
    void masksAndSpans(String address, int prefix, String text, String first, String last) {
        Cidr c = Cidr.of(ip(address), prefix);
        assertThat(c).hasToString(text);
        assertThat(c.address()).isEqualTo(ip(first));
        assertThat(c.first()).isEqualTo(ip(first));
        assertThat(c.last()).isEqualTo(ip(last));
        assertThat(c.prefixLength()).isEqualTo(prefix);
        assertThat(c).isEqualTo(new Cidr(ip(last), prefix));
        assertThat(c.contains(ip(address))).isTrue();
        assertThat(IpLiteral.parse(c.toString()).network()).isEqualTo(c);
    }

    @Test
    void containsChecksVersionAndPrefixBits() {
        Cidr net = Cidr.of(ip("192.168.0.0"), 16);
        assertThat(net.contains(ip("192.168.255.255"))).isTrue();
        assertThat(net.contains(ip("192.169.0.0"))).isFalse();
        assertThat(net.contains(ip("192.167.255.255"))).isFalse();
        assertThat(net.contains(ip("::ffff:192.168.1.1"))).as("other version").isFalse();
        Cidr v6 = Cidr.of(ip("2001:db8::"), 32);
        assertThat(v6.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(v6.contains(ip("2001:db9::"))).isFalse();
        assertThat(v6.contains(ip("32.1.13.184"))).isFalse();
        assertThat(Cidr.of(ip("::"), 0).contains(ip("ffff::"))).isTrue();
        assertThat(Cidr.of(ip("0.0.0.0"), 0).contains(ip("::"))).isFalse();
    }

    @Test
    void rejectsPrefixOutsideTheAddress() {
        assertThatThrownBy(() -> Cidr.of(ip("1.2.3.4"), 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.of(ip("::"), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr(null, 0)).isInstanceOf(NullPointerException.class);
    }
}
