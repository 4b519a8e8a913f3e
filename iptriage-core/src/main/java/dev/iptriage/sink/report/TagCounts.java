package dev.iptriage.sink.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.iptriage.sink.Row;
import dev.iptriage.text.CellText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The counts of the list and scanner columns ({@value ReportAggregator#TAGS}, {@value
 * ReportAggregator#TAG_DETAILS}, {@value ReportAggregator#SCANNER}, {@value
 * ReportAggregator#SCANNER_EVIDENCE}) for a {@link ReportAggregator}: values as the engine gives
 * them (lists, maps, text) or as an enriched file holds them (JSON text). Bounded: the lists and
 * organisations in at most {@link ReportAggregator.Limits#keys()} counters each, the callout's
 * addresses in at most {@link ReportAggregator.Limits#top()}. Not thread-safe (the aggregator
 * holds its lock).
 */
final class TagCounts {
    /** What a {@value ReportAggregator#TAG_DETAILS} item says about one match. */
    record Detail(String list, String kind, boolean bogon) {}

    /** The kind of a list whose matches are no listing (known benign ranges). */
    static final String WARNINGLIST = "warninglist";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private static final Comparator<Scanners.ListedScanner> LEAST_SEEN_FIRST = Comparator.comparingLong(
                    Scanners.ListedScanner::sightings)
            .thenComparing(Scanners.ListedScanner::ip, Comparator.reverseOrder());

    /** One organisation's counter: its addresses and evidence kinds. */
    private static final class Org {
        long addresses;
        final Set<String> evidence = new TreeSet<>();
    }

    private final int tagsAt;
    private final int detailsAt;
    private final int scannerAt;
    private final int evidenceAt;
    private final int calloutCap;

    private boolean tagsSeen;
    private boolean scannersSeen;
    private final CappedCounter tags;
    private final CappedCounter bogons;
    private long taggedAddresses;
    private long taggedSightings;
    private long bogonAddresses;
    private long bogonSightings;

    private final HeavyKeys<String, Org> orgs;
    private long scannerAddresses;
    private long scannerSightings;
    private final PriorityQueue<Scanners.ListedScanner> listed = new PriorityQueue<>(LEAST_SEEN_FIRST);
    private long listedAddresses;

    /** Counts for the columns at these positions (-1: the rows have no such column). */
    TagCounts(int tagsAt, int detailsAt, int scannerAt, int evidenceAt, ReportAggregator.Limits limits) {
        this.tagsAt = tagsAt;
        this.detailsAt = detailsAt;
        this.scannerAt = scannerAt;
        this.evidenceAt = evidenceAt;
        this.calloutCap = limits.top();
        this.tags = CappedCounter.byAddresses(limits.keys());
        this.bogons = CappedCounter.byAddresses(limits.keys());
        this.orgs = new HeavyKeys<>(limits.keys());
    }

    /** Whether the rows have any of the columns. */
    boolean any() {
        return tagsAt >= 0 || detailsAt >= 0 || scannerAt >= 0 || evidenceAt >= 0;
    }

    /**
     * Counts one distinct address with {@code n} sightings; {@code dnsbl} its DNS blocklist listings
     * (empty when none or no such column), listings for the callout too.
     */
    void add(Row r, long n, Set<String> dnsbl) {
        Object tagValue = value(tagsAt, r);
        Object detailValue = value(detailsAt, r);
        tagsSeen |= tagValue != null || detailValue != null;
        Map<String, Detail> details = detailsOf(detailValue);
        Set<String> names = new TreeSet<>(ReportAggregator.listingsOf(tagValue));
        names.addAll(details.keySet());
        List<String> listedOn = new ArrayList<>();
        boolean tagged = false;
        boolean bogon = false;
        for (String name : names) {
            Detail d = details.get(name);
            String kind = d == null ? "" : d.kind();
            if (d != null && d.bogon()) {
                bogons.add(name, kind, n);
                bogon = true;
            } else {
                tags.add(name, kind, n);
                tagged = true;
                if (d != null && !kind.equals(WARNINGLIST)) {
                    // without its tag_details the kind is unknown: a warninglist of scanners (OpenFilters,
                    // MISP) would put every known scanner in the callout, so only a known blocklist counts
                    listedOn.add(name);
                }
            }
        }
        if (tagged) {
            taggedAddresses++;
            taggedSightings += n;
        }
        if (bogon) {
            bogonAddresses++;
            bogonSightings += n;
        }

        Object scannerValue = value(scannerAt, r);
        Object evidenceValue = value(evidenceAt, r);
        scannersSeen |= scannerValue != null || evidenceValue != null;
        String org = cut(CellText.text(scannerValue).strip());
        if (org.isEmpty()) {
            return;
        }
        scannerAddresses++;
        scannerSightings += n;
        Org o = orgs.add(org, n, Org::new).payload();
        o.addresses++;
        for (String e : ReportAggregator.listingsOf(evidenceValue)) {
            if (o.evidence.size() < ReportAggregator.MAX_EVIDENCE || o.evidence.contains(e)) {
                o.evidence.add(e);
            }
        }
        listedOn.addAll(dnsbl);
        if (!listedOn.isEmpty()) {
            listedAddresses++;
            keepListed(r.ip(), org, n, listedOn);
        }
    }

    private void keepListed(String ip, String org, long n, List<String> lists) {
        String shownIp = cut(ip);
        if (listed.size() >= calloutCap) {
            Scanners.ListedScanner least = listed.peek();
            if (least.sightings() > n || (least.sightings() == n && least.ip().compareTo(shownIp) <= 0)) {
                return;
            }
            listed.poll();
        }
        int kept = Math.min(lists.size(), ReportAggregator.MAX_CALLOUT_LISTS);
        listed.add(new Scanners.ListedScanner(shownIp, org, n, lists.subList(0, kept), lists.size() - kept));
    }

    private static Object value(int at, Row r) {
        return at >= 0 && at < r.values().length ? r.values()[at] : null;
    }

    private static String cut(String s) {
        return s.length() > ReportAggregator.MAX_LISTING
                ? s.substring(0, ReportAggregator.MAX_LISTING - 1) + "\u2026"
                : s;
    }

    /** The tags, when the rows have a list column with a value in some row (an empty one too). */
    Optional<Tags> tags(int top) {
        if (!tagsSeen) {
            return Optional.empty();
        }
        return Optional.of(new Tags(
                taggedAddresses, taggedSightings, tags.top(top), bogonAddresses, bogonSightings, bogons.top(top)));
    }

    /** The scanners, when the rows have a scanner column with a value in some row (an empty one too). */
    Optional<Scanners> scanners(int top) {
        if (!scannersSeen) {
            return Optional.empty();
        }
        List<Scanners.Organisation> out = new ArrayList<>();
        for (HeavyKeys.Entry<String, Org> e : orgs.top(top)) {
            out.add(new Scanners.Organisation(
                    e.key(), e.guaranteed(), e.payload().addresses, List.copyOf(e.payload().evidence)));
        }
        List<Scanners.ListedScanner> callout = new ArrayList<>(listed);
        callout.sort(LEAST_SEEN_FIRST.reversed());
        return Optional.of(new Scanners(scannerAddresses, scannerSightings, out, callout, listedAddresses));
    }

    /**
     * The items of a {@value ReportAggregator#TAG_DETAILS} value by list (the first item of a list
     * wins): a list of maps, or a JSON array of objects as text. Items without a list name, and text
     * that is not such an array, give nothing (the {@value ReportAggregator#TAGS} column still
     * counts).
     */
    static Map<String, Detail> detailsOf(Object v) {
        Map<String, Detail> out = new LinkedHashMap<>();
        if (v instanceof Collection<?> c) {
            for (Object x : c) {
                if (x instanceof Map<?, ?> m) {
                    addDetail(out, CellText.text(m.get("list")), CellText.text(m.get("kind")), isTrue(m.get("bogon")));
                }
            }
        } else if (v instanceof String s && s.strip().startsWith("[")) {
            if (!jsonDetails(s, out)) {
                out.clear();
            }
        }
        return out;
    }

    private static boolean isTrue(Object v) {
        return Boolean.TRUE.equals(v) || "true".equals(v);
    }

    private static void addDetail(Map<String, Detail> out, String list, String kind, boolean bogon) {
        String name = cut(list.strip());
        if (!name.isEmpty()) {
            out.putIfAbsent(name, new Detail(name, cut(kind.strip()), bogon));
        }
    }

    /** Adds the objects of a JSON array; false when {@code s} is not an array of objects. */
    private static boolean jsonDetails(String s, Map<String, Detail> out) {
        try (JsonParser p = JSON.createParser(s)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return false;
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    return false;
                }
                String list = "";
                String kind = "";
                boolean bogon = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value.isStructStart()) {
                        p.skipChildren();
                    } else if (key.equals("list") && value == JsonToken.VALUE_STRING) {
                        list = p.getText();
                    } else if (key.equals("kind") && value == JsonToken.VALUE_STRING) {
                        kind = p.getText();
                    } else if (key.equals("bogon")) {
                        bogon = value == JsonToken.VALUE_TRUE
                                || (value == JsonToken.VALUE_STRING
                                        && p.getText().equals("true"));
                    }
                }
                addDetail(out, list, kind, bogon);
            }
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
