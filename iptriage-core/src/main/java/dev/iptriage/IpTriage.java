package dev.iptriage;

import dev.iptriage.databases.BuiltinDatabases;
import dev.iptriage.databases.Database;
import dev.iptriage.engine.Engine;
import dev.iptriage.engine.Enrichment;
import dev.iptriage.engine.Tags;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.lists.IpList;
import dev.iptriage.lists.ListIndex;
import dev.iptriage.lists.ListReader;
import dev.iptriage.mmdb.MmdbFormatException;
import dev.iptriage.mmdb.MmdbReader;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.model.Status;
import dev.iptriage.scanners.ScannerRules;
import dev.iptriage.sources.ColumnSource;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The entry point for Java programs: looks IP addresses up in MaxMind GeoIP2/GeoLite2, DB-IP or
 * other {@code .mmdb} databases, offline, as {@code iptriage enrich} does, and answers with typed,
 * immutable {@link IpInfo}s.
 *
 * <pre>{@code
 * try (IpTriage triage = IpTriage.builder()
 *         .database(Path.of("GeoLite2-City.mmdb"))
 *         .database(Path.of("GeoLite2-ASN.mmdb"))
 *         .build()) {
 *     IpInfo info = triage.lookup("8.8.8.8");
 *     info.location().flatMap(IpInfo.Location::countryIso).ifPresent(System.out::println); // US
 *     info.autonomousSystem().ifPresent(as -> System.out.println(as.number()));             // 15169
 *     List<IpInfo> many = triage.lookupAll(List.of("1.1.1.1", "2001:db8::1", "not an ip"));
 * }
 * }</pre>
 *
 * <p>No exception per address: an input that is not an address is {@link Status#INVALID}, a
 * database that cannot answer (a damaged file) gives {@link Status#ERROR} with the reason. Null
 * inputs are programming errors: {@link NullPointerException}.
 *
 * <p>Thread-safe: build one instance and share it; lookups from many threads need no locking.
 * {@link #close()} lets the databases go; calls after it throw {@link IllegalStateException}.
 */
public final class IpTriage implements AutoCloseable {
    /**
     * Addresses looked up together: each database walks its tree for a batch in lockstep ({@link
     * Engine.Lookups#lookupAll}); also how far a {@link #lookupAll(Stream) stream} reads ahead.
     */
    static final int BATCH = 256;

    /** The columns the typed parts of {@link IpInfo} are made of, read whatever the columns chosen. */
    static final List<Field> PART_FIELDS = List.of(
            Field.COUNTRY_ISO,
            Field.COUNTRY,
            Field.CITY,
            Field.SUBDIVISION,
            Field.POSTAL_CODE,
            Field.LATITUDE,
            Field.LONGITUDE,
            Field.ACCURACY_RADIUS,
            Field.TIME_ZONE,
            Field.ASN,
            Field.AS_ORG,
            Field.ISP,
            Field.ORGANIZATION,
            Field.CONNECTION_TYPE,
            Field.USER_TYPE,
            Field.DOMAIN,
            Field.IS_ANONYMOUS,
            Field.IS_ANONYMOUS_VPN,
            Field.IS_HOSTING_PROVIDER,
            Field.IS_PUBLIC_PROXY,
            Field.IS_RESIDENTIAL_PROXY,
            Field.IS_TOR_EXIT_NODE);

    private final ColumnIndex columns;
    private final String language;
    private final List<String> origins;
    private final List<String> attributions;

    /** The open databases and the engine over them; null once closed. */
    private volatile Open open;

    private record Open(Engine engine, Engine.Lookups lookups, List<Database> databases) {}

    /**
     * A text or address to look up: {@code address} null when {@code invalid} says why not; {@code
     * input} null when the address was given, not text.
     */
    private record Query(String input, IpAddress address, String invalid) {}

    private IpTriage(List<Database> dbs, Engine engine, List<Column> columns, String language, List<String> problems) {
        this.listProblems = List.copyOf(problems);
        this.columns = new ColumnIndex(columns);
        this.language = language;
        this.origins = engine.databases().stream().map(Database::origin).toList();
        this.attributions = List.copyOf(new LinkedHashSet<>(engine.databases().stream()
                .flatMap(d -> d.attribution().stream())
                .toList()));
        this.open = new Open(engine, engine.lookups(columns), List.copyOf(dbs));
    }

    private final List<String> listProblems;

    /**
     * The bad lines of the lists added with {@link Builder#list(Path)}, skipped: each {@code FILE:LINE: what,
     * expected what} (the first 100 of a list, then a count of the rest); empty when there were none.
     *
     * @return the problems
     */
    public List<String> listProblems() {
        return listProblems;
    }

    /**
     * Starts a builder: no databases (the embedded ones), the default columns, English.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The columns every {@link IpInfo} answers {@link IpInfo#value(String)} for, in order: the ones
     * chosen ({@link Builder#columns}), then the columns of the typed parts not among them.
     *
     * @return an unmodifiable list
     */
    public List<Column> columns() {
        return columns.columns();
    }

    /**
     * The databases, in order of precedence: each one's file path, or {@code builtin:NAME} for the
     * embedded ones.
     *
     * @return an unmodifiable list
     */
    public List<String> databases() {
        return origins;
    }

    /**
     * What the data's licences ask to be shown with answers (the embedded data's CC BY 4.0
     * attribution, and the first line of a {@code FILE.mmdb.LICENSE.txt} beside a database file),
     * without repeats.
     *
     * @return an unmodifiable list, empty when no database has one
     */
    public List<String> attributions() {
        return attributions;
    }

    /**
     * The language of place names, as given to {@link Builder#language(String)}.
     *
     * @return e.g. {@code en}, {@code de}, {@code pt-BR}
     */
    public String language() {
        return language;
    }

    /**
     * Looks one address up. The text is one address, read leniently: white space around it, a port
     * ({@code 192.0.2.1:80}, {@code [2001:db8::1]:443}) and an IPv6 zone id ({@code fe80::1%eth0}, not
     * looked up) are allowed; no DNS names, no CIDR networks, no leading zeros in IPv4 octets (see
     * {@link IpLiteral}). An IPv4-mapped IPv6 address is looked up as its IPv4 address.
     *
     * @param text the address
     * @return the answer; {@link Status#INVALID} with the reason when the text is not an address
     * @throws NullPointerException when {@code text} is null
     * @throws IllegalStateException when this instance is closed
     */
    public IpInfo lookup(String text) {
        return answer(List.of(query(text))).get(0);
    }

    /**
     * Looks one address up (its scope id, if any, is ignored; never a DNS lookup).
     *
     * @param address the address
     * @return the answer; {@link IpInfo#input()} is the address's canonical text
     * @throws NullPointerException when {@code address} is null
     * @throws IllegalStateException when this instance is closed
     */
    public IpInfo lookup(InetAddress address) {
        return answer(List.of(query(address))).get(0);
    }

    /**
     * Looks many addresses up, 256 at a time, each batch walking every database's tree
     * in lockstep: faster than one by one on large databases, same answers.
     *
     * @param texts addresses as {@link #lookup(String)} reads them
     * @return one answer per text, in the same order
     * @throws NullPointerException when the list or one of its texts is null
     * @throws IllegalStateException when this instance is closed
     */
    public List<IpInfo> lookupAll(List<String> texts) {
        List<Query> qs = new ArrayList<>(texts.size());
        for (String t : texts) {
            qs.add(query(t));
        }
        return answer(qs);
    }

    /**
     * Looks many addresses up as {@link #lookupAll(List)} does.
     *
     * @param addresses the addresses
     * @return one answer per address, in the same order
     * @throws NullPointerException when the list or one of its addresses is null
     * @throws IllegalStateException when this instance is closed
     */
    public List<IpInfo> lookupAllAddresses(List<? extends InetAddress> addresses) {
        List<Query> qs = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            qs.add(query(a));
        }
        return answer(qs);
    }

    /**
     * Looks the texts of a stream up lazily, in batches of 256 ({@link #lookupAll(List)}),
     * in order: each answer is computed when the returned stream needs it, reading at most one batch
     * of texts ahead. Closing the returned stream closes {@code texts}. The returned stream is
     * sequential; a null text fails it with {@link NullPointerException} when its batch is read, and
     * a batch read after {@link #close()} with {@link IllegalStateException}.
     *
     * @param texts addresses as {@link #lookup(String)} reads them
     * @return one answer per text, in the same order
     */
    public Stream<IpInfo> lookupAll(Stream<String> texts) {
        Iterator<String> in = texts.iterator();
        Spliterator<IpInfo> out =
                new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
                    private Iterator<IpInfo> batch = Collections.emptyIterator();

                    @Override
                    public boolean tryAdvance(Consumer<? super IpInfo> action) {
                        if (!batch.hasNext()) {
                            List<String> next = new ArrayList<>(BATCH);
                            while (next.size() < BATCH && in.hasNext()) {
                                next.add(in.next());
                            }
                            if (next.isEmpty()) {
                                return false;
                            }
                            batch = lookupAll(next).iterator();
                        }
                        action.accept(batch.next());
                        return true;
                    }
                };
        return StreamSupport.stream(out, false).onClose(texts::close);
    }

    /**
     * Lets the databases go: the memory of the embedded data and the mappings of the files are freed
     * once no lookup in progress uses them. Lookups after this throw {@link IllegalStateException};
     * lookups already running finish normally. Closing twice does nothing.
     */
    @Override
    public void close() {
        Open o = open;
        open = null;
        if (o != null) {
            o.engine().close();
            o.databases().forEach(d -> d.reader().close());
        }
    }

    private static Query query(String text) {
        IpLiteral.Parsed p = IpLiteral.parse(Objects.requireNonNull(text, "text"));
        if (!p.ok()) {
            return new Query(text, null, p.error());
        }
        if (p.isNetwork()) {
            return new Query(text, null, "a network (CIDR), not one address");
        }
        return new Query(text, p.address(), null);
    }

    private static Query query(InetAddress address) {
        IpAddress a =
                IpAddress.ofBytes(Objects.requireNonNull(address, "address").getAddress());
        return new Query(null, a, null); // the input is the address's text, made when asked for
    }

    private Open open() {
        Open o = open;
        if (o == null) {
            throw new IllegalStateException("this IpTriage is closed");
        }
        return o;
    }

    private List<IpInfo> answer(List<Query> qs) {
        Open e = open();
        List<IpInfo> out = new ArrayList<>(qs.size());
        for (int from = 0; from < qs.size(); from += BATCH) {
            answer(e, qs.subList(from, Math.min(qs.size(), from + BATCH)), out);
        }
        return out;
    }

    private void answer(Open e, List<Query> qs, List<IpInfo> out) {
        List<IpAddress> valid = new ArrayList<>(qs.size());
        for (Query q : qs) {
            if (q.address != null) {
                valid.add(q.address);
            }
        }
        List<Enrichment> found = valid.isEmpty() ? List.of() : e.lookups().lookupAll(valid);
        Cidr[] missed = missNetworks(e, valid, found);
        int k = 0;
        for (Query q : qs) {
            if (q.address == null) {
                out.add(IpInfo.invalid(q.input, q.invalid, columns));
                continue;
            }
            Enrichment r = found.get(k);
            Cidr network = r.network() != null ? r.network() : missed[k];
            out.add(IpInfo.of(q.input, q.address, r.status(), r.error(), network, columns, r.values()));
            k++;
        }
    }

    /**
     * For the addresses no database has (and no database failed on): the largest network around
     * each for which no database has a record, the intersection of the databases' empty networks
     * (they all hold the address, so the one with the longest prefix); null where no database can
     * say (prefix 0). Looked up in a batch per database, as the enricher does.
     */
    private static Cidr[] missNetworks(Open e, List<IpAddress> addresses, List<Enrichment> found) {
        Cidr[] out = new Cidr[addresses.size()];
        int[] which = new int[addresses.size()];
        int n = 0;
        for (int i = 0; i < addresses.size(); i++) {
            Enrichment r = found.get(i);
            if (r.network() == null && r.status() != Status.ERROR) {
                which[n++] = i;
            }
        }
        if (n == 0) {
            return out;
        }
        long[] his = new long[n];
        long[] los = new long[n];
        boolean[] v4s = new boolean[n];
        IpAddress[] asked = new IpAddress[n];
        for (int j = 0; j < n; j++) {
            asked[j] = addresses.get(which[j]).unmap();
            his[j] = asked[j].hi();
            los[j] = asked[j].lo();
            v4s[j] = asked[j].isV4();
        }
        int[] best = new int[n];
        long[] results = new long[n];
        for (Database db : e.engine().databases()) {
            MmdbReader reader = db.reader();
            try {
                reader.findAll(his, los, v4s, n, results);
            } catch (MmdbFormatException batchFailed) {
                for (int j = 0; j < n; j++) {
                    try {
                        results[j] = reader.find(his[j], los[j], v4s[j]);
                    } catch (MmdbFormatException damaged) {
                        results[j] = 0; // says nothing (prefix 0); the tree walk failed
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                best[j] = Math.max(best[j], MmdbReader.prefix(results[j]));
            }
        }
        for (int j = 0; j < n; j++) {
            if (best[j] > 0) {
                out[which[j]] = Cidr.of(asked[j], best[j]);
            }
        }
        return out;
    }

    /**
     * Configures an {@link IpTriage}: which databases, which columns, which language. Not
     * thread-safe; {@link #build()} opens the databases.
     */
    public static final class Builder {
        private final List<Path> databases = new ArrayList<>();
        private final List<ColumnSource> sources = new ArrayList<>();
        private final List<Path> lists = new ArrayList<>();
        private final List<Path> scannerRules = new ArrayList<>();
        private boolean scanners;
        private String columns = "default";
        private String language = "en";

        private Builder() {}

        /**
         * Adds a database file; databases added earlier take precedence for each column. With none
         * added, the embedded country + ASN data is used (as the command line does).
         *
         * @param file an {@code .mmdb} file: MaxMind GeoIP2/GeoLite2 (City, Country, ASN, ISP,
         *     Connection-Type, Domain, Anonymous-IP, Enterprise), DB-IP, or any other, whose own keys
         *     are then columns
         * @return this builder
         */
        public Builder database(Path file) {
            databases.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /**
         * Adds database files in order of precedence, as {@link #database(Path)} does.
         *
         * @param files the files
         * @return this builder
         */
        public Builder databases(List<Path> files) {
            files.forEach(this::database);
            return this;
        }

        /**
         * Adds the embedded country + ASN data at this place in the order of precedence (as {@code
         * --db builtin} does), for example after a City file to fill what it lacks.
         *
         * @return this builder
         */
        public Builder builtinDatabases() {
            databases.add(null);
            return this;
        }

        /**
         * The columns {@link IpInfo#value(String)} answers for, in {@code --fields} syntax: {@code
         * default} (the command line's default columns, then every custom database's own keys),
         * {@code all} (every column, then the custom keys), or names separated by commas, built-in
         * ({@code continent,metro_code,raw}) or custom ({@code site,tags.team}); case is ignored.
         * The columns of the typed parts are always read. Default: {@code default}.
         *
         * @param spec the columns
         * @return this builder
         */
        public Builder columns(String spec) {
            this.columns = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /**
         * The language of place names (country, city, subdivision, continent), as in the databases'
         * {@code names} maps: {@code en} (default), {@code de}, {@code es}, {@code fr}, {@code ja},
         * {@code pt-BR}, {@code ru}, {@code zh-CN}; a name missing in that language is given in
         * English.
         *
         * @param lang the language code
         * @return this builder
         */
        public Builder language(String lang) {
            if (Objects.requireNonNull(lang, "lang").isBlank()) {
                throw new IllegalArgumentException("the language is blank");
            }
            this.language = lang.strip();
            return this;
        }

        /**
         * Adds a source of columns ({@link dev.iptriage.sources}): a remote one (reverse DNS, a DNS
         * blocklist, a web service: its columns join the default ones, it is asked each distinct
         * public address once while the instance lives (up to a cap), never a private or reserved
         * one unless it is local, and its answer and {@code NAME_status} are {@link
         * IpInfo#value(String)}s), or a local .mmdb file after the databases. Nothing is sent
         * anywhere unless a remote source is added.
         */
        public Builder source(ColumnSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /**
         * Adds a blocklist or watchlist file, as {@code --list} does: plain addresses, CIDRs and ranges, FireHOL
         * {@code .ipset}/{@code .netset}, Feodo Tracker, Spamhaus DROP, Tor exits, MISP warninglist JSON or OpenFilters
         * files, the format read from the content. With a list, the columns {@code tags} and {@code tag_details}
         * (the lists that cover an address, with their most specific entry) and the scanner columns ({@link
         * #scanners()}) join the default ones. Nothing is sent anywhere. A bad line of a list is skipped; {@link
         * IpTriage#listProblems()} says which.
         *
         * @param file the list
         * @return this builder
         */
        public Builder list(Path file) {
            lists.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /**
         * Identifies known benign actors (research scanners, search crawlers, security vendors) by the shipped
         * scanner rules' networks: the columns {@code scanner}, {@code scanner_category} and {@code
         * scanner_evidence} join the default ones (a lookup has no PTR answer or User-Agent, so the evidence is
         * {@code cidr}).
         *
         * @return this builder
         */
        public Builder scanners() {
            this.scanners = true;
            return this;
        }

        /**
         * Lays a scanner rules file over the shipped rules ({@code --scanner-rules}; the format is in the project's
         * {@code examples/scanner-rules.txt}), and turns the scanner columns on ({@link #scanners()}).
         *
         * @param file the rules
         * @return this builder
         */
        public Builder scannerRules(Path file) {
            scannerRules.add(Objects.requireNonNull(file, "file"));
            this.scanners = true;
            return this;
        }

        /** The offline tags of the lists and rules added, or null when none is. */
        private Tags tags(List<String> problems) throws IOException {
            if (lists.isEmpty() && !scanners) {
                return null;
            }
            List<IpList> read = new ArrayList<>();
            for (Path f : lists) {
                IpList l = ListReader.read(f);
                l.problems().forEach(p -> problems.add(p.format(f.toString())));
                if (l.problemCount() > l.problems().size()) {
                    problems.add(f + ": " + (l.problemCount() - l.problems().size()) + " more bad lines");
                }
                read.add(l);
            }
            ScannerRules rules = ScannerRules.shipped();
            for (Path f : scannerRules) {
                rules = rules.merge(ScannerRules.read(f));
            }
            return new Tags(read.isEmpty() ? null : ListIndex.of(read), rules);
        }

        /**
         * Opens the databases (files are memory-mapped and checked) and builds the instance.
         *
         * @return the instance; close it when done
         * @throws IOException when a file is missing, unreadable or not a valid {@code .mmdb} (the
         *     message names it), a list file is not a list at all or a rules file is bad (the message names
         *     the file and line), or the embedded data is missing from the build
         * @throws IllegalArgumentException when {@link #columns(String)} names an unknown column, or
         *     one that only a log run fills ({@code count}, {@code first_seen}, ...); the message lists
         *     the valid ones
         */
        public IpTriage build() throws IOException {
            List<Database> opened = new ArrayList<>();
            Engine engine = null;
            try {
                if (databases.isEmpty()) {
                    opened.addAll(BuiltinDatabases.open());
                }
                for (Path p : databases) {
                    if (p == null) {
                        opened.addAll(BuiltinDatabases.open());
                    } else {
                        opened.add(Database.open(p));
                    }
                }
                List<String> problems = new ArrayList<>();
                Engine.Builder b =
                        Engine.builder().databases(opened).language(language).tags(tags(problems));
                sources.forEach(b::source);
                engine = b.build();
                List<Column> chosen = engine.columns(columns);
                for (Column c : chosen) {
                    if (c.field() != null && c.field().isSighting()) {
                        throw new IllegalArgumentException("column " + c.name()
                                + " is filled from the sightings of a log run (iptriage enrich --unique),"
                                + " not by a lookup");
                    }
                }
                List<Column> all = new ArrayList<>(chosen);
                for (Column c : Column.of(PART_FIELDS)) {
                    if (!all.contains(c)) {
                        all.add(c);
                    }
                }
                return new IpTriage(opened, engine, all, language, problems);
            } catch (IOException | RuntimeException e) {
                // whatever failed, nothing opened here is left open: the engine's own files, then the databases
                if (engine != null) {
                    engine.close();
                }
                opened.forEach(d -> d.reader().close());
                throw e;
            }
        }
    }
}
