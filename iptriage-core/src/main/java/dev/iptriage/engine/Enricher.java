package dev.iptriage.engine;

import dev.iptriage.databases.Database;
import dev.iptriage.databases.DatabaseKind;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks addresses up in several databases at once and merges the answers into one row: for each
 * field the first database (in the order given) that has a value wins. Private and reserved
 * addresses are looked up too (local databases of internal ranges may know them) but keep their
 * status. Offline: only local .mmdb files are read. Thread-safe; build once, share.
 *
 * <p>Entry point: {@link #builder()}.
 */
public final class Enricher {
    final List<Column> columns;
    /** The built-in field of each column, {@code null} at a custom column's position. */
    private final List<Field> fields;

    final List<Bound> sources;
    final int networkSource;
    final boolean raw;
    final int precisionSlot;
    final int networkSlot;
    private final int rawSlot;
    /** The {@code source} column: per column, which database supplied the value; or -1. */
    final int sourceSlot;

    final int versionSlot;
    final int classSlot;
    /** The offline tags' columns, or null when none is among the columns. */
    final Tags.Slots tagSlots;

    record Bound(MmdbSource source, int[] targets, int citySlot, int subdivisionSlot) {}

    private Enricher(Builder b) {
        this.columns = List.copyOf(b.columns);
        this.fields = Collections.unmodifiableList(
                new ArrayList<>(columns.stream().map(Column::field).toList()));
        this.raw = fields.contains(Field.RAW);
        this.precisionSlot = fields.indexOf(Field.LOCATION_PRECISION);
        this.networkSlot = fields.indexOf(Field.NETWORK);
        this.rawSlot = fields.indexOf(Field.RAW);
        this.sourceSlot = fields.indexOf(Field.SOURCE);
        this.versionSlot = fields.indexOf(Field.IP_VERSION);
        this.classSlot = fields.indexOf(Field.IP_CLASS);
        this.tagSlots = b.tags == null ? null : b.tags.slots(columns);
        List<Bound> bound = new ArrayList<>();
        for (Database db : b.databases) {
            bound.add(bind(db, b.language));
        }
        this.sources = List.copyOf(bound);
        int net = -1;
        for (int i = 0; i < sources.size() && net < 0; i++) {
            if (sources.get(i).source.database().kind().hasAsn()) {
                net = i;
            }
        }
        this.networkSource = net;
    }

    private Bound bind(Database db, String tag) {
        // tags are case-insensitive: a file whose names are under "zh-cn" answers --lang zh-CN in its own spelling
        String lang = db.reader().metadata().languages().stream()
                .filter(tag::equalsIgnoreCase)
                .findFirst()
                .orElse(tag);
        Set<Field> can = db.kind().fields();
        List<Field> wanted = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (can.contains(f) && f != Field.LOCATION_PRECISION) {
                wanted.add(f);
                targets.add(i);
            }
        }
        int city = -1;
        int sub = -1;
        if (precisionSlot >= 0 && can.contains(Field.LATITUDE)) {
            city = addHidden(wanted, targets, Field.CITY);
            sub = addHidden(wanted, targets, Field.SUBDIVISION);
            if (!wanted.contains(Field.LATITUDE)) {
                addHidden(wanted, targets, Field.LATITUDE);
            }
        }
        List<List<String>> custom = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (c.isCustom() && c.source().equals(db.origin())) {
                custom.add(c.path());
                targets.add(i); // MmdbSource puts custom values after the fields' (hidden ones included)
            }
        }
        // every database is asked even when it fills none of the columns: whether an address is
        // found (its status) must not depend on which columns were chosen
        return new Bound(
                new MmdbSource(db, wanted, custom, lang),
                targets.stream().mapToInt(Integer::intValue).toArray(),
                city,
                sub);
    }

    private static int addHidden(List<Field> wanted, List<Integer> targets, Field f) {
        int i = wanted.indexOf(f);
        if (i < 0) {
            wanted.add(f);
            targets.add(-1);
            i = wanted.size() - 1;
        }
        return i;
    }

    /** Starts an enricher. */
    public static Builder builder() {
        return new Builder();
    }

    /** The columns of every {@link Enrichment#values()} array, in order. */
    public List<Column> columns() {
        return columns;
    }

    /** The databases, in order of precedence; each is asked for every address (status and network). */
    public List<Database> databases() {
        return sources.stream().map(s -> s.source.database()).toList();
    }

    /** Selected fields that none of the databases can fill. */
    public Set<Field> unavailable() {
        Set<Field> out = EnumSet.noneOf(Field.class);
        for (Field f : fields) {
            if (f == null // a custom column: its database is in use by construction
                    || f == Field.IP
                    || f == Field.STATUS
                    || f.isSighting()
                    || f == Field.RAW
                    || f == Field.IP_VERSION
                    || f == Field.IP_CLASS) {
                continue;
            }
            boolean any = sources.stream().anyMatch(s -> {
                DatabaseKind k = s.source.database().kind();
                return k.fields().contains(f) || (f == Field.NETWORK && !sources.isEmpty());
            });
            if (!any) {
                out.add(f);
            }
        }
        return out;
    }

    /** Looks one address up in every database. Never throws: database faults become error rows. */
    public Enrichment lookup(IpAddress address) {
        return assemble(find(List.of(address)), 0);
    }

    /**
     * Looks many addresses up; each database walks its tree for all of them in lockstep (see
     * {@link MmdbReader#findAll}), which is much faster than one by one on large databases.
     */
    public List<Enrichment> lookupAll(List<IpAddress> addresses) {
        Batch f = find(addresses);
        List<Enrichment> out = new ArrayList<>(f.size());
        for (int i = 0; i < f.size(); i++) {
            out.add(assemble(f, i));
        }
        return out;
    }

    /**
     * Where many addresses lead in every database, before any record is decoded: the first half of
     * {@link #lookupAll}, for {@link #enrichment} or a {@link CellRows}.
     */
    Batch find(List<IpAddress> addresses) {
        return find(addresses.toArray(IpAddress[]::new), addresses.size());
    }

    /** {@link #find(List)} of the first {@code n} addresses of {@code addresses}. */
    Batch find(IpAddress[] addresses, int n) {
        IpAddress[] a = new IpAddress[n];
        long[] his = new long[n];
        long[] los = new long[n];
        boolean[] v4s = new boolean[n];
        for (int i = 0; i < n; i++) {
            a[i] = addresses[i].unmap();
            his[i] = a[i].hi();
            los[i] = a[i].lo();
            v4s[i] = a[i].isV4();
        }
        long[][] results = new long[sources.size()][n];
        String[][] errors = new String[sources.size()][];
        for (int s = 0; s < sources.size(); s++) {
            MmdbReader reader = sources.get(s).source.database().reader();
            try {
                reader.findAll(his, los, v4s, n, results[s]);
            } catch (MmdbFormatException batchFailed) {
                errors[s] = new String[n]; // find the address(es) that reach the damage, one by one
                for (int i = 0; i < n; i++) {
                    try {
                        results[s][i] = reader.find(his[i], los[i], v4s[i]);
                    } catch (MmdbFormatException e) {
                        errors[s][i] = e.getMessage();
                        results[s][i] = 0;
                    }
                }
            }
        }
        return new Batch(a, results, errors);
    }

    /** The enrichment of address {@code i} of {@code f}. Never throws: database faults become error rows. */
    Enrichment enrichment(Batch f, int i) {
        return assemble(f, i);
    }

    /**
     * The tree results of a batch of addresses (see {@link #find}): per database, per address, a
     * packed {@link MmdbReader} result, or the reason the database could not answer.
     */
    static final class Batch {
        private final IpAddress[] addresses;
        private final long[][] results;
        private final String[][] errors;

        private Batch(IpAddress[] addresses, long[][] results, String[][] errors) {
            this.addresses = addresses;
            this.results = results;
            this.errors = errors;
        }

        /** How many addresses. */
        int size() {
            return addresses.length;
        }

        /** Address {@code i} as the databases were asked: IPv4-mapped IPv6 addresses as IPv4. */
        IpAddress address(int i) {
            return addresses[i];
        }

        long result(int s, int i) {
            return results[s][i];
        }

        boolean failed(int s, int i) {
            return errors[s] != null && errors[s][i] != null;
        }
    }

    private Enrichment assemble(Batch f, int i) {
        IpAddress a = f.addresses[i];
        long[][] results = f.results;
        String[][] errors = f.errors;
        Object[] out = new Object[fields.size()];
        Cidr network = null;
        boolean found = false;
        String error = null;
        String precision = null;
        Map<String, Object> rawRecords = raw ? new LinkedHashMap<>() : null;
        String[] supplier = sourceSlot >= 0 ? new String[out.length] : null;
        String networkFrom = null;
        for (int s = 0; s < sources.size(); s++) {
            Bound b = sources.get(s);
            if (errors[s] != null && errors[s][i] != null) {
                error = errors[s][i];
                continue;
            }
            long r = results[s][i];
            if (!MmdbReader.found(r)) {
                continue;
            }
            try {
                found = true;
                Object[] v = b.source.values(r);
                merge(v, b.targets, out);
                if (supplier != null) {
                    supplied(b, out, supplier);
                }
                if (precision == null && precisionSlot >= 0) {
                    precision = precision(b, v); // the first database with coordinates supplies them
                }
                if (network == null || s == networkSource) {
                    // the ASN database's network, else the first database's that has the address
                    network = Cidr.of(a, MmdbReader.prefix(r));
                    networkFrom = b.source.database().type();
                }
                if (raw) {
                    rawRecords.put(b.source.database().type(), b.source.record(r));
                }
            } catch (MmdbFormatException e) {
                error = e.getMessage();
            }
        }
        if (precisionSlot >= 0) {
            out[precisionSlot] = precision;
        }
        if (networkSlot >= 0) {
            out[networkSlot] = network;
        }
        if (raw) {
            out[rawSlot] = rawRecords.isEmpty() ? null : rawRecords;
        }
        if (supplier != null) {
            if (networkSlot >= 0 && network != null) {
                supplier[networkSlot] = networkFrom;
            }
            out[sourceSlot] = provenance(supplier);
        }
        fill(a, out);
        Status status = error != null ? Status.ERROR : classify(a, found);
        return new Enrichment(status, error, network, out);
    }

    private void fill(IpAddress a, Object[] out) {
        if (versionSlot >= 0) {
            out[versionSlot] = a.isV4() ? 4 : 6;
        }
        if (classSlot >= 0) {
            out[classSlot] = IpClass.of(a).label();
        }
        if (tagSlots != null) {
            tagSlots.fill(a, out);
        }
    }

    static Status classify(IpAddress a, boolean found) {
        return classify(IpClass.statusOf(a), found);
    }

    /** The status of a row from its address's {@link IpClass#statusOf(IpAddress)} and whether a database knew it. */
    static Status classify(String ipStatus, boolean found) {
        return switch (ipStatus) {
            case "private" -> Status.PRIVATE;
            case "reserved" -> Status.RESERVED;
            default -> found ? Status.OK : Status.NOT_FOUND;
        };
    }

    /** Marks the columns {@code b} filled (those with a value and no supplier yet: the first database wins). */
    private static void supplied(Bound b, Object[] out, String[] supplier) {
        for (int t : b.targets) {
            if (t >= 0 && supplier[t] == null && out[t] != null) {
                supplier[t] = b.source.database().type();
            }
        }
    }

    /** The {@code source} value: each column with a supplier, in column order, to the supplier's name; or null. */
    private Map<String, Object> provenance(String[] supplier) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int t = 0; t < supplier.length; t++) {
            if (supplier[t] != null) {
                m.put(columns.get(t).name(), supplier[t]);
            }
        }
        return m.isEmpty() ? null : m;
    }

    private static void merge(Object[] v, int[] targets, Object[] out) {
        for (int j = 0; j < v.length; j++) {
            int t = targets[j];
            if (t >= 0 && out[t] == null && v[j] != null) {
                out[t] = v[j];
            }
        }
    }

    static String precision(Bound b, Object[] v) {
        int lat = b.source.fields().indexOf(Field.LATITUDE);
        if (lat < 0 || v.length == 0 || v[lat] == null) {
            return null;
        }
        if (b.source.database().kind() == DatabaseKind.COUNTRY) {
            return "country";
        }
        if (b.citySlot >= 0 && v[b.citySlot] != null) {
            return "city";
        }
        return b.subdivisionSlot >= 0 && v[b.subdivisionSlot] != null ? "subdivision" : "country";
    }

    /** Configures an {@link Enricher}. */
    public static final class Builder {
        private final List<Database> databases = new ArrayList<>();
        private List<Column> columns = Column.of(Field.defaults());
        private String language = "en";
        private Tags tags;

        private Builder() {}

        /** Offline tags (lists, scanner rules) for their columns among the enricher's; null for none. */
        public Builder tags(Tags t) {
            this.tags = t;
            return this;
        }

        /** Adds a database; earlier ones take precedence for each field. */
        public Builder database(Database db) {
            databases.add(db);
            return this;
        }

        /** Adds databases in order. */
        public Builder databases(List<Database> dbs) {
            databases.addAll(dbs);
            return this;
        }

        /** The fields to fill (default: {@link Field#defaults()}). */
        public Builder fields(List<Field> f) {
            this.columns = Column.of(f);
            return this;
        }

        /**
         * The columns to fill, built-in and custom ({@link
         * dev.iptriage.databases.CustomColumns#discover}); a custom column whose database is not
         * added stays empty.
         */
        public Builder columns(List<Column> c) {
            this.columns = List.copyOf(c);
            return this;
        }

        /** Language for place names, e.g. {@code en}, {@code de}, {@code pt-BR} (falls back to English). */
        public Builder language(String lang) {
            this.language = dev.iptriage.text.LanguageTags.canonical(lang);
            return this;
        }

        /** Builds the enricher. */
        public Enricher build() {
            return new Enricher(this);
        }
    }
}
