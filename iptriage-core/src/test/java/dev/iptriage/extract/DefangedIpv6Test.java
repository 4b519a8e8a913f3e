package dev.iptriage.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * Random IPv6 addresses in every RFC 4291 text form (full, any zero run as {@code ::}, leading zeros,
 * either case, an embedded IPv4 part, a zone id), in context, with each {@code :} and {@code .}
 * defanged in a random accepted style: extraction gives the address the plain text gives, and that is
 * the address that was written.
 */
class DefangedIpv6Test {
    private static final TextExtractor X = TextExtractor.of(ExtractOptions.DEFAULTS);
    private static final String[] COLON = {"[:]", "(:)", "{:}", "<:>", "\\:", "[[:]]", ":"};
    private static final String[] DOUBLE_COLON = {"[::]", "(::)", "{::}", "<::>", "[[::]]"};
    private static final String[] DOT = {
        "[.]", "(.)", "{.}", "<.>", "[dot]", "(dot)", "{DOT}", "\\.", "[.", ".]", " . ", "[[.]]", "."
    };
    private static final String[] CONTEXT = {
        "%s",
        "C2 at %s today",
        "[%s]:443",
        "(%s)",
        "<%s>",
        "{%s}",
        "%s.",
        "%s, then",
        "ip=%s;",
        "hxxp://[%s]:8080/a",
        "\"%s\""
    };
    private static final String[] ZONE = {"eth0", "en0", "wlan-1", "3"};

    @Test
    void defangedAddressesComeBack() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(20_261_206L);
        for (int n = 0; n < 20_000; n++) {
            String plain = address(random);
            String context = CONTEXT[random.nextInt(CONTEXT.length)];
            String defanged = defang(plain, random);
            String expected = expected(plain);
            List<String> fromPlain = texts(String.format(Locale.ROOT, context, plain));
            List<String> fromDefanged = texts(String.format(Locale.ROOT, context, defanged));
            assertThat(fromPlain).as("%s in %s", plain, context).containsExactly(expected);
            assertThat(fromDefanged)
                    .as("%s (%s) in %s", defanged, plain, context)
                    .containsExactly(expected);
        }
    }

    private static List<String> texts(String text) {
        return X.extract(text).stream().map(Found::text).toList();
    }

    /** The canonical text of what {@code plain} spells: IPv4-mapped as IPv4 (without a zone). */
    private static String expected(String plain) {
        int pct = plain.indexOf('%');
        IpAddress a = IpLiteral.tryParseStrict(pct < 0 ? plain : plain.substring(0, pct));
        assertThat(a).as(plain).isNotNull();
        if (a.isV4Mapped()) {
            return a.unmap().toString();
        }
        return pct < 0 ? a.toString() : a + plain.substring(pct);
    }

    /** A random non-zero IPv6 address in a random valid text form. */
    private static String address(RandomGenerator r) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            int k = r.nextInt(10);
            g[i] = k < 4 ? 0 : k < 6 ? r.nextInt(1, 256) : r.nextInt(1, 65536);
        }
        int shape = r.nextInt(8);
        boolean v4Tail = shape >= 5;
        String zone = null;
        if (shape == 4) {
            g[0] = 0xfe80;
            g[1] = g[2] = g[3] = 0;
            zone = ZONE[r.nextInt(ZONE.length)];
        } else if (shape == 5) { // IPv4-mapped
            g[0] = g[1] = g[2] = g[3] = g[4] = 0;
            g[5] = 0xffff;
        } else if (shape == 6) { // NAT64
            g[0] = 0x64;
            g[1] = 0xff9b;
            g[2] = g[3] = g[4] = g[5] = 0;
        }
        if (v4Tail && g[6] == 0 && g[7] == 0) {
            g[7] = 1;
        }
        int hexGroups = v4Tail ? 6 : 8;
        if (isAllZero(g)) {
            g[7] = 1; // the bare "::" is not an address
        }
        // the "::": none, or any run of zero groups among the hex groups
        int from = -1;
        int to = -1;
        if (r.nextInt(4) > 0) {
            int start = r.nextInt(hexGroups);
            if (g[start] == 0) {
                from = start;
                to = start + 1;
                while (to < hexGroups && g[to] == 0 && r.nextInt(4) > 0) {
                    to++;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hexGroups; i++) {
            if (i == from) {
                sb.append("::");
                i = to - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(group(g[i], r));
        }
        if (v4Tail) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(g[6] >>> 8).append('.').append(g[6] & 0xff).append('.');
            sb.append(g[7] >>> 8).append('.').append(g[7] & 0xff);
        }
        return zone == null ? sb.toString() : sb + "%" + zone;
    }

    private static boolean isAllZero(int[] g) {
        for (int v : g) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** A group in hex, with up to 4 digits (leading zeros at random) in either case. */
    private static String group(int v, RandomGenerator r) {
        String hex = Integer.toHexString(v);
        int width = r.nextInt(hex.length(), 5);
        String s = "0".repeat(width - hex.length()) + hex;
        return r.nextBoolean() ? s : s.toUpperCase(Locale.ROOT);
    }

    /** Each {@code :} and {@code .} in a random accepted defang style (a {@code ::} also as one). */
    private static String defang(String plain, RandomGenerator r) {
        StringBuilder sb = new StringBuilder();
        int pct = plain.indexOf('%');
        int end = pct < 0 ? plain.length() : pct;
        for (int i = 0; i < end; i++) {
            char c = plain.charAt(i);
            if (c == ':' && i + 1 < end && plain.charAt(i + 1) == ':' && r.nextInt(3) == 0) {
                sb.append(DOUBLE_COLON[r.nextInt(DOUBLE_COLON.length)]);
                i++;
            } else if (c == ':') {
                sb.append(COLON[r.nextInt(COLON.length)]);
            } else if (c == '.') {
                sb.append(DOT[r.nextInt(DOT.length)]);
            } else {
                sb.append(c);
            }
        }
        return sb.append(plain, end, plain.length()).toString();
    }
}
