package dev.iptriage.lists;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a list: the addresses from {@code first} to {@code last}, both included. A single address has {@code
 * first == last}; a CIDR is its network's first and last address; a range {@code a-b} is as written.
 *
 * @param first the first address
 * @param last the last address, of the same family, not before {@code first}
 * @param line the line of the file it was read from, counted from 1
 * @param facts what the list says about the entry, such as {@code sblid} (Spamhaus DROP), {@code malware} and {@code
 *     port} (Feodo Tracker), {@code published} (Tor); empty for most lists
 */
public record ListEntry(IpAddress first, IpAddress last, int line, Map<String, String> facts) {

    /**
     * Checks the range and copies the facts.
     *
     * @throws IllegalArgumentException when the ends are of two families or {@code last} is before {@code first}
     */
    public ListEntry {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.isV4() != last.isV4()) {
            throw new IllegalArgumentException("a range of one family, not " + first + "-" + last);
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("first <= last, not " + first + "-" + last);
        }
        facts = facts.isEmpty() ? Map.of() : Map.copyOf(facts);
    }

    /** {@return whether the entry is one address} */
    public boolean isSingle() {
        return first.equals(last);
    }

    /**
     * The prefix length when the entry is exactly one CIDR block (a single address is a {@code /32} or {@code /128}).
     *
     * @return the prefix length, or -1 when the entry is a range that is not one block
     */
    public int prefixLength() {
        int hostBits = Long.bitCount(first.hi() ^ last.hi()) + Long.bitCount(first.lo() ^ last.lo());
        int p = first.bitLength() - hostBits;
        Cidr c = new Cidr(first, p);
        return c.first().equals(first) && c.last().equals(last) ? p : -1;
    }

    /**
     * The entry as text: the address of a single address, the CIDR of a block, else {@code first-last}.
     *
     * @return {@code 192.0.2.1}, {@code 192.0.2.0/24} or {@code 192.0.2.1-192.0.2.9}
     */
    public String text() {
        if (isSingle()) {
            return first.toString();
        }
        int p = prefixLength();
        return p >= 0 ? new Cidr(first, p).toString() : first + "-" + last;
    }
}
