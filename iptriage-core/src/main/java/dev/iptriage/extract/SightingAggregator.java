package dev.iptriage.extract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds sightings into one {@link AddressSummary} per distinct address, in order of first appearance.
 * Memory is bounded: at most {@code maxDistinct} addresses are tracked (later new ones are counted in
 * {@link #overLimit()}), and per address and field at most {@link #KEPT} distinct values are counted
 * (later new values are counted under {@code (other)}), of which the top {@link #TOP} are reported;
 * and all kept values together hold at most {@link #VALUE_CHARS} characters, after which new values
 * are counted under {@code (other)} too. Not thread-safe.
 */
public final class SightingAggregator {
    /** Values reported per field and address. */
    public static final int TOP = 5;

    /** Distinct values counted per field and address. */
    public static final int KEPT = 32;

    /** Characters of kept values (paths, agents, user names, ...) over all addresses. */
    public static final long VALUE_CHARS = 32L << 20;

    static final String OTHER = "(other)";

    private final int maxDistinct;
    private final LinkedHashMap<Found, Stats> stats = new LinkedHashMap<>();
    private long overLimit;
    private long valueChars;

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
        if (maxDistinct < 1) {
            throw new IllegalArgumentException("maxDistinct must be at least 1");
        }
        this.maxDistinct = maxDistinct;
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

    /** {@return how many distinct addresses are tracked} */
    public int distinct() {
        return stats.size();
    }

    /** Passes the summaries, in order of first appearance, to {@code out}. */
    public void forEach(Consumer<AddressSummary> out) {
        stats.forEach((ip, st) -> out.accept(st.summary(ip)));
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
        Map<String, long[]> roles;
        Map<String, long[]> status;
        Map<String, long[]> paths;
        Map<String, long[]> agents;
        Map<String, long[]> users;
        Map<String, long[]> jails;
        long failed;
        long accepted;
        long bans;

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
            users = tally(users, e.user(), n);
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

        private Map<String, long[]> tally(Map<String, long[]> m, String v, long n) {
            if (v == null) {
                return m;
            }
            Map<String, long[]> map = m == null ? new HashMap<>(4) : m;
            long[] c = map.get(v);
            if (c == null) {
                boolean keep = map.size() < KEPT && valueChars + v.length() <= VALUE_CHARS;
                c = keep ? new long[1] : map.computeIfAbsent(OTHER, k -> new long[1]);
                if (keep) {
                    map.put(v, c);
                    valueChars += v.length();
                }
            }
            c[0] += n;
            return map;
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

        private static Map<String, Long> top(Map<String, long[]> m) {
            if (m == null) {
                return Map.of();
            }
            Map<String, Long> out = new LinkedHashMap<>();
            m.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                            .thenComparing(Map.Entry::getKey))
                    .limit(TOP)
                    .forEach(e -> out.put(e.getKey(), e.getValue()[0]));
            return out;
        }
    }
}
