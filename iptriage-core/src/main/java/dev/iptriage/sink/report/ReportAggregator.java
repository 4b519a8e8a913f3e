package dev.iptriage.sink.report;

import dev.iptriage.ip.IpLiteral;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.sink.Order;
import dev.iptriage.sink.Ranking;
import dev.iptriage.sink.Row;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.sink.RowValues;
import dev.iptriage.sink.world.CountryCodes;
import dev.iptriage.sources.SourceStatus;
import dev.iptriage.text.CellText;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds rows (one per distinct address, with its count) into the bounded aggregates of a {@link
 * ReportData}. Thread-safe: worker threads add rows through their own {@link #rowFormat()}.
 *
 * <p>Online sources: every {@code NAME_status} column of a remote source ({@link
 * dev.iptriage.sources.RemoteSource}, e.g. {@code --ptr}, {@code --dnsbl}, {@code --cymru}) that
 * some row fills gives the report a {@link SourceSummary} (distinct addresses per status, and per column of the source's
 * own how many have a value, split into true and false for a yes/no column such as {@code fcrdns});
 * the {@value #LISTINGS} column gives its {@link Listings} (addresses listed anywhere, top listings).
 * These are a few counters per column, and the listings are counted like the other top tables, in
 * at most {@link Limits#keys()} counters: memory stays bounded whatever the input.
 *
 * <p>Lists and scanners ({@code --list}): the {@value #TAGS} and {@value #TAG_DETAILS} columns give
 * the report its {@link Tags} (addresses on some list, top lists, bogon matches apart), the {@value
 * #SCANNER} and {@value #SCANNER_EVIDENCE} columns its {@link Scanners} (top organisations, the share
 * of sightings from known scanners, and the known scanners that are listed too: on a list that is
 * not a warninglist, or on a DNS blocklist). These columns are found by name, built-in or a source's
 * own.
 *
 * <p>Entry point: {@link #create}.
 */
public final class ReportAggregator {
    /**
     * How much the report keeps.
     *
     * @param top lines per top-N table
     * @param points most map points (one per rounded location)
     * @param rows most address rows in the table
     * @param keys most distinct keys counted per table (countries, ASNs, cities, networks, locations)
     * @param table the order of the address table, which keeps its first {@code rows} rows ({@code
     *     --sort}, {@code -r}; its own top is not used): by default the most seen first
     */
    public record Limits(int top, int points, int rows, int keys, Order table) {
        /** The address table's default order: the most seen first, ties by address. */
        public static final Order MOST_SEEN = new Order(Order.Key.COUNT, true, 0);

        /** Checks the table's order. */
        public Limits {
            if (!table.sorted()) {
                throw new IllegalArgumentException("the address table needs a sort key");
            }
        }

        /** Limits with the most seen addresses first in the table. */
        public Limits(int top, int points, int rows, int keys) {
            this(top, points, rows, keys, MOST_SEEN);
        }

        /** 25 per table, 20,000 points, 1,000 rows, 200,000 keys. */
        public static Limits defaults() {
            return new Limits(25, 20_000, 1_000, 200_000);
        }
    }

    /** The columns a report reads: where, who, and how often. */
    public static final List<Field> COLUMNS = List.of(
            Field.IP,
            Field.STATUS,
            Field.ASN,
            Field.AS_ORG,
            Field.NETWORK,
            Field.CITY,
            Field.COUNTRY,
            Field.COUNTRY_ISO,
            Field.POSTAL_CODE,
            Field.LATITUDE,
            Field.LONGITUDE,
            Field.COUNT);

    /**
     * The column of DNS blocklist listings ({@code --dnsbl}): per address a list of {@code
     * zone:MEANING}, or as text a JSON array of them (as {@code enrich} writes it in CSV).
     */
    public static final String LISTINGS = "dnsbl";

    /**
     * The longest listing counted, in characters; a longer one (never from {@code --dnsbl}: a zone
     * name and its meaning take at most 254) is cut and ends with an ellipsis.
     */
    static final int MAX_LISTING = 256;

    /**
     * The column of the lists an address is on ({@code --list}): per address a list of list names, or
     * as text a JSON array of them (as {@code enrich} writes it in CSV).
     */
    public static final String TAGS = "tags";

    /**
     * The column of what each list match says ({@code --list}): per address a list of objects with
     * {@code list}, {@code network}, {@code date}, {@code kind} ({@code blocklist}, {@code
     * warninglist}) and {@code bogon} (true for a private, reserved or bogon address in a public
     * list), or as text a JSON array of them.
     */
    public static final String TAG_DETAILS = "tag_details";

    /** The column of the known scanner's organisation an address belongs to (the scanner rules). */
    public static final String SCANNER = "scanner";

    /** The column of how the scanner was recognised: a list of {@code cidr}, {@code ptr}, {@code user_agent}. */
    public static final String SCANNER_EVIDENCE = "scanner_evidence";

    /** The columns of lists and scanners, in this order. */
    public static final List<String> TAG_COLUMNS = List.of(TAGS, TAG_DETAILS, SCANNER, SCANNER_EVIDENCE);

    /** The most evidence kinds kept per scanner organisation. */
    static final int MAX_EVIDENCE = 8;

    /** The most lists kept per address of the callout (the rest are counted). */
    static final int MAX_CALLOUT_LISTS = 10;

    /** The sighting columns whose sum over the addresses the report's facts show. */
    public static final List<Field> TOTALS = List.of(Field.FAILED_LOGINS, Field.ACCEPTED_LOGINS, Field.BANS);

    private static final Set<Field> NOT_MISSABLE = EnumSet.of(Field.IP, Field.STATUS, Field.RAW);

    /** More than the number of country codes: the choropleth wants every country. */
    private static final int ALL_COUNTRIES = 300;

    private record TopRow(String ip, long count, List<String> cells) {}

    /** The position of the table order's key among the columns, or -1 (count, ip). */
    private final int keyAt;

    /** One online source's columns and counts. */
    private static final class SourceCounts {
        final String source;
        final int status;
        final int[] own;
        final List<String> names;
        /** Distinct addresses per {@link SourceStatus}, then {@link SourceSummary#OTHER}. */
        final long[] statuses = new long[SourceStatus.values().length + 1];

        final long[] filled;
        final long[] trues;
        final long[] falses;
        final boolean[] notYesNo;

        /** Whether some row has a status or a value of this source. */
        boolean seen() {
            for (long n : statuses) {
                if (n > 0) {
                    return true;
                }
            }
            for (long n : filled) {
                if (n > 0) {
                    return true;
                }
            }
            return false;
        }

        SourceCounts(String source, int status, int[] own, List<String> names) {
            this.source = source;
            this.status = status;
            this.own = own;
            this.names = names;
            this.filled = new long[own.length];
            this.trues = new long[own.length];
            this.falses = new long[own.length];
            this.notYesNo = new boolean[own.length];
        }
    }

    private static final Map<String, SourceStatus> STATUS_WORDS = new java.util.HashMap<>();

    static {
        for (SourceStatus s : SourceStatus.values()) {
            STATUS_WORDS.put(s.text(), s);
        }
    }

    private final List<Field> fields;
    /** The columns; a source's own (a remote source's answer, a database's key) has no field. */
    private final List<Column> columns;

    private final Limits limits;
    private final Columns col;
    /** Input lines per status: each row counts for its count. */
    private final Map<String, Long> statuses = new LinkedHashMap<>();
    /** Rows per status: each row counts once (an enriched file's records). */
    private final Map<String, Long> rowStatuses = new LinkedHashMap<>();

    private final CappedCounter countries;
    /** Per column, whether the input has it; null when every column is there (see {@link #hasColumn}). */
    private boolean[] presence;

    private final CappedCounter asns;
    private final CappedCounter cities;
    private final CappedCounter networks;
    private final PointGrid points;
    private final long[] empty;
    private final boolean[] filled;
    private final long[] sums;
    private final Ranking<TopRow> top;
    private final List<SourceCounts> sources;
    /** The position of the {@value #LISTINGS} column, or -1. */
    private final int listingsAt;

    private final CappedCounter listings;
    private final TagCounts tags;
    private long listedAddresses;
    private long listedSightings;
    private long lookedUp;
    private long sightings;
    private long distinct;

    private ReportAggregator(List<Column> columns, Limits limits) {
        this.columns = List.copyOf(columns);
        this.fields = java.util.Collections.unmodifiableList(
                new ArrayList<>(this.columns.stream().map(Column::field).toList()));
        this.limits = limits;
        this.col = new Columns(this.fields);
        this.countries = new CappedCounter(limits.keys());
        this.asns = new CappedCounter(limits.keys(), CappedCounter.NUMBERS);
        this.cities = new CappedCounter(limits.keys());
        this.networks = new CappedCounter(limits.keys(), CappedCounter.ADDRESSES);
        this.points = new PointGrid(limits.keys());
        this.empty = new long[fields.size()];
        this.filled = new boolean[fields.size()];
        this.sums = new long[fields.size()];
        for (Status s : Status.values()) {
            statuses.put(s.text(), 0L);
            rowStatuses.put(s.text(), 0L);
        }
        this.sources = sourceCounts(this.columns);
        int at = -1;
        for (int i = 0; i < this.columns.size() && at < 0; i++) {
            if (this.columns.get(i).isCustom() && this.columns.get(i).name().equals(LISTINGS)) {
                at = i;
            }
        }
        this.listingsAt = at;
        this.listings = CappedCounter.byAddresses(limits.keys());
        this.tags = new TagCounts(
                position(TAGS), position(TAG_DETAILS), position(SCANNER), position(SCANNER_EVIDENCE), limits);
        Order.Key key = limits.table().key();
        this.keyAt = key == Order.Key.COUNT || key == Order.Key.IP ? -1 : this.fields.indexOf(key.field());
        if (this.keyAt < 0 && key != Order.Key.COUNT && key != Order.Key.IP) {
            throw new IllegalArgumentException("the report's rows have no " + key.id() + " column to sort by");
        }
        this.top = new Ranking<>(limits.table().withTop(limits.rows()));
    }

    /** The first column named {@code name} (built-in or a source's own), or -1. */
    private int position(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The online sources of these columns: each {@code NAME_status} column of a source's own with no
     * path (as the engine makes them for a remote source), with the other columns of that source.
     */
    private static List<SourceCounts> sourceCounts(List<Column> columns) {
        List<SourceCounts> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (c.isCustom() && c.path().isEmpty() && c.name().equals(c.source() + "_status")) {
                List<Integer> own = new ArrayList<>();
                for (int j = 0; j < columns.size(); j++) {
                    Column o = columns.get(j);
                    if (j != i
                            && o.isCustom()
                            && o.source().equals(c.source())
                            && !o.path().isEmpty()) {
                        own.add(j);
                    }
                }
                out.add(new SourceCounts(
                        c.source(),
                        i,
                        own.stream().mapToInt(Integer::intValue).toArray(),
                        own.stream().map(j -> columns.get(j).name()).toList()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * An aggregator for rows with these columns. Sighting columns ({@link Field#isSighting()}: {@code
     * failed_logins}, {@code users_tried}, ...) are shown in the address table when some row has a
     * value in them, and the sums of {@link #TOTALS} among the facts; they are not database values, so
     * they have no share of missing values.
     */
    public static ReportAggregator create(List<Field> fields, Limits limits) {
        return new ReportAggregator(Column.of(fields), limits);
    }

    /**
     * An aggregator for rows with these columns, built-in ones and sources' own. A source's own column
     * (a remote source's answer and its status, a database's key) is shown in the address table when
     * some row has a value in it, like a sighting column.
     */
    public static ReportAggregator forColumns(List<Column> columns, Limits limits) {
        return new ReportAggregator(columns, limits);
    }

    /** The columns rows must have ({@code null} at a source's own column). */
    public List<Field> fields() {
        return fields;
    }

    /** The columns rows must have, built-in ones and sources' own, in order. */
    public List<Column> columns() {
        return columns;
    }

    /** A row renderer that adds each row here and writes nothing (one per thread). */
    public RowFormat rowFormat() {
        return new RowFormat() {
            @Override
            public byte[] header() {
                return new byte[0];
            }

            @Override
            public void row(Row r, ByteArrayOutputStream out) {
                add(r);
            }

            @Override
            public List<Column> columns() {
                return columns;
            }
        };
    }

    /** Adds one row; its count (at least 1) is how many input lines it stands for. */
    public synchronized void add(Row r) {
        long n = Math.max(1, r.count());
        String status = r.status().startsWith(Status.ERROR.text()) ? Status.ERROR.text() : r.status();
        statuses.merge(status, n, Long::sum);
        rowStatuses.merge(status, 1L, Long::sum);
        if (status.equals(Status.INVALID.text())) {
            return;
        }
        sightings += n;
        distinct++;
        keepTopRow(r, n);
        countSightingColumns(r);
        countSources(r);
        java.util.Set<String> listed = listingsAt >= 0
                ? countListings(RowValues.value(columns.get(listingsAt), listingsAt, r), n)
                : java.util.Set.of();
        if (tags.any()) {
            tags.add(r, n, listed);
        }
        // private and reserved addresses count too when a database (e.g. an internal one) knows them
        count(r, n);
        if (status.equals(Status.OK.text()) || status.equals(Status.NOT_FOUND.text())) {
            lookedUp++;
            countMissing(r);
        }
    }

    private void count(Row r, long n) {
        String country = col.text(Field.COUNTRY, r);
        String iso = col.text(Field.COUNTRY_ISO, r);
        if (!country.isEmpty() || !iso.isEmpty()) {
            // keyed by code: a file with names only (enrich's default columns) shades the same map
            String key = iso.isEmpty() ? CountryCodes.iso(country).orElse(country) : iso;
            countries.add(key, country.isEmpty() ? iso : country, n);
        }
        String asn = col.text(Field.ASN, r);
        String org = col.text(Field.AS_ORG, r);
        if (!asn.isEmpty()) {
            asns.add(asn, org, n);
        }
        String city = col.text(Field.CITY, r);
        String place = city.isEmpty() ? country : country.isEmpty() ? city : city + ", " + country;
        if (!city.isEmpty()) {
            cities.add(place, place, n);
        }
        String network = col.text(Field.NETWORK, r);
        if (!network.isEmpty()) {
            networks.add(network, network, n);
        }
        Double lat = col.number(Field.LATITUDE, r);
        Double lon = col.number(Field.LONGITUDE, r);
        if (lat != null && lon != null) {
            points.add(lat, lon, n, place, r.ip(), asn, org);
        }
    }

    private void countSightingColumns(Row r) {
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (shownWhenFilled(f) && !text(i, r).isEmpty()) {
                filled[i] = true;
                if (f != null && TOTALS.contains(f)) {
                    Double v = col.number(f, r);
                    sums[i] += v == null ? 0 : (long) v.doubleValue();
                }
            }
        }
    }

    private void countSources(Row r) {
        for (SourceCounts s : sources) {
            String status = text(s.status, r);
            if (!status.isEmpty()) {
                SourceStatus known = STATUS_WORDS.get(status);
                if (known == null && status.startsWith(SourceStatus.ERROR.text() + ":")) {
                    known = SourceStatus.ERROR;
                }
                s.statuses[known == null ? s.statuses.length - 1 : known.ordinal()]++;
            }
            for (int k = 0; k < s.own.length; k++) {
                Object v = RowValues.value(columns.get(s.own[k]), s.own[k], r);
                if (!present(v)) {
                    continue;
                }
                s.filled[k]++;
                if (s.notYesNo[k]) {
                    continue;
                }
                if (Boolean.TRUE.equals(v) || "true".equals(v)) {
                    s.trues[k]++;
                } else if (Boolean.FALSE.equals(v) || "false".equals(v)) {
                    s.falses[k]++;
                } else {
                    s.notYesNo[k] = true;
                }
            }
        }
    }

    /** Whether a value counts as one: not null, not empty text, not an empty list or map. */
    private static boolean present(Object v) {
        return switch (v) {
            case null -> false;
            case String s -> !s.isEmpty();
            case java.util.Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** Counts the address's listings, and returns them. */
    private java.util.Set<String> countListings(Object v, long n) {
        java.util.Set<String> found = listingsOf(v);
        if (found.isEmpty()) {
            return found;
        }
        listedAddresses++;
        listedSightings += n;
        for (String l : found) {
            listings.add(l, l, n);
        }
        return found;
    }

    /**
     * The distinct listings of a {@value #LISTINGS} value: a list's items, a JSON array of text (how
     * CSV holds the list), or other text as one listing; each cut to {@link #MAX_LISTING}.
     */
    static java.util.Set<String> listingsOf(Object v) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (v instanceof java.util.Collection<?> c) {
            for (Object x : c) {
                addListing(out, CellText.text(x));
            }
        } else if (v instanceof String s && s.strip().startsWith("[")) {
            if (!jsonListings(s, out)) {
                out.clear();
                addListing(out, s);
            }
        } else if (v != null) {
            addListing(out, CellText.text(v));
        }
        return out;
    }

    private static void addListing(java.util.Set<String> out, String s) {
        String t = s.strip();
        if (!t.isEmpty()) {
            out.add(t.length() > MAX_LISTING ? t.substring(0, MAX_LISTING - 1) + "\u2026" : t);
        }
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON =
            com.fasterxml.jackson.core.JsonFactory.builder().build();

    /** Adds the text items of a JSON array; false when {@code s} is not a flat JSON array. */
    private static boolean jsonListings(String s, java.util.Set<String> out) {
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(s)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                return false;
            }
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                if (t == null || t.isStructStart()) {
                    return false;
                }
                addListing(out, p.getText());
            }
            return p.nextToken() == null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean missable(Field f) {
        return f != null && !NOT_MISSABLE.contains(f) && !f.isSighting();
    }

    /** Sighting columns and sources' own: shown in the table when some row has a value. */
    private static boolean shownWhenFilled(Field f) {
        return f == null || (f.isSighting() && f != Field.COUNT);
    }

    /** The text of column {@code i} of {@code r}. */
    private String text(int i, Row r) {
        return CellText.text(RowValues.value(columns.get(i), i, r));
    }

    /**
     * Says the input has column {@code slot} (a file's header names it, or a JSON line has its key). Once this is
     * called, the columns never said are absent from the input, not empty, in the report's missing data; without
     * it (rows from the engine) every column is there.
     */
    public void hasColumn(int slot) {
        if (presence == null) {
            presence = new boolean[fields.size()];
        }
        presence[slot] = true;
    }

    private void countMissing(Row r) {
        for (int i = 0; i < fields.size(); i++) {
            if (missable(fields.get(i)) && text(i, r).isEmpty()) {
                empty[i]++;
            }
        }
    }

    private void keepTopRow(Row r, long n) {
        Object value = keyAt < 0 ? null : keyValue(limits.table().key(), text(keyAt, r));
        IpLiteral.Parsed p = IpLiteral.parse(r.ip());
        Order.Entry<TopRow> probe = entry(null, p, r.ip(), n, value);
        if (!top.wouldKeep(probe)) {
            return; // most rows of a large run: no cells made
        }
        List<String> cells = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            cells.add(fields.get(i) == Field.COUNT ? Long.toString(n) : text(i, r));
        }
        top.offer(entry(new TopRow(r.ip(), n, cells), p, r.ip(), n, value));
    }

    private static Order.Entry<TopRow> entry(TopRow row, IpLiteral.Parsed p, String ip, long n, Object value) {
        return p.ok()
                ? new Order.Entry<>(row, p.address(), p.prefixLength(), p.zone(), null, n, value)
                : new Order.Entry<>(row, null, ip, n, value);
    }

    /** The value of a table key from its cell: a number, a time, a name; null when empty or unreadable. */
    private static Object keyValue(Order.Key key, String cell) {
        if (cell.isEmpty()) {
            return null;
        }
        try {
            return switch (key) {
                case ASN -> Long.parseLong(cell);
                case FIRST_SEEN, LAST_SEEN -> Instant.parse(cell);
                default -> cell;
            };
        } catch (RuntimeException e) { // a hand-edited enrich output: the row sorts as one without a value
            return null;
        }
    }

    /** {@return the listings counted now (at most {@link Limits#keys()}), for tests} */
    synchronized int listingCounters() {
        return listings.size();
    }

    /**
     * Input lines per status so far ({@code error:<why>} counted as {@code error}): a row counts for its count (the
     * sightings of an {@code enrich -u} record), so they sum to the sightings and the lines read as invalid.
     */
    public synchronized Map<String, Long> statuses() {
        return new LinkedHashMap<>(statuses);
    }

    /** Rows per status so far: each row once, whatever its count (they sum to the rows added). */
    public synchronized Map<String, Long> rowStatuses() {
        return new LinkedHashMap<>(rowStatuses);
    }

    /** The aggregates, with these facts. */
    public synchronized ReportData result(RunFacts facts) {
        List<TopRow> rows = top.sorted();
        List<Missing> missing = new ArrayList<>();
        List<Integer> shown = new ArrayList<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (missable(f)) {
                missing.add(new Missing(f.column(), empty[i], lookedUp, presence != null && !presence[i]));
            }
            if (!shownWhenFilled(f) || filled[i]) {
                shown.add(i);
            }
            if (filled[i] && f != null && TOTALS.contains(f)) {
                totals.put(f.column(), sums[i]);
            }
        }
        return new ReportData(
                facts,
                sightings,
                distinct,
                countries.top(Math.max(limits.top(), ALL_COUNTRIES)),
                asns.top(limits.top()),
                cities.top(limits.top()),
                networks.top(limits.top()),
                missing,
                points.top(limits.points()),
                points.leftOut(limits.points()),
                shown.stream().map(i -> columns.get(i).name()).toList(),
                rows.stream()
                        .map(r -> shown.stream().map(i -> r.cells().get(i)).toList())
                        .toList(),
                distinct,
                totals,
                sources.stream()
                        .filter(SourceCounts::seen)
                        .map(ReportAggregator::summary)
                        .toList(),
                listingsSeen()
                        ? java.util.Optional.of(
                                new Listings(listedAddresses, listedSightings, listings.top(limits.top())))
                        : java.util.Optional.empty(),
                tags.tags(limits.top()),
                tags.scanners(limits.top()));
    }

    /**
     * Whether the rows have listings: the {@value #LISTINGS} column has a value in some row, or its
     * source answered for some address (nothing listed is an answer too). A column that no row
     * fills (an enriched file made without {@code --dnsbl}) has none.
     */
    private boolean listingsSeen() {
        if (listingsAt < 0) {
            return false;
        }
        if (listedAddresses > 0) {
            return true;
        }
        for (SourceCounts s : sources) {
            for (int i : s.own) {
                if (i == listingsAt && s.seen()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static SourceSummary summary(SourceCounts s) {
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (SourceStatus st : SourceStatus.values()) {
            if (s.statuses[st.ordinal()] > 0) {
                statuses.put(st.text(), s.statuses[st.ordinal()]);
            }
        }
        if (s.statuses[s.statuses.length - 1] > 0) {
            statuses.put(SourceSummary.OTHER, s.statuses[s.statuses.length - 1]);
        }
        List<SourceSummary.Filled> filled = new ArrayList<>();
        for (int k = 0; k < s.own.length; k++) {
            boolean yesNo = !s.notYesNo[k] && s.filled[k] > 0;
            filled.add(new SourceSummary.Filled(
                    s.names.get(k), s.filled[k], yesNo, yesNo ? s.trues[k] : 0, yesNo ? s.falses[k] : 0));
        }
        return new SourceSummary(s.source, statuses, filled);
    }
}
