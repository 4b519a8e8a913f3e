package dev.iptriage.engine;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import java.nio.charset.StandardCharsets;

/**
 * Writes the per-address cells of a row (address, network, count) as ASCII bytes into an array,
 * the same text as their {@code toString}, without making a string.
 * Each method writes at {@code at} and returns where it stopped; callers make room for {@link #MAX}
 * bytes per cell.
 */
final class AsciiCells {
    /** The longest cell: an IPv6 network, {@code ffff:...:ffff/128}. */
    static final int MAX = IpAddress.MAX_TEXT + "/128".length();

    private AsciiCells() {}

    /** {@code Cidr.of(a, prefix).toString()}. */
    static int network(IpAddress a, int prefix, byte[] b, int at) {
        if (a.isV4() && prefix >= 0 && prefix <= 32) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            at = IpAddress.writeV4(a.v4Bits() & mask, b, at);
        } else {
            at = Cidr.of(a, prefix).address().writeAscii(b, at);
        }
        b[at++] = '/';
        return digits(prefix, b, at);
    }

    /** {@code toString()} of a key: an {@link IpAddress} or a {@link Cidr}. */
    static int key(Object key, byte[] b, int at) {
        if (key instanceof IpAddress a) {
            return a.writeAscii(b, at);
        }
        Cidr c = (Cidr) key;
        at = c.address().writeAscii(b, at);
        b[at++] = '/';
        return digits(c.prefixLength(), b, at);
    }

    /** {@code Long.toString(n)}. */
    static int number(long n, byte[] b, int at) {
        return n >= 0 && n <= Integer.MAX_VALUE ? digits((int) n, b, at) : ascii(Long.toString(n), b, at);
    }

    /** Writes {@code v >= 0} at {@code at}; returns the end. */
    private static int digits(int v, byte[] b, int at) {
        int len = 1;
        for (int x = v; x >= 10; x /= 10) {
            len++;
        }
        for (int i = at + len - 1; i >= at; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + len;
    }

    private static int ascii(String s, byte[] b, int at) {
        byte[] text = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, at, text.length);
        return at + text.length;
    }
}
