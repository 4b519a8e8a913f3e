package dev.iptriage.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The address value: construction, bits, masks, embedded IPv4, JDK interop, order. */
class IpAddressTest {

    private static IpAddress ip(String literal) {
        return IpLiteral.parseStrict(literal).orElseThrow();
    }

    @Test
    void v4BitsAreMostSignificantOctetFirst() {
        IpAddress a = IpAddress.ofV4(0x01020304);
        assertThat(a).hasToString("1.2.3.4");
        assertThat(a.isV4()).isTrue();
        assertThat(a.bitLength()).isEqualTo(32);
        assertThat(a.v4Bits()).isEqualTo(0x01020304);
        assertThat(a.hi()).isZero();
        assertThat(a.lo()).isEqualTo(0x01020304L);
        assertThat(IpAddress.ofV4(-1).lo()).isEqualTo(0xFFFF_FFFFL);
        assertThat(a.toBytes()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void v6HalvesAndBytes() {
        IpAddress a = IpAddress.ofV6(0x2001_0db8_0000_0001L, 0x0000_0000_0000_00ffL);
        assertThat(a).hasToString("2001:db8:0:1::ff");
        assertThat(a.isV4()).isFalse();
        assertThat(a.bitLength()).isEqualTo(128);
        byte[] b = a.toBytes();
        assertThat(b).hasSize(16).startsWith(0x20, 0x01, 0x0d, (byte) 0xb8).endsWith(0, (byte) 0xff);
        assertThat(IpAddress.ofBytes(b)).isEqualTo(a);
        b[0] = 0;
        assertThat(a.toBytes()[0]).as("a fresh copy").isEqualTo((byte) 0x20);
    }

    @Test
    void ofBytesTakesOnly4Or16() {
        assertThat(IpAddress.ofBytes(new byte[] {(byte) 192, 0, 2, 1})).hasToString("192.0.2.1");
        assertThatThrownBy(() -> IpAddress.ofBytes(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 or 16");
    }

    @Test
    void getBitCountsFromTheMostSignificant() {
        IpAddress v4 = ip("128.0.0.1");
        assertThat(v4.getBit(0)).isOne();
        assertThat(v4.getBit(1)).isZero();
        assertThat(v4.getBit(31)).isOne();
        IpAddress v6 = ip("8000::1:0:0:1");
        assertThat(v6.getBit(0)).isOne();
        assertThat(v6.getBit(79)).isOne();
        assertThat(v6.getBit(127)).isOne();
        assertThat(v6.getBit(126)).isZero();
        assertThatThrownBy(() -> v4.getBit(32)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v6.getBit(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    static Stream<Arguments> masks() {
        return Stream.of(
                argumentSet("v4 /24", "192.0.2.77", 24, "192.0.2.0"),
                argumentSet("v4 /0", "192.0.2.77", 0, "0.0.0.0"),
                argumentSet("v4 /32", "192.0.2.77", 32, "192.0.2.77"),
                argumentSet("v4 /1", "255.255.255.255", 1, "128.0.0.0"),
                argumentSet("v4 /31", "255.255.255.255", 31, "255.255.255.254"),
                argumentSet("v6 /64", "2001:db8:1:2:3:4:5:6", 64, "2001:db8:1:2::"),
                argumentSet("v6 /63", "2001:db8:1:3:3:4:5:6", 63, "2001:db8:1:2::"),
                argumentSet("v6 /65", "2001:db8:1:2:ffff:4:5:6", 65, "2001:db8:1:2:8000::"),
                argumentSet("v6 /0", "ffff::1", 0, "::"),
                argumentSet("v6 /128", "ffff::1", 128, "ffff::1"),
                argumentSet("v6 /127", "ffff::1", 127, "ffff::"));
    }

    @ParameterizedTest
    @MethodSource("masks")
    void maskClearsHostBits(String address, int prefix, String network) {
        assertThat(ip(address).mask(prefix)).hasToString(network);
    }

    @Test
    void maskRejectsBadPrefixAndKeepsUnchangedValues() {
        IpAddress a = ip("10.0.0.0");
        assertThat(a.mask(8)).isSameAs(a);
        assertThatThrownBy(() -> a.mask(33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.mask(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ip("::").mask(129)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> embedded() {
        return Stream.of(
                argumentSet("mapped", "::ffff:192.0.2.1", "192.0.2.1"),
                argumentSet("mapped zero", "::ffff:0.0.0.0", "0.0.0.0"),
                argumentSet("compatible", "::192.0.2.1", "192.0.2.1"),
                argumentSet("compatible ::2", "::2", "0.0.0.2"),
                argumentSet("unspecified is not", "::", null),
                argumentSet("loopback is not", "::1", null),
                argumentSet("NAT64 is not", "64:ff9b::192.0.2.1", null),
                argumentSet("6to4 is not", "2002:c000:201::1", null),
                argumentSet("other v6 is not", "::1:ffff:1.2.3.4", null),
                argumentSet("IPv4 itself has none", "192.0.2.1", null));
    }

    @ParameterizedTest
    @MethodSource("embedded")
    void embeddedIpv4OfMappedAndCompatibleOnly(String address, String v4) {
        assertThat(ip(address).embeddedIpv4().map(IpAddress::toString)).isEqualTo(Optional.ofNullable(v4));
    }

    @Test
    void unmapFoldsOnlyMappedAddresses() {
        assertThat(ip("::ffff:192.0.2.1").unmap()).isEqualTo(ip("192.0.2.1"));
        assertThat(ip("::ffff:192.0.2.1").isV4Mapped()).isTrue();
        IpAddress compatible = ip("::192.0.2.1");
        assertThat(compatible.unmap()).isSameAs(compatible);
        IpAddress v4 = ip("192.0.2.1");
        assertThat(v4.unmap()).isSameAs(v4);
        assertThat(v4.isV4Mapped()).isFalse();
    }

    @Test
    void versionIsPartOfEquality() {
        IpAddress v4 = ip("1.2.3.4");
        IpAddress mapped = ip("::ffff:1.2.3.4");
        IpAddress compatible = ip("::1.2.3.4");
        assertThat(v4).isNotEqualTo(mapped).isNotEqualTo(compatible);
        assertThat(mapped).isNotEqualTo(compatible);
        assertThat(v4).isEqualTo(IpAddress.ofV4(0x01020304)).hasSameHashCodeAs(IpAddress.ofV4(0x01020304));
        assertThat(IpAddress.ofV6(0, 0x01020304L)).isEqualTo(compatible);
        assertThat(v4.hashCode()).isNotEqualTo(compatible.hashCode());
    }

    @Test
    void orderIsV4FirstThenUnsignedNumeric() {
        List<IpAddress> sorted = Stream.of(
                        "0.0.0.0",
                        "1.2.3.4",
                        "127.255.255.255",
                        "128.0.0.0",
                        "255.255.255.255",
                        "::",
                        "::1",
                        "::ffff:0.0.0.0",
                        "1::",
                        "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                        "8000::",
                        "ffff::1",
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
                .map(IpAddressTest::ip)
                .toList();
        List<IpAddress> shuffled = new ArrayList<>(sorted);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(sorted);
        assertThat(ip("::1").compareTo(ip("::1"))).isZero();
    }

    @Test
    void toInetAddressKeepsTheVersionAndNeverResolves() {
        InetAddress v4 = ip("192.0.2.1").toInetAddress();
        assertThat(v4).isInstanceOf(Inet4Address.class);
        assertThat(v4.getHostAddress()).isEqualTo("192.0.2.1");
        InetAddress mapped = ip("::ffff:192.0.2.1").toInetAddress();
        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(mapped.getAddress()).hasSize(16);
        InetAddress v6 = ip("2001:db8::1").toInetAddress();
        assertThat(v6).isInstanceOf(Inet6Address.class);
        assertThat(((Inet6Address) v6).getScopeId()).isZero();
        assertThat(v6.getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void appendToWritesTheSameTextInPlace() {
        StringBuilder sb = new StringBuilder("ip=");
        ip("2001:db8::1").appendTo(sb);
        sb.append(',');
        ip("::ffff:10.0.0.1").appendTo(sb);
        sb.append(',');
        ip("10.0.0.1").appendTo(sb);
        assertThat(sb).hasToString("ip=2001:db8::1,::ffff:10.0.0.1,10.0.0.1");
    }
}
