package dev.iptriage.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpTextTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0.0.0.0, 00000000",
        "1.0.0.255, 010000ff",
        "255.255.255.255, ffffffff",
        "::, 00000000000000000000000000000000",
        "::1, 00000000000000000000000000000001",
        "2001:200::, 20010200000000000000000000000000",
        "2001:218:2000:51:ffff:ffff:ffff:ffff, 2001021820000051ffffffffffffffff",
        "2001:DB8::8:800:200C:417A, 20010db80000000000080800200c417a",
        "::ffff:1.2.3.4, 00000000000000000000ffff01020304",
        "1::, 00010000000000000000000000000000",
        "1:2:3:4:5:6:7:8, 00010002000300040005000600070008",
    })
    void parsesLiterals(String text, String hex) {
        assertThat(HexFormat.of().formatHex(IpText.parse(text))).isEqualTo(hex);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "256.0.0.1",
                "01.2.3.4",
                "1.2.3.-4",
                "1.2.3.4 ",
                "example.com",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "12345::",
                "::g",
                "fe80::1%eth0",
                "[::1]",
                "1.2.3.4::",
                "::1.2.3",
                "１.2.3.4",
                "::１"
            })
    void rejectsNonLiterals(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> IpText.parse(text));
    }

    @Test
    void convertsNumbersBackToBytes() {
        byte[] v6 = IpText.parse("2001:db8::1");
        assertThat(IpText.toBytes(IpText.toNumber(v6), 16)).isEqualTo(v6);
        assertThat(IpText.toBytes(BigInteger.ZERO, 4)).containsExactly(0, 0, 0, 0);
        assertThat(IpText.toBytes(BigInteger.valueOf(0xFFFF_FFFFL), 4)).containsExactly(-1, -1, -1, -1);
        assertThatIllegalArgumentException().isThrownBy(() -> IpText.toBytes(BigInteger.ONE.shiftLeft(32), 4));
    }
}
