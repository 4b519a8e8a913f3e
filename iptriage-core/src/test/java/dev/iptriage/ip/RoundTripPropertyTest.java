package dev.iptriage.ip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * Seeded random addresses: text round trips, the canonical text matches an independent RFC 5952
 * formatter, and the JDK reads our text (and we read the JDK's) as the same bytes. {@code
 * InetAddress.getByName} is only given literals generated here as valid, so it never resolves a name.
 */
class RoundTripPropertyTest {
    private static final long SEED = 20_261_123L;
    private static final int SAMPLES = 20_000;

    private final RandomGenerator random =
            RandomGeneratorFactory.of("L64X128MixRandom").create(SEED);

    /** The bytes form has a shortcut for plain dotted quads; it must agree with the full scanner. */
    @Test
    void dottedQuadShortcutAgreesWithTheScanner() {
        String alphabet = "0123456789.....25:x ";
        for (int n = 0; n < SAMPLES * 5; n++) {
            StringBuilder sb = new StringBuilder();
            if (n % 2 == 0) { // near misses: 3 to 5 parts of 0 to 4 digits
                int parts = 3 + random.nextInt(3);
                for (int p = 0; p < parts; p++) {
                    sb.append(p > 0 ? "." : "");
                    for (int d = random.nextInt(5); d > 0; d--) {
                        sb.append((char) ('0' + random.nextInt(10)));
                    }
                }
            } else {
                int len = 1 + random.nextInt(17);
                for (int i = 0; i < len; i++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = sb.toString();
            byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(IpLiteral.tryParseStrict(ascii, 0, ascii.length))
                    .as(text)
                    .isEqualTo(IpLiteral.tryParseStrict(text));
        }
        for (String text : new String[] {"0.0.0.0", "255.255.255.255", "1.2.3.04", "256.1.1.1", "1.2.3.4.5"}) {
            byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(IpLiteral.tryParseStrict(ascii, 0, ascii.length))
                    .as(text)
                    .isEqualTo(IpLiteral.tryParseStrict(text));
        }
    }

    /** The bytes form has a shortcut for plain IPv6 literals; it must agree with the full scanner. */
    @Test
    void ipv6ShortcutAgreesWithTheScanner() {
        String alphabet = "0123456789abcdefABCDEF:::::.%[]g ";
        for (int n = 0; n < SAMPLES * 5; n++) {
            String text;
            if (n % 3 == 0) { // canonical text of a random IPv6 address, with a few characters changed
                StringBuilder sb = new StringBuilder(IpAddress.ofV6(
                                random.nextLong() & (random.nextBoolean() ? -1L : 0xFFFF_0000_0000_FFFFL),
                                random.nextLong() & (random.nextBoolean() ? -1L : 0xFFFFL))
                        .toString());
                for (int k = random.nextInt(3); k > 0; k--) {
                    int at = random.nextInt(sb.length() + 1);
                    if (random.nextBoolean() && at < sb.length()) {
                        sb.deleteCharAt(at);
                    } else {
                        sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                text = sb.toString();
            } else if (n % 3 == 1) { // full or compressed forms with leading zeros and upper case
                StringBuilder sb = new StringBuilder();
                int groups = 1 + random.nextInt(8);
                int gap = random.nextInt(groups + 2) - 1;
                for (int k = 0; k < groups; k++) {
                    sb.append(k == gap ? "::" : k > 0 ? ":" : "");
                    String hex = Integer.toHexString(random.nextInt(1 << (4 * (1 + random.nextInt(4)))));
                    sb.append("0".repeat(random.nextInt(2)))
                            .append(random.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT));
                }
                if (gap == groups) {
                    sb.append("::");
                }
                text = sb.toString();
            } else {
                StringBuilder sb = new StringBuilder();
                for (int len = 1 + random.nextInt(41); len > 0; len--) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                text = sb.toString();
            }
            byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(IpLiteral.tryParseStrict(ascii, 0, ascii.length))
                    .as(text)
                    .isEqualTo(IpLiteral.tryParseStrict(text));
        }
        for (String text : new String[] {
            "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6::8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::", "1:::2", "1::2::3", "00001::", "fFfF::", "::ffff:1.2.3.4",
            "fe80::1%eth0", "[::1]", ":", "1:", ":1"
        }) {
            byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(IpLiteral.tryParseStrict(ascii, 0, ascii.length))
                    .as(text)
                    .isEqualTo(IpLiteral.tryParseStrict(text));
        }
    }

    @Test
    void randomAddressesRoundTripThroughText() throws UnknownHostException {
        for (int n = 0; n < SAMPLES; n++) {
            IpAddress a = randomAddress();
            String text = a.toString();
            assertThat(IpLiteral.parseStrict(text).address()).as(text).isEqualTo(a);
            assertThat(IpLiteral.parse(text).address()).as(text).isEqualTo(a);
            byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(IpLiteral.tryParseStrict(ascii, 0, ascii.length))
                    .as(text)
                    .isEqualTo(a);
            assertThat(IpAddress.ofBytes(a.toBytes())).isEqualTo(a);
            StringBuilder sb = new StringBuilder("x");
            a.appendTo(sb);
            assertThat(sb).hasToString("x" + text);
            assertThat(text).as("RFC 5952 text of %s", fullForm(a)).isEqualTo(referenceCanonical(a));
        }
    }

    @Test
    void jdkAgreesOnBytes() throws UnknownHostException {
        for (int n = 0; n < SAMPLES; n++) {
            IpAddress a = randomAddress();
            String text = a.toString();
            // the JDK reads our canonical text (a checked literal: no DNS) as the same bytes
            assertThat(IpLiteral.parseStrict(text).ok()).isTrue();
            InetAddress jdk = InetAddress.getByName(text);
            assertThat(jdk.getAddress()).as(text).isEqualTo(a.unmap().toBytes());
            // we read the JDK's text (IPv6 in full, uncompressed form) as the same address
            String jdkText = a.isV4()
                    ? InetAddress.getByAddress(a.toBytes()).getHostAddress()
                    : Inet6Address.getByAddress(null, a.toBytes(), -1).getHostAddress();
            assertThat(IpLiteral.parseStrict(jdkText).address()).as(jdkText).isEqualTo(a);
            if (a.isV4()) {
                assertThat(jdkText).isEqualTo(text);
            }
            InetAddress ours = a.toInetAddress();
            assertThat(ours).isInstanceOf(a.isV4() ? Inet4Address.class : Inet6Address.class);
            assertThat(ours.getAddress()).isEqualTo(a.toBytes());
        }
    }

    @Test
    void otherSpellingsReadAsTheSameAddress() throws UnknownHostException {
        for (int n = 0; n < SAMPLES; n++) {
            IpAddress a = randomAddress();
            if (a.isV4()) {
                continue;
            }
            String variant = randomSpelling(a);
            assertThat(IpLiteral.parseStrict(variant).address()).as(variant).isEqualTo(a);
            assertThat(IpLiteral.parse(" [" + variant + "]:1 ").address())
                    .as(variant)
                    .isEqualTo(a);
            assertThat(InetAddress.getByName(variant).getAddress())
                    .as(variant)
                    .isEqualTo(a.unmap().toBytes());
        }
    }

    @Test
    void randomNetworksContainTheirEnds() {
        for (int n = 0; n < SAMPLES; n++) {
            IpAddress a = randomAddress();
            int prefix = random.nextInt(a.bitLength() + 1);
            Cidr c = Cidr.of(a, prefix);
            assertThat(c.contains(a)).isTrue();
            assertThat(c.contains(c.first())).isTrue();
            assertThat(c.contains(c.last())).isTrue();
            assertThat(c.first().compareTo(a)).isLessThanOrEqualTo(0);
            assertThat(c.last().compareTo(a)).isGreaterThanOrEqualTo(0);
            assertThat(IpLiteral.parse(c.toString()).network()).isEqualTo(c);
            for (int bit = 0; bit < prefix; bit++) {
                assertThat(c.last().getBit(bit)).isEqualTo(a.getBit(bit));
            }
            for (int bit = prefix; bit < a.bitLength(); bit++) {
                assertThat(c.first().getBit(bit)).isZero();
                assertThat(c.last().getBit(bit)).isOne();
            }
        }
    }

    /** IPv4, IPv4-mapped, and IPv6 with many zero groups and short groups, to exercise '::'. */
    private IpAddress randomAddress() {
        int kind = random.nextInt(10);
        if (kind < 3) {
            return IpAddress.ofV4(random.nextInt());
        }
        if (kind == 3) {
            return IpAddress.ofV6(0, 0xFFFF_0000_0000L | (random.nextInt() & 0xFFFF_FFFFL));
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 8; g++) {
            long group = random.nextInt(5) < 2 ? 0 : random.nextInt(1 << (4 * (1 + random.nextInt(4))));
            hi = (hi << 16) | (lo >>> 48);
            lo = (lo << 16) | group;
        }
        return IpAddress.ofV6(hi, lo);
    }

    private static int group(IpAddress a, int i) {
        return (int) ((i < 4 ? a.hi() >>> (48 - 16 * i) : a.lo() >>> (112 - 16 * i)) & 0xFFFF);
    }

    private static String fullForm(IpAddress a) {
        if (a.isV4()) {
            return a.toString();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(i == 0 ? "" : ":").append(Integer.toHexString(group(a, i)));
        }
        return sb.toString();
    }

    /** RFC 5952 by string search: replace the first of the longest runs of ":0" (two or more) by "::". */
    private static String referenceCanonical(IpAddress a) {
        if (a.isV4()) {
            byte[] b = a.toBytes();
            return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
        }
        if (a.hi() == 0 && (a.lo() >>> 32) == 0xFFFF) {
            return "::ffff:" + referenceCanonical(IpAddress.ofV4((int) a.lo()));
        }
        String framed = ":" + fullForm(a) + ":";
        for (int run = 8; run >= 2; run--) {
            String zeros = ":" + "0:".repeat(run);
            int at = framed.indexOf(zeros);
            if (at >= 0) {
                String out = framed.substring(0, at) + "::" + framed.substring(at + zeros.length());
                return trimFrame(out);
            }
        }
        return trimFrame(framed);
    }

    private static String trimFrame(String s) {
        if (s.startsWith(":") && !s.startsWith("::")) {
            s = s.substring(1);
        }
        if (s.endsWith(":") && !s.endsWith("::")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** A valid non-canonical spelling: full or padded groups, any zero run as '::', upper case, dotted tail. */
    private String randomSpelling(IpAddress a) {
        String[] groups = new String[8];
        for (int i = 0; i < 8; i++) {
            String hex = Integer.toHexString(group(a, i));
            groups[i] = random.nextBoolean() ? "0".repeat(4 - hex.length()) + hex : hex;
        }
        boolean dotted = random.nextInt(3) == 0;
        int groupCount = dotted ? 6 : 8;
        // pick any run of zero groups (length >= 1) to compress, or none
        int start = -1;
        int length = 0;
        int tries = random.nextInt(4);
        for (int i = 0; i < groupCount && tries > 0; i++) {
            if (group(a, i) == 0) {
                int end = i;
                while (end < groupCount && group(a, end) == 0) {
                    end++;
                }
                start = i;
                length = 1 + random.nextInt(end - i);
                i = end;
                tries--;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < groupCount; i++) {
            if (i == start) {
                sb.append("::");
                i += length - 1;
                continue;
            }
            if (i > 0 && i != start + length) {
                sb.append(':');
            }
            sb.append(groups[i]);
        }
        if (dotted) {
            if (start + length != groupCount) {
                sb.append(':');
            }
            IpAddress tail = IpAddress.ofV4((int) a.lo());
            sb.append(tail);
        }
        String text = sb.toString();
        return random.nextBoolean() ? text.toUpperCase(Locale.ROOT) : text;
    }
}
