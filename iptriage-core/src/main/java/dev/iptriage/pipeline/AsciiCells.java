package dev.iptriage.pipeline;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import java.nio.charset.StandardCharsets;

/**
 * Writes the per-address cells of a row (address, network, count) as ASCII bytes, the same text as
 * their {@code toString}, without making the string for IPv4 (the usual case). Not thread-safe: one
 * per worker.
 */
final class AsciiCells {
    private final byte[] scratch = new byte[24];

    /** {@code a.toString()}. */
    void address(IpAddress a, Bytes out) {
        if (a.isV4()) {
            out.write(scratch, 0, dottedQuad(a.v4Bits(), 0));
        } else {
            ascii(a.toString(), out);
        }
    }

    /** {@code Cidr.of(a, prefix).toString()}. */
    void network(IpAddress a, int prefix, Bytes out) {
        if (a.isV4() && prefix >= 0 && prefix <= 32) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            int n = dottedQuad(a.v4Bits() & mask, 0);
            scratch[n++] = '/';
            out.write(scratch, 0, digits(prefix, n));
        } else {
            ascii(Cidr.of(a, prefix).toString(), out);
        }
    }

    /** {@code Cidr.toString()} or {@code IpAddress.toString()} of a key. */
    void key(Object key, Bytes out) {
        if (key instanceof IpAddress a) {
            address(a, out);
        } else {
            ascii(key.toString(), out);
        }
    }

    /** {@code Long.toString(n)}. */
    void number(long n, Bytes out) {
        if (n >= 0 && n < Integer.MAX_VALUE) {
            out.write(scratch, 0, digits((int) n, 0));
        } else {
            ascii(Long.toString(n), out);
        }
    }

    private int dottedQuad(int bits, int at) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            at = digits((bits >>> shift) & 0xFF, at);
            if (shift > 0) {
                scratch[at++] = '.';
            }
        }
        return at;
    }

    /** Writes {@code v >= 0} at {@code at}; returns the end. */
    private int digits(int v, int at) {
        int len = 1;
        for (int x = v; x >= 10; x /= 10) {
            len++;
        }
        for (int i = at + len - 1; i >= at; i--) {
            scratch[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + len;
    }

    private static void ascii(String s, Bytes out) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }
}
