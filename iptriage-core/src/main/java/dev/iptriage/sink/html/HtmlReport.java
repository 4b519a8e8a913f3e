package dev.iptriage.sink.html;

import dev.iptriage.sink.report.DatabaseFact;
import dev.iptriage.sink.report.ListFact;
import dev.iptriage.sink.report.Listings;
import dev.iptriage.sink.report.Missing;
import dev.iptriage.sink.report.ReportAggregator;
import dev.iptriage.sink.report.ReportData;
import dev.iptriage.sink.report.RunFacts;
import dev.iptriage.sink.report.Scanners;
import dev.iptriage.sink.report.SentFact;
import dev.iptriage.sink.report.SourceSummary;
import dev.iptriage.sink.report.Tags;
import dev.iptriage.sink.report.Tally;
import dev.iptriage.sink.world.WorldOutlines;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a report as one self-contained HTML file: run facts (with what was sent to online sources,
 * and where, and the lists used), top-N tables (with the DNS blocklist listings when the rows have
 * them), the lists and known scanners (top lists, bogon matches, top scanner organisations, their
 * share of sightings and the known scanners that are listed too) when the rows have them, the online
 * sources' answers, missing values, a Leaflet map over offline country outlines with clustered
 * markers and a country choropleth, and a sortable, filterable table of the most seen addresses.
 * Sections about online sources appear only when the report has their data. Scripts, styles and data are inlined; a
 * Content-Security-Policy allows exactly the inlined scripts (by hash) and no network origin except
 * the tile server the user opted into.
 *
 * <p>Entry point: {@link #write}.
 */
public final class HtmlReport {
    /**
     * How to write the report.
     *
     * @param tiles a tile URL template ({@code https://.../{z}/{x}/{y}.png}) to draw online tiles
     *     under the outlines, or empty (offline)
     * @param tableRows lines per top-N table
     * @param csvHint where the full rows are (shown when the table holds only the most seen), or empty
     * @param tableOrder the order the address table's rows were chosen and put in, as the command line
     *     wrote it ({@code --sort last_seen -r}), or empty for the default: the most seen first
     */
    public record Options(
            Optional<String> tiles, int tableRows, Optional<String> csvHint, Optional<String> tableOrder) {

        /** Options of a report whose table holds the most seen addresses. */
        public Options(Optional<String> tiles, int tableRows, Optional<String> csvHint) {
            this(tiles, tableRows, csvHint, Optional.empty());
        }
    }

    private static final Map<String, String> TOTAL_NAMES = Map.of(
            "failed_logins", "Failed logins (sshd)",
            "accepted_logins", "Accepted logins (sshd)",
            "bans", "Bans (fail2ban)");

    private static final String PAGE_CSS = "report.css";
    private static final String PAGE_JS = "report.js";
    /** The order of {@code --sort} for the table's click-to-sort, shared with {@code iptriage serve}'s page. */
    static final String ORDER_JS = "order.js";

    private final ReportData data;
    private final Options options;
    private final StringBuilder b = new StringBuilder(1 << 20);

    private HtmlReport(ReportData data, Options options) {
        this.data = data;
        this.options = options;
    }

    /** Writes the report to {@code out} (not closed). */
    public static void write(ReportData data, Options options, OutputStream out) throws IOException {
        out.write(new HtmlReport(data, options).render().getBytes(StandardCharsets.UTF_8));
    }

    private String render() throws IOException {
        List<String> scripts = List.of(
                Assets.text(Assets.LEAFLET + "leaflet.js"),
                Assets.text(Assets.CLUSTER + "leaflet.markercluster.js"),
                Assets.text(Assets.OWN + ORDER_JS),
                Assets.text(Assets.OWN + PAGE_JS));
        RunFacts f = data.facts();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(HtmlText.escape(csp(scripts)))
                .append("\">\n");
        b.append("<meta name=\"referrer\" content=\"no-referrer\">\n");
        b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.append("<title>").append(HtmlText.escape(f.title())).append("</title>\n");
        style(Assets.leafletCss());
        style(Assets.text(Assets.CLUSTER + "MarkerCluster.css"));
        style(Assets.text(Assets.OWN + PAGE_CSS));
        b.append("</head>\n<body>\n<header><h1>")
                .append(HtmlText.escape(f.title()))
                .append("</h1>\n");
        b.append("<p class=\"sub\">Generated ")
                .append(HtmlText.escape(f.generated().toString()))
                .append(" by iptriage. Offline: this file loads nothing from the network")
                .append(options.tiles().isPresent() ? " except the map tiles the author chose." : ".")
                .append("</p></header>\n<main>\n");
        facts(f);
        b.append("<section id=\"map-section\"><h2>Map</h2><div id=\"map\"></div>");
        pointsNote();
        b.append("</section>\n");
        tops();
        tagsAndScanners();
        online();
        missing();
        rows();
        b.append("</main>\n");
        footer(f);
        json("report-data", ReportJson.of(data, options));
        json("world-data", HtmlText.scriptSafeJson(WorldOutlines.geoJson()));
        for (String s : scripts) {
            b.append("<script>").append(s).append("</script>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private String csp(List<String> scripts) {
        StringBuilder s = new StringBuilder("default-src 'none'; script-src");
        for (String script : scripts) {
            s.append(' ').append(Assets.cspHash(script));
        }
        s.append("; style-src 'unsafe-inline'; img-src data:");
        options.tiles().ifPresent(t -> s.append(' ').append(origin(t)));
        return s.append("; base-uri 'none'; form-action 'none'").toString();
    }

    /** The scheme and host of a tile URL template, for the policy ({@code {s}} subdomains allowed). */
    static String origin(String template) {
        URI u = URI.create(template.replace("{s}", "a")
                .replace("{z}", "0")
                .replace("{x}", "0")
                .replace("{y}", "0"));
        String host = template.contains("{s}.") ? "*." + u.getHost().substring(2) : u.getHost();
        return u.getScheme() + "://" + host + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }

    private void style(String css) {
        b.append("<style>").append(css.replace("</", "<\\/")).append("</style>\n");
    }

    private void json(String id, String json) {
        b.append("<script type=\"application/json\" id=\"")
                .append(id)
                .append("\">")
                .append(json)
                .append("</script>\n");
    }

    private void facts(RunFacts f) {
        b.append("<section id=\"facts\"><h2>Run</h2><table class=\"facts\">");
        factRow("Inputs", String.join(", ", f.inputs()));
        factRow("Input lines", number(f.lines()));
        factRow("Sightings (lines with an address)", number(data.sightings()));
        factRow("Distinct addresses", number(data.distinct()));
        // per input line (a row of an enrich -u output counts for its count): shares of their sum, which is the
        // sightings and the lines read as invalid, not of the lines of the file the report read
        long counted = f.statuses().values().stream().mapToLong(Long::longValue).sum();
        factRow("Lines counted by status", number(counted));
        for (Map.Entry<String, Long> e : f.statuses().entrySet()) {
            factRow("Status " + e.getKey(), number(e.getValue()) + share(e.getValue(), counted));
        }
        for (Map.Entry<String, Long> e : data.totals().entrySet()) {
            factRow(TOTAL_NAMES.getOrDefault(e.getKey(), e.getKey()), number(e.getValue()));
        }
        b.append("</table>");
        if (!f.databases().isEmpty()) {
            b.append("<h3>Databases</h3><table class=\"facts\"><tr><th>Type</th><th>File</th><th>Built</th></tr>");
            for (DatabaseFact d : f.databases()) {
                b.append("<tr><td>").append(HtmlText.escape(d.type())).append("</td><td>");
                b.append(HtmlText.escape(d.origin())).append("</td><td>");
                b.append(HtmlText.escape(d.built().toString())).append("</td></tr>");
            }
            b.append("</table>");
        }
        lists(f.lists());
        sent(f.sent());
        for (String note : f.notes()) {
            b.append("<p class=\"note\">").append(HtmlText.escape(note)).append("</p>");
        }
        b.append("</section>\n");
    }

    /** The lists the run tagged with (nothing when none). */
    private void lists(List<ListFact> lists) {
        if (lists.isEmpty()) {
            return;
        }
        boolean bad = lists.stream().anyMatch(l -> l.problems() > 0);
        b.append("<h3 id=\"lists\">Lists used</h3><table class=\"facts lists\"><tr><th>List</th><th>Date</th>");
        b.append("<th>Source</th><th>Licence</th><th>Entries</th>");
        b.append(bad ? "<th>Bad lines (skipped)</th>" : "").append("</tr>");
        for (ListFact l : lists) {
            b.append("<tr><th>").append(HtmlText.escape(l.name())).append("</th><td>");
            b.append(HtmlText.escape(l.date())).append("</td><td>");
            b.append(HtmlText.escape(l.source())).append("</td><td>");
            b.append(HtmlText.escape(l.licence())).append("</td>");
            numberCell(l.entries());
            if (bad) {
                numberCell(l.problems());
            }
            b.append("</tr>");
        }
        b.append("</table>");
    }

    /** What left the machine: one line per online source (nothing when none was asked). */
    private void sent(List<SentFact> sent) {
        if (sent.isEmpty()) {
            return;
        }
        Set<String> traffic = new LinkedHashSet<>();
        sent.forEach(st -> traffic.addAll(st.traffic().keySet()));
        b.append("<h3 id=\"sent\">Sent over the network</h3><p class=\"note\">What left this machine for the"
                + " online sources: each distinct public address sent once (at most), by the queries counted"
                + " here; those the cache answered were not sent, nor private and reserved addresses, nor network"
                + " lines.</p>"
                + "<table class=\"facts sent\"><tr><th>Source</th><th>Asked via</th>"
                + "<th>Addresses sent</th>");
        for (String t : traffic) {
            b.append("<th>").append(HtmlText.escape(capitalized(t))).append("</th>");
        }
        b.append("<th>Not sent</th><th>Answers reused for later repeats</th></tr>");
        for (SentFact st : sent) {
            b.append("<tr><th>").append(HtmlText.escape(st.source())).append("</th><td>");
            b.append(HtmlText.escape(st.destination())).append("</td>");
            numberCell(st.addresses());
            for (String t : traffic) {
                Long v = st.traffic().get(t);
                if (v == null) {
                    b.append("<td></td>");
                } else {
                    numberCell(v);
                }
            }
            // every address not sent, by its reason: kept back, skipped by the source, answered from the cache
            long notSent = st.notSentWhy().isEmpty()
                    ? st.notSent()
                    : st.notSentWhy().values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
            b.append("<td class=\"n\">").append(number(notSent));
            if (!st.notSentWhy().isEmpty()) {
                java.util.StringJoiner why = new java.util.StringJoiner(", ", " (", ")");
                st.notSentWhy().forEach((k, v) -> why.add(k + " " + number(v)));
                b.append(HtmlText.escape(why.toString()));
            }
            b.append("</td>");
            numberCell(st.reused());
            b.append("</tr>");
        }
        b.append("</table>");
    }

    private void numberCell(long n) {
        b.append("<td class=\"n\">").append(number(n)).append("</td>");
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private void factRow(String name, String value) {
        b.append("<tr><th>").append(HtmlText.escape(name)).append("</th><td>");
        b.append(HtmlText.escape(value)).append("</td></tr>");
    }

    private void pointsNote() {
        b.append("<p class=\"note\">").append(number(data.points().size())).append(" locations");
        if (data.pointsLeftOut() > 0) {
            b.append("; ").append(number(data.pointsLeftOut())).append(" sightings at less seen locations not drawn");
        }
        b.append(". Markers are grouped per 0.1\u00b0 cell; colors follow a log scale of sightings.</p>");
    }

    private void tops() {
        b.append("<section id=\"tops\"><h2>Top</h2><div class=\"tops\">");
        top("Countries", "Country", data.countries(), false);
        top("Autonomous systems", "ASN", data.asns(), true);
        top("Cities", "City", data.cities(), false);
        top("Networks", "Network", data.networks(), false);
        data.listings().ifPresent(this::listings);
        b.append("</div></section>\n");
    }

    /** The DNS blocklist listings: addresses listed anywhere, and the most common listings. */
    private void listings(Listings l) {
        b.append("<div class=\"top\" id=\"listings\"><h3>DNS blocklist listings</h3><p class=\"note\">");
        b.append(number(l.addresses())).append(" of ").append(number(data.distinct()));
        b.append(" distinct addresses").append(share(l.addresses(), data.distinct()));
        b.append(l.addresses() == 1 ? " is" : " are").append(" listed at least once, with ");
        b.append(sightings(l.sightings())).append(share(l.sightings(), data.sightings()));
        b.append('.');
        long unchecked = data.sources().stream()
                .filter(s -> s.columns().stream().anyMatch(c -> c.column().equals(ReportAggregator.LISTINGS)))
                .mapToLong(SourceSummary::failed)
                .sum();
        if (unchecked > 0) {
            b.append(' ').append(number(unchecked));
            b.append(unchecked == 1 ? " address" : " addresses");
            b.append(" could not be checked (servfail, refused, timeout or error: see Online sources).");
        }
        b.append("</p><table class=\"top\"><tr><th>Listing</th><th>Addresses</th><th>Share</th>");
        b.append("<th>Sightings</th></tr>");
        List<Tally> top = l.top();
        for (Tally t : top.subList(0, Math.min(top.size(), options.tableRows()))) {
            b.append("<tr><td>").append(HtmlText.escape(t.key())).append("</td>");
            numberCell(t.addresses());
            b.append("<td class=\"n\">")
                    .append(percent(t.addresses(), data.distinct()))
                    .append("</td>");
            numberCell(t.sightings());
            b.append("</tr>");
        }
        if (top.isEmpty()) {
            b.append("<tr><td colspan=\"4\">no address listed</td></tr>");
        }
        b.append("</table></div>");
    }

    /**
     * The lists and known scanners, when the rows have their columns: the top lists, bogon matches
     * apart, the top scanner organisations with the share of sightings from known scanners, and the
     * callout of known scanners that are listed too.
     */
    private void tagsAndScanners() {
        if (data.tags().isEmpty() && data.scanners().isEmpty()) {
            return;
        }
        b.append("<section id=\"tags\"><h2>Lists and scanners</h2><div class=\"tops\">");
        data.tags().ifPresent(this::tags);
        data.scanners().ifPresent(this::scanners);
        b.append("</div>");
        data.scanners()
                .filter(s -> data.tags().isPresent() || data.listings().isPresent())
                .ifPresent(this::listedScanners);
        b.append("</section>\n");
    }

    private void tags(Tags t) {
        b.append("<div class=\"top\" id=\"tags-top\"><h3>Lists</h3><p class=\"note\">");
        b.append(number(t.addresses())).append(" of ").append(number(data.distinct()));
        b.append(" distinct addresses").append(share(t.addresses(), data.distinct()));
        b.append(t.addresses() == 1 ? " is" : " are").append(" on at least one list, with ");
        b.append(sightings(t.sightings())).append(share(t.sightings(), data.sightings()));
        b.append(".</p><table class=\"top\"><tr><th>List</th><th>Kind</th><th>Addresses</th><th>Share</th>");
        b.append("<th>Sightings</th></tr>");
        List<Tally> top = t.top();
        for (Tally x : top.subList(0, Math.min(top.size(), options.tableRows()))) {
            b.append("<tr><td>").append(HtmlText.escape(x.key())).append("</td><td>");
            b.append(HtmlText.escape(x.label())).append("</td>");
            numberCell(x.addresses());
            b.append("<td class=\"n\">")
                    .append(percent(x.addresses(), data.distinct()))
                    .append("</td>");
            numberCell(x.sightings());
            b.append("</tr>");
        }
        if (top.isEmpty()) {
            b.append("<tr><td colspan=\"5\">no address on a list</td></tr>");
        }
        b.append("</table>");
        if (t.bogonAddresses() > 0) {
            b.append("<h3 id=\"bogons\">Bogon matches in public lists</h3><p class=\"note\">");
            b.append(number(t.bogonAddresses()));
            b.append(t.bogonAddresses() == 1 ? " private, reserved or bogon address" : " private, reserved or bogon");
            b.append(t.bogonAddresses() == 1 ? " is" : " addresses are");
            b.append(" in a public list (its broad ranges cover them), with ").append(sightings(t.bogonSightings()));
            b.append(": counted here, not above.</p>");
            b.append("<table class=\"top\"><tr><th>List</th><th>Addresses</th><th>Sightings</th></tr>");
            for (Tally x : t.bogons().subList(0, Math.min(t.bogons().size(), options.tableRows()))) {
                b.append("<tr><td>").append(HtmlText.escape(x.key())).append("</td>");
                numberCell(x.addresses());
                numberCell(x.sightings());
                b.append("</tr>");
            }
            b.append("</table>");
        }
        b.append("</div>");
    }

    private void scanners(Scanners s) {
        b.append("<div class=\"top\" id=\"scanners-top\"><h3>Known scanners</h3><p class=\"note\">");
        b.append(number(s.addresses())).append(" of ").append(number(data.distinct()));
        b.append(" distinct addresses").append(share(s.addresses(), data.distinct()));
        b.append(s.addresses() == 1 ? " is a known scanner" : " are known scanners");
        b.append(" (research scanners, crawlers, security vendors, monitoring), with ");
        b.append(sightings(s.sightings())).append(": ");
        b.append(percent(s.sightings(), data.sightings())).append(" of all sightings.</p>");
        b.append("<table class=\"top\"><tr><th>Organisation</th><th>Evidence</th><th>Sightings</th><th>Share</th>");
        b.append("<th>Addresses</th></tr>");
        List<Scanners.Organisation> top = s.top();
        for (Scanners.Organisation o : top.subList(0, Math.min(top.size(), options.tableRows()))) {
            b.append("<tr><td>").append(HtmlText.escape(o.name())).append("</td><td>");
            b.append(HtmlText.escape(String.join(", ", o.evidence()))).append("</td>");
            numberCell(o.sightings());
            b.append("<td class=\"n\">")
                    .append(percent(o.sightings(), data.sightings()))
                    .append("</td>");
            numberCell(o.addresses());
            b.append("</tr>");
        }
        if (top.isEmpty()) {
            b.append("<tr><td colspan=\"5\">no known scanner</td></tr>");
        }
        b.append("</table></div>");
    }

    /** The callout: known scanners that are listed too, the most seen first. */
    private void listedScanners(Scanners s) {
        b.append("<div class=\"callout\" id=\"listed-scanners\"><h3>Listed and known scanners</h3>");
        b.append("<p class=\"note\">");
        b.append(number(s.listedAddresses()));
        b.append(s.listedAddresses() == 1 ? " address is" : " addresses are");
        b.append(" both a known scanner and on a blocklist (a list that is not a warninglist, or a DNS");
        b.append(" blocklist). Such a listing often records the scanning itself: check before blocking or");
        b.append(" counting it as a threat.</p>");
        if (s.listed().isEmpty()) {
            b.append("</div>");
            return;
        }
        b.append("<table class=\"top\"><tr><th>Address</th><th>Organisation</th><th>Lists</th>");
        b.append("<th>Sightings</th></tr>");
        for (Scanners.ListedScanner l : s.listed()) {
            b.append("<tr><td>").append(HtmlText.escape(l.ip())).append("</td><td>");
            b.append(HtmlText.escape(l.organisation())).append("</td><td>");
            b.append(HtmlText.escape(String.join(", ", l.lists())));
            if (l.moreLists() > 0) {
                b.append(" and ").append(number(l.moreLists())).append(" more");
            }
            b.append("</td>");
            numberCell(l.sightings());
            b.append("</tr>");
        }
        long rest = s.listedAddresses() - s.listed().size();
        if (rest > 0) {
            b.append("<tr><td colspan=\"4\">and ").append(number(rest));
            b.append(rest == 1 ? " more address" : " more addresses").append("</td></tr>");
        }
        b.append("</table></div>");
    }

    /** Per online source, its answers over the distinct addresses, and how many have each column. */
    private void online() {
        List<SourceSummary> sources = data.sources();
        if (sources.isEmpty()) {
            return;
        }
        Set<String> statuses = new LinkedHashSet<>();
        for (String st : SourceSummary.STATUSES) {
            if (sources.stream().anyMatch(s -> s.statuses().containsKey(st))) {
                statuses.add(st);
            }
        }
        b.append("<section id=\"online\"><h2>Online sources</h2><p class=\"note\">Distinct addresses per answer"
                + " of each source. skipped: not asked (private and reserved addresses are never sent); failed:"
                + " servfail, refused, timeout and error.</p>");
        b.append("<table class=\"facts online\"><tr><th>Source</th><th>Addresses</th>");
        for (String st : statuses) {
            b.append("<th>").append(HtmlText.escape(st)).append("</th>");
        }
        b.append("<th>failed</th></tr>");
        for (SourceSummary s : sources) {
            b.append("<tr><th>").append(HtmlText.escape(s.source())).append("</th>");
            numberCell(s.addresses());
            for (String st : statuses) {
                numberCell(s.statuses().getOrDefault(st, 0L));
            }
            numberCell(s.failed());
            b.append("</tr>");
        }
        b.append("</table>");
        boolean yesNo = sources.stream().flatMap(s -> s.columns().stream()).anyMatch(SourceSummary.Filled::yesNo);
        if (sources.stream().anyMatch(s -> !s.columns().isEmpty())) {
            b.append("<h3>Values</h3><p class=\"note\">Distinct addresses with a value in each column of the sources,"
                    + " and their share of the source's addresses above.</p>");
            b.append("<table class=\"facts values\"><tr><th>Source</th><th>Column</th>");
            b.append("<th>Addresses with a value</th><th>Share</th>");
            b.append(yesNo ? "<th>true</th><th>false</th>" : "").append("</tr>");
            for (SourceSummary s : sources) {
                for (SourceSummary.Filled c : s.columns()) {
                    b.append("<tr><td>").append(HtmlText.escape(s.source())).append("</td><th>");
                    b.append(HtmlText.escape(c.column())).append("</th>");
                    numberCell(c.addresses());
                    b.append("<td class=\"n\">")
                            .append(percent(c.addresses(), s.addresses()))
                            .append("</td>");
                    if (yesNo && c.yesNo()) {
                        numberCell(c.trues());
                        numberCell(c.falses());
                    } else if (yesNo) {
                        b.append("<td></td><td></td>");
                    }
                    b.append("</tr>");
                }
            }
            b.append("</table>");
        }
        b.append("</section>\n");
    }

    private void top(String title, String keyName, List<Tally> tallies, boolean keyAndLabel) {
        b.append("<div class=\"top\"><h3>").append(title).append("</h3><table class=\"top\"><tr><th>");
        b.append(keyName).append("</th>").append(keyAndLabel ? "<th>Organization</th>" : "");
        b.append("<th>Sightings</th><th>Share</th><th>Addresses</th></tr>");
        for (Tally t : tallies.subList(0, Math.min(tallies.size(), options.tableRows()))) {
            b.append("<tr><td>")
                    .append(HtmlText.escape(keyAndLabel ? t.key() : t.label()))
                    .append("</td>");
            if (keyAndLabel) {
                b.append("<td>").append(HtmlText.escape(t.label())).append("</td>");
            }
            b.append("<td class=\"n\">").append(number(t.sightings())).append("</td><td class=\"n\">");
            b.append(percent(t.sightings(), data.sightings())).append("</td><td class=\"n\">");
            b.append(number(t.addresses())).append("</td></tr>");
        }
        if (tallies.isEmpty()) {
            b.append("<tr><td colspan=\"5\">none</td></tr>");
        }
        b.append("</table></div>");
    }

    private void missing() {
        b.append("<section id=\"missing\"><h2>Missing data</h2>");
        b.append("<p class=\"note\">Share of looked-up addresses (status ok or not_found) with no value.</p>");
        b.append("<table class=\"bars\">");
        for (Missing m : data.missing()) {
            b.append("<tr><th>").append(HtmlText.escape(m.column())).append("</th>");
            if (m.absent()) {
                b.append("<td colspan=\"2\" class=\"absent\">absent: the input has no such column</td></tr>");
                continue;
            }
            long pct = Math.round(m.share() * 100);
            b.append("<td><div class=\"bar\">");
            b.append("<span style=\"width:").append(pct).append("%\"></span></div></td><td class=\"n\">");
            b.append(percent(m.empty(), m.total())).append("</td></tr>");
        }
        b.append("</table></section>\n");
    }

    private void rows() {
        b.append("<section id=\"rows\"><h2>Addresses</h2><p class=\"note\">");
        if (options.tableOrder().isPresent()) {
            b.append(number(data.rows().size())).append(" of ").append(number(data.rowsTotal()));
            b.append(" distinct addresses, the first by ")
                    .append(HtmlText.escape(options.tableOrder().get()))
                    .append(". Click a column to sort.");
        } else {
            b.append(number(data.rows().size())).append(" most seen of ").append(number(data.rowsTotal()));
            b.append(" distinct addresses. Click a column to sort.");
        }
        if (data.rows().size() < data.rowsTotal()) {
            b.append(" All rows: ")
                    .append(HtmlText.escape(options.csvHint()
                            .orElse("iptriage enrich --unique --fields default,country_iso -o rows.csv")))
                    .append('.');
        }
        b.append("</p><input id=\"filter\" type=\"search\" placeholder=\"Filter rows\" aria-label=\"Filter rows\">");
        b.append("<table id=\"rows-table\" class=\"rows\"><thead></thead><tbody></tbody></table></section>\n");
    }

    private void footer(RunFacts f) {
        b.append("<footer><h2>Sources and attribution</h2><ul>");
        for (DatabaseFact d : f.databases()) {
            if (!d.attribution().isEmpty()) {
                b.append("<li>").append(HtmlText.escape(d.type())).append(": ");
                b.append(HtmlText.escape(d.attribution())).append("</li>");
            }
        }
        if (f.databases().stream().anyMatch(d -> d.attribution().contains("db-ip.com"))) {
            // the link DB-IP's CC BY 4.0 terms ask pages showing its data to carry (a link loads nothing)
            b.append("<li><a href=\"https://db-ip.com\" rel=\"noreferrer\">IP Geolocation by DB-IP</a></li>");
        }
        for (ListFact l : f.lists()) {
            if (!l.licence().isEmpty()) {
                b.append("<li>").append(HtmlText.escape(l.name())).append(": ");
                b.append(HtmlText.escape(l.licence())).append("</li>");
            }
        }
        b.append("<li>Country outlines: Natural Earth (public domain), via the world-atlas package.</li>");
        b.append("<li>Map: Leaflet (BSD-2-Clause), Leaflet.markercluster (MIT).</li>");
        b.append("<li>Marker colors: ColorBrewer YlOrRd.</li></ul></footer>\n");
    }

    /** {@code 1 sighting}, {@code 2 sightings}. */
    private static String sightings(long n) {
        return number(n) + (n == 1 ? " sighting" : " sightings");
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String percent(long part, long whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static String share(long part, long whole) {
        return whole <= 0 ? "" : " (" + percent(part, whole) + ")";
    }
}
