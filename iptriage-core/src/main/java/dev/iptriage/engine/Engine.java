package dev.iptriage.engine;

import dev.iptriage.databases.CustomColumns;
import dev.iptriage.databases.Database;
import dev.iptriage.extract.InputMode;
import dev.iptriage.extract.SightingAggregator;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sink.Order;
import dev.iptriage.sink.RowFormat;
import dev.iptriage.sink.SinkFormat;
import dev.iptriage.sources.ColumnSource;
import dev.iptriage.sources.LocalSource;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.sources.SourceStats;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one way to run enrichment: the CLI's {@code enrich} and {@code report}, the web page and the
 * Spark module describe their work as a {@link Job} and call {@link #run} (rows written in a
 * format) or {@link #aggregate} (rows handed to a consumer, such as the report's). The engine holds
 * the databases, the language and the remote sources; per job it sniffs {@code --from auto} where
 * the columns depend on it, chooses the path and the columns ({@link #prepare}), runs it, and
 * returns one {@link RunSummary}.
 *
 * <p>The paths, all behind this class:
 *
 * <ul>
 *   <li>the list path ({@link JobRunner}): one address per line, parsed by {@link
 *       dev.iptriage.extract.ListParser}, looked up in blocks on worker threads, rows in input order;
 *       a repeated address's row is copied, and CSV rows are put together from cells kept with the
 *       database records ({@link CellRows}, {@link CsvCells}, {@link RowCache}: the fast path);
 *   <li>the log and text path ({@link SightingJob}): addresses found in lines by the extractors,
 *       one row per sighting or, with {@link Job.Shape#UNIQUE}, per address with its sighting
 *       columns;
 *   <li>the join ({@link JoinJob}): each CSV row with the enrichment of its address appended.
 * </ul>
 *
 * <p>Remote sources ({@link RemoteSource}) are asked per distinct address by a {@link RemoteStage}
 * on every path; their columns follow the databases' own. Thread-safe; build once, run many jobs.
 */
public final class Engine implements AutoCloseable {
    private final List<Database> databases;
    /** The databases this engine opened itself (local sources), closed by {@link #close}. */
    private final List<Database> opened;

    private final String language;
    private final List<RemoteSource> remotes;
    /** The offline tags, or null. */
    private final Tags tags;
    /** The databases' own keys, then the tags' columns, then the remote sources'. */
    private final List<Column> sourceColumns;

    /** Most column lists whose enricher (and record caches) the engine keeps. */
    static final int KEPT_COLUMN_LISTS = 16;

    private final Map<List<Column>, Enricher> enrichers = new ConcurrentHashMap<>();
    /** The CSV rows of an enricher's columns, kept so later jobs reuse the cells its records keep. */
    private final Map<Enricher, CellRows> csvRows = new ConcurrentHashMap<>();

    private Engine(Builder b, List<Database> opened) {
        List<Database> all = new ArrayList<>(b.databases);
        all.addAll(opened);
        this.databases = List.copyOf(all);
        this.opened = List.copyOf(opened);
        this.language = b.language;
        this.remotes = List.copyOf(b.remotes);
        this.tags = b.tags;
        Set<String> names = new HashSet<>(Field.names());
        List<Column> tagColumns = tags == null ? List.of() : tags.columns();
        tagColumns.forEach(c -> names.add(c.name()));
        // a custom database's key of a tag column's name gets its <type>.<key> name, as any taken name does
        List<Column> own = new ArrayList<>(CustomColumns.discover(databases, names));
        own.forEach(c -> names.add(c.name().toLowerCase(Locale.ROOT)));
        own.addAll(tagColumns);
        Set<String> sourceNames = new HashSet<>();
        for (RemoteSource s : remotes) {
            if (!SourceColumn.isName(s.name())) {
                throw new IllegalArgumentException("a remote source's name must be lower-case letters, digits"
                        + " and _, starting with a letter: " + CellText.terminalSafe(String.valueOf(s.name())));
            }
            if (!sourceNames.add(s.name())) {
                throw new IllegalArgumentException("two remote sources are named " + s.name());
            }
        }
        List<Column> remote = RemoteStage.columns(remotes);
        for (Column c : remote) {
            if (!names.add(c.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "remote source " + c.source() + ": its column " + c.name() + " has the name of another column");
            }
        }
        own.addAll(remote);
        this.sourceColumns = List.copyOf(own);
    }

    /** Closes the files of the local sources this engine opened (not the databases it was given). */
    @Override
    public void close() {
        opened.forEach(d -> d.reader().close());
    }

    /** Starts an engine. */
    public static Builder builder() {
        return new Builder();
    }

    /** The offline tags, or null. */
    public Tags tags() {
        return tags;
    }

    /** The databases, in order of precedence. */
    public List<Database> databases() {
        return databases;
    }

    /**
     * The columns a {@code --fields} value names, among the built-in ones and the sources' own
     * ({@link Column#parseList}).
     *
     * @throws IllegalArgumentException naming an unknown column and listing the valid ones
     */
    public List<Column> columns(String fields) {
        return withStatuses(parse(fields));
    }

    /**
     * Why {@link #columns(String)} added columns that {@code fields} does not name: one line per remote
     * source with a value column chosen without its {@code NAME_status} column, which is then added right
     * after the source's last chosen column (an empty {@code dnsbl} alone cannot tell "listed nowhere" from a
     * SERVFAIL, a timeout or an address never sent). For a note on standard error; empty when nothing was added.
     *
     * @throws IllegalArgumentException as {@link #columns(String)}
     */
    public List<String> statusesAdded(String fields) {
        List<Column> named = parse(fields);
        List<String> out = new ArrayList<>();
        for (Column c : withStatuses(named)) {
            if (!named.contains(c)) {
                List<String> values = named.stream()
                        .filter(v -> c.source().equals(v.source()) && !v.path().isEmpty())
                        .map(Column::name)
                        .toList();
                out.add("added " + c.name() + " after " + String.join(",", values) + ": without it an empty "
                        + values.getFirst() + " cannot be told from a failed or unsent lookup");
            }
        }
        return out;
    }

    /**
     * {@link Column#parseList}, except that a list or scanner column of a run without them says so: {@code tags} is no
     * unknown field, it needs a list (and {@code --no-lists} turned them off).
     */
    private List<Column> parse(String fields) {
        for (String raw : fields.split(",", -1)) {
            String n = raw.strip();
            boolean lists = Tags.LIST_COLUMNS.stream().anyMatch(c -> c.name().equalsIgnoreCase(n));
            boolean scanners =
                    Tags.SCANNER_COLUMNS.stream().anyMatch(c -> c.name().equalsIgnoreCase(n));
            if ((lists || scanners)
                    && sourceColumns.stream().noneMatch(c -> c.name().equalsIgnoreCase(n))) {
                throw new IllegalArgumentException("field '" + n + "' needs "
                        + (lists ? "a list (--list, or the lists folder)" : "the scanner rules")
                        + ", and this run reads none (--no-lists turns them off)");
            }
        }
        return Column.parseList(fields, sourceColumns);
    }

    /** {@code chosen} with each remote source's status column after its value columns when they are chosen alone. */
    private List<Column> withStatuses(List<Column> chosen) {
        List<Column> out = new ArrayList<>(chosen);
        for (RemoteSource s : remotes) {
            List<Column> own = RemoteStage.columns(List.of(s));
            Column status = own.getLast();
            int last = -1;
            for (int i = 0; i < out.size(); i++) {
                if (own.contains(out.get(i)) && !out.get(i).equals(status)) {
                    last = i;
                }
            }
            if (last >= 0 && !out.contains(status)) {
                out.add(last + 1, status);
            }
        }
        return out;
    }

    /**
     * A note when the databases have place names but none in the engine's language (they are in English then),
     * naming the languages they have; empty otherwise.
     */
    public java.util.Optional<String> languageNote() {
        return dev.iptriage.text.LanguageTags.missing(
                language,
                databases.stream().map(d -> d.reader().metadata().languages()).toList());
    }

    /** The enricher of these columns over the engine's databases (made once per column list). */
    public Enricher enricher(List<Column> columns) {
        if (enrichers.size() >= KEPT_COLUMN_LISTS && !enrichers.containsKey(columns)) {
            // a long-lived engine (the web page, Spark) meets many column lists: start afresh rather
            // than keep every list's record caches (a job holding an old enricher keeps using it)
            enrichers.clear();
            csvRows.clear();
        }
        return enrichers.computeIfAbsent(
                List.copyOf(columns),
                c -> Enricher.builder()
                        .databases(databases)
                        .columns(c)
                        .language(language)
                        .tags(tags)
                        .build());
    }

    /**
     * Lookups of single addresses and batches for these columns (the library's front door): the
     * enricher and the remote sources' stage are set up once here, not per call.
     */
    public Lookups lookups(List<Column> columns) {
        return new Lookups(enricher(columns), remote(columns));
    }

    /**
     * Looks addresses up for a fixed list of columns: the databases' answers (one batched tree walk
     * per database) and, when the columns hold a remote source's, that source's (each distinct
     * public address asked once while this object lives, up to the stage's cap). Never throws for an
     * address: a database fault is an error status, a source's failure its status column.
     * Thread-safe.
     */
    public static final class Lookups {
        private final Enricher enricher;
        private final RemoteStage remote;

        private Lookups(Enricher enricher, RemoteStage remote) {
            this.enricher = enricher;
            this.remote = remote;
        }

        /** What was sent to each remote source so far. */
        public List<SourceStats> sources() {
            return remote == null ? List.of() : remote.stats();
        }

        /** The enrichments of {@code addresses}, in order. */
        public List<Enrichment> lookupAll(List<IpAddress> addresses) {
            return lookupAll(addresses, null);
        }

        /**
         * The enrichments of {@code addresses}, in order; those marked in {@code networks} stand for a
         * network (a CIDR), which no remote source is asked about (status {@code skipped}).
         *
         * @param networks per address, whether it stands for a network; or null (none does)
         */
        public List<Enrichment> lookupAll(List<IpAddress> addresses, boolean[] networks) {
            List<Enrichment> out = enricher.lookupAll(addresses);
            if (remote != null && !addresses.isEmpty()) {
                RemoteStage.Answers answers = remote.resolve(addresses, networks, out);
                for (int i = 0; i < out.size(); i++) {
                    remote.fill(answers, i, out.get(i).values()); // each enrichment's own array
                }
            }
            return out;
        }
    }

    /** Which path a job takes. */
    public enum Path {
        /** One address per line ({@link InputMode#LIST}, or {@code auto} that found only lists in a report). */
        LIST,
        /** Addresses found in log or text lines. */
        SIGHTINGS,
        /** CSV rows with the enrichment appended. */
        JOIN
    }

    /**
     * A job made ready to run: its path, its columns and the enricher for them, and (for {@code
     * --from auto} where the columns depend on the formats) the inputs' formats, sniffed from their
     * first lines without consuming them. It runs once: its inputs are read once (standard input,
     * pipes), so a second {@link #run} or {@link #aggregate} of it is refused.
     */
    public static final class Prepared {
        private final Job job;
        private final Path path;
        private final ExtractSpec spec;
        private final List<InputMode> modes;
        private final List<Column> columns;
        private final Enricher enricher;
        private final boolean listsFound;
        private final Enricher keys;
        private final java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();

        Prepared(
                Job job,
                Path path,
                ExtractSpec spec,
                List<InputMode> modes,
                List<Column> columns,
                Enricher enricher,
                boolean listsFound,
                Enricher keys) {
            this.job = job;
            this.keys = keys;
            this.path = path;
            this.spec = spec;
            this.modes = List.copyOf(modes);
            this.columns = List.copyOf(columns);
            this.enricher = enricher;
            this.listsFound = listsFound;
        }

        /** The job. */
        public Job job() {
            return job;
        }

        /** The path it takes. */
        public Path path() {
            return path;
        }

        /** What the extraction reads (the inputs as sniffing left them). */
        public ExtractSpec spec() {
            return spec;
        }

        /** The formats of the inputs, when sniffed; else the job's mode. */
        public List<InputMode> modes() {
            return modes;
        }

        /** The columns of its rows, in order. */
        public List<Column> columns() {
            return columns;
        }

        /** The enricher for those columns. */
        public Enricher enricher() {
            return enricher;
        }

        /**
         * The enricher of the order's key column when the key is a database's value ({@code --sort asn},
         * {@code --sort country}), else null.
         */
        Enricher keys() {
            return keys;
        }

        /** Whether {@code --from auto} found address lists only, so a report takes the list path. */
        public boolean listsFound() {
            return listsFound;
        }

        /** Selected built-in columns that no database can fill. */
        public Set<Field> unavailable() {
            return enricher.unavailable();
        }

        /** Marks it run; throws when it ran already. */
        void start() {
            if (!ran.compareAndSet(false, true)) {
                throw new IllegalStateException("a prepared job runs once: its inputs are read once");
            }
        }
    }

    /**
     * Chooses the path and the columns of {@code job}, sniffing the inputs' formats where the
     * columns depend on them ({@code --from auto} with one row per address and a set of columns, and
     * every report).
     *
     * @throws IllegalArgumentException for a job that cannot run (unknown columns, a join that is not
     *     over {@code csv:COLUMN} or writes neither CSV nor JSON Lines)
     */
    public Prepared prepare(Job job) throws IOException {
        columns(job.fields()); // an unknown column is refused before any input is read
        ExtractSpec spec = new ExtractSpec(job.inputs(), job.mode(), job.extract(), job.year(), decoders(job));
        InputMode mode = job.mode();
        Job.Shape shape = job.shape();
        if (shape == Job.Shape.JOIN) {
            if (mode.kind() != InputMode.Kind.CSV) {
                throw new IllegalArgumentException("--keep-columns needs --from csv:COLUMN");
            }
            if (job.format() != SinkFormat.CSV && job.format() != SinkFormat.JSONL) {
                throw new IllegalArgumentException(
                        "--keep-columns writes one row per input row: csv or jsonl," + " without --unique");
            }
        }
        List<InputMode> modes = List.of(mode);
        boolean lists = false;
        if (mode.kind() == InputMode.Kind.AUTO && wantsSightingColumns(job)) {
            ExtractRunner.Sniffed s = ExtractRunner.sniffAll(spec);
            spec = s.spec();
            modes = s.modes();
            // plain address lists take the list path in a report (statuses for bad lines, --strict);
            // any log among the inputs takes the sightings path, with the columns of every input's format
            lists = shape == Job.Shape.AGGREGATE
                    && !modes.isEmpty()
                    && modes.stream().allMatch(m -> m.kind() == InputMode.Kind.LIST);
        }
        Path path = shape == Job.Shape.JOIN
                ? Path.JOIN
                : mode.kind() == InputMode.Kind.LIST || lists ? Path.LIST : Path.SIGHTINGS;
        List<Column> columns = columnsOf(job, path, modes);
        Enricher keys = null;
        if (job.order().sorted()) {
            checkOrder(job, path, modes);
            if (job.order().key().lookedUp()) {
                keys = enricher(Column.of(List.of(job.order().key().field())));
            }
        }
        return new Prepared(job, path, spec, modes, columns, enricher(columns), lists, keys);
    }

    /**
     * Refuses an order the job cannot have: one of rows that are not one per address, a time key
     * without a log format that has times, a database key that an online source may answer instead.
     */
    private void checkOrder(Job job, Path path, List<InputMode> modes) {
        Order.Key key = job.order().key();
        if (job.shape() != Job.Shape.UNIQUE) {
            throw new IllegalArgumentException("--sort and --top order one row per address: add --unique");
        }
        if (key.timed()
                && (path != Path.SIGHTINGS || !SightingColumns.forModes(modes).contains(Field.FIRST_SEEN))) {
            String found;
            if (path != Path.SIGHTINGS) {
                found = "an address list has none";
            } else if (job.mode().kind() != InputMode.Kind.AUTO) {
                found = "--from " + job.mode() + " has none";
            } else if (modes.stream()
                    .allMatch(m -> m.kind() == InputMode.Kind.LIST || m.kind() == InputMode.Kind.TEXT)) {
                found = "--from auto found an address list (no times)";
            } else {
                found = "--from auto found no log format with times";
            }
            throw new IllegalArgumentException("--sort " + key.id()
                    + " needs a log format with times (--from nginx, apache, sshd, fail2ban, syslog, or auto on"
                    + " such a log), and " + found + ": use --sort count or ip");
        }
        if (key.lookedUp()) {
            for (RemoteSource r : remotes) {
                if (r.fills().contains(key.field())) {
                    throw new IllegalArgumentException("--sort " + key.id() + " sorts by the databases' values, and "
                            + r.name() + " may answer that column instead: sort its output in a second step");
                }
            }
        }
    }

    /**
     * The columns of a job: {@code --fields}, then {@code count} with {@link Job.Shape#UNIQUE}, then
     * on the log path the sighting columns of the inputs' formats (with {@code UNIQUE} and a set
     * named, or always in an aggregate), then {@code raw}.
     */
    private List<Column> columnsOf(Job job, Path path, List<InputMode> modes) {
        List<Field> extra = new ArrayList<>();
        if (job.shape() == Job.Shape.UNIQUE) {
            extra.add(Field.COUNT);
        }
        if (path == Path.SIGHTINGS && wantsSightingColumns(job)) {
            for (Field f : SightingColumns.forModes(modes)) {
                if (!extra.contains(f)) {
                    extra.add(f);
                }
            }
        }
        if (job.raw()) {
            extra.add(Field.RAW);
        }
        List<Column> c = new ArrayList<>(columns(job.fields()));
        for (Column x : Column.of(extra)) {
            if (!c.contains(x)) {
                c.add(x);
            }
        }
        return c;
    }

    /**
     * Whether the job's columns include the sighting columns of its inputs' formats (on the log
     * path): always in an aggregate, with one row per address when {@code --fields} names a set.
     */
    private static boolean wantsSightingColumns(Job job) {
        return job.shape() == Job.Shape.AGGREGATE || (job.shape() == Job.Shape.UNIQUE && namesASet(job.fields()));
    }

    /** Whether a {@code --fields} value names {@code default} or {@code all}. */
    static boolean namesASet(String fields) {
        return Arrays.stream(fields.split(","))
                .map(p -> p.strip().toLowerCase(Locale.ROOT))
                .anyMatch(p -> p.equals("default") || p.equals("all"));
    }

    /** Prepares and runs {@code job}, writing its rows to {@code out} (not closed). */
    public RunSummary run(Job job, OutputStream out, ProgressListener progress) throws IOException {
        return run(prepare(job), out, progress);
    }

    /**
     * Runs a prepared job, writing its rows to {@code out} (not closed).
     *
     * @throws IOException when {@code out} fails (an input that cannot be read is not an exception:
     *     the summary lists it)
     * @throws IllegalArgumentException when a join's input has no header, and the like
     */
    public RunSummary run(Prepared p, OutputStream out, ProgressListener progress) throws IOException {
        Job job = p.job();
        if (job.shape() == Job.Shape.AGGREGATE) {
            throw new IllegalArgumentException("an aggregate job runs with aggregate()");
        }
        p.start();
        RemoteStage remote = remote(p.columns());
        RunSummary s = switch (p.path()) {
            case LIST -> JobRunner.run(listSpec(p, job.format(), remote), csvRows(p, remote), out, progress);
            case SIGHTINGS ->
                RunSummary.ofSightings(SightingJob.run(
                        p.spec(),
                        p.enricher(),
                        remote,
                        job.format(),
                        job.shape() == Job.Shape.UNIQUE,
                        maxDistinct(job, SightingAggregator.defaultMaxDistinct()),
                        new RowSorter.Spec(job.order(), p.keys()),
                        out,
                        progress));
            case JOIN ->
                RunSummary.ofSightings(
                        JoinJob.run(p.spec(), p.enricher(), remote, job.format() == SinkFormat.JSONL, out, progress));
        };
        return withSources(s, remote);
    }

    /**
     * Runs a prepared {@link Job.Shape#AGGREGATE} job: one row per distinct address (with its count
     * and, on the log path, its sighting columns) to a row format from {@code consumer}, one per
     * worker thread; nothing is written.
     */
    public RunSummary aggregate(Prepared p, Supplier<RowFormat> consumer, ProgressListener progress)
            throws IOException {
        Job job = p.job();
        if (job.shape() != Job.Shape.AGGREGATE) {
            throw new IllegalArgumentException("only an aggregate job runs with aggregate()");
        }
        p.start();
        RemoteStage remote = remote(p.columns());
        RunSummary s = p.path() == Path.LIST
                ? JobRunner.run(
                        listSpec(p, SinkFormat.CSV, remote),
                        columns -> consumer.get(),
                        OutputStream.nullOutputStream(),
                        progress)
                : RunSummary.ofSightings(SightingJob.aggregate(
                        p.spec(),
                        p.enricher(),
                        remote,
                        consumer.get(),
                        maxDistinct(job, SightingAggregator.defaultMaxDistinct()),
                        progress));
        return withSources(s, remote);
    }

    private JobSpec listSpec(Prepared p, SinkFormat format, RemoteStage remote) {
        Job job = p.job();
        int threads = job.threads() != Job.DEFAULT
                ? job.threads()
                : Runtime.getRuntime().availableProcessors();
        return new JobSpec(
                p.spec().inputs(),
                p.enricher(),
                format,
                job.shape() != Job.Shape.ROWS,
                job.strict(),
                Math.max(1, threads),
                maxDistinct(job, JobSpec.defaultMaxDistinct()),
                job.extract().keepMapped(),
                remote,
                new RowSorter.Spec(job.order(), p.keys()));
    }

    /** Worker threads decoding log or text lines beside the reading thread. */
    private static int decoders(Job job) {
        return job.threads() != Job.DEFAULT
                ? job.threads()
                : Runtime.getRuntime().availableProcessors();
    }

    private static int maxDistinct(Job job, int fallback) {
        return job.maxDistinct() != Job.DEFAULT ? job.maxDistinct() : fallback;
    }

    /**
     * A stage for the remote sources whose columns are among {@code columns}, their own or built-in ones they fill
     * ({@link RemoteSource#fills()}; {@code raw} selects those that fill any), or null.
     */
    private RemoteStage remote(List<Column> columns) {
        List<RemoteSource> used = remotes.stream()
                .filter(s -> columns.stream()
                        .anyMatch(c -> s.name().equals(c.source())
                                || c.field() != null && s.fills().contains(c.field())
                                // --raw: a source that answers the databases' columns gives its whole answer too
                                || c.field() == Field.RAW && !s.fills().isEmpty()))
                .toList();
        if (used.isEmpty()) {
            return null;
        }
        Tags.Slots slots = tags == null ? null : tags.slots(columns);
        return new RemoteStage(used, columns, slots != null && slots.readsPtr() ? slots : null);
    }

    /** The CSV rows of the job's enricher, when its rows can be made of cells. */
    CellRows csvRows(Prepared p, RemoteStage remote) {
        if (p.job().format() != SinkFormat.CSV
                || p.columns().size() < 2
                || remote != null
                || !CellRows.supports(p.enricher())) {
            return null;
        }
        return csvRows.computeIfAbsent(p.enricher(), Engine::newCsvRows);
    }

    /** New CSV rows of {@code e}'s columns (each thread encodes with its own {@link CsvCells}). */
    static CellRows newCsvRows(Enricher e) {
        ThreadLocal<CsvCells> cells = ThreadLocal.withInitial(CsvCells::new);
        return new CellRows(e, (value, column) -> cells.get().cell(value, column));
    }

    private static RunSummary withSources(RunSummary s, RemoteStage remote) {
        return remote == null ? s : s.withSources(remote.stats());
    }

    /** Configures an {@link Engine}. */
    public static final class Builder {
        private final List<Database> databases = new ArrayList<>();
        private final List<RemoteSource> remotes = new ArrayList<>();
        private final List<LocalSource> locals = new ArrayList<>();
        private String language = "en";
        private Tags tags;

        private Builder() {}

        /** Adds databases in order; earlier ones take precedence for each column. */
        public Builder databases(List<Database> dbs) {
            databases.addAll(dbs);
            return this;
        }

        /** Language for place names, e.g. {@code en}, {@code de}, {@code pt-BR} (falls back to English). */
        public Builder language(String lang) {
            this.language = dev.iptriage.text.LanguageTags.canonical(Objects.requireNonNull(lang, "language"));
            return this;
        }

        /**
         * Tags addresses with lists and scanner rules (their columns join the sources' own, so {@code default}
         * and {@code all} include them); null for none.
         */
        public Builder tags(Tags t) {
            this.tags = t;
            return this;
        }

        /**
         * Adds a source of columns. A remote source's columns join the sources' own ({@code default}
         * and {@code all} include them), and it is asked only in jobs that select one of them. A
         * local source's file is opened by {@link #build} and closed by {@link Engine#close}.
         */
        public Builder source(ColumnSource source) {
            switch (Objects.requireNonNull(source, "source")) {
                case RemoteSource r -> remotes.add(r);
                case LocalSource l -> locals.add(l);
            }
            return this;
        }

        /**
         * Builds the engine, opening the local sources' files.
         *
         * @throws IOException naming a local source's file that cannot be opened or is not a sound
         *     .mmdb file
         */
        public Engine build() throws IOException {
            List<Database> opened = new ArrayList<>();
            try {
                for (LocalSource l : locals) {
                    opened.add(Database.open(l.file()));
                }
                return new Engine(this, opened);
            } catch (IOException | RuntimeException e) {
                opened.forEach(d -> d.reader().close());
                throw e;
            }
        }
    }
}
