package dev.iptriage.ip;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address as an immutable value: 32 or 128 bits and the version, nothing else (no host
 * name, no zone id, no DNS ever).
 *
 * <p>Equality, {@link #hashCode()} and ordering use only the version and the bits, so {@code 1.2.3.4}
 * and {@code ::ffff:1.2.3.4} are different values; {@link #unmap()} folds the latter into the former
 * when an analysis wants them counted together. Every IPv4 address sorts before every IPv6 address;
 * within a version the order is numeric (unsigned).
 *
 * <p>Create values with {@link #ofV4(int)}, {@link #ofV6(long, long)}, {@link #ofBytes(byte[])}, or by
 * parsing text with {@link IpLiteral}.
 */
public final class IpAddress implements Comparable<IpAddress> {
    private static final long MAPPED_PREFIX = 0xFFFFL;

    /** The longest canonical text, in characters (an IPv6 address without {@code ::}). */
    public static final int MAX_TEXT = 39;

    private final long hi;
    private final long lo;
    private final boolean v4;

    private IpAddress(long hi, long lo, boolean v4) {
        this.hi = hi;
        this.lo = lo;
        this.v4 = v4;
    }

    /**
     * Returns the IPv4 address with these 32 bits, most significant octet first.
     *
     * @param bits the address, e.g. {@code 0x01020304} for {@code 1.2.3.4}
     * @return the address
     */
    public static IpAddress ofV4(int bits) {
        return new IpAddress(0, bits & 0xFFFF_FFFFL, true);
    }

    /**
     * Returns the IPv6 address with these 128 bits.
     *
     * @param hi the upper 64 bits (the network half)
     * @param lo the lower 64 bits (the interface half)
     * @return the address
     */
    public static IpAddress ofV6(long hi, long lo) {
        return new IpAddress(hi, lo, false);
    }

    /**
     * Returns the address in network byte order: 4 bytes give an IPv4 address, 16 bytes an IPv6 address
     * (IPv4-mapped stays IPv6). The array is not kept.
     *
     * @param b 4 or 16 bytes
     * @return the address
     * @throws IllegalArgumentException when {@code b} has another length
     */
    public static IpAddress ofBytes(byte[] b) {
        Objects.requireNonNull(b, "b");
        if (b.length == 4) {
            return ofV4((int) readLong(b, 0, 4));
        }
        if (b.length == 16) {
            return ofV6(readLong(b, 0, 8), readLong(b, 8, 8));
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + b.length);
    }

    private static long readLong(byte[] b, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    /** {@return whether this is an IPv4 address} */
    public boolean isV4() {
        return v4;
    }

    /** {@return the 32 bits of an IPv4 address; meaningless (the low 32 bits) for IPv6} */
    public int v4Bits() {
        return (int) lo;
    }

    /** {@return the upper 64 bits of an IPv6 address; 0 for IPv4} */
    public long hi() {
        return hi;
    }

    /** {@return the lower 64 bits of an IPv6 address; the unsigned 32 bits for IPv4} */
    public long lo() {
        return lo;
    }

    /** {@return 32 for IPv4, 128 for IPv6} */
    public int bitLength() {
        return v4 ? 32 : 128;
    }

    /** {@return the address in network byte order, 4 or 16 bytes, in a new array} */
    public byte[] toBytes() {
        byte[] b = new byte[v4 ? 4 : 16];
        if (v4) {
            writeLong(b, 0, 4, lo);
        } else {
            writeLong(b, 0, 8, hi);
            writeLong(b, 8, 8, lo);
        }
        return b;
    }

    private static void writeLong(byte[] b, int from, int count, long v) {
        for (int i = from + count - 1; i >= from; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
    }

    /**
     * Returns one bit, counted from the most significant; for walks down a binary trie.
     *
     * @param i 0 for the first bit, up to {@code bitLength() - 1}
     * @return 0 or 1
     * @throws IndexOutOfBoundsException when {@code i} is outside the address
     */
    public int getBit(int i) {
        Objects.checkIndex(i, bitLength());
        if (v4) {
            return (int) (lo >>> (31 - i)) & 1;
        }
        return (int) (i < 64 ? hi >>> (63 - i) : lo >>> (127 - i)) & 1;
    }

    /**
     * Returns the network address: this address with all bits after the first {@code prefixLength}
     * cleared. Returns {@code this} when nothing changes.
     *
     * @param prefixLength 0 to {@link #bitLength()}
     * @return the network address
     * @throws IllegalArgumentException when the prefix length is out of range
     */
    public IpAddress mask(int prefixLength) {
        checkPrefix(prefixLength);
        long mh = maskHi(v4, prefixLength);
        long ml = maskLo(v4, prefixLength);
        if ((hi & mh) == hi && (lo & ml) == lo) {
            return this;
        }
        return new IpAddress(hi & mh, lo & ml, v4);
    }

    /** The last address of the network of this address and prefix length (all host bits set). */
    IpAddress lastInNetwork(int prefixLength) {
        long hostHi = v4 ? 0 : ~maskHi(v4, prefixLength);
        long hostLo = ~maskLo(v4, prefixLength) & (v4 ? 0xFFFF_FFFFL : -1L);
        return new IpAddress(hi | hostHi, lo | hostLo, v4);
    }

    void checkPrefix(int prefixLength) {
        if (prefixLength < 0 || prefixLength > bitLength()) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " is outside 0.." + bitLength() + " for " + this);
        }
    }

    /** The network mask for {@link #hi} (always 0 for IPv4, whose bits live in {@link #lo}). */
    static long maskHi(boolean v4, int prefixLength) {
        if (v4) {
            return 0;
        }
        return prefixLength >= 64 ? -1L : prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
    }

    /** The network mask for {@link #lo}. */
    static long maskLo(boolean v4, int prefixLength) {
        if (v4) {
            return prefixLength == 0 ? 0 : (-1L << (32 - prefixLength)) & 0xFFFF_FFFFL;
        }
        return prefixLength <= 64 ? 0 : -1L << (128 - prefixLength);
    }

    /** {@return whether this is an IPv4-mapped IPv6 address, {@code ::ffff:0:0/96} (RFC 4291 2.5.5.2)} */
    public boolean isV4Mapped() {
        return !v4 && hi == 0 && (lo >>> 32) == MAPPED_PREFIX;
    }

    /**
     * Returns the IPv4 address carried in the last 32 bits of an IPv6 address of one of the two RFC 4291
     * section 2.5.5 forms:
     *
     * <ul>
     *   <li>IPv4-mapped, {@code ::ffff:a.b.c.d} ({@code ::ffff:0:0/96}), as written by dual-stack
     *       servers for IPv4 clients;
     *   <li>IPv4-compatible (deprecated), {@code ::a.b.c.d} ({@code ::/96}), except {@code ::} and
     *       {@code ::1}, which are the unspecified and loopback addresses.
     * </ul>
     *
     * <p>Other embeddings (NAT64 {@code 64:ff9b::/96}, 6to4, Teredo) are not unwrapped here: their
     * meaning depends on the network.
     *
     * @return the embedded IPv4 address; empty for IPv4 addresses and other IPv6 addresses
     */
    public Optional<IpAddress> embeddedIpv4() {
        if (v4 || hi != 0) {
            return Optional.empty();
        }
        long top = lo >>> 32;
        if (top == MAPPED_PREFIX || (top == 0 && lo > 1)) {
            return Optional.of(ofV4((int) lo));
        }
        return Optional.empty();
    }

    /**
     * Returns the address the online sources (DNS, web services) look up for this one, the same
     * address the databases answer for: the embedded IPv4 address of an IPv4-mapped ({@code
     * ::ffff:a.b.c.d}) or IPv4-compatible ({@code ::a.b.c.d}, not {@code ::} or {@code ::1}) address
     * (see {@link #embeddedIpv4()}), and {@code this} for any other address. So {@code ::9.9.9.9} is
     * asked as {@code 9.9.9.9}, never as a name under {@code ::/96}, which is reserved space. Does
     * not allocate for other addresses.
     *
     * @return the address to look up
     */
    public IpAddress lookupForm() {
        if (v4 || hi != 0) {
            return this;
        }
        long top = lo >>> 32;
        return top == MAPPED_PREFIX || (top == 0 && lo > 1) ? ofV4((int) lo) : this;
    }

    /**
     * Returns the IPv4 address for an IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4} becomes {@code
     * 1.2.3.4}) and {@code this} for any other address; does not allocate for the others.
     *
     * @return the address as a host would see it on the wire
     */
    public IpAddress unmap() {
        return isV4Mapped() ? ofV4((int) lo) : this;
    }

    /**
     * Returns this address as a JDK address, built from the bytes, never by a DNS lookup. IPv6
     * addresses stay {@link Inet6Address} (also IPv4-mapped ones, which {@code InetAddress.getByAddress}
     * would turn into IPv4). The result has no host name: its {@code getHostName()} would do a reverse
     * DNS lookup, so use {@code getHostAddress()} or this class's {@link #toString()}.
     *
     * @return an {@code Inet4Address} or an {@code Inet6Address} without scope
     */
    public InetAddress toInetAddress() {
        try {
            return v4 ? InetAddress.getByAddress(toBytes()) : Inet6Address.getByAddress(null, toBytes(), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("the JDK rejected a " + bitLength() + "-bit address", e);
        }
    }

    /**
     * Returns the canonical text: a dotted quad for IPv4, RFC 5952 for IPv6 (lower case, no leading
     * zeros, the longest run of two or more zero groups as {@code ::}, the first on a tie,
     * IPv4-mapped as {@code ::ffff:1.2.3.4}). {@link IpLiteral#parseStrict(CharSequence)} reads it back.
     */
    @Override
    public String toString() {
        byte[] b = new byte[MAX_TEXT];
        return new String(b, 0, writeAscii(b, 0), StandardCharsets.ISO_8859_1);
    }

    /**
     * Appends the same text as {@link #toString()}, without an intermediate String.
     *
     * @param sb where to append
     */
    public void appendTo(StringBuilder sb) {
        byte[] b = new byte[MAX_TEXT];
        int n = writeAscii(b, 0);
        for (int i = 0; i < n; i++) {
            sb.append((char) b[i]);
        }
    }

    /**
     * Writes the same text as {@link #toString()} as ASCII bytes at {@code at} (room for {@link
     * #MAX_TEXT} bytes needed) and returns where it ends: no String for output that is bytes anyway.
     *
     * @param b where to write
     * @param at the first index to write
     * @return the index after the text
     */
    public int writeAscii(byte[] b, int at) {
        if (v4) {
            return dottedQuad(b, at, (int) lo);
        }
        if (isV4Mapped()) {
            for (int i = 0; i < 7; i++) {
                b[at++] = (byte) "::ffff:".charAt(i);
            }
            return dottedQuad(b, at, (int) lo);
        }
        return v6(b, at);
    }

    /**
     * Writes the dotted quad of the IPv4 address {@code bits} as ASCII at {@code at}, as {@link
     * #writeAscii} would for {@code ofV4(bits)}, and returns where it ends.
     */
    public static int writeV4(int bits, byte[] b, int at) {
        return dottedQuad(b, at, bits);
    }

    private static int dottedQuad(byte[] b, int at, int bits) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            int octet = (bits >>> shift) & 0xFF;
            if (octet >= 100) {
                b[at++] = (byte) ('0' + octet / 100);
            }
            if (octet >= 10) {
                b[at++] = (byte) ('0' + octet / 10 % 10);
            }
            b[at++] = (byte) ('0' + octet % 10);
            if (shift > 0) {
                b[at++] = '.';
            }
        }
        return at;
    }

    private int group(int i) {
        return (int) ((i < 4 ? hi >>> (48 - 16 * i) : lo >>> (112 - 16 * i)) & 0xFFFF);
    }

    private int v6(byte[] b, int at) {
        // RFC 5952 4.2: the longest run of at least two zero groups, the first one on a tie
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (group(i) != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && group(i) == 0) {
                i++;
            }
            if (i - start > bestLen) {
                bestStart = start;
                bestLen = i - start;
            }
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b[at++] = ':';
                b[at++] = ':';
                i += bestLen - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLen) {
                b[at++] = ':';
            }
            at = hex(b, at, group(i));
        }
        return at;
    }

    private static int hex(byte[] b, int at, int g) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int nibble = (g >>> shift) & 0xF;
            if (nibble != 0 || started || shift == 0) {
                b[at++] = (byte) (nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
                started = true;
            }
        }
        return at;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && hi == other.hi && lo == other.lo && v4 == other.v4;
    }

    @Override
    public int hashCode() {
        long h = hi * 0x9E37_79B9_7F4A_7C15L + lo;
        h ^= h >>> 32;
        return (int) h + (v4 ? 1 : 0);
    }

    /** Orders all IPv4 addresses before all IPv6 addresses, then numerically. */
    @Override
    public int compareTo(IpAddress o) {
        if (v4 != o.v4) {
            return v4 ? -1 : 1;
        }
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }
}
