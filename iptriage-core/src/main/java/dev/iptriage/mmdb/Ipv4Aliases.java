package dev.iptriage.mmdb;

import java.util.Arrays;

/**
 * The IPv6 networks that alias the IPv4 subtree at {@code ::/96}, as in MaxMind's databases: the
 * IPv4-mapped {@code ::ffff:0:0/96} and the 6to4 {@code 2002::/16}. Teredo ({@code 2001::/32}) is
 * left out on purpose: the IPv4 address right after its prefix is the Teredo server's, not the
 * client's, so a lookup through such an alias would answer for the wrong host.
 */
final class Ipv4Aliases {
    private static final byte[] IPV4_ROOT = new byte[16];
    private static final byte[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0};
    private static final int MAPPED_PREFIX = 96;
    private static final byte[] SIX_TO_FOUR = {0x20, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final int SIX_TO_FOUR_PREFIX = 16;

    private Ipv4Aliases() {}

    /**
     * Refuses a network inside an alias (its data would be hidden by the alias).
     *
     * @param key a 16-byte address
     * @throws IllegalArgumentException if {@code key/prefix} lies inside an alias network
     */
    static void check(byte[] key, int prefix) {
        if (inside(key, prefix)) {
            throw refusal("network");
        }
    }

    /** Whether {@code key/prefix} (16 bytes) lies inside an alias network. */
    static boolean inside(byte[] key, int prefix) {
        return within(key, prefix, MAPPED, MAPPED_PREFIX) || within(key, prefix, SIX_TO_FOUR, SIX_TO_FOUR_PREFIX);
    }

    /**
     * Refuses an IPv6 range that covers part of an alias network. A range covering a whole alias
     * network is fine: as with a broader network, the alias stays and the range fills the rest.
     *
     * @throws IllegalArgumentException if the range overlaps an alias network partly
     */
    static void checkRange(byte[] first, byte[] last) {
        if (overlapsPartly(first, last, MAPPED, MAPPED_PREFIX)
                || overlapsPartly(first, last, SIX_TO_FOUR, SIX_TO_FOUR_PREFIX)) {
            throw refusal("range");
        }
    }

    private static boolean overlapsPartly(byte[] first, byte[] last, byte[] network, int prefix) {
        byte[] end = network.clone();
        for (int i = prefix; i < 128; i++) {
            end[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        boolean intersects = Arrays.compareUnsigned(first, end) <= 0 && Arrays.compareUnsigned(last, network) >= 0;
        boolean covers = Arrays.compareUnsigned(first, network) <= 0 && Arrays.compareUnsigned(last, end) >= 0;
        return intersects && !covers;
    }

    private static IllegalArgumentException refusal(String what) {
        return new IllegalArgumentException(what + " reaches into ::ffff:0:0/96 or 2002::/16, which alias the"
                + " IPv4 space; insert the IPv4 network instead, or build with aliasIpv4InIpv6(false)");
    }

    /**
     * Points the alias networks of {@code tree} (128 bits) at the {@code ::/96} subtree, in place.
     * The tree must only be read until {@link #remove} gets the returned array.
     */
    static int[] apply(SearchTree tree) {
        int ipv4Root = tree.find(IPV4_ROOT, 96);
        return new int[] {
            tree.alias(MAPPED, MAPPED_PREFIX, ipv4Root), tree.alias(SIX_TO_FOUR, SIX_TO_FOUR_PREFIX, ipv4Root)
        };
    }

    /** Takes the aliases out again, restoring the tree to what it was before {@link #apply}. */
    static void remove(SearchTree tree, int[] previous) {
        tree.unalias(SIX_TO_FOUR, SIX_TO_FOUR_PREFIX, previous[1]);
        tree.unalias(MAPPED, MAPPED_PREFIX, previous[0]);
    }

    private static boolean within(byte[] key, int prefix, byte[] network, int length) {
        if (prefix < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (SearchTree.bit(key, i) != SearchTree.bit(network, i)) {
                return false;
            }
        }
        return true;
    }
}
