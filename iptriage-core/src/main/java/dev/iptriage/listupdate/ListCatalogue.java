package dev.iptriage.listupdate;

import dev.iptriage.lists.ListFormat;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The public lists {@code lists update} knows, with their URLs, terms, cadences and polling limits (facts from the
 * publishers' pages, as of 2026). The file name each is saved as decides its list name. Polling limits: Spamhaus asks
 * for DROP at most once an hour (more gets the address firewalled), so that is also its hard limit; abuse.ch
 * regenerates Feodo Tracker's files every 5 minutes; the others state no rule, and are asked at most once an hour
 * (Tor: every 30 minutes, its exit scanner runs every 40), with {@link #FLOOR} as the limit {@code --force} keeps.
 */
public final class ListCatalogue {
    /** The shortest interval between two requests of one list, even with {@code --force}, when the publisher states none. */
    public static final Duration FLOOR = Duration.ofMinutes(1);

    private static final String MISP = "https://raw.githubusercontent.com/MISP/misp-warninglists/main/lists/";
    private static final String MISP_TERMS = "MISP warninglists, CC0 1.0 (https://github.com/MISP/misp-warninglists)";
    private static final String OPENFILTERS =
            "https://raw.githubusercontent.com/OpenFilters/internet-scanners/main/cidr/";
    private static final String OPENFILTERS_TERMS =
            "OpenFilters internet-scanners, the Unlicense (public domain; https://github.com/OpenFilters/internet-scanners)";
    private static final String DROP_TERMS = "Spamhaus DROP: free to use; redistribution must name Spamhaus and keep"
            + " its copyright and timestamps; fetch at most once an hour (https://www.spamhaus.org/drop/)";

    private static final List<ListSource> ALL = build();

    private ListCatalogue() {}

    /** Every list, in the order {@code lists update} fetches them. */
    public static List<ListSource> all() {
        return ALL;
    }

    /**
     * The list named {@code name}: its list name ({@code feodo_ipblocklist}) or its file name ({@code
     * feodo_ipblocklist.csv}).
     */
    public static Optional<ListSource> find(String name) {
        return ALL.stream()
                .filter(s -> s.name().equals(name) || s.file().equals(name))
                .findFirst();
    }

    private static List<ListSource> build() {
        List<ListSource> l = new ArrayList<>();
        Duration hour = Duration.ofHours(1);
        Duration day = Duration.ofDays(1);
        Duration week = Duration.ofDays(7);
        l.add(new ListSource(
                "feodo_ipblocklist.csv",
                URI.create("https://feodotracker.abuse.ch/downloads/ipblocklist.csv"),
                "abuse.ch Feodo Tracker (botnet C2 servers; the file is regenerated every 5 minutes)",
                "CC0 1.0 (https://feodotracker.abuse.ch/blocklist/)",
                Duration.ofMinutes(30),
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                Set.of(ListFormat.FEODO_CSV)));
        l.add(new ListSource(
                "spamhaus_drop_v4.json",
                URI.create("https://www.spamhaus.org/drop/drop_v4.json"),
                "Spamhaus DROP, IPv4 (Don't Route Or Peer; EDROP was merged into it in 2024)",
                DROP_TERMS,
                day,
                hour,
                hour,
                Set.of(ListFormat.SPAMHAUS_DROP_JSONL)));
        l.add(new ListSource(
                "spamhaus_drop_v6.json",
                URI.create("https://www.spamhaus.org/drop/drop_v6.json"),
                "Spamhaus DROP, IPv6",
                DROP_TERMS,
                day,
                hour,
                hour,
                Set.of(ListFormat.SPAMHAUS_DROP_JSONL)));
        l.add(new ListSource(
                "tor_exit_nodes.txt",
                URI.create("https://check.torproject.org/torbulkexitlist"),
                "The Tor Project's exit addresses (exit scanner every 40 minutes; addresses kept 48 hours)",
                "Tor Project public data; no licence stated for the list",
                Duration.ofMinutes(40),
                Duration.ofMinutes(30),
                FLOOR,
                Set.of(ListFormat.PLAIN)));
        l.add(new ListSource(
                "firehol_level1.netset",
                URI.create("https://iplists.firehol.org/files/firehol_level1.netset"),
                "FireHOL level 1 (Feodo, DROP, DShield, full bogons incl. 10.0.0.0/8, ...)",
                "each included list keeps its own licence (see the file's header); FireHOL's tools are GPL-2.0",
                hour,
                hour,
                FLOOR,
                Set.of(ListFormat.FIREHOL_NETSET)));
        l.add(new ListSource(
                "et_compromised_ips.txt",
                URI.create("https://rules.emergingthreats.net/blockrules/compromised-ips.txt"),
                "Proofpoint Emerging Threats, compromised hosts",
                "Emerging Threats Open (Proofpoint); the ET Open ruleset is listed as MIT in OISF's index",
                Duration.ofHours(12),
                hour,
                FLOOR,
                Set.of(ListFormat.PLAIN)));
        for (String[] m : new String[][] {
            {"public-dns-v4", "public DNS resolvers, IPv4"},
            {"public-dns-v6", "public DNS resolvers, IPv6"},
            {"censys-scanning", "Censys scanning ranges"},
            {"shodan-scanning", "Shodan scanning addresses"}
        }) {
            l.add(new ListSource(
                    "misp_" + m[0] + ".json",
                    URI.create(MISP + m[0] + "/list.json"),
                    "MISP warninglist " + m[0] + " (" + m[1] + ")",
                    MISP_TERMS,
                    week,
                    hour,
                    FLOOR,
                    Set.of(ListFormat.MISP_WARNINGLIST)));
        }
        // OpenFilters publishes one file per organisation and address family: the named research scanners
        // that top the aggregated blocklists, and the two largest by size (BinaryEdge, Stretchoid)
        for (String org : new String[] {
            "censys_v4",
            "censys_v6",
            "shodan_v4",
            "shodan_v6",
            "shadowserver_v4",
            "shadowserver_v6",
            "binaryedge_v4",
            "strechoid_v4"
        }) {
            l.add(new ListSource(
                    "openfilters_" + org + ".txt",
                    URI.create(OPENFILTERS + org + ".txt"),
                    "OpenFilters internet-scanners, " + org.replace('_', ' '),
                    OPENFILTERS_TERMS,
                    week,
                    hour,
                    FLOOR,
                    Set.of(ListFormat.OPENFILTERS_CIDR, ListFormat.PLAIN)));
        }
        return List.copyOf(l);
    }
}
