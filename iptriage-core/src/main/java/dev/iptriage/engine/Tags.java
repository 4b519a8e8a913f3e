package dev.iptriage.engine;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.lists.IpList;
import dev.iptriage.lists.ListFormat;
import dev.iptriage.lists.ListIndex;
import dev.iptriage.model.Column;
import dev.iptriage.scanners.Match;
import dev.iptriage.scanners.ScannerRules;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.text.FrozenJson;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The offline tags of an address: the lists that cover it ({@code tags}, {@code tag_details}) and the benign actor
 * it belongs to ({@code scanner}, {@code scanner_category}, {@code scanner_evidence}). A local source: nothing is
 * sent anywhere, private and reserved addresses are matched too (watchlists of internal ranges are common), and the
 * columns are filled where the databases' are, on the worker threads, so a row cached by address carries them.
 *
 * <ul>
 *   <li>{@code tags}: the names of the lists that cover the address, sorted; {@code tag_details}: per list, an
 *       object with {@code list}, {@code network} (the list's most specific covering entry as written: an address, a
 *       CIDR or {@code first-last}), {@code date} (the list's own date, when it says), {@code kind} ({@code
 *       warninglist} for MISP warninglists and OpenFilters scanner lists, which name known benign networks; else
 *       {@code blocklist}), {@code bogon: true} when the address is private or reserved and the list is a public
 *       one (a publisher's file, not the user's own watchlist: FireHOL level1 covers 10.0.0.0/8), then the entry's
 *       own facts (DROP's {@code sblid}, Feodo's {@code malware}).
 *   <li>{@code scanner}: the organisation of the actor the scanner rules identify, with its {@code scanner_category}
 *       and the kinds of evidence ({@code cidr}, {@code ptr}, {@code user_agent}). The network rules are applied
 *       to every address; a forward-confirmed PTR name counts when the row holds the {@code ptr} and {@code
 *       fcrdns} columns ({@code --ptr}), and User-Agents when the row comes from web-log lines in which the
 *       address was the client (never one it only forwarded as a proxy).
 * </ul>
 *
 * <p>What is made of a list answer is made once per distinct answer ({@link ListIndex#answerId}) and shared by every
 * row, so tagging costs a binary search per address.
 */
public final class Tags {
    /** The source name of the list columns (as {@link Column#source()}). */
    public static final String LISTS = "lists";

    /** The source name of the scanner columns. */
    public static final String SCANNERS = "scanners";

    /** The list columns. */
    public static final List<SourceColumn> LIST_COLUMNS = List.of(
            new SourceColumn("tags", "names of the lists that cover the address, sorted (--list)"),
            new SourceColumn(
                    "tag_details",
                    "per covering list: the list, its most specific matching entry (network), the list's date, its"
                            + " kind (blocklist or warninglist), bogon when a public list covers a private or"
                            + " reserved address, and the entry's facts such as the SBL id (--list)"));

    /** The scanner columns. */
    public static final List<SourceColumn> SCANNER_COLUMNS = List.of(
            new SourceColumn(
                    "scanner",
                    "the organisation of a known benign actor (research scanner, crawler, security vendor,"
                            + " monitoring, cloud, public resolver) the scanner rules identify"),
            new SourceColumn("scanner_category", "that actor's category"),
            new SourceColumn(
                    "scanner_evidence",
                    "what identified it: cidr (its published networks), ptr (forward-confirmed reverse DNS, with"
                            + " --ptr), user_agent (web logs; spoofable)"));

    private final ListIndex index;
    private final ScannerRules rules;
    private final boolean[] publicList;
    private final Map<String, Integer> names;
    private final Set<String> benign;
    /** Per answer id, its rendered values: index {@code 2 * id} for public addresses, {@code 2 * id + 1} for bogons. */
    private final AtomicReferenceArray<Rendered> rendered;

    /** An answer's columns; {@code anyPublic}: whether a publisher's list is among them (bogons are marked). */
    private record Rendered(List<Object> tags, List<Object> details, boolean anyPublic) {}

    private static final Rendered NONE = new Rendered(null, null, false);

    /** Most User-Agents whose markers are kept ({@link #markers}); past it the map starts afresh. */
    static final int KEPT_USER_AGENTS = 10_000;

    /** Longest User-Agent whose markers are kept. */
    private static final int KEPT_USER_AGENT_LENGTH = 1_000;

    /** The markers each User-Agent holds: a log repeats a few User-Agents millions of times. */
    private final Map<String, int[]> markers = new ConcurrentHashMap<>();

    /** The scanner columns' values of each actor and evidence (org, category, evidence), made once. */
    private final Map<Match, Object[]> scannerValues = new ConcurrentHashMap<>();

    private int[] markers(String ua) {
        if (ua == null || ua.length() > KEPT_USER_AGENT_LENGTH) {
            return rules.userAgentMarkers(ua);
        }
        int[] m = markers.get(ua);
        if (m == null) {
            if (markers.size() >= KEPT_USER_AGENTS) {
                markers.clear();
            }
            m = rules.userAgentMarkers(ua);
            markers.put(ua, m);
        }
        return m;
    }

    private Object[] scannerValues(Optional<Match> m) {
        return m.isEmpty()
                ? NO_SCANNER
                : scannerValues.computeIfAbsent(
                        m.get(), x -> new Object[] {
                            x.organisation(), x.category().label(), FrozenJson.of(List.copyOf(x.evidence()))
                        });
    }

    private static final Object[] NO_SCANNER = new Object[3];

    private static final int[] NO_MARKERS = new int[0];

    /**
     * Tags from these lists and rules.
     *
     * @param index the lists, or null for none (then there are no list columns)
     * @param rules the scanner rules, or null for none (then there are no scanner columns)
     * @param publicNames names of lists known to come from a publisher (the update catalogue's), in addition to
     *     the lists whose file says so (any format but plain, or a header naming a source or maintainer)
     * @throws IllegalArgumentException when two lists have the same name
     * @param benignNames names of lists known to name benign networks (the catalogue's OpenFilters files, which
     *     have no header), in addition to the MISP warninglists and OpenFilters files recognised by their content
     */
    public Tags(ListIndex index, ScannerRules rules, Set<String> publicNames, Set<String> benignNames) {
        this(index, rules, publicNames, benignNames, KNOWN_SLOTS);
    }

    /** As the public constructor, with address tables of {@code knownSlots} slots each (a power of two, at least 2). */
    Tags(ListIndex index, ScannerRules rules, Set<String> publicNames, Set<String> benignNames, int knownSlots) {
        if (knownSlots < 2 || Integer.bitCount(knownSlots) != 1) {
            throw new IllegalArgumentException("knownSlots " + knownSlots);
        }
        this.known = new Known[knownSlots];
        this.knownV4 = new long[knownSlots];
        if (index == null && rules == null) {
            throw new IllegalArgumentException("tags need lists, scanner rules or both");
        }
        this.index = index;
        this.rules = rules;
        List<IpList> lists = index == null ? List.of() : index.lists();
        Map<String, Boolean> pub = new HashMap<>();
        for (IpList l : lists) {
            pub.merge(l.name(), isPublic(l) || publicNames.contains(l.name()), Boolean::logicalOr);
        }
        this.publicList = new boolean[lists.size()];
        this.benign = Set.copyOf(benignNames);
        this.names = new HashMap<>();
        for (int i = 0; i < lists.size(); i++) {
            if (names.put(lists.get(i).name(), i) != null) {
                // the tags column could not tell them apart, nor tag_details whose date and kind are whose
                throw new IllegalArgumentException(
                        "two lists are named " + lists.get(i).name());
            }
            publicList[i] = pub.get(lists.get(i).name());
        }
        this.rendered = new AtomicReferenceArray<>(index == null ? 0 : 2 * index.answerCount());
        this.networkScanner =
                new AtomicReferenceArray<>(rules == null ? 0 : rules.actors().size() + 1);
    }

    /** Tags from these lists and rules, the lists' kinds and publishers as their files say. */
    public Tags(ListIndex index, ScannerRules rules) {
        this(index, rules, Set.of(), Set.of());
    }

    /** Whether a list's file says it comes from a publisher. */
    static boolean isPublic(IpList l) {
        return l.format() != ListFormat.PLAIN || l.source() != null || l.maintainer() != null;
    }

    /** The kind of a list: {@code warninglist} for lists of known benign networks, else {@code blocklist}. */
    public static String kind(IpList l) {
        return l.format() == ListFormat.MISP_WARNINGLIST || l.format() == ListFormat.OPENFILTERS_CIDR
                ? "warninglist"
                : "blocklist";
    }

    /** The lists, or null. */
    public ListIndex lists() {
        return index;
    }

    /** The scanner rules, or null. */
    public ScannerRules rules() {
        return rules;
    }

    /** The columns these tags add: the list columns (with lists), then the scanner columns (with rules). */
    public List<Column> columns() {
        return columns(index != null, rules != null);
    }

    /** Every column tags can add: the list columns, then the scanner columns. */
    public static List<Column> allColumns() {
        return columns(true, true);
    }

    private static List<Column> columns(boolean lists, boolean scanners) {
        List<Column> out = new ArrayList<>();
        if (lists) {
            LIST_COLUMNS.forEach(c -> out.add(Column.custom(c.name(), LISTS, List.of(c.name()))));
        }
        if (scanners) {
            SCANNER_COLUMNS.forEach(c -> out.add(Column.custom(c.name(), SCANNERS, List.of(c.name()))));
        }
        return out;
    }

    /** The positions of these tags' columns among {@code columns}, or null when none is there. */
    Slots slots(List<Column> columns) {
        Slots s = new Slots(columns);
        return s.any() ? s : null;
    }

    /** What the address alone decides: its lists' columns and its scanner columns by network. */
    private record Known(long hi, long lo, boolean v4, Rendered lists, Object[] scanner) {}

    /** Most encoded cells kept per kind (first column or not); past it the map starts afresh. */
    static final int KEPT_CELLS = 1 << 18;

    /** Encoded CSV cells of the shared tag values, for the row's first column and for the others. */
    private final List<Map<Object, byte[]>> cells = List.of(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());

    /** Slots of each address cache: a power of two. */
    static final int KNOWN_SLOTS = 1 << 17;

    /**
     * The last answers of IPv6 addresses, two ways per set (a log repeats its busy addresses millions of times).
     * Entries are immutable and replaced whole, so a thread sees a whole entry, an older one or none, never a mix (two
     * threads moving entries at once may lose one, or keep one twice: either is only a later miss); a miss is computed.
     */
    private final Known[] known;

    /**
     * The last answers of IPv4 addresses, two ways per set, each packed in one {@code long} (see {@link #pack}; 0 is
     * an empty slot): 1 MiB of primitives stays in the processor's caches where the same number of entry objects did
     * not, and a log's lines mostly come from IPv4 addresses. A slot is read and written whole ({@link #SLOT}, opaque
     * access), and holds its address, so a thread sees a whole entry of the address asked for or a miss.
     */
    private final long[] knownV4;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    /** Bits of a packed IPv4 entry: the address (high 32), the answer id (24), the bogon flag (1), the actor + 1 (7). */
    private static final int ID_BITS = 24;

    private static final int ACTOR_BITS = 7;

    /** The scanner columns' values of each actor identified by network alone, made once (index: actor + 1). */
    private final AtomicReferenceArray<Object[]> networkScanner;

    /**
     * The entry of an IPv4 address in {@link #knownV4}: the one kept, else made and kept; 0 when it does not fit (then
     * its answers are computed each time).
     */
    private long packedV4(IpAddress a) {
        int bits = a.v4Bits();
        long h = (bits & 0xFFFF_FFFFL) * 0x9E3779B97F4A7C15L;
        int first = ((int) (h >>> 40) & (knownV4.length / 2 - 1)) * 2;
        long e = (long) SLOT.getOpaque(knownV4, first);
        if (e != 0 && (int) (e >>> 32) == bits) {
            return e;
        }
        long second = (long) SLOT.getOpaque(knownV4, first + 1);
        if (second != 0 && (int) (second >>> 32) == bits) {
            SLOT.setOpaque(knownV4, first, second); // promoted; the first way's entry moves to the second
            SLOT.setOpaque(knownV4, first + 1, e);
            return second;
        }
        long fresh = pack(a, bits);
        if (fresh != 0) {
            SLOT.setOpaque(knownV4, first + 1, e);
            SLOT.setOpaque(knownV4, first, fresh);
        }
        return fresh;
    }

    /** The lists' columns of a packed entry. */
    private Rendered lists(long e) {
        int id = (int) (e >>> (ACTOR_BITS + 1)) & ((1 << ID_BITS) - 1);
        return id == 0 ? NONE : render(id, (e & (1L << ACTOR_BITS)) != 0);
    }

    /** The scanner columns' values of a packed entry. */
    private Object[] scanner(long e) {
        int actor = (int) (e & ((1 << ACTOR_BITS) - 1)) - 1;
        return actor < 0 ? NO_SCANNER : networkScanner(actor);
    }

    /**
     * What the address alone decides, computed without the address tables: the values of {@code tags}, {@code
     * tag_details}, {@code scanner}, {@code scanner_category} and {@code scanner_evidence}, as {@link Slots#fill}
     * gives them. For tests of the tables.
     */
    Object[] direct(IpAddress a) {
        Rendered r = lists(a);
        Object[] v = scanner(a);
        return new Object[] {r.tags(), r.details(), v[0], v[1], v[2]};
    }

    /** An IPv4 address's entry of {@link #knownV4}, or 0 when it does not fit (then it is computed each time). */
    private long pack(IpAddress a, int bits) {
        int id = index == null ? 0 : index.answerId(a);
        boolean bogon = id != 0 && render(id, false).anyPublic() && ListIndex.isBogon(a);
        int actor = rules == null ? -1 : rules.networkActor(a);
        if (id >= 1 << ID_BITS || actor + 1 >= 1 << ACTOR_BITS) {
            return 0;
        }
        long e = ((long) bits << 32) | ((long) id << (ACTOR_BITS + 1)) | (bogon ? 1L << ACTOR_BITS : 0) | (actor + 1);
        return e; // 0 only for 0.0.0.0 on no list and no actor: computed each time, as cheaply
    }

    private Object[] networkScanner(int actor) {
        Object[] v = networkScanner.get(actor + 1);
        if (v == null) {
            v = scannerValues(rules.decide(actor, List.of(), NO_MARKERS));
            networkScanner.set(actor + 1, v); // immutable; two threads making it make equal ones
        }
        return v;
    }

    private Known knownV6(IpAddress a) {
        long hi = a.hi();
        long lo = a.lo();
        boolean v4 = a.isV4();
        long h = (lo * 0x9E3779B97F4A7C15L) ^ (hi * 0xC2B2AE3D27D4EB4FL) ^ (v4 ? 1 : 0);
        // two ways per set: the most recent first, so a busy address survives one that passes by
        int first = ((int) (h >>> 40) & (known.length / 2 - 1)) * 2;
        Known k = known[first];
        if (k != null && k.lo() == lo && k.hi() == hi && k.v4() == v4) {
            return k;
        }
        Known second = known[first + 1];
        if (second != null && second.lo() == lo && second.hi() == hi && second.v4() == v4) {
            known[first] = second; // promoted; k (if any) moves to the second way
            known[first + 1] = k;
            return second;
        }
        Known fresh = new Known(hi, lo, v4, lists(a), scanner(a));
        known[first + 1] = k;
        known[first] = fresh;
        return fresh;
    }

    private Rendered lists(IpAddress a) {
        if (index == null) {
            return NONE;
        }
        int id = index.answerId(a);
        Rendered r = id == 0 ? NONE : render(id, false);
        if (r.anyPublic() && ListIndex.isBogon(a)) {
            r = render(id, true); // the class of the address is looked at only when it matters
        }
        return r;
    }

    private Object[] scanner(IpAddress a) {
        if (rules == null) {
            return NO_SCANNER;
        }
        int actor = rules.networkActor(a);
        return actor < 0 ? NO_SCANNER : scannerValues(rules.decide(actor, List.of(), NO_MARKERS));
    }

    private Rendered render(int id, boolean bogon) {
        int k = 2 * id + (bogon ? 1 : 0);
        Rendered r = rendered.get(k);
        if (r == null) {
            r = make(index.answer(id), bogon);
            rendered.set(k, r); // immutable; two threads making the same one is harmless
        }
        return r;
    }

    private Rendered make(List<ListIndex.Hit> hits, boolean bogon) {
        if (hits.isEmpty()) {
            return NONE;
        }
        boolean anyPublic = false;
        List<String> tags = new ArrayList<>(hits.size());
        List<Map<String, Object>> details = new ArrayList<>(hits.size());
        for (ListIndex.Hit h : hits) {
            if (tags.isEmpty() || !tags.get(tags.size() - 1).equals(h.list())) {
                tags.add(h.list());
            }
            int li = names.get(h.list());
            anyPublic |= publicList[li];
            IpList l = index.lists().get(li);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("list", h.list());
            d.put("network", h.entry().text());
            if (l.date() != null) {
                d.put("date", l.date());
            }
            d.put("kind", benign.contains(l.name()) ? "warninglist" : kind(l));
            if (bogon && publicList[li]) {
                d.put("bogon", Boolean.TRUE);
            }
            h.facts().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> d.putIfAbsent(e.getKey(), e.getValue()));
            details.add(java.util.Collections.unmodifiableMap(d));
        }
        return new Rendered(FrozenJson.of(tags), FrozenJson.of(details), anyPublic);
    }

    /** Where the tag columns are in a row, and what else in the row the scanner rules read. */
    final class Slots {
        private final int tags;
        private final int details;
        private final int scanner;
        private final int category;
        private final int evidence;
        private final int ptr;
        private final int fcrdns;

        private Slots(List<Column> columns) {
            tags = index == null ? -1 : position(columns, LISTS, "tags");
            details = index == null ? -1 : position(columns, LISTS, "tag_details");
            scanner = rules == null ? -1 : position(columns, SCANNERS, "scanner");
            category = rules == null ? -1 : position(columns, SCANNERS, "scanner_category");
            evidence = rules == null ? -1 : position(columns, SCANNERS, "scanner_evidence");
            ptr = position(columns, "ptr", "ptr");
            fcrdns = position(columns, "ptr", "fcrdns");
        }

        private static int position(List<Column> columns, String source, String name) {
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                if (c.isCustom() && source.equals(c.source()) && name.equals(c.name())) {
                    return i;
                }
            }
            return -1;
        }

        boolean any() {
            return tags >= 0 || details >= 0 || scannerColumns();
        }

        private boolean scannerColumns() {
            return scanner >= 0 || category >= 0 || evidence >= 0;
        }

        /** Whether the scanner columns are in the row, so the User-Agents of its lines are worth collecting. */
        boolean readsUserAgents() {
            return scannerColumns();
        }

        /** Whether the scanner rules read the row's PTR columns after the remote sources filled them. */
        boolean readsPtr() {
            return scannerColumns() && ptr >= 0 && fcrdns >= 0;
        }

        /** Fills the list columns and the scanner columns by network: what the address alone decides. */
        void fill(IpAddress a, Object[] out) {
            // what the address alone decides: from the packed IPv4 table, else the IPv6 one, else computed
            Rendered lists;
            Object[] scannerValues;
            long e = a.isV4() ? packedV4(a) : 0;
            if (e != 0) {
                lists = lists(e);
                scannerValues = scanner(e);
            } else if (!a.isV4()) {
                Known k = knownV6(a);
                lists = k.lists();
                scannerValues = k.scanner();
            } else {
                lists = lists(a);
                scannerValues = scanner(a);
            }
            if (tags >= 0) {
                out[tags] = lists.tags();
            }
            if (details >= 0) {
                out[details] = lists.details();
            }
            if (scannerColumns()) {
                put(scannerValues, out);
            }
        }

        /**
         * Fills the tag columns' cells of a CSV row made of cells ({@link CellRows}): the same values as {@link
         * #fill}, each encoded once and kept (a value is shared by every address of its answer). Looks the address
         * up afresh, without the table of the last answers: these rows are made once per distinct address (the
         * {@link RowCache} keeps them), where that table only missed, and only the parts the row shows.
         */
        void fillCells(IpAddress a, byte[][] out, CellRows.Encoder encoder, Object ahead) {
            if (tags >= 0 || details >= 0) {
                Rendered r = ahead instanceof Rendered given ? given : lists(a);
                cell(tags, r.tags(), out, encoder);
                cell(details, r.details(), out, encoder);
            }
            if (scannerColumns()) {
                Object[] v = scanner(a);
                cell(scanner, v[0], out, encoder);
                cell(category, v[1], out, encoder);
                cell(evidence, v[2], out, encoder);
            }
        }

        /**
         * The lists' answer of {@code a} for {@link #fillCells}, looked up ahead of the rows ({@link CellRows#prepare}:
         * a block's searches are independent, so the processor overlaps their memory stalls); null when the row shows
         * no list column.
         */
        Object ahead(IpAddress a) {
            return tags >= 0 || details >= 0 ? lists(a) : null;
        }

        private void cell(int slot, Object value, byte[][] out, CellRows.Encoder encoder) {
            if (slot < 0 || value == null) {
                return; // an empty cell
            }
            // a cell's bytes depend on its value and on whether it is the row's first (CsvCells)
            Map<Object, byte[]> cache = cells.get(slot == 0 ? 0 : 1);
            byte[] b = cache.get(value);
            if (b == null) {
                if (cache.size() >= KEPT_CELLS) {
                    cache.clear();
                }
                b = encoder.encode(value, slot);
                cache.put(value, b);
            }
            out[slot] = b;
        }

        /**
         * Identifies the actor again with what the row knows beyond the address: its PTR columns (when the remote
         * sources filled them) and {@code userAgents} (may be empty).
         */
        void refine(IpAddress a, Object[] out, Collection<String> userAgents) {
            if (!scannerColumns()) {
                return;
            }
            String name = ptr >= 0 && out[ptr] instanceof String s ? s : null;
            Boolean confirmed = fcrdns >= 0 && out[fcrdns] instanceof Boolean b ? b : null;
            List<Integer> byPtr = rules.ptrActors(name, confirmed);
            int[] hits = NO_MARKERS;
            for (String ua : userAgents) {
                hits = ScannerRules.union(hits, markers(ua));
            }
            if (byPtr.isEmpty() && hits.length == 0) {
                return; // nothing beyond the address: fill() decided
            }
            put(scannerValues(rules.decide(rules.networkActor(a), byPtr, hits)), out);
        }

        private void put(Object[] v, Object[] out) {
            if (scanner >= 0) {
                out[scanner] = v[0];
            }
            if (category >= 0) {
                out[category] = v[1];
            }
            if (evidence >= 0) {
                out[evidence] = v[2];
            }
        }
    }

    @Override
    public String toString() {
        return "Tags[" + (index == null ? 0 : index.lists().size()) + " lists, "
                + (rules == null ? 0 : rules.actors().size()) + " actors]";
    }
}
