package dev.iptriage.lists;

import dev.iptriage.ip.IpAddress;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A list's entries kept as columns of primitives, each {@link ListEntry} made when it is asked for: how {@link
 * CompiledLists} gives back a stored list. A run reads the store at start-up and looks at few of its entries (those
 * of the answers it meets), and making 100,000 entry objects before the JIT has compiled anything cost more than the
 * rest of reading the store. Every entry is checked when the columns are given (one family, first not after last),
 * so {@link #get} cannot fail later. Immutable; the arrays are the caller's, not copied: do not change them.
 */
final class PackedEntries extends AbstractList<ListEntry> implements RandomAccess {
    private final boolean[] v4;
    private final long[] firstHi;
    private final long[] firstLo;
    private final long[] lastHi;
    private final long[] lastLo;
    private final int[] line;
    /** Each entry's facts, or null for none (most entries). */
    private final Map<String, String>[] facts;

    /**
     * Entries from columns of one length.
     *
     * @param v4 whether entry i is IPv4 (then its {@code lo} values hold the 32 bits and its {@code hi} values are 0)
     * @throws IllegalArgumentException when the columns differ in length, or an entry is not a range of one family
     *     with first not after last
     */
    PackedEntries(
            boolean[] v4,
            long[] firstHi,
            long[] firstLo,
            long[] lastHi,
            long[] lastLo,
            int[] line,
            Map<String, String>[] facts) {
        int n = v4.length;
        if (firstHi.length != n
                || firstLo.length != n
                || lastHi.length != n
                || lastLo.length != n
                || line.length != n
                || facts.length != n) {
            throw new IllegalArgumentException("entry columns of several lengths");
        }
        // no method call per entry: this runs at start-up, interpreted
        boolean ok = true;
        for (int i = 0; i < n; i++) {
            ok &= !v4[i] || (firstHi[i] == 0 && lastHi[i] == 0 && (firstLo[i] >>> 32) == 0 && (lastLo[i] >>> 32) == 0);
            ok &= (firstHi[i] ^ Long.MIN_VALUE) < (lastHi[i] ^ Long.MIN_VALUE)
                    || (firstHi[i] == lastHi[i] && (firstLo[i] ^ Long.MIN_VALUE) <= (lastLo[i] ^ Long.MIN_VALUE));
        }
        if (!ok) {
            throw new IllegalArgumentException("an entry that is not a range of one family");
        }
        this.v4 = v4;
        this.firstHi = firstHi;
        this.firstLo = firstLo;
        this.lastHi = lastHi;
        this.lastLo = lastLo;
        this.line = line;
        this.facts = facts;
    }

    @Override
    public ListEntry get(int i) {
        IpAddress first = v4[i] ? IpAddress.ofV4((int) firstLo[i]) : IpAddress.ofV6(firstHi[i], firstLo[i]);
        IpAddress last = v4[i] ? IpAddress.ofV4((int) lastLo[i]) : IpAddress.ofV6(lastHi[i], lastLo[i]);
        return new ListEntry(first, last, line[i], facts[i] == null ? Map.of() : facts[i]);
    }

    @Override
    public int size() {
        return v4.length;
    }

    /** {@code entries} as they are when already packed or immutable, else an immutable copy. */
    static List<ListEntry> of(List<ListEntry> entries) {
        return entries instanceof PackedEntries ? entries : List.copyOf(entries);
    }
}
