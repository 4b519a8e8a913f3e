package dev.iptriage.ip;

import java.util.Objects;

/**
 * A network: an address block given by its network address and prefix length, as in {@code
 * 192.0.2.0/24} or {@code 2001:db8::/32}.
 *
 * <p>The canonical constructor masks the address, so {@code new Cidr(1.2.3.4, 24)} is {@code
 * 1.2.3.0/24} and two networks are equal exactly when they cover the same addresses.
 *
 * @param address the network address (host bits cleared)
 * @param prefixLength 0 to {@code address.bitLength()}
 */
public record Cidr(IpAddress address, int prefixLength) {

    /**
     * Masks the address to the network address.
     *
     * @throws IllegalArgumentException when the prefix length is outside 0 to the address's bit length
     */
    public Cidr {
        Objects.requireNonNull(address, "address");
        address = address.mask(prefixLength);
    }

    /**
     * Returns the network of {@code a} with this prefix length; host bits of {@code a} are cleared.
     *
     * @param a any address of the network
     * @param prefix 0 to {@code a.bitLength()}
     * @return the network
     * @throws IllegalArgumentException when the prefix length is out of range
     */
    public static Cidr of(IpAddress a, int prefix) {
        return new Cidr(a, prefix);
    }

    /**
     * Tells whether an address lies in this network, without allocating. An IPv4 address is never in
     * an IPv6 network (and the other way round), also not an IPv4-mapped one; {@link IpAddress#unmap()}
     * first when that is wanted.
     *
     * @param a the address
     * @return whether the first {@link #prefixLength()} bits of {@code a} are those of this network
     */
    public boolean contains(IpAddress a) {
        if (a.isV4() != address.isV4()) {
            return false;
        }
        boolean v4 = a.isV4();
        long mh = IpAddress.maskHi(v4, prefixLength);
        long ml = IpAddress.maskLo(v4, prefixLength);
        return ((a.hi() ^ address.hi()) & mh) == 0 && ((a.lo() ^ address.lo()) & ml) == 0;
    }

    /** {@return the first address of the network, the network address itself} */
    public IpAddress first() {
        return address;
    }

    /** {@return the last address of the network (for IPv4 with a prefix up to /30: the broadcast address)} */
    public IpAddress last() {
        return address.lastInNetwork(prefixLength);
    }

    /** {@return the network in slash notation with a canonical address: {@code 1.2.3.0/24}, {@code 2001:db8::/32}} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(44);
        address.appendTo(sb);
        return sb.append('/').append(prefixLength).toString();
    }
}
