package dev.iptriage.extract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds sightings into one {@link AddressSummary} per distinct address, in order of first appearance.
 * Memory is bounded: at most {@code maxDistinct} addresses are tracked (later new ones are counted in
 * {@link #overLimit()}); per address and context column (paths, agents, user names, ...) a
 * Space-Saving sketch of {@link #KEPT} counters ({@link TopValues}) keeps the most frequent values,
 * of which the top {@link #TOP} are reported with counts that are exact, or at most 1/{@value #KEPT}
 * of the column's sightings below the true count (never above); and all kept values together hold at
 * most {@link #VALUE_CHARS} characters (a value that does not fit is counted under {@code (other)}
 * only: {@link #untracked()}). Not thread-safe.
 *
 * <p>{@code users_tried} counts one attempt per {@code Failed} or {@code Accepted} line, and one per
 * {@code Invalid user U} line that is not followed by a {@code Failed ... for invalid user U} line of
 * the same process (sshd writes {@code Invalid user} once per connection, then one {@code Failed} line
 * per failed authentication, or nothing more when the client gives up): a connection counts an
 * unknown name once, or once per failure, never once more for the {@code Invalid user} line.
 */
public final class SightingAggregator {
    /** Values reported per field and address. */
    public static final int TOP = 5;

    /** Counters per field and address (the sketch's k). */
    public static final int KEPT = 32;

    /** Characters of kept values (paths, agents, user names, ...) over all addresses. */
    public static final long VALUE_CHARS = 32L << 20;

    static final String OTHER = TopValues.OTHER;

    /** {@code Invalid user} lines remembered per address until their connection's first failure. */
    static final int PENDING = 8;

    private final int maxDistinct;
    private final LinkedHashMap<Found, Stats> stats = new LinkedHashMap<>();
    private final TopValues.Budget budget;
    private long overLimit;
    private long untracked;

    /**
     * The default limit of distinct addresses: what the heap holds with their context (web logs keep a
     * few small maps per address): about 500 per MB of maximum heap, at least 10,000.
     */
    public static int defaultMaxDistinct() {
        return (int) Math.max(
                10_000, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 2048));
    }

    /** An aggregator that tracks at most {@code maxDistinct} addresses. */
    public SightingAggregator(int maxDistinct) {
        this(maxDistinct, VALUE_CHARS);
    }

    /** An aggregator whose kept values may hold at most {@code valueChars} characters (for tests). */
    SightingAggregator(int maxDistinct, long valueChars) {
        if (maxDistinct < 1) {
            throw new IllegalArgumentException("maxDistinct must be at least 1");
        }
        this.maxDistinct = maxDistinct;
        this.budget = new TopValues.Budget(valueChars);
    }

    /** Counts one sighting. */
    public void add(Sighting s) {
        Stats st = stats.get(s.ip());
        if (st == null) {
            if (stats.size() >= maxDistinct) {
                overLimit++;
                return;
            }
            st = new Stats();
            stats.put(s.ip(), st);
        }
        st.add(s);
    }

    /** {@return sightings of new addresses left out because {@code maxDistinct} was reached} */
    public long overLimit() {
        return overLimit;
    }

    /**
     * {@return sightings whose context value could not be kept because the kept values reached
     * {@link #VALUE_CHARS} characters: they are counted under {@code (other)} only}
     */
    public long untracked() {
        return untracked;
    }

    /** {@return how many distinct addresses are tracked} */
    public int distinct() {
        return stats.size();
    }

    /** Passes the summaries, in order of first appearance, to {@code out}. */
    public void forEach(Consumer<AddressSummary> out) {
        stats.forEach((ip, st) -> out.accept(st.summary(ip)));
    }

    /** What an order needs of one address: its count and times. */
    @FunctionalInterface
    public interface TallyConsumer {
        /** Takes one address's count and earliest and latest times (null when its lines had none). */
        void accept(Found ip, long count, Instant first, Instant last);
    }

    /**
     * Passes each address's count and times, in order of first appearance, to {@code out}, building
     * no summary (to sort the addresses before their summaries are written).
     */
    public void forEachTally(TallyConsumer out) {
        stats.forEach((ip, st) -> out.accept(ip, st.count, st.first, st.last));
    }

    /** {@return the summary of {@code ip}} @throws IllegalArgumentException when it is not tracked */
    public AddressSummary summary(Found ip) {
        Stats st = stats.get(ip);
        if (st == null) {
            throw new IllegalArgumentException("not tracked: " + ip);
        }
        return st.summary(ip);
    }

    /** {@return the summaries, in order of first appearance} */
    public List<AddressSummary> summaries() {
        List<AddressSummary> out = new ArrayList<>(stats.size());
        forEach(out::add);
        return out;
    }

    private final class Stats {
        long count;
        Instant first;
        Instant last;
        TopValues roles;
        TopValues status;
        TopValues paths;
        TopValues agents;
        TopValues users;
        TopValues jails;
        long failed;
        long accepted;
        long bans;
        /** Process and user of {@code Invalid user} lines not yet followed by a failure; a ring. */
        long[] pending;

        int nextPending;

        void add(Sighting s) {
            LineEvent e = s.event();
            long n = e.repeat();
            count += n;
            Instant t = e.time();
            if (t != null) {
                first = first == null || t.isBefore(first) ? t : first;
                last = last == null || t.isAfter(last) ? t : last;
            }
            roles = tally(roles, s.role(), n);
            status = tally(status, e.status() >= 0 ? Integer.toString(e.status()) : null, n);
            paths = tally(paths, e.path(), n);
            agents = tally(agents, e.userAgent(), n);
            users = tally(users, e.user(), e.user() == null ? 0 : attempts(e, n));
            jails = tally(jails, e.jail(), n);
            if (e.login() == LineEvent.Login.FAILED) {
                failed += n;
            } else if (e.login() == LineEvent.Login.ACCEPTED) {
                accepted += n;
            }
            if (e.action() == LineEvent.BanAction.BAN || e.action() == LineEvent.BanAction.RESTORE) {
                bans += n;
            }
        }

        /**
         * The attempts a line with a user name stands for: its {@code n}, less the one its connection's
         * {@code Invalid user} line counted already (for the connection's first failure).
         */
        private long attempts(LineEvent e, long n) {
            long key = (e.process() << 32) ^ (e.user().hashCode() & 0xffffffffL);
            if (e.login() == LineEvent.Login.INVALID_USER) {
                if (indexOf(key) < 0) {
                    if (pending == null) {
                        pending = new long[PENDING];
                        Arrays.fill(pending, Long.MIN_VALUE);
                    }
                    pending[nextPending] = key;
                    nextPending = (nextPending + 1) % PENDING;
                }
                return n;
            }
            int i = e.login() == LineEvent.Login.FAILED ? indexOf(key) : -1;
            if (i < 0) {
                return n;
            }
            pending[i] = Long.MIN_VALUE;
            return n - 1;
        }

        private int indexOf(long key) {
            for (int i = 0; pending != null && i < PENDING; i++) {
                if (pending[i] == key) {
                    return i;
                }
            }
            return -1;
        }

        private TopValues tally(TopValues m, String v, long n) {
            if (v == null) {
                return m;
            }
            TopValues top = m == null ? new TopValues(KEPT) : m;
            if (n > 0 && !top.add(v, n, budget)) {
                untracked += n;
            }
            return top;
        }

        AddressSummary summary(Found ip) {
            return new AddressSummary(
                    ip,
                    count,
                    first,
                    last,
                    top(roles),
                    top(status),
                    top(paths),
                    top(agents),
                    top(users),
                    failed,
                    accepted,
                    top(jails),
                    bans);
        }

        private static Map<String, Long> top(TopValues m) {
            return m == null ? Map.of() : m.top(TOP);
        }
    }
}
