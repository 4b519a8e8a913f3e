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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
 * per list, equal answers are stored once, and each entry's {@link Hit} is made once (per answer, for an index restored from a
 * store, which makes an answer's hits when first asked); so {@code O(n * L)} in the worst
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

    /**
     * Per IPv4 /16 ({@code x >>> 16}), the last interval starting at or before its first address, or -1: a search
     * for {@code x} looks only between {@code v4Top[x >>> 16]} and {@code v4Top[(x >>> 16) + 1]}, a few intervals
     * in a small stretch of memory, instead of halving the whole array (a memory stall at most of its 18 steps for a
     * list of 100,000 entries).
     */
    private final int[] v4Top;

    private final int[] v4Answer;
    private final long[] v6StartHi;
    private final long[] v6StartLo;
    private final int[] v6Answer;
    /**
     * Answer 0 is the empty list. An index made by {@link #of} has every answer made; one {@link #restore}d from a
     * store makes each answer's hits the first time it is asked for (a store is read at start-up, and a run asks for
     * few of its answers): a thread sees a whole answer or none, and two threads making one make equal ones.
     */
    private final AtomicReferenceArray<List<Hit>> answers;

    /** Per list (in {@link #byName} order), the global id of its first entry; then the number of entries. */
    private final int[] listStart;

    /**
     * Each answer's entries, as global entry ids (list by list in name order, then file order): answer {@code a}'s are
     * {@code answerIds[answerStart[a]]} to before {@code answerIds[answerStart[a + 1]]}. Flat, so a store reads them
     * in two bulk copies.
     */
    private final int[] answerStart;

    private final int[] answerIds;

    private ListIndex(
            List<IpList> lists,
            int entryCount,
            int[] v4Start,
            int[] v4Answer,
            long[] v6StartHi,
            long[] v6StartLo,
            int[] v6Answer,
            List<List<Hit>> answers,
            int[] answerStart,
            int[] answerIds) {
        this.lists = lists;
        this.entryCount = entryCount;
        this.v4Start = v4Start;
        this.v4Top = new int[1 << 16];
        // one sweep (not a search per /16: this runs at start-up, before the JIT has compiled anything)
        int last = -1;
        for (int k = 0; k < v4Top.length; k++) {
            long first = (long) k << 16;
            while (last + 1 < v4Start.length && (v4Start[last + 1] & 0xFFFF_FFFFL) <= first) {
                last++;
            }
            v4Top[k] = last;
        }
        this.v4Answer = v4Answer;
        this.v6StartHi = v6StartHi;
        this.v6StartLo = v6StartLo;
        this.v6Answer = v6Answer;
        this.answers = new AtomicReferenceArray<>(answerStart.length - 1);
        for (int a = 0; answers != null && a < answers.size(); a++) {
            this.answers.set(a, answers.get(a));
        }
        this.answerStart = answerStart;
        this.answerIds = answerIds;
        this.listStart = new int[lists.size() + 1];
        for (int l = 0; l < lists.size(); l++) {
            listStart[l + 1] = listStart[l] + lists.get(l).entries().size();
        }
    }

    /**
     * Compiles lists for matching.
     *
     * @param lists the lists, in any order; their entries may overlap within a list and across lists
     * @return the index
     */
    public static ListIndex of(List<IpList> lists) {
        List<IpList> sorted = byName(lists);
        int n = 0;
        for (IpList l : sorted) {
            n += l.entries().size();
        }
        Builder b = new Builder(sorted, n);
        Partition v4 = b.partition(true);
        Partition v6 = b.partition(false);
        int[] v4Start = new int[v4.size];
        for (int i = 0; i < v4.size; i++) {
            v4Start[i] = (int) v4.lo[i];
        }
        return new ListIndex(
                List.copyOf(sorted),
                n,
                v4Start,
                Arrays.copyOf(v4.answer, v4.size),
                Arrays.copyOf(v6.hi, v6.size),
                Arrays.copyOf(v6.lo, v6.size),
                Arrays.copyOf(v6.answer, v6.size),
                List.copyOf(b.answers),
                b.answerStart(),
                b.answerIds());
    }

    /** The lists sorted as the index numbers their entries: by name, lists of one name in the order given. */
    static List<IpList> byName(List<IpList> lists) {
        List<IpList> sorted = new ArrayList<>(lists);
        sorted.sort(Comparator.comparing(IpList::name)); // stable: same names keep the given order
        return sorted;
    }

    /**
     * The partition as {@link CompiledLists} stores it: interval starts and answer numbers of each family, and each
     * answer's entries as global entry ids (lists in {@link #byName} order, then entries in file order).
     */
    record Parts(
            int[] v4Start,
            int[] v4Answer,
            long[] v6StartHi,
            long[] v6StartLo,
            int[] v6Answer,
            int[] answerStart,
            int[] answerIds) {}

    /** {@return the partition, for storing (the arrays are the index's own: do not change them)} */
    Parts parts() {
        return new Parts(v4Start, v4Answer, v6StartHi, v6StartLo, v6Answer, answerStart, answerIds);
    }

    /**
     * An index made again from a stored partition of the same lists, without the sweep. The parts are checked to be
     * a well-formed partition of these lists (starts ascending, numbers in range, at most one entry of each list per
     * answer, in list order), so a damaged store is refused rather than answering wrongly in a way a check could see;
     * it does not prove the parts are the sweep's (a stored file has a checksum for that).
     *
     * @throws IllegalArgumentException when the parts are not well formed
     */
    static ListIndex restore(List<IpList> lists, Parts parts) {
        List<IpList> sorted = byName(lists);
        int n = 0;
        for (IpList l : sorted) {
            n += l.entries().size();
        }
        // the entries are not looked at: a stored list keeps them packed until an answer asks for one
        int[] listOf = new int[n];
        int g = 0;
        for (int l = 0; l < sorted.size(); l++) {
            Arrays.fill(listOf, g, g + sorted.get(l).entries().size(), l);
            g += sorted.get(l).entries().size();
        }
        int[] start = parts.answerStart();
        int[] ids = parts.answerIds();
        int answerCount = start.length - 1;
        check(answerCount > 0 && start[0] == 0 && start[1] == 0, "answer 0 is not the empty answer");
        check(start[answerCount] == ids.length, "answers beyond their entries");
        // the loops below call no method: this runs at start-up, interpreted, where a call per element cost more
        // than the rest of reading the store
        boolean entriesInOrder = true;
        for (int a = 0; a < answerCount; a++) {
            if (start[a + 1] < start[a]) {
                throw new IllegalArgumentException("not a partition of these lists: answers out of order");
            }
            int previousList = -1;
            for (int k = start[a]; k < start[a + 1]; k++) {
                int e = ids[k];
                if (e < 0 || e >= n) {
                    throw new IllegalArgumentException("not a partition of these lists: an entry number out of range");
                }
                entriesInOrder &= listOf[e] > previousList;
                previousList = listOf[e];
            }
        }
        check(entriesInOrder, "an answer's entries out of list order");
        int[] v4 = parts.v4Start();
        int[] v4Answer = parts.v4Answer();
        check(v4.length == v4Answer.length, "IPv4 arrays of two lengths");
        boolean ascending = true;
        boolean inRange = true;
        for (int i = 0; i < v4.length; i++) {
            ascending &= i == 0 || (v4[i - 1] ^ Integer.MIN_VALUE) < (v4[i] ^ Integer.MIN_VALUE);
            inRange &= v4Answer[i] >= 0 && v4Answer[i] < answerCount;
        }
        check(ascending, "IPv4 starts not ascending");
        long[] hi = parts.v6StartHi();
        long[] lo = parts.v6StartLo();
        int[] v6Answer = parts.v6Answer();
        check(hi.length == lo.length && hi.length == v6Answer.length, "IPv6 arrays of two lengths");
        for (int i = 0; i < hi.length; i++) {
            ascending &= i == 0
                    || (hi[i - 1] ^ Long.MIN_VALUE) < (hi[i] ^ Long.MIN_VALUE)
                    || (hi[i - 1] == hi[i] && (lo[i - 1] ^ Long.MIN_VALUE) < (lo[i] ^ Long.MIN_VALUE));
            inRange &= v6Answer[i] >= 0 && v6Answer[i] < answerCount;
        }
        check(ascending, "IPv6 starts not ascending");
        check(inRange, "an answer number out of range");
        return new ListIndex(List.copyOf(sorted), n, v4, parts.v4Answer(), hi, lo, parts.v6Answer(), null, start, ids);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("not a partition of these lists: " + what);
        }
    }

    /**
     * Returns every list that covers the address, one {@link Hit} each, sorted by list name. Allocates nothing
     * (but the first time an answer of a restored index is asked for).
     *
     * @param address the address; IPv4-mapped IPv6 addresses are matched as IPv4
     * @return the hits, an immutable list, empty when no list covers the address
     */
    public List<Hit> match(IpAddress address) {
        return answer(answerId(address));
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
        List<Hit> a = answers.get(id);
        if (a == null) {
            a = made(answerStart[id], answerStart[id + 1]);
            answers.set(id, a);
        }
        return a;
    }

    /** The hits of the entries {@code answerIds[from]} to before {@code answerIds[to]} (global ids, list by list). */
    private List<Hit> made(int from, int to) {
        Hit[] h = new Hit[to - from];
        for (int k = from; k < to; k++) {
            int e = answerIds[k];
            int l = Arrays.binarySearch(listStart, e);
            l = l >= 0 ? nonEmptyFrom(l) : -l - 2; // the list whose ids include it
            IpList list = lists.get(l);
            h[k - from] = new Hit(list.name(), list.entries().get(e - listStart[l]));
        }
        return List.of(h);
    }

    /** The last list starting at the id {@code listStart[l]} (lists before it that start there too are empty). */
    private int nonEmptyFrom(int l) {
        while (l + 1 < lists.size() && listStart[l + 1] == listStart[l]) {
            l++;
        }
        return l;
    }

    /** {@return how many distinct answers there are, the empty one included} */
    public int answerCount() {
        return answers.length();
    }

    /** The last interval whose start is not after {@code x}, or -1. */
    private int searchV4(int x) {
        int k = x >>> 16;
        int hi = k == v4Top.length - 1 ? v4Start.length - 1 : v4Top[k + 1];
        return searchV4(x, Math.max(0, v4Top[k]), hi);
    }

    /** The last interval among {@code lo..hi} whose start is not after {@code x}, or -1. */
    private int searchV4(int x, int lo, int hi) {
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
     * Whether an address is private or reserved ({@link IpClass#isGlobal(IpAddress)} false: for it or for the IPv4
     * address it carries, IPv4-mapped or in a 6to4, Teredo or NAT64 address): a hit on such an address in a public blocklist (FireHOL level1 lists {@code
     * 10.0.0.0/8}) says nothing about a host on the internet and should be shown as a bogon match.
     *
     * @param address the address
     * @return true for private and reserved addresses
     */
    public static boolean isBogon(IpAddress address) {
        return !IpClass.isGlobal(address);
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
        /** Each answer's entry ids, in list order. */
        final List<int[]> answerEntries = new ArrayList<>();

        /** Where each answer's ids start in {@link #answerIds()}, then their end. */
        int[] answerStart() {
            int[] start = new int[answerEntries.size() + 1];
            for (int a = 0; a < answerEntries.size(); a++) {
                start[a + 1] = start[a] + answerEntries.get(a).length;
            }
            return start;
        }

        /** Every answer's entry ids, one after the other. */
        int[] answerIds() {
            int[] ids = new int[answerEntries.stream().mapToInt(a -> a.length).sum()];
            int at = 0;
            for (int[] a : answerEntries) {
                System.arraycopy(a, 0, ids, at, a.length);
                at += a.length;
            }
            return ids;
        }

        final Hit[] hits;
        /** The answer made of one entry alone, by entry id; 0 while not made. */
        final int[] single;

        Builder(List<IpList> lists, int n) {
            this.lists = lists;
            listOf = new int[n];
            entries = new ListEntry[n];
            sizeHi = new long[n];
            sizeLo = new long[n];
            hits = new Hit[n];
            single = new int[n];
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
            answerEntries.add(new int[0]);
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
            PieceHeap[] heaps = new PieceHeap[lists.size()];
            BitSet active = new BitSet(lists.size());
            Partition out = new Partition(nb);
            int previous = -1;
            int[] current = new int[lists.size()];
            for (int i = 0; i < nb; i++) {
                for (int k = startCount[i]; k < startCount[i + 1]; k++) {
                    int p = byStart[k];
                    int l = listOf[id[p]];
                    if (heaps[l] == null) {
                        heaps[l] = new PieceHeap(id, sizeHi, sizeLo);
                    }
                    heaps[l].add(p);
                    active.set(l);
                }
                int count = 0;
                for (int l = active.nextSetBit(0); l >= 0; l = active.nextSetBit(l + 1)) {
                    PieceHeap h = heaps[l];
                    while (!h.isEmpty() && endAt[h.peek()] <= i) {
                        h.poll();
                    }
                    if (h.isEmpty()) {
                        active.clear(l);
                    } else {
                        current[count++] = id[h.peek()];
                    }
                }
                int answer = answerId(current, count);
                if (answer != previous) {
                    out.add(bHi[i], bLo[i], answer);
                    previous = answer;
                }
            }
            return out;
        }

        /** The answer of the first {@code count} entry ids of {@code current}, made when new. */
        private int answerId(int[] current, int count) {
            if (count == 0) {
                return 0;
            }
            if (count == 1 && single[current[0]] != 0) {
                return single[current[0]];
            }
            int[] ids = Arrays.copyOf(current, count);
            AnswerKey key = count == 1 ? null : new AnswerKey(ids); // answers of one entry are found in single
            Integer known = key == null ? null : answerIds.get(key);
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
            answerEntries.add(ids);
            if (key == null) {
                single[ids[0]] = a;
            } else {
                answerIds.put(key, a);
            }
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

    /**
     * A binary min-heap of piece numbers without boxing, ordered by their entry's width (fewest addresses first), then
     * by entry id (first in the file first).
     */
    private static final class PieceHeap {
        private final int[] entryOf;
        private final long[] sizeHi;
        private final long[] sizeLo;
        private int[] heap = new int[4];
        private int size;

        PieceHeap(int[] entryOf, long[] sizeHi, long[] sizeLo) {
            this.entryOf = entryOf;
            this.sizeHi = sizeHi;
            this.sizeLo = sizeLo;
        }

        boolean isEmpty() {
            return size == 0;
        }

        int peek() {
            return heap[0];
        }

        void add(int piece) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, 2 * size);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!before(piece, heap[parent])) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = piece;
        }

        void poll() {
            int last = heap[--size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < size && before(heap[right], heap[child])) {
                    child = right;
                }
                if (!before(heap[child], last)) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            if (size > 0) {
                heap[i] = last;
            }
        }

        private boolean before(int x, int y) {
            int gx = entryOf[x];
            int gy = entryOf[y];
            int c = compare(sizeHi[gx], sizeLo[gx], sizeHi[gy], sizeLo[gy]);
            return c != 0 ? c < 0 : gx < gy;
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
