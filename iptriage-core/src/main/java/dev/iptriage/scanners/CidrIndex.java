package dev.iptriage.scanners;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The networks of all actors, sorted, for the most specific network holding an address in {@code O(log n + depth)}.
 *
 * <p>Two networks are either disjoint or one holds the other. Sorted by first address, then larger network first,
 * each network's parent is the nearest earlier network that holds it. The networks holding an address are then the
 * last network starting at or before it and that network's ancestors: the first of that chain holding the address is
 * the most specific one. A network given by two actors keeps the actor that sorts first (by the order the index was
 * given its actors).
 */
final class CidrIndex {
    private final IpAddress[] first;
    private final IpAddress[] last;
    private final int[] parent;
    private final int[] owner;

    private record Entry(Cidr cidr, int owner) {}

    /**
     * Builds the index.
     *
     * @param networks for each owner (by index), its networks
     */
    CidrIndex(List<List<Cidr>> networks) {
        List<Entry> entries = new ArrayList<>();
        for (int o = 0; o < networks.size(); o++) {
            for (Cidr c : networks.get(o)) {
                entries.add(new Entry(c, o));
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> e.cidr().first())
                .thenComparingInt(e -> e.cidr().prefixLength())
                .thenComparingInt(Entry::owner));
        List<Entry> unique = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (unique.isEmpty() || !unique.get(unique.size() - 1).cidr().equals(e.cidr())) {
                unique.add(e);
            }
        }
        int n = unique.size();
        first = new IpAddress[n];
        last = new IpAddress[n];
        parent = new int[n];
        owner = new int[n];
        int[] stack = new int[n];
        int depth = 0;
        for (int i = 0; i < n; i++) {
            Cidr c = unique.get(i).cidr();
            first[i] = c.first();
            last[i] = c.last();
            owner[i] = unique.get(i).owner();
            while (depth > 0 && !holds(stack[depth - 1], c)) {
                depth--;
            }
            parent[i] = depth > 0 ? stack[depth - 1] : -1;
            stack[depth++] = i;
        }
    }

    private boolean holds(int i, Cidr c) {
        return first[i].isV4() == c.first().isV4()
                && first[i].compareTo(c.first()) <= 0
                && last[i].compareTo(c.last()) >= 0;
    }

    /** {@return how many distinct networks the index holds} */
    int size() {
        return first.length;
    }

    /**
     * Finds the owner of the most specific network holding an address.
     *
     * @param a the address
     * @return the owner's index, or -1 when no network holds it
     */
    int lookup(IpAddress a) {
        int i = Arrays.binarySearch(first, a);
        if (i < 0) {
            i = -i - 2; // the last network starting before a
        } else {
            // several networks start at a: the last of them is the most specific
            while (i + 1 < first.length && first[i + 1].equals(a)) {
                i++;
            }
        }
        while (i >= 0) {
            if (first[i].isV4() == a.isV4() && last[i].compareTo(a) >= 0) {
                return owner[i];
            }
            i = parent[i];
        }
        return -1;
    }
}
