package dev.iptriage.dns;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.sources.SourceStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Type;

/**
 * DNS blocklist listings ({@code --dnsbl}): each zone is asked for the address (RFC 5782: reversed
 * octets, or 32 nibbles for IPv6), and each answer in 127.0.0.0/8 is read with the zone's own table
 * of return codes ({@code zen.spamhaus.org:XBL}). Answers that are errors (Spamhaus's
 * 127.255.255.0/24: a public resolver, a typo, a rate limit) or outside 127.0.0.0/8 never count as
 * listings; a zone without IPv6 data answers {@code unsupported} for IPv6 addresses, never "not
 * listed". {@link #probe()} checks every zone before the run (127.0.0.2 listed, 127.0.0.1 not) and
 * disables a dead or wildcarding one.
 */
public final class DnsblSource extends DnsSource {
    /** The columns the source adds (its {@code NAME_status} column follows them). */
    public static final List<SourceColumn> COLUMNS = List.of(new SourceColumn(
            "dnsbl",
            "DNS blocklist listings as zone:meaning (zen.spamhaus.org:XBL); empty when listed nowhere (--dnsbl)"));

    /** Where a Spamhaus DQS key goes in the names shown, logged and cached: the key itself never appears. */
    public static final String KEY_PLACEHOLDER = "<key>";

    private final List<Zone> zones;

    /**
     * A source asking {@code client} about {@code zones}.
     *
     * @param dqsKey a Spamhaus DQS key (asked as {@code KEY.zen.dq.spamhaus.net} for the zones that
     *     have a DQS name; never shown, logged or kept in the cache), or null
     */
    public DnsblSource(DnsClient client, List<DnsblZone> zones, String dqsKey) {
        super(client);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("no DNS blocklist zone");
        }
        this.zones = zones.stream().map(z -> new Zone(z, dqsKey)).toList();
    }

    @Override
    public String name() {
        return "dnsbl";
    }

    @Override
    public List<SourceColumn> columns() {
        return COLUMNS;
    }

    @Override
    public String destination() {
        return resolvers() + " for "
                + String.join(", ", zones.stream().map(Zone::shownZone).toList());
    }

    /**
     * Checks each zone (RFC 5782 test entries): 127.0.0.2 must be listed and 127.0.0.1 not, or the
     * zone is disabled for the run; a zone whose IPv6 support is unknown is probed with
     * ::FFFF:7F00:2. Returns one line per zone disabled, saying why (empty: all healthy). In a dry
     * run nothing is probed.
     */
    public List<String> probe() {
        if (client.isDryRun()) {
            return List.of();
        }
        List<CompletableFuture<String>> checks = new ArrayList<>();
        for (Zone z : zones) {
            checks.add(z.probe());
        }
        List<String> out = new ArrayList<>();
        for (CompletableFuture<String> c : checks) {
            String why = c.join();
            if (why != null) {
                out.add(why);
            }
        }
        return out;
    }

    @Override
    public CompletionStage<SourceAnswer> lookup(IpAddress address) {
        IpAddress a = address.lookupForm();
        List<CompletableFuture<Verdict>> asked = new ArrayList<>();
        for (Zone z : zones) {
            asked.add(z.ask(a));
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Set<String> listings = new LinkedHashSet<>();
            Verdict worst = null;
            boolean sent = false;
            boolean cached = false;
            for (CompletableFuture<Verdict> f : asked) {
                Verdict x = f.join();
                sent |= x.asked == Asked.SENT;
                cached |= x.asked == Asked.CACHE;
                listings.addAll(x.listings);
                if (x.failure != null && (worst == null || rank(x.failure) > rank(worst.failure))) {
                    worst = x;
                }
            }
            Map<String, Object> values = new HashMap<>();
            values.put("dnsbl", listings.isEmpty() ? null : List.copyOf(listings));
            SourceAnswer answer = worst != null
                    ? new SourceAnswer(worst.failure, values, worst.detail)
                    : new SourceAnswer(listings.isEmpty() ? SourceStatus.NXDOMAIN : SourceStatus.OK, values, null);
            // sent when one zone's question went out; else the cache answered the zones asked, or none was asked
            return sent ? answer : answer.notSent(cached ? SourceAnswer.FROM_CACHE : SourceAnswer.NOTHING_TO_ASK);
        });
    }

    /** Which failure a row's status shows when zones fail differently: the most telling one. */
    private static int rank(SourceStatus s) {
        return switch (s) {
            case ERROR -> 5;
            case SERVFAIL -> 4;
            case REFUSED -> 3;
            case TIMEOUT -> 2;
            case UNSUPPORTED -> 1;
            default -> 0;
        };
    }

    /** How a zone's question about an address was answered: sent, from the cache, or not asked at all. */
    private enum Asked {
        SENT,
        CACHE,
        NOT_ASKED
    }

    /** One zone's answer about one address: its listings, or why it has none to give; and how it was got. */
    private record Verdict(List<String> listings, SourceStatus failure, String detail, Asked asked) {
        /** A zone not asked (off for the run, no data for the family). */
        static Verdict failed(SourceStatus s, String detail) {
            return new Verdict(List.of(), s, detail, Asked.NOT_ASKED);
        }

        /** This verdict, got by the question whose result is {@code r}. */
        Verdict of(DnsResult r) {
            Asked how = r.status() == SourceStatus.SKIPPED
                    ? Asked.NOT_ASKED // a dry run's question: nothing went out
                    : r.fromCache() ? Asked.CACHE : Asked.SENT;
            return new Verdict(listings, failure, detail, how);
        }
    }

    /** A zone as asked in this run. */
    private final class Zone {
        final DnsblZone zone;
        /** The DQS key, when the zone has a DQS name and one is given; else null. */
        final String key;

        volatile boolean ipv6;
        volatile String disabled;

        Zone(DnsblZone zone, String dqsKey) {
            this.zone = zone;
            this.key = zone.dqsZone() != null ? dqsKey : null;
            this.ipv6 = zone.ipv6() == DnsblZone.Ipv6.YES;
        }

        String shownZone() {
            return key != null ? zone.zone() + " (Spamhaus DQS, " + zone.dqsZone() + ")" : zone.zone();
        }

        /**
         * The question for {@code a}; a test entry ({@code test}) is asked as written, so that
         * ::FFFF:7F00:2 keeps its IPv6 form. With a DQS key the name shown, logged and cached is the
         * DQS name with {@link #KEY_PLACEHOLDER} in the key's place.
         */
        DnsClient.Question question(IpAddress a, boolean test) {
            String name = test ? zone.testQueryName(a, key) : zone.queryName(a, key);
            // the key's place is marked, so a dry run's line is not taken for the exact name sent
            String shown = key == null
                    ? null
                    : DnsText.reversedLabels(test ? a : a.lookupForm()) + "." + KEY_PLACEHOLDER + "." + zone.dqsZone()
                            + ".";
            return new DnsClient.Question(name, Type.A, name(), shown);
        }

        /** The health check: null when healthy, else the line that says why the zone is off. */
        CompletableFuture<String> probe() {
            CompletableFuture<DnsResult> listed = client.query(question(DnsblZone.TEST_LISTED_V4, true), this::isFact);
            CompletableFuture<DnsResult> notListed =
                    client.query(question(DnsblZone.TEST_NOT_LISTED_V4, true), this::isFact);
            CompletableFuture<DnsResult> v6 = zone.ipv6() == DnsblZone.Ipv6.PROBE
                    ? client.query(question(DnsblZone.TEST_LISTED_V6, true), this::isFact)
                    : CompletableFuture.completedFuture(null);
            return CompletableFuture.allOf(listed, notListed, v6).thenApply(x -> {
                String why = health(listed.join(), notListed.join());
                if (why != null) {
                    disabled = why;
                    return "dnsbl: " + zone.zone() + " is off for this run: " + why;
                }
                DnsResult six = v6.join();
                if (six != null) {
                    ipv6 = six.status() == SourceStatus.OK && !listings(six).isEmpty();
                }
                return null;
            });
        }

        private String health(DnsResult listed, DnsResult notListed) {
            if (listed.status() != SourceStatus.OK) {
                return "its test entry 127.0.0.2 is not listed ("
                        + describe(listed)
                        + "): a dead or mistyped zone, or a resolver that cannot reach it";
            }
            for (String r : listed.records()) {
                if (verdictOf(r) instanceof DnsblZone.Verdict.Failure f) {
                    return "its test entry 127.0.0.2 got an error answer, " + f.why(); // why names the answer
                }
            }
            if (notListed.status() == SourceStatus.OK) {
                return "it lists 127.0.0.1, which no list may list (RFC 5782): it answers for everything";
            }
            if (!notListed.isAnswer()) {
                return "127.0.0.1 could not be checked (" + describe(notListed) + ")";
            }
            return null;
        }

        private static String describe(DnsResult r) {
            return r.detail() == null ? r.status().text() : r.status().text() + ": " + r.detail();
        }

        private List<String> listings(DnsResult r) {
            List<String> out = new ArrayList<>();
            for (String rec : r.records()) {
                if (verdictOf(rec) instanceof DnsblZone.Verdict.Listed l) {
                    out.add(zone.zone() + ":" + l.meaning());
                }
            }
            return out;
        }

        CompletableFuture<Verdict> ask(IpAddress a) {
            if (disabled != null) {
                return CompletableFuture.completedFuture(
                        Verdict.failed(SourceStatus.ERROR, zone.zone() + " is off for this run: " + disabled));
            }
            // a dry run probes nothing: where the probe would decide, it shows what the run may send
            boolean unknown = client.isDryRun() && zone.ipv6() == DnsblZone.Ipv6.PROBE;
            if (!a.isV4() && !ipv6 && !unknown) {
                return CompletableFuture.completedFuture(Verdict.failed(SourceStatus.UNSUPPORTED, null));
            }
            return client.query(question(a, false), this::isFact)
                    .thenApply(r -> verdict(r).of(r));
        }

        /**
         * Whether an answer says something of the address that may be kept for the next run: not
         * when one of its codes is an error (127.255.255.x, or outside 127/8), which tells of this
         * run's resolver or quota and is asked again next time.
         */
        private boolean isFact(DnsResult r) {
            for (String rec : r.records()) {
                if (verdictOf(rec) instanceof DnsblZone.Verdict.Failure) {
                    return false;
                }
            }
            return true;
        }

        private Verdict verdict(DnsResult r) {
            return switch (r.status()) {
                case NXDOMAIN, NODATA -> new Verdict(List.of(), null, null, Asked.SENT);
                case OK -> listed(r);
                case ERROR -> Verdict.failed(SourceStatus.ERROR, zone.zone() + ": " + r.detail());
                default -> Verdict.failed(r.status(), null);
            };
        }

        /** The listings of an answer; an error code among its records makes the zone's answer an error. */
        private Verdict listed(DnsResult r) {
            List<String> listed = new ArrayList<>();
            // in the order of the codes, not of the answer: resolvers rotate their records
            for (String rec : r.records().stream().sorted(Zone::byAddress).toList()) {
                DnsblZone.Verdict v = verdictOf(rec);
                if (v instanceof DnsblZone.Verdict.Failure f) {
                    return new Verdict(
                            listed,
                            SourceStatus.ERROR,
                            zone.zone() + ": " + f.why(),
                            Asked.SENT); // why names the answer
                }
                listed.add(zone.zone() + ":" + ((DnsblZone.Verdict.Listed) v).meaning());
            }
            return new Verdict(listed, null, null, Asked.SENT);
        }

        /** What one record of an answer means; a record that is not an address (a cache file's) is an error. */
        private DnsblZone.Verdict verdictOf(String record) {
            IpAddress a = parse(record);
            return a == null
                    ? new DnsblZone.Verdict.Failure("answer " + DnsText.quote(record, 40) + " is not an IPv4 address")
                    : zone.decode(a);
        }

        private static int byAddress(String a, String b) {
            IpAddress x = parse(a);
            IpAddress y = parse(b);
            return x == null || y == null ? a.compareTo(b) : x.compareTo(y);
        }

        private static IpAddress parse(String address) {
            return dev.iptriage.ip.IpLiteral.tryParseStrict(address);
        }
    }
}
