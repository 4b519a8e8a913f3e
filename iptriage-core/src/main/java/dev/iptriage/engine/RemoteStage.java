package dev.iptriage.engine;

import dev.iptriage.extract.Found;
import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import dev.iptriage.ip.IpClass;
import dev.iptriage.ip.IpLiteral;
import dev.iptriage.model.Column;
import dev.iptriage.model.Field;
import dev.iptriage.sources.RemoteSource;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.sources.SourceStats;
import dev.iptriage.sources.SourceStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The remote sources of one run: asks each source every distinct public address once (repeats reuse
 * the first answer, up to {@link #KEPT} addresses per source), at most {@link
 * RemoteSource#maxConcurrency()} at a time, gives up after {@link RemoteSource#timeout()}, and
 * writes the answers into rows. Private and reserved addresses are never handed to a source that is
 * not local: they get {@link SourceStatus#SKIPPED}. Thread-safe: the worker threads call {@link
 * #resolve} for their blocks, each waiting for its own block's answers, so input order is kept by
 * the writer as for any block.
 */
final class RemoteStage {
    /**
     * Most answers kept per source for reuse (about one per 4 KB of maximum heap, from 10,000 to a
     * million); past that, a repeated address is asked again (and counted again).
     */
    static final int KEPT =
            (int) Math.max(10_000, Math.min(1_000_000, Runtime.getRuntime().maxMemory() / 4096));

    private final List<Remote> remotes;
    /** The {@code source} column, or -1: the columns a source filled are marked with its name. */
    private final int sourceSlot;
    /**
     * The {@code raw} column, or -1: a source's whole answer ({@link RemoteSource#RAW} in its values) joins the
     * records there.
     */
    private final int rawSlot;
    /** The scanner columns, identified again with the row's PTR answer; or null. */
    private final Tags.Slots tags;

    /** The columns these sources add, in order: each source's own, then its status column. */
    static List<Column> columns(List<RemoteSource> sources) {
        List<Column> out = new ArrayList<>();
        sources.forEach(s -> out.addAll(columns(s)));
        return out;
    }

    /** One source's columns: its own ({@link RemoteSource#columns()}), then {@code NAME_status}. */
    private static List<Column> columns(RemoteSource s) {
        List<Column> out = new ArrayList<>();
        for (SourceColumn c : s.columns()) {
            out.add(Column.custom(c.name(), s.name(), List.of(c.name())));
        }
        out.add(Column.custom(s.name() + "_status", s.name(), List.of()));
        return out;
    }

    /** The sources' stage for rows of {@code columns} (the positions their columns take there). */
    RemoteStage(List<RemoteSource> sources, List<Column> columns) {
        this(sources, columns, null);
    }

    /**
     * The sources' stage for rows of {@code columns}; {@code tags}, when not null, identifies scanners again once
     * a row's PTR columns are filled.
     */
    RemoteStage(List<RemoteSource> sources, List<Column> columns, Tags.Slots tags) {
        this.tags = tags;
        List<Remote> r = new ArrayList<>();
        for (RemoteSource s : sources) {
            List<Column> own = columns(s);
            int[] slots = new int[own.size() - 1];
            for (int k = 0; k < slots.length; k++) {
                slots[k] = columns.indexOf(own.get(k));
            }
            List<Field> fills = new ArrayList<>();
            List<Integer> fillSlots = new ArrayList<>();
            for (Field f : Field.values()) { // in the fields' order: the same every run
                if (s.fills().contains(f) && columns.contains(Column.of(f))) {
                    fills.add(f);
                    fillSlots.add(columns.indexOf(Column.of(f)));
                }
            }
            r.add(new Remote(
                    s,
                    slots,
                    columns.indexOf(own.get(slots.length)),
                    fills.toArray(Field[]::new),
                    fillSlots.stream().mapToInt(Integer::intValue).toArray()));
        }
        this.remotes = List.copyOf(r);
        this.sourceSlot = columns.indexOf(Column.of(Field.SOURCE));
        this.rawSlot = columns.indexOf(Column.of(Field.RAW));
    }

    /** Which of {@code found} are networks (CIDR), which no source is asked about. */
    static boolean[] networks(List<Found> found) {
        boolean[] n = new boolean[found.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = found.get(i).prefixLength() >= 0;
        }
        return n;
    }

    /** The answers of a block of addresses: per source, per address. */
    static final class Answers {
        private final SourceAnswer[][] answers;
        private final IpAddress[] addresses;

        private Answers(int sources, IpAddress[] addresses, int n) {
            this.answers = new SourceAnswer[sources][n];
            this.addresses = addresses;
        }
    }

    /**
     * Asks every source the first {@code n} of {@code addresses} and waits for all the answers. A
     * null entry (a row without an address) gets no answer; one marked in {@code networks} (a CIDR
     * line: a source answers for one address, not a network) is not asked and gets {@link
     * SourceStatus#SKIPPED}.
     *
     * @param networks per address, whether it stands for a network; or null (none does)
     */
    Answers resolve(IpAddress[] addresses, boolean[] networks, int n) {
        return resolve(addresses, networks, n, null);
    }

    /**
     * {@link #resolve(IpAddress[], boolean[], int)} with the databases' rows of the addresses ({@code rows[i]} in the
     * run's columns, or null), which a source asked {@link RemoteSource#onlyWhenMissing() only when missing} needs:
     * without a row, it is asked.
     */
    Answers resolve(IpAddress[] addresses, boolean[] networks, int n, Object[][] rows) {
        Answers a = new Answers(remotes.size(), addresses, n);
        List<List<CompletableFuture<SourceAnswer>>> pending = new ArrayList<>(remotes.size());
        for (Remote r : remotes) {
            List<CompletableFuture<SourceAnswer>> p = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                p.add(
                        addresses[i] == null
                                ? null
                                : networks != null && networks[i]
                                        ? r.network()
                                        : r.answer(addresses[i], rows == null ? null : rows[i]));
            }
            pending.add(p);
        }
        for (int s = 0; s < remotes.size(); s++) {
            List<CompletableFuture<SourceAnswer>> p = pending.get(s);
            for (int i = 0; i < n; i++) {
                a.answers[s][i] = p.get(i) == null ? null : p.get(i).join(); // never exceptional
            }
        }
        return a;
    }

    /** {@link #resolve} of a list of addresses, with the networks among them marked (or null). */
    Answers resolve(List<IpAddress> addresses, boolean[] networks) {
        return resolve(addresses.toArray(IpAddress[]::new), networks, addresses.size());
    }

    /**
     * {@link #resolve} of a list of addresses, with the networks among them marked (or null), and their enrichments
     * by the databases (for the sources asked only when the databases left a column empty).
     */
    Answers resolve(List<IpAddress> addresses, boolean[] networks, List<Enrichment> local) {
        Object[][] rows = new Object[local.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = local.get(i).values();
        }
        return resolve(addresses.toArray(IpAddress[]::new), networks, addresses.size(), rows);
    }

    /** Writes address {@code i}'s answers into its row's {@code values} (the run's columns). */
    void fill(Answers a, int i, Object[] values) {
        for (int s = 0; s < remotes.size(); s++) {
            SourceAnswer answer = a.answers[s][i];
            if (answer == null) {
                continue;
            }
            Remote r = remotes.get(s);
            List<SourceColumn> cols = r.source.columns();
            for (int k = 0; k < r.slots.length; k++) {
                if (r.slots[k] >= 0) {
                    values[r.slots[k]] = answer.values().get(cols.get(k).name());
                }
            }
            Map<String, Object> supplied = null;
            for (int k = 0; k < r.fills.length; k++) {
                Object v = answer.values().get(r.fills[k].column());
                if (v != null) {
                    values[r.fillSlots[k]] = r.fills[k] == Field.NETWORK ? network(v) : v;
                    if (sourceSlot >= 0) {
                        supplied = supplied != null ? supplied : new LinkedHashMap<>();
                        supplied.put(r.fills[k].column(), r.source.name());
                    }
                }
            }
            if (sourceSlot >= 0) {
                values[sourceSlot] = provenance(values[sourceSlot], supplied, r, answer);
            }
            if (rawSlot >= 0 && answer.values().get(RemoteSource.RAW) instanceof Map<?, ?> whole) {
                Map<String, Object> records = new LinkedHashMap<>();
                if (values[rawSlot] instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> records.put(String.valueOf(k), v));
                }
                records.put(r.source.name(), whole); // beside the databases' records, by the source's name
                values[rawSlot] = records;
            }
            if (r.status >= 0) {
                values[r.status] = answer.statusText();
            }
        }
        if (tags != null && a.addresses[i] != null) {
            tags.refine(a.addresses[i], values, List.of());
        }
    }

    /**
     * The {@code source} value after a source's answer: the databases' entries, those of the columns it replaced and
     * of its own columns with a value now naming it; in column order of the databases' first, then the source's own.
     */
    private static Object provenance(Object before, Map<String, Object> supplied, Remote r, SourceAnswer answer) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (before instanceof Map<?, ?> b) {
            b.forEach((k, v) -> m.put(String.valueOf(k), v));
        }
        if (supplied != null) {
            m.putAll(supplied);
        }
        List<SourceColumn> cols = r.source.columns();
        for (int k = 0; k < r.slots.length; k++) {
            if (r.slots[k] >= 0 && answer.values().get(cols.get(k).name()) != null) {
                m.put(cols.get(k).name(), r.source.name());
            }
        }
        return m.isEmpty() ? null : m;
    }

    /** A source's network as the databases give theirs (a {@link Cidr}), or the value when it is not one. */
    private static Object network(Object v) {
        if (v instanceof String s) {
            IpLiteral.Parsed p = IpLiteral.parse(s);
            if (p.ok() && p.prefixLength() >= 0 && p.port() < 0 && p.zone() == null) {
                return Cidr.of(p.address(), p.prefixLength());
            }
        }
        return v;
    }

    /** What was sent to each source so far. */
    List<SourceStats> stats() {
        return remotes.stream().map(Remote::stats).toList();
    }

    /** One source, its places, its answers so far and its counts. */
    private static final class Remote {
        private static final SourceAnswer SKIPPED = new SourceAnswer(SourceStatus.SKIPPED, Map.of(), null);
        private static final SourceAnswer TIMED_OUT = new SourceAnswer(SourceStatus.TIMEOUT, Map.of(), null);

        private static final SourceAnswer ANSWERED_LOCALLY = SourceAnswer.skipped("local");

        final RemoteSource source;
        final int[] slots;
        final int status;
        /** The built-in columns of the run the source fills, and their places. */
        final Field[] fills;

        final int[] fillSlots;
        private final Semaphore places;
        private final long timeoutNanos;
        private final ConcurrentHashMap<IpAddress, CompletableFuture<SourceAnswer>> answers = new ConcurrentHashMap<>();
        private final LongAdder asked = new LongAdder();
        private final LongAdder notSent = new LongAdder(); // kept back here: private, reserved, networks
        private final LongAdder[] outcomes = new LongAdder[SourceStatus.values().length];
        private final LongAdder reused = new LongAdder();
        private final LongAdder answeredLocally = new LongAdder(); // not sent: the databases had the columns
        /** Handed to the source but answered skipped by it, nothing sent (a budget spent, a dry run). */
        private final LongAdder skippedBySource = new LongAdder();
        /**
         * Handed to the source and answered by it without sending anything naming the address (its persistent
         * cache's answer, no question left to ask): an answer among the outcomes, not an address sent.
         */
        private final LongAdder answeredUnsent = new LongAdder();
        /** Distinct addresses not sent, by reason, in the order first met. */
        private final Map<String, LongAdder> notSentWhy = new ConcurrentHashMap<>();

        private final List<String> reasons = new CopyOnWriteArrayList<>();

        Remote(RemoteSource source, int[] slots, int status, Field[] fills, int[] fillSlots) {
            this.source = source;
            this.slots = slots;
            this.status = status;
            this.fills = fills;
            this.fillSlots = fillSlots;
            this.places = new Semaphore(Math.max(1, source.maxConcurrency()));
            this.timeoutNanos = Math.max(1, source.timeout().toNanos());
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = new LongAdder();
            }
        }

        /** A network's answer: not asked. */
        CompletableFuture<SourceAnswer> network() {
            notSent.increment();
            notSent(SourceStats.NETWORK_LINES);
            count(SKIPPED);
            return CompletableFuture.completedFuture(SKIPPED);
        }

        /**
         * Whether the source must be asked about an address whose databases' row is {@code row} (null: unknown):
         * always, unless it is asked only when missing and every one of the built-in columns it fills that the run
         * shows has a value there (its own columns are filled where it is asked; with none of the built-in ones in
         * the run there is nothing to judge by, and it is asked).
         */
        boolean needed(Object[] row) {
            if (!source.onlyWhenMissing() || row == null || fillSlots.length == 0) {
                return true;
            }
            for (int slot : fillSlots) {
                if (row[slot] == null) {
                    return true;
                }
            }
            return false;
        }

        /** The answer for {@code a}: a kept one, or a new question (waiting for a place first). */
        CompletableFuture<SourceAnswer> answer(IpAddress address, Object[] row) {
            IpAddress a = address.lookupForm(); // ::9.9.9.9 and ::ffff:9.9.9.9 are asked as 9.9.9.9
            CompletableFuture<SourceAnswer> kept = answers.get(a);
            if (kept != null) {
                reused.increment();
                return kept;
            }
            CompletableFuture<SourceAnswer> mine = new CompletableFuture<>();
            if (answers.size() < KEPT) {
                kept = answers.putIfAbsent(a, mine);
                if (kept != null) {
                    reused.increment();
                    return kept;
                }
            }
            if (!source.isLocal() && !sendable(a)) {
                notSent.increment();
                notSent(SourceStats.PRIVATE_OR_RESERVED);
                mine.complete(count(SKIPPED));
                return mine;
            }
            if (!needed(row)) {
                answeredLocally.increment();
                mine.complete(count(ANSWERED_LOCALLY));
                return mine;
            }
            ask(a, mine);
            return mine;
        }

        /**
         * Whether {@code a} may leave the machine: {@link IpClass#isGlobal(IpAddress)}, globally reachable by IANA's
         * registries, and so is the IPv4 address a translation or tunnel address carries (NAT64 {@code
         * 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}: the registry calls these prefixes global,
         * but {@code 64:ff9b::10.0.0.1} names a private host). {@code a} is already in its {@link
         * IpAddress#lookupForm() lookup form}.
         */
        static boolean sendable(IpAddress a) {
            return IpClass.isGlobal(a);
        }

        private void ask(IpAddress a, CompletableFuture<SourceAnswer> into) {
            try {
                places.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the run is being stopped
                into.complete(count(SourceAnswer.error("interrupted")));
                return;
            }
            asked.increment();
            AtomicBoolean done = new AtomicBoolean();
            CompletableFuture<SourceAnswer> timed = new CompletableFuture<>();
            CompletionStage<SourceAnswer> stage = null;
            try {
                stage = source.lookup(a);
            } catch (RuntimeException e) {
                timed.completeExceptionally(e);
            }
            if (stage == null && !timed.isDone()) {
                timed.complete(SourceAnswer.error("no answer"));
            }
            CompletionStage<SourceAnswer> started = stage;
            timed.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).whenComplete((v, e) -> {
                if (done.compareAndSet(false, true)) {
                    places.release();
                    if (e != null && started != null) {
                        cancel(started); // a timed-out question is abandoned: the source may stop it
                    }
                    SourceAnswer got = e == null ? v : failed(e);
                    if (got.status() == SourceStatus.SKIPPED) { // the source sent nothing for it
                        skippedBySource.increment();
                        notSent(got.statusText());
                    } else if (got.notSentWhy() != null) { // answered, but nothing naming it left the machine
                        answeredUnsent.increment();
                        notSent(got.notSentWhy());
                    }
                    into.complete(count(got));
                }
            });
            if (stage != null) {
                stage.whenComplete((v, e) -> {
                    if (e != null) {
                        timed.completeExceptionally(e);
                    } else {
                        timed.complete(v == null ? SourceAnswer.error("no answer") : v);
                    }
                });
            }
        }

        private static void cancel(CompletionStage<SourceAnswer> stage) {
            try {
                stage.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException e) {
                // a stage that cannot be cancelled runs to its end; its answer is ignored
            }
        }

        private static SourceAnswer failed(Throwable e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                return TIMED_OUT;
            }
            String m = cause.getMessage();
            return SourceAnswer.error(
                    m == null || m.isBlank() ? cause.getClass().getSimpleName() : m);
        }

        private void notSent(String why) {
            notSentWhy
                    .computeIfAbsent(why, k -> {
                        reasons.add(k);
                        return new LongAdder();
                    })
                    .increment();
        }

        private SourceAnswer count(SourceAnswer a) {
            outcomes[a.status().ordinal()].increment();
            return a;
        }

        SourceStats stats() {
            Map<SourceStatus, Long> o = new EnumMap<>(SourceStatus.class);
            for (SourceStatus st : SourceStatus.values()) {
                long n = outcomes[st.ordinal()].sum();
                if (n > 0) {
                    o.put(st, n);
                }
            }
            Map<String, Long> traffic = new LinkedHashMap<>(source.traffic());
            if (answeredLocally.sum() > 0) {
                traffic.put("answered by the databases", answeredLocally.sum());
            }
            Map<String, Long> why = new LinkedHashMap<>();
            for (String r : reasons) {
                why.put(r, notSentWhy.get(r).sum());
            }
            return new SourceStats(
                    source.name(),
                    source.destination(),
                    asked.sum() - skippedBySource.sum() - answeredUnsent.sum(),
                    notSent.sum(),
                    o,
                    reused.sum(),
                    traffic,
                    why);
        }
    }
}
