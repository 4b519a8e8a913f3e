package dev.iptriage.lists;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Many lists compiled for matching: {@link #match(IpAddress)} names every list that covers an address, each with its
 * most specific covering entry, in one binary search whatever the number of lists and entries.
 *
 * <p><b>Design.</b> The entries of all lists cut each address family into a sorted partition of non-overlapping
 * intervals: every entry's first address and the address after its last one is a boundary, and between two
 * boundaries the set of covering entries does not change. Each interval carries the answer already made: an
 * immutable list of {@link Hit}s, one per covering list, sorted by list name. A match is one binary search in a
 * primitive array (IPv4 starts as {@code int}s, IPv6 starts as two {@code long}s), then a lookup of the interval's
 * answer; it allocates nothing. Building is one sort of the boundaries and one sweep over them that keeps, per list, a
 * heap of the entries that cover the current interval ordered narrowest first (expired entries leave lazily), so
 * {@code n} entries in {@code L} lists build in {@code O(n log n + intervals * active lists)}. Memory is bounded: at
 * most {@code 2n} intervals (adjacent intervals with the same answer are merged), each answer holds at most one hit
 * per list, equal answers are stored once, and each entry's {@link Hit} is made once; so {@code O(n * L)} in the worst
 * case and close to {@code O(n)} for real lists. This was chosen over compiling into one in-memory MMDB: the partition
 * needs no splitting of ranges into prefixes (an IPv6 range {@code a-b} can take 254), no tree of 32 or 128 levels, and
 * a search costs the same for IPv4 and IPv6, about {@code log2(intervals)} comparisons of primitives. In the unit test,
 * on a 2-core machine shared with other builds, a list of 100,000 random IPv4 CIDRs built in 0.15 to 0.2 s (about
 * 200,000 intervals).
 *
 * <p><b>Semantics.</b>
 *
 * <ul>
 *   <li>A list covers an address when one of its entries has the address between its first and last, both included.
 *   <li>The entry reported for attribution ({@link Hit#entry()}, e.g. DROP's SBL id in its facts) is the narrowest
 *       covering entry of that list (fewest addresses); among equally narrow ones (duplicates) the first in the file.
 *   <li>Hits are sorted by list name; two lists of the same name both give a hit, in the order given to {@link
 *       #of(List)}.
 *   <li>IPv4-mapped addresses ({@code ::ffff:1.2.3.4}) are matched as the IPv4 address they carry ({@link
 *       IpAddress#unmap()}), and an IPv6 entry's part inside {@code ::ffff:0:0/96} (e.g. {@code ::ffff:1.2.3.0/120})
 *       covers the IPv4 addresses it maps; its {@link Hit#entry()} is still the entry as written, and its width for
 *       "narrowest" is that of the whole entry. Other embeddings (IPv4-compatible {@code ::a.b.c.d}, NAT64, 6to4) are
 *       IPv6 addresses here.
 *   <li>Private and reserved addresses are matched like any other (watchlists of internal ranges are common); {@link
 *       #isBogon(IpAddress)} says whether a hit is on an address that no public list should list.
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ListIndex {

    /**
     * One list covering an address.
     *
     * @param list the list's name ({@link IpList#name()})
     * @param entry the list's narrowest entry covering the address, with its line and facts (such as {@code sblid})
     */
    public record Hit(String list, ListEntry entry) {
        /** Checks. */
        public Hit {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(entry, "entry");
        }

        /** {@return the entry's first address} */
        public IpAddress first() {
            return entry.first();
        }

        /** {@return the entry's last address} */
        public IpAddress last() {
            return entry.last();
        }

        /** {@return what the list says about the entry, e.g. {@code sblid}; often empty} */
        public Map<String, String> facts() {
            return entry.facts();
        }
    }

    private static final long MAPPED_HI = 0;
    private static final long MAPPED_LO_FIRST = 0xFFFF_0000_0000L;
    private static final long MAPPED_LO_LAST = 0xFFFF_FFFF_FFFFL;

    private final List<IpList> lists;
    private final int entryCount;
    /** IPv4 interval starts, unsigned, ascending; interval i ends before v4Start[i + 1]. */
    private final int[] v4Start;

    private final int[] v4Answer;
    private final long[] v6StartHi;
    private final long[] v6StartLo;
    private final int[] v6Answer;
    /** Answer 0 is the empty list. */
    private final List<List<Hit>> answers;

    private ListIndex(List<IpList> lists, int entryCount, Partition v4, Partition v6, List<List<Hit>> answers) {
        this.lists = lists;
        this.entryCount = entryCount;
        this.v4Start = new int[v4.size];
        for (int i = 0; i < v4.size; i++) {
            v4Start[i] = (int) v4.lo[i];
        }
        this.v4Answer = Arrays.copyOf(v4.answer, v4.size);
        this.v6StartHi = Arrays.copyOf(v6.hi, v6.size);
        this.v6StartLo = Arrays.copyOf(v6.lo, v6.size);
        this.v6Answer = Arrays.copyOf(v6.answer, v6.size);
        this.answers = answers;
    }

    /**
     * Compiles lists for matching.
     *
     * @param lists the lists, in any order; their entries may overlap within a list and across lists
     * @return the index
     */
    public static ListIndex of(List<IpList> lists) {
        List<IpList> sorted = new ArrayList<>(lists);
        sorted.sort(Comparator.comparing(IpList::name)); // stable: same names keep the given order
        int n = 0;
        for (IpList l : sorted) {
            n += l.entries().size();
        }
        Builder b = new Builder(sorted, n);
        Partition v4 = b.partition(true);
        Partition v6 = b.partition(false);
        return new ListIndex(List.copyOf(sorted), n, v4, v6, List.copyOf(b.answers));
    }

    /**
     * Returns every list that covers the address, one {@link Hit} each, sorted by list name. Allocates nothing.
     *
     * @param address the address; IPv4-mapped IPv6 addresses are matched as IPv4
     * @return the hits, an immutable list, empty when no list covers the address
     */
    public List<Hit> match(IpAddress address) {
        return answers.get(answerId(address));
    }

    /**
     * The number of the answer {@link #match} gives for an address: equal answers have one number, 0 is the empty
     * answer, and numbers run up to {@link #answerCount()}, so a caller can keep what it makes of each answer (the
     * rendered tags) in an array. Allocates nothing.
     *
     * @param address the address; IPv4-mapped IPv6 addresses are matched as IPv4
     * @return the answer's number
     */
    public int answerId(IpAddress address) {
        IpAddress a = address.unmap();
        int i;
        int[] answer;
        if (a.isV4()) {
            i = searchV4(a.v4Bits());
            answer = v4Answer;
        } else {
            i = searchV6(a.hi(), a.lo());
            answer = v6Answer;
        }
        return i < 0 ? 0 : answer[i];
    }

    /** {@return the answer numbered {@code id} by {@link #answerId}} */
    public List<Hit> answer(int id) {
        return answers.get(id);
    }

    /** {@return how many distinct answers there are, the empty one included} */
    public int answerCount() {
        return answers.size();
    }

    /** The last interval whose start is not after {@code x}, or -1. */
    private int searchV4(int x) {
        int lo = 0;
        int hi = v4Start.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.compareUnsigned(v4Start[mid], x) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private int searchV6(long xHi, long xLo) {
        int lo = 0;
        int hi = v6StartHi.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(v6StartHi[mid], v6StartLo[mid], xHi, xLo) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * Whether an address is private or reserved ({@link IpClass#isGlobal()} false for it or, when IPv4-mapped, for
     * the IPv4 address it carries): a hit on such an address in a public blocklist (FireHOL level1 lists {@code
     * 10.0.0.0/8}) says nothing about a host on the internet and should be shown as a bogon match.
     *
     * @param address the address
     * @return true for private and reserved addresses
     */
    public static boolean isBogon(IpAddress address) {
        return !IpClass.of(address).isGlobal();
    }

    /** {@return the lists, sorted by name} */
    public List<IpList> lists() {
        return lists;
    }

    /** {@return the number of entries of all lists} */
    public int entryCount() {
        return entryCount;
    }

    /** {@return the number of intervals of the partition (IPv4 and IPv6), a measure of the index's memory} */
    public int intervalCount() {
        return v4Start.length + v6StartHi.length;
    }

    /**
     * A content key for a compiled index of these lists: SHA-256, in hex, over the lists in name order, each its name,
     * date and entries (first, last, line, facts sorted by key). Two calls with lists of the same content give the same
     * key whatever order the lists come in, so a cache of compiled indexes can be keyed by it.
     *
     * @param lists the lists
     * @return 64 hex digits
     */
    public static String key(List<IpList> lists) {
        List<IpList> sorted = new ArrayList<>(lists);
        sorted.sort(Comparator.comparing(IpList::name));
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        StringBuilder sb = new StringBuilder();
        for (IpList l : sorted) {
            sb.setLength(0);
            field(sb, "list").append(l.name().length()).append(':').append(l.name());
            String date = l.date() == null ? "" : l.date();
            sb.append(date.length())
                    .append(':')
                    .append(date)
                    .append(l.entries().size())
                    .append('\n');
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            for (ListEntry e : l.entries()) {
                sb.setLength(0);
                sb.append(e.first()).append('-').append(e.last()).append(' ').append(e.line());
                for (Map.Entry<String, String> f : new TreeMap<>(e.facts()).entrySet()) {
                    sb.append(' ').append(f.getKey().length()).append(':').append(f.getKey());
                    sb.append(f.getValue().length()).append(':').append(f.getValue());
                }
                sb.append('\n');
                md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static StringBuilder field(StringBuilder sb, String name) {
        return sb.append(name).append(' ');
    }

    static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /** One family's partition: interval starts and answer ids, {@code size} of them used. */
    private static final class Partition {
        long[] hi;
        long[] lo;
        int[] answer;
        int size;

        Partition(int capacity) {
            hi = new long[capacity];
            lo = new long[capacity];
            answer = new int[capacity];
        }

        void add(long h, long l, int a) {
            hi[size] = h;
            lo[size] = l;
            answer[size] = a;
            size++;
        }
    }

    /** The sweep that builds the partitions. Entries are numbered globally, list by list in name order. */
    private static final class Builder {
        final List<IpList> lists;
        final int[] listOf;
        final ListEntry[] entries;
        final long[] sizeHi;
        final long[] sizeLo;
        final List<List<Hit>> answers = new ArrayList<>();
        final Map<AnswerKey, Integer> answerIds = new java.util.HashMap<>();
        final Hit[] hits;

        Builder(List<IpList> lists, int n) {
            this.lists = lists;
            listOf = new int[n];
            entries = new ListEntry[n];
            sizeHi = new long[n];
            sizeLo = new long[n];
            hits = new Hit[n];
            int g = 0;
            for (int l = 0; l < lists.size(); l++) {
                for (ListEntry e : lists.get(l).entries()) {
                    listOf[g] = l;
                    entries[g] = e;
                    long lo = e.last().lo() - e.first().lo();
                    long borrow = Long.compareUnsigned(e.last().lo(), e.first().lo()) < 0 ? 1 : 0;
                    sizeLo[g] = lo;
                    sizeHi[g] = e.last().hi() - e.first().hi() - borrow;
                    g++;
                }
            }
            answers.add(List.of());
            answerIds.put(new AnswerKey(new int[0]), 0);
        }

        /**
         * Builds one family's partition. The pieces swept are the entries of that family and, for IPv4, the parts of
         * IPv6 entries inside {@code ::ffff:0:0/96}, as IPv4 ranges.
         */
        Partition partition(boolean v4) {
            // pieces: global entry id, first and end (exclusive; endMax = runs to the family's last address)
            int n = entries.length;
            int[] id = new int[n];
            long[] fHi = new long[n];
            long[] fLo = new long[n];
            long[] eHi = new long[n];
            long[] eLo = new long[n];
            boolean[] endMax = new boolean[n];
            int pieces = 0;
            for (int g = 0; g < n; g++) {
                ListEntry e = entries[g];
                IpAddress f = e.first();
                IpAddress l = e.last();
                long firstHi;
                long firstLo;
                long lastHi;
                long lastLo;
                if (e.first().isV4() == v4) {
                    firstHi = f.hi();
                    firstLo = f.lo();
                    lastHi = l.hi();
                    lastLo = l.lo();
                } else if (v4) {
                    // the part of an IPv6 entry inside ::ffff:0:0/96, as IPv4
                    if (compare(f.hi(), f.lo(), MAPPED_HI, MAPPED_LO_LAST) > 0
                            || compare(l.hi(), l.lo(), MAPPED_HI, MAPPED_LO_FIRST) < 0) {
                        continue;
                    }
                    firstHi = 0;
                    firstLo = compare(f.hi(), f.lo(), MAPPED_HI, MAPPED_LO_FIRST) < 0 ? 0 : f.lo() & 0xFFFF_FFFFL;
                    lastHi = 0;
                    lastLo = compare(l.hi(), l.lo(), MAPPED_HI, MAPPED_LO_LAST) > 0
                            ? 0xFFFF_FFFFL
                            : l.lo() & 0xFFFF_FFFFL;
                } else {
                    continue;
                }
                id[pieces] = g;
                fHi[pieces] = firstHi;
                fLo[pieces] = firstLo;
                boolean max = v4 ? lastLo == 0xFFFF_FFFFL : lastHi == -1L && lastLo == -1L;
                endMax[pieces] = max;
                if (!max) {
                    eLo[pieces] = lastLo + 1;
                    eHi[pieces] = lastHi + (lastLo == -1L ? 1 : 0);
                }
                pieces++;
            }
            // the boundaries, sorted and distinct
            long[] bHi = new long[2 * pieces];
            long[] bLo = new long[2 * pieces];
            int nb = 0;
            for (int p = 0; p < pieces; p++) {
                bHi[nb] = fHi[p];
                bLo[nb++] = fLo[p];
                if (!endMax[p]) {
                    bHi[nb] = eHi[p];
                    bLo[nb++] = eLo[p];
                }
            }
            nb = sortDistinct(bHi, bLo, nb, v4);
            // which pieces start and end at each boundary (counting sort by boundary index)
            int[] startAt = new int[pieces];
            int[] endAt = new int[pieces];
            int[] startCount = new int[nb + 1];
            for (int p = 0; p < pieces; p++) {
                startAt[p] = find(bHi, bLo, nb, fHi[p], fLo[p]);
                endAt[p] = endMax[p] ? nb : find(bHi, bLo, nb, eHi[p], eLo[p]);
                startCount[startAt[p] + 1]++;
            }
            for (int i = 0; i < nb; i++) {
                startCount[i + 1] += startCount[i];
            }
            int[] byStart = new int[pieces];
            int[] fill = Arrays.copyOf(startCount, nb);
            for (int p = 0; p < pieces; p++) {
                byStart[fill[startAt[p]]++] = p;
            }
            // the sweep: per list a heap of covering pieces, narrowest entry first, then first in the file
            Comparator<Integer> narrowest = (x, y) -> {
                int gx = id[x];
                int gy = id[y];
                int c = compare(sizeHi[gx], sizeLo[gx], sizeHi[gy], sizeLo[gy]);
                return c != 0 ? c : Integer.compare(gx, gy);
            };
            List<PriorityQueue<Integer>> heaps = new ArrayList<>(lists.size());
            for (int l = 0; l < lists.size(); l++) {
                heaps.add(null);
            }
            BitSet active = new BitSet(lists.size());
            Partition out = new Partition(nb);
            int previous = -1;
            int[] current = new int[lists.size()];
            for (int i = 0; i < nb; i++) {
                for (int k = startCount[i]; k < startCount[i + 1]; k++) {
                    int p = byStart[k];
                    int l = listOf[id[p]];
                    if (heaps.get(l) == null) {
                        heaps.set(l, new PriorityQueue<>(narrowest));
                    }
                    heaps.get(l).add(p);
                    active.set(l);
                }
                int count = 0;
                for (int l = active.nextSetBit(0); l >= 0; l = active.nextSetBit(l + 1)) {
                    PriorityQueue<Integer> h = heaps.get(l);
                    while (!h.isEmpty() && endAt[h.peek()] <= i) {
                        h.poll();
                    }
                    if (h.isEmpty()) {
                        active.clear(l);
                    } else {
                        current[count++] = id[h.peek()];
                    }
                }
                int answer = answerId(Arrays.copyOf(current, count));
                if (answer != previous) {
                    out.add(bHi[i], bLo[i], answer);
                    previous = answer;
                }
            }
            return out;
        }

        private int answerId(int[] ids) {
            AnswerKey key = new AnswerKey(ids);
            Integer known = answerIds.get(key);
            if (known != null) {
                return known;
            }
            Hit[] h = new Hit[ids.length];
            for (int k = 0; k < ids.length; k++) {
                int g = ids[k];
                if (hits[g] == null) {
                    hits[g] = new Hit(lists.get(listOf[g]).name(), entries[g]);
                }
                h[k] = hits[g];
            }
            int a = answers.size();
            answers.add(List.of(h));
            answerIds.put(key, a);
            return a;
        }

        /** Sorts the first {@code n} (hi, lo) pairs and drops repeats; returns how many are left. */
        private static int sortDistinct(long[] hi, long[] lo, int n, boolean v4) {
            if (v4) {
                long[] keys = Arrays.copyOf(lo, n); // IPv4 boundaries fit in 33 bits
                Arrays.sort(keys);
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (m == 0 || keys[i] != lo[m - 1]) {
                        hi[m] = 0;
                        lo[m++] = keys[i];
                    }
                }
                return m;
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> compare(hi[x], lo[x], hi[y], lo[y]));
            long[] h2 = new long[n];
            long[] l2 = new long[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                int o = order[i];
                if (m == 0 || h2[m - 1] != hi[o] || l2[m - 1] != lo[o]) {
                    h2[m] = hi[o];
                    l2[m++] = lo[o];
                }
            }
            System.arraycopy(h2, 0, hi, 0, m);
            System.arraycopy(l2, 0, lo, 0, m);
            return m;
        }

        private static int find(long[] hi, long[] lo, int n, long xHi, long xLo) {
            int a = 0;
            int b = n - 1;
            while (a <= b) {
                int mid = (a + b) >>> 1;
                int c = compare(hi[mid], lo[mid], xHi, xLo);
                if (c < 0) {
                    a = mid + 1;
                } else if (c > 0) {
                    b = mid - 1;
                } else {
                    return mid;
                }
            }
            throw new AssertionError("a boundary that was not collected");
        }
    }

    /** An answer's entry ids, as a map key. */
    private record AnswerKey(int[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof AnswerKey k && Arrays.equals(ids, k.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }

        @Override
        public String toString() {
            return Arrays.toString(ids);
        }
    }
}
