package dev.iptriage.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.ip.IpAddress;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ReverseMap;

/** Reverse names against dnsjava's {@link ReverseMap} as the oracle. */
class ReverseNamesTest {
    @Test
    void ptrNamesAgreeWithDnsjavaForRandomAddresses() throws Exception {
        Random r = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[i % 2 == 0 ? 4 : 16];
            r.nextBytes(b);
            IpAddress a = IpAddress.ofBytes(b);
            if (a.isV4Mapped()) {
                continue; // mapped addresses take the IPv4 form, below
            }
            String oracle = ReverseMap.fromAddress(InetAddress.getByAddress(b)).toString();
            assertThat(ReverseNames.ptr(a)).as(a.toString()).isEqualTo(oracle);
        }
    }

    @Test
    void mappedAddressesTakeTheIpv4Form() {
        IpAddress mapped = IpAddress.ofV6(0, 0xffff_c000_0201L); // ::ffff:192.0.2.1
        assertThat(ReverseNames.ptr(mapped)).isEqualTo("1.2.0.192.in-addr.arpa.");
    }
}
