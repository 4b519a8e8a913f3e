package dev.iptriage.tools;

import java.math.BigInteger;

/**
 * An inclusive range of addresses of one family, as unsigned numbers.
 *
 * @param first the first address
 * @param last the last address, not below {@code first}
 */
record Span(BigInteger first, BigInteger last) {
    Span {
        if (first.signum() < 0 || first.compareTo(last) > 0) {
            throw new IllegalArgumentException("bad range " + first + ".." + last);
        }
    }

    /** Returns the span covered by a CIDR block such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
    static Span ofCidr(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] address = IpText.parse(cidr.substring(0, slash));
        int bits = address.length * 8;
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger first = IpText.toNumber(address);
        if (first.and(hostMask).signum() != 0) {
            throw new IllegalArgumentException("host bits set in " + cidr);
        }
        return new Span(first, first.or(hostMask));
    }

    boolean overlaps(Span other) {
        return first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }
}
